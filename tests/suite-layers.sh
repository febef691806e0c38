#!/bin/sh
# The layering rule of src/LAYERS (tests/layers.py): no include points to a
# higher layer or sideways, no include cycle inside a folder, no folder
# left out of the list.  First the checker is shown each fault in a small
# tree made here and must report it; then it runs on src/.  One PASS/FAIL
# line per case; any FAIL makes the exit status 1.
cd "$(dirname "$0")/.." || exit 70
py=${NNTRACE_PYTHON:-/usr/bin/python3}
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT

# tree NAME: a fresh tree $t with two layers, low and high, each with one
# module that breaks nothing.
tree() {
	t=$tmp/$1
	mkdir -p "$t/src/low" "$t/src/high" || exit 70
	printf 'low\nhigh\n.\n' >"$t/src/LAYERS"
	printf '#include "low/a.h"\n' >"$t/src/low/a.c"
	: >"$t/src/low/a.h"
	printf '#include "high/b.h"\n#include "low/a.h"\n' >"$t/src/high/b.c"
	: >"$t/src/high/b.h"
	printf '#include "high/b.h"\n#include <stdio.h>\n' >"$t/src/main.c"
}

# faulty NAME MESSAGE: the checker must fail on tree $t and say MESSAGE.
faulty() {
	if "$py" tests/layers.py "$t" >"$tmp/out" 2>&1; then
		fail "layers-$1" "the checker passed: $(head -n 1 "$tmp/out")"
	elif ! grep -qF -- "$2" "$tmp/out"; then
		fail "layers-$1" "no '$2' in: $(head -n 2 "$tmp/out" | tr '\n' ' ')"
	else
		pass "layers-$1"
	fi
}

tree clean
if "$py" tests/layers.py "$t" >"$tmp/out" 2>&1; then
	pass layers-clean-tree
else
	fail layers-clean-tree "$(head -n 2 "$tmp/out" | tr '\n' ' ')"
fi

tree upward
printf '#include "high/b.h"\n' >>"$t/src/low/a.h"
faulty upward "src/low/a.h:1: includes src/high/b.h: a higher layer"

# Found the way the compiler finds it: from the file's own folder first.
tree upward-relative
printf '#include "../high/b.h"\n' >>"$t/src/low/a.c"
faulty upward-relative "src/low/a.c:2: includes src/high/b.h: a higher layer"

tree sideways
mkdir -p "$t/src/side"
printf 'low\nhigh side\n.\n' >"$t/src/LAYERS"
: >"$t/src/side/c.h"
printf '#include "side/c.h"\n' >>"$t/src/high/b.c"
faulty sideways "includes src/side/c.h: a folder on the same line"

tree cycle
printf '#include "high/d.h"\n' >>"$t/src/high/b.h"
printf '#include "high/b.h"\n' >"$t/src/high/d.c"
: >"$t/src/high/d.h"
faulty cycle "src/high: include cycle: b -> d -> b"

tree unlisted
mkdir -p "$t/src/extra"
: >"$t/src/extra/e.c"
faulty unlisted "folder extra is not in src/LAYERS"

# And the real tree.
if "$py" tests/layers.py >"$tmp/out" 2>&1; then
	pass "layers-src: $(cat "$tmp/out")"
else
	fail layers-src "$(head -n 5 "$tmp/out" | tr '\n' ';')"
fi

exit $failed
