#!/bin/sh
# dirty.sh DIR - committed records, then one edited, one edited and
# staged, and one new and untracked.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-1.md INC-1 open
record incidents/INC-2.md INC-2 open
record incidents/INC-4.md INC-4 open
commit "2024-10-01 10:00:00 +0000" -m "Open"
record incidents/INC-1.md INC-1 edited
record incidents/INC-4.md INC-4 staged
g add incidents/INC-4.md
record incidents/new/INC-3.md INC-3 open
