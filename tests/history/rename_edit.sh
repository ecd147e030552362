#!/bin/sh
# rename_edit.sh DIR - renames whose content changes in the same commit:
# one small edit (most lines equal, same id), one rewrite that keeps the
# "id:" line, one renumbering (new id, most lines equal); and an unrelated
# deletion and addition that must not pair.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-6.md INC-6 open
record incidents/INC-7.md INC-7 open
record incidents/draft.md DRAFT open
text incidents/old.md "---" "id: OLD" "---" "alpha" "beta" "gamma" "delta"
commit "2024-05-01 10:00:00 +0000" -m "Open"
mkdir -p incidents/2024
g mv incidents/INC-6.md incidents/2024/INC-6.md
record incidents/2024/INC-6.md INC-6 resolved
g mv incidents/INC-7.md incidents/2024/INC-7.md
text incidents/2024/INC-7.md "---" "id: INC-7" "---" "one" "two" "three" \
    "four" "five" "six" "seven" "eight" "nine" "ten" "eleven" "twelve"
g mv incidents/draft.md incidents/2024/INC-8.md
sed 's/DRAFT/INC-8/' incidents/2024/INC-8.md >incidents/tmp && \
    mv incidents/tmp incidents/2024/INC-8.md
g rm -q incidents/old.md
text incidents/new.md "---" "id: NEW" "---" "red" "green" "blue" "yellow"
commit "2024-05-02 10:00:00 +0000" -m "Move and edit"
