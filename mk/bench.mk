# make bench: Aftermath timed against Hugo, git log and cmark-gfm on
# generated archives of BENCH_SIZES records (bench/, docs/performance.md).
# The tools it compares with are installed by bench-deps, not by deps:
# make check does not need them.
#
#   make bench BENCH_SIZES="2000 10000" BENCH_RUNS=3 BENCH_DIR=/tmp/...
#   make bench BENCH_STRICT=--strict     exit 1 when a target is missed

BENCH_SIZES  ?= 2000 10000
BENCH_RUNS   ?= 3
BENCH_DIR    ?= $(or $(TMPDIR),/tmp)/aftermath-bench
BENCH_STRICT ?=
BENCH_PKGS   := git python3 hugo hyperfine cmark-gfm time

.PHONY: bench bench-deps

# the deps target's loop, over the benchmark's packages
bench-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BENCH_PKGS)"

bench: deps bench-deps aftermath
	python3 bench/run.py --sizes "$(BENCH_SIZES)" --runs $(BENCH_RUNS) \
	    --dir "$(BENCH_DIR)" --aftermath ./aftermath $(BENCH_STRICT)
