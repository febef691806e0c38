#!/bin/sh
# Makes the cases of the bad-input corpus that are too large, or too odd,
# to keep in git, into folder $1 (a copy of tests/bad/ made by
# tests/suite-bad.sh).  Each is listed in tests/bad/EXPECTED like the
# others.
dir=${1:?usage: generate.sh DIR}
cd "$dir" || exit 1

# A 10 MB lesson on one line: refused at the 1 MiB limit, without reading
# the rest.
{ printf 'title '; head -c 10485760 /dev/zero | tr '\0' 'a'; } >long-line.lesson

# A 10 MB CSV on one line: one cell far past the 4096-byte limit.
{ printf 'x1,x2,y'; head -c 10485760 /dev/zero | tr '\0' '7'; printf '\n0,1,0\n'; } \
	>csv-long-line.csv

# Over a million data rows (the limit is 1,000,000): 4 bytes a row.
{ echo 'x1,x2,y'; yes '0,1,0' | head -n 1000001; } >csv-too-many-rows.csv

# A file over 64 MiB: sparse, so it costs no disk; refused by its size
# before a byte is read.
: >csv-too-large.csv
truncate -s 70M csv-too-large.csv

# Data paths that are folders.
mkdir -p a-directory csv-is-directory.csv

# Deeply repeated sections: 40,000 `layer` lines (the limit is 16) and
# 15,000 narration lines on one operation.  Both must answer at once.
{
	echo 'title Repeated layers'
	echo 'sample 0 0 1 -> 0'
	i=0
	while [ $i -lt 40000 ]; do echo 'layer 1 sigmoid'; i=$((i + 1)); done
	echo 'loss squared'
	echo 'learning-rate 0.5'
	echo 'iterations 10'
} >repeated-layers.lesson
{
	grep -v '^#' ok-base.lesson
	i=0
	while [ $i -lt 15000 ]; do
		echo "say iteration 0 forward z1[0,0]: Narration number $i."
		i=$((i + 1))
	done
	echo 'say iteration 0 forward z9[0,0]: The one bad cue, last.'
} >repeated-cues.lesson

# Special files, which must be refused without being waited on: a FIFO
# as a lesson and as data, and a symbolic link that leads out of the
# lesson's folder.
rm -f fifo.lesson data-fifo.csv data-link-out.csv
mkfifo fifo.lesson data-fifo.csv
ln -s /etc/passwd data-link-out.csv
