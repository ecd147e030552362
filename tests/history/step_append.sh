#!/bin/sh
# step_append.sh DIR - one more commit on top of linear.sh.
. "$(dirname "$0")/lib.sh"
record incidents/2024/INC-2.md INC-2 reopened
commit "2024-03-07 08:00:00 +0000" -m "Reopen"
