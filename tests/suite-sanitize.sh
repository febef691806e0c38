#!/bin/sh
# The program and the unit tests built with AddressSanitizer (with its
# leak checker) and UndefinedBehaviorSanitizer, -fno-sanitize-recover=all,
# in build-asan/ (`make asan`).  Runs every unit test, `check` and `dump`
# of every bundled lesson, a few dump variants, and `check` of every case
# of the bad-input corpus.  A case fails on any sanitizer report, a crash
# or an unexpected exit status.
cd "$(dirname "$0")/.." || exit 70
# One PASS/FAIL line per case; any FAIL makes the exit status 1.
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1"
	failed=1
}
repo=$(pwd)
bin=$repo/build-asan/nntrace
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8
# Reports go to stderr and end the process with a status no nntrace path
# uses; a runaway allocation is refused (hard_rss_limit, max_allocation)
# instead of taking the machine down.
export ASAN_OPTIONS="detect_leaks=1:exitcode=99:hard_rss_limit_mb=2048:\
allocator_may_return_null=1:max_allocation_size_mb=2048:\
check_initialization_order=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=98"

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

if ! make -s --no-print-directory -j2 asan >"$tmp/build" 2>&1; then
	fail "asan build: $(grep -m 1 -E 'error' "$tmp/build")"
	exit 1
fi
pass "asan build"

# The sanitizers' own words, if they spoke.
report() {
	grep -m 1 -E 'ERROR: (Address|Leak)Sanitizer|Sanitizer: hard rss limit|runtime error:|SUMMARY: ' "$1"
}

# ---------------------------------------------------------- unit tests
# One binary per tests/test_*.c: a missing one is a FAIL, not a skip.
for src in tests/test_*.c; do
	t=build-asan/tests/$(basename "$src" .c)
	name="asan unit $(basename "$t")"
	if [ ! -x "$t" ]; then
		fail "$name: no $t after make asan"
		continue
	fi
	"$t" >"$tmp/log" 2>&1
	st=$?
	r=$(report "$tmp/log")
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$tmp/log" | tail -n 1)
	if [ "$st" -eq 0 ] && [ -z "$r" ]; then
		pass "$name: ${p:-0} tests"
	else
		fail "$name: exit $st${r:+, $r}"
	fi
done

# ---------------------------------------------------------- bundled lessons
# run NAME EXPECTED_STATUS COMMAND...: one case, stdout in $tmp/out.
run() {
	name=$1
	want=$2
	shift 2
	timeout 300 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	r=$(report "$tmp/err")
	if [ -n "$r" ]; then
		fail "$name: $r"
	elif [ "$st" -ne "$want" ]; then
		fail "$name: exit $st, expected $want; $(head -n 1 "$tmp/err")"
	else
		pass "$name"
		return 0
	fi
	return 1
}

for l in lessons/*.lesson; do
	b=$(basename "$l" .lesson)
	run "asan check $b" 0 "$bin" check "$l" &&
		! grep -q ': ok: ' "$tmp/out" &&
		fail "asan check $b: no 'ok' line"
	if run "asan dump $b" 0 "$bin" dump "$l" && [ ! -s "$tmp/out" ]; then
		fail "asan dump $b output: empty"
	fi
done

# The other formats, every iteration, and an output file.
# A lesson without a script (once a NULL + 0 in script_at, found by
# fuzz_pipeline), and both non-finite lessons.
run "asan dump without a script" 0 "$bin" dump --iterations all tests/bad/ok-base.lesson
run "asan dump overflow" 0 "$bin" dump --iterations all tests/lessons-nonfinite/overflow.lesson
run "asan dump nan" 0 "$bin" dump --format markdown tests/lessons-nonfinite/nan-first.lesson
run "asan dump markdown" 0 "$bin" dump --format markdown lessons/trask-11.lesson
run "asan dump csv" 0 "$bin" dump --format csv lessons/softmax-333.lesson
run "asan dump all iterations" 0 "$bin" dump --iterations all \
	lessons/softmax-333.lesson
run "asan dump -o" 0 "$bin" dump -o "$tmp/handout.txt" lessons/trask-11.lesson &&
	[ ! -s "$tmp/handout.txt" ] && fail "asan dump -o file: empty"
# Error paths free what they took too (LeakSanitizer runs at exit).
run "asan dump past the last iteration" 64 "$bin" dump --iterations 20000 lessons/trask-11.lesson
run "asan dump into a missing folder" 73 "$bin" dump -o "$tmp/no/such/dir/x.txt" lessons/trask-11.lesson
run "asan dump of a broken CSV" 65 "$bin" dump tests/bad/csv-ragged.lesson
run "asan dump of a broken lesson" 65 "$bin" dump tests/bad/misspelled-activation.lesson
run "asan lessons list" 0 env NNTRACE_LESSONS="$repo/lessons" "$bin" lessons
run "asan play --plain" 0 sh -c "printf 'q\n' | '$bin' play --plain lessons/trask-11.lesson"
run "asan dump closed pipe" 0 sh -c "'$bin' dump --iterations all lessons/trask-11.lesson | head -n 1"

# ---------------------------------------------------------- the player
# In tmux, with the sanitizers writing to files (the screen is the
# player's): a lesson without a script, stepped; the overflowing lesson
# taken to its non-finite end; the default lesson with its question.
if command -v tmux >/dev/null 2>&1; then
	T="tmux -L nntrace-asan-$$ -f /dev/null"
	mkdir -p "$tmp/home" "$tmp/san"
	$T new-session -d -s t -x 100 -y 30 \
		"env -u LC_ALL HOME=$tmp/home XDG_STATE_HOME=$tmp/home LANG=C.UTF-8 \
		ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$tmp/san/asan \
		UBSAN_OPTIONS=$UBSAN_OPTIONS:log_path=$tmp/san/ubsan PS1='$ ' sh"
	. tests/tmux-lib.sh
	play() {
		$T send-keys -t t -l -- "clear; cd $repo && $bin play --fresh $1; echo st=\$?"
		$T send-keys -t t Enter
	}
	why=""
	wait_for '$' 50
	play tests/bad/ok-base.lesson
	if wait_for "op 1/29" 200; then
		key Right; key Right; key PageDown; key Left; key '?'; key Escape
		key w; key Escape; key End; key Home; key q
		wait_for "st=0" 200 || why="ok-base: no exit 0 after q"
	else
		why="ok-base: the player did not start"
	fi
	play tests/lessons-nonfinite/overflow.lesson
	if wait_for "op 1/10" 200; then
		key End
		wait_for "iteration 97/97" 300 || why="${why:-overflow: End did not reach 97}"
		key Left; key Left; key Left; key Left; key Left; key Left; key q
		wait_for "st=0" 200 || why="${why:-overflow: no exit 0 after q}"
	else
		why="${why:-overflow: the player did not start}"
	fi
	play lessons/trask-11.lesson
	if wait_for "op 1/27" 200; then
		key Right
		if wait_for "Your answer" 200; then
			$T send-keys -t t -l -- "-0.974"
			key Enter
		fi
		key q
		wait_for "st=" 200 || why="${why:-trask-11: did not quit}"
	else
		why="${why:-trask-11: the player did not start}"
	fi
	$T kill-server 2>/dev/null
	r=$(cat "$tmp"/san/* 2>/dev/null | grep -m 1 -E 'ERROR|runtime error|SUMMARY')
	if [ -n "$r" ]; then
		fail "asan player (tmux): $r"
	elif [ -n "$why" ]; then
		fail "asan player (tmux): $why"
	else
		pass "asan player (tmux): three lessons stepped, no report"
	fi
else
	fail "asan player: tmux is not installed (make deps)"
fi

# ---------------------------------------------------------- bad inputs
# Every case of tests/bad/ through the sanitized binary: no report, and
# the exit status the manifest expects.
mkdir "$tmp/bad" && cp -R tests/bad/. "$tmp/bad"/ || exit 70
sh tests/bad/generate.sh "$tmp/bad" || { fail "asan bad: generate.sh"; exit 1; }
tab=$(printf '\t')
n=0
bad=0
while IFS="$tab" read -r file code expected; do
	case $file in '' | '#'*) continue ;; esac
	n=$((n + 1))
	(cd "$tmp/bad" && exec timeout 60 "$bin" check "$file") \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	r=$(report "$tmp/err")
	if [ -n "$r" ] || [ "$st" -ne "$code" ]; then
		fail "asan bad/$file: exit $st (expected $code)${r:+; $r}"
		bad=$((bad + 1))
	fi
done <tests/bad/EXPECTED
[ "$bad" -eq 0 ] && pass "asan bad corpus: $n cases, no sanitizer report"
exit $failed
