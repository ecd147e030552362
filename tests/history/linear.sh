#!/bin/sh
# linear.sh DIR - two records opened and updated in a straight line, a
# commit that touches no record, and one that touches both.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/2024/INC-1.md INC-1 open
commit "2024-03-01 10:00:00 +0100" -m "Open INC-1"
record incidents/2024/INC-2.md INC-2 open
commit "2024-03-02 11:00:00 +0100" -m "Open INC-2"
text README "An archive."
commit "2024-03-03 12:00:00 +0100" -m "Add a readme"
record incidents/2024/INC-1.md INC-1 mitigated
AUTHOR="Bob Builder" EMAIL=bob@example.com \
    commit "2024-03-04 09:30:00 -0500" -m "Mitigated"
record incidents/2024/INC-1.md INC-1 resolved
record incidents/2024/INC-2.md INC-2 resolved
commit "2024-03-05 08:00:00 +0000" -m "Resolve both"
