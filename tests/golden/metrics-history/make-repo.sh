# One incident written as it happened: the front matter never gets
# mitigated, recovered or resolved, so those come from the history:
#   10:30 declared (investigating, two open action items)
#   11:00 status monitoring  -> mitigated 11:00 (derived)
#   12:00 status recovered   -> recovered 12:00 (derived)
#   04-14 "Add alert" done
#   04-21 "Fix bug" done     -> resolved 04-21 09:00 (derived: all done)
set -e
g() { git -c user.name=Tester -c user.email=tester@example.com \
    -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
at() { export GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; }

rec() { # rec STATUS ALERT-STATUS BUG-STATUS [REVIEWED]
	cat >incidents/2025-010.md <<EOR
---
id: 2025-010
title: API errors after a config push
severity: SEV2
status: $1
services: [api]
started: 2025-04-07T10:00:00Z
detected: 2025-04-07T10:05:00Z
${4:+reviewed: $4}
---

## Summary

A config push broke the API.

## Action items

| Action | Owner | Type | Priority | Due | Status |
|---|---|---|---|---|---|
| Add alert | Ana | detect | P1 | 2025-04-30 | $2 |
| Fix bug | Bo | prevent | P2 | 2025-05-30 | $3 |
EOR
}

g init -q
mkdir incidents
cat >aftermath.yaml <<'EOY'
title: Golden metrics with history
pir_due_days: 5
update_cadence: 20m
services:
  api:
    rto: 1h
EOY
at 2025-04-07T10:30:00Z
rec investigating open open
g add -A
g commit -q -m "Declare 2025-010"
at 2025-04-07T11:00:00Z
rec monitoring open open
g commit -qam "2025-010: rolled back, monitoring"
at 2025-04-07T12:00:00Z
rec recovered open open
g commit -qam "2025-010: recovered"
at 2025-04-09T15:00:00Z
rec recovered open open 2025-04-09
g commit -qam "2025-010: review held"
at 2025-04-14T09:00:00Z
rec closed done open 2025-04-09
g commit -qam "2025-010: alert added"
at 2025-04-21T09:00:00Z
rec closed done done 2025-04-09
g commit -qam "2025-010: bug fixed"
