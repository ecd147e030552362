# Fuzzing and hostile-input suites (issue #6).
#
#   make fuzz                 build the libFuzzer targets and run each for
#                             FUZZ_TIME seconds (default 60), corpora kept
#                             in build/fuzz/corpus/NAME, seeded from
#                             tests/fuzz/corpus/NAME; crashes in build/fuzz/
#   make fuzz FUZZ_TIME=600 FUZZ_TARGETS="record template"
#   make fuzz-bins            only build them (clang, libFuzzer, ASan, UBSan)
#
# make check runs a short smoke run of every target (tests/fuzz/smoke.sh)
# and the hostile-input suites in tests/hostile/.
# threads.sh builds a ThreadSanitizer binary (gcc's libtsan) and an
# archive with bench/gen-corpus.py (python3).
DEB_PKGS += clang libclang-rt-14-dev valgrind python3 util-linux libtsan2
CHECK_EXTRA += tests/fuzz/smoke.sh tests/hostile/limits.sh \
	tests/hostile/pathological.sh tests/hostile/xss.sh \
	tests/hostile/fs.sh tests/hostile/crash.sh tests/hostile/valgrind.sh \
	tests/hostile/threads.sh

FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= escape frontmatter markdown record template
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_BINS     = $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-bins fuzz-link

# the library objects through the ordinary rules, with clang and coverage
# instrumentation; WERROR is cleared because clang warns differently
fuzz-bins:
	@$(MAKE) --no-print-directory B=build/fuzz CC=$(FUZZ_CC) WERROR= \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-link

fuzz-link: $(FUZZ_BINS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/htmlcheck.c \
	    tests/fuzz/htmlcheck.h $(LIB_OBJS)
	@echo "  CCLD    $@"
	@$(CC) $(ALLCFLAGS) -Itests/fuzz -fsanitize=fuzzer $(FUZZ_SAN) -o $@ \
	    $< tests/fuzz/htmlcheck.c $(LIB_OBJS) $(DEPLIBS)

fuzz: deps fuzz-bins
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/artifacts/$$t; \
		cp -n tests/fuzz/corpus/$$t/* build/fuzz/corpus/$$t/ 2>/dev/null; \
		[ $$t != template ] || cp -n templates/*.html build/fuzz/corpus/$$t/; \
		echo "fuzz: $$t for $(FUZZ_TIME)s"; \
		ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t \
		    -max_total_time=$(FUZZ_TIME) -timeout=2 -rss_limit_mb=2048 \
		    -print_final_stats=1 \
		    -artifact_prefix=build/fuzz/artifacts/$$t/ \
		    -dict=tests/fuzz/aftermath.dict \
		    build/fuzz/corpus/$$t || exit 1; \
	done
	@sh tests/hostile/valgrind.sh --full
