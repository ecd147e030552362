#!/bin/sh
# An incident's life in git: declared, escalated, handed over, recovered,
# reviewed, moved to the right year, a follow-up closed weeks later; fix
# and revert commits elsewhere name it in trailers; a side branch is
# merged. Fixed dates and identities throughout.
. "$(dirname "$0")/../../history/lib.sh"
g init -q .

write() { # write PATH STATUS SEVERITY COMMANDER [EXTRA-FRONT-MATTER] [BODY]
	mkdir -p "$(dirname "$1")"
	{
		printf -- '---\nid: INC-1\ntitle: Checkout errors after the payments deploy\n'
		printf 'severity: %s\nstatus: %s\nservices: [checkout, payments-api]\n' "$3" "$2"
		printf 'roles:\n  commander: %s\nstarted: 2025-03-14T09:02:00Z\n' "$4"
		printf 'detected: 2025-03-14T09:06:00Z\n%b---\n\n## Summary\n\nCard payments failed.\n\n' "${5:-}"
		printf '## Timeline\n\n- 2025-03-14 09:02 UTC — payments-api 4.2 rolls out\n- 09:06 — error-rate alert pages the on-call engineer\n%b' "${6:-}"
	} >"$1"
}

AUTHOR="Ana Lima" EMAIL=ana@example.com
write incidents/2024/inc-1.md investigating SEV2 "Ana Lima"
commit "2025-03-14 09:12:00 +0100" -m "Declare INC-1: checkout errors"

AUTHOR="Ana Lima" EMAIL=ana@old.example.com
write incidents/2024/inc-1.md identified SEV1 "Ana Lima" \
    'identified: 2025-03-14T09:40:00Z\n'
commit "2025-03-14 10:45:00 +0100" -m "INC-1: escalate to SEV1, bad deploy identified"

text ops/payments-api/deploy.yaml "version: 4.1"
AUTHOR="Bo Chen" EMAIL=bo@example.com
commit "2025-03-14 10:50:00 +0100" -m "Roll back payments-api to 4.1" \
    -m "Incident: INC-1"

write incidents/2024/inc-1.md recovered SEV1 "Bo Chen" \
    'identified: 2025-03-14T09:40:00Z\nrecovered: 2025-03-14T10:31:00Z\n'
commit "2025-03-14 11:40:00 +0100" -m "INC-1: Bo takes command; recovered"

# the review, on a side branch merged back
g checkout -q -b pir
AUTHOR="Dee Patel" EMAIL=dee@example.com
write incidents/2024/inc-1.md closed SEV1 "Bo Chen" \
    'identified: 2025-03-14T09:40:00Z\nrecovered: 2025-03-14T10:31:00Z\nreviewed: 2025-03-18\n' \
    '\n## Action items\n\n| Action | Owner | Ticket | Due | Status |\n|---|---|---|---|---|\n| Canary payments deploys | Bo Chen | OPS-7 | 2025-04-01 | open |\n'
commit "2025-03-18 15:00:00 +0100" -m "INC-1: post-incident review"
g checkout -q main
GIT_AUTHOR_DATE="2025-03-18 16:00:00 +0100" GIT_COMMITTER_DATE="2025-03-18 16:00:00 +0100" \
    g merge -q --no-ff -m "Merge the INC-1 review" pir

AUTHOR="Ana Lima" EMAIL=ana@example.com
mkdir -p incidents/2025
g mv incidents/2024/inc-1.md incidents/2025/inc-1.md
commit "2025-03-19 09:00:00 +0100" -m "Move INC-1 to its year"

AUTHOR="Bo Chen" EMAIL=bo@example.com
write incidents/2025/inc-1.md closed SEV1 "Bo Chen" \
    'identified: 2025-03-14T09:40:00Z\nrecovered: 2025-03-14T10:31:00Z\nreviewed: 2025-03-18\n' \
    '\n## Action items\n\n| Action | Owner | Ticket | Due | Status |\n|---|---|---|---|---|\n| Canary payments deploys | Bo Chen | OPS-7 | 2025-04-01 | done |\n'
commit "2025-04-02 10:00:00 +0200" -m "INC-1: canary deploys live"

text .mailmap "Ana Lima <ana@example.com> <ana@old.example.com>"
commit "2025-04-03 10:00:00 +0200" -m "mailmap"
