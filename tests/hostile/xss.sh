#!/bin/sh
# xss.sh - a repository with markup, event handlers and script URLs in
# every field that can reach the site (xss-repo.sh) is built; every page
# must be inert (xsscheck.c, which uses tests/fuzz/htmlcheck.c), the
# payload must show up on the pages as text, and the CSV export must not
# start a cell with a formula.
. tests/hostile/lib.sh

cc -std=c11 -D_POSIX_C_SOURCE=200809L -Itests/fuzz \
    $(pkg-config --cflags libxml-2.0) -o "$WORK/xsscheck" \
    tests/hostile/xsscheck.c tests/fuzz/htmlcheck.c \
    $(pkg-config --libs libxml-2.0) 2>"$WORK/cc.log" || {
	fail "xss checker builds" "$(cat "$WORK/cc.log")"
	exit 0
}
repo=$WORK/repo
if ! sh tests/hostile/xss-repo.sh "$repo" >"$WORK/setup.log" 2>&1; then
	fail "xss repository" "$(tail -5 "$WORK/setup.log")"
	exit 0
fi

for bin in "$AM" "$AMA"; do
	b=$(basename "$bin")
	rm -rf "$repo/site"
	timed 60 "$bin" -C "$repo" build
	if crashed || [ ! -f "$repo/site/incidents/2024-001.html" ]; then
		fail "xss build ($b)" "exit $rc" "$(head -5 "$WORK/err")"
		continue
	fi
	pass "xss build ($b)"
done

# every page and feed, one test per kind of page
find "$repo/site" -type f \( -name '*.html' -o -name '*.atom' -o \
    -name '*.xml' \) | sort >"$WORK/pages"
for kind in index incidents/2024-001 incidents/2024-002 tags services \
    metrics followups handbook 404 feed sitemap; do
	grep "/site/$kind" "$WORK/pages" >"$WORK/some"
	if [ ! -s "$WORK/some" ]; then
		fail "xss inert $kind" "no such page"
	elif "$WORK/xsscheck" $(cat "$WORK/some") >"$WORK/why" 2>&1; then
		pass "xss inert $kind"
	else
		fail "xss inert $kind" "$(sed "s#$repo/##" "$WORK/why")"
	fi
done
n=$(wc -l <"$WORK/pages")
if "$WORK/xsscheck" $(cat "$WORK/pages") >"$WORK/why" 2>&1; then
	pass "xss inert all $n pages"
else
	fail "xss inert all $n pages" "$(sed "s#$repo/##" "$WORK/why" | head -10)"
fi

# the fields are there, as text: proof that they reached the page (raw
# HTML in the body is dropped, so only the text around it shows there)
page=$repo/site/incidents/2024-001.html
for what in "Title &lt;script&gt;" "Summary &lt;script&gt;" \
    "Bo &lt;script&gt;" "Ana &lt;script&gt;" "Archive &lt;script&gt;" \
    "Mal' onfocus" "status &lt;script&gt;" "Customers" "Table event" \
    "Task"; do
	if grep -qF -- "$what" "$page"; then
		pass "xss shown as text: $what"
	else
		fail "xss shown as text: $what" "not in incidents/2024-001.html"
	fi
done
if grep -qF 'Eve" onmouseover="alert(40)' "$repo/site/incidents/2024-002.html"; then
	pass "xss shown as text: author name"
else
	fail "xss shown as text: author name" "not in incidents/2024-002.html"
fi

# a spreadsheet runs a cell that starts with = + - @ as a formula
csv=$repo/site/followups.csv
if [ ! -f "$csv" ]; then
	pass "xss csv formulas (no followups.csv)"
elif grep -nE '(^|,)"?[=+@-]' "$csv" >"$WORK/why"; then
	fail "xss csv formulas" "$(head -5 "$WORK/why")"
else
	pass "xss csv formulas"
fi

# the JSON files hold every payload escaped for a <script> element (no raw
# < > &), and decode back to the text as written
for f in incidents.json metrics.json; do
	j=$repo/site/$f
	if [ ! -f "$j" ]; then
		fail "xss json $f" "not written"
	elif grep -n '[<>&]' "$j" >"$WORK/why"; then
		fail "xss json $f" "raw markup: $(head -3 "$WORK/why")"
	elif ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
	    "$j" 2>"$WORK/why"; then
		fail "xss json $f" "not JSON: $(tail -1 "$WORK/why")"
	else
		pass "xss json $f"
	fi
done
if python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any("<script>" in i.get("title", "") for i in d["incidents"]) else 1)' \
    "$repo/site/incidents.json" 2>/dev/null; then
	pass "xss json decodes to the text as written"
else
	fail "xss json decodes to the text as written" "no title with <script> in incidents.json"
fi
