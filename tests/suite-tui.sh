#!/bin/sh
# End-to-end tests of the player: the real ./nntrace inside a private tmux
# server, keys sent with send-keys, the screen read with capture-pane.
# Every wait polls for the expected text with a deadline (never a bare
# sleep).  Prints one "PASS name" or "FAIL name: why" line per case; the
# exit status is non-zero when any case failed.
cd "$(dirname "$0")/.." || exit 70
root=$(pwd)

if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL tmux: tmux is not installed (make deps)"
	exit 1
fi
if [ ! -x ./nntrace ]; then
	echo "FAIL build: ./nntrace is missing (make nntrace)"
	exit 1
fi

tmp=$(mktemp -d) || exit 70
# One private server per session: killing a server and starting the next
# on the same socket races with its shutdown.
servers=0
T="tmux -L nntrace-test-$$-0 -f /dev/null"
cleanup() {
	i=0
	while [ "$i" -le "$servers" ]; do
		tmux -L "nntrace-test-$$-$i" kill-server 2>/dev/null
		i=$((i + 1))
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

failed=0
pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
	if [ -n "$NNTRACE_TEST_VERBOSE" ]; then
		screen | sed 's/^/    | /'
	fi
}

# ---------------------------------------------------------------- fixtures
# The bundled default lesson with its data path made absolute; "quiet"
# drops the script (no question stops the stepping), "long" also runs
# 60,000 iterations.
sed "s|^data .*|data $root/datasets/trask.csv|" lessons/trask-11.lesson \
	>"$tmp/ask.lesson"
sed '/^say /,$d' "$tmp/ask.lesson" >"$tmp/quiet.lesson"
sed 's/^iterations .*/iterations 60000/' "$tmp/quiet.lesson" \
	>"$tmp/long.lesson"
mkdir -p "$tmp/home" "$tmp/state"

# A lesson with test data for the prediction plot: the bundled
# reflectivity lesson (angles 0 to 30 in training, 0 to 50 in the test
# data), or, where it is missing, the small predict fixture (x 0 to 1,
# then 0 to 2).  Data paths made absolute, script dropped, 3,000
# iterations (the fixture's 5 are too few to move its plot).
if [ -f lessons/reflectivity.lesson ]; then
	fit_src=lessons/reflectivity.lesson
	fit_dir=$root/datasets
	fit_x=angle
else
	fit_src=tests/lessons/predict.lesson
	fit_dir=$root/tests/lessons
	fit_x=x
fi
fit_later=2000
sed -e "s|^data[[:space:]][[:space:]]*\([^[:space:]]*\).*|data $fit_dir/\1|" \
	-e "s|^test-data[[:space:]][[:space:]]*\([^[:space:]]*\).*|test-data $fit_dir/\1|" \
	-e 's/^iterations[[:space:]].*/iterations 3000/' \
	-e '/^\(say\|predict\|pause\)[[:space:]]/,$d' "$fit_src" >"$tmp/fit.lesson"
# XOR for 100,000,000 iterations: End is a fast-forward of about a minute.
sed -e "s|^data .*|data $root/datasets/trask-xor.csv|" \
	-e 's/^iterations .*/iterations 100000000/' \
	-e '/^\(say\|predict\|pause\)[[:space:]]/,$d' lessons/trask-xor.lesson \
	>"$tmp/huge.lesson"

# ---------------------------------------------------------------- helpers
. tests/tmux-lib.sh

# start WIDTH HEIGHT [ENV...]: a fresh session running a plain sh whose
# prompt is "$ ".
start() {
	$T kill-server 2>/dev/null
	servers=$((servers + 1))
	T="tmux -L nntrace-test-$$-$servers -f /dev/null"
	w=$1
	h=$2
	shift 2
	$T new-session -d -s t -x "$w" -y "$h" \
		"env -u LC_ALL -u NO_COLOR -u LC_CTYPE HOME=$tmp/home \
		XDG_STATE_HOME=$tmp/state LANG=C.UTF-8 PS1='$ ' $* sh" ||
		return 1
	wait_for '$' 50
}

# run COMMAND: types a command line into the session's shell.
run() { type_line "$1"; }

# The player is up when the status line shows the operation counter.
open() {
	run "cd $root && clear && ./nntrace $*"
	wait_for "op 1/27" 50
}

# wait_shell: polls until the player has exited and the shell has the
# terminal again, so typed commands do not reach the player.
wait_shell() {
	n=0
	while [ "$n" -lt 200 ]; do
		# tmux names the command as typed: "./nntrace".
		case $($T display-message -p -t t '#{pane_current_command}') in
		*nntrace) ;;
		*) return 0 ;;
		esac
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

# wait_prompt: polls until the last line with text is the shell's bare
# prompt: the shell reads the terminal again.
wait_prompt() {
	n=0
	while [ "$n" -lt 200 ]; do
		if [ "$(screen | grep -v '^ *$' | tail -n 1)" = '$' ]; then
			return 0
		fi
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

# exit_status: after the player ended, asks the shell for $? and echoes it.
exit_status() {
	wait_shell
	wait_prompt
	run 'echo "st=$?"'
	if wait_re 'st=[0-9]+' 50; then
		screen | sed -n 's/.*st=\([0-9][0-9]*\).*/\1/p' | tail -n 1
	fi
}

# ------------------------------------------------------ stepping, values
# Seed 002's iteration 0, in the order the operations compute them (op
# number: value).  Derivative of the 4th sample: 0.23002982 (the
# article's 0.21876263 is a typo, see REFERENCE.md).
values="1:-0.54629709 2:-0.97401842 3:-0.15335872 4:-0.58108005
5:0.36672394 6:0.27408027 7:0.46173529 8:0.35868411
9:-0.36672394 10:-0.27408027 11:0.53826471 12:0.64131589
17:0.23002982 18:-0.08516705 19:-0.05453109 20:0.13377806 21:0.14752178
25:0.67423821 26:-0.33473064 27:-0.40469539"

start 80 24
if open --fresh "$tmp/quiet.lesson"; then
	pass start
else
	fail start "the player did not show 'op 1/27'"
fi

ok=1
why=""
op=1
for pair in $values; do
	k=${pair%%:*}
	v=${pair#*:}
	while [ "$op" -lt "$k" ]; do
		before=$(screen)
		if [ "$k" -eq $((op + 1)) ] &&
			printf '%s\n' "$before" | grep -qF -- "$v"; then
			ok=0
			why="$v on screen before operation $k"
			break 2
		fi
		key Right
		op=$((op + 1))
		if ! wait_for "op $op/27" 50; then
			ok=0
			why="no 'op $op/27' after a step"
			break 2
		fi
	done
	if ! wait_for "$v" 20; then
		ok=0
		why="operation $k does not show $v"
		break
	fi
done
if [ "$ok" -eq 1 ]; then
	pass values_in_order
else
	fail values_in_order "$why"
fi

# The hand calculation of the first dot product, as in the article.
key g
wait_for "op 1/27" 20
if screen | grep -qF "(0 × 0.39293837) + (0 × −0.42772133) + (1 × −0.54629709) = −0.54629709"; then
	pass hand_calculation
else
	fail hand_calculation "operation 1 does not show its hand calculation"
fi

# ------------------------------------------------------ exact step back
for k in 1 2 3 4 5 6 7 8 9; do key Right; done
wait_for "op 10/27" 50
screen >"$tmp/a"
key Right
wait_for "op 11/27" 50
key Left
wait_for "op 10/27" 50
screen >"$tmp/b"
if cmp -s "$tmp/a" "$tmp/b"; then
	pass step_back_exact
else
	fail step_back_exact "the screen differs after a step forward and back"
fi

# Across an iteration boundary: the last operation of iteration 0, then
# into iteration 1 and back.
for k in $(seq 11 27); do key Right; done
wait_for "op 27/27" 50
screen >"$tmp/a"
key Right
wait_for "it 1/9999" 50
key Left
wait_for "it 0/9999" 50
wait_for "op 27/27" 50
screen >"$tmp/b"
if cmp -s "$tmp/a" "$tmp/b" && grep -qF -- "-0.40469539" "$tmp/b"; then
	pass back_across_iteration
else
	fail back_across_iteration "iteration 0's last screen is not restored"
fi

# ------------------------------------------------------ go to iteration
# numpy, from the article's code: np.random.seed(123);
# syn0 = 2*np.random.random((3,1)) - 1; two iterations of the 11-line
# loop, then print(syn0.ravel(), np.dot(X, syn0).ravel()):
# syn0 [0.90948611 -0.27646878 -0.33618051]
# dot  [-0.33618051 -0.61264929 0.5733056 0.29683682]
key :
wait_for "Go to iteration" 20
$T send-keys -t t -l 2
key Enter
if wait_for "it 2/9999" 50 && wait_for "0.90948611" 20 &&
	wait_for "-0.27646878" 20 && ! screen | grep -qF -- "-0.61264929"; then
	key Right
	if wait_for "-0.61264929" 20; then
		pass goto_iteration
	else
		fail goto_iteration "iteration 2's second dot product missing"
	fi
else
	fail goto_iteration "iteration 2 does not start with numpy's weights"
fi

# Typing digits starts the prompt too.
$T send-keys -t t -l 9999
key Enter
if wait_for "it 9999/9999" 50; then
	pass goto_typed_digits
else
	fail goto_typed_digits "typing 9999 Enter did not reach the last iteration"
fi

# ------------------------------------------------------ help and why
key '?'
if wait_for "next operation" 20 && wait_for "Keys" 20; then
	key Escape
	if wait_gone "this help"; then
		pass help_overlay
	else
		fail help_overlay "Esc did not close the help"
	fi
else
	fail help_overlay "? did not open the help"
fi
key Home
wait_for "op 1/27" 20
for k in 1 2 3 4; do key Right; done
wait_for "op 5/27" 20
key w
if wait_for "Why l1[0,0]" 20 && wait_for "(parameter" 20 &&
	wait_for "(data)" 20; then
	pass why_provenance
else
	fail why_provenance "w did not trace l1[0,0] back to data and weights"
fi
key Escape
wait_gone "Why l1"

# ------------------------------------------------------ too small, resize
$T resize-window -t t -x 40 -y 10
if wait_for "Terminal too small" 50; then
	$T resize-window -t t -x 80 -y 24
	if wait_for "op 5/27" 50 && wait_gone "too small"; then
		pass resize
	else
		fail resize "the player did not come back at 80x24"
	fi
else
	fail resize "no 'terminal too small' screen at 40x10"
	$T resize-window -t t -x 80 -y 24
fi

# ------------------------------------------------------ quit with q
key q
st=$(exit_status)
run "echo o''k"
if [ "$st" = 0 ] && wait_for "ok" 50; then
	pass quit_q
else
	fail quit_q "exit status '$st' after q, or the shell did not echo"
fi

# ------------------------------------------------------ resume
run "clear && ./nntrace $tmp/quiet.lesson"
if wait_for "Welcome back" 50 && wait_for "operation 5" 20; then
	key y
	if wait_for "op 5/27" 50 && wait_for "it 0/9999" 20; then
		pass resume
	else
		fail resume "y did not bring back operation 5"
	fi
else
	fail resume "no offer to resume where q left"
fi
key q
exit_status >/dev/null

# A corrupt state file: a one-line notice, then the lesson from the start.
for f in "$tmp"/state/nntrace/*.state; do
	printf 'garbage\n' >"$f"
done
run "clear && ./nntrace $tmp/quiet.lesson"
if wait_for "ignoring the saved place" 50 && wait_for "op 1/27" 20; then
	pass corrupt_state
else
	fail corrupt_state "no notice for a corrupt state file"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ Ctrl-C
run "clear && ./nntrace --fresh $tmp/quiet.lesson"
wait_for "op 1/27" 50
key C-c
st=$(exit_status)
run "echo o''k"
if [ "$st" = 130 ] && wait_for "ok" 50; then
	pass ctrl_c
else
	fail ctrl_c "exit status '$st' after Ctrl-C (want 130)"
fi

# SIGTERM and SIGHUP: the same orderly exit, 128 + the signal number.
for sig in TERM:143 HUP:129; do
	name=${sig%%:*}
	want=${sig#*:}
	run "clear && ./nntrace --fresh $tmp/quiet.lesson"
	wait_for "op 1/27" 50
	shell=$($T display-message -p -t t '#{pane_pid}')
	pid=$(pgrep -P "$shell" | head -n 1)
	if [ -n "$pid" ]; then
		kill -"$name" "$pid"
	fi
	st=$(exit_status)
	run "echo o''k"
	if [ "$st" = "$want" ] && wait_for "ok" 50; then
		pass "sig$name"
	else
		fail "sig$name" "exit status '$st' after SIG$name (want $want)"
	fi
done

# ------------------------------------------------------ questions
run "clear && ./nntrace --fresh $tmp/ask.lesson"
wait_for "op 1/27" 50
key Right
if wait_for "Question:" 50 && wait_for "Your answer" 20; then
	$T send-keys -t t -l -- "-0.5"
	key Enter
	if wait_for "Hint:" 50; then
		$T send-keys -t t -l -- "-0.974"
		key Enter
		if wait_for "Right!" 50; then
			pass predict
		else
			fail predict "-0.974 was not accepted"
		fi
		# A run stops at the lesson's pause (syn0_new[0,0], op 25).
		key + + +
		key r
		if wait_for "Paused by the lesson" 100 &&
			wait_for "op 25/27" 10; then
			pass run_stops_at_pause
		else
			fail run_stops_at_pause "r did not run to the pause"
		fi
	else
		fail predict "-0.5 was not rejected with the hint"
	fi
else
	fail predict "no question at operation 2"
fi
key q
exit_status >/dev/null

# Two wrong answers: the answer is shown; the score counts it wrong.
run "clear && ./nntrace --fresh $tmp/ask.lesson"
wait_for "op 1/27" 50
key Right
wait_for "Your answer" 50
$T send-keys -t t -l 1
key Enter
wait_for "Hint:" 50
$T send-keys -t t -l 2
key Enter
if wait_for "the answer is -0.97401842" 50 && wait_for "right 0/1" 20; then
	pass predict_wrong_twice
else
	fail predict_wrong_twice "no answer after two wrong tries"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ lesson list
run "clear && ./nntrace --fresh $tmp/quiet.lesson"
wait_for "op 1/27" 50
key o
if wait_for "Open a lesson" 50 && wait_for "trask-11" 20 &&
	wait_for "The annotated 11-line network" 20; then
	key Escape
	if wait_gone "Open a lesson"; then
		pass lesson_list
	else
		fail lesson_list "Esc did not close the list"
	fi
else
	fail lesson_list "o did not list the bundled lessons"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ colour
run "clear && NO_COLOR=1 ./nntrace --fresh $tmp/quiet.lesson"
wait_for "op 1/27" 50
key Right
wait_for "op 2/27" 50
# SGR colour parameters: 30-37, 40-47, 90-97, 100-107, 38;5 / 48;5.
colour='\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;[25]|48;[25])[;m]'
if $T capture-pane -p -e -t t | grep -qE "$colour"; then
	fail no_color "colour escapes on screen with NO_COLOR set"
else
	pass no_color
fi
key q
exit_status >/dev/null
run "clear && ./nntrace --fresh --no-color $tmp/quiet.lesson"
wait_for "op 1/27" 50
key Right
wait_for "op 2/27" 50
if $T capture-pane -p -e -t t | grep -qE "$colour"; then
	fail no_color_flag "colour escapes on screen with --no-color"
else
	pass no_color_flag
fi
key q
exit_status >/dev/null
# ... while a normal run does colour the current cell (checks the check).
run "clear && ./nntrace --fresh $tmp/quiet.lesson"
wait_for "op 1/27" 50
if $T capture-pane -p -e -t t | grep -qE "$colour"; then
	pass color_default
else
	fail color_default "no colour at all without NO_COLOR"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ TERM=dumb
run "clear && TERM=dumb ./nntrace $tmp/quiet.lesson; echo st=\$?"
if wait_re "st=69" 50 && wait_for "TERM is 'dumb'" 10; then
	pass term_dumb
else
	fail term_dumb "TERM=dumb did not exit 69 with a hint"
fi
run "clear && TERM=no-such-terminal ./nntrace $tmp/quiet.lesson; echo st=\$?"
if wait_re "st=69" 50 && wait_for "is unknown" 10; then
	pass term_unknown
else
	fail term_unknown "an unknown TERM did not exit 69"
fi

# ------------------------------------------------------ 60,000 iterations
run "clear && ./nntrace --fresh $tmp/long.lesson"
wait_for "op 1/27" 50
key End
if wait_for "it 59999/59999" 100 && wait_for "op 27/27" 20; then
	pass last_of_60000
else
	fail last_of_60000 "End did not reach iteration 59999 within 10 s"
fi
key Left
if wait_for "op 26/27" 50; then
	pass back_from_last
else
	fail back_from_last "no step back from the last operation"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ larger terminal
start 160 50
run "cd $root && clear && ./nntrace --fresh $tmp/quiet.lesson"
if wait_for "op 1/27" 50 && wait_for "Training" 20 && wait_for "Network" 20 &&
	wait_for "l1_error" 20; then
	pass large_terminal
else
	fail large_terminal "no plot, network or full tensor view at 160x50"
fi
key P
if wait_gone "Training"; then
	pass toggle_plot
else
	fail toggle_plot "P did not hide the plot"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ predictions
# The right-hand column at 120x40 (from column 81): the plot pane.
side() { screen | LC_ALL=C.UTF-8 sed -n 's/^.\{80\}//p'; }
# The prediction plot's rows, from under its caption (which names the
# iteration) to its legend, without the largest-residual line.
fit_rows() {
	side | sed -n '/test loss/,/trained on/p' | sed '1d' | grep -v 'largest'
}

start 120 40
run "cd $root && clear && ./nntrace --fresh $tmp/fit.lesson"
if wait_re "op 1/[0-9]+" 50 && wait_for "test loss at iteration 0" 50 &&
	wait_for "× prediction" 20 && wait_for "target" 20 &&
	wait_for "┊ trained on $fit_x " 20 &&
	[ "$(side | grep -c '┊')" -ge 3 ]; then
	pass fit_plot
else
	fail fit_plot "no prediction plot with a legend and the training range at 120x40"
fi
fit_rows >"$tmp/fit0"
key :
wait_for "Go to iteration" 20
$T send-keys -t t -l "$fit_later"
key Enter
# Polls until the plot differs from iteration 0's (a capture may catch
# a frame half drawn), with a deadline.
fit_changed() {
	n=0
	while [ "$n" -lt 200 ]; do
		fit_rows >"$tmp/fit1"
		if grep -q '×' "$tmp/fit1" && ! cmp -s "$tmp/fit0" "$tmp/fit1"; then
			return 0
		fi
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}
if ! grep -q '×' "$tmp/fit0"; then
	fail fit_follows_iteration "no prediction marks at iteration 0"
elif wait_re "iteration $fit_later/[0-9]+" 100 && fit_changed; then
	pass fit_follows_iteration
else
	fail fit_follows_iteration "the plotted prediction did not change at iteration $fit_later"
fi
key q
exit_status >/dev/null

# ------------------------------------------------------ fast-forward
# Whether the player (not the shell) runs in the pane; tmux names the
# command as typed, "./nntrace".
player_running() {
	case $($T display-message -p -t t '#{pane_current_command}') in
	*nntrace) return 0 ;;
	*) return 1 ;;
	esac
}

start 100 24
run "cd $root && clear && ./nntrace --fresh $tmp/huge.lesson"
wait_re "op 1/[0-9]+" 50
key End
if wait_re "fast-forward [0-9]+% [0-9.]+[kM]? it/s" 100 &&
	wait_for "Esc or Ctrl-C cancels the fast-forward" 10; then
	pass fast_forward_progress
else
	fail fast_forward_progress "End on 100,000,000 iterations shows no progress"
fi
key C-c
if wait_for "cancelled at" 100 && wait_for "iteration 0/99999999" 20 &&
	player_running; then
	pass fast_forward_ctrl_c
else
	fail fast_forward_ctrl_c "Ctrl-C did not cancel the fast-forward back to iteration 0"
fi
# Esc cancels a go-to as well; the player still answers keys.
$T send-keys -t t -l 50000000
key Enter
if wait_re "fast-forward [0-9]+%" 100; then
	key Escape
	if wait_for "iteration 50000000 cancelled" 100 &&
		wait_for "iteration 0/99999999" 20; then
		key Right
		if wait_for "op 2/" 50; then
			pass fast_forward_esc
		else
			fail fast_forward_esc "no step after a cancelled go-to"
		fi
	else
		fail fast_forward_esc "Esc did not cancel the go-to"
	fi
else
	fail fast_forward_esc "going to iteration 50000000 shows no progress"
fi
key q
st=$(exit_status)
if [ "$st" = 0 ]; then
	pass fast_forward_quit
else
	fail fast_forward_quit "exit status '$st' after q (want 0)"
fi

# ------------------------------------------------------ without a terminal
./nntrace "$tmp/quiet.lesson" </dev/null >/dev/null 2>"$tmp/err"
st=$?
if [ "$st" -eq 69 ] && grep -q "nntrace dump" "$tmp/err"; then
	pass not_a_terminal
else
	fail not_a_terminal "exit status $st without a terminal (want 69)"
fi

# ------------------------------------------------------ plain
printf '\n\n\nb\nq\n' |
	env LANG=C.UTF-8 HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" \
		./nntrace play --plain --fresh "$tmp/quiet.lesson" >"$tmp/out" 2>&1
st=$?
if [ "$st" -eq 0 ] && grep -q "operation 4 of 27.*−0.58108005" "$tmp/out" &&
	[ "$(grep -c '^iteration 0, operation' "$tmp/out")" -eq 5 ] &&
	! grep -q "$(printf '\033')" "$tmp/out"; then
	pass plain
else
	fail plain "status $st or unexpected output: $(head -c 300 "$tmp/out")"
fi
printf '\n-0.974\n' |
	env LANG=C.UTF-8 HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" \
		./nntrace play --plain --fresh "$tmp/ask.lesson" >"$tmp/out" 2>&1
st=$?
if [ "$st" -eq 0 ] && grep -q "Right!" "$tmp/out" &&
	grep -q "Score: 1 right out of 1" "$tmp/out"; then
	pass plain_question_eof
else
	fail plain_question_eof "status $st: $(tail -c 300 "$tmp/out")"
fi

[ "$failed" -eq 0 ]
