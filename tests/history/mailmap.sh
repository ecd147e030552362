#!/bin/sh
# mailmap.sh DIR - one person committing under two addresses and names,
# joined by .mailmap, and someone it does not mention.
. "$(dirname "$0")/lib.sh"
g init -q .
text .mailmap "Ann Example <ann@example.com> <ann@old.example>" \
    "Ann Example <ann@example.com> A. Example <ann.e@corp.example>"
record incidents/INC-1.md INC-1 open
AUTHOR=ann EMAIL=ann@old.example commit "2024-08-01 10:00:00 +0000" -m "Open"
record incidents/INC-1.md INC-1 mitigated
AUTHOR="A. Example" EMAIL=ann.e@corp.example \
    commit "2024-08-02 10:00:00 +0000" -m "Mitigate"
record incidents/INC-1.md INC-1 closed
AUTHOR=Carol EMAIL=carol@example.com \
    commit "2024-08-03 10:00:00 +0000" -m "Close"
