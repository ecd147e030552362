#!/bin/sh
# valgrind.sh [--full] - the release binary under valgrind (memcheck, leak
# check) on a representative build and check: the golden test
# build-basic's repository, and the hostile repository of xss.sh. make
# check runs these two; make fuzz adds --full: every golden test input.
# (make check also runs every golden test with ./aftermath-asan, whose
# LeakSanitizer reports any leak.)
. tests/hostile/lib.sh

if ! command -v valgrind >/dev/null 2>&1; then
	fail "valgrind installed" "run make deps"
	exit 0
fi
vg() { # vg NAME DIR ARGS...
	name=$1 dir=$2
	shift 2
	timed 300 valgrind -q --error-exitcode=97 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    "$AM" -C "$dir" -q "$@"
	if [ "$rc" = 97 ] || [ "$rc" -ge 124 ]; then
		fail "valgrind $name" "exit $rc" "$(head -30 "$WORK/err")"
	else
		pass "valgrind $name"
	fi
}

repos=build-basic
[ "${1:-}" = --full ] && repos=$(cd tests/golden && for t in */input; do
	dirname "$t"; done)
for g in $repos; do
	rm -rf "${WORK:?}/$g"
	cp -R "tests/golden/$g/input" "$WORK/$g"
	vg "$g build" "$WORK/$g" build -o "$WORK/$g/site"
	vg "$g check" "$WORK/$g" check
done
if sh tests/hostile/xss-repo.sh "$WORK/xss" >/dev/null 2>&1; then
	vg "hostile build" "$WORK/xss" build -o "$WORK/xss/site"
	vg "hostile timeline" "$WORK/xss" timeline 2024-001
else
	fail "valgrind hostile repository" "xss-repo.sh failed"
fi
