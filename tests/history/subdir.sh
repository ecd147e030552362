#!/bin/sh
# subdir.sh DIR - the archive lives in DIR/site, not at the top of the
# work tree; one record edited but not committed.
. "$(dirname "$0")/lib.sh"
g init -q .
record site/incidents/INC-1.md INC-1 open
record incidents/INC-1.md OTHER open
commit "2024-11-01 10:00:00 +0000" -m "Open"
record site/incidents/INC-1.md INC-1 closed
commit "2024-11-02 10:00:00 +0000" -m "Close"
record site/incidents/INC-2.md INC-2 open
