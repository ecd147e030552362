#!/usr/bin/env python3
"""gen-corpus.py - make a git repository of N incident records with the
history an archive of that size has after years of use.

    python3 bench/gen-corpus.py N DIR

Every incident gets, in time order and interleaved with its neighbours:
  - a commit that declares it (status investigating),
  - two updates during the incident (identified, then recovered),
  - a fix commit in a service directory with an "Incident: ID" trailer,
  - the post-incident review five days later (status closed, all sections,
    an action-item table),
  - a follow-up weeks later that closes the action items,
  - three unrelated commits in other directories of the monorepo,
so nine commits per incident: 2,000 records make 18,000 commits and
10,000 make 90,000. Records are sharded by year (incidents/YYYY/...).
Output is deterministic: the same N gives the same commit ids.

The history is fed to git fast-import and repacked, as a clone would be.
"""
import os
import random
import subprocess
import sys

SERVICES = ["checkout", "payments-api", "orders-db", "search", "inventory",
            "auth", "cdn", "notifications", "web-frontend", "shipping",
            "pricing", "recommendations", "reviews", "catalog", "images",
            "gateway", "billing", "loyalty", "fraud", "warehouse"]
PEOPLE = ["Ana Lima", "Bo Chen", "Dee Patel", "Eli Novak", "Fay Okafor",
          "Gus Meyer", "Hana Sato", "Ivo Petrov", "Jo Park", "Kai Berg",
          "Lea Roth", "Max Weber", "Nia Obi", "Oli Stone", "Pia Lund",
          "Raj Iyer", "Sam Cole", "Tea Kovac", "Uma Rao", "Vic Hale",
          "Wen Zhao", "Xia Lin", "Yan Ruiz", "Zoe Hart"]
WORDS = ("latency errors timeouts queue backlog replica failover deploy "
         "config certificate cache eviction partition throttling retries "
         "connection pool memory leak disk pressure dns rollout canary "
         "schema migration index lock contention saturation").split()
FIRST_YEAR = 2015
YEARS = 12
DAY = 86400


def sentence(rng, n=14):
    w = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(w)).capitalize() + "."


def paragraph(rng, lines=3):
    return "\n".join(sentence(rng) for _ in range(lines)) + "\n"


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def hm(t):
    import time
    return time.strftime("%H:%M", time.gmtime(t))


def day(t):
    import time
    return time.strftime("%Y-%m-%d", time.gmtime(t))


class Incident:
    def __init__(self, rng, iid, path, start):
        self.id, self.path, self.start = iid, path, start
        self.sev = "SEV%d" % rng.choice([1, 2, 2, 3, 3, 3, 4, 4])
        self.services = rng.sample(SERVICES, rng.choice([1, 1, 2, 3]))
        self.title = "%s %s in %s" % (rng.choice(WORDS).capitalize(),
                                     rng.choice(WORDS), self.services[0])
        self.people = rng.sample(PEOPLE, 4)
        self.rng = random.Random(rng.random())
        self.summary = paragraph(self.rng, 2)
        self.impact = paragraph(self.rng, 3)
        self.factors = ["- " + sentence(self.rng) for _ in range(4)]
        self.tl = [(start + k * 900 + self.rng.randrange(600),
                    sentence(self.rng, 9)) for k in range(10)]
        self.detection = paragraph(self.rng, 2)
        self.resolution = paragraph(self.rng, 2)
        self.notes = [sentence(self.rng) for _ in range(5)]
        self.actions = [(sentence(self.rng, 7)[:-1], rng.choice(PEOPLE),
                         rng.choice(["prevent", "detect", "mitigate"]),
                         "P%d" % rng.randint(1, 3),
                         "OPS-%d" % rng.randint(100, 9999))
                        for _ in range(rng.randint(3, 5))]

    def version(self, stage):
        """The record text after stage 0 (declared) .. 4 (follow-up)."""
        s, p = self.start, self.people
        status = ["investigating", "identified", "recovered", "closed",
                  "closed"][stage]
        fm = ["---", 'id: "%s"' % self.id, "title: %s" % self.title,
              "severity: %s" % self.sev, "status: %s" % status,
              "type: unplanned",
              "services: [%s]" % ", ".join(self.services),
              "tags: [%s]" % ", ".join(self.services[:1] + ["bench"]),
              "roles:", "  commander: %s" % p[0]]
        if stage >= 1:
            fm += ["  investigator: [%s, %s]" % (p[1], p[2]),
                   "  scribe: %s" % p[3]]
        fm += ["links:",
               "  chat: https://chat.example.com/archives/inc-%s" % self.id,
               "started: %s" % iso(s), "detected: %s" % iso(s + 240)]
        if stage >= 1:
            fm += ["acknowledged: %s" % iso(s + 420),
                   "identified: %s" % iso(s + 1800)]
        if stage >= 2:
            fm += ["mitigated: %s" % iso(s + 5400),
                   "recovered: %s" % iso(s + 9000)]
        if stage >= 4:
            fm += ["resolved: %s" % iso(s + 30 * DAY)]
        if stage >= 3:
            fm += ["reviewed: %s" % day(s + 5 * DAY),
                   "customer_impact: true",
                   "responder_hours: %d" % (3 + len(self.id) % 9)]
        fm.append("---")
        body = ["", "## Summary", "", self.summary]
        if stage >= 1:
            body += ["## Impact", "", self.impact]
        if stage >= 3:
            body += ["## Detection", "", self.detection,
                     "## Contributing factors", ""] + self.factors + [""]
        ntl = [2, 6, 10, 10, 10][stage]
        body += ["## Timeline", ""]
        for k, (t, text) in enumerate(self.tl[:ntl]):
            when = "%s %s UTC" % (day(t), hm(t)) if k == 0 else hm(t)
            body.append("- %s — %s" % (when, text))
        body.append("")
        if stage >= 3:
            nt = ["- " + x for x in self.notes]
            body += ["## Resolution", "", self.resolution,
                     "## What went well", ""] + nt[0:2] + ["",
                     "## What went wrong", ""] + nt[2:4] + ["",
                     "## Where we got lucky", ""] + nt[4:5] + ["",
                     "## Action items", "",
                     "| Action | Owner | Type | Priority | Ticket | Due | Status |",
                     "|---|---|---|---|---|---|---|"]
            for k, (a, o, ty, pr, tk) in enumerate(self.actions):
                done = stage >= 4 or k == 0
                body.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                    a, o, ty, pr, tk, day(s + 30 * DAY),
                    "done" if done else "open"))
            body.append("")
        return "\n".join(fm + body)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-corpus.py N DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(n)
    t0 = 1420070400                      # 2015-01-01
    span = YEARS * 365 * DAY
    events = []                          # (time, seq, kind, payload)
    seq = 0
    per_year = {}
    for i in range(n):
        start = t0 + (span * i) // n + rng.randrange(3600)
        year = int(day(start)[:4])
        per_year[year] = per_year.get(year, 0) + 1
        iid = "%d-%04d" % (year, per_year[year])
        inc = Incident(rng, iid, "", start)
        inc.path = "incidents/%d/%s-%s.md" % (
            year, iid, inc.title.lower().replace(" ", "-"))
        for stage, dt in ((0, 300), (1, 2400), (2, 9600), (3, 5 * DAY),
                          (4, 30 * DAY + rng.randrange(DAY))):
            events.append((start + dt, seq, "record", (inc, stage)))
            seq += 1
        events.append((start + DAY + rng.randrange(DAY), seq, "fix", inc))
        seq += 1
        for _ in range(3):
            events.append((t0 + rng.randrange(span), seq, "other", None))
            seq += 1
    events.sort()

    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE)
    w = fi.stdin

    def data(b):
        w.write(b"data %d\n" % len(b))
        w.write(b)
        w.write(b"\n")

    config = (b"title: Bench archive\ntimezone: UTC\n")
    for k, (t, _, kind, payload) in enumerate(events):
        who = PEOPLE[k % len(PEOPLE)]
        mail = who.split()[0].lower() + "@example.com"
        files = []
        if kind == "record":
            inc, stage = payload
            msg = ["Declare %s: %s" % (inc.id, inc.title),
                   "%s: cause identified" % inc.id,
                   "%s: recovered, monitoring" % inc.id,
                   "%s: post-incident review" % inc.id,
                   "%s: action items done" % inc.id][stage]
            files.append((inc.path, inc.version(stage).encode()))
        elif kind == "fix":
            inc = payload
            svc = inc.services[0]
            msg = "%s: guard against %s\n\nIncident: %s" % (
                svc, rng.choice(WORDS), inc.id)
            files.append(("services/%s/src/fix_%s.go" % (svc, inc.id),
                          b"package main\n// %s\n" % inc.id.encode()))
        else:
            svc = rng.choice(SERVICES)
            f = rng.randrange(40)
            msg = "%s: %s" % (svc, sentence(rng, 6)[:-1].lower())
            top = rng.choice(["services/%s/src" % svc, "services/%s/test" % svc,
                              "docs/%s" % svc, "deploy/%s" % svc])
            files.append(("%s/file%02d.txt" % (top, f),
                          ("%s\n" % sentence(rng, 10)).encode()))
        if k == 0:
            files.append(("aftermath.yaml", config))
        w.write(b"commit refs/heads/main\n")
        w.write(("author %s <%s> %d +0000\n" % (who, mail, t)).encode())
        w.write(("committer %s <%s> %d +0000\n" % (who, mail, t)).encode())
        data((msg + "\n").encode())
        for path, content in files:
            w.write(("M 100644 inline %s\n" % path).encode())
            data(content)
        w.write(b"\n")
    w.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", out, "repack", "-adq"], check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"],
                   check=True)
    print("%s: %d records, %d commits" % (out, n, len(events)))


if __name__ == "__main__":
    main()
