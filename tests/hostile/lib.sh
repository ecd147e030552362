# lib.sh - shared by the tests/hostile/*.sh suites (sourced, not run).
#
# Each suite prints "PASS name" or "FAIL name" per test, with details
# indented under a failure, and exits 0 even when tests fail: tests/run.sh
# counts the lines. Run from the top of the source tree, after make and
# make asan.
set -u
export TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1
export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}

TOP=$(pwd)
AM=$TOP/aftermath
AMA=$TOP/aftermath-asan
HERE=$TOP/tests/hostile
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-hostile.XXXXXX")
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

pass() { echo "PASS $1"; }
fail() { # fail NAME [DETAIL...]
	echo "FAIL $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/    /' | head -20
	done
}

# newrepo DIR: an empty repository directory with incidents/.
newrepo() {
	rm -rf "$1"
	mkdir -p "$1/incidents"
}

# record FILE [FRONT]: write a record with title t (and the FRONT lines)
# around the body read from standard input.
record() {
	{
		printf -- '---\ntitle: t\n'
		[ $# -gt 1 ] && printf '%s\n' "$2"
		printf -- '---\n\n'
		cat
	} >"$1"
}

# gen AWKPROG: print what the awk BEGIN block prints.
gen() {
	awk "BEGIN { $1 }"
}

# timed SECONDS CMD...: run CMD with a limit of SECONDS of CPU time (so
# that a busy machine does not fail the test) and ten times that of wall
# time (for a wait that uses no CPU); $rc is its status, 124 or more when
# it ran out of time or crashed; stdout and stderr go to $WORK/out and
# $WORK/err.
timed() {
	t=$1
	shift
	(ulimit -t "$t" && exec timeout -k 1 "$((t * 10))" "$@") \
	    >"$WORK/out" 2>"$WORK/err"
	rc=$?
}

# crashed: true when $rc says the last command crashed, hung or a
# sanitizer stopped it (ASan and UBSan exit 99 here).
crashed() {
	[ "$rc" -ge 124 ] || [ "$rc" = 99 ]
}
