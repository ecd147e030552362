#!/bin/sh
# threads.sh - a build renders timelines and incident pages on two
# threads: the site must be byte for byte the one a single thread makes,
# and ThreadSanitizer must find no data race in either stage.
#
# Needs python3 (for bench/gen-corpus.py) and taskset; a second
# processor for the two-thread half (skipped, with a note, without one).
. tests/hostile/lib.sh

TSAN=$TOP/build/tsan/aftermath
repo=$WORK/repo

# an archive of 60 records with nine commits each: enough pages and
# timelines for the second thread to take some of each
if ! python3 "$TOP/bench/gen-corpus.py" 60 "$repo" >"$WORK/gen.log" 2>&1; then
	fail threads-corpus "$(cat "$WORK/gen.log")"
	exit 0
fi

if [ "$(taskset -c 0-1 nproc 2>/dev/null)" != 2 ]; then
	echo "note: threads.sh needs two processors; skipped"
	exit 0
fi

# one thread (the process may run on one processor only) and two
taskset -c 0 "$AM" -q -C "$repo" build -o "$WORK/one" \
    >"$WORK/out" 2>"$WORK/err"
rc1=$?
taskset -c 0-1 "$AM" -q -C "$repo" build -o "$WORK/two" \
    >>"$WORK/out" 2>>"$WORK/err"
rc2=$?
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then
	fail threads-build "exit $rc1 and $rc2" "$(cat "$WORK/err")"
elif ! diff -r "$WORK/one" "$WORK/two" >"$WORK/diff" 2>&1; then
	fail threads-same-site "$(head -20 "$WORK/diff")"
elif [ "$(find "$WORK/two/incidents" -name '*.html' | wc -l)" -ne 60 ]; then
	fail threads-same-site "expected 60 incident pages"
else
	pass threads-same-site
fi

# the same build under ThreadSanitizer (built here: make check does not
# otherwise need it), with no history cache so the walk runs too
if ! make --no-print-directory -s B=build/tsan \
    CFLAGS="-O1 -g -fsanitize=thread" LDSAN="-fsanitize=thread" bin \
    >"$WORK/make.log" 2>&1; then
	fail threads-tsan "cannot build with -fsanitize=thread" \
	    "$(tail -20 "$WORK/make.log")"
	exit 0
fi
rm -rf "$repo/.aftermath"
TSAN_OPTIONS="halt_on_error=1:exitcode=66" taskset -c 0-1 "$TSAN" -q \
    -C "$repo" build -o "$WORK/tsan" >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -ne 0 ]; then
	fail threads-tsan "exit $rc" "$(grep -A12 'WARNING' "$WORK/err" ||
	    cat "$WORK/err")"
elif ! diff -r "$WORK/one" "$WORK/tsan" >"$WORK/diff" 2>&1; then
	fail threads-tsan "the site differs" "$(head -20 "$WORK/diff")"
else
	pass threads-tsan
fi

# a public edition redacts names on the same threads
taskset -c 0 "$AM" -q -C "$repo" build --public -o "$WORK/one-public" \
    >"$WORK/out" 2>"$WORK/err"
rc1=$?
TSAN_OPTIONS="halt_on_error=1:exitcode=66" taskset -c 0-1 "$TSAN" -q \
    -C "$repo" build --public -o "$WORK/tsan-public" >>"$WORK/out" \
    2>"$WORK/err"
rc=$?
if [ $rc1 -ne 0 ] || [ $rc -ne 0 ]; then
	fail threads-tsan-public "exit $rc1 and $rc" "$(grep -A12 'WARNING' \
	    "$WORK/err" || cat "$WORK/err")"
elif ! diff -r "$WORK/one-public" "$WORK/tsan-public" >"$WORK/diff" 2>&1
then
	fail threads-tsan-public "the site differs" "$(head -20 "$WORK/diff")"
else
	pass threads-tsan-public
fi
