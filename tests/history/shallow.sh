#!/bin/sh
# shallow.sh DIR [DEPTH] - a clone of depth DEPTH (default 1) of a record
# opened and updated twice; the origin is DIR.origin.
. "$(dirname "$0")/lib.sh"
origin=$repo.origin
mkdir -p "$origin"
cd "$origin"
g init -q .
record incidents/INC-1.md INC-1 open
commit "2024-09-01 10:00:00 +0000" -m "Open"
record incidents/INC-1.md INC-1 mitigated
commit "2024-09-02 10:00:00 +0000" -m "Mitigate"
record incidents/INC-1.md INC-1 closed
commit "2024-09-03 10:00:00 +0000" -m "Close INC-1"
cd "$repo"
g clone -q --depth "${2:-1}" "file://$origin" .
