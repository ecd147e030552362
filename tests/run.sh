#!/bin/sh
# run.sh [SUITE...] - run the whole suite and end with one line
# "N passed, N failed".
#
# Unit tests of the plain build and of the ASan/UBSan build, then the
# golden tests with each binary, then each extra SUITE: a script that
# prints "PASS name" or "FAIL name" per test (the mk/*.mk files name them
# in CHECK_EXTRA). Failures are counted, never fatal, so one run shows
# everything that is broken.
#   ONLY=unit|golden   run one part
#   NO_ASAN=1          skip the sanitized build
set -u
cd "$(dirname "$0")/.."
export TZ=UTC LC_ALL=C.UTF-8
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# ASan's leak checker and UBSan stop on the first problem and say so.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

record() { # record NAME STATUS
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
	fi
}

builds="build/release"
[ "${NO_ASAN:-}" = 1 ] || builds="$builds build/asan"

if [ "${ONLY:-unit}" = unit ]; then
	for b in $builds; do
		for t in "$b"/tests/test_*; do
			[ -x "$t" ] || continue
			if "$t" >"$log" 2>&1; then
				record "$t" 0
			else
				record "$t" 1
				sed 's/^/    /' "$log" | tail -40
			fi
		done
	done
fi

if [ "${ONLY:-golden}" = golden ]; then
	bins="./aftermath"
	[ "${NO_ASAN:-}" = 1 ] || bins="$bins ./aftermath-asan"
	for bin in $bins; do
		sh tests/golden/run.sh "$bin" >"$log" 2>&1
		while read -r verdict name; do
			case $verdict in
			PASS) record "$name" 0 ;;
			FAIL) record "golden $name ($bin)" 1 ;;
			esac
		done <"$log"
		grep -v '^PASS ' "$log" | sed 's/^/    /' | head -200
	done
fi

if [ -z "${ONLY:-}" ]; then
	for suite in "$@"; do
		sh "$suite" >"$log" 2>&1
		status=$?
		n=0
		while read -r verdict name; do
			case $verdict in
			PASS) record "$name" 0; n=$((n + 1)) ;;
			FAIL) record "$suite: $name" 1; n=$((n + 1)) ;;
			esac
		done <"$log"
		# a suite that dies before reporting anything is a failure too
		if [ "$n" = 0 ] || { [ "$status" != 0 ] && ! grep -q '^FAIL ' "$log"; }; then
			record "$suite (exit $status)" 1
		fi
		grep -v '^PASS ' "$log" | sed 's/^/    /' | head -100
	done
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
