#!/bin/sh
# Handouts for a class (docs/handouts.md): worksheets and answer keys,
# printable text pages, summarised tensors, plots that print, and the
# HTML handout, of every bundled lesson.  Runs ./nntrace (built by
# `make`) from the repo root; prints one "PASS name" or "FAIL name: why"
# line per case and exits non-zero when any case fails.
#
# Expected values are never nntrace's own:
# - an exercise's value is the lesson's numpy reference's
#   (tests/reference/LESSON.py, run as suite-reference runs its exact
#   mode: reference BLAS, numpy's SIMD loops off), the exercises are read
#   from the lesson file, and tests/handouts.py searches the worksheet for
#   every form that would show each value;
# - pages, calculations kept whole, strict HTML: the documented rules,
#   checked by tests/handouts.py and xmllint (libxml2's XML parser);
# - summarised tensors: numpy's own print of the same array with
#   np.set_printoptions(threshold=100);
# - the PDF (WeasyPrint, then pdftotext and pdfinfo from poppler-utils):
#   the seeds' iteration-0 values (../shared/REFERENCE.md), the
#   iterations the lesson's `handout` line names.
cd "$(dirname "$0")/.." || exit 70
nntrace=./nntrace
py=${NNTRACE_PYTHON:-/usr/bin/python3}
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
	fail build "no ./nntrace (run make first)"
	exit 1
fi
if [ ! -x "$py" ]; then
	fail handouts "no $py (Debian's python3; run sh tests/deps.sh)"
	exit 1
fi

# check NAME CMD...: a check that prints what it found; PASS with it, or
# FAIL with why.
check() {
	c_name=$1
	shift
	if out=$("$@" 2>&1); then
		pass "$c_name: $out"
	else
		fail "$c_name" "$(printf '%s' "$out" | head -c 400)"
	fi
}

# The references as suite-reference's exact mode runs them: every cell
# the same double as nntrace's (docs/testing.md).
blasdir=$(dpkg -L libblas3 2>/dev/null | sed -n 's|/libblas\.so\.3$||p' | head -n 1)
LD_LIBRARY_PATH=$blasdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
simd=$("$py" -c 'from numpy.core._multiarray_umath import __cpu_dispatch__ as d
print(" ".join(d))' 2>/dev/null)

# --- worksheets and keys: every bundled lesson, every format ---------
for f in lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	ref=$tmp/$name.ref
	if ! NPY_DISABLE_CPU_FEATURES=$simd "$py" "tests/reference/$name.py" \
		>"$ref" 2>"$tmp/err"; then
		fail "worksheet-$name" "tests/reference/$name.py: $(tail -n 1 "$tmp/err")"
		continue
	fi
	prec=$(sed -n 's/^precision[[:space:]]*\([0-9]*\).*/\1/p' "$f")
	for fmt in text markdown html csv; do
		ok=1
		for v in plain worksheet answers; do
			opt=""
			[ $v = plain ] || opt=--$v
			if ! $nntrace dump --format $fmt $opt "$f" >"$tmp/$name.$v.$fmt" \
				2>"$tmp/err" || [ ! -s "$tmp/$name.$v.$fmt" ]; then
				fail "worksheet-$name-$fmt" "dump --format $fmt $opt: $(head -n 1 "$tmp/err")"
				ok=0
			fi
		done
		[ $ok = 1 ] || continue
		key=$tmp/$name.answers.$fmt
		[ $fmt = csv ] && key=-
		check "worksheet-$name-$fmt" "$py" tests/handouts.py worksheet "$f" \
			"$ref" "${prec:-8}" "$tmp/$name.worksheet.$fmt" "$key"
	done
	# The HTML handouts: strictly valid, well-formed XML, SVG plots.
	for v in plain worksheet answers; do
		h=$tmp/$name.$v.html
		cp "$h" "$tmp/$name.$v.xml" 2>/dev/null
		if ! xmllint --noout --nonet "$h" 2>"$tmp/err"; then
			fail "html-$name-$v" "xmllint: $(head -n 1 "$tmp/err")"
		else
			check "html-$name-$v" "$py" tests/handouts.py html "$h" 1
		fi
	done
done

# --- one number style per tensor, in every format ------------------------
# Each calculation's result is written as the next printout of its tensor
# shows that cell (scientific only where numpy prints the tensor so, and
# then after the note), with the minus sign U+2212: the documented rules
# (docs/handouts.md, "How the numbers are written"), checked by
# tests/handouts.py against the tables and arrays of the same handout.
for f in lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	for fmt in text markdown html; do
		if LC_ALL=C.UTF-8 $nntrace dump --format $fmt "$f" >"$tmp/style.$fmt" 2>"$tmp/err"; then
			check "styles-$name-$fmt" "$py" tests/handouts.py styles \
				"$tmp/style.$fmt" $fmt
		else
			fail "styles-$name-$fmt" "$(head -n 1 "$tmp/err")"
		fi
	done
done

# --- a worksheet is the plain handout with blanks --------------------
# Questions lose their answers; the plain handout keeps them (trask-11's
# predict: -0.97401842, seed 002) and shows no exercise.
t=$tmp/trask-11
if grep -q "(answer: −0.97401842)" "$t.plain.text" &&
	! grep -q "Exercise" "$t.plain.text" &&
	! grep -q "(answer:" "$t.worksheet.text" &&
	[ "$(grep -c '^  Exercise [0-9]*\. ' "$t.worksheet.text")" -eq 4 ] &&
	[ "$(grep -c '^  Exercise [0-9]*\. ' "$t.answers.text")" -eq 4 ]; then
	pass worksheet-variants
else
	fail worksheet-variants "answers or exercises where they do not belong"
fi
# The CSV worksheet: the exercise column, its rows' values left out.
head -n 1 "$t.worksheet.csv" >"$tmp/head"
rows=$(awk -F, '$NF ~ /^[0-9]+$/' "$t.worksheet.csv" | wc -l)
empty=$(awk -F, '$NF ~ /^[0-9]+$/ && $(NF-2) == ""' "$t.worksheet.csv" | wc -l)
if [ "$(cat "$tmp/head")" = "iteration,phase,step,op,target,value,formula,exercise" ] &&
	[ "$rows" -eq 4 ] && [ "$empty" -eq 4 ]; then
	pass worksheet-csv
else
	fail worksheet-csv "header '$(cat "$tmp/head")', $rows exercise rows, $empty without a value"
fi

# --- text pages --------------------------------------------------------
for f in lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	$nntrace dump "$f" >"$tmp/plain.txt" 2>/dev/null
	for n in 24 66; do
		opt="--page-length $n"
		[ $n = 66 ] && opt=--print
		if $nntrace dump $opt "$f" >"$tmp/paged.txt" 2>"$tmp/err"; then
			check "pages-$name-$n" "$py" tests/handouts.py pages \
				"$tmp/paged.txt" "$tmp/plain.txt" $n 80
		else
			fail "pages-$name-$n" "$(head -n 1 "$tmp/err")"
		fi
	done
done
# A worksheet prints too, and in its own name.
$nntrace dump --worksheet trask-11 >"$tmp/plain.txt" 2>/dev/null
$nntrace dump --worksheet --page-length 40 trask-11 >"$tmp/paged.txt" 2>/dev/null
if head -n 1 "$tmp/paged.txt" | grep -q "^The annotated 11-line network (worksheet) *page 1$"; then
	check pages-worksheet "$py" tests/handouts.py pages "$tmp/paged.txt" \
		"$tmp/plain.txt" 40 80
else
	fail pages-worksheet "header '$(head -n 1 "$tmp/paged.txt")'"
fi

# --- summarised tensors, as numpy prints them ---------------------------
# mlp-circles, its own handout: under 2,000 lines (23,047 before its
# 1,000-row tensors were summarised).
n=$($nntrace dump mlp-circles 2>/dev/null | wc -l)
if [ "$n" -gt 100 ] && [ "$n" -lt 2000 ]; then
	pass "mlp-circles-lines: $n"
else
	fail mlp-circles-lines "$n lines"
fi
# X (1000 x 2, datasets/circles.csv) and iteration 0's a3 (1000 x 1, the
# reference's values) as numpy prints them with threshold=100, and with
# --full as numpy prints them whole.
$nntrace dump -i 0 mlp-circles >"$tmp/mlp.txt" 2>/dev/null
$nntrace dump --full -i 0 mlp-circles >"$tmp/full.txt" 2>/dev/null
check summary-as-numpy "$py" tests/handouts.py numpy "$tmp/mlp.txt" \
	"$tmp/full.txt" "$tmp/mlp-circles.ref"

# --- plots that print --------------------------------------------------
# No braille (U+2800-U+28FF: bytes e2 a0-a3) in a file or in Markdown;
# braille on a UTF-8 terminal (script(1) gives the dump one).
braille() { LC_ALL=C grep -c "$(printf '\342[\240-\243]')" "$1"; }
$nntrace dump -i 0 trask-11 >"$tmp/file.txt" 2>/dev/null
$nntrace dump -i 0 --format markdown trask-11 >"$tmp/file.md" 2>/dev/null
script -qc "$nntrace dump -i 0 trask-11" /dev/null >"$tmp/tty.txt" 2>&1
if [ "$(braille "$tmp/file.txt")" -eq 0 ] && [ "$(braille "$tmp/file.md")" -eq 0 ] &&
	[ "$(braille "$tmp/tty.txt")" -gt 0 ]; then
	pass plots-default
else
	fail plots-default "braille lines: file $(braille "$tmp/file.txt"), markdown $(braille "$tmp/file.md"), terminal $(braille "$tmp/tty.txt")"
fi
$nntrace dump -i 0 --plots braille trask-11 >"$tmp/b.txt" 2>/dev/null
$nntrace dump -i 0 --plots none trask-11 >"$tmp/n.txt" 2>/dev/null
if [ "$(braille "$tmp/b.txt")" -gt 0 ] && ! grep -q "loss during training" "$tmp/n.txt" &&
	grep -q "^Final loss" "$tmp/n.txt"; then
	pass plots-options
else
	fail plots-options "--plots braille or none not obeyed"
fi
# Every plot has its axes' names and a legend: the loss curve (y: the
# loss, x: iteration), reflectivity's predictions (y: rc, x: angle).
$nntrace dump reflectivity >"$tmp/r.txt" 2>/dev/null
if grep -q "^loss (log scale)$" "$tmp/file.txt" && grep -q "^ *iteration$" "$tmp/file.txt" &&
	grep -q "^ *-- loss during training$" "$tmp/file.txt" &&
	grep -q "^rc$" "$tmp/r.txt" && grep -q "^ *angle$" "$tmp/r.txt" &&
	grep -q "^ *-- target rc   x prediction a2   : trained on angle 0 to 30$" "$tmp/r.txt"; then
	pass plots-legends
else
	fail plots-legends "an axis name or a legend missing"
fi

# --- HTML: everything escaped, nothing fetched ---------------------------
cat >"$tmp/hostile.lesson" <<'EOF'
title        A <script>alert("x")</script> & 'friends' </html>
description  <b>Not bold</b>, &amp; not an entity, ]]> <!-- nor a comment
data         trask.csv
inputs       x1 x2 x3
targets      y
convention   rows
layer        1 sigmoid
bias         no
init         uniform -1 1
seed         123
loss         squared
learning-rate 1
iterations   2
say iteration 0 forward: <img src="http://example.com/x.png"> & more
predict iteration 0 a1[1,0]: What is <i>this</i>?
hint         <a href="https://example.com">look</a>
EOF
cp datasets/trask.csv "$tmp/trask.csv"
if $nntrace dump --format html "$tmp/hostile.lesson" >"$tmp/hostile.html" 2>"$tmp/err" &&
	xmllint --noout --nonet "$tmp/hostile.html" 2>>"$tmp/err" &&
	grep -q "A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39; &lt;/html&gt;" "$tmp/hostile.html" &&
	grep -q "&lt;img src=&quot;http" "$tmp/hostile.html"; then
	check html-escaped "$py" tests/handouts.py html "$tmp/hostile.html" 1
else
	fail html-escaped "$(head -n 1 "$tmp/err")"
fi

# --- the HTML printed to PDF ---------------------------------------------
# WeasyPrint (tests/deps.sh installs it), then poppler's pdfinfo and
# pdftotext.  Iteration 0's values: seed 002's (trask-11: the weights,
# the first dot products, l1, the derivative the article misprints, a
# delta) and seed 001's (softmax-333: a2 and the three losses).
pdf() {
	p_name=$1 its=$2 user_css=$3
	shift 3
	if ! command -v weasyprint >/dev/null || ! command -v pdftotext >/dev/null; then
		fail "pdf-$p_name" "no weasyprint or pdftotext (run sh tests/deps.sh)"
		return
	fi
	h=$tmp/${p_name%-a6}.plain.html
	if ! weasyprint -q ${user_css:+-s "$user_css"} "$h" "$tmp/$p_name.pdf" \
		2>"$tmp/err"; then
		fail "pdf-$p_name" "weasyprint: $(tail -n 1 "$tmp/err")"
		return
	fi
	pages=$(pdfinfo "$tmp/$p_name.pdf" | awk '/^Pages:/ { print $2 }')
	pdftotext -enc UTF-8 "$tmp/$p_name.pdf" "$tmp/$p_name.pdf.txt"
	check "pdf-$p_name" "$py" tests/handouts.py pdf "$tmp/$p_name.pdf.txt" \
		"$h" "$pages" "$its" "$@"
}
pdf trask-11 0,1,9999 "" 0.39293837 −0.42772133 −0.54629709 −0.97401842 \
	0.36672394 0.27408027 0.46173529 0.35868411 0.23002982 0.14752178
pdf softmax-333 0,1,9 "" 0.18855564 0.58198547 0.22945889 0.26294076 \
	0.83602906 0.5413098
# On pages of A6 (a user style sheet) many calculations meet a page's
# end: each must still be on one page.
echo '@page { size: A6 !important }' >"$tmp/a6.css"
pdf trask-11-a6 0,1,9999 "$tmp/a6.css" 0.39293837 −0.97401842 0.14752178

# --- mini-batches (issue 15) in every format -----------------------------
# tests/lessons/minibatch-split.lesson: 23 samples, `split 0.2` holds out
# the last 5, the 18 left train in file order (`shuffle no`) in batches of
# 6, so 3 an epoch; its handout shows iterations 0, 2, 3 and last = 11
# (4 epochs x 3).  By hand: iteration i is epoch i / 3, batch i % 3 + 1,
# samples 6 (i % 3) to 6 (i % 3) + 5.  Each format, the worksheet too,
# names every shown iteration's batch.
b0='Epoch 0, batch 1 of 3: samples 0, 1, 2, 3, 4, 5 of the data:'
b2='Epoch 0, batch 3 of 3: samples 12, 13, 14, 15, 16, 17 of the data:'
b3='Epoch 1, batch 1 of 3: samples 0, 1, 2, 3, 4, 5 of the data:'
b11='Epoch 3, batch 3 of 3: samples 12, 13, 14, 15, 16, 17 of the data:'
for v in text markdown html worksheet.html; do
	case $v in
	worksheet.*) $nntrace dump --worksheet --format html \
		tests/lessons/minibatch-split.lesson >"$tmp/mb" 2>&1 ;;
	*) $nntrace dump --format $v tests/lessons/minibatch-split.lesson \
		>"$tmp/mb" 2>&1 ;;
	esac
	missing=""
	for b in "$b0" "$b2" "$b3" "$b11"; do
		grep -qF -- "$b" "$tmp/mb" || missing="$missing '$b'"
	done
	n=$(grep -c 'Epoch [0-9]*, batch' "$tmp/mb")
	if [ -n "$missing" ]; then
		fail "batch-lines-$v" "missing:$missing"
	elif [ "$n" -ne 4 ]; then
		fail "batch-lines-$v" "$n batch lines, want 4"
	else
		pass "batch-lines-$v"
	fi
done

# --- the command line ----------------------------------------------------
usage() {
	u_name=$1 pat=$2
	shift 2
	$nntrace dump "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 64 ]; then
		fail "$u_name" "exit $rc (want 64)"
	elif ! grep -qF -- "$pat" "$tmp/err" || ! grep -q "Try 'nntrace dump --help'" "$tmp/err"; then
		fail "$u_name" "stderr '$(head -n 1 "$tmp/err")'"
	elif [ -s "$tmp/out" ]; then
		fail "$u_name" "wrote to standard output"
	else
		pass "$u_name"
	fi
}
usage usage-worksheet-and-key "not both" --worksheet --answers trask-11
usage usage-pages-markdown "for text handouts" --print --format markdown trask-11
usage usage-page-length "from 20 to 10000" --page-length 5 trask-11
usage usage-plots-style "unknown plot style 'svg'" --plots svg trask-11
usage usage-plots-csv "no plots" --plots ascii --format csv trask-11
usage usage-plots-html "SVG" --plots braille --format html trask-11
LC_ALL=C usage usage-braille-ascii "UTF-8" --plots braille trask-11
# Every long option of dump (main.c's table) is in `nntrace dump --help`.
opts=$(awk '/^static int cmd_dump/,/^}/' src/main.c |
	sed -n 's/^[[:space:]]*{"\([a-z-]*\)", [a-z_]*, NULL,.*/\1/p')
$nntrace dump --help >"$tmp/help"
missing=""
for o in $opts; do
	grep -q -- "--$o\b" "$tmp/help" || missing="$missing --$o"
done
if [ -z "$opts" ]; then
	fail dump-help-options "no options read from src/main.c"
elif [ -n "$missing" ]; then
	fail dump-help-options "not in --help:$missing"
else
	pass "dump-help-options: $(echo $opts | wc -w) options"
fi

exit $failed
