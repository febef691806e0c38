#!/bin/sh
# The command line: help, version, usage errors and their exit codes,
# `check` and `lessons`, bare lesson names from any folder, and the seeds'
# numbers in the bundled lessons' handouts (expected values from
# ../shared/REFERENCE.md, i.e. what the source documents print).
# Prints one "PASS name" or "FAIL name: why" line per case.
cd "$(dirname "$0")/.." || exit 70
top=$(pwd)
nntrace=$top/nntrace
failed=0
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

# expect NAME STATUS PATTERN CMD...: runs CMD, checks the exit status and
# that stdout+stderr contain PATTERN (a fixed string).
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

expect help 0 "usage: nntrace" "$nntrace" --help
expect help-short 0 "nntrace dump" "$nntrace" -h
expect version 0 "nntrace 0." "$nntrace" --version
expect version-short 0 "nntrace 0." "$nntrace" -V
expect unknown-option 64 "nntrace: unknown option '--bogus'" "$nntrace" --bogus
expect unknown-option-hint 64 "Try 'nntrace --help'." "$nntrace" --bogus
expect check-no-lesson 64 "check needs at least one lesson" "$nntrace" check
expect check-missing 66 "nntrace: no lesson 'no-such-lesson'" "$nntrace" check no-such-lesson
expect lessons-extra 64 "'lessons' takes no arguments" "$nntrace" lessons extra
expect dump-no-lesson 64 "dump needs a lesson" "$nntrace" dump
expect dump-bad-list 64 "Try 'nntrace dump --help'." "$nntrace" dump --iterations 3-1 trask-11
expect dump-past-last 64 "past the last" "$nntrace" dump --iterations 20000 trask-11
expect play-two-lessons 64 "one too many" "$nntrace" play trask-11 trask-xor
expect play-bad-option 64 "unknown option '--colour'" "$nntrace" play --colour trask-11

# check: every bundled lesson is clean, with a one-line summary each.
expect check-bundled 0 "ok: \"The annotated 11-line network\", 1 layer, 4 samples, 10000 iterations" \
	"$nntrace" check lessons/*.lesson
n=$("$nntrace" check lessons/*.lesson 2>&1 | grep -c ': ok: ')
total=$(ls lessons/*.lesson | wc -l)
if [ "$n" -eq "$total" ]; then pass check-all-ok; else fail check-all-ok "$n of $total ok"; fi

# check reports every error, not just the first, with file:line:col.
cat >"$tmp/two.lesson" <<'LESSON'
title two errors
sample 1 -> 1
layer 1 sigmoyd
loss error
learning-rate fast
iterations 3
LESSON
expect check-first-error 65 "two.lesson:3:9: error: unknown activation 'sigmoyd' (did you mean 'sigmoid'?)" \
	"$nntrace" check "$tmp/two.lesson"
expect check-second-error 65 "two.lesson:5:15: error:" "$nntrace" check "$tmp/two.lesson"
# A selector naming an operation that does not exist (needs the network).
cat >"$tmp/cue.lesson" <<'LESSON'
title a cue on nothing
sample 1 -> 1
layer 1 sigmoid
seed 1
loss error
learning-rate 1
iterations 3
say iteration 0 forward a2[0,0]: there is no layer 2
say iteration 7 forward a1[0,0]: past the last iteration
say iteration 0 backward a1[0,0]: a1 is computed in the forward phase
LESSON
# Each error points at the word that is wrong (docs/lesson-format.md,
# "Errors"): the tensor at column 25 ("say iteration 0 forward " is 24
# characters), the iteration number at 15, the term after which nothing
# matches at 26, explained by where a1 is computed.
expect check-unknown-tensor 65 "cue.lesson:8:25: error: no tensor named 'a2' (did you mean 'a1'?)" \
	"$nntrace" check "$tmp/cue.lesson"
expect check-past-last 65 "cue.lesson:9:15: error: iteration 7 does not exist (the lesson runs iterations 0 to 2)" \
	"$nntrace" check "$tmp/cue.lesson"
expect check-no-match 65 "cue.lesson:10:26: error: no operation matches this selector: 'a1' is computed by sigmoid operations in the forward phase" \
	"$nntrace" check "$tmp/cue.lesson"
# A good lesson and a bad one: the good one still gets its summary.
expect check-mixed 65 "ok: \"The annotated 11-line network\"" "$nntrace" check trask-11 "$tmp/two.lesson"

# One run finds every independent mistake -- in the script, the data, the
# network, the starting values, the training -- and lists them in the
# order of the lines (docs/lesson-format.md, "Errors").  Each message is
# written here from the rules of that page: the columns count from the
# line's first character; 'a3' has a1 and a2 one edit away, a1 first in
# the network's order; the bad sample is reported whole, at column 1; the
# mix of init and biases is one error at the later line; layer 2's
# activation is unknown, so whether an operation matches line 14's
# selector cannot be said, and a note says so after the errors.
cat >"$tmp/many.lesson" <<'LESSON'
title Many mistakes at once
say iteration 0 forward a3[0,0]: a tensor the network does not have
sample 0 0 1 -> 0
sample 0 1 -> 1
sample 1 0 1 -> 1
layer 4 sigmoid
layer 1 sigmoyd
init zeros
biases [0]
seed 1
loss squared
learning-rate 0
iterations 100
pause iteration 100 forward z1
say iteration 0 backwards: a misspelt phase
LESSON
m=$tmp/many.lesson
cat >"$tmp/many.want" <<WANT
$m:2:25: error: no tensor named 'a3' (did you mean 'a1'?)
$m:4:1: error: this sample has 2 inputs and 1 target, but the first one (line 3) has 3 and 1
$m:7:9: error: unknown activation 'sigmoyd' (did you mean 'sigmoid'?)
$m:9:1: error: layer 2 has both 'init' (line 8) and written-out values ('biases', line 9): keep one or the other (written out, 'biases' needs 'weights' too)
$m:12:15: error: learning rate must be greater than 0 and at most 1000000, not 0
$m:14:17: error: iteration 100 does not exist (the lesson runs iterations 0 to 99)
$m:15:17: error: no tensor named 'backwards' (did you mean the phase 'backward'?)
$m: note: not checked for the errors above: whether an operation matches the selectors on line 14 (the network's operations are not known)
WANT
"$nntrace" check "$m" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ "$st" -eq 65 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/err" "$tmp/many.want"; then
	pass check-one-pass
else
	fail check-one-pass "exit $st; $(diff "$tmp/many.want" "$tmp/err" | head -n 6 | tr '\n' '|')"
fi
# With the activation right the network is known whole: the names are
# still checked, and so is line 14's selector, which matches (z1 is
# computed in the forward phase), so only its iteration is wrong.
sed 's/sigmoyd/sigmoid/' "$m" >"$tmp/many2.lesson"
"$nntrace" check "$tmp/many2.lesson" >/dev/null 2>"$tmp/err"
if [ "$(grep -c ': error: ' "$tmp/err")" -eq 6 ] && ! grep -q ': note: ' "$tmp/err" &&
	grep -qF "many2.lesson:14:17: error: iteration 100 does not exist" "$tmp/err"; then
	pass check-one-pass-network-known
else
	fail check-one-pass-network-known "$(tr '\n' '|' <"$tmp/err")"
fi
# Without a data file the lesson's other errors are still listed, in line
# order, and the exit status is 66 (docs/lesson-format.md, "Errors": an
# input that cannot be opened wins over mistakes in the text).
cat >"$tmp/nodata.lesson" <<'LESSON'
title No data
layer 1 sigmoyd
seed 1
data no-such-file.csv
inputs x
targets y
loss squared
learning-rate 1
iterations 3
LESSON
"$nntrace" check "$tmp/nodata.lesson" >/dev/null 2>"$tmp/err"
st=$?
if [ "$st" -eq 66 ] && [ "$(sed -n 1p "$tmp/err")" = "$tmp/nodata.lesson:2:9: error: unknown activation 'sigmoyd' (did you mean 'sigmoid'?)" ] &&
	[ "$(sed -n 2p "$tmp/err")" = "$tmp/nodata.lesson:4:6: error: cannot open data file 'no-such-file.csv': No such file or directory" ]; then
	pass check-status-noinput-wins
else
	fail check-status-noinput-wins "exit $st; $(head -n 2 "$tmp/err" | tr '\n' '|')"
fi

# A data file's errors come after the lesson's, by the CSV's own line and
# column, though the CSV is read before the checks after the last line.
mkdir "$tmp/csv"
printf 'x,y\n0,1\n1,abc\n' >"$tmp/csv/bad.csv"
cat >"$tmp/csv/bad.lesson" <<'LESSON'
title A bad cell
data bad.csv
inputs x
targets y
layer 1 sigmoid
loss squared
learning-rate 1
iterations 3
LESSON
"$nntrace" check "$tmp/csv/bad.lesson" >/dev/null 2>"$tmp/err"
if [ "$(sed -n 1p "$tmp/err")" = "$tmp/csv/bad.lesson:5:1: error: layer 1 starts from random weights ('init uniform -1 1' is the default): add a 'seed' line" ] &&
	[ "$(sed -n 2p "$tmp/err")" = "$tmp/csv/bad.csv:3:3: error: 'abc' is not a number in column 'y'" ]; then
	pass check-csv-after-lesson
else
	fail check-csv-after-lesson "$(tr '\n' '|' <"$tmp/err")"
fi

# --- options -----------------------------------------------------------
# Every subcommand has its own help: on stdout, exit 0, nothing on stderr.
for c in play dump check lessons; do
	for h in --help -h; do
		"$nntrace" "$c" "$h" >"$tmp/out" 2>"$tmp/err"
		st=$?
		if [ "$st" -eq 0 ] && [ ! -s "$tmp/err" ] &&
			[ "$(sed -n 's/^usage: nntrace \([a-z]*\).*/\1/p' "$tmp/out")" = "$c" ]; then
			pass "help-$c$h"
		else
			fail "help-$c$h" "exit $st: $(head -n 2 "$tmp/out" "$tmp/err" | tr '\n' ' ')"
		fi
	done
done
expect help-lists-options 0 "-i, --iterations LIST" "$nntrace" dump --help
# The forms of an option's value, "--" before a lesson, combined and
# attached short options, all as handouts of iteration 0 of trask-11:
# its first weighted sum is -0.97401842 (seed 002, REFERENCE.md; the
# minus sign is U+2212 in a UTF-8 locale, so look for the digits).
expect dump-equals 0 "0.97401842" "$nntrace" dump --iterations=0 trask-11
expect dump-dashdash 0 "ITERATION #9999" "$nntrace" dump -- trask-11
expect dump-dashdash-after 0 "0.97401842" "$nntrace" dump --iterations 0 -- trask-11
expect dump-short 0 "0.97401842" "$nntrace" dump -i 0 trask-11
expect dump-short-attached 0 "iteration,phase,step,op,target,value,formula" "$nntrace" dump -fcsv -i0 trask-11
n=$("$nntrace" dump --iterations=0 trask-11 | grep -c '^---------- ITERATION')
if [ "$n" -eq 1 ]; then pass dump-equals-one-iteration; else fail dump-equals-one-iteration "$n iterations"; fi
if "$nntrace" dump -i0 -o "$tmp/h.txt" trask-11 && grep -qF -- "0.97401842" "$tmp/h.txt"; then
	pass dump-short-output
else
	fail dump-short-output "no handout in $tmp/h.txt"
fi
# play's flags combined (-pf is --plain --fresh), at the top level too; q
# quits at the first operation.
for args in "play -pf" "-pf" "play -p -f --no-color" "--plain --fresh"; do
	# shellcheck disable=SC2086
	printf 'q\n' | env HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" \
		"$nntrace" $args trask-11 >"$tmp/out" 2>&1
	st=$?
	if [ "$st" -eq 0 ] && grep -q "^iteration 0, operation 1 of" "$tmp/out"; then
		pass "play-options: $args"
	else
		fail "play-options: $args" "exit $st: $(head -n 2 "$tmp/out" | tr '\n' ' ')"
	fi
done
# Mistakes: exit 64, the usual "nntrace: ..." and the subcommand's help.
expect dump-unknown 64 "nntrace: unknown option '--bogus'" "$nntrace" dump --bogus trask-11
expect dump-unknown-hint 64 "Try 'nntrace dump --help'." "$nntrace" dump --bogus trask-11
expect dump-unknown-value 64 "nntrace: unknown option '--bogus'" "$nntrace" dump --bogus=3 trask-11
expect play-unknown-short 64 "nntrace: unknown option '-z'" "$nntrace" play -pz trask-11
expect play-unknown-hint 64 "Try 'nntrace play --help'." "$nntrace" play -z trask-11
expect check-unknown 64 "Try 'nntrace check --help'." "$nntrace" check --strict trask-11
expect lessons-unknown 64 "nntrace: unknown option '--all'" "$nntrace" lessons --all
expect dump-missing-value 64 "nntrace: option '--iterations' needs a value" "$nntrace" dump trask-11 --iterations
expect dump-missing-short 64 "nntrace: option '-o' needs a value" "$nntrace" dump trask-11 -o
expect play-flag-value 64 "nntrace: option '--plain' takes no value" "$nntrace" play --plain=yes trask-11
expect check-dashdash 66 "nntrace: no lesson '--help'" "$nntrace" check -- --help

# lessons: every bundled lesson with its title.
expect lessons 0 "trask-11               The annotated 11-line network" "$nntrace" lessons
n=$("$nntrace" lessons | wc -l)
if [ "$n" -eq "$total" ]; then pass lessons-count; else fail lessons-count "$n listed, $total bundled"; fi

# Bare names work from any folder, and through NNTRACE_LESSONS.
(cd "$tmp" && "$nntrace" dump trask-11 --iterations 0 >"$tmp/far.txt" 2>&1)
if grep -qF -- "0.97401842" "$tmp/far.txt"; then pass bare-name-elsewhere; else fail bare-name-elsewhere "$(head -n 2 "$tmp/far.txt")"; fi
mkdir "$tmp/mine"
sed 's/^title .*/title My own copy/' lessons/trask-11.lesson >"$tmp/mine/copy.lesson"
cp datasets/trask.csv "$tmp/mine/"
expect env-lessons 0 "copy                   My own copy" env NNTRACE_LESSONS="$tmp/mine" "$nntrace" lessons
expect env-lessons-check 0 "ok: \"My own copy\"" env NNTRACE_LESSONS="$tmp/mine" "$nntrace" check copy

# Two folders in NNTRACE_LESSONS: `lessons` lists the lessons of both, then
# the bundled ones, and `check` finds a lesson of either by name; a name
# both folders hold is the first folder's (docs/lesson-format.md, "Finding
# a lesson").  The titles are the ones written here.
mkdir "$tmp/d1" "$tmp/d2"
for f in d1/one:First d2/two:Second d2/one:Shadowed; do
	sed "s/^title .*/title ${f#*:} folder/" lessons/trask-11.lesson \
		>"$tmp/${f%:*}.lesson"
done
cp datasets/trask.csv "$tmp/d1/" && cp datasets/trask.csv "$tmp/d2/"
two="$tmp/d1:$tmp/d2"
expect env2-lessons-first 0 "$(printf '%-22s %s' one 'First folder')" \
	env NNTRACE_LESSONS="$two" "$nntrace" lessons
expect env2-lessons-second 0 "$(printf '%-22s %s' two 'Second folder')" \
	env NNTRACE_LESSONS="$two" "$nntrace" lessons
expect env2-lessons-bundled 0 "$(printf '%-22s %s' trask-11 'The annotated 11-line network')" \
	env NNTRACE_LESSONS="$two" "$nntrace" lessons
if env NNTRACE_LESSONS="$two" "$nntrace" lessons | grep -q "Shadowed"; then
	fail env2-lessons-shadowed "d2's one.lesson listed though d1 holds one too"
else
	pass env2-lessons-shadowed
fi
expect env2-check-first 0 "ok: \"First folder\"" env NNTRACE_LESSONS="$two" "$nntrace" check one
expect env2-check-second 0 "ok: \"Second folder\"" env NNTRACE_LESSONS="$two" "$nntrace" check two

# --- the seeds' numbers ------------------------------------------------
# has NAME FILE VALUE...: each value appears in FILE.
has() {
	name=$1 file=$2
	shift 2
	for v in "$@"; do
		if ! grep -qF -- "$v" "$file"; then
			fail "$name" "no $v"
			return
		fi
	done
	pass "$name"
}
"$nntrace" dump trask-11 --iterations 0 >"$tmp/t11.txt" 2>&1
# Seed 002, iteration 0 (REFERENCE.md).  In formulas the minus sign is
# U+2212 in a UTF-8 locale, so look for the digits.
has seed002-weights "$tmp/t11.txt" 0.39293837 0.42772133 0.54629709
has seed002-dot "$tmp/t11.txt" 0.97401842 0.15335872 0.58108005
has seed002-sigmoid "$tmp/t11.txt" 0.36672394 0.27408027 0.46173529 0.35868411
has seed002-error "$tmp/t11.txt" 0.53826471 0.64131589
has seed002-deriv "$tmp/t11.txt" 0.23223749 0.19896028 0.24853581 0.23002982
has seed002-delta "$tmp/t11.txt" 0.08516705 0.05453109 0.13377806 0.14752178
has seed002-new-weights "$tmp/t11.txt" 0.67423821 0.33473064 0.40469539
has seed002-typo-noted "$tmp/t11.txt" 0.21876263
"$nntrace" dump trask-11-original --iterations last >"$tmp/t11o.txt" 2>&1
has trask-original-output "$tmp/t11o.txt" 0.00966449 0.00786506 0.99358898 0.99211957
"$nntrace" dump trask-xor --iterations last >"$tmp/xor.txt" 2>&1
has trask-xor-output "$tmp/xor.txt" 0.00260572 0.99672209 0.99701711 0.00386759 "Error:0.4964100319"
"$nntrace" dump softmax-333 --iterations 0 >"$tmp/sm.txt" 2>&1
has seed001-forward "$tmp/sm.txt" "[1.2  1.01 1.14]" 0.18855564 0.58198547 0.22945889
has seed001-losses "$tmp/sm.txt" 0.26294076 0.83602906 0.5413098
"$nntrace" dump mlp-circles --format csv --iterations 0,1,145,149 >"$tmp/mlp.csv" 2>&1
for it in 0:693.62972747:0.5 1:693.62166655:0.5 145:664.60120828:0.818 149:683.6170298:0.614; do
	i=${it%%:*} rest=${it#*:}
	want_loss=${rest%%:*} want_acc=${rest#*:}
	got=$(awk -F, -v i="$i" '$1 == i && $4 == "loss" { printf "%.8f", $6 }' "$tmp/mlp.csv")
	acc=$(awk -F, -v i="$i" '$1 == i && $4 == "accuracy" { printf "%.3f", $6 }' "$tmp/mlp.csv")
	if [ "$(printf '%.8f' "$want_loss")" = "$got" ] && [ "$(printf '%.3f' "$want_acc")" = "$acc" ]; then
		pass "seed003-iteration-$i"
	else
		fail "seed003-iteration-$i" "loss $got accuracy $acc, expected $want_loss $want_acc"
	fi
done

exit $failed
