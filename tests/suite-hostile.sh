#!/bin/sh
# Hostile files and odd outputs (issue 13): what a lesson, a CSV file or
# the name of a file can make nntrace do.
#
#   escapes  every C0 and C1 control byte, DEL, and the bidirectional,
#            zero-width, byte-order-mark and separator characters, fed
#            through titles, narration, cell names, CSV headers and the
#            names of files and folders: no output of check, lessons,
#            dump (every format) or play --plain holds one raw;
#   special  FIFOs, terminals and devices as lessons, data and state
#            files are refused at once, and data outside the lesson's
#            folder is never read (nor quoted);
#   output   -o: devices and /dev/stdout written in place, inputs,
#            folders and read-only files refused, modes kept, long names,
#            nothing half-written left by kill -9 or any signal, write
#            errors on standard output;
#   state    a place that cannot be saved is said, two players merge;
#   fuzz     the fuzzers' dictionary knows every keyword.
#
# Expected values: the rules of core/sanitize.h and the issue's examples,
# written out by hand (ESC is \x1b, BEL \x07, U+202E \u202e); the test of
# "no raw control character" is Python's unicodedata (general categories
# Cc, Cf, Zl, Zp), an independent implementation.  One PASS/FAIL line per
# case; every wait has a deadline.
cd "$(dirname "$0")/.." || exit 70
root=$(pwd)
bin=${NNTRACE:-$root/nntrace}
case $bin in /*) ;; *) bin=$root/$bin ;; esac # relative to the root
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8
PY=/usr/bin/python3

failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}
[ -x "$bin" ] || { fail build "$bin is missing (make nntrace)"; exit 1; }
[ -x "$PY" ] || { fail setup "$PY is missing (python3)"; exit 1; }

tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# For FAIL lines: bytes outside printable ASCII become '?'.
clean() {
	printf '%s' "$1" | LC_ALL=C tr -c ' -~' '?' | cut -c 1-240
}

# A lesson on a CSV next to it, clean, and its data.
lesson_body() {
	cat <<'EOF'
data data.csv
inputs x1 x2
targets y
layer 1 sigmoid
init zeros
loss squared
learning-rate 0.5
iterations 3
EOF
}
csv_rows() { printf '0,1,0\n1,0,1\n'; }

# ============================================================== escapes
# rawcheck FILE...: prints "FILE: line N: U+XXXX" for the first character
# of each file that is not a newline and is a control (Cc), a format
# character (Cf) or a separator (Zl, Zp), or for bytes that are not UTF-8;
# silent when every file is clean.
cat >"$tmp/rawcheck.py" <<'EOF'
import sys, unicodedata
for name in sys.argv[1:]:
    data = open(name, 'rb').read()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        print('%s: byte %d: not UTF-8 (0x%02x)' % (name, e.start, data[e.start]))
        continue
    for n, line in enumerate(text.split('\n'), 1):
        bad = [c for c in line if unicodedata.category(c) in ('Cc', 'Cf', 'Zl', 'Zp')]
        if bad:
            print('%s: line %d: U+%04X' % (name, n, ord(bad[0])))
            break
EOF

# The payloads, one a line as octal escapes for printf: C0 but NUL
# (a name cannot hold it; newline included), DEL, the C1 bytes raw (not
# UTF-8) and as UTF-8 characters, and U+202A-E, U+2066-9, U+2028-9,
# U+200B-D, U+2060, U+FEFF.
payloads() {
	i=1
	while [ $i -le 31 ]; do printf '\\%03o\n' $i; i=$((i + 1)); done
	echo '\177'
	i=128
	while [ $i -le 159 ]; do printf '\\%03o\n' $i; i=$((i + 1)); done
	i=128
	while [ $i -le 159 ]; do printf '\\302\\%03o\n' $i; i=$((i + 1)); done
	for c in 252 253 254 255 256; do echo "\\342\\200\\$c"; done
	for c in 246 247 250 251; do echo "\\342\\201\\$c"; done
	for c in 250 251 213 214 215; do echo "\\342\\200\\$c"; done
	echo '\342\201\240'
	echo '\357\273\277'
}

# One folder per payload P, named with it, holding: a clean lesson whose
# file name holds P; lessons with P in the title, in narration, in a cell
# name of a selector and in a CSV header name (a column the lesson uses,
# and one it does not).  Each command's output goes to out/N.
mkdir "$tmp/x" "$tmp/out"
n=0
payloads >"$tmp/payloads"
while IFS= read -r esc; do
	n=$((n + 1))
	P=$(printf "$esc")
	d="$tmp/x/d$n$P"
	mkdir "$d" || { fail "escapes setup" "mkdir $n"; continue; }
	{ echo 'x1,x2,y'; csv_rows; } >"$d/data.csv"
	{ printf 'title Clean %s\n' "$n"; lesson_body; } >"$d/t$n$P.lesson"
	{ printf 'title T%s x\n' "$P"; lesson_body; } >"$d/title.lesson"
	{ echo 'title Say'; lesson_body
	  printf 'say iteration 0 forward z1[0,0]: N%s x\n' "$P"; } >"$d/say.lesson"
	{ echo 'title Cell'; lesson_body
	  printf 'say iteration 0 forward z1%s[0,0]: x\n' "$P"; } >"$d/cell.lesson"
	{ echo 'title Header'; lesson_body | sed 's/data.csv/hdr.csv/'; } >"$d/hdr.lesson"
	{ printf 'x1,x%s2,y,u%s\n' "$P" "$P"; printf '0,1,0,0\n1,0,1,0\n'; } >"$d/hdr.csv"
	o="$tmp/out/$n"
	{
		"$bin" check "$d"/*.lesson
		NNTRACE_LESSONS="$d" "$bin" lessons
		for l in "$d"/*.lesson; do
			for f in text markdown csv; do
				"$bin" dump --format $f "$l"
			done
			"$bin" play --plain "$l" </dev/null
		done
	} >"$o" 2>&1
done <"$tmp/payloads"
"$PY" "$tmp/rawcheck.py" "$tmp"/out/* >"$tmp/raw" 2>&1
found=$(head -n 3 "$tmp/raw")
if [ "$n" -lt 112 ]; then
	fail "escapes: every payload" "only $n payloads"
elif [ -n "$found" ]; then
	fail "escapes: no raw control, bidi, zero-width or separator in any output" \
		"$(clean "$found")"
else
	pass "escapes: no raw control, bidi, zero-width or separator in any output ($n payloads)"
fi

# The issue's example, exactly: a folder named $'evil\e]0;PWNED\a\e[31m'
# shows as evil\x1b]0;PWNED\x07\x1b[31m in check's ok line.
ev="$tmp/evil$(printf '\033]0;PWNED\007\033[31m')"
mkdir "$ev"
{ echo 'x1,x2,y'; csv_rows; } >"$ev/data.csv"
{ echo 'title Evil folder'; lesson_body; } >"$ev/bad.lesson"
got=$("$bin" check "$ev"/bad.lesson 2>&1)
want="$tmp/evil\\x1b]0;PWNED\\x07\\x1b[31m/bad.lesson: ok: \"Evil folder\""
case $got in
"$want"*) pass "escapes: a folder's escape bytes shown as \\xNN in check" ;;
*) fail "escapes: a folder's escape bytes shown as \\xNN in check" "$(clean "$got")" ;;
esac

# ... and in an error's file:line:col.
{ echo 'title Evil folder'; echo 'frobnicate'; lesson_body; } >"$ev/err.lesson"
got=$("$bin" check "$ev"/err.lesson 2>&1)
want="$tmp/evil\\x1b]0;PWNED\\x07\\x1b[31m/err.lesson:2:1: error: unknown keyword"
case $got in
"$want"*) pass "escapes: a folder's escape bytes shown as \\xNN in file:line:col" ;;
*) fail "escapes: a folder's escape bytes shown as \\xNN in file:line:col" "$(clean "$got")" ;;
esac

# A lesson's file name in `lessons`: e<ESC>[2Jx.lesson lists as e\x1b[2Jx;
# U+202E in a name as \u202e.
mkdir "$tmp/names"
{ echo 'x1,x2,y'; csv_rows; } >"$tmp/names/data.csv"
{ echo 'title Clear screen'; lesson_body; } >"$tmp/names/e$(printf '\033[2J')x.lesson"
{ echo 'title Reversed'; lesson_body; } >"$tmp/names/r$(printf '\342\200\256')gpj.lesson"
got=$(NNTRACE_LESSONS="$tmp/names" "$bin" lessons 2>&1)
# (Names padded to 22 bytes and a space: e\x1b[2Jx is 9, r\u202egpj 10.)
if printf '%s\n' "$got" | grep -qxF 'e\x1b[2Jx              Clear screen' &&
	printf '%s\n' "$got" | grep -qxF 'r\u202egpj             Reversed'; then
	pass "escapes: file names in lessons shown as \\x1b and \\u202e"
else
	fail "escapes: file names in lessons shown as \\x1b and \\u202e" "$(clean "$got")"
fi

# ============================================================== special
# run_limited NAME SECONDS CMD...: the command under a time limit, its
# output in $tmp/o and $tmp/e, its status in $rc (124: it hung).
run_limited() {
	s=$1
	shift
	(exec timeout "$s" "$@") >"$tmp/o" 2>"$tmp/e" </dev/null
	rc=$?
}

sp="$tmp/special"
mkdir "$sp"
{ echo 'x1,x2,y'; csv_rows; } >"$sp/data.csv"
mkfifo "$sp/fifo.lesson" "$sp/fifo.csv"
# A FIFO as the lesson: each command answers at once, 66.
for cmd in check dump "play --plain"; do
	# shellcheck disable=SC2086
	run_limited 10 "$bin" $cmd "$sp/fifo.lesson"
	if [ "$rc" = 66 ] &&
		[ "$(head -n 1 "$tmp/e")" = "$sp/fifo.lesson: error: not a regular file (FIFO)" ]; then
		pass "special: FIFO lesson refused by $cmd (66)"
	else
		fail "special: FIFO lesson refused by $cmd (66)" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
done

# A FIFO, a terminal and /dev/zero as data: refused, never read.
{ echo 'title FIFO data'; lesson_body | sed 's/data.csv/fifo.csv/'; } >"$sp/fifo-data.lesson"
run_limited 10 "$bin" play --plain "$sp/fifo-data.lesson"
if [ "$rc" = 66 ] && grep -qF "fifo-data.lesson:2:6: error: cannot open data file 'fifo.csv': not a regular file (FIFO)" "$tmp/e"; then
	pass "special: FIFO data refused by play --plain (66)"
else
	fail "special: FIFO data refused by play --plain (66)" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi
{ echo 'title Terminal'; lesson_body | sed 's|data.csv|/dev/tty|'; } >"$sp/tty.lesson"
{ echo 'title Zeros'; lesson_body | sed 's|data.csv|/dev/zero|'; } >"$sp/zero.lesson"
for l in tty zero; do
	run_limited 10 "$bin" dump "$sp/$l.lesson"
	if [ "$rc" = 66 ] && grep -q "is not below the lesson's folder" "$tmp/e"; then
		pass "special: /dev/$l as data refused as outside (66)"
	else
		fail "special: /dev/$l as data refused as outside (66)" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
done
# Allowed anywhere, a device is still no regular file.
run_limited 10 "$bin" check --allow-data-anywhere "$sp/zero.lesson"
if [ "$rc" = 66 ] && grep -qF "cannot open data file '/dev/zero': not a regular file (character device)" "$tmp/e"; then
	pass "special: --allow-data-anywhere still refuses /dev/zero (66)"
else
	fail "special: --allow-data-anywhere still refuses /dev/zero (66)" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi

# Data outside the lesson's folder, by '..', by a link and by an absolute
# path: refused, and no line of it is ever quoted.  With
# --allow-data-anywhere it is read (its bad cell quoted).
mkdir "$sp/in" "$sp/away"
printf 'SECRET-HEADER\nSECRET-LINE\n' >"$sp/away/secret.csv"
ln -s ../away/secret.csv "$sp/in/link.csv"
for how in ../away/secret.csv link.csv "$sp/away/secret.csv"; do
	{ echo 'title Away'; lesson_body | sed "s|data.csv|$how|"; } >"$sp/in/away.lesson"
	for cmd in check dump "play --plain"; do
		# shellcheck disable=SC2086
		run_limited 10 "$bin" $cmd "$sp/in/away.lesson"
		if [ "$rc" = 66 ] && grep -q "is not below the lesson's folder" "$tmp/e" &&
			! cat "$tmp/o" "$tmp/e" | grep -q SECRET; then
			:
		else
			fail "special: data outside the folder ($how) refused by $cmd" \
				"exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
			continue 2
		fi
	done
	pass "special: data outside the folder ($how) refused, never quoted"
done
run_limited 10 "$bin" check --allow-data-anywhere "$sp/in/away.lesson"
if [ "$rc" = 65 ] && grep -q "SECRET-HEADER" "$tmp/e"; then
	pass "special: --allow-data-anywhere reads data outside the folder"
else
	fail "special: --allow-data-anywhere reads data outside the folder" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi
# NNTRACE_DATASETS makes a folder one a lesson may read.
printf 'x1,x2,y\n0,1,0\n1,0,1\n' >"$sp/away/ok.csv"
{ echo 'title Env'; lesson_body | sed "s|data.csv|ok.csv|"; } >"$sp/in/env.lesson"
run_limited 10 env NNTRACE_DATASETS="$sp/away" "$bin" check "$sp/in/env.lesson"
if [ "$rc" = 0 ]; then
	pass "special: data in a NNTRACE_DATASETS folder is read"
else
	fail "special: data in a NNTRACE_DATASETS folder is read" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi

# A FIFO as the state file: the player notes it, never opens it.
st="$tmp/state-fifo"
mkdir -p "$st"
{ echo 'title State'; lesson_body; } >"$sp/state.lesson"
printf '\nq\n' | XDG_STATE_HOME="$st" "$bin" play --plain "$sp/state.lesson" >/dev/null 2>&1
sf=$(ls "$st"/nntrace/*.state 2>/dev/null | head -n 1)
if [ -z "$sf" ]; then
	fail "special: FIFO state file" "no state file was saved"
else
	rm -f "$sf"
	mkfifo "$sf"
	run_limited 10 env XDG_STATE_HOME="$st" "$bin" play --plain "$sp/state.lesson"
	if [ "$rc" = 0 ] && grep -qF "not a regular file (FIFO)" "$tmp/o"; then
		pass "special: a FIFO state file is noted, not waited on"
	else
		fail "special: a FIFO state file is noted, not waited on" "exit $rc, $(clean "$(grep note "$tmp/o")")"
	fi
fi

# ================================================================ output
od="$tmp/o-dir"
mkdir "$od"
"$bin" dump trask-11 >"$tmp/handout.txt" 2>/dev/null

# -o /dev/stdout into a file: written through standard output, the link
# left a link.  Tested on a link of our own built as /dev/stdout is (to
# /proc/self/fd/1), never on the system's: a program with this bug, run
# as root, replaces /dev/stdout itself with a regular file.
ln -s /proc/self/fd/1 "$od/mystdout"
"$bin" dump trask-11 -o "$od/mystdout" >"$od/via-link.txt" 2>"$tmp/e"
rc=$?
if [ "$rc" = 0 ] && [ -L "$od/mystdout" ] && cmp -s "$od/via-link.txt" "$tmp/handout.txt"; then
	pass "output: -o a link to standard output (as /dev/stdout) writes through it, the link stays"
else
	fail "output: -o a link to standard output (as /dev/stdout) writes through it, the link stays" \
		"exit $rc, link $( [ -L "$od/mystdout" ] && echo kept || echo replaced), $(clean "$(head -n 1 "$tmp/e")")"
fi
# Appending keeps what came before: the stream is used as it is.
echo "before" >"$od/append.txt"
"$bin" dump trask-11 -o "$od/mystdout" >>"$od/append.txt" 2>/dev/null
if [ "$(head -n 1 "$od/append.txt")" = before ] &&
	[ "$(sed 1d "$od/append.txt" | cksum)" = "$(cksum <"$tmp/handout.txt")" ]; then
	pass "output: -o /dev/stdout >>file appends"
else
	fail "output: -o /dev/stdout >>file appends" "first line '$(head -n 1 "$od/append.txt")'"
fi

# A symbolic link to a regular file: the file is replaced, the link stays.
echo old >"$od/real.txt"
ln -s real.txt "$od/link.txt"
"$bin" dump trask-11 -o "$od/link.txt" 2>"$tmp/e"
if [ -L "$od/link.txt" ] && cmp -s "$od/real.txt" "$tmp/handout.txt"; then
	pass "output: -o a link replaces the file it leads to, not the link"
else
	fail "output: -o a link replaces the file it leads to, not the link" "$(clean "$(head -n 1 "$tmp/e")")"
fi

# The handout's own inputs: the lesson (by its own name, by a hard link)
# and its data; refused with 73, nothing changed.
mkdir "$od/own"
{ echo 'x1,x2,y'; csv_rows; } >"$od/own/data.csv"
{ echo 'title Own'; lesson_body; } >"$od/own/my.lesson"
cp "$od/own/my.lesson" "$tmp/my.copy"
cp "$od/own/data.csv" "$tmp/data.copy"
ln "$od/own/my.lesson" "$od/own/hard.txt"
for target in my.lesson hard.txt data.csv; do
	"$bin" dump "$od/own/my.lesson" -o "$od/own/$target" 2>"$tmp/e"
	rc=$?
	if [ "$rc" = 73 ] && grep -q "input of the handout" "$tmp/e" &&
		cmp -s "$od/own/my.lesson" "$tmp/my.copy" &&
		cmp -s "$od/own/data.csv" "$tmp/data.copy"; then
		pass "output: -o $target (an input) refused, 73"
	else
		fail "output: -o $target (an input) refused, 73" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
done
if [ "$("$bin" dump "$od/own/my.lesson" -o "$od/own/my.lesson" 2>&1)" = \
	"$od/own/my.lesson: error: is an input of the handout (choose another name)" ]; then
	pass "output: dump my.lesson -o my.lesson says why"
else
	fail "output: dump my.lesson -o my.lesson says why" "$(clean "$("$bin" dump "$od/own/my.lesson" -o "$od/own/my.lesson" 2>&1)")"
fi

# Modes: 0600 stays 0600, 0640 stays 0640; a new file follows the umask.
for m in 600 640; do
	echo old >"$od/m$m"
	chmod "$m" "$od/m$m"
	"$bin" dump trask-11 -o "$od/m$m" 2>/dev/null
	got=$(stat -c %a "$od/m$m")
	if [ "$got" = "$m" ] && cmp -s "$od/m$m" "$tmp/handout.txt"; then
		pass "output: a $m file replaced keeps mode $m"
	else
		fail "output: a $m file replaced keeps mode $m" "mode $got"
	fi
done
(umask 027; "$bin" dump trask-11 -o "$od/new.txt" 2>/dev/null)
if [ "$(stat -c %a "$od/new.txt")" = 640 ]; then
	pass "output: a new file is 0666 less the umask (027: 640)"
else
	fail "output: a new file is 0666 less the umask (027: 640)" "mode $(stat -c %a "$od/new.txt")"
fi

# Read-only: refused without --force (even as root), replaced with it,
# keeping its mode.
echo "read only" >"$od/ro.txt"
chmod 444 "$od/ro.txt"
"$bin" dump trask-11 -o "$od/ro.txt" 2>"$tmp/e"
rc=$?
if [ "$rc" = 73 ] && [ "$(cat "$od/ro.txt")" = "read only" ] &&
	grep -qF "is read-only (--force replaces it)" "$tmp/e"; then
	pass "output: a read-only file refused without --force, 73"
else
	fail "output: a read-only file refused without --force, 73" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi
"$bin" dump trask-11 --force -o "$od/ro.txt" 2>"$tmp/e"
rc=$?
if [ "$rc" = 0 ] && cmp -s "$od/ro.txt" "$tmp/handout.txt" &&
	[ "$(stat -c %a "$od/ro.txt")" = 444 ]; then
	pass "output: --force replaces a read-only file, which stays 0444"
else
	fail "output: --force replaces a read-only file, which stays 0444" "exit $rc, mode $(stat -c %a "$od/ro.txt")"
fi

# -o DIR: 73 before the run (trask-xor's 60,000 iterations would write
# for many seconds); -o '': 64, naming the problem.
run_limited 10 "$bin" dump --iterations all trask-xor -o "$od"
if [ "$rc" = 73 ] && grep -qF "$od: error: is a directory" "$tmp/e"; then
	pass "output: -o DIR refused at once, 73"
else
	fail "output: -o DIR refused at once, 73" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi
run_limited 10 "$bin" dump trask-11 -o ''
if [ "$rc" = 64 ] && grep -qF -- "-o needs a file name" "$tmp/e"; then
	pass "output: -o '' is a usage error, 64"
else
	fail "output: -o '' is a usage error, 64" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi

# A name of 250 bytes (NAME_MAX is 255): the temporary name must not
# make it too long.
long=$(printf '%0250d' 0 | tr 0 a)
"$bin" dump trask-11 -o "$od/$long" 2>"$tmp/e"
rc=$?
if [ "$rc" = 0 ] && cmp -s "$od/$long" "$tmp/handout.txt" &&
	! ls -A "$od" | grep -q '^\.nntrace-'; then
	pass "output: a 250-byte file name works"
else
	fail "output: a 250-byte file name works" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi

# Standard output that cannot be written: 74, for every command.
for args in "check trask-11" "lessons" "--help" "--version" "dump --help" \
	"play --plain trask-11"; do
	# shellcheck disable=SC2086
	(exec "$bin" $args </dev/null >/dev/full 2>"$tmp/e")
	rc=$?
	if [ "$rc" = 74 ] && grep -q "write error" "$tmp/e"; then
		pass "output: $args >/dev/full exits 74"
	else
		fail "output: $args >/dev/full exits 74" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
done
# A reader that stops is no error.
{ "$bin" lessons 2>"$tmp/e"; echo $? >"$tmp/st"; } | head -n 1 >/dev/null
if [ "$(cat "$tmp/st")" = 0 ] && [ ! -s "$tmp/e" ]; then
	pass "output: lessons | head -n 1 ends quietly, 0"
else
	fail "output: lessons | head -n 1 ends quietly, 0" "exit $(cat "$tmp/st"), $(clean "$(head -n 1 "$tmp/e")")"
fi

# written PID: waits (up to 10 s) until process PID has written some of
# its handout into a file of $od it holds open, named or not (O_TMPFILE
# shows as "#inode (deleted)").
written() {
	k=0
	while [ $k -lt 200 ]; do
		for f in /proc/"$1"/fd/*; do
			case $(readlink "$f" 2>/dev/null) in
			"$od"/*)
				[ "$(stat -L -c %s "$f" 2>/dev/null || echo 0)" -gt 0 ] &&
					return 0 ;;
			esac
		done
		sleep 0.05
		k=$((k + 1))
	done
	return 1
}

# only FOLDER NAME...: the folder holds exactly these names (sorted).
only() {
	d=$1
	shift
	[ "$(ls -A "$d" | LC_ALL=C sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')" ]
}

# kill -9 half-way through a long handout: nothing named is left, and an
# existing file is whole.  (mlp-circles-fixed, every iteration: 145 MB,
# some seconds.)
rm -rf "$od"
mkdir "$od"
echo "the previous handout" >"$od/keep.txt"
for target in new.txt keep.txt; do
	"$bin" dump --iterations all mlp-circles-fixed -o "$od/$target" 2>/dev/null &
	p=$!
	if written "$p"; then
		kill -s KILL "$p"
		{ wait "$p"; } 2>/dev/null
		if only "$od" keep.txt && [ "$(cat "$od/keep.txt")" = "the previous handout" ]; then
			pass "output: kill -9 during -o $target leaves nothing behind"
		else
			fail "output: kill -9 during -o $target leaves nothing behind" "the folder holds: $(clean "$(ls -A "$od" | tr '\n' ' ')")"
		fi
	else
		kill -s KILL "$p" 2>/dev/null
		wait "$p"
		fail "output: kill -9 during -o $target leaves nothing behind" "nothing written within 10 s"
	fi
	rm -f "$od/new.txt"
done

# Where the file system cannot make unnamed files (O_TMPFILE fails, as a
# preloaded library makes it here), the handout goes through a hidden
# named file, removed on every signal that ends the dump.
cat >"$tmp/notmpfile.c" <<'CODE'
/* open() with O_TMPFILE fails as on a file system without it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/types.h>
int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	mode_t mode = 0;
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return real(path, flags, mode);
}
CODE
if ! ${CC:-cc} -shared -fPIC -o "$tmp/notmpfile.so" "$tmp/notmpfile.c" -ldl 2>"$tmp/e"; then
	fail "output: named fallback" "cannot build the shim: $(clean "$(head -n 1 "$tmp/e")")"
else
	LD_PRELOAD="$tmp/notmpfile.so" "$bin" dump trask-11 -o "$od/$long" 2>"$tmp/e"
	rc=$?
	if [ "$rc" = 0 ] && cmp -s "$od/$long" "$tmp/handout.txt" && only "$od" keep.txt "$long"; then
		pass "output: without O_TMPFILE, a 250-byte name works and no temporary is left"
	else
		fail "output: without O_TMPFILE, a 250-byte name works and no temporary is left" \
			"exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
	rm -f "$od/$long"
	# Every signal that ends a program by default (core/termsig.h), each
	# while the dump writes: the existing file whole, no temporary file.
	for sig in INT TERM HUP QUIT USR1 USR2 ALRM VTALRM PROF XCPU; do
		LD_PRELOAD="$tmp/notmpfile.so" "$bin" dump --iterations all \
			mlp-circles-fixed -o "$od/keep.txt" 2>/dev/null &
		p=$!
		if written "$p"; then
			kill -s "$sig" "$p"
			{ wait "$p"; } 2>/dev/null
			rc=$?
			if [ "$rc" != 0 ] && only "$od" keep.txt &&
				[ "$(cat "$od/keep.txt")" = "the previous handout" ]; then
				pass "output: SIG$sig during -o (named temporary) leaves the file whole, nothing else"
			else
				fail "output: SIG$sig during -o (named temporary) leaves the file whole, nothing else" \
					"exit $rc, the folder holds: $(clean "$(ls -A "$od" | tr '\n' ' ')")"
				rm -f "$od"/.nntrace-*
				echo "the previous handout" >"$od/keep.txt"
			fi
		else
			kill -s KILL "$p" 2>/dev/null
			wait "$p"
			fail "output: SIG$sig during -o (named temporary)" "nothing written within 10 s"
		fi
	done
fi

# ================================================================= state
# XDG_STATE_HOME naming a file, and the state file a folder: the plain
# player says it could not save the place, exits 73.
{ echo 'x1,x2,y'; csv_rows; } >"$tmp/data.csv"
{ echo 'title Place'; lesson_body; } >"$tmp/place.lesson"
echo "a file" >"$tmp/not-a-folder"
printf '\nq\n' | XDG_STATE_HOME="$tmp/not-a-folder" "$bin" play --plain "$tmp/place.lesson" >/dev/null 2>"$tmp/e"
rc=$?
if [ "$rc" = 73 ] && grep -q "could not save your place in $tmp/not-a-folder/nntrace/.*: Not a directory" "$tmp/e"; then
	pass "state: XDG_STATE_HOME a file: said, exit 73"
else
	fail "state: XDG_STATE_HOME a file: said, exit 73" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
fi
sd="$tmp/state-dir"
printf '\nq\n' | XDG_STATE_HOME="$sd" "$bin" play --plain "$tmp/place.lesson" >/dev/null 2>&1
sf=$(ls "$sd"/nntrace/*.state 2>/dev/null | head -n 1)
if [ -n "$sf" ]; then
	rm -f "$sf"
	mkdir "$sf"
	printf '\nq\n' | XDG_STATE_HOME="$sd" "$bin" play --plain "$tmp/place.lesson" >/dev/null 2>"$tmp/e"
	rc=$?
	if [ "$rc" = 73 ] && grep -q "could not save your place" "$tmp/e"; then
		pass "state: the state file a folder: said, exit 73"
	else
		fail "state: the state file a folder: said, exit 73" "exit $rc, $(clean "$(head -n 1 "$tmp/e")")"
	fi
else
	fail "state: the state file a folder" "no state file was saved"
fi

# Two players on one lesson.  Its one question asks z1 at iteration 0's
# first operation: with zero weights and bias, z1 = 0 (by hand), so "0"
# is right.  B starts, A starts, answers and quits, then B quits without
# answering: A's answer must survive B's save.
{ echo 'title Two players'; lesson_body
  echo 'predict iteration 0 forward z1[0,0]: What is z1?'; } >"$tmp/two.lesson"
s2="$tmp/state-two"
mkfifo "$tmp/b.in"
XDG_STATE_HOME="$s2" "$bin" play --plain --fresh "$tmp/two.lesson" <"$tmp/b.in" >"$tmp/b.out" 2>&1 &
pb=$!
exec 4>"$tmp/b.in"
k=0
until grep -q 'Two players' "$tmp/b.out" 2>/dev/null || [ $k -ge 200 ]; do
	sleep 0.05
	k=$((k + 1))
done
printf '0\nq\n' | XDG_STATE_HOME="$s2" "$bin" play --plain --fresh "$tmp/two.lesson" >"$tmp/a.out" 2>&1
echo q >&4
exec 4>&-
wait "$pb"
sf=$(ls "$s2"/nntrace/*.state 2>/dev/null | head -n 1)
if grep -q 'right' "$tmp/a.out" && [ -n "$sf" ] && grep -qx 'answer 0 0 1 0' "$sf"; then
	pass "state: two players: the first one's answer survives the second's save"
else
	fail "state: two players: the first one's answer survives the second's save" \
		"A: $(clean "$(grep -i -m 1 'right\|wrong' "$tmp/a.out")"); file: $(clean "$(cat "$sf" 2>/dev/null | tr '\n' '|')")"
fi
# Starting over forgets that answer for good, nobody else having saved
# since: by the offer to resume (n; two steps on first, so that there is
# a place to offer) and by --fresh.
printf '\n\nq\n' | XDG_STATE_HOME="$s2" "$bin" play --plain "$tmp/two.lesson" >/dev/null 2>&1
printf 'n\nq\n' | XDG_STATE_HOME="$s2" "$bin" play --plain "$tmp/two.lesson" >"$tmp/n.out" 2>&1
if [ -n "$sf" ] && grep -q 'Resume there' "$tmp/n.out" && ! grep -q '^answer ' "$sf"; then
	pass "state: starting over (n) forgets the answers, no merge brings them back"
else
	fail "state: starting over (n) forgets the answers, no merge brings them back" \
		"file: $(clean "$(cat "$sf" 2>/dev/null | tr '\n' '|')")"
fi
printf '0\nq\n' | XDG_STATE_HOME="$s2" "$bin" play --plain "$tmp/two.lesson" >/dev/null 2>&1
grep -qx 'answer 0 0 1 0' "$sf" || fail "state: --fresh" "the answer was not saved"
printf 'q\n' | XDG_STATE_HOME="$s2" "$bin" play --plain --fresh "$tmp/two.lesson" >/dev/null 2>&1
if ! grep -q '^answer ' "$sf"; then
	pass "state: --fresh forgets the answers, no merge brings them back"
else
	fail "state: --fresh forgets the answers, no merge brings them back" \
		"file: $(clean "$(cat "$sf" 2>/dev/null | tr '\n' '|')")"
fi

# ================================================================== fuzz
# Every keyword of the directive table, and every name of the table of
# activations, is in the fuzzers' dictionary.
missing=""
kws=$(sed -n 's/^.*\] = {"\([a-z-]*\)",.*/\1/p' src/lesson/directives.c
	sed -n 's/.*\.name = "\([a-z-]*\)".*/\1/p' src/core/activation.c)
for kw in $kws; do
	grep -qx "[a-z0-9_]*=\"$kw\"" tests/fuzz/lesson.dict || missing="$missing $kw"
done
nkw=$(printf '%s\n' $kws | wc -l)
if [ "$nkw" -lt 30 ]; then
	fail "fuzz: lesson.dict holds every keyword" "only $nkw keywords read from directives.c and activation.c"
elif [ -n "$missing" ]; then
	fail "fuzz: lesson.dict holds every keyword" "missing:$missing"
else
	pass "fuzz: lesson.dict holds every keyword ($nkw)"
fi
exit $failed
