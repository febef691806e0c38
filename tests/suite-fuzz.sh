#!/bin/sh
# The fuzz harnesses inside `make test`: every saved crash input replayed
# (tests/fuzz/regressions/HARNESS-NAME/), then a short bounded run of each
# harness from the seed corpora (FUZZ_SECONDS each, default 20, all three
# at once) in a fresh corpus folder.  One PASS/FAIL line per regression
# input and per harness; the run's line gives its execution count.
# `make fuzz` runs the same harnesses for longer.
cd "$(dirname "$0")/.." || exit 70
# One PASS/FAIL line per case; any FAIL makes the exit status 1.
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1"
	failed=1
}
secs=${FUZZ_SECONDS:-20}

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
# Interrupted (a CI timeout), the fuzzers running in the background stop
# too, and the EXIT trap then removes their folder.
pids=""
trap '[ -n "$pids" ] && kill $pids 2>/dev/null; exit 130' INT TERM HUP

if ! make -s --no-print-directory -j2 fuzz-build >"$tmp/build" 2>&1; then
	fail "fuzz build: $(grep -m 1 -E 'error' "$tmp/build")"
	exit 1
fi

# Each saved input runs once; a regression is a crash, a sanitizer report,
# a failed check or a timeout (10 s) again.
for h in lesson csv pipeline; do
	for f in tests/fuzz/regressions/"$h"/*; do
		[ -f "$f" ] || continue
		name="fuzz regression $h/$(basename "$f")"
		build-fuzz/fuzz/fuzz_"$h" -timeout=10 -rss_limit_mb=2048 \
			-malloc_limit_mb=2048 "$f" >"$tmp/log" 2>&1
		st=$?
		if [ "$st" -eq 0 ]; then
			pass "$name"
		else
			why=$(grep -m 1 -E 'ERROR|runtime error|check failed|timeout|out-of-memory' "$tmp/log")
			fail "$name: ${why:-exit status $st}"
		fi
	done
done

# The three at once: the suite's wall time is one run's, not three.
for h in fuzz_lesson fuzz_csv fuzz_pipeline; do
	mkdir -p "$tmp/corpus-$h"
	(
		sh tests/fuzz/run.sh "$h" "$secs" "$tmp/corpus-$h" >"$tmp/$h.out" 2>&1
		echo $? >"$tmp/$h.st"
	) &
	pids="$pids $!"
done
wait
pids=
for h in fuzz_lesson fuzz_csv fuzz_pipeline; do
	if [ "$(cat "$tmp/$h.st")" = 0 ]; then
		pass "$(cat "$tmp/$h.out")"
	else
		fail "$h: $(tr '\n' ' ' <"$tmp/$h.out")"
	fi
done
exit $failed
