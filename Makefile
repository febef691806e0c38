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

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c src/tui/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit deps clean install bench fuzz datasets

all: nntrace

deps:
	@sh tests/deps.sh

nntrace: $(BUILD)/nntrace
	cp $< $@

$(BUILD)/nntrace: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

run: deps
	@$(MAKE) --no-print-directory nntrace
	./nntrace

unit: $(TEST_BIN)

test: deps
	@$(MAKE) --no-print-directory WERROR=1 nntrace unit
	@sh tests/run-all.sh

install: nntrace
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nntrace/lessons \
	           $(DESTDIR)$(PREFIX)/share/nntrace/datasets
	install -m 755 nntrace $(DESTDIR)$(PREFIX)/bin/nntrace
	install -m 644 lessons/*.lesson $(DESTDIR)$(PREFIX)/share/nntrace/lessons/
	install -m 644 datasets/*.csv $(DESTDIR)$(PREFIX)/share/nntrace/datasets/

clean:
	rm -rf build build-* nntrace

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d)
