#!/bin/sh
# The player's live reload, in tmux: a good edit shows at the same
# operation, a broken edit keeps the old screen and shows its first error
# (file:line:col) on the status line, a fix reloads, a save by rename
# (as vim does) reloads, polling (NNTRACE_WATCH=poll) reloads, and a
# lesson cut shorter lands on the nearest iteration.  Expected texts are
# the edits' own; positions are counted by hand (the lesson of
# `nntrace new`, 2,3,1 on 4 samples, has 107 operations an iteration:
# see suite-new).  Prints one "PASS name" or "FAIL name: why" line per
# case.
cd "$(dirname "$0")/.." || exit 70
top=$(pwd)
nntrace=$top/nntrace
if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL tmux: tmux is not installed (make deps)"
	exit 1
fi
failed=0
tmp=$(mktemp -d) || exit 70
servers=0
T="tmux -L nntrace-reload-$$-0 -f /dev/null"
cleanup() {
	i=0
	while [ "$i" -le "$servers" ]; do
		tmux -L "nntrace-reload-$$-$i" kill-server 2>/dev/null
		i=$((i + 1))
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
. tests/tmux-lib.sh

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
	if [ -n "$NNTRACE_TEST_VERBOSE" ]; then
		screen | sed 's/^/    | /'
	fi
}

# open FILE [ENV...]: the player on FILE in a fresh server, from its
# first operation.
open() {
	f=$1
	shift
	servers=$((servers + 1))
	T="tmux -L nntrace-reload-$$-$servers -f /dev/null"
	$T new-session -d -s t -x 120 -y 40 \
		"env HOME=$tmp XDG_STATE_HOME=$tmp/state LANG=C.UTF-8 $* $nntrace --fresh $f"
	wait_for "op 1/107" 100
}

# quit: q, and wait for the player to save its place and end.
quit() {
	key q
	n=0
	while $T has-session -t t 2>/dev/null && [ "$n" -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
}

# edit FILE SED-SCRIPT: rewrites FILE in place, the same inode, as an
# editor's plain save does (sed -i would rename a new file over it).
edit() {
	sed "$2" "$1" >"$tmp/edit.tmp" && cat "$tmp/edit.tmp" >"$1"
}

# The status line is the first line of the screen.
status() { screen | head -n 1; }

cd "$tmp" || exit 70
"$nntrace" new live >/dev/null || exit 70

# ---------------------------------------------------------- a good edit
if open live.lesson; then
	key Right Right Right
	wait_for "op 4/107" 50
	edit live.lesson 's/Write what the student/Edited once, the student/'
	if wait_for "Edited once" 50 && status | grep -q "op 4/107"; then
		pass reload-good-edit
	else
		fail reload-good-edit "the new say text is not shown at op 4"
	fi
	# ---------------------------------------------------- a broken edit
	# 'seed x' on the seed line: the error is at its line, column 6 (the
	# x after "seed ").
	line=$(grep -n '^seed ' live.lesson | cut -d: -f1)
	edit live.lesson 's/^seed .*/seed x/; s/Edited once/Edited twice/'
	if wait_for "live.lesson:$line:6: error:" 50 &&
		screen | grep -q "Edited once" && ! screen | grep -q "Edited twice" &&
		status | grep -q "op 4/107"; then
		pass reload-broken-keeps-old
	else
		fail reload-broken-keeps-old "no error at $line:6, or the screen changed"
	fi
	# ... still there after a key (until it is fixed).
	key Right
	if wait_for "op 5/107" 50 && status | grep -q "live.lesson:$line:6: error:"; then
		pass reload-error-stays
	else
		fail reload-error-stays "the error left before a fix"
	fi
	# ---------------------------------------------------------- a fix
	edit live.lesson 's/^seed .*/seed 1/'
	if wait_for "Edited twice" 50 && wait_gone "error:" 50 &&
		status | grep -q "op 5/107"; then
		pass reload-fix
	else
		fail reload-fix "the fixed lesson did not replace the old one"
	fi
	# ----------------------------------------------- a save by rename
	sed 's/Edited twice/Renamed in/' live.lesson >.live.lesson.swp
	mv .live.lesson.swp live.lesson
	if wait_for "Renamed in" 50 && status | grep -q "op 5/107"; then
		pass reload-rename-save
	else
		fail reload-rename-save "a file renamed over the lesson was not loaded"
	fi
	# ... and the watch still holds after the rename.
	edit live.lesson 's/Renamed in/After rename/'
	if wait_for "After rename" 50; then
		pass reload-after-rename
	else
		fail reload-after-rename "an edit after the rename was missed"
	fi
	# ------------------------------------- the nearest iteration left
	# At iteration 3 (PgDn three times), the lesson cut to 2 iterations:
	# the nearest is the last, iteration 1, shown as "iteration 1/1".
	key PgDn PgDn PgDn
	if wait_for "iteration 3/999" 50; then
		edit live.lesson 's/^iterations .*/iterations 2/'
		if wait_for "iteration 1/1 " 50; then
			pass reload-nearest-iteration
		else
			fail reload-nearest-iteration "$(status)"
		fi
	else
		fail reload-nearest-iteration "PgDn did not reach iteration 3"
	fi
	quit
else
	fail reload-good-edit "the player did not open"
fi

# ---------------------------------------------------------- polling
"$nntrace" new polled >/dev/null || exit 70
if open polled.lesson NNTRACE_WATCH=poll; then
	# A new modification time a second later than the first: polling
	# compares the time, size and inode once a second.
	sleep 1
	edit polled.lesson 's/Write what the student/Polled edit, the student/'
	if wait_for "Polled edit" 50; then
		pass reload-polling
	else
		fail reload-polling "the edit was not seen by polling"
	fi
	quit
else
	fail reload-polling "the player did not open"
fi

exit "$failed"
