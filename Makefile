# nntrace -- see README.md.  `make run` opens the default lesson, `make test`
# runs every test; both first install the Debian packages they need.

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
VERSION := 0.1.0

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

.PHONY: all run test unit deps clean install mutate

all: nntrace

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
	$(Q)$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

run: deps
	@$(MAKE) --no-print-directory nntrace
	./nntrace

unit: $(TEST_BIN)

test: deps
	@$(MAKE) --no-print-directory WERROR=1 nntrace unit
	@sh tests/run-all.sh

# Plants each mutant of tests/mutate/mutants in a scratch copy of the tree,
# rebuilds and runs the tests it names; fails unless every one is caught
# (docs/testing.md).  Minutes, so not part of `make test`.
mutate: deps
	@$(MAKE) --no-print-directory nntrace unit
	@/usr/bin/python3 tests/mutate/mutate.py

install: nntrace
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nntrace/lessons \
	           $(DESTDIR)$(PREFIX)/share/nntrace/datasets
	install -m 755 nntrace $(DESTDIR)$(PREFIX)/bin/nntrace
	install -m 644 lessons/*.lesson $(DESTDIR)$(PREFIX)/share/nntrace/lessons/
	install -m 644 datasets/*.csv $(DESTDIR)$(PREFIX)/share/nntrace/datasets/

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
valgrind: nntrace
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
