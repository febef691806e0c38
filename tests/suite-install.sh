#!/bin/sh
# nntrace as a program installed on a Debian machine (issue 16): the man
# pages (rendered without warnings, nntrace-lesson(5) saying every word of
# docs/lesson-format.md, nntrace(1) holding every key of the player's
# table, every option of --help, every variable the sources read, every
# exit status), `make install` and `make uninstall` into a scratch
# DESTDIR and the installed program run from another folder, the bash
# completion, and parallel builds.  The .deb is checked by
# tests/deb-check.sh (`make deb-check`), outside make test: see there.
#
# Expected values come from the sources themselves (the lessons and data
# in lessons/ and datasets/, src/tui/panes/keys.c, src/core/diag.h, the
# getenv calls), from `nntrace --help` (the options a user is told of),
# from the seeds (../shared/REFERENCE.md) and from hand-written lists.
# Prints one "PASS name" or "FAIL name: why" line per case.
cd "$(dirname "$0")/.." || exit 70
top=$(pwd)
build=${BUILD:-build}
nntrace=$top/nntrace
failed=0
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
# The suite's own makes start from nothing (run-all.sh runs under make).
unset MAKEFLAGS MAKELEVEL NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8 MANWIDTH=80

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}
# same NAME WANT GOT: two files with the same lines, or a FAIL with the
# first differences.
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "$(diff "$2" "$3" | grep '^[<>]' | head -n 6 | tr '\n' ' ')"
	fi
}

if [ ! -x "$nntrace" ]; then
	echo "FAIL build: no ./nntrace (make)"
	exit 1
fi
for page in nntrace.1 nntrace-lesson.5; do
	if [ ! -f "$build/man/$page" ]; then
		echo "FAIL build: no $build/man/$page (make man)"
		exit 1
	fi
done
man1=$build/man/nntrace.1
man5=$build/man/nntrace-lesson.5

# The bundled lessons by name, and the data, from the tree itself.
for f in lessons/*.lesson; do basename "$f" .lesson; done | LC_ALL=C sort >"$tmp/names"
[ -s "$tmp/names" ] || { echo "FAIL lessons: none in lessons/"; exit 1; }

# ============================================================ man pages

# man --warnings runs the page through groff -ww (and tbl, preconv) as
# man(1) shows it; a warning goes to standard error.
for page in "$man1" "$man5"; do
	name=man-warnings-$(basename "$page")
	if ! man --warnings -l "$page" >"$tmp/page.txt" 2>"$tmp/warn"; then
		fail "$name" "man exited $?: $(head -n 2 "$tmp/warn" | tr '\n' ' ')"
	elif [ -s "$tmp/warn" ]; then
		fail "$name" "$(head -n 3 "$tmp/warn" | tr '\n' ' ')"
	elif [ "$(wc -l <"$tmp/page.txt")" -lt 50 ]; then
		fail "$name" "only $(wc -l <"$tmp/page.txt") lines rendered"
	else
		pass "$name"
	fi
done

# lexgrog reads the NAME section as mandb and whatis do.
lexgrog_is() {
	out=$(lexgrog "$2" 2>&1)
	case $out in
	*": \"$3 - "*) pass "$1" ;;
	*) fail "$1" "lexgrog says: $out" ;;
	esac
}
lexgrog_is man-lexgrog-nntrace.1 "$man1" nntrace
lexgrog_is man-lexgrog-nntrace-lesson.5 "$man5" nntrace-lesson

# nntrace-lesson(5) is the conversion of today's docs/lesson-format.md.
awk -v version="$(sed -n 's/^VERSION *:= *//p' Makefile)" \
	-v date="$(sed -n 's/^MAN_DATE *:= *//p' Makefile)" \
	-f man/md2man.awk docs/lesson-format.md >"$tmp/fresh.5"
if [ "$man5" -ot docs/lesson-format.md ] || [ "$man5" -ot man/md2man.awk ]; then
	fail man-lesson-current "$man5 is older than its sources (make man)"
else
	same man-lesson-current "$tmp/fresh.5" "$man5"
fi

# words FILE: its words, lower case, one a line, sorted (a multiset).
words() {
	tr -cs 'A-Za-z0-9' '\n' <"$1" | tr 'A-Z' 'a-z' | grep . | LC_ALL=C sort
}
# Every word of the Markdown (less its title, which becomes the NAME
# line; markup dropped: a code span glued to a word reads as one word)
# is in the rendered page, as often; and the page adds none.
tail -n +2 docs/lesson-format.md | tr -d '`' | tr '*' ' ' >"$tmp/md.txt"
words "$tmp/md.txt" >"$tmp/md.words"
man -l "$man5" 2>/dev/null |
	awk '/^DESCRIPTION$/ { on = 1; next } /^SEE ALSO$/ { on = 0 } on' \
		>"$tmp/man5.txt"
words "$tmp/man5.txt" >"$tmp/man5.words"
same man-lesson-every-word "$tmp/md.words" "$tmp/man5.words"

# Every keyword of the parser's table of directives starts a row of one
# of the page's tables (a first cell is the line after a lone "T{").
sed -n 's/^[[:space:]]*\[D_[A-Z_]*\] = {"\([a-z-]*\)".*/\1/p' \
	src/lesson/directives.c >"$tmp/directives"
awk 'first { print } { first = ($0 == "T{") }' "$man5" |
	sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\://g' |
	awk '{ print $1 }' >"$tmp/first-cells"
missing=""
n=0
while read -r d; do
	n=$((n + 1))
	grep -qx -- "$d" "$tmp/first-cells" || missing="$missing $d"
done <"$tmp/directives"
if [ "$n" -lt 30 ]; then
	fail man-lesson-directives "only $n directives read from directives.c"
elif [ -n "$missing" ]; then
	fail man-lesson-directives "no table row for:$missing"
else
	pass man-lesson-directives
fi

# unroff: the text of roff source lines, escapes and quotes taken out.
unroff() {
	sed -e 's/\\f([A-Z][A-Z]//g' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
		-e 's/\\&//g' -e 's/\\%//g' -e 's/\\(aq/'"'"'/g' -e 's/"//g'
}
# tags SECTION: the words of nntrace(1)'s .TP tags in .SH SECTION, one a
# line (a tag ".BR LANG , LC_ALL" gives LANG and LC_ALL).
tags() {
	awk -v want="$1" '
		/^\.SH / { sec = substr($0, 5); gsub(/"/, "", sec); next }
		sec != want { next }
		/^\.TP/ { tag = 1; next }
		tag { tag = 0; sub(/^\.[A-Z]+ /, ""); print }
	' "$man1" | unroff | tr ' ,|' '\n\n\n' | grep .
}

# The keys, from the table itself: a program linked with keys.o prints
# each action's keys as the help screen names them in ASCII, and its help
# text, in the table's order; nntrace(1) has one .TP per action with the
# same keys on its tag line, its text starting with the help text.
cat >"$tmp/keys.c" <<'EOF'
#include <stdio.h>

#include "tui/panes/keys.h"

int main(void)
{
	for (size_t i = 0; i < keys_count; i++) {
		char names[128];
		if (!keys_table[i].help)
			continue;
		keys_list(keys_table[i].action, false, names, sizeof names);
		printf("%s\t%s\n", names, keys_table[i].help);
	}
	return 0;
}
EOF
if ! cc -std=c11 -Isrc -o "$tmp/keys" "$tmp/keys.c" \
	"$build/src/tui/panes/keys.o" 2>"$tmp/cc.err"; then
	fail man-keys "cannot build the key lister: $(head -n 2 "$tmp/cc.err" | tr '\n' ' ')"
else
	"$tmp/keys" >"$tmp/keys.want"
	awk '
		/^\.SS / { keys = ($0 ~ /^\.SS "?Keys"?$/); next }
		/^\.SH / { keys = 0 }
		!keys { next }
		/^\.TP/ { state = 1; next }
		state == 1 { sub(/^\.B /, ""); tag = $0; state = 2; next }
		state == 2 { print tag "\t" $0; state = 0 }
	' "$man1" | unroff >"$tmp/keys.man"
	if [ "$(wc -l <"$tmp/keys.want")" -lt 20 ]; then
		fail man-keys "only $(wc -l <"$tmp/keys.want") actions in keys.c's table"
	else
		# Each man line: the same keys, then text that starts with the
		# help text.
		result=$(awk -F '\t' '
			NR == FNR { k[NR] = $1; h[NR] = $2; n = NR; next }
			{ m++
			  if (m > n) { print "extra key line in the page: " $0; exit }
			  if ($1 != k[m] || index($2, h[m]) != 1) {
				print "page says \"" $1 "\": \"" $2 "\"; keys.c says \"" \
				    k[m] "\": \"" h[m] "\""; exit } }
			END { if (m < n) print "the page lacks \"" k[m + 1] "\"" }
		' "$tmp/keys.want" "$tmp/keys.man")
		if [ -n "$result" ]; then
			fail man-keys "$result"
		else
			pass man-keys
		fi
	fi
fi

# The options `nntrace --help` gives each subcommand ("top" for nntrace
# itself) are on .TP tags (or the title) of that subcommand's .SS in
# nntrace(1).  `nntrace SUBCOMMAND --help`, once it exits 0, is used
# instead for that subcommand.  (The page may say more: --output is not
# in the usage.)
# help_options: "SUBCOMMAND OPTION" lines of a usage text on stdin.
help_options() {
	awk -v fixed="$1" '
		/^$/ && fixed == "" { exit }
		{
			line = $0
			if (fixed != "") sub_ = fixed
			else if (match(line, /nntrace [a-z]+/))
				sub_ = substr(line, RSTART + 8, RLENGTH - 8)
			else if (line ~ /nntrace [-[]/) sub_ = "top"
			while (match(line, /(^|[ [|,])-(-[a-z][a-z-]*|[a-zA-Z])/)) {
				opt = substr(line, RSTART, RLENGTH)
				sub(/^[ [|,]/, "", opt)
				line = substr(line, RSTART + RLENGTH)
				if (fixed != "" && (opt == "-h" || opt == "--help"))
					continue
				print sub_ " " opt
			}
		}'
}
"$nntrace" --help | help_options "" >"$tmp/opts.top"
subs=$("$nntrace" --help | sed -n 's/^\(usage:\)\{0,1\} *nntrace \([a-z][a-z]*\).*/\2/p')
: >"$tmp/opts.want"
for s in $subs; do
	if "$nntrace" "$s" --help >"$tmp/subhelp" 2>/dev/null; then
		help_options "$s" <"$tmp/subhelp" >>"$tmp/opts.want"
	else
		grep "^$s " "$tmp/opts.top" >>"$tmp/opts.want"
	fi
done
grep '^top ' "$tmp/opts.top" >>"$tmp/opts.want"
awk '
	/^\.SH / { cmds = ($0 ~ /^\.SH "?COMMANDS"?$/); next }
	!cmds { next }
	/^\.SS / {
		title = $0
		gsub(/\\-/, "-", title)
		if (title ~ /--help/) sub_ = "top"
		else if (title ~ /nntrace play/) sub_ = "play"
		else if (match(title, /nntrace [a-z]+/))
			sub_ = substr(title, RSTART + 8, RLENGTH - 8)
		print "SS " sub_
		if (sub_ == "top") print "TAG " sub_ "|" title
		next
	}
	/^\.TP/ { tag = 1; next }
	tag { tag = 0; print "TAG " sub_ "|" $0 }
' "$man1" | unroff >"$tmp/man.cmds"
sed -n 's/^TAG \([a-z]*\)|\(.*\)/\1 \2/p' "$tmp/man.cmds" |
	awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^-/) {
		o = $i; sub(/[,.]$/, "", o); print $1 " " o } }' |
	LC_ALL=C sort -u >"$tmp/opts.man"
LC_ALL=C sort -u "$tmp/opts.want" >"$tmp/opts.want.s"
missing=$(LC_ALL=C comm -23 "$tmp/opts.want.s" "$tmp/opts.man" | tr '\n' ';')
if [ "$(wc -l <"$tmp/opts.want.s")" -lt 12 ]; then
	fail man-options "only $(wc -l <"$tmp/opts.want.s") options read from --help"
elif [ -n "$missing" ]; then
	fail man-options "not in nntrace(1) (subcommand option): $missing"
else
	pass man-options
fi
missing=""
for s in $subs; do
	grep -qx "SS $s" "$tmp/man.cmds" || missing="$missing $s"
done
if [ -z "$subs" ]; then
	fail man-commands "no subcommand read from --help"
elif [ -n "$missing" ]; then
	fail man-commands "no .SS in nntrace(1) for:$missing"
else
	pass man-commands
fi

# Every variable the sources read, and the locale's LANG.
tags ENVIRONMENT >"$tmp/env.man"
missing=""
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' src | sed 's/getenv("\(.*\)")/\1/' |
	sort -u) LANG; do
	grep -qx "$v" "$tmp/env.man" || missing="$missing $v"
done
if [ -n "$missing" ]; then
	fail man-environment "not in ENVIRONMENT:$missing"
else
	pass man-environment
fi

# Every exit status of src/core/diag.h, and 0.
tags "EXIT STATUS" >"$tmp/exit.man"
missing=""
codes=$(sed -n 's/^[[:space:]]*EXIT_[A-Z]* = \([0-9]*\),.*/\1/p' src/core/diag.h)
for c in 0 $codes; do
	grep -qx "$c" "$tmp/exit.man" || missing="$missing $c"
done
if [ "$(echo "$codes" | wc -w)" -lt 5 ]; then
	fail man-exit-status "only $(echo "$codes" | wc -w) codes read from diag.h"
elif [ -n "$missing" ]; then
	fail man-exit-status "not in EXIT STATUS:$missing"
else
	pass man-exit-status
fi

# ============================================================ install

root=$tmp/root
prefix=/opt/nntrace-test
p=$root$prefix
mkdir -p "$p/bin" && echo keep >"$p/bin/other-program"
if ! make -s --no-print-directory install DESTDIR="$root" PREFIX="$prefix" \
	>"$tmp/install.log" 2>&1; then
	fail install "make install failed: $(tail -n 3 "$tmp/install.log" | tr '\n' ' ')"
fi
# What must be there, made from the tree (no other file may be).
{
	echo "bin/nntrace 755"
	echo "bin/other-program 644"
	while read -r n; do echo "share/nntrace/lessons/$n.lesson 644"; done <"$tmp/names"
	for f in datasets/*.csv; do echo "share/nntrace/$f 644"; done
	echo "share/man/man1/nntrace.1 644"
	echo "share/man/man5/nntrace-lesson.5 644"
	echo "share/bash-completion/completions/nntrace 644"
	for f in README.md lesson-format.md player.md handouts.md datasets.md; do
		echo "share/doc/nntrace/$f 644"
	done
} | LC_ALL=C sort >"$tmp/files.want"
(cd "$p" && find . -type f -exec stat -c '%n %a' {} + | sed 's|^\./||') |
	LC_ALL=C sort >"$tmp/files.got"
same install-files "$tmp/files.want" "$tmp/files.got"

# The copies are the tree's files (the man pages as built).
bad=""
cmp -s "$nntrace" "$p/bin/nntrace" || bad="$bad bin/nntrace"
cmp -s "$man5" "$p/share/man/man5/nntrace-lesson.5" || bad="$bad man5"
cmp -s completion/nntrace.bash "$p/share/bash-completion/completions/nntrace" ||
	bad="$bad completion"
cmp -s datasets/README.md "$p/share/doc/nntrace/datasets.md" || bad="$bad datasets.md"
if [ -n "$bad" ]; then fail install-copies "differ:$bad"; else pass install-copies; fi

# Run from another folder, with nothing in the environment pointing at the
# tree: the installed program finds its lessons in share/nntrace/lessons
# beside its bin/, and their data in share/nntrace/datasets.
mkdir -p "$tmp/elsewhere"
inst=$p/bin/nntrace
(cd "$tmp/elsewhere" && "$inst" lessons) >"$tmp/lessons.out" 2>&1
awk '{ print $1 }' "$tmp/lessons.out" | LC_ALL=C sort >"$tmp/lessons.got"
same installed-lessons "$tmp/names" "$tmp/lessons.got"

(cd "$tmp/elsewhere" && "$inst" check trask-11) >"$tmp/check.out" 2>&1
st=$?
# trask-11: 4 samples of datasets/trask.csv, one layer (the lesson file).
if [ "$st" -ne 0 ]; then
	fail installed-check "exit $st: $(head -n 2 "$tmp/check.out" | tr '\n' ' ')"
elif ! grep -qF "$p/bin/../share/nntrace/lessons/trask-11.lesson: ok:" "$tmp/check.out"; then
	fail installed-check "not the installed lesson: $(cat "$tmp/check.out")"
elif ! grep -qF "1 layer, 4 samples" "$tmp/check.out"; then
	fail installed-check "$(cat "$tmp/check.out")"
else
	pass installed-check
fi

# The seed's iteration 0 (REFERENCE.md, seed 002): weights and sums.
(cd "$tmp/elsewhere" && "$inst" dump trask-11 --iterations 0) >"$tmp/dump.out" 2>&1
st=$?
missing=""
for v in 0.39293837 0.42772133 0.54629709 0.97401842 0.36672394 0.67423821; do
	grep -qF "$v" "$tmp/dump.out" || missing="$missing $v"
done
if [ "$st" -ne 0 ]; then
	fail installed-dump "exit $st: $(head -n 2 "$tmp/dump.out" | tr '\n' ' ')"
elif [ -n "$missing" ]; then
	fail installed-dump "seed 002's numbers missing:$missing"
else
	pass installed-dump
fi

# reflectivity reads two data files (data and test-data).
if (cd "$tmp/elsewhere" && "$inst" check reflectivity) >"$tmp/refl.out" 2>&1; then
	pass installed-check-test-data
else
	fail installed-check-test-data "$(head -n 2 "$tmp/refl.out" | tr '\n' ' ')"
fi

# man finds both pages where they were installed.
w1=$(man -M "$p/share/man" -w nntrace 2>&1)
w5=$(man -M "$p/share/man" -w 5 nntrace-lesson 2>&1)
if [ "$w1" = "$p/share/man/man1/nntrace.1" ] &&
	[ "$w5" = "$p/share/man/man5/nntrace-lesson.5" ]; then
	pass installed-man
else
	fail installed-man "man -w found '$w1' and '$w5'"
fi

# uninstall removes every file install put there and nntrace's folders,
# and nothing else.
if ! make -s --no-print-directory uninstall DESTDIR="$root" PREFIX="$prefix" \
	>"$tmp/uninstall.log" 2>&1; then
	fail uninstall "make uninstall failed: $(tail -n 3 "$tmp/uninstall.log" | tr '\n' ' ')"
fi
left=$(cd "$p" && find . -type f ! -path ./bin/other-program; find . -name '*nntrace*')
if [ -n "$left" ]; then
	fail uninstall-clean "left: $(echo "$left" | head -n 5 | tr '\n' ' ')"
else
	pass uninstall-clean
fi
if [ "$(cat "$p/bin/other-program" 2>/dev/null)" = keep ]; then
	pass uninstall-keeps-others
else
	fail uninstall-keeps-others "bin/other-program is gone"
fi

# ============================================================ completion

# comp WORD...: what the completion in ./completion/nntrace.bash offers
# for the command line WORD... (the last one being completed), sorted,
# from the folder $tmp/work.
mkdir -p "$tmp/work/sub" && : >"$tmp/work/a.lesson" && : >"$tmp/work/b.txt"
comp_file=$top/completion/nntrace.bash
comp() {
	(cd "$tmp/work" && bash -c '. "$1" || exit 1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _nntrace
		printf "%s\n" "${COMPREPLY[@]}"' comp "$comp_file" "$@") |
		grep . | LC_ALL=C sort
}
# offers NAME WANT-FILE WORD...: the completion offers exactly WANT-FILE.
offers() {
	name=$1 want=$2
	shift 2
	comp "$@" >"$tmp/comp.got"
	LC_ALL=C sort "$want" >"$tmp/comp.want"
	same "$name" "$tmp/comp.want" "$tmp/comp.got"
}
lines() { printf '%s\n' "$@" >"$tmp/lines"; echo "$tmp/lines"; }

# First word: the subcommands, every bundled lesson, *.lesson files and
# folders (for paths), not other files.
{ printf '%s\n' play dump check lessons new a.lesson sub; cat "$tmp/names"; } >"$tmp/first"
offers completion-first-word "$tmp/first" "$nntrace" ""
offers completion-command-prefix "$(lines dump)" "$nntrace" du
# The options of each subcommand, as `nntrace dump --help` and `nntrace
# play --help` give them.
offers completion-dump-options "$(lines --help --iterations --format --precision --width --output --worksheet --answers --print --page-length --plots --full --force --allow-data-anywhere)" \
	"$nntrace" dump --
offers completion-play-options "$(lines -h --help -p --plain -f --fresh -n --no-color --allow-data-anywhere)" "$nntrace" play -
offers completion-formats "$(lines text markdown csv html)" "$nntrace" dump --format ""
# --format=m: bash cuts the word at '='.
offers completion-formats-equals "$(lines markdown)" "$nntrace" dump --format = m
offers completion-formats-one-word "$(lines --format=text --format=markdown --format=csv --format=html)" \
	"$nntrace" dump "--format="
grep '^trask' "$tmp/names" >"$tmp/trask"
offers completion-lesson-prefix "$tmp/trask" "$nntrace" play trask
{ printf '%s\n' a.lesson sub; cat "$tmp/names"; } >"$tmp/check"
offers completion-check-lessons "$tmp/check" "$nntrace" check trask-11 ""
: >"$tmp/none"
offers completion-lessons-takes-nothing "$tmp/none" "$nntrace" lessons ""
offers completion-after-lesson "$tmp/none" "$nntrace" trask-11 ""
offers completion-output-file "$(lines b.txt)" "$nntrace" dump -o b

# Every option --help names is completed for its subcommand.
missing=""
while read -r s o; do
	case $s in
	dump | play | new) ;;
	*) continue ;;
	esac
	case $o in
	--*) comp "$nntrace" "$s" -- | grep -qx -- "$o" || missing="$missing $s:$o" ;;
	*) comp "$nntrace" "$s" - | grep -qx -- "$o" || missing="$missing $s:$o" ;;
	esac
done <"$tmp/opts.want"
if [ -n "$missing" ]; then
	fail completion-help-options "not completed:$missing"
else
	pass completion-help-options
fi

# ============================================================ parallel make

# A compiler that only records: how many of it run at once, and two notes
# on standard error half a second apart, so that unsynced jobs would
# interleave their lines.
log=$tmp/cclog
mkdir -p "$log"
cat >"$tmp/cc" <<EOF
#!/bin/sh
out= prev=
for a do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
: >"$log/run.\$\$"
ls "$log" | grep -c '^run\\.' >>"$log/at-once"
echo "note one \$out" >&2
sleep 0.5
echo "note two \$out" >&2
rm -f "$log/run.\$\$"
: >"\$out"
EOF
chmod +x "$tmp/cc"
objs="src/core/diag src/core/grow src/core/op src/core/utf8"
# build NAME MAKE-ARGS...: builds the four objects afresh; the most
# compilers at once into $tmp/NAME.most, the output into $tmp/NAME.out.
build() {
	name=$1
	shift
	rm -rf "$tmp/b" "$log"/*
	targets=""
	for o in $objs; do targets="$targets $tmp/b/$o.o"; done
	make --no-print-directory BUILD="$tmp/b" CC="$tmp/cc" "$@" $targets \
		>"$tmp/$name.out" 2>&1
	sort -n "$log/at-once" | tail -n 1 >"$tmp/$name.most"
}
cores=$(nproc)
want=$((cores < 4 ? cores : 4))
build default
if [ "$(cat "$tmp/default.most")" = "$want" ]; then
	pass "make-parallel-default ($want at once on $cores cores)"
else
	fail make-parallel-default "$(cat "$tmp/default.most") compiles at once, $want wanted ($cores cores)"
fi
build serial -j1
if [ "$(cat "$tmp/serial.most")" = 1 ]; then
	pass make-parallel-j1
else
	fail make-parallel-j1 "$(cat "$tmp/serial.most") compiles at once with -j1"
fi
build three JOBS=3
if [ "$(cat "$tmp/three.most")" = 3 ]; then
	pass make-parallel-jobs-variable
else
	fail make-parallel-jobs-variable "$(cat "$tmp/three.most") compiles at once with JOBS=3"
fi
# Each file's CC line is followed by its own two notes, in one piece.
bad=""
for o in $objs; do
	grep -A 2 -F "  CC      $o.c" "$tmp/three.out" | tr '\n' '|' >"$tmp/piece"
	[ "$(cat "$tmp/piece")" = "  CC      $o.c|note one $tmp/b/$o.o|note two $tmp/b/$o.o|" ] ||
		bad="$bad $o"
done
if [ -n "$bad" ]; then
	fail make-output-in-one-piece "interleaved:$bad: $(head -n 6 "$tmp/three.out" | tr '\n' '|')"
else
	pass make-output-in-one-piece
fi
# The same lines as a serial build, whatever their order.
LC_ALL=C sort "$tmp/serial.out" >"$tmp/serial.sorted"
LC_ALL=C sort "$tmp/three.out" >"$tmp/three.sorted"
same make-output-same-lines "$tmp/serial.sorted" "$tmp/three.sorted"

# make run keeps the terminal for the player (output sync would give it a
# file): under script(1) with TERM=dumb, the player must refuse for the
# terminal type, not for a standard output that is not a terminal.
TERM=dumb script -qec "make --no-print-directory run" /dev/null \
	>"$tmp/run.out" 2>&1 </dev/null
if grep -q "TERM is 'dumb'" "$tmp/run.out"; then
	pass make-run-on-terminal
else
	fail make-run-on-terminal "$(grep nntrace "$tmp/run.out" | head -n 2 | tr '\n' ' ')"
fi

exit $failed
