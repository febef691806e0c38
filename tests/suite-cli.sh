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
expect dump-bad-list 64 "Try 'nntrace --help'." "$nntrace" dump --iterations 3-1 trask-11
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
expect check-unknown-tensor 65 "cue.lesson:8:5: error: no tensor named 'a2' (did you mean 'a1'?)" \
	"$nntrace" check "$tmp/cue.lesson"
expect check-past-last 65 "cue.lesson:9:5: error: iteration 7 does not exist (the lesson runs iterations 0 to 2)" \
	"$nntrace" check "$tmp/cue.lesson"
expect check-no-match 65 "cue.lesson:10:5: error: no operation matches this selector" \
	"$nntrace" check "$tmp/cue.lesson"
# A good lesson and a bad one: the good one still gets its summary.
expect check-mixed 65 "ok: \"The annotated 11-line network\"" "$nntrace" check trask-11 "$tmp/two.lesson"

# lessons: every bundled lesson with its title.
expect lessons 0 "trask-11               The annotated 11-line network" "$nntrace" lessons
n=$("$nntrace" lessons | wc -l)
if [ "$n" -eq "$total" ]; then pass lessons-count; else fail lessons-count "$n listed, $total bundled"; fi

# Bare names work from any folder, and through NNTRACE_LESSONS.
(cd "$tmp" && "$nntrace" dump trask-11 --iterations 0 >"$tmp/far.txt" 2>&1)
if grep -qF -- "-0.97401842" "$tmp/far.txt"; then pass bare-name-elsewhere; else fail bare-name-elsewhere "$(head -n 2 "$tmp/far.txt")"; fi
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
