#!/bin/sh
# readd.sh DIR - a record deleted and added again at the same path.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-3.md INC-3 open
commit "2024-04-01 10:00:00 +0000" -m "Open INC-3"
g rm -q incidents/INC-3.md
commit "2024-04-02 10:00:00 +0000" -m "Remove INC-3"
record incidents/INC-3.md INC-3 reopened
commit "2024-04-03 10:00:00 +0000" -m "Restore INC-3"
record incidents/INC-3.md INC-3 closed
commit "2024-04-04 10:00:00 +0000" -m "Close INC-3"
