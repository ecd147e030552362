#!/bin/sh
# step_rename.sh DIR - on top of linear.sh, move INC-1 to the archive.
. "$(dirname "$0")/lib.sh"
mkdir -p incidents/archive
g mv incidents/2024/INC-1.md incidents/archive/INC-1.md
commit "2024-03-08 08:00:00 +0000" -m "Archive"
