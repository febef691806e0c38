#!/bin/sh
# valgrind memcheck of the real program: `check` and `dump` of every
# bundled lesson (two at a time, they are slow under valgrind), then the
# player driven through tmux.  A case passes when valgrind reports zero
# errors and zero definitely lost bytes and the program's exit status is
# the expected one.  `make valgrind` runs this file alone.
cd "$(dirname "$0")/.." || exit 70
# One PASS/FAIL line per case; any FAIL makes the exit status 1.
failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1"
	failed=1
}
root=$(pwd)
bin=${NNTRACE:-$root/nntrace}
case $bin in /*) ;; *) bin=$root/$bin ;; esac # relative to the root
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8

if ! command -v valgrind >/dev/null 2>&1; then
	fail "valgrind: not installed (make deps)"
	exit 1
fi
[ -x "$bin" ] || { fail "valgrind: $bin not built"; exit 1; }

tmp=$(mktemp -d) || exit 70
# valgrind maps the program rather than executing it, so a rebuild that
# rewrote ./nntrace in place meanwhile would change the code under it:
# test a copy.
cp "$bin" "$tmp/nntrace" || exit 70
bin=$tmp/nntrace
T="tmux -L nntrace-valgrind-$$ -f /dev/null"
cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

VG="valgrind --leak-check=full --errors-for-leak-kinds=definite \
--error-exitcode=99 --track-fds=no"

# verdict NAME LOG STATUS: one PASS/FAIL line from a valgrind log.
verdict() {
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$2" | tail -n 1)
	lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$2" | tail -n 1)
	if [ -z "$errs" ]; then
		fail "$1: no valgrind summary (exit $3)"
	elif [ "$errs" != 0 ] || [ "${lost:-0}" != 0 ]; then
		# The first error and the top of its stack; the whole log is
		# kept in build-valgrind/.
		first=$(grep -m 1 -A 4 -E '== (Invalid|Conditional|Use of|Syscall|Mismatched|[0-9,]+ bytes in .* definitely)' "$2" |
			sed 's/^==[0-9]*== *//' | tr '\n' ' ' | cut -c 1-400)
		mkdir -p build-valgrind
		cp "$2" "build-valgrind/$(basename "$2")"
		fail "$1: $errs errors, ${lost:-0} bytes definitely lost; $first(log: build-valgrind/$(basename "$2"))"
	elif [ "$3" -ne 0 ]; then
		fail "$1: exit $3"
	else
		pass "$1: 0 errors, 0 bytes definitely lost"
	fi
}

# ---------------------------------------------------------- check, dump
# Slowest first, so the pairs finish together.
i=0
for l in lessons/mlp-circles-fixed.lesson lessons/mlp-circles.lesson \
	$(ls lessons/*.lesson | grep -v mlp-circles); do
	[ -f "$l" ] || continue
	b=$(basename "$l" .lesson)
	for cmd in dump check; do
		(
			$VG --log-file="$tmp/$cmd-$b.vg" "$bin" $cmd "$l" \
				>/dev/null 2>"$tmp/$cmd-$b.err" </dev/null
			echo $? >"$tmp/$cmd-$b.st"
		) &
		i=$((i + 1))
		[ $((i % 2)) -eq 0 ] && wait
	done
done
wait

# Error paths: what they allocated is freed too.
errpath() { # NAME STATUS ARGS...
	n=$1
	want=$2
	shift 2
	$VG --log-file="$tmp/$n.vg" "$bin" "$@" >/dev/null 2>"$tmp/$n.err" </dev/null
	st=$?
	[ "$st" -eq "$want" ] && st=0
	echo "$st" >"$tmp/$n.st"
}
errpath dump-past-the-last 64 dump --iterations 20000 lessons/trask-11.lesson &
errpath dump-missing-folder 73 dump -o "$tmp/no/such/x.txt" lessons/trask-11.lesson
wait
errpath check-broken-csv 65 check tests/bad/csv-ragged.lesson &
errpath check-broken-lesson 65 check tests/bad/duplicate-tensor-name.lesson
wait
for st in "$tmp"/*.st; do
	[ -f "$st" ] || continue
	c=${st%.st}
	verdict "valgrind $(basename "$c")" "$c.vg" "$(cat "$st")"
done

# ---------------------------------------------------------- the player
# One session in tmux: open the default lesson, step, answer its question,
# open the help, quit with q.  The shell reports valgrind's status.
if ! command -v tmux >/dev/null 2>&1; then
	fail "valgrind player: tmux is not installed (make deps)"
	exit 1
fi
. tests/tmux-lib.sh
run() { type_line "$1"; }

mkdir -p "$tmp/home" "$tmp/state"
$T new-session -d -s t -x 100 -y 30 \
	"env -u LC_ALL -u NO_COLOR HOME=$tmp/home XDG_STATE_HOME=$tmp/state \
	LANG=C.UTF-8 PS1='$ ' sh" || { fail "valgrind player: tmux"; exit 1; }
wait_for '$' 50
run "cd $root && clear && $VG --log-file=$tmp/play.vg $bin play --fresh lessons/trask-11.lesson; echo st=\$?"
why=""
if ! wait_for "op 1/27" 600; then
	why="the player did not start under valgrind"
else
	key Right
	if wait_for "Your answer" 300; then
		$T send-keys -t t -l -- "-0.974"
		key Enter
		wait_for "You typed -0.974: right" 300 || why="the answer was not taken"
		key Enter
	fi
	key Right
	key Right
	key '?'
	wait_for "Keys" 300 || why="${why:-no help overlay}"
	key Escape
	# End replays 10,000 iterations (a fast-forward, which q would
	# cancel rather than quit): wait for it, and for Home.
	key End
	wait_for "iteration 9999/9999" 1200 || why="${why:-End did not reach 9999}"
	key Home
	wait_for "iteration 0/9999" 600 || why="${why:-Home did not come back}"
	key q
fi
if wait_for "st=" 600; then
	st=$(screen | sed -n 's/^st=\([0-9]*\).*/\1/p' | tail -n 1)
	if [ -n "$why" ]; then
		fail "valgrind player: $why"
	else
		verdict "valgrind player (tmux: step, answer, help, quit)" \
			"$tmp/play.vg" "${st:-1}"
	fi
else
	fail "valgrind player: did not exit after q; ${why:-}"
fi
exit $failed
