#!/bin/sh
# Writes seeds for fuzz_pipeline into folder $1: each bundled lesson and
# each lesson of tests/bad/ that reads a CSV, with its `data` line pointed
# at d.csv and the CSV (its first 40 lines) appended after a "%%" line;
# lessons with inline samples as they are.
out=${1:?usage: pipeline-seeds.sh DIR}
cd "$(dirname "$0")/../.." || exit 70
for f in lessons/*.lesson tests/bad/*.lesson; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .lesson)
	case $f in lessons/*) name=lesson-$name ;; *) name=bad-$name ;; esac
	data=$(sed -n 's/^data[ 	]\{1,\}\([^ 	#]*\).*/\1/p' "$f" | head -n 1)
	if [ -z "$data" ]; then
		cp "$f" "$out/$name"
		continue
	fi
	csv=""
	for c in "$(dirname "$f")/$data" "datasets/$data"; do
		[ -f "$c" ] && { csv=$c; break; }
	done
	{
		sed 's/^data[ 	].*/data d.csv/' "$f"
		if [ -n "$csv" ]; then
			echo '%%'
			head -n 40 "$csv"
		fi
	} >"$out/$name"
done
