#!/bin/sh
# Runs one libFuzzer harness for a while and prints one summary line:
#     fuzz_csv: 123456 executions in 20 s, corpus 345 inputs, no crash
# or, when it finds something, the crash report's summary and the file
# holding the input, with exit status 1.
#
#   sh tests/fuzz/run.sh HARNESS SECONDS [CORPUS_DIR]
#
# HARNESS is fuzz_lesson, fuzz_csv or fuzz_pipeline, built by
# `make fuzz-build` into build-fuzz/fuzz/.  Seeds are gathered fresh each
# run from the bundled lessons and data sets, tests/bad/ and
# tests/fuzz/seeds/.  New inputs go to CORPUS_DIR (default
# tests/fuzz/corpus-NAME/, ignored by git, so `make fuzz` keeps building
# on earlier runs).  Crash inputs land in build-fuzz/artifacts/.
cd "$(dirname "$0")/../.." || exit 70
h=$1
secs=${2:-180}
bin=build-fuzz/fuzz/$h
name=${h#fuzz_}
corpus=${3:-tests/fuzz/corpus-$name}
case $h in
fuzz_csv | fuzz_lesson | fuzz_pipeline) ;;
*) echo "usage: $0 fuzz_lesson|fuzz_csv|fuzz_pipeline SECONDS [CORPUS]" >&2
   exit 64 ;;
esac
[ -x "$bin" ] || { echo "$h: $bin missing (run make fuzz-build)" >&2; exit 70; }

seeds=$(mktemp -d) || exit 70
log=$(mktemp) || exit 70
trap 'rm -rf "$seeds" "$log"' EXIT
mkdir -p "$corpus" build-fuzz/artifacts || exit 70

# Seeds: copies, so libFuzzer never writes into the source tree.
case $name in
csv)
	cp datasets/*.csv "$seeds"/ 2>/dev/null
	cp tests/bad/*.csv "$seeds"/ 2>/dev/null
	;;
lesson)
	cp lessons/*.lesson "$seeds"/ 2>/dev/null
	cp tests/bad/*.lesson "$seeds"/ 2>/dev/null
	;;
pipeline)
	sh tests/fuzz/pipeline-seeds.sh "$seeds"
	;;
esac
cp tests/fuzz/seeds/"$name"/* "$seeds"/ 2>/dev/null

case $name in
csv) dict=tests/fuzz/csv.dict ;;
*) dict=tests/fuzz/lesson.dict ;;
esac

# -timeout: one input taking 10 s is a hang; -rss_limit_mb and -malloc_
# limit_mb: one allocation or a process past 2 GiB is a finding (the
# absurd-size checks must refuse such lessons before allocating).
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-malloc_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
	-dict="$dict" -artifact_prefix=build-fuzz/artifacts/"$h"- \
	"$corpus" "$seeds" >"$log" 2>&1
status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
units=$(ls "$corpus" | wc -l)
if [ "$status" -ne 0 ]; then
	echo "$h: FOUND A PROBLEM after ${execs:-?} executions (exit $status):"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_[a-z]*: )' \
		"$log" | head -n 5
	grep -E 'Test unit written to|^artifact_prefix' "$log" | tail -n 1
	exit 1
fi
echo "$h: ${execs:-?} executions in $secs s, corpus $units inputs, no crash"
