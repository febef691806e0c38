#!/bin/sh
# Regenerates the golden handouts in tests/golden/, or writes the same set
# into DIR (tests/suite-dump.sh does that and compares the two with cmp).
#
#   usage: sh tests/golden/update.sh [DIR]
#
# Every bundled lesson gets NAME.txt (its own handout list, text, UTF-8);
# trask-11 also gets Markdown, CSV, a narrow ASCII text, the HTML
# handout, its worksheet (text, in pages) and its answer key (Markdown);
# reflectivity (test-data: predictions) Markdown.  The locale is
# fixed so the glyphs do not depend on who runs it; stderr is not a
# terminal, so no progress bar.
#
# The files detect changes of layout; their numbers are nntrace's own.
# Before it replaces the committed set (no DIR), the script runs the numpy
# references (tests/suite-reference.sh) and writes nothing unless every
# bundled lesson agrees with its reference: a golden file must never
# freeze a wrong number.  A failing golden test after a change is a
# question (is the new output right?), not a chore; docs/testing.md says
# how to answer it.
cd "$(dirname "$0")/../.." || exit 70
out=${1:-tests/golden}
nntrace=${NNTRACE:-./nntrace}
if [ $# -eq 0 ] && ! sh tests/suite-reference.sh >&2; then
	echo "update.sh: the numpy references disagree with $nntrace; tests/golden left as it is" >&2
	exit 1
fi
mkdir -p "$out" || exit 73
status=0

# gen LESSON LOCALE FILE [OPTION...]
gen() {
	name=$1
	loc=$2
	file=$3
	shift 3
	if ! LC_ALL=$loc LANG= "$nntrace" dump "$@" "lessons/$name.lesson" \
		>"$out/$file" 2>"$out/$file.err"; then
		echo "update.sh: $file: $(head -n 1 "$out/$file.err")" >&2
		rm -f "$out/$file"
		status=1
	fi
	rm -f "$out/$file.err"
}

for f in lessons/*.lesson; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .lesson)
	gen "$name" C.UTF-8 "$name.txt"
done
gen trask-11 C.UTF-8 trask-11.md --format markdown
gen trask-11 C.UTF-8 trask-11.csv --format csv
gen trask-11 C trask-11.ascii.txt --width 60
gen trask-11 C.UTF-8 trask-11.html --format html
gen trask-11 C.UTF-8 trask-11.worksheet.txt --worksheet --page-length 40
gen trask-11 C.UTF-8 trask-11.answers.md --answers --format markdown
# The predictions (table and plot as a fenced block) in Markdown.
gen reflectivity C.UTF-8 reflectivity.md --format markdown
# A classifier's predictions, confusion matrix and pictures in Markdown.
gen digits C.UTF-8 digits.md --format markdown
exit $status
