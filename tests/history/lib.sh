# lib.sh - sourced by every scenario script: a fixed identity, fixed dates,
# no system or user git configuration, and helpers to write records and
# commit them. The repository is made (or changed) in $1.
set -eu
# a git hook or a CI job may have pointed git elsewhere
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C TZ=UTC
repo=$1
mkdir -p "$repo"
cd "$repo"

# git with a fixed identity; AUTHOR and EMAIL change it for one call.
g() {
	git -c user.name="${AUTHOR:-Ann Example}" \
	    -c user.email="${EMAIL:-ann@example.com}" \
	    -c init.defaultBranch=main -c core.autocrlf=false \
	    -c commit.gpgsign=false "$@"
}

# commit DATE [git commit options]: commit every change, dated DATE.
commit() {
	d=$1
	shift
	g add -A
	GIT_AUTHOR_DATE="$d" GIT_COMMITTER_DATE="$d" \
	    g commit -q --allow-empty "$@"
}

# record PATH ID STATUS: write a small record.
record() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<END
---
id: $2
title: Incident $2
status: $3
---
## Summary
Something broke in $2.
## Timeline
- detected
- mitigated
- recovered
## Follow-ups
- add an alert
- write the review
END
}

# text PATH LINE...: write a file with these lines.
text() {
	f=$1
	shift
	mkdir -p "$(dirname "$f")"
	printf '%s\n' "$@" >"$f"
}
