#!/bin/sh
# smoke.sh - a short run of each libFuzzer target, for make check.
#
# Builds the targets (make fuzz-bins), then runs each over its seed corpus
# (tests/fuzz/corpus/NAME) and fuzzes it for FUZZ_SMOKE_TIME seconds
# (default 5) in a scratch copy of the corpus. Prints "PASS fuzz-NAME" or
# "FAIL fuzz-NAME" with the crash report. Longer runs: make fuzz.
set -u
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
time=${FUZZ_SMOKE_TIME:-5}
targets=${FUZZ_TARGETS:-escape frontmatter markdown record template}
work=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! make --no-print-directory fuzz-bins >"$work/build.log" 2>&1; then
	for t in $targets; do
		echo "FAIL fuzz-$t"
	done
	echo "    make fuzz-bins failed:"
	tail -20 "$work/build.log" | sed 's/^/    /'
	exit 0
fi
for t in $targets; do
	mkdir -p "$work/$t" "$work/art-$t"
	cp tests/fuzz/corpus/"$t"/* "$work/$t/" 2>/dev/null
	# the template target is seeded with the default templates themselves
	[ "$t" = template ] && cp templates/*.html "$work/$t/"
	if build/fuzz/fuzz_"$t" -max_total_time="$time" -timeout=2 \
	    -rss_limit_mb=2048 -dict=tests/fuzz/aftermath.dict \
	    -artifact_prefix="$work/art-$t/" "$work/$t" \
	    >"$work/log-$t" 2>&1; then
		echo "PASS fuzz-$t"
	else
		echo "FAIL fuzz-$t"
		grep -E -A12 'ERROR|runtime error|not inert|timeout' \
		    "$work/log-$t" | head -40 | sed 's/^/    /'
		for a in "$work/art-$t"/*; do
			[ -f "$a" ] || continue
			echo "    input ($(wc -c <"$a") bytes, base64):"
			head -c 600 "$a" | base64 | sed 's/^/    /'
		done
	fi
done
