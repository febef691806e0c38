#!/bin/sh
# End-to-end tests of `nntrace dump`: golden handouts, the CSV header,
# output files (-o) that appear whole or not at all, write errors, a
# closed pipe, and usage errors.  Runs ./nntrace (built by `make`) from
# the repo root; prints one "PASS name" or "FAIL name: why" line per case
# and exits non-zero when any case fails.
#
# Golden files (tests/golden/) are compared byte for byte with cmp: the
# suite regenerates the whole set into a temporary folder with
# tests/golden/update.sh, the same script that made them, so the two
# cannot drift.  They detect changes of layout; they are not a source of
# numbers.  nntrace wrote them, so a number in them is trusted only
# because tests/suite-reference.sh finds every cell of the same handouts
# equal to an independent numpy computation (docs/testing.md).
cd "$(dirname "$0")/.." || exit 70
nntrace=./nntrace
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

# --- golden handouts -------------------------------------------------
mkdir "$tmp/golden"
sh tests/golden/update.sh "$tmp/golden" 2>"$tmp/golden.err"
for f in lessons/*.lesson; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .lesson)
	[ -f "tests/golden/$name.txt" ] ||
		fail "golden-$name" "no tests/golden/$name.txt (run sh tests/golden/update.sh)"
done
for g in tests/golden/*.txt tests/golden/*.md tests/golden/*.csv tests/golden/*.html; do
	[ -f "$g" ] || continue
	file=$(basename "$g")
	if [ ! -f "$tmp/golden/$file" ]; then
		why=$(grep -F "$file:" "$tmp/golden.err" | head -n 1)
		fail "golden-$file" "dump failed: ${why:-no output}"
	elif cmp -s "$g" "$tmp/golden/$file"; then
		pass "golden-$file"
	else
		fail "golden-$file" "differs: $(cmp "$g" "$tmp/golden/$file" 2>&1 | head -n 1)"
	fi
done

# --- the CSV contract ------------------------------------------------
header=$($nntrace dump --format csv --iterations 0 trask-11 2>"$tmp/err" | head -n 1)
if [ "$header" = "iteration,phase,step,op,target,value,formula" ]; then
	pass csv-header
else
	fail csv-header "got '$header' $(head -n 1 "$tmp/err")"
fi
rows=$($nntrace dump --format csv --iterations 0-2 trask-11 2>/dev/null | wc -l)
if [ "$rows" -eq $((1 + 3 * 27)) ]; then
	pass csv-rows
else
	fail csv-rows "expected 82 lines (header + 3 x 27 operations), got $rows"
fi

# --- -o FILE ---------------------------------------------------------
$nntrace dump trask-11 >"$tmp/stdout.txt" 2>"$tmp/err"
$nntrace dump trask-11 -o "$tmp/out.txt" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail output-file "exit $rc: $(head -n 1 "$tmp/err")"
elif ! cmp -s "$tmp/out.txt" "$tmp/stdout.txt"; then
	fail output-file "-o FILE differs from standard output"
elif ls -A "$tmp" | grep -q '^\.nntrace-'; then
	fail output-file "temporary file left behind"
elif [ -s "$tmp/err" ]; then
	fail output-file "unexpected stderr: $(head -n 1 "$tmp/err")"
else
	pass output-file
fi

$nntrace dump trask-11 -o "$tmp/missing/out.txt" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 73 ] && [ -s "$tmp/err" ] && [ ! -e "$tmp/missing" ]; then
	pass output-missing-folder
else
	fail output-missing-folder "exit $rc (want 73), stderr '$(head -n 1 "$tmp/err")'"
fi

# A dump that fails half-way (file size limit; SIGXFSZ ignored so the
# write fails with EFBIG instead of killing the program) leaves the
# existing file as it was and no temporary file.
echo "the previous handout" >"$tmp/keep.txt"
(
	ulimit -f 8
	trap '' XFSZ
	exec $nntrace dump --iterations all trask-11 -o "$tmp/keep.txt"
) 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 74 ]; then
	fail failed-dump-keeps-file "exit $rc (want 74): $(head -n 1 "$tmp/err")"
elif ! grep -q "write error" "$tmp/err"; then
	fail failed-dump-keeps-file "no 'write error' message: $(head -n 1 "$tmp/err")"
elif [ "$(cat "$tmp/keep.txt")" != "the previous handout" ]; then
	fail failed-dump-keeps-file "the existing file was changed"
elif ls -A "$tmp" | grep -q '^\.nntrace-'; then
	fail failed-dump-keeps-file "temporary file left behind"
else
	pass failed-dump-keeps-file
fi

# --- write errors and closed pipes -----------------------------------
$nntrace dump trask-11 >/dev/full 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 74 ] && grep -q "write error" "$tmp/err"; then
	pass dev-full
else
	fail dev-full "exit $rc (want 74), stderr '$(head -n 1 "$tmp/err")'"
fi

# The reader stops after one line: nntrace must end quietly with 0 (the
# status is captured inside the pipeline; no pipefail in POSIX sh).
{
	$nntrace dump trask-11 --iterations all 2>"$tmp/err"
	echo $? >"$tmp/status"
} | head -n 1 >"$tmp/first"
rc=$(cat "$tmp/status")
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ -s "$tmp/first" ]; then
	pass closed-pipe
else
	fail closed-pipe "exit $rc, stderr '$(head -n 1 "$tmp/err")'"
fi

# --- usage errors: exit 64 and a hint to dump's own help -------------
usage() {
	name=$1
	shift
	$nntrace dump "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 64 ]; then
		fail "$name" "exit $rc (want 64)"
	elif ! grep -q "Try 'nntrace dump --help'" "$tmp/err"; then
		fail "$name" "no hint line: $(head -n 1 "$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		fail "$name" "wrote to standard output"
	else
		pass "$name"
	fi
}
usage usage-format --format pdf trask-11
usage usage-precision --precision x trask-11
usage usage-width --width 5 trask-11
usage usage-two-lessons trask-11 trask-xor
usage usage-unknown-option --colour trask-11
usage usage-bad-list --iterations 5-2 trask-11
usage usage-no-lesson --format csv

$nntrace dump --iterations 20000 trask-11 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 64 ] && grep -q "iteration 20000 is past the last (9999)" "$tmp/err" &&
	[ ! -s "$tmp/out" ]; then
	pass usage-past-last
else
	fail usage-past-last "exit $rc, stderr '$(head -n 1 "$tmp/err")'"
fi

exit $failed
