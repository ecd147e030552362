#!/bin/sh
# threads.sh - a build reads and checks records, makes summaries,
# related incidents, timelines and incident pages on two threads: the
# site and the messages must be byte for byte what a single thread makes,
# and ThreadSanitizer must find no data race in any of those stages.
#
# Needs python3 (for bench/gen-corpus.py) and taskset; a second
# processor for the two-thread half (skipped, with a note, without one).
. tests/hostile/lib.sh

TSAN=$TOP/build/tsan/aftermath
repo=$WORK/repo

# an archive of 100 records with nine commits each: more than every
# stage's share for a second thread (the largest is 64)
if ! python3 "$TOP/bench/gen-corpus.py" 100 "$repo" >"$WORK/gen.log" 2>&1; then
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
elif [ "$(find "$WORK/two/incidents" -name '*.html' | wc -l)" -ne 100 ]; then
	fail threads-same-site "expected 100 incident pages"
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

# records that cannot be read, a duplicate id and findings: the same
# messages in the same order, the same exit status and site (-k)
cp -R "$repo" "$WORK/bad"
printf -- '---\ntitle: [unclosed\n---\n\nbody\n' >"$WORK/bad/incidents/2015/aa-broken.md"
sed 's/^title: .*/title: twin/' "$(find "$WORK/bad/incidents" -name '*.md' |
    sort | sed -n 5p)" >"$WORK/bad/incidents/2016/zz-twin.md"
printf -- '---\ntitle: t\nstarted: 2020-01-01T10:00\n---\n' \
    >"$WORK/bad/incidents/2017/bb-no-zone.md"
for t in 0 0-1; do
	# one output path, so that the messages may be compared
	taskset -c $t "$AM" -C "$WORK/bad" build -k -o "$WORK/bad-site" \
	    >"$WORK/bad-$t.out" 2>"$WORK/bad-$t.err"
	echo $? >>"$WORK/bad-$t.err"
	mv "$WORK/bad-site" "$WORK/bad-$t"
	taskset -c $t "$AM" -C "$WORK/bad" check >>"$WORK/bad-$t.out" 2>&1
	echo $? >>"$WORK/bad-$t.out"
done
if ! grep -q 'aa-broken.md' "$WORK/bad-0.err" ||
    ! grep -q 'duplicate-id' "$WORK/bad-0.err"; then
	fail threads-findings "the broken records were not reported" \
	    "$(cat "$WORK/bad-0.err")"
elif ! cmp -s "$WORK/bad-0.err" "$WORK/bad-0-1.err" ||
    ! cmp -s "$WORK/bad-0.out" "$WORK/bad-0-1.out"; then
	fail threads-findings "messages differ" \
	    "$(diff "$WORK/bad-0.err" "$WORK/bad-0-1.err" |
	    head -10)" "$(diff "$WORK/bad-0.out" "$WORK/bad-0-1.out" |
	    head -10)"
elif ! diff -r "$WORK/bad-0" "$WORK/bad-0-1" >"$WORK/diff" 2>&1; then
	fail threads-findings "the site differs" "$(head -20 "$WORK/diff")"
else
	# and the reading of broken records races with nothing
	TSAN_OPTIONS="halt_on_error=1:exitcode=66" taskset -c 0-1 "$TSAN" \
	    -C "$WORK/bad" build -k -o "$WORK/bad-site" >"$WORK/out" \
	    2>"$WORK/err"
	rc=$?
	if [ $rc -eq 66 ] || grep -q ThreadSanitizer "$WORK/err"; then
		fail threads-findings "ThreadSanitizer (exit $rc)" \
		    "$(grep -A12 WARNING "$WORK/err")"
	else
		pass threads-findings
	fi
fi
