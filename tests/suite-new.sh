#!/bin/sh
# `nntrace new`: lessons of several shapes, on written-in samples and on
# CSVs, each passing `check` and dumping, with the network --layers asked
# for; copies with --from; the refusals; and the player opening one (in
# tmux).  Expected widths, cell counts and samples are hand calculations
# from the options given (a layer of m inputs and n units has m*n
# weights), and the CSVs' columns as written below.
# Prints one "PASS name" or "FAIL name: why" line per case.
cd "$(dirname "$0")/.." || exit 70
top=$(pwd)
nntrace=$top/nntrace
failed=0
tmp=$(mktemp -d) || exit 70
T="tmux -L nntrace-new-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

# cells FILE.lesson TENSOR: how many cells of TENSOR iteration 0 writes
# (its rows in the CSV handout: the target "TENSOR[R,C]", or TENSOR
# alone for a 1x1 tensor).
cells() {
	"$nntrace" dump --format csv --iterations 0 "$1" |
		grep -cE "^0,[a-z]*,[0-9]*,[a-z-]*,(\"$2\[|$2,)"
}

# shape NAME FILE SAMPLES W1 W2...: FILE passes check and dumps; its
# first layer's z has SAMPLES*units cells and layer k's new weights
# Wk cells.
shape() {
	name=$1 f=$2 samples=$3
	shift 3
	if ! "$nntrace" check "$f" >"$tmp/out" 2>&1; then
		fail "$name" "check: $(head -n 2 "$tmp/out" | tr '\n' ' ')"
		return
	fi
	if ! "$nntrace" dump "$f" >/dev/null 2>"$tmp/err"; then
		fail "$name" "dump: $(head -n 1 "$tmp/err")"
		return
	fi
	if ! grep -q ", $samples samples," "$tmp/out"; then
		fail "$name" "not $samples samples: $(cat "$tmp/out")"
		return
	fi
	k=1
	for want in "$@"; do
		got=$(cells "$f" "W${k}_new")
		if [ "$got" != "$want" ]; then
			fail "$name" "W${k}_new has $got cells, expected $want"
			return
		fi
		k=$((k + 1))
	done
	# One layer more than the weights listed would be a layer too many.
	if [ "$(cells "$f" "W${k}_new")" != 0 ]; then
		fail "$name" "a layer $k that --layers did not ask for"
		return
	fi
	pass "$name"
}

# expect NAME STATUS PATTERN CMD...: exit status, and PATTERN (fixed) in
# stdout+stderr.
expect() {
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit $got, expected $want: $(head -n 2 "$tmp/out" | tr '\n' ' ')"
	elif ! grep -qF -- "$pat" "$tmp/out"; then
		fail "$name" "no '$pat' in: $(head -n 3 "$tmp/out" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

mkdir -p "$tmp/w" "$tmp/data" "$tmp/other"
cd "$tmp/w" || exit 70

# ------------------------------------------------------------ the shapes
# No options: 2,3,1 on the four patterns of two bits, XOR (hand: 2*3=6
# and 3*1=3 weights).
"$nntrace" new plain >/dev/null 2>&1
shape new-default plain.lesson 4 6 3
if grep -q '^say ' plain.lesson && grep -q '^predict ' plain.lesson &&
	grep -q '^sample *1 1 -> 0$' plain.lesson &&
	grep -q '^sample *0 1 -> 1$' plain.lesson; then
	pass new-default-script
else
	fail new-default-script "no say, predict or XOR samples"
fi

# Three inputs: all 8 patterns; two outputs, the second the opposite of
# the first (1 1 1 has three ones: odd, so 1, then 0).
"$nntrace" new --layers 3,4,2 three >/dev/null 2>&1
shape new-3-4-2 three.lesson 8 12 8
if grep -q '^sample *1 1 1 -> 1 0$' three.lesson; then
	pass new-3-4-2-targets
else
	fail new-3-4-2-targets "no 'sample 1 1 1 -> 1 0'"
fi

# Five inputs: the first 16 patterns; three layers (5*2, 2*2, 2*1).
"$nntrace" new --layers=5,2,2,1 deep.lesson >/dev/null 2>&1
shape new-5-2-2-1 deep.lesson 16 10 4 2
if [ -f deep.lesson ] && [ ! -e deep.lesson.lesson ]; then
	pass new-name-kept
else
	fail new-name-kept "a name ending in .lesson got another"
fi

# One layer, no hidden one: 1,1.
"$nntrace" new -l 1,1 one >/dev/null 2>&1
shape new-1-1 one.lesson 2 1

# A CSV beside the lesson: three rows, columns a b c t.
printf 'a,b,c,t\n0,0.5,1,1\n1,0,0.25,0\n0.5,1,0,1\n' >abc.csv
"$nntrace" new --data abc.csv csv3 >/dev/null 2>&1
shape new-data-default csv3.lesson 3 12 4
if grep -q '^inputs *a b c$' csv3.lesson &&
	grep -q '^targets *t$' csv3.lesson &&
	grep -q '^data *abc.csv$' csv3.lesson; then
	pass new-data-columns
else
	fail new-data-columns "inputs a b c, targets t, data abc.csv expected"
fi

# --layers picks the first columns as inputs, the last as targets.
"$nntrace" new --data abc.csv --layers 1,3,2 csv132 >/dev/null 2>&1
shape new-data-1-3-2 csv132.lesson 3 3 6
if grep -q '^inputs *a$' csv132.lesson &&
	grep -q '^targets *c t$' csv132.lesson; then
	pass new-data-1-3-2-columns
else
	fail new-data-1-3-2-columns "inputs a, targets c t expected"
fi
# Its first weighted sum reads sample 0's a, 0 (the CSV's first row).
f=$("$nntrace" dump --format csv --iterations 0 csv132.lesson |
	grep '"z1\[0,0\]"')
case $f in
*",(0 × "*) pass new-data-reads-csv ;;
*) fail new-data-reads-csv "z1[0,0] is not 0 times a weight: $f" ;;
esac

# A CSV in the data-set folder beside the lesson's folder (where a lesson
# may read data from), with targets outside [0, 1]: an absolute data path,
# an identity output layer; checked from a third folder.
mkdir -p "$tmp/datasets"
printf 'x,y\n0,-2\n1,3\n2,8\n3,13\n' >"$tmp/datasets/line.csv"
"$nntrace" new --data "$tmp/datasets/line.csv" --layers 1,2,1 line >/dev/null 2>&1
(cd "$tmp/other" && shape new-data-elsewhere "$tmp/w/line.lesson" 4 2 2)
if grep -q "^data *$tmp/datasets/line.csv\$" line.lesson &&
	grep -q '^layer *1 identity' line.lesson; then
	pass new-data-identity
else
	fail new-data-identity "absolute data path and identity output expected"
fi

# A CSV outside every folder a lesson may read data from: refused (66)
# before the lesson gets its name, the error at the new lesson's data
# line (never at the temporary file's name), nothing written.
cp "$tmp/datasets/line.csv" "$tmp/data/line.csv"
"$nntrace" new --data "$tmp/data/line.csv" --layers 1,2,1 outside >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 66 ] && [ ! -e outside.lesson ] &&
	grep -q "^outside.lesson:[0-9]*:[0-9]*: error: data file .* is not below the lesson's folder" "$tmp/err" &&
	! ls -a | grep -q '^\.outside'; then
	pass new-data-outside-refused
else
	fail new-data-outside-refused "rc $rc: $(head -1 "$tmp/err")"
fi

# ------------------------------------------------------------ copies
# A bundled lesson copied elsewhere: the same handout as the original
# (the numbers are the original's), a comment naming the source.
"$nntrace" new --from trask-11 copy >/dev/null 2>&1
if "$nntrace" check copy.lesson >/dev/null 2>&1 &&
	head -n 1 copy.lesson | grep -q "^# Copied .*lessons/trask-11.lesson" &&
	"$nntrace" dump --format csv copy.lesson >"$tmp/a.csv" &&
	"$nntrace" dump --format csv "$top/lessons/trask-11.lesson" >"$tmp/b.csv" &&
	cmp -s "$tmp/a.csv" "$tmp/b.csv"; then
	pass new-from-bundled
else
	fail new-from-bundled "the copy differs or fails check"
fi
# A file lesson with test data, copied into another folder.
"$nntrace" new -f "$top/lessons/reflectivity.lesson" "$tmp/other/refl" >/dev/null 2>&1
if (cd / && "$nntrace" check "$tmp/other/refl.lesson" >/dev/null 2>&1) &&
	grep -q "^test-data *$top/datasets/" "$tmp/other/refl.lesson"; then
	pass new-from-file
else
	fail new-from-file "the copy fails check or keeps a relative test-data"
fi

# ------------------------------------------------------------ refusals
echo "mine" >keep.lesson
expect refuse-existing 73 "exists already" "$nntrace" new keep
if [ "$(cat keep.lesson)" = mine ] && [ "$(wc -l <"$tmp/out")" -eq 1 ]; then
	pass refuse-existing-untouched
else
	fail refuse-existing-untouched "the file changed or the error is not one line"
fi
expect refuse-existing-from 73 "exists already" "$nntrace" new --from trask-11 keep.lesson
expect layers-zero 64 "--layers takes widths" "$nntrace" new --layers 2,0 bad1
expect layers-one 64 "at least one layer" "$nntrace" new --layers 2 bad2
expect layers-words 64 "--layers takes widths" "$nntrace" new --layers a,b bad3
expect layers-empty-item 64 "--layers takes widths" "$nntrace" new --layers 2,,1 bad4
expect layers-trailing 64 "--layers takes widths" "$nntrace" new --layers 2,3, bad5
expect layers-huge 64 "--layers takes widths" "$nntrace" new --layers 2,4097 bad6
expect layers-too-many 64 "at most 16 layers" "$nntrace" new \
	--layers 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 bad7
# abc.csv has 4 columns: 3 inputs and 2 targets need 5.
expect csv-too-few 65 "has 4 columns" "$nntrace" new --data abc.csv --layers 3,2 bad8
printf 'only\n1\n' >one.csv
expect csv-one-column 65 "has 1 column" "$nntrace" new --data one.csv bad9
printf 'a,b\n1,x\n' >cell.csv
expect csv-bad-cell 65 "cell.csv:2:3" "$nntrace" new --data cell.csv bad10
expect csv-missing 66 "no-such.csv" "$nntrace" new --data no-such.csv bad11
expect from-unknown 66 "no lesson 'no-such-lesson' to copy" "$nntrace" new --from no-such-lesson bad12
expect from-with-layers 64 "--from copies a lesson" "$nntrace" new --from trask-11 --layers 2,1 bad13
expect no-name 64 "new needs the name" "$nntrace" new
expect help 0 "usage: nntrace new" "$nntrace" new --help
# Nothing is left behind by a refusal: no lesson, no temporary file.
left=$(ls -a | grep -c 'bad')
if [ "$left" -eq 0 ]; then
	pass refuse-leaves-nothing
else
	fail refuse-leaves-nothing "$(ls -a | grep bad | tr '\n' ' ')"
fi
# A name with a control character is echoed as \xNN, never raw.
esc=$(printf '\033')
echo x >"e${esc}x.lesson"
"$nntrace" new "e${esc}x" >"$tmp/out" 2>&1
if grep -qF 'e\x1bx.lesson' "$tmp/out" && ! grep -q "$esc" "$tmp/out"; then
	pass refuse-name-sanitised
else
	fail refuse-name-sanitised "$(od -c "$tmp/out" | head -n 2 | tr '\n' ' ')"
fi

# ... and so is the name of a lesson written.
"$nntrace" new "n${esc}m" >"$tmp/out" 2>&1
if grep -qF 'wrote n\x1bm.lesson' "$tmp/out" && ! grep -q "$esc" "$tmp/out" &&
	"$nntrace" check "n${esc}m.lesson" >/dev/null 2>&1; then
	pass new-name-sanitised
else
	fail new-name-sanitised "$(od -c "$tmp/out" | head -n 2 | tr '\n' ' ')"
fi

# ------------------------------------------------------------ the player
# The default new lesson opens in the player at its first operation of
# 107 (hand count for 2,3,1 on 4 samples: forward z1, a1 4x3 each, z2, a2
# 4x1 each = 32; loss and error2 1+4 = 5; backward deriv2, delta2 4 each,
# dW2 3, db2 1, error1, deriv1, delta1 12 each, dW1 6, db1 3 = 57; update
# 6+3+3+1 = 13), with the narration it wrote.
if command -v tmux >/dev/null 2>&1; then
	. "$top/tests/tmux-lib.sh"
	$T new-session -d -s t -x 120 -y 40 \
		"env HOME=$tmp XDG_STATE_HOME=$tmp/state LANG=C.UTF-8 $nntrace $tmp/w/plain.lesson"
	if wait_for "op 1/107" 100 && wait_for "Write what" 50; then
		pass player-opens-new
	else
		fail player-opens-new "$(screen | head -n 3 | tr '\n' ' ')"
	fi
	key q
	# The player saves its place as it quits: let it finish first.
	n=0
	while $T has-session -t t 2>/dev/null && [ "$n" -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
else
	fail player-opens-new "tmux is not installed (make deps)"
fi

exit "$failed"
