#!/bin/sh
# derived.sh DIR - records whose history does or does not say when a
# lifecycle phase began (#16): one imported already closed, one that
# jumps from investigating straight to closed, one whose status commit is
# dated before the incident started, one whose history was rewritten so
# that a later commit carries an earlier date, one whose action items
# arrive already done, one whose items are closed in a later commit.
. "$(dirname "$0")/lib.sh"
g init -q .

# rec PATH ID STATUS [EXTRA-FRONT-MATTER] [ITEM-STATUS]: a small record;
# with ITEM-STATUS it has an action-item table of one item in that status.
rec() {
	mkdir -p "$(dirname "$1")"
	{
		printf -- '---\nid: %s\ntitle: Incident %s\nseverity: SEV3\n' "$2" "$2"
		printf 'status: %s\nstarted: 2024-05-01T12:00:00Z\n' "$3"
		printf 'detected: 2024-05-01T12:05:00Z\n%b---\n\n## Summary\n\nIt broke.\n' "${4:-}"
		if [ -n "${5:-}" ]; then
			printf '\n## Action items\n\n| Action | Owner | Ticket | Due | Status |\n'
			printf '|---|---|---|---|---|\n| Add an alert | Ann | OPS-1 | 2024-06-01 | %s |\n' "$5"
		fi
	} >"$1"
}

# imported after the fact: born closed, recovered written, items done
rec incidents/IMP-1.md IMP-1 closed 'recovered: 2024-05-01T14:00:00Z\n' done
commit "2024-07-16 10:00:00 +0000" -m "Import IMP-1 from the wiki"

# straight from investigating to closed
rec incidents/JMP-1.md JMP-1 investigating
commit "2024-05-01 12:10:00 +0000" -m "Declare JMP-1"
rec incidents/JMP-1.md JMP-1 closed '' open
commit "2024-05-01 15:00:00 +0000" -m "Close JMP-1"
rec incidents/JMP-1.md JMP-1 closed '' done
commit "2024-05-20 09:00:00 +0000" -m "JMP-1: alert added"

# edited out of order: the monitoring commit is dated before started
rec incidents/ORD-1.md ORD-1 investigating
commit "2024-04-30 10:00:00 +0000" -m "Declare ORD-1 (clock wrong)"
rec incidents/ORD-1.md ORD-1 monitoring
commit "2024-04-30 11:00:00 +0000" -m "ORD-1 monitoring"

# rewritten history: the second commit keeps an author date older than
# the first's, as an amend or a rebase leaves it
rec incidents/AMD-1.md AMD-1 investigating
commit "2024-05-01 13:00:00 +0000" -m "Declare AMD-1"
rec incidents/AMD-1.md AMD-1 identified
commit "2024-05-01 12:30:00 +0000" -m "AMD-1 identified"

# action items added already done: no resolved from that commit
rec incidents/DON-1.md DON-1 investigating
commit "2024-05-01 12:20:00 +0000" -m "Declare DON-1"
rec incidents/DON-1.md DON-1 closed 'recovered: 2024-05-01T13:00:00Z\n' done
commit "2024-05-03 09:00:00 +0000" -m "DON-1 review, items done"
