#!/bin/sh
# step_amend.sh DIR - rewrite the last commit of linear.sh so that it
# closes INC-1 and leaves INC-2 as it was.
. "$(dirname "$0")/lib.sh"
record incidents/2024/INC-1.md INC-1 closed
record incidents/2024/INC-2.md INC-2 open
g add -A
GIT_AUTHOR_DATE="2024-03-06 08:00:00 +0000" \
    GIT_COMMITTER_DATE="2024-03-06 08:00:00 +0000" \
    g commit -q --amend -m "Close INC-1 only"
