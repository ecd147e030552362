#!/bin/sh
# sarif/run.sh - the SARIF suite of make check: aftermath check --format
# sarif on the repositories of the golden check cases, the sample archive,
# the XSS repository and a record whose file name needs percent-encoding;
# validate.mjs checks each log against the SARIF 2.1.0 schema and against
# --format json of the same check. Prints "PASS name" or "FAIL name" per
# case and exits 1 when one failed. Needs ./aftermath (never compiled
# here) and Node.js; the packages are those of tests/browser.
set -u
cd "$(dirname "$0")/../.." || exit 1
export TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1
export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent
top=$(pwd)
am=$top/aftermath
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! sh tests/browser/npm-ci.sh >"$tmp/npm" 2>&1; then
	echo "FAIL npm ci in tests/browser"
	sed 's/^/    /' "$tmp/npm" | tail -20
	exit 1
fi

# check NAME DIR [OPTION...]: the SARIF log and the JSON document of
# aftermath check in DIR, for validate.mjs; an exit status other than 0
# or 1 (findings) fails the case there, as its output is no log.
n=0
check() {
	name=$1 dir=$2
	shift 2
	n=$((n + 1))
	for f in sarif json; do
		(cd "$dir" && "$am" check --format $f "$@") >"$tmp/$n.$f" 2>"$tmp/$n.err"
		[ $? -le 1 ] || echo "exit status $? ($(head -1 "$tmp/$n.err"))" >"$tmp/$n.$f"
	done
	printf '%s\t%s\t%s\n' "$name" "$tmp/$n.sarif" "$tmp/$n.json" >>"$tmp/cases"
}

check check-text tests/golden/check-text/input
check check-config tests/golden/check-config/input
check check-strict tests/golden/check-strict/input --strict
mkdir "$tmp/changed"
if (cd "$tmp/changed" && sh "$top/tests/golden/check-changed-since/make-repo.sh" "$tmp/changed") >"$tmp/setup" 2>&1; then
	check check-changed-since "$tmp/changed" --changed-since base
else
	echo "FAIL sarif check-changed-since (make-repo.sh)"
	sed 's/^/    /' "$tmp/setup" | tail -5
fi
SOURCE_DATE_EPOCH=1795608000 check "sample archive" .
if sh tests/hostile/xss-repo.sh "$tmp/xss" >"$tmp/setup" 2>&1; then
	check "xss repository" "$tmp/xss"
else
	echo "FAIL sarif xss repository (xss-repo.sh)"
	sed 's/^/    /' "$tmp/setup" | tail -5
fi
# a file name with a space, '%', '#' and a non-ASCII letter
mkdir -p "$tmp/names/incidents/2025"
cp tests/golden/check-text/input/incidents/2025/2025-003-search-slow.md \
    "$tmp/names/incidents/2025/2025-003 search #1 100% lent é.md"
check "file name encoding" "$tmp/names"

node tests/sarif/validate.mjs "$tmp/cases"
