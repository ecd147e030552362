# One incident written as it happened, as in metrics-history: the front
# matter never gets mitigated, recovered or resolved, so those come from
# the history; a related commit names it in a trailer; a second record
# cannot be read.
#   10:30 declared (investigating, commander Ana)
#   11:00 status monitoring  -> mitigated 11:00 (derived)
#   11:20 related commit with "Incident: 2025-010"
#   12:00 status recovered   -> recovered 12:00 (derived)
set -e
g() { git -c user.name=Tester -c user.email=tester@example.com \
    -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
at() { export GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; }

rec() { # rec STATUS
	cat >incidents/2025-010.md <<EOR
---
id: "2025-010"
title: API errors after a config push
severity: SEV2
status: $1
services: [api]
roles:
  commander: Ana Lima
  investigator: [Bo Chen, Dee Patel]
started: 2025-12-29T10:00:00Z
detected: 2025-12-29T10:05:00Z
---

## Summary

A config push turned on a feature flag that the API servers could not
parse, and about one request in five failed with a 500 until the push
was rolled back.

## Timeline

- 2025-12-29 10:00 UTC — Config push 481 reaches the API servers
- 10:05 — Error-rate alert pages the on-call engineer

## Action items

| Action | Owner | Ticket | Due | Status |
|---|---|---|---|---|
| Validate flags before a push | Bo | OPS-1 | 2025-12-30 | open |
| Alert on config parse errors | | OPS-2 | 2026-01-30 | open |
EOR
}

g init -q
mkdir incidents
at 2025-12-29T10:30:00Z
rec investigating
g add -A
g commit -q -m "Declare 2025-010"
at 2025-12-29T11:00:00Z
rec monitoring
g commit -qam "2025-010: rolled back, monitoring"
at 2025-12-29T11:20:00Z
echo "flags: strict" >config.yaml
g add config.yaml
g commit -q -m "config: parse flags strictly" -m "Incident: 2025-010"
at 2025-12-29T12:00:00Z
rec recovered
g commit -qam "2025-010: recovered"
printf -- '---\ntitle: [Broken\n---\n' >incidents/2025-011.md
g add -A
g commit -q -m "Declare 2025-011"
