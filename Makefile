# nntrace -- see README.md.  `make run` opens the default lesson, `make test`
# runs every test; both first install the Debian packages they need.

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
VERSION := 0.1.0
# The date the man pages carry: that of this version.
MAN_DATE := 2026-12-06

# As many compiles at once as there are cores: a fresh build is some 85
# files.  `make -j1` (any -j) or JOBS=N says otherwise.  Only the make
# started by hand decides; the makes it starts share its job slots.
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(JOBS)
endif
endif
# Each target's lines come out together (a compiler's messages under their
# file's CC line), never interleaved with another job's.  Not for the goals
# that run something long or on the terminal -- output sync would hold its
# output back, and hide the terminal from the player -- those make their
# builds with another make, which syncs.
LIVE_GOALS := run test mutate bench fuzz valgrind deb deb-check
ifeq ($(filter $(LIVE_GOALS),$(MAKECMDGOALS)),)
MAKEFLAGS += --output-sync=target
endif

PKG_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# -ffp-contract=off: no fused multiply-adds, so sums of products round
# exactly as numpy's do.  Never -ffast-math.
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Wshadow -pedantic -ffp-contract=off \
           -MMD -MP -DNNTRACE_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
ifeq ($(WERROR),1)
CFLAGS  += -Werror
endif
LDLIBS  += $(PKG_LIBS) -lcsv -lm

# Every source below src/ but main.c is the library the program, the unit
# tests, the fuzzers and the benchmark link; headers are included by their
# path from src/ ("model/engine.h").  docs/architecture.md says which
# folder owns what.
LIB_SRC := $(filter-out src/main.c,$(shell find src -name '*.c' | LC_ALL=C sort))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit deps clean install uninstall man mutate

all: nntrace man

deps:
	@sh tests/deps.sh

# Short build lines; `make V=1` shows the full commands.
Q := $(if $(V),,@)

# A new file renamed into place, so a running ./nntrace (a test under
# valgrind, a player) keeps its own copy.
nntrace: $(BUILD)/nntrace
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/nntrace: $(MAIN_OBJ) $(LIB_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

run: deps
	@$(MAKE) --no-print-directory nntrace
	./nntrace

unit: $(TEST_BIN)

# The tests run without this make's flags and job server: the suites that
# build (suite-sanitize, suite-fuzz, suite-install) start makes of their own.
test: deps
	@$(MAKE) --no-print-directory WERROR=1 nntrace unit man
	@env -u MAKEFLAGS -u MAKELEVEL sh tests/run-all.sh

# Plants each mutant of tests/mutate/mutants in a scratch copy of the tree,
# rebuilds and runs the tests it names; fails unless every one is caught
# (docs/testing.md).  Minutes, so not part of `make test`.
mutate: deps
	@$(MAKE) --no-print-directory nntrace unit
	@env -u MAKEFLAGS -u MAKELEVEL /usr/bin/python3 tests/mutate/mutate.py

# ----------------------------------------------------------------------
# Man pages
# ----------------------------------------------------------------------
# nntrace(1) is written in man/nntrace.1; nntrace-lesson(5) is made from
# docs/lesson-format.md by man/md2man.awk, so the two say the same thing.
# tests/suite-install.sh checks both with man --warnings and lexgrog, and
# checks nntrace(1) against the key table, --help and the sources.
MAN_PAGES := $(BUILD)/man/nntrace.1 $(BUILD)/man/nntrace-lesson.5

man: $(MAN_PAGES)

$(BUILD)/man/nntrace.1: man/nntrace.1 Makefile
	@mkdir -p $(dir $@)
	@echo "  MAN     $@"
	$(Q)sed -e 's/@VERSION@/$(VERSION)/g' -e 's/@DATE@/$(MAN_DATE)/g' \
		man/nntrace.1 >$@.tmp && mv -f $@.tmp $@

$(BUILD)/man/nntrace-lesson.5: docs/lesson-format.md man/md2man.awk Makefile
	@mkdir -p $(dir $@)
	@echo "  MAN     $@"
	$(Q)awk -v version=$(VERSION) -v date=$(MAN_DATE) -f man/md2man.awk \
		docs/lesson-format.md >$@.tmp && mv -f $@.tmp $@

# ----------------------------------------------------------------------
# Install
# ----------------------------------------------------------------------
# The program finds its lessons in ../share/nntrace/lessons beside its own
# folder (src/lesson/lookup.c), and a lesson its data in the datasets
# folder beside the lessons' folder, so any PREFIX works.  DESTDIR stages
# the tree elsewhere (packages); uninstall takes the same two and removes
# exactly what install put there.
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share/nntrace
MANDIR    = $(PREFIX)/share/man
DOCDIR    = $(PREFIX)/share/doc/nntrace
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
LESSONS   := $(wildcard lessons/*.lesson)
DATASETS  := $(wildcard datasets/*.csv)
# The documents for users; those about the source stay with it.
DOCS      := README.md docs/lesson-format.md docs/player.md docs/handouts.md

install: nntrace man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons \
	           $(DESTDIR)$(DATADIR)/datasets $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR) \
	           $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 nntrace $(DESTDIR)$(BINDIR)/nntrace
	install -m 644 $(LESSONS) $(DESTDIR)$(DATADIR)/lessons/
	install -m 644 $(DATASETS) $(DESTDIR)$(DATADIR)/datasets/
	install -m 644 $(BUILD)/man/nntrace.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/nntrace-lesson.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 completion/nntrace.bash $(DESTDIR)$(BASHCOMPDIR)/nntrace
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 644 datasets/README.md $(DESTDIR)$(DOCDIR)/datasets.md

# The folders of nntrace's own go if nothing else is left in them; the
# shared ones (bin, man1, ...) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nntrace \
	      $(LESSONS:lessons/%=$(DESTDIR)$(DATADIR)/lessons/%) \
	      $(DATASETS:datasets/%=$(DESTDIR)$(DATADIR)/datasets/%) \
	      $(DESTDIR)$(MANDIR)/man1/nntrace.1 \
	      $(DESTDIR)$(MANDIR)/man5/nntrace-lesson.5 \
	      $(DESTDIR)$(BASHCOMPDIR)/nntrace \
	      $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)) datasets.md)
	@for d in $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(DATADIR)/datasets \
	          $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR); do \
		[ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; \
	done

# ----------------------------------------------------------------------
# Debian package
# ----------------------------------------------------------------------
# `make deb` builds the package from a copy of the sources in
# $(BUILD)/deb/nntrace-$(VERSION) (dpkg-buildpackage writes its products
# beside the tree it builds, so they land in $(BUILD)/deb/, never in the
# sources), then runs lintian, which must find no error.  `make deb-check`
# also unpacks the package into a scratch root and runs it there
# (tests/suite-deb.sh, which make test runs too).
DEB_DIR  := $(BUILD)/deb
DEB_TREE := $(DEB_DIR)/nntrace-$(VERSION)
# What the package is built from: no tests, no build products.
DEB_SRC  := Makefile README.md completion datasets debian docs lessons man src

.PHONY: deb deb-deps deb-check

deb-deps: deps
	@NNTRACE_DEPS_FOR="make deb" sh tests/deps.sh debhelper dpkg-dev lintian

deb: deb-deps
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_TREE)
	@cp -R $(DEB_SRC) $(DEB_TREE)/
	@echo "  DEB     $(DEB_DIR)/nntrace_$(VERSION)_*.deb"
	@cd $(DEB_TREE) && env -u MAKEFLAGS -u MAKELEVEL \
		dpkg-buildpackage -us -uc -b -j$(JOBS) >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; echo "make deb: see $(DEB_DIR)/build.log"; exit 1; }
	@lintian --fail-on error --info --display-info $(DEB_DIR)/nntrace_$(VERSION)_*.changes

deb-check: deb
	@sh tests/suite-deb.sh $(DEB_DIR)

clean:
	rm -rf build build-* nntrace

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d)

# ----------------------------------------------------------------------
# Sanitizers, fuzzing, valgrind
# ----------------------------------------------------------------------
# The sanitizer and fuzz builds are this Makefile again, run with another
# BUILD folder and compiler, their flags passed in the environment: a
# CFLAGS on the command line would replace the project's flags instead of
# adding to them.
SAN_CC     ?= clang
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
# Seconds per harness for `make fuzz`.
FUZZ_TIME  ?= 180
FUZZ_HARNESSES := fuzz_lesson fuzz_csv fuzz_pipeline
FUZZ_BIN   := $(FUZZ_HARNESSES:%=$(BUILD)/fuzz/%)
# Each harness links only the layers it calls (never the player).
FUZZ_CSV_OBJ := $(filter $(BUILD)/src/core/% $(BUILD)/src/lesson/dataset.o \
                $(BUILD)/src/lesson/column.o,$(LIB_OBJ))
FUZZ_LESSON_OBJ := $(filter $(BUILD)/src/core/% $(BUILD)/src/lesson/%,$(LIB_OBJ))
FUZZ_PIPELINE_OBJ := $(filter-out $(BUILD)/src/tui/%,$(LIB_OBJ))

.PHONY: asan fuzz fuzz-build valgrind

# The program and the unit tests with ASan and UBSan, in build-asan/.
asan:
	@CFLAGS="-O1 -g $(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CC=$(SAN_CC) \
		$(ASAN_BUILD)/nntrace unit

# libFuzzer harnesses in build-fuzz/fuzz/.
fuzz-build:
	@CFLAGS="-O1 -g $(SAN_FLAGS) -fsanitize=fuzzer-no-link \
	-DNNTRACE_SRCDIR='\"$(CURDIR)\"'" \
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(SAN_CC) \
		$(FUZZ_HARNESSES:%=$(FUZZ_BUILD)/fuzz/%)

$(BUILD)/fuzz/fuzz_csv: tests/fuzz/fuzz_csv.c $(FUZZ_CSV_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $(filter %.c %.o,$^) -lcsv -lm

$(BUILD)/fuzz/fuzz_lesson: tests/fuzz/fuzz_lesson.c $(FUZZ_LESSON_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $(filter %.c %.o,$^) -lcsv -lm

$(BUILD)/fuzz/fuzz_pipeline: tests/fuzz/fuzz_pipeline.c $(FUZZ_PIPELINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $(filter %.c %.o,$^) -lcsv -lm

# Runs every harness for FUZZ_TIME seconds (make fuzz FUZZ_TIME=30).
fuzz: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
		sh tests/fuzz/run.sh $$h $(FUZZ_TIME) || exit 1; \
	done

# memcheck of check and dump on every bundled lesson.
valgrind:
	@$(MAKE) --no-print-directory nntrace
	@sh tests/suite-valgrind.sh

-include $(FUZZ_BIN:=.d)

# ----------------------------------------------------------------------
# Generated data sets
# ----------------------------------------------------------------------
# tools/reflectivity.c is a standalone generator, not part of the program:
# it computes datasets/reflectivity-*.csv from rock properties
# (datasets/README.md).  Its output is deterministic to the byte, and
# build/tests/test_reflectivity checks that the shipped files equal what
# it prints.
REFLECTIVITY_TOOL := $(BUILD)/tools/reflectivity

datasets: $(REFLECTIVITY_TOOL)
	$(REFLECTIVITY_TOOL) datasets

$(REFLECTIVITY_TOOL): tools/reflectivity.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

-include $(REFLECTIVITY_TOOL).d

# ----------------------------------------------------------------------
# Benchmark
# ----------------------------------------------------------------------
# `make bench` builds nntrace and bench/nntrace-bench (the in-process
# measurements, linked with the program's own objects, so with the same
# flags, and with bench/player.c, the player without a terminal), then
# runs bench/run.py, which prints the table and writes docs/performance.md.
# About a minute; not part of `make test`.  bench/deps.sh installs numpy
# for the comparisons.
BENCH_BIN := $(BUILD)/bench/nntrace-bench
BENCH_OBJ := $(BUILD)/bench/player.o

.PHONY: bench bench-deps datasets

bench: bench-deps
	@$(MAKE) --no-print-directory nntrace $(BENCH_BIN)
	@/usr/bin/python3 bench/run.py

bench-deps: deps
	@sh bench/deps.sh

$(BENCH_BIN): bench/nntrace-bench.c $(BENCH_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BENCH_OBJ) $(LIB_OBJ) $(LDLIBS)

-include $(BENCH_BIN).d $(BENCH_OBJ:.o=.d)
