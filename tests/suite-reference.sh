#!/bin/sh
# Every bundled lesson against its independent numpy reference
# (tests/reference/LESSON.py, written from the lesson's source and
# settings, never from nntrace's output), and every test lesson that has
# one (tests/reference/lessons/LESSON.py for tests/lessons/LESSON.lesson,
# cases reference-test-LESSON).  For each lesson:
#
#   reference-LESSON        nntrace's CSV handout (the lesson's handout
#                           iterations) against the reference run with
#                           Debian's numpy as it is, SIMD exp and all,
#                           within compare.py's tolerance;
#   reference-LESSON-exact  the same against the reference run with
#                           numpy's SIMD loops off, so that its exp, log
#                           and tanh are glibc's as nntrace's are: every
#                           cell must be the same number.
#
# A lesson with test data also has its predictions checked against the
# Markdown handout.  Prints one "PASS name: ..." or "FAIL name: why" line
# per case and exits non-zero when any case fails.  numpy is Debian's
# python3-numpy, run as /usr/bin/python3 (tests/deps.sh installs it).
cd "$(dirname "$0")/.." || exit 70
nntrace=${NNTRACE:-./nntrace}
py=${NNTRACE_PYTHON:-/usr/bin/python3}
# The references import their helpers: no __pycache__ in the source tree.
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
failed=0
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

if [ ! -x "$nntrace" ]; then
	fail reference "no ./nntrace (run make first)"
	exit 1
fi
if [ ! -x "$py" ]; then
	fail reference "no $py (Debian's python3; run sh tests/deps.sh)"
	exit 1
fi
# numpy's matrix products are BLAS's.  Debian's reference BLAS (netlib,
# package libblas3) adds the products of each sum in order from +0, as
# nntrace does; an optimised BLAS (OpenBLAS, BLIS) chosen as the system's
# libblas.so.3 blocks and vectorises its sums, which changes their last
# bits.  The references therefore load the reference BLAS by its own
# path, whatever the system's alternative is.
blasdir=$(dpkg -L libblas3 2>/dev/null | sed -n 's|/libblas\.so\.3$||p' | head -n 1)
if [ -z "$blasdir" ] || [ ! -f "$blasdir/libblas.so.3" ]; then
	fail reference "no reference BLAS (Debian's libblas3; run sh tests/deps.sh)"
	exit 1
fi
LD_LIBRARY_PATH=$blasdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
# Every CPU feature numpy dispatches SIMD loops on: switching them all
# off (a documented numpy setting) leaves it glibc's exp, log and tanh.
# (On a machine without AVX-512 numpy's default loops may already be
# glibc's; the two runs then agree.)
if ! simd=$("$py" -c 'from numpy.core._multiarray_umath import __cpu_dispatch__ as d
print(" ".join(d))' 2>"$tmp/err"); then
	fail reference "no numpy for $py ($(tail -n 1 "$tmp/err"); run sh tests/deps.sh)"
	exit 1
fi

# compare LESSON REFERENCE CASE: the lesson's handout against its
# reference, both ways (above).
compare() {
	f=$1 ref=$2 name=$3
	if ! "$nntrace" dump --format csv "$f" >"$tmp/$name.csv" 2>"$tmp/err"; then
		fail "reference-$name" "nntrace dump: $(head -n 1 "$tmp/err")"
		return
	fi
	md=""
	if grep -q '^test-data' "$f"; then
		md="$tmp/$name.md"
		if ! "$nntrace" dump --format markdown "$f" >"$md" 2>"$tmp/err"; then
			fail "reference-$name" "nntrace dump --format markdown: $(head -n 1 "$tmp/err")"
			return
		fi
	fi
	for mode in default exact; do
		case=reference-$name
		opt=""
		if [ "$mode" = exact ]; then
			case=$case-exact
			opt=--exact
		fi
		if [ "$mode" = exact ]; then
			NPY_DISABLE_CPU_FEATURES=$simd "$py" "$ref" >"$tmp/$name.$mode" 2>"$tmp/err"
		else
			"$py" "$ref" >"$tmp/$name.$mode" 2>"$tmp/err"
		fi
		if [ $? -ne 0 ]; then
			fail "$case" "$ref: $(tail -n 1 "$tmp/err")"
			continue
		fi
		if out=$("$py" tests/reference/compare.py $opt ${md:+--markdown} ${md:+"$md"} \
			"$tmp/$name.csv" "$tmp/$name.$mode" 2>&1); then
			pass "$case: $out"
		else
			fail "$case" "$out"
		fi
	done
}

# Every bundled lesson has its reference.
for f in lessons/*.lesson; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .lesson)
	ref=tests/reference/$name.py
	if [ ! -f "$ref" ]; then
		fail "reference-$name" "no $ref"
		continue
	fi
	compare "$f" "$ref" "$name"
done
# A test lesson has one when it was written for it (the activations'
# test lessons); each reference names its lesson.
for ref in tests/reference/lessons/*.py; do
	[ -f "$ref" ] || continue
	name=$(basename "$ref" .py)
	f=tests/lessons/$name.lesson
	if [ ! -f "$f" ]; then
		fail "reference-test-$name" "no $f for $ref"
		continue
	fi
	compare "$f" "$ref" "test-$name"
done
exit $failed
