# A history with fixed dates: a base of three records, then a commit that
# changes one, adds one (reusing an old id), renames one and deletes one,
# and uncommitted work: an edited record and an untracked new one.
set -e
export GIT_AUTHOR_DATE=2025-06-01T10:00:00Z GIT_COMMITTER_DATE=2025-06-01T10:00:00Z
g() { git -c user.name=Tester -c user.email=tester@example.com \
    -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

rec() { # rec FILE ID TITLE [SECTION-TITLE]
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<EOR
---
id: $2
title: $3
severity: SEV4
status: investigating
started: 2025-05-01T10:00:00Z
---

## ${4:-Summary}

$3.
EOR
}

g init -q
rec incidents/a-unchanged.md 2025-001 "Unchanged but broken" Notes
rec incidents/b-edited.md 2025-002 "Edited later"
rec incidents/c-renamed.md 2025-003 "Renamed later"
rec incidents/d-deleted.md 2025-004 "Deleted later"
rec incidents/e-staged.md 2025-005 "Staged later"
echo "not a record" >notes.md
g add -A
g commit -q -m "base"
g tag base

export GIT_AUTHOR_DATE=2025-06-02T10:00:00Z GIT_COMMITTER_DATE=2025-06-02T10:00:00Z
rec incidents/b-edited.md 2025-002 "Edited later" Notes
rec incidents/f-added.md 2025-001 "Added with an old id"
mkdir -p incidents/2025
git mv incidents/c-renamed.md incidents/2025/c-renamed.md
git rm -q incidents/d-deleted.md
echo "changed outside incidents" >notes.md
g add -A
g commit -q -m "change, add, rename, delete"

# uncommitted: staged and untracked changes count too
rec incidents/e-staged.md 2025-005 "Staged later" Notes
git add incidents/e-staged.md
rec incidents/g-untracked.md 2025-007 "Untracked" Notes
mkdir -p incidents/.drafts
rec incidents/.drafts/h-hidden.md 2025-008 "Hidden draft" Notes
