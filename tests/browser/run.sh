#!/bin/sh
# run.sh [SITE]               - the browser suite of make check
# run.sh --screenshots [SITE] - PNGs of each page type in build/screenshots
#
# SITE is a built archive; without it the sample incidents are rendered
# into build/browser-site with ./aftermath (which this script never
# compiles) at a fixed time. The suite checks every .html page with the
# Nu HTML checker (0 errors per page type), then drives the site in
# headless Chromium (site.test.mjs). It prints one line "PASS name" or
# "FAIL name" per test, with the reasons indented below, and exits 1 when
# anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
export TZ=UTC LC_ALL=C.UTF-8
dir=tests/browser

mode="test"
if [ "${1:-}" = --screenshots ]; then
	mode=screenshots
	shift
fi

started=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fail NAME FILE: report a failure with FILE's lines as the reasons.
fail() {
	echo "FAIL $1"
	sed 's/^/    /' "$2" | tail -40
}

site=${1:-}
if [ -z "$site" ]; then
	site=build/browser-site
	if ! SOURCE_DATE_EPOCH=1795608000 ./aftermath build -o "$site" >"$tmp/build" 2>&1; then
		fail "build the sample site" "$tmp/build"
		exit 1
	fi
fi
if [ ! -d "$site" ]; then
	echo "no site at $site" >"$tmp/site"
	fail "site" "$tmp/site"
	exit 1
fi
site=$(cd "$site" && pwd)

# the packages, installed once (npm-ci.sh)
if ! sh "$dir/npm-ci.sh" >"$tmp/npm" 2>&1; then
	fail "npm ci in $dir" "$tmp/npm"
	exit 1
fi

if [ "$mode" = screenshots ]; then
	node "$dir/screenshots.mjs" "$site" build/screenshots
	exit
fi

status=0

# The Nu HTML checker, one JVM for every page; errors only ("warning" and
# "info" messages do not fail the suite). Its lines look like
#   "file:/abs/site/index.html":12.3-12.9: error: message
jar=$dir/node_modules/vnu-jar/build/dist/vnu.jar
find "$site" -name '*.html' -type f | sort >"$tmp/pages"
if ! command -v java >/dev/null 2>&1; then
	echo "java is not installed (Debian package default-jre-headless)" >"$tmp/why"
	fail "vnu runs" "$tmp/why"
	status=1
elif [ -s "$tmp/pages" ]; then
	find "$site" -name '*.html' -type f -exec \
		java -jar "$jar" --errors-only --format gnu {} + >"$tmp/vnu" 2>&1
	if grep -v '^"file:' "$tmp/vnu" >"$tmp/vnu-other"; then
		fail "vnu runs" "$tmp/vnu-other"
		status=1
	fi
fi

# vnu_type NAME PATTERN: one verdict for the pages whose path relative to
# the site matches the grep -E PATTERN.
vnu_type() {
	sed "s|^$site/||" "$tmp/pages" | grep -E "^($2)\$" >"$tmp/these"
	if [ ! -s "$tmp/these" ]; then
		echo "no such page: $2 in $site" >"$tmp/why"
		fail "vnu $1" "$tmp/why"
		status=1
		return
	fi
	: >"$tmp/why"
	while read -r page; do
		grep -F "\"file:$site/$page\":" "$tmp/vnu" | sed "s|^\"file:$site/||; s|\":|:|" >>"$tmp/why"
	done <"$tmp/these"
	if [ -s "$tmp/why" ]; then
		fail "vnu $1 ($(wc -l <"$tmp/these") pages, $(wc -l <"$tmp/why") errors)" "$tmp/why"
		status=1
	else
		echo "PASS vnu $1 ($(wc -l <"$tmp/these") pages)"
	fi
}
if [ -f "$tmp/vnu" ]; then
	vnu_type "index page" 'index\.html'
	vnu_type "incident pages" 'incidents/[^/]*\.html'
	vnu_type "service pages" 'services/[^/]*\.html'
	vnu_type "tag pages" 'tags/[^/]*\.html'
	vnu_type "follow-ups page" 'followups\.html'
	vnu_type "handbook page" 'handbook\.html'
	vnu_type "metrics page" 'metrics\.html'
	vnu_type "404 page" '404\.html'
	known='index|incidents/[^/]*|services/[^/]*|tags/[^/]*|followups|handbook|metrics|404'
	if sed "s|^$site/||" "$tmp/pages" | grep -Ev "^($known)\.html\$" >/dev/null; then
		vnu_type "other pages" "$(sed "s|^$site/||" "$tmp/pages" | grep -Ev "^($known)\.html\$" |
			sed 's/[.]/\\./g' | paste -sd'|')"
	fi
fi

# A hung browser must not hang make check.
timeout 300 node "$dir/site.test.mjs" "$site" || status=1
timeout 120 node "$dir/charts.test.mjs" "$site" || status=1
echo "    browser suite took $(($(date +%s) - started)) s in all"
exit $status
