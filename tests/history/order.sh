#!/bin/sh
# order.sh DIR - names that sort differently as files and as directories
# in a git tree ("a-b/" < "a.md" < "a/" < "a0.md"), added so that one side
# of a tree comparison has "a/" and the other "a.md" next to it; and hidden
# entries, which are no records.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/a-b/b.md B open
record incidents/a/c.md C open
record incidents/a0.md D open
text incidents/notes.txt "notes"
commit "2024-01-01 10:00:00 +0000" -m "Add three"
record incidents/a.md A open
record incidents/a/c.md C closed
record incidents/a-b/b.md B closed
text incidents/notes.txt "more notes"
commit "2024-01-02 10:00:00 +0000" -m "Add a, edit c and b"
record incidents/a.md A closed
commit "2024-01-03 10:00:00 +0000" -m "Edit a"
record incidents/.hidden/x.md X open
record incidents/.y.md Y open
commit "2024-01-04 10:00:00 +0000" -m "Hidden files"
