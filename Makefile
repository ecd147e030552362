# Aftermath - incident records to a static archive.
#
#   make            build ./aftermath
#   make site       install missing packages, build, render incidents/ into site/
#   make check      unit + golden tests, then the same again under ASan/UBSan
#   make asan       build ./aftermath-asan with AddressSanitizer + UBSan
#   make golden-update   rewrite the golden expectations after a deliberate change
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
VERSION := 0.1.0

CC      ?= cc
PKGS    := libcmark-gfm libxml-2.0 libgit2 yaml-0.1 jansson
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
# .ci/run sets WERROR=-Werror in the environment.
WERROR  ?=
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm
ALLCFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(WERROR) \
	    -DAM_VERSION='"$(VERSION)"' -Isrc -I$(B) $(DEPCFLAGS) $(CFLAGS)

SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Debian packages needed to build and test.
DEB_PKGS := build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
	    libxml2-dev libgit2-dev libyaml-dev libjansson-dev libcmocka-dev git

# src/STAGE/*.c, one folder per stage (docs/architecture.md); the command
# front end (src/cmd/) is left out of the library the tests link.
LIB_SRCS := $(filter-out src/cmd/%,$(wildcard src/*/*.c))
CMD_SRCS := $(wildcard src/cmd/*.c)
HEADERS  := $(wildcard src/*/*.h)
TEMPLATES := $(sort $(wildcard templates/*.html templates/*.css templates/*.js templates/*.md))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

# B is the build directory; the asan tree reuses these rules with B=build/asan.
B ?= build/release

LIB_OBJS  = $(patsubst src/%.c,$(B)/%.o,$(LIB_SRCS)) $(B)/templates_gen.o
CMD_OBJS  = $(patsubst src/%.c,$(B)/%.o,$(CMD_SRCS))
UNIT_BINS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))

.PHONY: all deps site check asan unit golden golden-update install clean bin units

# Optional parts (benchmarks, fuzzing, browser tests) live in mk/*.mk; each
# may add to DEB_PKGS and to CHECK_EXTRA (targets make check also runs).
.DEFAULT_GOAL := all
# The layout of src/ (docs/architecture.md) is checked first.
CHECK_EXTRA := tests/layout/run.sh
-include $(sort $(wildcard mk/*.mk))

all: aftermath

aftermath: FORCE
	@$(MAKE) --no-print-directory B=build/release bin
	@cp build/release/aftermath aftermath.tmp && mv aftermath.tmp aftermath

aftermath-asan: FORCE
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" LDSAN="$(SAN)" bin
	@cp build/asan/aftermath aftermath-asan.tmp && mv aftermath-asan.tmp aftermath-asan

asan: aftermath-asan

bin: $(B)/aftermath
units: $(UNIT_BINS)

$(B)/aftermath: $(LIB_OBJS) $(CMD_OBJS)
	@echo "  CCLD    $@"
	@$(CC) $(LDSAN) -o $@ $^ $(DEPLIBS)

$(B)/%.o: src/%.c $(HEADERS) $(B)/templates_gen.h | $(B)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/templates_gen.c $(B)/templates_gen.h &: $(TEMPLATES) scripts/embed.sh | $(B)
	sh scripts/embed.sh $(B)/templates_gen $(TEMPLATES)

$(B)/templates_gen.o: $(B)/templates_gen.c
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/unit.h | $(B)
	@mkdir -p $(B)/tests
	@echo "  CCLD    $@"
	@$(CC) $(ALLCFLAGS) -Itests/unit $(LDSAN) -o $@ $< $(LIB_OBJS) $(DEPLIBS) -lcmocka

$(B):
	@mkdir -p $@

FORCE:

# Install what is missing; as non-root, print the command instead.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "make deps: missing packages; run: sudo apt-get install -y$$missing"; exit 2; \
	fi

site: deps aftermath
	./aftermath build

# The whole suite, plain and then sanitized; one summary line at the end.
check: deps
	@$(MAKE) --no-print-directory aftermath aftermath-asan
	@$(MAKE) --no-print-directory B=build/release units
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" LDSAN="$(SAN)" units
	@sh tests/run.sh $(CHECK_EXTRA)

unit golden: aftermath
	@$(MAKE) --no-print-directory B=build/release units
	@ONLY=$@ NO_ASAN=1 sh tests/run.sh

golden-update: aftermath
	@sh tests/golden/run.sh --update ./aftermath

install: aftermath
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 aftermath $(DESTDIR)$(BINDIR)/aftermath
	install -m 644 docs/aftermath.1 $(DESTDIR)$(MANDIR)/man1/aftermath.1

clean:
	rm -rf build aftermath aftermath-asan
