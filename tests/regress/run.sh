#!/bin/sh
# run.sh [--valgrind] [--rebuild] [CASE...] - the regress suites: every
# input under tests/regress/{markdown,template,charts}/ rendered by the
# driver (regress.c) and compared with its expected file by diff -u.
#
#   markdown/NAME.md                         -> NAME.html
#   template/NAME.html + NAME.json
#            [+ NAME.layout.html]            -> NAME.out
#   charts/NAME.chart                        -> NAME.svg
#
# and for every kind NAME.err, what the driver writes to standard error
# (findings, a template error), when it writes anything. A case whose
# driver exits 1 (nothing made) has no output file; any other status is
# a crash and fails the case.
#
# Prints "PASS name" or "FAIL name" per case (the diff indented under a
# failure), counts failures instead of stopping, and ends with a summary;
# exits 1 when a case failed. CASE is "markdown/NAME" and so on: run only
# those. Cases run REGRESS_JOBS at a time (default 2), reported in order.
#   --valgrind  run the driver under valgrind (memcheck, leak check): an
#               error fails the case
#   --rebuild   write the expected files from what the driver makes now
#               (make regress-rebuild); review them with git diff
set -u
cd "$(dirname "$0")/../.." || exit 1
export TZ=UTC LC_ALL=C.UTF-8

valgrind=0
rebuild=0
while [ $# -gt 0 ]; do
	case $1 in
	--valgrind) valgrind=1 ;;
	--rebuild) rebuild=1 ;;
	-*) echo "usage: run.sh [--valgrind] [--rebuild] [CASE...]" >&2
		exit 2 ;;
	*) break ;;
	esac
	shift
done
jobs=${REGRESS_JOBS:-2}

TOP=$(pwd)
DRIVER=$TOP/build/release/regress
R=tests/regress
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-regress.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT

# the driver, built or rebuilt when a source is newer (make check builds
# only the binaries and unit tests before it runs this)
if ! make --no-print-directory -s B=build/release build/release/regress \
    >"$WORK/make.log" 2>&1; then
	echo "FAIL regress driver"
	sed 's/^/    /' "$WORK/make.log" | tail -20
	exit 1
fi
if [ "$valgrind" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
	echo "FAIL valgrind installed"
	echo "    run make deps"
	exit 1
fi
prefix=""
[ "$valgrind" = 1 ] && prefix="valgrind "

# tags_split FILE: FILE with a line end between adjacent tags, so that a
# difference in a long line of markup shows as a short diff.
tags_split() {
	awk '{ gsub(/></, ">\n<"); print }' "$1"
}

# compare EXPECTED ACTUAL: append to $w/detail what differs (a missing
# EXPECTED is an empty one); status 1 when they differ. The comparison
# is diff -u of the files; what is shown is the diff of their tags split
# into lines, unless only line ends differ.
compare() {
	exp=$1
	[ -f "$exp" ] || exp=/dev/null
	diff -u "$exp" "$2" >"$w/diff" 2>&1 && return 0
	tags_split "$exp" >"$w/exp.split"
	tags_split "$2" >"$w/act.split"
	if diff -u "$w/exp.split" "$w/act.split" >"$w/diff.split"; then
		cat "$w/diff" >>"$w/detail"
	else
		echo "--- $1 (tags split into lines)" >>"$w/detail"
		sed 1,2d "$w/diff.split" >>"$w/detail"
	fi
	return 1
}

# verdict STATUS: write the case's report, "PASS name" or "FAIL name"
# with $w/detail indented under it, to $w/report.
verdict() {
	if [ "$1" = 0 ]; then
		echo "PASS $prefix$name" >"$w/report"
	else
		{
			echo "FAIL $prefix$name"
			sed 's/^/    /' "$w/detail" | head -60
		} >"$w/report"
	fi
}

# check_case W NAME DIR OUT ARGS...: run the driver with ARGS inside DIR
# (so that the findings name files as the case does), compare its output
# with DIR/OUT and its messages with DIR/STEM.err, and leave the verdict
# in W/report; W is the case's own scratch directory.
check_case() {
	w=$1 name=$2 dir=$3 out=$4
	shift 4
	err=${out%.*}.err
	mkdir -p "$w" || return
	: >"$w/detail"
	if [ "$valgrind" = 1 ]; then
		(cd "$dir" && exec valgrind -q --error-exitcode=97 \
		    --leak-check=full --errors-for-leak-kinds=definite,indirect \
		    --log-file="$w/vg.log" "$DRIVER" "$@") \
		    >"$w/out" 2>"$w/err"
	else
		(cd "$dir" && exec "$DRIVER" "$@") >"$w/out" 2>"$w/err"
	fi
	rc=$?
	if [ "$rc" = 97 ] && [ "$valgrind" = 1 ]; then
		head -40 "$w/vg.log" >"$w/detail"
		verdict 1
		return
	fi
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		{ echo "the driver exited with $rc"; head -20 "$w/err"; } \
		    >"$w/detail"
		verdict 1
		return
	fi
	if [ "$rebuild" = 1 ]; then
		if [ "$rc" = 0 ]; then
			cp "$w/out" "$dir/$out"
		else
			rm -f "$dir/$out"
		fi
		if [ -s "$w/err" ]; then
			cp "$w/err" "$dir/$err"
		else
			rm -f "$dir/$err"
		fi
		verdict 0
		return
	fi
	status=0
	if [ "$rc" = 0 ] && [ ! -f "$dir/$out" ]; then
		echo "$out is missing, but the driver made it (exit 0)" \
		    >>"$w/detail"
		status=1
	elif [ "$rc" = 1 ] && [ -f "$dir/$out" ]; then
		echo "the driver failed (exit 1), $out was expected" \
		    >>"$w/detail"
		status=1
	fi
	[ "$rc" = 1 ] && : >"$w/out"
	compare "$dir/$out" "$w/out" || status=1
	compare "$dir/$err" "$w/err" || status=1
	verdict "$status"
}

# wanted NAME [CASE...]: true when NAME is to be run (no CASE given, or
# NAME is one of them).
wanted() {
	want=$1
	shift
	[ $# -eq 0 ] && return 0
	for c in "$@"; do
		[ "$c" = "$want" ] && return 0
	done
	return 1
}

# The cases, one a line: NAME DIR OUT DRIVER-ARGS... (file names have no
# spaces: they are stems of inputs in this tree).
for f in "$R"/markdown/*.md; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .md)
	wanted "markdown/$stem" "$@" || continue
	echo "markdown/$stem $R/markdown $stem.html markdown $stem.md"
done >"$WORK/cases"
for f in "$R"/template/*.json; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .json)
	wanted "template/$stem" "$@" || continue
	layout=""
	[ -f "$R/template/$stem.layout.html" ] && layout="$stem.layout.html"
	echo "template/$stem $R/template $stem.out template $stem.html" \
	    "$stem.json $layout"
done >>"$WORK/cases"
for f in "$R"/charts/*.chart; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .chart)
	wanted "charts/$stem" "$@" || continue
	echo "charts/$stem $R/charts $stem.svg chart $stem.chart"
done >>"$WORK/cases"

# $jobs cases at a time, each in the background with its own scratch
# directory; a batch is waited for before the next starts
i=0
while read -r line; do
	i=$((i + 1))
	# shellcheck disable=SC2086 # the fields of the case line
	check_case "$WORK/$i" $line </dev/null &
	[ $((i % jobs)) = 0 ] && wait
done <"$WORK/cases"
wait

pass=0
fail=0
n=0
while [ "$n" -lt "$i" ]; do
	n=$((n + 1))
	if [ ! -f "$WORK/$n/report" ]; then
		echo "FAIL $prefix$(sed -n "${n}s/ .*//p" "$WORK/cases")"
		echo "    the case left no report"
		fail=$((fail + 1))
		continue
	fi
	cat "$WORK/$n/report"
	case $(head -1 "$WORK/$n/report") in
	PASS*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
echo "regress: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$i" -gt 0 ]
