#!/bin/sh
# golden/run.sh [--update] AFTERMATH [NAME...] - the golden end-to-end tests
# (all of them, or the ones named).
#
# Each directory tests/golden/NAME/ holds:
#   input/        the repository to run in (copied), or
#   make-repo.sh  a script that makes it in the directory given as $1,
#                 with fixed author and committer dates
#   cmd           shell commands run there; $AFTERMATH is the binary and
#                 $TESTDIR the test directory
#   expected/     stdout, stderr, status and any site/ the commands left
# Prints "PASS NAME" or "FAIL NAME" and a diff for each test.
set -u
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
only=" $* "
here=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1
export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent

for t in "$here"/*/; do
	t=${t%/}
	name=$(basename "$t")
	[ -f "$t/cmd" ] || continue
	[ "$only" = "  " ] || case $only in *" $name "*) ;; *) continue ;; esac
	work=$(mktemp -d)
	mkdir "$work/repo" "$work/actual"
	if [ -f "$t/make-repo.sh" ]; then
		(cd "$work/repo" && sh "$t/make-repo.sh" "$work/repo") \
		    >"$work/setup.log" 2>&1 || {
			echo "FAIL $name"
			sed 's/^/  setup: /' "$work/setup.log"
			rm -rf "$work"
			continue
		}
	elif [ -d "$t/input" ]; then
		cp -R "$t/input/." "$work/repo/"
	fi
	(cd "$work/repo" && AFTERMATH=$bin TESTDIR=$t sh "$t/cmd") \
	    >"$work/actual/stdout" 2>"$work/actual/stderr"
	echo $? >"$work/actual/status"
	# paths of temporary directories must not leak into expectations
	sed -i "s#$work#WORK#g" "$work/actual/stdout" "$work/actual/stderr"
	if [ -d "$work/repo/site" ]; then
		cp -R "$work/repo/site" "$work/actual/site"
	fi
	if [ $update = 1 ]; then
		rm -rf "$t/expected"
		cp -R "$work/actual" "$t/expected"
		echo "PASS $name (updated)"
	elif diff -ru "$t/expected" "$work/actual" >"$work/diff" 2>&1; then
		echo "PASS $name"
	else
		echo "FAIL $name"
		head -80 "$work/diff"
	fi
	rm -rf "$work"
done
