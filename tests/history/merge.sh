#!/bin/sh
# merge.sh DIR - a side branch that edits a record, merged with --no-ff
# after the main line edited another record.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-1.md INC-1 open
record incidents/INC-2.md INC-2 open
commit "2024-06-01 10:00:00 +0000" -m "Open both"
g checkout -q -b side
record incidents/INC-1.md INC-1 side-edit
commit "2024-06-02 10:00:00 +0000" -m "Side edit"
record incidents/INC-1.md INC-1 side-two
commit "2024-06-03 10:00:00 +0000" -m "Side second"
g checkout -q main
record incidents/INC-2.md INC-2 main-edit
commit "2024-06-04 10:00:00 +0000" -m "Main edit"
GIT_AUTHOR_DATE="2024-06-05 10:00:00 +0000" \
    GIT_COMMITTER_DATE="2024-06-05 10:00:00 +0000" \
    g merge -q --no-ff -m "Merge side" side
