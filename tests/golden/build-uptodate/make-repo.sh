# Two records in a git repository, for build-uptodate: what makes a
# build do real work, and what lets it do none.
set -e
g() { git -c user.name=Tester -c user.email=tester@example.com \
    -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
at() { export GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; }

rec() { # rec ID TITLE
	cat >"incidents/$1.md" <<EOR
---
id: "$1"
title: $2
severity: SEV3
status: closed
services: [api]
roles:
  commander: Ana Lima
started: 2025-12-01T10:00:00Z
detected: 2025-12-01T10:05:00Z
recovered: 2025-12-01T11:00:00Z
---

## Summary

The API answered slowly for an hour.

## Timeline

- 2025-12-01 10:00 UTC — Latency rises
- 11:00 — Latency back to normal
EOR
}

g init -q
mkdir incidents
printf 'title: Up to date\n' >aftermath.yaml
rec 2025-001 "Slow API"
rec 2025-002 "Slow API again"
at 2025-12-01T12:00:00Z
g add -A
g commit -q -m "Two incidents"
