#!/bin/sh
# Runs every test, one line per unit binary and per suite as each ends,
# then the totals; the last line is "N passed, N failed".  Exit status is
# non-zero on any failure.
#
# Unit tests: one cmocka binary $BUILD/tests/NAME (BUILD defaults to
# build) for each tests/NAME.c, run from the root.  Suites:
# tests/suite-*.sh, run with sh; each prints one "PASS name" or
# "FAIL name: why" line per case and exits non-zero on any FAIL.
#
# Besides failed cases, a run fails on
# - a tests/test_*.c without its binary (or with one older than it or
#   than any source file below src/: built before the code changed);
# - a binary that runs over 10 minutes or a suite over 30 (a hang: it is
#   stopped and fails);
# - a binary or suite that exits non-zero without saying why (a crash);
# - a suite that prints FAIL but exits 0: its status is what `make
#   valgrind` and anyone running it alone go by;
# - fewer cases than tests/expected-counts lists for a binary or suite
#   (tests deleted by mistake, or never reached), and a binary or suite
#   that file does not list, or one it lists that does not exist.
# A test that skips itself prints a line "skipped: why" first; those
# lines are shown with the totals.
#
# NNTRACE_TEST_ROOT: a folder to run in instead of the project's root
# (tests/suite-selftest.sh points it at fixtures), laid out as the root
# is: tests/ and $BUILD/tests/.
cd "${NNTRACE_TEST_ROOT:-$(dirname "$0")/..}" || exit 70
build=${BUILD:-build}
counts=tests/expected-counts
# cmocka's plain output is what is counted below.
unset CMOCKA_MESSAGE_OUTPUT CMOCKA_XML_FILE

log=$(mktemp) || exit 70
notes=$(mktemp) || exit 70
skips=$(mktemp) || exit 70
trap 'rm -f "$log" "$notes" "$skips"' EXIT
trap 'exit 130' INT TERM HUP

passed=0 failed=0 skipped=0
u_p=0 u_f=0 s_p=0 s_f=0

# problem TEXT: a failure of the run itself, not of a case.
problem() {
	echo "  FAIL $1"
	failed=$((failed + 1))
}

# expected NAME: the count tests/expected-counts gives NAME, or nothing.
expected() {
	[ -f "$counts" ] || return 0
	awk -v n="$1" '$1 == n && $2 ~ /^[0-9]+$/ { print $2; exit }' "$counts"
}

# check_count NAME CASES: against tests/expected-counts.
check_count() {
	want=$(expected "$1")
	if [ -z "$want" ]; then
		problem "$1: not in $counts (add the line \"$1 $2\")"
	elif [ "$2" -lt "$want" ]; then
		problem "$1: $2 cases, $counts expects at least $want"
	elif [ "$2" -gt "$want" ]; then
		echo "$1 $want -> $2" >>"$notes"
	fi
}

# summed LABEL: the counts of cmocka's summary lines "[  LABEL ] N
# test(s)" (one per group of tests) added up.
summed() {
	sed -n "s/^\[  $1 *\] \([0-9][0-9]*\) test.*/\1/p" "$log" |
		awk '{ n += $1 } END { print n + 0 }'
}

if [ ! -f "$counts" ]; then
	problem "no $counts: every binary and suite needs its expected count"
fi

# ---------------------------------------------------------------- unit tests
for src in tests/test_*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	t=$build/tests/$name
	if [ ! -x "$t" ]; then
		problem "$name: no $t (make unit)"
		continue
	fi
	if [ "$t" -ot "$src" ]; then
		problem "$name: $t is older than $src (make unit)"
		continue
	fi
	# src/main.c is not linked into the unit binaries (the Makefile's
	# LIB_SRC), so a change there leaves them current.
	newer=$([ -d src ] && find src -name '*.[ch]' ! -path src/main.c \
		-newer "$t" | head -n 1)
	if [ -n "$newer" ]; then
		problem "$name: $t is older than $newer (make unit)"
		continue
	fi
	timeout -k 10 600 "$t" >"$log" 2>&1 </dev/null
	st=$?
	if grep -q '^\[==========\] [0-9]* test(s) run\.' "$log"; then
		p=$(summed PASSED) f=$(summed FAILED) s=$(summed SKIPPED)
		cases=$((p + f + s))
		why=""
	else
		# Died before cmocka's summary: the cases begun count.
		p=$(grep -c '^\[       OK \]' "$log")
		cases=$(grep -c '^\[ RUN      \]' "$log")
		f=1 s=0
		why="crashed (exit $st), $cases cases begun"
	fi
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		why="exit status $st with no failed test"
	fi
	echo "unit  $name: $p passed, $f failed, $s skipped${why:+; $why}"
	if [ -n "$why" ]; then
		tail -n 10 "$log" | sed 's/^/    /'
	elif [ "$f" -ne 0 ]; then
		# The failures without the passing cases' lines.
		grep -v -E '^\[ +(RUN|OK) +\]|^ *$' "$log" | head -n 60 |
			sed 's/^/    /'
	fi
	if [ "$s" -ne 0 ]; then
		names=$(sed -n 's/^\[  SKIPPED \] \([a-zA-Z_][a-zA-Z0-9_]*\)$/\1/p' \
			"$log" | sort -u | tr '\n' ' ')
		echo "$name: ${names% }" >>"$skips"
		grep '^skipped: ' "$log" | sed 's/^/  /' >>"$skips"
	fi
	check_count "$name" "$cases"
	u_p=$((u_p + p)) u_f=$((u_f + f))
	passed=$((passed + p)) failed=$((failed + f))
	skipped=$((skipped + s))
done

# ---------------------------------------------------------------- suites
# The suites run ./nntrace: it too must be built from today's sources.
if [ -d src ] && [ -e nntrace ]; then
	newer=$(find src -name '*.[ch]' -newer nntrace | head -n 1)
	[ -n "$newer" ] && problem "nntrace: ./nntrace is older than $newer (make nntrace)"
fi
for script in tests/suite-*.sh; do
	[ -f "$script" ] || continue
	name=$(basename "$script" .sh)
	t0=$(date +%s)
	timeout -k 10 1800 sh "$script" >"$log" 2>&1 </dev/null
	st=$?
	[ "$st" -eq 124 ] && echo "FAIL $name: stopped after 30 minutes" >>"$log"
	secs=$(($(date +%s) - t0))
	p=$(grep -c '^PASS' "$log")
	f=$(grep -c '^FAIL' "$log")
	echo "suite $name: $p passed, $f failed (${secs} s)"
	grep '^FAIL' "$log" | head -n 30 | sed 's/^/    /'
	[ "$f" -gt 30 ] && echo "    ... and $((f - 30)) more"
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		problem "$name: exit status $st with no FAIL line; its last lines:"
		tail -n 10 "$log" | sed 's/^/    /'
	elif [ "$st" -eq 0 ] && [ "$f" -ne 0 ]; then
		problem "$name: printed FAIL but exited 0"
	fi
	check_count "$name" $((p + f))
	s_p=$((s_p + p)) s_f=$((s_f + f))
	passed=$((passed + p)) failed=$((failed + f))
done

# ---------------------------------------------------------------- totals
# Every line of tests/expected-counts names something that exists.
if [ -f "$counts" ]; then
	while read -r name want rest; do
		case $name in '' | '#'*) continue ;; esac
		case $want in
		'' | *[!0-9]*)
			problem "$counts: '$name $want $rest' is not 'NAME COUNT'"
			continue ;;
		esac
		[ -f "tests/$name.c" ] || [ -f "tests/$name.sh" ] || problem \
			"$name: listed in $counts, but there is no tests/$name.c or .sh"
	done <"$counts"
fi

echo "units: $u_p passed, $u_f failed, $skipped skipped; suites: $s_p passed, $s_f failed"
if [ -s "$skips" ]; then
	echo "skipped:"
	sed 's/^/  /' "$skips"
fi
if [ -s "$notes" ]; then
	raised=$(tr '\n' ',' <"$notes" | sed 's/,$//; s/,/, /g')
	echo "more cases than $counts lists (raise it on purpose): $raised"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
