#!/bin/sh
# pathological.sh - inputs that make markdown parsers slow or deep, each
# in a record of its own (at most 1 MiB, the record limit).
#
# Per input: "aftermath check" and "aftermath build" with the release
# binary must each finish within 2 seconds, and "aftermath build" with the
# ASan/UBSan binary must finish without a sanitizer report or a crash
# (with a generous time limit: sanitizers are slow). "ok" inputs must
# build; "refused" ones must be refused with the record-size error that
# names the cost (src/parse/mdlimits.c).
#
# The cve-* inputs are the shapes named by the 2023 advisories for
# cmark and cmark-gfm, which Debian 12's cmark-gfm 0.29.0.gfm.6 predates:
# CVE-2023-22483 (unclosed raw HTML constructs and brackets scanned again
# and again), CVE-2023-22484 ("<!--" repeated), CVE-2023-24824 (text
# that leads with many '>' or '-', then more lines). The gfm-* inputs
# are quadratic cases of the same version found while writing this.
. tests/hostile/lib.sh

LIMIT=${PATHOLOGICAL_LIMIT:-2}

case_() { # case_ NAME ok|refused AWKPROG
	name=$1 expect=$2 prog=$3
	repo=$WORK/$name
	newrepo "$repo"
	gen "$prog" | record "$repo/incidents/x.md" "services: [s]
tags: [t]"
	problems=""
	timed "$LIMIT" "$AM" -C "$repo" -q check
	if [ "$rc" -ge 124 ]; then
		problems="$problems check: exit $rc (over ${LIMIT}s or crashed);"
	fi
	timed "$LIMIT" "$AM" -C "$repo" -q build -o "$repo/site"
	if [ "$rc" -ge 124 ]; then
		problems="$problems build: exit $rc (over ${LIMIT}s or crashed);"
	elif [ "$expect" = ok ] && [ "$rc" != 0 ]; then
		problems="$problems build: exit $rc, expected 0: $(head -c 300 "$WORK/err");"
	elif [ "$expect" = refused ] && { [ "$rc" != 1 ] ||
	    ! grep -q 'markdown would take too long to read' "$WORK/err"; }; then
		problems="$problems build: exit $rc, expected the record refused: $(head -c 300 "$WORK/err");"
	fi
	timed 120 "$AMA" -C "$repo" -q build -o "$repo/site-asan"
	if crashed; then
		problems="$problems asan build: exit $rc: $(grep -m3 -E 'ERROR|runtime error|SUMMARY' "$WORK/err");"
	fi
	if [ -z "$problems" ]; then
		pass "pathological $name"
	else
		fail "pathological $name" "$problems"
	fi
	rm -rf "$repo"
}

# nesting, as in cmark's own pathological tests
case_ nested-quotes ok 'for (i = 0; i < 50000; i++) printf "> "; print "a"'
case_ nested-quotes-tight ok 'for (i = 0; i < 500000; i++) printf ">"; print " a"'
case_ nested-lists-indent ok 'for (i = 0; i < 1000; i++) { for (j = 0; j < i; j++) printf "  "; print "* a" }'
case_ nested-lists-markers ok 'for (i = 0; i < 100000; i++) printf "- "; print "a"'
case_ nested-lists-ordered ok 'for (i = 0; i < 60000; i++) printf "1. "; print "a"'
case_ nested-quote-list ok 'for (i = 0; i < 50000; i++) printf "> - "; print "a"'
# emphasis and links
case_ nested-strong-emph ok 'for (i = 0; i < 30000; i++) printf "*a **a "; printf "b"; for (i = 0; i < 30000; i++) printf " a** a*"; print ""'
case_ emph-closers-no-openers ok 'for (i = 0; i < 65000; i++) printf "a_ "; print ""'
case_ emph-openers-no-closers ok 'for (i = 0; i < 65000; i++) printf "_a "; print ""'
case_ emph-openers-stars ok 'for (i = 0; i < 200000; i++) printf "*a "; print ""'
case_ emph-mismatched ok 'for (i = 0; i < 50000; i++) printf "*a_ "; print ""'
case_ emph-multiple-of-3 ok 'printf "a**b"; for (i = 0; i < 50000; i++) printf "c* "; print ""'
case_ emph-runs ok 'for (i = 0; i < 300000; i++) printf "*"; printf "a"; for (i = 0; i < 300000; i++) printf "*"; print ""'
case_ link-closers-no-openers ok 'for (i = 0; i < 65000; i++) printf "a]"; print ""'
case_ link-openers-no-closers ok 'for (i = 0; i < 65000; i++) printf "[a"; print ""'
case_ link-openers-emph-closers ok 'for (i = 0; i < 50000; i++) printf "[ a_"; print ""'
case_ nested-brackets ok 'for (i = 0; i < 50000; i++) printf "["; printf "a"; for (i = 0; i < 50000; i++) printf "]"; print ""'
case_ unclosed-links-a ok 'for (i = 0; i < 30000; i++) printf "[a](<b"; print ""'
case_ unclosed-links-b ok 'for (i = 0; i < 30000; i++) printf "[a](b"; print ""'
case_ backticks ok 'for (i = 1; i < 1400; i++) { printf "e"; for (j = 0; j < i; j++) printf "`" } print ""'
case_ many-lt ok 'for (i = 0; i < 500000; i++) printf "<"; print ""'
case_ underscores-autolink ok 'for (i = 0; i < 300000; i++) printf "_"; printf "."; for (i = 0; i < 300000; i++) printf "_"; print ""'
# references and footnotes
case_ references-90k ok 'for (i = 0; i < 90000; i++) printf "[%d]: u\n", i; print ""; for (i = 0; i < 5000; i++) printf "[%d] ", i * 17; print ""'
case_ reference-links-100k ok 'print "[a]: https://example.com/"; print ""; for (i = 0; i < 100000; i++) printf "[a] "; print ""'
case_ footnotes-20k ok 'for (i = 0; i < 20000; i++) printf "[^%d]: u\n\n", i; for (i = 0; i < 20000; i++) printf "[^%d] ", i; print ""'
# tables
case_ table-rows ok 'print "|a|b|c|d|e|f|g|h|i|j|"; print "|-|-|-|-|-|-|-|-|-|-|"; for (r = 0; r < 20000; r++) print "|x|x|x|x|x|x|x|x|x|x|"'
case_ table-wide ok 'for (k = 0; k < 2; k++) { printf "|"; for (i = 0; i < 500; i++) printf (k ? "-|" : "a|"); print "" } for (r = 0; r < 100; r++) { printf "|"; for (i = 0; i < 500; i++) printf "x|"; print "" }'
case_ gfm-table-columns refused 'for (k = 0; k < 2; k++) { printf "|"; for (i = 0; i < 20000; i++) printf (k ? "-|" : "a|"); print "" } for (r = 0; r < 10; r++) { printf "|"; for (i = 0; i < 20000; i++) printf "x|"; print "" }'
case_ gfm-table-padding refused 'for (k = 0; k < 2; k++) { printf "|"; for (i = 0; i < 1500; i++) printf (k ? "-|" : "a|"); print "" } for (r = 0; r < 300000; r++) print "x"'
# the 2023 advisories
case_ cve-2023-22484-comments ok 'printf "a"; for (i = 0; i < 50000; i++) printf "<!--"; print ""'
case_ cve-2023-22484-comments-max ok 'printf "a"; for (i = 0; i < 250000; i++) printf "<!--"; print ""'
case_ cve-2023-22483-processing-instructions refused 'for (i = 0; i < 150000; i++) printf "a <?"; print ""'
case_ cve-2023-22483-declarations refused 'for (i = 0; i < 150000; i++) printf "a <!A "; print ""'
case_ cve-2023-22483-cdata refused 'for (i = 0; i < 80000; i++) printf "a <![CDATA["; print ""'
case_ cve-2023-22483-close-tags refused 'for (i = 0; i < 200000; i++) printf "</a "; print ""'
case_ cve-2023-22483-image-links refused 'for (i = 0; i < 160000; i++) printf "![[]()"; print ""'
case_ cve-2023-22483-brackets-parens ok 'for (i = 0; i < 160000; i++) printf "[ (]("; print ""'
case_ cve-2023-22483-pi-closed-elsewhere refused 'for (i = 0; i < 100000; i++) printf "a <?"; print ""; print "# ?>"'
case_ cve-2023-24824-quotes-then-lines refused 'for (i = 0; i < 40000; i++) printf ">"; print " a"; for (i = 0; i < 200000; i++) print "b"'
case_ cve-2023-24824-lists-then-lines refused 'for (i = 0; i < 40000; i++) printf "- "; print "a"; for (i = 0; i < 200000; i++) print "b"'
case_ cve-2023-24824-lists-then-blank-lines refused 'for (i = 0; i < 40000; i++) printf "- "; print "a"; for (i = 0; i < 400000; i++) print ""'
case_ cve-2023-24824-small-deep-lists refused 'for (i = 0; i < 3000; i++) printf "- "; print "a"; for (i = 0; i < 3000; i++) print "b"'
case_ gfm-autolink-lt refused 'for (i = 0; i < 60000; i++) printf "https://a.b<"; print ""'
case_ gfm-autolink-email-lt refused 'for (i = 0; i < 100000; i++) printf "<a@b.c"; print ""'
# what records are made of, many times over
case_ many-headings ok 'for (i = 0; i < 5000; i++) printf "## Section %d\n\ntext\n\n", i'
case_ many-timeline-entries ok 'print "## Timeline"; print ""; for (i = 0; i < 10000; i++) printf "- 2024-01-01 %02d:%02d UTC — entry\n", (i / 60) % 24, i % 60'
case_ many-action-items ok 'print "## Action items"; print ""; for (i = 0; i < 5000; i++) print "- [ ] fix @a OPS-1 P1 due 2024-01-01"'
