#!/usr/bin/env python3
"""run.py - time Aftermath against Hugo, git log and cmark-gfm on generated
archives, side by side in one run, and check the targets of
docs/performance.md.

    python3 bench/run.py [--sizes "2000 10000"] [--runs 3] [--dir DIR]
                         [--aftermath ./aftermath] [--strict]

For each size the corpus (bench/gen-corpus.py) is made once under DIR and
kept while the generator is unchanged. Times are hyperfine medians; peak
RSS is one more run of each command under /usr/bin/time. Prints one table
per size, the target ratios, and the growth from the smallest to the
largest size. With --strict the exit status is 1 when a target is missed.
"""
import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen-corpus.py")
HUGO = os.path.join(HERE, "hugo")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def gen_stamp():
    with open(GEN, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def corpus(work, n):
    """The corpus of n records under work, made when missing or stale."""
    path = os.path.join(work, "corpus-%d" % n)
    stamp = os.path.join(work, "corpus-%d.stamp" % n)
    want = gen_stamp()
    if os.path.isdir(path) and os.path.exists(stamp) and \
            open(stamp).read() == want:
        return path
    shutil.rmtree(path, ignore_errors=True)
    print("making the corpus of %d records in %s ..." % (n, path),
          flush=True)
    subprocess.run([sys.executable, GEN, str(n), path], check=True)
    with open(stamp, "w") as f:
        f.write(want)
    return path


def hyperfine(work, name, cmd, runs, prepare=None, warmup=0):
    """Median wall time in seconds of cmd, and its user+sys CPU time."""
    out = os.path.join(work, "hyperfine.json")
    args = ["hyperfine", "--style", "none", "--runs", str(runs),
            "--warmup", str(warmup), "--export-json", out, "-n", name]
    if prepare:
        args += ["--prepare", prepare]
    args.append(cmd)
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        r = json.load(f)["results"][0]
    return r["median"], r["user"] + r["system"]


def peak_rss(cmd, prepare=None):
    """Peak resident set of one run of cmd, in MiB."""
    if prepare:
        sh(prepare)
    res = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c",
                          cmd + " >/dev/null"],
                         check=True, stderr=subprocess.PIPE, text=True)
    return int(res.stderr.strip().splitlines()[-1]) / 1024.0


def snapshot(site):
    """path -> (inode, mtime_ns, sha1) of every file of the site."""
    snap = {}
    for root, _, files in os.walk(site):
        for name in files:
            p = os.path.join(root, name)
            st = os.lstat(p)
            with open(p, "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            snap[os.path.relpath(p, site)] = (st.st_ino, st.st_mtime_ns,
                                              digest)
    return snap


def compare(before, after):
    """(rewritten, content changed) paths between two snapshots."""
    keys = set(before) | set(after)
    rewritten = sorted(k for k in keys if before.get(k, (None,) * 3)[:2] !=
                       after.get(k, (None,) * 3)[:2])
    changed = sorted(k for k in keys if before.get(k, (None,) * 3)[2] !=
                     after.get(k, (None,) * 3)[2])
    return rewritten, changed


def one_commit(work, src, am):
    """Build a copy of the corpus, commit one change to one record, build
    again: the pages rewritten and changed, and the record's page."""
    inc = os.path.join(work, "incremental")
    site = os.path.join(work, "incremental-site")
    shutil.rmtree(inc, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    sh("cp -a %s %s" % (shlex.quote(src), shlex.quote(inc)))
    build = "%s -q -C %s build -o %s" % (am, shlex.quote(inc),
                                          shlex.quote(site))
    sh(build)
    before = snapshot(site)
    records = sorted(p for p in subprocess.run(
        ["git", "-C", inc, "ls-files", "incidents"], check=True,
        capture_output=True, text=True).stdout.split() if p.endswith(".md"))
    rec = records[len(records) // 2]
    with open(os.path.join(inc, rec), "a") as f:
        f.write("\n## Appendix\n\nA note added after the review.\n")
    sh("git -C %s commit -q -a -m 'Add an appendix' "
       "--author 'Bench <bench@example.com>'" % shlex.quote(inc))
    sh(build)
    after = snapshot(site)
    # the generator writes the id as the first key of the front matter
    with open(os.path.join(inc, rec)) as f:
        rid = f.read().split("\n")[1].split(":", 1)[1].strip().strip('"')
    shutil.rmtree(inc, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return compare(before, after) + ("incidents/%s.html" % rid,)


def verdict(ok):
    return "met" if ok else "MISSED"


def bench_size(args, n):
    work = os.path.join(args.dir, "run-%d" % n)
    os.makedirs(work, exist_ok=True)
    src = corpus(args.dir, n)
    ncommits = int(subprocess.run(
        ["git", "-C", src, "rev-list", "--count", "HEAD"], check=True,
        capture_output=True, text=True).stdout)
    am = shlex.quote(os.path.abspath(args.aftermath))
    q = shlex.quote
    site = os.path.join(work, "site")
    hout = os.path.join(work, "hugo-public")
    hcache = os.path.join(work, "hugo-cache")
    cold_prep = "rm -rf %s %s" % (q(os.path.join(src, ".aftermath")),
                                  q(site))
    build = "%s -q -C %s build -o %s" % (am, q(src), q(site))
    hugo = ("hugo --quiet -s %s --config %s --layoutDir %s -d %s "
            "--cacheDir %s" % (q(src), q(os.path.join(HUGO, "config.toml")),
                               q(os.path.join(HUGO, "layouts")), q(hout),
                               q(hcache)))
    hugo_prep = "rm -rf %s %s %s" % (q(hout), q(hcache),
                                     q(os.path.join(src, "resources")))
    gitlog = "git -C %s log --name-only -- incidents" % q(src)
    cmark = ("find %s -name '*.md' -print0 | xargs -0 cmark-gfm -e table "
             "-e strikethrough -e autolink -e tasklist" %
             q(os.path.join(src, "incidents")))
    rows = [
        ("aftermath build (cold, no cache)", build, cold_prep, 0),
        ("aftermath build (no-op)", build, None, 1),
        ("hugo --quiet, enableGitInfo", hugo, hugo_prep, 0),
        ("git log --name-only -- incidents", gitlog, None, 1),
        ("cmark-gfm, all records", cmark, None, 1),
    ]
    res = {}
    for name, cmd, prep, warm in rows:
        print("  timing %s ..." % name, flush=True)
        t, cpu = hyperfine(work, name, cmd, args.runs, prep, warm)
        # the no-op case needs a built site and cache: the warmup made them
        rss = peak_rss(cmd, prep)
        res[name] = (t, cpu, rss)
    # the no-op build once more, watched file by file
    sh(build)
    before = snapshot(site)
    sh(build)
    noop_rewritten, noop_changed = compare(before, snapshot(site))
    inc_rewritten, inc_changed, page = one_commit(work, src, am)

    cold, _, cold_rss = res[rows[0][0]]
    noop = res[rows[1][0]][0]
    hugo_t, _, hugo_rss = res[rows[2][0]]
    bound = res[rows[3][0]][0] + res[rows[4][0]][0]
    outside = [p for p in inc_changed if p != page and
               p.startswith("incidents/")]
    inc_rw_outside = [p for p in inc_rewritten if p != page and
                      p.startswith("incidents/")]
    targets = [
        ("cold build / hugo", cold / hugo_t, "<= 0.40",
         cold / hugo_t <= 0.40),
        ("cold build / (git log + cmark-gfm)", cold / bound, "<= 1.25",
         cold / bound <= 1.25),
        ("peak RSS cold build / hugo", cold_rss / hugo_rss, "<= 0.10",
         cold_rss / hugo_rss <= 0.10),
        ("no-op build / cold build", noop / cold, "<= 0.10",
         noop / cold <= 0.10),
        ("files the no-op build rewrote", len(noop_rewritten), "== 0",
         not noop_rewritten),
        ("incident pages changed by a commit to one (other than its own)",
         len(outside), "== 0", not outside),
        ("incident pages rewritten by that commit (other than its own)",
         len(inc_rw_outside), "== 0", not inc_rw_outside),
    ]
    print()
    print("%d records, %d commits (%s)" % (n, ncommits, src))
    print("  %-36s %10s %10s %12s" % ("", "median s", "CPU s", "peak RSS"))
    for name, *_ in rows:
        t, cpu, rss = res[name]
        print("  %-36s %10.3f %10.3f %8.1f MiB" % (name, t, cpu, rss))
    print("  %-36s %10.3f" % ("lower bound: git log + cmark-gfm", bound))
    print("  targets:")
    for name, val, want, ok in targets:
        fmt = "%10.2f" if isinstance(val, float) else "%10d"
        print("    %-62s " % name + fmt % val + "  %-8s %s" %
              (want, verdict(ok)))
    print("  the commit to one record changed %d files: %s" % (
        len(inc_changed), ", ".join(inc_changed[:8]) +
        (" ..." if len(inc_changed) > 8 else "")))
    print(flush=True)
    return cold, all(ok for *_, ok in targets)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000 10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "aftermath-bench"))
    ap.add_argument("--aftermath", default="./aftermath")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split()]
    os.makedirs(args.dir, exist_ok=True)
    print("aftermath bench: %s cores, sizes %s, %d runs each; %s" % (
        os.cpu_count(), " ".join(map(str, sizes)), args.runs,
        subprocess.run(["hugo", "version"], capture_output=True,
                       text=True).stdout.split()[1]), flush=True)
    colds, ok = {}, True
    for n in sizes:
        colds[n], size_ok = bench_size(args, n)
        ok = ok and size_ok
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        growth = colds[hi] / colds[lo]
        limit = 5.5 * (hi / lo) / 5
        good = growth <= limit
        ok = ok and good
        print("growth: cold build %d / %d records = %.2f  (<= %.2f) %s" % (
            hi, lo, growth, limit, verdict(good)))
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
