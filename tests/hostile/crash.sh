#!/bin/sh
# crash.sh - kill -9 a build at random moments: site/ must always be
# exactly the previous site or exactly the new one, and the next build
# must clean up what the killed one left.
#
#   CRASH_RUNS=N    kills (default 15)
#   CRASH_SEED=N    the random seed (default: the process id; printed)
. tests/hostile/lib.sh

runs=${CRASH_RUNS:-15}
seed=${CRASH_SEED:-$$}
repo=$WORK/repo
newrepo "$repo"

# two versions of an archive of 300 records; B changes every title
make_version() { # make_version DIR LABEL
	rm -rf "$1"
	mkdir -p "$1"
	awk -v dir="$1" -v label="$2" 'BEGIN {
		for (i = 1; i <= 300; i++) {
			f = sprintf("%s/2025-%03d.md", dir, i)
			printf "---\nid: 2025-%03d\ntitle: %s incident %d\n", i, label, i >f
			printf "severity: SEV%d\nstatus: closed\n", i % 4 + 1 >f
			printf "services: [svc-%d, checkout]\ntags: [t%d]\n", i % 7, i % 5 >f
			printf "started: 2025-%02d-%02dT10:00:00Z\n", i % 12 + 1, i % 28 + 1 >f
			printf "recovered: 2025-%02d-%02dT12:00:00Z\n---\n\n", i % 12 + 1, i % 28 + 1 >f
			printf "## Summary\n\n%s summary %d.\n\n## Timeline\n\n", label, i >f
			for (k = 0; k < 10; k++)
				printf "- 10:%02d UTC — step %d\n", k * 5, k >f
			printf "\n## Action items\n\n| Action | Owner | Ticket |\n|---|---|---|\n" >f
			printf "| Fix %d | bo | OPS-%d |\n", i, i >f
			close(f)
		}
	}'
}
make_version "$WORK/A" Alpha
make_version "$WORK/B" Beta

# the listing and checksums of a whole tree
tree_sum() {
	(cd "$1" 2>/dev/null && find . -type f -exec sha256sum {} + | sort |
	    sha256sum | cut -c1-16) || echo none
}
use() { # use A|B
	rm -rf "$repo/incidents"
	cp -R "$WORK/$1" "$repo/incidents"
}
build() { # build: a normal build; fails the suite when it fails
	timed 60 "$AM" -C "$repo" -q build -o "$repo/site"
	[ "$rc" = 0 ]
}

use A
build || { fail "crash setup" "$(cat "$WORK/err")"; exit 0; }
sumA=$(tree_sum "$repo/site")
use B
build || { fail "crash setup" "$(cat "$WORK/err")"; exit 0; }
sumB=$(tree_sum "$repo/site")
if [ "$sumA" = "$sumB" ]; then
	fail "crash setup" "the two versions give the same site"
	exit 0
fi
# how long a build takes, in milliseconds, to spread the kills over
start=$(date +%s%N)
use A
build
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -gt 0 ] || ms=1

cur=A
bad=""
kills=$(awk -v n="$runs" -v seed="$seed" -v ms="$ms" 'BEGIN {
	srand(seed); for (i = 0; i < n; i++) printf "%.3f\n", rand() * ms * 1.2 / 1000 }')
for delay in $kills; do
	if [ $cur = A ]; then next=B; else next=A; fi
	use $next
	"$AM" -C "$repo" -q build -o "$repo/site" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	now=$(tree_sum "$repo/site")
	if [ "$now" = "$sumA" ]; then
		cur=A
	elif [ "$now" = "$sumB" ]; then
		cur=B
	else
		bad="$bad killed after ${delay}s: site is neither version ($now);"
		break
	fi
done
if [ -z "$bad" ]; then
	pass "crash kill -9 $runs builds: site always old or new"
else
	fail "crash kill -9 $runs builds: site always old or new" \
	    "seed $seed, build ${ms}ms:$bad"
fi

build
left=$(cd "$repo" && ls -a | grep -E '^\.site\.(new|old)-')
if [ "$rc" != 0 ]; then
	fail "crash next build cleans up" "exit $rc" "$(head -3 "$WORK/err")"
elif [ -n "$left" ]; then
	fail "crash next build cleans up" "seed $seed; left behind: $left"
elif [ "$(tree_sum "$repo/site")" != "$sumA" ] &&
    [ "$(tree_sum "$repo/site")" != "$sumB" ]; then
	fail "crash next build cleans up" "the site is not a whole version"
else
	pass "crash next build cleans up"
fi
