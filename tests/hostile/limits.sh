#!/bin/sh
# limits.sh - the documented limits and normalisations of a record file
# and of aftermath.yaml (docs/format.md), each checked with the ASan/UBSan
# binary: the error names the file, line and column, and nothing crashes.
. tests/hostile/lib.sh

# expect NAME STATUS PATTERN: the last "aftermath check" ended with
# STATUS ("any" for any but a crash) and its output holds PATTERN, a fixed
# string; "!PATTERN" when it must not.
expect() {
	cat "$WORK/out" "$WORK/err" >"$WORK/all"
	case $3 in
	!*) pat=${3#!} want=no ;;
	*) pat=$3 want=yes ;;
	esac
	if crashed; then
		fail "limits $1" "exit $rc" "$(head -5 "$WORK/all")"
	elif [ "$2" != any ] && [ "$rc" != "$2" ]; then
		fail "limits $1" "exit $rc, expected $2" "$(head -5 "$WORK/all")"
	elif [ $want = yes ] && ! grep -qF -- "$pat" "$WORK/all"; then
		fail "limits $1" "expected: $pat" "got: $(head -5 "$WORK/all")"
	elif [ $want = no ] && grep -qF -- "$pat" "$WORK/all"; then
		fail "limits $1" "not expected: $pat" "got: $(head -5 "$WORK/all")"
	else
		pass "limits $1"
	fi
}

# check_file NAME STATUS PATTERN: write standard input to a record
# x.md of a new repository and check it.
check_file() {
	newrepo "$WORK/r"
	cat >"$WORK/r/incidents/x.md"
	timed 30 "$AMA" -C "$WORK/r" check incidents/x.md
	expect "$@"
}

good_body='## Summary

Fine.
'

# size: 1 MiB is the limit; one byte more is refused before parsing
gen 'printf "---\ntitle: t\n---\n\n"; for (i = 0; i < 1048576 - 20; i++) printf "a"; print ""' |
    check_file record-1MiB-ok any "!record-size"
gen 'printf "---\ntitle: t\n---\n\n"; for (i = 0; i < 1048576; i++) printf "a"; print ""' |
    check_file record-over-1MiB 1 "x.md:1:1: error: record is larger than the limit of 1048576 bytes [record-size]"
gen 'print "---"; for (i = 0; i < 5000; i++) printf "k%d: %s\n", i, "vvvvvvvvvv"; print "---"' |
    check_file frontmatter-over-64KiB 1 "x.md:1:1: error: front matter is longer than 65536 bytes"

# YAML: depth, anchors, aliases, duplicate keys, one document
gen 'printf "---\ntitle: t\nx: "; for (i = 0; i < 15; i++) printf "["; for (i = 0; i < 15; i++) printf "]"; print "\n---"' |
    check_file yaml-depth-16-ok any "!yaml-syntax"
gen 'printf "---\ntitle: t\nx: "; for (i = 0; i < 16; i++) printf "["; for (i = 0; i < 16; i++) printf "]"; print "\n---"' |
    check_file yaml-depth-17 1 "x.md:3:19: error: lists and maps are nested deeper than 16 levels [yaml-syntax]"
gen 'printf "---\ntitle: t\nx: "; for (i = 0; i < 60000; i++) printf "["; print "\n---"' |
    check_file yaml-depth-60000 1 "lists and maps are nested deeper than 16 levels"
gen 'printf "---\ntitle: t\nx:\n"; for (i = 1; i < 200; i++) { for (j = 0; j < i; j++) printf "  "; print "a:" } print "---"' |
    check_file yaml-depth-block 1 "lists and maps are nested deeper than 16 levels"
printf -- '---\ntitle: &a t\n---\n' |
    check_file yaml-anchor 1 "x.md:2:8: error: anchors and aliases are not allowed [yaml-syntax]"
printf -- '---\ntitle: t\nx: *a\n---\n' |
    check_file yaml-alias 1 "x.md:3:4: error: anchors and aliases are not allowed [yaml-syntax]"
printf -- '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n' |
    check_file yaml-billion-laughs 1 "x.md:2:4: error: anchors and aliases are not allowed"
printf -- '---\ntitle: t\nseverity: SEV1\ntitle: u\n---\n' |
    check_file yaml-duplicate-key 1 "x.md:4:1: error: duplicate key \"title\" (first given at line 2) [yaml-syntax]"
printf -- '---\ntitle: t\nroles:\n  commander: a\n  commander: b\n---\n' |
    check_file yaml-duplicate-nested-key 1 "x.md:5:3: error: duplicate key \"commander\" (first given at line 4)"
printf -- '---\ntitle: t\n--- x: 1\n---\n' |
    check_file yaml-two-documents 1 "only one YAML document is allowed here"
printf -- '---\ntitle: "a\\0b"\n---\n' |
    check_file yaml-escaped-nul 1 "x.md:2:8: error: a value contains a NUL character [yaml-syntax]"
printf -- '---\ntitle: !!binary aGk=\nx: !<tag:yaml.org,2002:python/object> 1\n---\n\n## Summary\n\nFine.\n' |
    check_file yaml-tags-are-text any "!yaml-syntax"

# bytes: BOM and line ends are normalised; NUL and bad UTF-8 are errors
{ printf '\357\273\277---\ntitle: t\n---\n\n'; printf '%s' "$good_body"; } |
    check_file bom-dropped any "!frontmatter-missing"
printf -- '---\r\ntitle: t\r\nstarted: nonsense\r\n---\r\n\r\n## Summary\r\n\r\nFine.\r\n' |
    check_file crlf-lines 1 "x.md:3:10: error: started: \"nonsense\" is not a date"
printf -- '---\rtitle: t\rstarted: nonsense\r---\r\r## Summary\r\rFine.\r' |
    check_file cr-lines 1 "x.md:3:10: error: started: \"nonsense\" is not a date"
printf -- '---\ntitle: t\n---\n\nab\000cd\n' |
    check_file nul-byte 1 "x.md:5:3: error: NUL byte in record; records are UTF-8 text [encoding]"
printf -- '---\ntitle: t\n---\n\n\303\251t\351\n' |
    check_file invalid-utf8 1 "x.md:5:3: error: invalid UTF-8 in record; save the file as UTF-8 [encoding]"
printf -- '---\ntitle: t\300\257\n---\n' |
    check_file overlong-utf8 1 "x.md:2:9: error: invalid UTF-8 in record"
printf -- '---\ntitle: t\355\240\200\n---\n' |
    check_file surrogate-utf8 1 "x.md:2:9: error: invalid UTF-8 in record"
printf -- '---\ntitle: t\364\220\200\200\n---\n' |
    check_file beyond-unicode 1 "x.md:2:9: error: invalid UTF-8 in record"
printf -- '---\ntitle: t\n---\n\nend\342\202' |
    check_file truncated-utf8 1 "x.md:5:4: error: invalid UTF-8 in record"
printf -- '---\ntitle: t\n---\n\n\376\377\n' |
    check_file utf16-bom 1 "x.md:5:1: error: invalid UTF-8 in record"
printf -- '---\ntitle: t\n---\n\nan escape \033[2J here\n' |
    check_file control-character 1 "x.md:5:11: error: control character U+001B in record"
printf -- '---\ntitle: "\\u202eevil"\n---\n\n## Summary\n\nFine.\n' |
    check_file bidi-override-is-text any "!yaml-syntax"

# ids end up in file names
printf -- '---\nid: ../../etc/passwd\ntitle: t\n---\n' |
    check_file id-traversal 1 "x.md:2:5: error: id \"../../etc/passwd\" may use only letters"
printf -- '---\nid: .hidden\ntitle: t\n---\n' |
    check_file id-dot 1 "id \".hidden\" may use only letters"
printf -- '---\nid: "a/b"\ntitle: t\n---\n' |
    check_file id-slash 1 "id \"a/b\" may use only letters"

# aftermath.yaml gets the same YAML limits
config() { # config NAME STATUS PATTERN < aftermath.yaml
	newrepo "$WORK/r"
	cat >"$WORK/r/aftermath.yaml"
	printf -- '---\ntitle: t\n---\n\n%s' "$good_body" >"$WORK/r/incidents/x.md"
	timed 30 "$AMA" -C "$WORK/r" check
	expect "$@"
}
printf 'title: a\ntitle: b\n' |
    config config-duplicate-key 2 "aftermath.yaml:2:1: error: duplicate key \"title\""
printf 'title: &x a\nbase_url: *x\n' |
    config config-anchor 2 "anchors and aliases are not allowed"
gen 'printf "services: "; for (i = 0; i < 40; i++) printf "{a: "; for (i = 0; i < 40; i++) printf "}"; print ""' |
    config config-depth 2 "nested deeper than 16 levels"
printf 'title: a\n\000\n' |
    config config-nul 2 "aftermath.yaml"
