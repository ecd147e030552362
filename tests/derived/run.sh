#!/bin/sh
# derived/run.sh [AFTERMATH] - walk every derived time (walk.py) of the
# sample archive, a small bench corpus (bench/gen-corpus.py), the history
# scenarios of tests/history/ and the scripted repositories of the golden
# tests: none may break the lifecycle order or come from a record's first
# commit (#16).
set -u
b=${1:-./aftermath}
bin=$(cd "$(dirname "$b")" && pwd)/$(basename "$b")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME=$work
repos="$src"
python3 "$src/bench/gen-corpus.py" 60 "$work/bench" >/dev/null 2>&1 &&
    repos="$repos $work/bench"
for s in "$src"/tests/history/*.sh; do
	n=$(basename "$s" .sh)
	case $n in lib|step_*) continue ;; esac
	sh "$s" "$work/h-$n" >/dev/null 2>&1 && [ -d "$work/h-$n/incidents" ] &&
	    repos="$repos $work/h-$n"
done
for m in "$src"/tests/golden/*/make-repo.sh; do
	n=$(basename "$(dirname "$m")")
	mkdir -p "$work/g-$n"
	(cd "$work/g-$n" && sh "$m" "$work/g-$n") >/dev/null 2>&1 &&
	    repos="$repos $work/g-$n"
done
# shellcheck disable=SC2086
python3 "$here/walk.py" "$bin" $repos
