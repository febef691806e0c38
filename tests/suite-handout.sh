#!/bin/sh
# Handouts of odd lessons and odd options (issue 13): every line of a text
# handout within --width; Markdown whose rendered text is the lesson's
# text, read back through a real CommonMark renderer (Debian's cmark); the
# size a handout would reach, refused past the cap unless --force, and
# found by `check` at the lesson's handout line.  Runs ./nntrace from the
# repository root; one "PASS name" or "FAIL name: why" line per case.
cd "$(dirname "$0")/.." || exit 70
nntrace=$(pwd)/nntrace
failed=0
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

if [ ! -x "$nntrace" ]; then
	fail build "no ./nntrace (run make first)"
	exit 1
fi

# --- every line within --width ---------------------------------------
# A line may run past the width only when it is one word (a number or a
# name longer than the width: nothing to break it at).  Columns are code
# points, as the handouts count them (no wide characters are written).
cat >"$tmp/width.py" <<'EOF'
import sys
width = int(sys.argv[1])
for n, line in enumerate(sys.stdin.read().split("\n"), 1):
    if len(line) > width and " " in line.strip():
        print("line %d has %d columns: %s" % (n, len(line), line))
        break
EOF
# At 40 also with 17 decimals, the most --precision gives: the loss
# table's three columns no longer fit, and the accuracy gets its own.
for w in 40 41 60 40p17; do
	prec=
	case $w in *p17) w=40 prec=17 ;; esac
	for f in lessons/*.lesson; do
		name=$(basename "$f" .lesson)
		cname=width-$w-$name
		[ -n "$prec" ] && cname=width-$w-precision-$prec-$name
		"$nntrace" dump --width "$w" ${prec:+--precision "$prec"} "$f" \
			>"$tmp/w.txt" 2>"$tmp/err"
		rc=$?
		long=$(/usr/bin/python3 "$tmp/width.py" "$w" <"$tmp/w.txt")
		if [ "$rc" -ne 0 ]; then
			fail "$cname" "exit $rc: $(head -n 1 "$tmp/err")"
		elif [ -n "$long" ]; then
			fail "$cname" "$long"
		else
			pass "$cname"
		fi
	done
done
# Long names in mlp-circles: a ReLU slope whose "(z > 0 ? 1 : 0)" only
# fits folded (14 + 32 columns), a name of 39 characters whose "name ="
# is one column too many at 40, and one of 64 (the longest allowed),
# which alone may overflow.
long=$tmp/long
mkdir "$long"
cp datasets/circles.csv "$long/"
sed 's/^name derivative drelu2$/name derivative relu_slope_two/
s/^name derivative drelu1$/name derivative slope_of_the_first_relu_layer_in_a_net1/
s/^name delta   dz1$/name delta delta_of_the_first_layer_named_as_long_as_a_name_may_be_at_all_x/' \
	lessons/mlp-circles.lesson >"$long/names.lesson"
if [ "$(grep -c '^name .*_' "$long/names.lesson")" -ne 3 ]; then
	fail width-long-names "the lesson's names were not replaced"
else
	for w in 40 41 60; do
		"$nntrace" dump --width "$w" "$long/names.lesson" >"$tmp/w.txt" 2>"$tmp/err"
		rc=$?
		long_line=$(/usr/bin/python3 "$tmp/width.py" "$w" <"$tmp/w.txt")
		if [ "$rc" -ne 0 ]; then
			fail "width-$w-long-names" "exit $rc: $(head -n 1 "$tmp/err")"
		elif [ -n "$long_line" ]; then
			fail "width-$w-long-names" "$long_line"
		else
			pass "width-$w-long-names"
		fi
	done
fi

# --- Markdown read back through CommonMark ---------------------------
# A lesson whose title, narration, names and file names hold every
# character and construct Markdown reads as syntax.  Each say is a
# paragraph of the handout, so the rendered paragraph must be its text.
if ! command -v cmark >/dev/null 2>&1; then
	fail markdown-cmark "no cmark (sh tests/deps.sh installs it)"
else
	md=$tmp/md
	mkdir "$md"
	printf 'in_*x*|<i>,y\n0,1\n1,0\n' >"$md/d_[1]*x*&amp;.csv"
	cp "$md/d_[1]*x*&amp;.csv" "$md/t\`e\`st.csv"
	cat >"$md/special.lesson" <<'EOF'
title Every *Markdown* _special_ `char`: [a](b) <b>x</b> &amp; &#35; ~~s~~ back\slash | pipe # end ##
source <http://example.com/a_b> and https://example.org/*x*, **bold** \* \_
description > a quote at the start of the introduction
  .
  1) a parenthesised item 2. a dotted one
data d_[1]*x*&amp;.csv
test-data t`e`st.csv
inputs in_*x*|<i>
targets y
name input _x_
name target __y__
layer 1 identity
bias no
weights [[0.5]]
loss squared
learning-rate 0.5
iterations 2
report loss every 1 Loss *a* <b> &amp; | `c` ~~s~~ \\:
say: > quote
say: 1) paren
say: 2. dot
say: 10) ten
say: - dash item
say: + plus item
say: * star item
say: # hash
say: ## two hashes
say: === under
say: --- rule
say: *** stars
say: ___ underscores
say: ``` a fence
say: ~~~ a tilde fence
say: <div>an HTML block</div>
say: an <b>inline</b> tag and <!-- a comment -->
say: [ref]: /url "title"
say: a [link](http://x.y) and an ![image](a.png) and [ref]
say: <http://auto.link/x> and <me@example.com> and http://bare.example.com and www.example.com
say: entities &amp; &#35; &#x23; &copy; and a plain & b
say: *emph* _under_ **strong** __strong__ snake_case_name 2*3*4
say: `code` and ``double ` tick`` spans
say: back\slash \* \_ and a trailing backslash\
say: | pipe | table |
say: |--|--|
say: ~~strike~~ and ~single~
say: 1. one
say: a line long enough to wrap, so that words land at the start of a line: > 1) # - = + 3. ## -- +
EOF
	# What the reader must see: the lesson's texts, and the field and
	# table that name its data file, tensors and columns (written out
	# by hand from the lesson above).
	{
		sed -n 's/^title /= /p; s/^say: /= /p' "$md/special.lesson"
		# A report is a code block, shown verbatim, value after label.
		printf '%s\n' '^ Loss *a* <b> &amp; | `c` ~~s~~ \\:0.'
		echo '= Source: <http://example.com/a_b> and https://example.org/*x*, **bold** \* \_'
		echo '= > a quote at the start of the introduction'
		echo '= 1) a parenthesised item 2. a dotted one'
		echo '= data: d_[1]*x*&amp;.csv: 2 samples, 1 input (_x_), 1 target (__y__), whole numbers'
		echo '^ | sample | in_*x*|<i> | target __y__ | prediction a1 |'
		echo '^ The prediction for sample 0 (in_*x*|<i> 0)'
		echo '^ The trained network (the parameters after the update of iteration 1), run forward on t`e`st.csv without learning: 2 samples, 0 of them outside the range it was trained on (in_*x*|<i> 0 to 1).'
	} >"$md/expected"
	(cd "$md" && "$nntrace" dump --format markdown special.lesson) \
		>"$md/out.md" 2>"$md/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail markdown-cmark "dump exit $rc: $(head -n 1 "$md/err")"
	elif ! cmark "$md/out.md" >"$md/out.html"; then
		fail markdown-cmark "cmark failed"
	elif ! /usr/bin/python3 tests/markdown_blocks.py "$md/out.html" \
		"$md/expected" >"$md/why"; then
		fail markdown-cmark "$(head -n 1 "$md/why") ($(wc -l <"$md/why") in all)"
	else
		pass markdown-cmark
	fi
fi

# --- the size of a handout -------------------------------------------
# A lesson of 10^8 iterations of a 2-sample, 3-weight network: every
# iteration of it is 10^8 x 19 operations, tens of gigabytes in any
# format, past the 1 GiB cap (DUMP_MAX_BYTES).
big=$tmp/big
mkdir "$big"
cat >"$big/long.lesson" <<'EOF'
title A long run
sample 0 0 1 -> 0
sample 1 1 1 -> 1
layer 1 sigmoid
init zeros
loss squared
learning-rate 0.5
iterations 100000000
EOF
sed 's/^title .*/title Every iteration/' "$big/long.lesson" >"$big/all.lesson"
echo 'handout all' >>"$big/all.lesson"
cap="more than the 1.0 GiB (DUMP_MAX_BYTES) written without --force"

# --iterations all: a usage error (64), nothing written, whatever the
# format; the output file is not created.  (Should the cap fail, a write
# past 10 MiB fails: ulimit -f.)
for f in text markdown csv; do
	(cd "$big" && ulimit -f 20480 && exec timeout 20 "$nntrace" dump \
		--format "$f" --iterations all long.lesson -o out.txt) \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 64 ] && [ ! -s "$tmp/out" ] && [ ! -e "$big/out.txt" ] &&
		grep -q "^long.lesson: error: the handout would be about .* GiB, $cap: choose fewer --iterations, or add --force$" "$tmp/err"; then
		pass "size-cap-$f"
	else
		fail "size-cap-$f" "exit $rc, stderr '$(head -n 1 "$tmp/err")'"
	fi
	rm -f "$big/out.txt"
done

# The lesson's own `handout all`: a data error (65) at the list, as
# `check` reports it.
(cd "$big" && ulimit -f 20480 && exec timeout 20 "$nntrace" dump all.lesson) \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 65 ] && [ ! -s "$tmp/out" ] &&
	grep -q "^all.lesson:9:9: error: the handout would be about .* GiB, $cap: list fewer iterations in its 'handout' line, choose them with --iterations, or add --force$" "$tmp/err"; then
	pass size-cap-lesson-list
else
	fail size-cap-lesson-list "exit $rc, stderr '$(head -n 1 "$tmp/err")'"
fi
(cd "$big" && exec timeout 20 "$nntrace" check all.lesson) >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 65 ] && [ ! -s "$tmp/out" ] &&
	grep -q "^all.lesson:9:9: error: the handout would be about .* GiB, $cap: list fewer iterations$" "$tmp/err"; then
	pass size-cap-check
else
	fail size-cap-check "exit $rc, stderr '$(head -n 1 "$tmp/err")'"
fi

# --force writes it: the reader stops after the title, and the dump stops
# quietly with it (a closed pipe is no error).
(cd "$big" && timeout 20 "$nntrace" dump --force --iterations all \
	long.lesson 2>"$tmp/err"; echo "st=$?" >"$tmp/st") | head -n 1 >"$tmp/out"
if [ "$(cat "$tmp/out")" = "A long run" ] && [ "$(cat "$tmp/st")" = st=0 ] &&
	[ ! -s "$tmp/err" ]; then
	pass size-force
else
	fail size-force "got '$(cat "$tmp/out")', $(cat "$tmp/st"), stderr '$(head -n 1 "$tmp/err")'"
fi

# --- values shown only never stop training ---------------------------
# tests/lessons/metric-inf.lesson and shown-inf.lesson (their comments
# work the numbers out): a metric and the published derivative z (1 - z)
# are infinite in every iteration, and all 3 iterations run.
for l in metric-inf shown-inf; do
	"$nntrace" dump "tests/lessons/$l.lesson" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	shown=$(grep -c '^---------- ITERATION #[012] ----------$' "$tmp/out")
	if [ "$rc" -eq 0 ] && [ "$shown" -eq 3 ] &&
		! grep -qi 'stopped' "$tmp/out" &&
		grep -q '^Trained 3 iterations (0 to 2)\.$' "$tmp/out" &&
		grep -q '^loss_binary_cross_entropy = .* = inf$' "$tmp/out"; then
		pass "shown-only-$l"
	else
		fail "shown-only-$l" "exit $rc, $shown iterations, $(grep -i stopped "$tmp/out" | head -n 1)"
	fi
done

[ "$failed" -eq 0 ]
