#!/bin/sh
# The test runner's own test: tests/run-all.sh must report, and fail on,
# every way a run can go wrong without a failed case being counted.  It
# runs run-all.sh (NNTRACE_TEST_ROOT) on roots put together in a
# temporary folder from the fixture tests/selftest/, which holds stand-ins
# for cmocka binaries (sh scripts printing cmocka 1.1.5's output) and
# suites: ones that pass, and one of each fault:
#   suite-fail-exit0    prints FAIL and exits 0
#   suite-exit-no-fail  exits 3 with no FAIL line
#   test_gone           a source without its binary
#   suite-short         2 cases where tests/expected-counts expects 3
#   test_fails, test_crash   a failed test, a binary killed mid-run
# A root with only the passing parts must pass (so a fault's failure is
# the fault's), each fault must fail the run on its own with its own
# message, and all four faults together must each be reported.  Last,
# every mutant of `make mutate` must still apply to the source.
# One PASS/FAIL line per case; any FAIL makes the exit status 1.
cd "$(dirname "$0")/.." || exit 70
repo=$(pwd)
fixture=$repo/tests/selftest
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1"
	failed=1
}

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
roots=0

# root PART...: a new root, $r, holding only the fixture's PARTs (a part
# is a test_NAME or a suite-NAME: its source, its binary if it has one,
# its line in expected-counts).
root() {
	roots=$((roots + 1))
	r=$tmp/root$roots
	mkdir -p "$r/tests" "$r/build/tests" || exit 70
	: >"$r/tests/expected-counts"
	for part in "$@"; do
		cp "$fixture/tests/$part".* "$r/tests/" || exit 70
		grep "^$part " "$fixture/tests/expected-counts" \
			>>"$r/tests/expected-counts"
	done
	# The binaries after the sources: newer, as after a build.
	for part in "$@"; do
		if [ -f "$fixture/build/tests/$part" ]; then
			cp "$fixture/build/tests/$part" "$r/build/tests/" || exit 70
		fi
	done
}

# run_all: runs run-all.sh on $r; its output in $out, status in $rc.
run_all() {
	out=$r.out
	NNTRACE_TEST_ROOT=$r BUILD=build sh "$repo/tests/run-all.sh" \
		>"$out" 2>&1 </dev/null
	rc=$?
}

# fails_with NAME TEXT...: the run failed, its last line counts at least
# one failure, and its output holds each TEXT (fixed strings).
fails_with() {
	name=$1
	shift
	last=$(tail -n 1 "$out")
	if [ "$rc" -eq 0 ]; then
		fail "$name: run-all.sh exited 0; last line '$last'"
		return
	fi
	if ! printf '%s\n' "$last" | grep -qE '^[0-9]+ passed, [1-9][0-9]* failed$'; then
		fail "$name: the last line '$last' counts no failure"
		return
	fi
	for text in "$@"; do
		if ! grep -qF -- "$text" "$out"; then
			fail "$name: no '$text' in: $(tr '\n' '|' <"$out" | cut -c 1-400)"
			return
		fi
	done
	pass "$name"
}

good="test_good test_skips suite-good"

# ------------------------------------------------------------- the control
root $good
run_all
if [ "$rc" -eq 0 ] && [ "$(tail -n 1 "$out")" = "7 passed, 0 failed" ]; then
	pass "selftest control: the passing parts pass, 7 cases"
else
	fail "selftest control: exit $rc, $(tr '\n' '|' <"$out" | cut -c 1-400)"
fi
# Skips are counted and their reason shown.
if grep -qxF "unit  test_skips: 2 passed, 0 failed, 1 skipped" "$out" &&
	grep -qF "units: 5 passed, 0 failed, 1 skipped" "$out" &&
	grep -qF "test_skips: test_needs_a_locale" "$out" &&
	grep -qF "skipped: the fixture has no locale with a decimal comma" "$out"; then
	pass "selftest skipped: counted, named, reason shown"
else
	fail "selftest skipped: $(grep -i skip "$out" | tr '\n' '|')"
fi

# ------------------------------------------------------------- one by one
root $good suite-fail-exit0
run_all
fails_with "selftest suite printing FAIL, exiting 0" \
	"FAIL two: planted by the fixture" \
	"suite-fail-exit0: printed FAIL but exited 0"

root $good suite-exit-no-fail
run_all
fails_with "selftest suite exiting 3 without a FAIL line" \
	"suite-exit-no-fail: exit status 3 with no FAIL line" \
	"something went wrong in the suite's own code"

root $good test_gone
run_all
fails_with "selftest missing unit binary" \
	"test_gone: no build/tests/test_gone (make unit)"

root $good suite-short
run_all
fails_with "selftest count below the expected one" \
	"suite-short: 2 cases, tests/expected-counts expects at least 3"

root $good test_fails
run_all
fails_with "selftest failed unit test" \
	"unit  test_fails: 1 passed, 1 failed, 0 skipped" \
	"[  FAILED  ] test_planted"

root $good test_crash
run_all
fails_with "selftest unit binary killed mid-run" \
	"unit  test_crash: 1 passed, 1 failed, 0 skipped; crashed (exit 137), 2 cases begun" \
	"test_crash: 2 cases, tests/expected-counts expects at least 3"

# A binary older than its source: a build that did not happen.
root $good
touch -d '2000-01-01' "$r/build/tests/test_good"
run_all
fails_with "selftest binary older than its source" \
	"test_good: build/tests/test_good is older than tests/test_good.c"

# A suite with no line in expected-counts, and a line with no suite.
root $good
grep -v '^suite-good ' "$r/tests/expected-counts" >"$r/counts" &&
	mv "$r/counts" "$r/tests/expected-counts"
run_all
fails_with "selftest suite not in expected-counts" \
	"suite-good: not in tests/expected-counts"

root $good
echo "suite-gone 4" >>"$r/tests/expected-counts"
run_all
fails_with "selftest expected-counts naming no suite" \
	"suite-gone: listed in tests/expected-counts, but there is no"

root $good
rm "$r/tests/expected-counts"
run_all
fails_with "selftest no expected-counts file" \
	"no tests/expected-counts"

# ------------------------------------------------------------- all at once
root $good suite-fail-exit0 suite-exit-no-fail test_gone suite-short
run_all
fails_with "selftest the four faults together, each reported" \
	"suite-fail-exit0: printed FAIL but exited 0" \
	"suite-exit-no-fail: exit status 3 with no FAIL line" \
	"test_gone: no build/tests/test_gone" \
	"suite-short: 2 cases, tests/expected-counts expects at least 3"
# Each fault is one failure, and the FAIL line one more: 5.
if [ "$(tail -n 1 "$out")" = "11 passed, 5 failed" ]; then
	pass "selftest the four faults together: 5 failures counted"
else
	fail "selftest the four faults together: last line '$(tail -n 1 "$out")', expected '11 passed, 5 failed'"
fi

# ------------------------------------------------------------- mutants
# make mutate is too slow for make test, but every mutant must still
# apply to today's source: a change that moves a mutant's text says so
# here, at once, not the next time someone runs make mutate.
if /usr/bin/python3 tests/mutate/mutate.py --check >"$tmp/mutants" 2>&1; then
	pass "selftest every mutant of make mutate applies"
else
	fail "selftest every mutant of make mutate applies: $(grep -v '^mutate:' "$tmp/mutants" | head -n 3 | tr '\n' ' ')"
fi

exit $failed
