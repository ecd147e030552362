#!/bin/sh
# rename_dir.sh DIR - a record moved to another directory and edited after.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/2024/INC-5.md INC-5 open
commit "2024-02-01 10:00:00 +0000" -m "Open"
record incidents/2024/INC-5.md INC-5 mitigated
commit "2024-02-02 10:00:00 +0000" -m "Mitigate"
mkdir -p incidents/archive
g mv incidents/2024/INC-5.md incidents/archive/INC-5.md
commit "2024-02-03 10:00:00 +0000" -m "Archive"
record incidents/archive/INC-5.md INC-5 closed
commit "2024-02-04 10:00:00 +0000" -m "Close"
