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
# those.
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

TOP=$(pwd)
DRIVER=$TOP/build/release/regress
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-regress.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
pass=0
fail=0

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

# report NAME STATUS [DETAIL_FILE]: one verdict line, and the detail
# indented under a failure.
report() {
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
		echo "PASS $prefix$1"
	else
		fail=$((fail + 1))
		echo "FAIL $prefix$1"
		[ $# -gt 2 ] && sed 's/^/    /' "$3" | head -60
	fi
}

# tags_split FILE: FILE with a line end between adjacent tags, so that a
# difference in a long line of markup shows as a short diff.
tags_split() {
	awk '{ gsub(/></, ">\n<"); print }' "$1"
}

# compare EXPECTED ACTUAL: append to $WORK/detail what differs (a
# missing EXPECTED is an empty one); status 1 when they differ. The
# comparison is diff -u of the files; what is shown is the diff of their
# tags split into lines, unless only line ends differ.
compare() {
	exp=$1
	[ -f "$exp" ] || exp=/dev/null
	diff -u "$exp" "$2" >"$WORK/diff" 2>&1 && return 0
	tags_split "$exp" >"$WORK/exp.split"
	tags_split "$2" >"$WORK/act.split"
	if diff -u "$WORK/exp.split" "$WORK/act.split" >"$WORK/diff.split"
	then
		cat "$WORK/diff" >>"$WORK/detail"
	else
		echo "--- $1 (tags split into lines)" >>"$WORK/detail"
		sed 1,2d "$WORK/diff.split" >>"$WORK/detail"
	fi
	return 1
}

# keep FILE ACTUAL: (--rebuild) FILE becomes ACTUAL when ACTUAL is not
# empty, and is removed when it is.
keep() {
	if [ -s "$2" ]; then
		cp "$2" "$1"
	else
		rm -f "$1"
	fi
}

# check_case NAME DIR OUT ARGS...: run the driver with ARGS inside DIR
# (so that the findings name files as the case does) and compare its
# output with DIR/OUT and its messages with DIR/STEM.err.
check_case() {
	name=$1 dir=$2 out=$3
	shift 3
	err=${out%.*}.err
	: >"$WORK/detail"
	if [ "$valgrind" = 1 ]; then
		(cd "$dir" && exec valgrind -q --error-exitcode=97 \
		    --leak-check=full --errors-for-leak-kinds=definite,indirect \
		    --log-file="$WORK/vg.log" "$DRIVER" "$@") \
		    >"$WORK/out" 2>"$WORK/err"
	else
		(cd "$dir" && exec "$DRIVER" "$@") >"$WORK/out" 2>"$WORK/err"
	fi
	rc=$?
	if [ "$rc" = 97 ] && [ "$valgrind" = 1 ]; then
		head -40 "$WORK/vg.log" >"$WORK/detail"
		report "$name" 1 "$WORK/detail"
		return
	fi
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		{ echo "the driver exited with $rc"; head -20 "$WORK/err"; } \
		    >"$WORK/detail"
		report "$name" 1 "$WORK/detail"
		return
	fi
	if [ "$rebuild" = 1 ]; then
		if [ "$rc" = 0 ]; then
			cp "$WORK/out" "$dir/$out"
		else
			rm -f "$dir/$out"
		fi
		keep "$dir/$err" "$WORK/err"
		report "$name" 0
		return
	fi
	status=0
	if [ "$rc" = 0 ] && [ ! -f "$dir/$out" ]; then
		echo "the driver made $out, which is not expected" \
		    >>"$WORK/detail"
		status=1
	elif [ "$rc" = 1 ] && [ -f "$dir/$out" ]; then
		echo "the driver failed (exit 1), $out was expected" \
		    >>"$WORK/detail"
		status=1
	fi
	[ "$rc" = 1 ] && : >"$WORK/out"
	compare "$dir/$out" "$WORK/out" || status=1
	compare "$dir/$err" "$WORK/err" || status=1
	report "$name" "$status" "$WORK/detail"
}

# wanted NAME: true when NAME is to be run (no CASE given, or named).
wanted() {
	want=$1
	shift
	[ $# -eq 0 ] && return 0
	for c in "$@"; do
		[ "$c" = "$want" ] && return 0
	done
	return 1
}

R=tests/regress
for f in "$R"/markdown/*.md; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .md)
	wanted "markdown/$stem" "$@" || continue
	check_case "markdown/$stem" "$R/markdown" "$stem.html" \
	    markdown "$stem.md"
done
for f in "$R"/template/*.json; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .json)
	wanted "template/$stem" "$@" || continue
	if [ -f "$R/template/$stem.layout.html" ]; then
		check_case "template/$stem" "$R/template" "$stem.out" \
		    template "$stem.html" "$stem.json" "$stem.layout.html"
	else
		check_case "template/$stem" "$R/template" "$stem.out" \
		    template "$stem.html" "$stem.json"
	fi
done
for f in "$R"/charts/*.chart; do
	[ -f "$f" ] || continue
	stem=$(basename "$f" .chart)
	wanted "charts/$stem" "$@" || continue
	check_case "charts/$stem" "$R/charts" "$stem.svg" chart "$stem.chart"
done

echo "regress: $pass passed, $fail failed"
[ "$fail" = 0 ]
