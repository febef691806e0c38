#!/bin/sh
# The bad-input corpus (tests/bad/): every broken lesson or CSV file gets
# its exact first error line and exit code, every accepted variant checks
# clean.  One PASS/FAIL line per case in tests/bad/EXPECTED, plus a few
# checks on how the answer is reached (memory, time).
#
# Each case runs with a time limit and a memory limit: a hang or a runaway
# allocation is a FAIL, not a stuck test run.
cd "$(dirname "$0")/.." || exit 70
# One PASS/FAIL line per case; any FAIL makes the exit status 1.
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1"
	failed=1
}
repo=$(pwd)
bin=${NNTRACE:-$repo/nntrace}
case $bin in /*) ;; *) bin=$repo/$bin ;; esac # relative to the root
[ -x "$bin" ] || { fail "setup: $bin not built"; exit 1; }
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
cp -R tests/bad/. "$tmp"/ || exit 70
sh tests/bad/generate.sh "$tmp" || { fail "setup: generate.sh"; exit 1; }
cd "$tmp" || exit 70

# Runs `nntrace check FILE` under limits: seconds, KiB of address space.
# Leaves stdout in out, stderr in err, the status in $rc (124 = timeout).
run_check() {
	(ulimit -v "$3" 2>/dev/null; exec timeout "$2" "$bin" check "$1") \
		>out 2>err </dev/null
	rc=$?
}

# Whether $1 matches the manifest's expectation $2: exact, or a shell
# pattern when $2 holds a '*' (where '?' and '[' stay literal).
matches() {
	case $2 in
	*'*'*)
		pat=$(printf '%s' "$2" | sed 's/\[/[[]/g; s/?/[?]/g')
		# shellcheck disable=SC2254
		case $1 in $pat) return 0 ;; esac
		return 1 ;;
	*) [ "$1" = "$2" ] ;;
	esac
}

# For FAIL lines: bytes outside printable ASCII become '?', so a raw
# byte a message let through cannot make the log binary to grep.
clean() {
	printf '%s' "$1" | LC_ALL=C tr -c ' -~' '?' | cut -c 1-300
}

n=0
tab=$(printf '\t')
while IFS="$tab" read -r file code expected; do
	case $file in '' | '#'*) continue ;; esac
	n=$((n + 1))
	run_check "$file" 20 2000000
	if [ "$rc" -eq 124 ]; then
		fail "bad/$file: no answer within 20 s (a hang)"
		continue
	fi
	head -n 5 err >>all-errors
	if [ "$code" -eq 0 ]; then
		got=$(head -n 1 out)
		other=$(head -n 1 err)
	else
		got=$(head -n 1 err)
		other=""
	fi
	if [ "$rc" -ne "$code" ]; then
		fail "bad/$file: exit $rc, expected $code; stderr: $(clean "$(head -n 1 err)")"
	elif ! matches "$got" "$expected"; then
		fail "bad/$file: got '$(clean "$got")', expected '$(clean "$expected")'"
	elif [ -n "$other" ]; then
		fail "bad/$file: accepted, but stderr says '$(clean "$other")'"
	else
		pass "bad/$file"
	fi
done <"$repo/tests/bad/EXPECTED"

# Messages quote what they refuse, and the terminal they go to expects
# UTF-8: no raw invalid byte may pass through.
if ! command -v iconv >/dev/null 2>&1; then
	fail "bad messages are valid UTF-8: iconv is not installed"
elif iconv -f UTF-8 -t UTF-8 all-errors >/dev/null 2>&1; then
	pass "bad messages are valid UTF-8"
else
	while IFS= read -r l; do
		printf '%s\n' "$l" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
			printf '%s\n' "$l"
	done <all-errors >invalid-lines
	fail "bad messages are valid UTF-8: $(wc -l <invalid-lines) lines are not; $(clean "$(cat invalid-lines)")"
fi

# The corpus is as large as the issue asks.
if [ "$n" -ge 40 ]; then
	pass "bad corpus size: $n cases"
else
	fail "bad corpus size: $n cases, at least 40 expected"
fi

# Every case in the folder is in the manifest, and every case in the
# manifest exists (apart from the two that are about missing files).
missing=""
for f in "$repo"/tests/bad/*.lesson; do
	b=$(basename "$f")
	grep -q "^$b$tab" "$repo/tests/bad/EXPECTED" || missing="$missing $b"
done
if [ -z "$missing" ]; then
	pass "bad manifest lists every lesson in tests/bad"
else
	fail "bad manifest lists every lesson in tests/bad: missing$missing"
fi

# A 10^9-unit layer is refused before anything is allocated: the same
# answer with 64 MiB of address space as with plenty.
run_check absurd-units.lesson 10 65536
if [ "$rc" -eq 65 ] && grep -q '^absurd-units.lesson:9:7: error: layer size' err; then
	pass "bad absurd layer size refused within 64 MiB"
else
	fail "bad absurd layer size refused within 64 MiB: exit $rc, $(head -n 1 err)"
fi

# The 10 MB line and the 64 MiB CSV are refused without reading them:
# well within 64 MiB of address space and a second or two.
for f in long-line.lesson csv-too-large.lesson; do
	run_check "$f" 5 65536
	if [ "$rc" -eq 65 ]; then
		pass "bad $f refused within 64 MiB and 5 s"
	else
		fail "bad $f refused within 64 MiB and 5 s: exit $rc, $(head -n 1 err)"
	fi
done

# A run of errors is cut at the documented limit (DIAGS_MAX = 200 kept,
# the rest counted), so 40,000 bad lines give a short answer.
run_check repeated-layers.lesson 10 2000000
lines=$(wc -l <err)
if [ "$rc" -eq 65 ] && [ "$lines" -le 202 ] &&
	tail -n 1 err | grep -q '^(.* more errors not shown)$'; then
	pass "bad repeated sections: $lines lines of errors"
else
	fail "bad repeated sections: exit $rc, $lines lines, last '$(tail -n 1 err)'"
fi

# `check` with several files reports each and exits with the first
# failure's code; good files among them still say ok.
(exec timeout 20 "$bin" check ok-base.lesson data-missing.lesson \
	zero-units.lesson) >out 2>err </dev/null
rc=$?
if [ "$rc" -eq 66 ] && grep -q '^ok-base.lesson: ok:' out &&
	[ "$(sed -n 1p err)" = "data-missing.lesson:3:6: error: cannot open data file 'no-such-file.csv': No such file or directory" ] &&
	grep -q '^zero-units.lesson:7:7: error:' err; then
	pass "bad several files: each reported, first failure's code"
else
	fail "bad several files: exit $rc; $(cat out err | head -n 3 | tr '\n' '|')"
fi

# ---------------------------------------------------------- numeric faults
# A lesson whose weights overflow runs until the first non-finite value,
# and the dump shows that operation and iteration and stops there
# (tests/lessons-nonfinite/).  The player's side is in suite-signals.sh.
nf=$repo/tests/lessons-nonfinite
dump_nf() { # LESSON ARGS...: dump into out/err, status in $rc
	l=$1
	shift
	(exec timeout 60 "$bin" dump --width 200 "$@" "$nf/$l") >out 2>err </dev/null
	rc=$?
}

# Where overflow.lesson overflows, by hand: one input x = 1, target 1,
# one identity unit with a bias, both 0 at the start (init zeros), loss
# (a - 1)^2 over 1 sample, rate 10.  Its gradient 2(a - 1) reaches the
# weight (times x = 1) and the bias alike, so w = b all along, a = 2w and
# each update is w <- w - 10 * 2(2w - 1), i.e. a <- -39a + 40, and the miss
# e = a - 1 follows e <- -39e from e = -1: e = -(-39)^t at iteration t.
# The loss e^2 = 39^(2t) passes DBL_MAX (1.797e+308) first at t = 97
# (39^192 = 3.05e+305, 39^194 = 4.64e+308), the iteration numbered 97 in
# the handout (the first is #0), with a = 1 + 39^97 = 2.1541051e+154.
# The same by numpy's float64 (python3-numpy, run as /usr/bin/python3),
# which prints "97 2.1541051e+154 inf":
#   import numpy as np
#   X = np.array([[1.0]]); y = np.array([[1.0]])
#   W = np.zeros((1, 1)); b = np.zeros(1)
#   with np.errstate(over='ignore'):
#       for it in range(200):
#           a = X @ W + b
#           loss = np.sum((a - y) ** 2) / 1
#           if not np.isfinite(loss):
#               print(it, "%.8g" % a[0, 0], loss)
#               break
#           d = 2 * (a - y) / 1
#           W -= 10 * (X.T @ d)
#           b -= 10 * d.sum(axis=0)
dump_nf overflow.lesson
if [ "$rc" -eq 0 ] && [ ! -s err ] &&
	grep -qxF -- '---------- ITERATION #97 (training stopped here) ----------' out &&
	grep -qF 'iterations 1-96 run without printing' out &&
	grep -qF 'loss = ((2.1541051e+154 − 1)²) / 1 = inf' out &&
	grep -q '^!! training stopped: the value of loss is not finite (inf) at iteration 97, operation [0-9]* (loss)$' out &&
	! grep -q 'ITERATION #9[89]\|ITERATION #1[0-9][0-9]' out; then
	pass "nonfinite dump: overflow stops at iteration 97 on the loss"
else
	fail "nonfinite dump: overflow: exit $rc; $(grep -i 'stopped' out | head -n 2 | tr '\n' '|') $(head -n 1 err)"
fi

dump_nf nan-first.lesson
if [ "$rc" -eq 0 ] &&
	grep -qxF -- '---------- ITERATION #0 (training stopped here) ----------' out &&
	grep -q '^!! training stopped: the value of z1 is not finite (nan) at iteration 0, operation [0-9]* (forward)$' out &&
	grep -qF 'no iteration completed' out; then
	pass "nonfinite dump: nan at the first operation stops iteration 0"
else
	fail "nonfinite dump: nan-first: exit $rc; $(grep -i 'stopped' out | head -n 2 | tr '\n' '|')"
fi

# The operation is numbered as the player numbers it ("op 3/10": the
# loss is the 3rd operation of an iteration: z1, a1, loss, error1).
dump_nf overflow.lesson
if grep -qF 'at iteration 97, operation 3 (loss)' out; then
	pass "nonfinite dump: operation numbered as in the player"
else
	fail "nonfinite dump: operation numbered as in the player: '$(grep -o 'at iteration 97, operation [0-9]* (loss)' out | head -n 1)', the player shows the loss as op 3/10"
fi

# CSV: the non-finite row is there, nothing after the stopped iteration.
dump_nf overflow.lesson --format csv --iterations all
last=$(tail -n 1 out | cut -d, -f1)
if [ "$rc" -eq 0 ] && grep -q '^97,loss,[0-9]*,loss,loss,inf,' out && [ "$last" = 97 ]; then
	pass "nonfinite dump: csv ends with iteration 97"
else
	fail "nonfinite dump: csv: exit $rc, last iteration '$last'; $(head -n 1 err)"
fi

# check accepts the lesson: diverging is a lesson's outcome, not an error.
(exec "$bin" check "$nf/overflow.lesson") >out 2>err </dev/null
if [ $? -eq 0 ] && grep -q ': ok: ' out; then
	pass "nonfinite check: the overflowing lesson checks clean"
else
	fail "nonfinite check: $(head -n 1 err)"
fi
exit $failed
