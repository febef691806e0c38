#!/bin/sh
# Runs every test suite and ends with one line "N passed, N failed".
# Unit tests are cmocka binaries in build/tests/; the other suites are
# tests/suite-*.sh scripts printing one "PASS name" or "FAIL name: why"
# line per case.  Exit status is non-zero on any failure.
cd "$(dirname "$0")/.." || exit 70
build=${BUILD:-build}
passed=0
failed=0
log=$(mktemp) || exit 70
trap 'rm -f "$log"' EXIT

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d) continue ;; esac
	"$t" >"$log" 2>&1
	status=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed before cmocka could count
	fi
	if [ "$f" -ne 0 ]; then
		cat "$log"
	fi
	echo "unit $(basename "$t"): $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
done

for s in tests/suite-*.sh; do
	[ -f "$s" ] || continue
	echo "== $s"
	sh "$s" >"$log" 2>&1
	status=$?
	grep -E '^(PASS|FAIL)' "$log" | grep '^FAIL' || true
	p=$(grep -c '^PASS' "$log")
	f=$(grep -c '^FAIL' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		tail -n 20 "$log"
		f=1
	fi
	echo "suite $(basename "$s"): $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
