#!/bin/sh
# fs.sh - the file system: links and special files under incidents/ and
# templates/ are not followed, no id, tag or service name writes outside
# the site, and -o refuses directories Aftermath did not make.
. tests/hostile/lib.sh

SECRET=SECRET-$$-OUTSIDE
outside=$WORK/outside
mkdir -p "$outside/dir"
printf -- '---\ntitle: %s\n---\n\n## Summary\n\n%s\n' "$SECRET" "$SECRET" \
    >"$outside/record.md"
cp "$outside/record.md" "$outside/dir/inner.md"
printf '<!DOCTYPE html><html><body><main data-am-block="main">%s</main></body></html>\n' \
    "$SECRET" >"$outside/layout.html"
cp "$outside/layout.html" "$outside/index.html"

good() { # good REPO: one ordinary record
	newrepo "$1"
	printf -- '---\nid: 2024-001\ntitle: Fine\nstatus: closed\nservices: [checkout]\ntags: [t]\n---\n\n## Summary\n\nFine.\n' \
	    >"$1/incidents/2024-001.md"
}

# leaked NAME: fail when the secret from outside reached the site
leaked() {
	if grep -rqF "$SECRET" "$repo/site" 2>/dev/null; then
		fail "$1" "the site holds text from outside the repository"
		return 0
	fi
	return 1
}

repo=$WORK/links
good "$repo"
ln -s "$outside/record.md" "$repo/incidents/link.md"
ln -s "$outside/dir" "$repo/incidents/linkdir"
timed 30 "$AMA" -C "$repo" build
if crashed || [ "$rc" != 0 ]; then
	fail "fs symlinked record and directory" "exit $rc" "$(cat "$WORK/err")"
elif ! leaked "fs symlinked record and directory"; then
	if grep -q 'link.md: warning: symbolic link not followed' "$WORK/err" ||
	    grep -q 'link.md.*symbolic link' "$WORK/out" "$WORK/err"; then
		pass "fs symlinked record and directory"
	else
		pass "fs symlinked record and directory (not followed)"
	fi
fi
timed 30 "$AMA" -C "$repo" check
if grep -q 'link.md.*symbolic link not followed' "$WORK/out" "$WORK/err"; then
	pass "fs symlinked record warned by check"
else
	fail "fs symlinked record warned by check" "$(cat "$WORK/out" "$WORK/err" | head -5)"
fi

repo=$WORK/noservices
newrepo "$repo"
printf -- '---\ntitle: Fine\n---\n\n## Summary\n\nFine.\n' >"$repo/incidents/a.md"
timed 30 "$AMA" -C "$repo" build
if crashed || [ "$rc" != 0 ]; then
	fail "fs site without services or tags" "exit $rc" "$(grep -m3 -E 'runtime error|ERROR' "$WORK/err")"
else
	pass "fs site without services or tags"
fi

repo=$WORK/fifo
good "$repo"
mkfifo "$repo/incidents/pipe.md"
timed 1 "$AMA" -C "$repo" build
if crashed; then
	fail "fs FIFO record" "build: exit $rc (hung on the FIFO?)"
elif timed 1 "$AMA" -C "$repo" check; crashed; then
	fail "fs FIFO record" "check: exit $rc (hung on the FIFO?)"
elif grep -q 'pipe.md.*not a regular file' "$WORK/out" "$WORK/err"; then
	pass "fs FIFO record"
else
	fail "fs FIFO record" "exit $rc; no warning" "$(head -5 "$WORK/err")"
fi

repo=$WORK/tlink
good "$repo"
mkdir "$repo/templates"
ln -s "$outside/layout.html" "$repo/templates/layout.html"
timed 30 "$AMA" -C "$repo" build
if crashed; then
	fail "fs symlinked template" "exit $rc"
elif ! leaked "fs symlinked template"; then
	pass "fs symlinked template"
fi

repo=$WORK/tdir
good "$repo"
ln -s "$outside" "$repo/templates"
timed 30 "$AMA" -C "$repo" build
if crashed; then
	fail "fs symlinked templates directory" "exit $rc"
elif ! leaked "fs symlinked templates directory"; then
	pass "fs symlinked templates directory"
fi

repo=$WORK/tfifo
good "$repo"
mkdir "$repo/templates"
mkfifo "$repo/templates/layout.html"
timed 1 "$AMA" -C "$repo" build
if crashed; then
	fail "fs FIFO template" "exit $rc (blocked opening the FIFO)"
else
	pass "fs FIFO template"
fi

repo=$WORK/clink
good "$repo"
printf 'title: %s\n' "$SECRET" >"$outside/aftermath.yaml"
ln -s "$outside/aftermath.yaml" "$repo/aftermath.yaml"
timed 30 "$AMA" -C "$repo" build
if crashed; then
	fail "fs symlinked aftermath.yaml" "exit $rc"
elif ! leaked "fs symlinked aftermath.yaml"; then
	pass "fs symlinked aftermath.yaml"
fi

# names that become paths: every file lands inside site/
repo=$WORK/names
good "$repo"
cat >"$repo/incidents/2024-002.md" <<'EOF'
---
id: 2024-002
title: Names
services: ["../../../../tmp/escape-svc", "..", ".", "/etc/passwd", "a/../../b", "x\\..\\y", "%2e%2e%2fz", "CON", "  "]
tags: ["../../../../tmp/escape-tag", "..", "/abs", ".hidden", "a/b/c", "\u202e\u0000"]
started: 2024-01-01T00:00:00Z
---

## Summary

Names.
EOF
sed -i 's/, "\\u202e\\u0000"//' "$repo/incidents/2024-002.md"
# .aftermath/ is the build's own: the history cache and the build stamp
find "$WORK" \( -path "$repo/site" -o -path "$repo/.aftermath" \) -prune \
    -o -print | sort >"$WORK/before"
timed 30 "$AMA" -C "$repo" build
find "$WORK" \( -path "$repo/site" -o -path "$repo/.aftermath" \) -prune \
    -o -print | sort >"$WORK/after"
grep -v -e '/before$' -e '/after$' -e '/out$' -e '/err$' "$WORK/after" >"$WORK/after2"
grep -v -e '/before$' -e '/after$' -e '/out$' -e '/err$' "$WORK/before" >"$WORK/before2"
if crashed || [ "$rc" != 0 ]; then
	fail "fs tag and service names stay inside the site" "exit $rc" "$(head -5 "$WORK/err")"
elif ! cmp -s "$WORK/before2" "$WORK/after2"; then
	fail "fs tag and service names stay inside the site" \
	    "$(diff "$WORK/before2" "$WORK/after2" | head -10)"
elif find "$repo/site" -name '..*' -o -name '*/*' | grep -q .; then
	fail "fs tag and service names stay inside the site" "odd names in the site"
else
	pass "fs tag and service names stay inside the site"
fi

# -o: refuse what Aftermath did not make
repo=$WORK/orepo
good "$repo"
mkdir -p "$WORK/home/.ssh" "$WORK/empty"
printf 'key\n' >"$WORK/home/.ssh/id"
printf 'notes\n' >"$WORK/home/notes.txt"
ln -s "$WORK/home" "$WORK/homelink"
printf 'a file\n' >"$WORK/afile"
refused() { # refused NAME DIR
	timed 30 "$AMA" -C "$repo" build -o "$2"
	if crashed; then
		fail "fs -o $1 refused" "exit $rc"
	elif [ "$rc" = 0 ]; then
		fail "fs -o $1 refused" "exit 0"
	elif [ ! -f "$WORK/home/.ssh/id" ] || [ ! -f "$WORK/home/notes.txt" ] ||
	    [ ! -f "$repo/incidents/2024-001.md" ] || [ ! -f "$WORK/afile" ]; then
		fail "fs -o $1 refused" "files were removed"
	else
		pass "fs -o $1 refused"
	fi
}
refused "home directory" "$WORK/home"
refused "home directory/" "$WORK/home/"
refused "symlink to a directory" "$WORK/homelink"
refused "." .
refused ".." ..
refused "/" /
refused "a file" "$WORK/afile"
refused "the incidents directory" incidents
refused "the repository" "$repo"
(cd "$repo" && HOME=$WORK/home timed 30 "$AMA" build -o ~)
if [ -f "$WORK/home/.ssh/id" ] && [ "$rc" != 0 ]; then
	pass "fs -o ~ refused"
else
	fail "fs -o ~ refused" "exit $rc"
fi
timed 30 "$AMA" -C "$repo" build -o "$WORK/empty"
if [ "$rc" = 0 ] && [ -f "$WORK/empty/index.html" ] &&
    [ -f "$WORK/empty/.aftermath-site" ]; then
	pass "fs -o empty directory used"
else
	fail "fs -o empty directory used" "exit $rc" "$(head -3 "$WORK/err")"
fi
timed 30 "$AMA" -C "$repo" build -o "$WORK/empty"
if [ "$rc" = 0 ]; then
	pass "fs -o own site replaced"
else
	fail "fs -o own site replaced" "exit $rc" "$(head -3 "$WORK/err")"
fi

# leftovers of a killed build go, foreign look-alikes stay
mkdir -p "$WORK/.empty.new-AAAAAA/incidents" "$WORK/.empty.old-BBBBBB" \
    "$WORK/.empty.new-CCCCCC"
printf 'aftermath site\n' >"$WORK/.empty.new-AAAAAA/.aftermath-site"
printf 'aftermath site\n' >"$WORK/.empty.old-BBBBBB/.aftermath-site"
printf 'mine\n' >"$WORK/.empty.new-CCCCCC/keep"
timed 30 "$AMA" -C "$repo" build -o "$WORK/empty"
if [ -e "$WORK/.empty.new-AAAAAA" ] || [ -e "$WORK/.empty.old-BBBBBB" ]; then
	fail "fs leftovers removed" "$(ls -a "$WORK")"
elif [ ! -f "$WORK/.empty.new-CCCCCC/keep" ]; then
	fail "fs leftovers removed" "a directory without the marker was removed"
else
	pass "fs leftovers removed"
fi
