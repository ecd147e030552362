#!/usr/bin/env python3
"""walk.py AFTERMATH REPO... - every derived time of every record of each
repository, checked against git itself (#16): a derived time respects the
lifecycle order with the record's own times and the other derived ones,
and comes from a commit that changed an earlier version of the record
(never from the commit that added it: a record born closed derives
nothing). Builds each repository's site into a scratch directory and
reads incidents.json. Prints one line per repository and a FAIL line per
problem; exits 1 on any.
"""
import json
import os
import subprocess
import sys
import tempfile

ORDER = ["started", "detected", "acknowledged", "identified", "mitigated",
         "recovered", "resolved"]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), check=True,
                          capture_output=True, text=True).stdout


def walk(aftermath, repo):
    bad = 0
    seen = 0
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([aftermath, "-C", repo, "build", "-k", "--force",
                        "-o", out], capture_output=True)
        with open(os.path.join(out, "incidents.json")) as f:
            data = json.load(f)
    top = git(repo, "rev-parse", "--show-toplevel").strip()
    for inc in data["incidents"]:
        der = inc.get("derived_times") or {}
        known = {}
        for p in ORDER:
            t = (inc.get("times") or {}).get(p)
            if t:
                known[p] = t["epoch"]
            elif p in der:
                known[p] = der[p]["epoch"]
        last = None
        for p in ORDER:
            if p not in known:
                continue
            if last is not None and known[p] < known[last] and \
                    (p in der or last in der):
                print("FAIL %s %s: %s derived out of order with %s" %
                      (repo, inc["id"], p if p in der else last, last))
                bad += 1
            last = p
        path = os.path.relpath(os.path.join(repo, inc["path"]), top)
        for p, t in der.items():
            seen += 1
            c = t.get("commit")
            added = git(top, "log", "--format=%H", "--diff-filter=A",
                        "--", path).split()
            if c is None or c in added:
                print("FAIL %s %s: %s derived from the commit that added "
                      "the record (%s)" % (repo, inc["id"], p, c))
                bad += 1
    print("%s %s: %d records, %d derived times" %
          ("FAIL" if bad else "PASS", repo, len(data["incidents"]), seen))
    return bad


def main():
    aftermath = os.path.abspath(sys.argv[1])
    bad = sum(walk(aftermath, r) for r in sys.argv[2:])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
