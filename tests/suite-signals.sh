#!/bin/sh
# Signals and fatal errors: the player must give the terminal back (the
# shell echoes typed text, canonical mode) and save the place after
# SIGTERM, SIGHUP and every other signal that ends a program (SIGQUIT,
# SIGUSR1...), give it back after a fatal error inside it (out of memory,
# injected) and a crash signal, say when the place could not be saved,
# and never freeze on a lesson whose data is a terminal or a FIFO; a
# non-finite value must show where training stopped; `dump -o` must keep
# an existing file whole when it is interrupted or cannot write.
# (Ctrl-C and q are in suite-tui.sh; /dev/full and pipes in
# suite-dump.sh.)  One PASS/FAIL line per case; every wait polls with a
# deadline.
cd "$(dirname "$0")/.." || exit 70
root=$(pwd)
bin=${NNTRACE:-$root/nntrace}
case $bin in /*) ;; *) bin=$root/$bin ;; esac # relative to the root
unset NNTRACE_LESSONS NNTRACE_DATASETS

if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL tmux: tmux is not installed (make deps)"
	exit 1
fi
[ -x "$bin" ] || { echo "FAIL build: $bin is missing (make nntrace)"; exit 1; }

tmp=$(mktemp -d) || exit 70
T="tmux -L nntrace-signals-$$ -f /dev/null"
cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Any FAIL makes the exit status 1.
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}

# ---------------------------------------------------------------- fixtures
# The default lesson without its script (no question stops the stepping),
# its data path absolute.
sed -e "s|^data .*|data $root/datasets/trask.csv|" -e '/^say /,$d' \
	-e '/^predict /,$d' lessons/trask-11.lesson >"$tmp/quiet.lesson"
mkdir -p "$tmp/home" "$tmp/state"

# ---------------------------------------------------------------- helpers
. "$root/tests/tmux-lib.sh"
run() { type_line "$1"; }

# A plain sh (no line editor that would repair the terminal itself) with
# the prompt "$ ".
$T new-session -d -s t -x 100 -y 30 \
	"env -u LC_ALL -u NO_COLOR HOME=$tmp/home XDG_STATE_HOME=$tmp/state \
	LANG=C.UTF-8 PS1='$ ' sh" || { echo "FAIL tmux: no session"; exit 1; }
wait_for '$' 50
run "cd $root"

# player ID SETUP LESSON: starts the player in the session as its own
# process (a child sh writes its pid to $tmp/ID.pid, and `exec` keeps it)
# after the shell command SETUP (e.g. a ulimit); the shell then prints
# "st=STATUS".
player() {
	rm -f "$tmp/$1.pid" "$tmp/$1.st"
	run "clear; sh -c 'echo \$\$ >$tmp/$1.pid; $2 exec $bin play --fresh $3'; echo st=\$? | tee $tmp/$1.st"
	last=$1
}

# signal SIG ID: sends SIG to the player started as ID.
signal() {
	[ -s "$tmp/$2.pid" ] && kill -s "$1" "$(cat "$tmp/$2.pid")"
}

# status [TENTHS]: the exit status of the last player, once the shell has
# written it (to a file: a terminal left raw may garble the screen).
status() {
	n=0
	while [ "$n" -lt $((${1:-100} * 2)) ]; do
		if [ -s "$tmp/$last.st" ]; then
			sed -n 's/^st=\([0-9][0-9]*\).*/\1/p' "$tmp/$last.st"
			return 0
		fi
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

# terminal_ok NAME: after the player ended, the shell must echo what is
# typed and read whole lines: the command line shows on screen as typed
# (echo) and runs on Enter (canonical mode), and stty agrees.
terminal_ok() {
	# Typed only once the clear has run (its output says so): text
	# typed earlier is echoed, then wiped by the clear.
	run 'clear; echo cleared-$((2+3))'
	wait_for "cleared-5" 50
	$T send-keys -t t -l -- 'echo typed-$((6*7)); stty -a | tr " " "\n" | grep -cxE -- "-echo|-icanon" | sed "s/^/raw-modes=/"'
	$T send-keys -t t Enter
	if ! wait_for "typed-42" 50; then
		fail "$1" "the shell did not run a typed command"
	elif ! screen | grep -qF 'echo typed-$((6*7))'; then
		fail "$1" "typed text was not echoed"
	elif ! wait_re '^raw-modes=0' 50; then
		fail "$1" "stty: $(screen | grep raw-modes) (-echo or -icanon left on)"
	else
		pass "$1"
	fi
}

# ---------------------------------------------------------------- SIGTERM
# saved_position: the "position" line of quiet.lesson's state file.
saved_position() {
	grep -l "^lesson $tmp/quiet.lesson\$" "$tmp"/state/nntrace/*.state \
		2>/dev/null | head -n 1 | xargs sed -n 's/^position //p' 2>/dev/null
}

# Every signal whose default action ends a program: the exit status is
# 128 + its number (Linux's numbers, signal(7)), the terminal is given
# back, and the place -- iteration 0, the second operation (0-based step
# 1) after one Right -- is saved.
for sig in TERM HUP QUIT USR1 USR2 ALRM VTALRM PROF XCPU; do
	case $sig in
	TERM) want=143 ;; HUP) want=129 ;; QUIT) want=131 ;;
	USR1) want=138 ;; USR2) want=140 ;; ALRM) want=142 ;;
	VTALRM) want=154 ;; PROF) want=155 ;; XCPU) want=152 ;;
	esac
	rm -f "$tmp"/state/nntrace/*.state
	player "$sig" "" "$tmp/quiet.lesson"
	if ! wait_for "op 1/27" 100; then
		fail "sig$sig" "the player did not start"
		continue
	fi
	key Right
	wait_for "op 2/27" 50
	signal "$sig" "$sig"
	st=$(status 100)
	if [ "$st" != "$want" ]; then
		fail "sig$sig" "exit status '$st' (want $want)"
	elif [ "$(saved_position)" != "0 1" ]; then
		fail "sig$sig" "saved position '$(saved_position)' (want '0 1')"
	fi
	terminal_ok "sig$sig restores the terminal, saves the place, exits $want"
	# Whatever the player left, repair it for the next case.
	key C-c
	$T send-keys -t t -l -- "stty sane; clear"
	$T send-keys -t t C-j
	wait_re '^\$ *$' 50
done

# SIGPIPE and SIGXFSZ would end the player too, but main.c ignores them
# (a closed pipe or `ulimit -f` is a write error, said and 74): the
# player goes on, steps and quits with 0.
player ignored "" "$tmp/quiet.lesson"
if wait_for "op 1/27" 100; then
	signal PIPE ignored
	signal XFSZ ignored
	sleep 0.3
	key Right
	if wait_for "op 2/27" 50; then
		key q
		st=$(status 100)
	else
		st="frozen or dead: $(screen | grep -m 1 -e st= -e 'op ')"
	fi
	if [ "$st" = 0 ]; then
		pass "sigPIPE and sigXFSZ leave the player running"
	else
		fail "sigPIPE and sigXFSZ leave the player running" "status '$st'"
		key C-c
		$T send-keys -t t -l -- "stty sane; clear"
		$T send-keys -t t C-j
		wait_re '^\$ *$' 50
	fi
else
	fail "sigPIPE and sigXFSZ leave the player running" "the player did not start"
fi

# The plain player waiting for a line (stdin a FIFO a writer holds
# open): SIGUSR1 interrupts the read, the place (one Enter: step 1 of
# iteration 0) is saved, the exit status is 128 + 10.
mkfifo "$tmp/plain-in"
(printf '\n'; sleep 5) >"$tmp/plain-in" &
writer=$!
rm -f "$tmp"/state/nntrace/*.state
HOME=$tmp/home XDG_STATE_HOME=$tmp/state "$bin" play --plain --fresh \
	"$tmp/quiet.lesson" <"$tmp/plain-in" >"$tmp/plain-out" 2>&1 &
p=$!
n=0
until grep -q "operation 2 of 27" "$tmp/plain-out" || [ "$n" -ge 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
kill -s USR1 "$p"
wait "$p"
st=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
if [ "$st" = 138 ] && [ "$(saved_position)" = "0 1" ]; then
	pass "plain player: sigUSR1 saves the place, exits 138"
else
	fail "plain player: sigUSR1 saves the place, exits 138" \
		"exit $st, saved position '$(saved_position)'"
fi

# ------------------------------------------------------------ unsaved place
# XDG_STATE_HOME naming a file: the player quits with 73 and says why on
# standard error, after the terminal is back (so the shell shows it).
echo "a file" >"$tmp/not-a-folder"
player unsaved "XDG_STATE_HOME=$tmp/not-a-folder" "$tmp/quiet.lesson"
if wait_for "op 1/27" 100; then
	key q
	st=$(status 100)
	if [ "$st" = 73 ] &&
		wait_for "error: could not save your place in $tmp/not-a-folder/nntrace/" 50; then
		pass "unsaved place: said after the terminal is back, exit 73"
	else
		fail "unsaved place: said after the terminal is back, exit 73" \
			"status '$st'; $(screen | grep -m 1 -e error -e st=)"
	fi
	terminal_ok "unsaved place restores the terminal"
else
	fail "unsaved place" "the player did not start"
fi

# ------------------------------------------------- special data in the list
# Lessons in the current folder whose data is the terminal (/dev/tty) or
# a FIFO: opening the list (o) reads them, and must not freeze.  The list
# shows them as lessons that do not load; q closes it, q quits.
mkdir "$tmp/here"
printf 'x1,x2,y\n0,1,0\n' >"$tmp/here/ok.csv"
mkfifo "$tmp/here/fifo.csv"
for d in /dev/tty fifo.csv; do
	n=$(basename "$d" .csv)
	sed -e "s|^data .*|data $d|" -e '/^say /,$d' -e '/^predict /,$d' \
		lessons/trask-11.lesson >"$tmp/here/$n.lesson"
done
run "cd $tmp/here"
player special "" "$root/lessons/trask-11.lesson"
if wait_for "op 1/27" 100; then
	key o
	if wait_for "(does not load: try 'nntrace check tty.lesson')" 100 &&
		wait_for "(does not load: try 'nntrace check fifo.lesson')" 50; then
		pass "special data: the list opens, tty and FIFO data refused"
	else
		fail "special data: the list opens, tty and FIFO data refused" \
			"$(screen | grep -m 1 -e tty -e fifo -e iteration)"
	fi
	key q
	key q
	st=$(status 100)
	if [ "$st" = 0 ]; then
		pass "special data: the player quits, 0"
	else
		fail "special data: the player quits, 0" "status '$st' (frozen?)"
		signal KILL special
	fi
else
	fail "special data" "the player did not start"
fi
run "cd $root"
terminal_ok "special data: the terminal is given back"

# ---------------------------------------------------------------- fatal error
# Out of memory inside the player, by fault injection: a preloaded
# library makes the program's next malloc, calloc or realloc fail once a
# trigger file exists.  The player is started and shown, the trigger
# set, then moving to the next iteration needs memory (its narration is
# attached anew).  The player must say so, exit 70, and give the
# terminal back.
cat >"$tmp/failmalloc.c" <<'CODE'
/* Once the file $NNTRACE_FAILMALLOC exists, the next allocation that
 * nntrace's own code asks for fails (one, as when a large request meets
 * a full memory; libraries' requests go through). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static int failing(void *caller)
{
	static const char *path;
	static void *exe;
	static int looked, fired;
	if (fired)
		return 0;
	if (!looked) {
		Dl_info i;
		path = getenv("NNTRACE_FAILMALLOC");
		if (dladdr((void *)getauxval(AT_PHDR), &i))
			exe = i.dli_fbase;
		looked = 1;
	}
	if (!path || !exe || access(path, F_OK) != 0)
		return 0;
	Dl_info i;
	if (!dladdr(caller, &i) || i.dli_fbase != exe)
		return 0;
	fired = 1;
	return 1;
}
void *malloc(size_t n)
{
	return failing(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}
void *calloc(size_t n, size_t k)
{
	return failing(__builtin_return_address(0)) ? NULL : __libc_calloc(n, k);
}
void *realloc(void *p, size_t n)
{
	return failing(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}
CODE
# The default lesson with its narration but without its question, which
# would hold the stepping.
sed -e "s|^data .*|data $root/datasets/trask.csv|" \
	-e '/^predict /,/^hint /d' lessons/trask-11.lesson >"$tmp/said.lesson"
if ! ${CC:-cc} -shared -fPIC -o "$tmp/failmalloc.so" "$tmp/failmalloc.c" \
	-ldl 2>"$tmp/err"; then
	fail "fatal error" "cannot build the fault injector: $(head -n 1 "$tmp/err")"
else
	player fatal "NNTRACE_FAILMALLOC=$tmp/fail LD_PRELOAD=$tmp/failmalloc.so" \
		"$tmp/said.lesson"
	if wait_for "op 1/27" 100; then
		: >"$tmp/fail"
		# To the last iteration: the run keeps checkpoints on the way,
		# which allocates (the next iteration alone may reuse the memory
		# it has and allocate nothing).
		key End
		st=$(status 100)
		if [ "$st" = 70 ] && screen | grep -qF "out of memory"; then
			pass "fatal error: out of memory reported, exit 70"
		else
			fail "fatal error: out of memory reported, exit 70" \
				"status '$st'; $(screen | grep -m 1 -e error -e iteration)"
		fi
		rm -f "$tmp/fail"
		terminal_ok "fatal error restores the terminal"
	else
		fail "fatal error" "the player did not start"
	fi
	rm -f "$tmp/fail"
	key C-c
	$T send-keys -t t -l -- "stty sane; clear"
	$T send-keys -t t C-j
	wait_re '^\$ *$' 50
fi

# A crash (an abort from a failed assertion, a segmentation fault): the
# process dies, but the terminal must not stay raw.
for sig in ABRT SEGV; do
	case $sig in ABRT) want=134 ;; SEGV) want=139 ;; esac
	player "crash-$sig" "" "$tmp/quiet.lesson"
	if wait_for "op 1/27" 100; then
		signal "$sig" "crash-$sig"
		st=$(status 100)
		[ "$st" = "$want" ] ||
			fail "crash signal SIG$sig" "exit status '$st' (want $want)"
		terminal_ok "crash signal (SIG$sig) restores the terminal"
	else
		fail "crash signal SIG$sig" "the player did not start"
	fi
	# Whatever the player left, repair it for the cases below: C-c
	# drops a half line a raw terminal left in the shell, and C-j ends
	# the line where Enter may send a CR nothing turns into a newline.
	key C-c
	$T send-keys -t t -l -- "stty sane; clear"
	$T send-keys -t t C-j
	wait_re '^\$ *$' 50
done

# ---------------------------------------------------------------- non-finite
# tests/lessons-nonfinite/overflow.lesson: the loss overflows at
# iteration 97 (worked out by hand and with numpy in suite-bad.sh), its
# 3rd operation (z1, a1, loss, then error1: the loss phase says what the
# loss is before the error it sends back).  The player reaches no further
# than 97, says training stopped there, and shows which operation: the
# one that made the value.
player nonfinite "" tests/lessons-nonfinite/overflow.lesson
if wait_for "op 1/10" 100; then
	key End
	if wait_for "iteration 97/97" 100 &&
		wait_for "Training stopped at iteration 97" 50 &&
		screen | grep -qF "inf"; then
		pass "nonfinite player: stops at iteration 97"
	else
		fail "nonfinite player: stops at iteration 97" \
			"$(screen | head -n 1)"
	fi
	if screen | grep -qE 'op 3/10|operation 3\b'; then
		pass "nonfinite player: shows the operation that overflowed"
	else
		fail "nonfinite player: shows the operation that overflowed" \
			"after End the screen names no operation 3 (the loss): $(screen | head -n 1 | tr -s ' ')"
	fi
	key q
	status 50 >/dev/null
else
	fail "nonfinite player" "the player did not start"
fi

# ---------------------------------------------------------------- dump -o
# (Under the shell, not tmux: these are about files.)
# An interrupted `dump -o` leaves the existing file whole, and no
# temporary file: Ctrl-C (SIGINT) and SIGTERM half-way through a long
# handout.  The handout is written unnamed (O_TMPFILE) where the file
# system allows, under a hidden name otherwise; either way the folder
# must end up holding keep.txt alone.
od="$tmp/out"
mkdir "$od"
# written PID: polls (every 0.05 s, up to 10 s) until process PID has
# written part of the handout into a file of $od it holds open, named or
# not, so the interrupt lands half-way through.  (The whole handout, 145
# MB, takes the dump about 3 s here; its first bytes come out within
# 0.05 s.)
written() {
	n=0
	while [ "$n" -lt 200 ]; do
		for f in /proc/"$1"/fd/*; do
			case $(readlink "$f" 2>/dev/null) in
			"$od"/*)
				[ "$(stat -L -c %s "$f" 2>/dev/null || echo 0)" -gt 0 ] &&
					return 0 ;;
			esac
		done
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

# kept SIG STATUS: the verdicts after an interrupted dump.  Status 0 is
# a dump that finished before the interrupt reached it: nothing was
# tested, and that fails too.
kept() {
	if [ "$2" = 0 ]; then
		fail "dump -o interrupted by $1" \
			"the dump finished (exit 0) before the interrupt"
		return
	fi
	if [ "$(cat "$od/keep.txt")" = "the previous handout" ]; then
		pass "dump -o interrupted by $1 keeps the existing file"
	else
		fail "dump -o interrupted by $1 keeps the existing file" \
			"the file changed (exit $2)"
	fi
	left=$(ls -A "$od" | grep -vx keep.txt | head -n 1)
	if [ -z "$left" ]; then
		pass "dump -o interrupted by $1 leaves no temporary file"
	else
		fail "dump -o interrupted by $1 leaves no temporary file" \
			"$left left behind (exit $2)"
		ls -A "$od" | grep -vx keep.txt | sed "s|^|$od/|" | xargs rm -f
	fi
}

# Ctrl-C typed in the terminal (the dump is the shell's foreground job).
echo "the previous handout" >"$od/keep.txt"
last=ctrl-c-dump
rm -f "$tmp/$last.pid"
run "clear; sh -c 'echo \$\$ >$tmp/$last.pid; exec $bin dump --iterations all lessons/mlp-circles-fixed.lesson -o $od/keep.txt'; echo st=\$? >$tmp/$last.st"
n=0
until [ -s "$tmp/$last.pid" ] || [ "$n" -ge 200 ]; do sleep 0.05; n=$((n + 1)); done
if [ -s "$tmp/$last.pid" ] && written "$(cat "$tmp/$last.pid")"; then
	key C-c
	st=$(status 100)
	kept "Ctrl-C" "$st"
else
	fail "dump -o interrupted by Ctrl-C" "no data written within 10 s"
	key C-c
	status 100 >/dev/null
fi

# SIGTERM from another process.
echo "the previous handout" >"$od/keep.txt"
"$bin" dump --iterations all lessons/mlp-circles-fixed.lesson \
	-o "$od/keep.txt" 2>"$tmp/err" &
p=$!
if written "$p"; then
	kill -s TERM "$p"
	wait "$p"
	kept SIGTERM $?
else
	fail "dump -o interrupted by SIGTERM" "no data written within 10 s"
	kill -s TERM "$p" 2>/dev/null
	wait "$p"
fi

# A file size limit with SIGXFSZ at its default (as a shell's `ulimit -f`
# leaves it): a clear write error and 74, not a death by signal; the
# existing file survives and no temporary file is left.  (suite-dump.sh
# covers the case with SIGXFSZ ignored.)
echo "the previous handout" >"$od/keep.txt"
(ulimit -f 8; exec "$bin" dump --iterations all lessons/trask-11.lesson \
	-o "$od/keep.txt") 2>"$tmp/err"
st=$?
if [ "$st" = 74 ] && grep -q "write error" "$tmp/err" &&
	[ "$(cat "$od/keep.txt")" = "the previous handout" ] &&
	[ "$(ls -A "$od")" = keep.txt ]; then
	pass "dump -o past ulimit -f: write error, 74, file kept"
else
	fail "dump -o past ulimit -f: write error, 74, file kept" \
		"exit $st (want 74), stderr '$(head -n 1 "$tmp/err")', files: $(ls -A "$od" | tr '\n' ' ')"
fi

# The same limit on standard output (no -o).
(ulimit -f 8; exec "$bin" dump --iterations all lessons/trask-11.lesson) \
	>"$tmp/stdout.txt" 2>"$tmp/err"
st=$?
if [ "$st" = 74 ] && grep -q "write error" "$tmp/err"; then
	pass "dump to stdout past ulimit -f: write error, 74"
else
	fail "dump to stdout past ulimit -f: write error, 74" \
		"exit $st (want 74), stderr '$(head -n 1 "$tmp/err")'"
fi

# -o naming something that is not a regular file (a FIFO here; /dev/null
# or /dev/stdout are the same case) must write into it, not replace it
# with a regular file: as root, `-o /dev/null` would otherwise replace
# the system's /dev/null.
mkfifo "$tmp/fifo"
(exec timeout 10 cat "$tmp/fifo") >"$tmp/from-fifo" 2>/dev/null &
reader=$!
(exec timeout 10 "$bin" dump lessons/trask-11.lesson -o "$tmp/fifo") 2>"$tmp/err"
st=$?
# Unblock the reader if nothing opened the FIFO for writing.
if [ -p "$tmp/fifo" ]; then
	(exec timeout 2 sh -c ": >'$tmp/fifo'") 2>/dev/null
fi
wait "$reader"
if [ -p "$tmp/fifo" ] && [ "$st" = 0 ] &&
	grep -q 'ITERATION #0' "$tmp/from-fifo"; then
	pass "dump -o FIFO writes into it"
elif [ ! -p "$tmp/fifo" ]; then
	fail "dump -o FIFO writes into it" \
		"the FIFO was replaced by a regular file (exit $st); the reader got $(wc -c <"$tmp/from-fifo") bytes"
else
	fail "dump -o FIFO writes into it" \
		"exit $st, the reader got $(wc -c <"$tmp/from-fifo") bytes; $(head -n 1 "$tmp/err")"
fi
exit $failed
