#!/bin/sh
# The screen audit: every bundled lesson in the real player inside tmux,
# at 80x24, 60x20 and 120x40, visiting the operations of iteration 0 and
# of the last iteration (all of them up to 300 an iteration; a documented
# sample of larger ones, see tests/screens/audit.py), with the `w` popup
# opened at every sum and every eighth operation; and every third of
# them at 80x24 with the plot and the network toggled on and at 60x20
# with the plot, and, for the lessons with a picture pane (an `image`,
# or one-hot classes with test data), at 80x24 and 60x20 with it toggled
# on, without the popup.  tests/screens/audit.py judges
# each captured screen against the lesson's CSV handout (`nntrace dump
# --format csv --iterations 0,last`), by docs/player.md's layout rule:
#
#   - a number on screen that is not a rounding of a value of its
#     iteration (a cut one: -0.5810800 for -0.58108005) fails;
#   - the operation pane must show the sentence, the symbols and the
#     whole hand calculation of the handout's operation;
#   - the status line's fields must be whole, right (iteration,
#     operation, phase, the loss once computed) and never move: the
#     positions of its separators are the same on every screen of a run;
#   - a network line must end in its destination unit; a loss plot needs
#     4 rows of dots, a prediction plot 5 rows of data area;
#   - the picture pane's guess shows once its row's outputs are computed,
#     the largest, its output rounded; its confusion matrix is whole
#     (the counts add up to the totals it prints) or says it needs room.
#
# The player visits the operations through pause cues appended to a copy
# of each lesson (the copy drops the lesson's own narration and questions,
# which would stop or move the visits): Tab goes from one to the next.
# Every wait polls the screen with a deadline; a screen is taken once it
# is a whole frame of the operation (see wait_at).  Two sizes run side by
# side, each lesson in its own tmux server, and each size is judged
# while the next is captured.  Prints one PASS/FAIL line
# per lesson and size, then the number of screens audited.
#
# NNTRACE: the binary to audit (default ./nntrace): the audit of the
# binary before issue 12's layout fixes fails.  NNTRACE_SCREENS_ONLY: the
# lessons to audit, by name, separated by spaces (default: all).
# NNTRACE_SCREENS_KEEP=DIR keeps the captures there, to read a failure.
cd "$(dirname "$0")/.." || exit 70
root=$(pwd)
bin=${NNTRACE:-./nntrace}
py=${NNTRACE_PYTHON:-/usr/bin/python3}

if ! command -v tmux >/dev/null 2>&1; then
	echo "FAIL tmux: tmux is not installed (make deps)"
	exit 1
fi
if [ ! -x "$bin" ]; then
	echo "FAIL build: $bin is missing (make nntrace)"
	exit 1
fi
case $bin in
/*) ;;
*) bin=$root/$bin ;;
esac

tmp=$(mktemp -d) || exit 70
cleanup() {
	for s in "$tmp"/*.server; do
		[ -f "$s" ] && tmux -L "$(cat "$s")" kill-server 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---------------------------------------------------------------- lessons
# Each lesson's copy: its script (say, pause, predict and what belongs to
# them) dropped, the audit's pause cues appended; its data found through
# a datasets link beside the copy.
mkdir -p "$tmp/lessons" "$tmp/home" "$tmp/state"
ln -s "$root/datasets" "$tmp/datasets"
names= pictured=
for l in lessons/*.lesson; do
	n=$(basename "$l" .lesson)
	case " ${NNTRACE_SCREENS_ONLY:-$n} " in
	*" $n "*) ;;
	*) continue ;;
	esac
	names="$names $n"
	awk '
		/^[^ \t#]/ { drop = $1 ~ /^(say|pause|predict|hint|tolerance|decimals)$/ }
		/^[ \t]/ && drop { next }
		!drop' "$l" >"$tmp/lessons/$n.lesson"
	"$bin" dump --format csv --iterations 0,last "$tmp/lessons/$n.lesson" \
		>"$tmp/$n.csv" 2>"$tmp/$n.err" || {
		echo "FAIL screens-$n: dump failed: $(head -1 "$tmp/$n.err")"
		exit 1
	}
	"$py" tests/screens/audit.py plan "$tmp/$n.csv" >"$tmp/$n.plan" || exit 1
	sed -n 's/^cue //p' "$tmp/$n.plan" >>"$tmp/lessons/$n.lesson"
	sed -n 's/^visit //p' "$tmp/$n.plan" >"$tmp/$n.visits"
	sed -n 's/^title[[:space:]]*//p' "$l" | head -1 >"$tmp/$n.title"
	# The picture pane's title, for the lessons that have one.
	if grep -q '^image' "$l"; then
		pictured="$pictured $n"
		echo Sample >"$tmp/$n.pane"
	elif grep -q '^one-hot' "$l" && grep -q '^test-data' "$l"; then
		pictured="$pictured $n"
		echo "Confusion matrix" >"$tmp/$n.pane"
	fi
done

# ----------------------------------------------------------------- driving

# The helpers read $T and $last, set by audit_size.  Each poll is one
# capture, matched by the shell: a screen costs a few processes.
cap() { $T capture-pane -p -t t 2>/dev/null; }

nl='
'
# wait_at IT STEP RESULT TENTHS ALT: until the screen is a whole frame of
# iteration IT (of $last), operation STEP + 1: the status line shows the
# iteration, the operation pane its title and RESULT (the number that ends
# its calculation) or ALT (the same in scientific notation) below it, and
# the cursor is back on the last row.
# ncurses writes a frame from the top down and then parks the cursor at
# the end of the hint line, so a capture that catches a frame half drawn
# (the machine is busy; a resize repaints) finds the cursor higher up.
# The screen is left in $scr.
wait_at() {
	_n=0
	while [ "$_n" -lt "$(($4 * 10))" ]; do
		_out=$($T capture-pane -p -t t \; \
			display-message -p -t t '#{cursor_y}' 2>/dev/null)
		scr=${_out%"$nl"*}
		case ${_out##*"$nl"} in
		"$((height - 1))")
			case $scr in
			*"Operation $(($2 + 1))/"*)
				case ${scr%%"$nl"*} in
				*" $1/$last "*)
					case ${scr#*"Operation $(($2 + 1))/"} in
					*"$3"* | *"${5:-$3}"*) return 0 ;;
					esac
					;;
				esac
				;;
			esac
			;;
		esac
		sleep 0.01
		_n=$((_n + 1))
	done
	return 1
}

# wait_for TEXT TENTHS: until the screen shows TEXT, left in $scr.
wait_for() {
	_n=0
	while [ "$_n" -lt "$(($2 * 10))" ]; do
		scr=$(cap)
		case $scr in
		*"$1"*) return 0 ;;
		esac
		sleep 0.01
		_n=$((_n + 1))
	done
	return 1
}

# settle: until two captures in a row agree, from the one in $scr; the
# frame is left in $scr.
settle() {
	_n=0
	while [ "$_n" -lt 100 ]; do
		_again=$(cap)
		[ "$_again" = "$scr" ] && return 0
		scr=$_again
		sleep 0.01
		_n=$((_n + 1))
	done
}

# audit_size NAME WIDTH HEIGHT KEYS SHOWN EVERY WHY [LESSONS]: every
# lesson (or those of LESSONS) at one size, each screen appended to
# $tmp/LESSON-NAME.screens.  KEYS (tmux key names) are typed once the
# player is up, and SHOWN is waited for (PANE: the lesson's picture
# pane title); only every EVERY-th visit of the plan is taken; WHY 0
# opens no popup.  Problems driving go to $tmp/NAME.drive.
audit_size() {
	cfg=$1 width=$2 height=$3 keys=$4 shown=$5 every=$6 whys=$7
	for n in ${8-$names}; do
		wants=$shown
		[ "$shown" = PANE ] && wants="── $(cat "$tmp/$n.pane")"
		# A server per lesson: starting one on the socket of a server
		# just killed races with its shutdown.
		sock=nntrace-screens-$$-$cfg-$n
		echo "$sock" >"$tmp/$cfg-$n.server"
		T="tmux -L $sock -f /dev/null"
		out=$tmp/$n-$cfg.screens
		: >"$out"
		last=$(awk 'END { print $1 }' "$tmp/$n.visits")
		# The visits taken, each with the Tabs that reach it.
		awk -v every="$every" -v whys="$whys" '
			{ tabs++ }
			# The first visit of an iteration is always taken: the
			# player drops keys typed during the fast-forward there.
			(NR - 1) % every == 0 || $1 != it {
				it = $1
				print $1, $2, whys ? $3 : 0, NR == 1 ? 0 : tabs, $4, $5
				tabs = 0
			}' "$tmp/$n.visits" >"$tmp/$n-$cfg.take"
		echo "$n $(date +%s)" >>"$tmp/$cfg.times"
		$T new-session -d -s t -x "$width" -y "$height" \
			"env -u LC_ALL -u NO_COLOR -u LC_CTYPE HOME=$tmp/home \
			XDG_STATE_HOME=$tmp/state LANG=C.UTF-8 \
			$bin play --fresh $tmp/lessons/$n.lesson" || {
			echo "$n: tmux did not start" >>"$tmp/$cfg.drive"
			continue
		}
		was= misses=0
		while read -r it step why tabs result alt; do
			if [ "$tabs" = 0 ]; then
				if ! wait_at "$it" "$step" "$result" 100 "$alt"; then
					echo "$n: the player did not start" \
						>>"$tmp/$cfg.drive"
					break
				fi
				if [ -n "$keys" ]; then
					# shellcheck disable=SC2086
					$T send-keys -t t $keys
					wait_for "$wants" 50
				fi
			else
				while [ "$tabs" -gt 0 ]; do
					$T send-keys -t t Tab
					tabs=$((tabs - 1))
				done
				# Into the last iteration is a fast-forward;
				# within one, a frame.
				limit=50
				[ "$it" = "$was" ] || limit=600
				if ! wait_at "$it" "$step" "$result" "$limit" "$alt"; then
					# Judged as it is (a screen that never
					# shows its result fails the check); three
					# in a row: the player is stuck or gone.
					echo "$n: iteration $it op $((step + 1)) never showed its result" \
						>>"$tmp/$cfg.drive"
					misses=$((misses + 1))
					[ "$misses" -lt 3 ] || break
				else
					misses=0
				fi
			fi
			was=$it
			printf '@@ main %s %s\n%s\n' "$it" "$step" "$scr" >>"$out"
			[ "$why" = 1 ] || continue
			$T send-keys -t t w
			# The popup is whole once its bottom corner is drawn.
			if wait_for "┘" 50 && wait_for "Why" 1; then
				settle
				printf '@@ why %s %s\n%s\n' "$it" "$step" "$scr" >>"$out"
				# q closes the popup (Esc waits for a key sequence).
				$T send-keys -t t q
			else
				echo "$n: no why popup at $it/$step" >>"$tmp/$cfg.drive"
				$T send-keys -t t Escape
			fi
		done <"$tmp/$n-$cfg.take"
		$T kill-server 2>/dev/null
	done
}

# judge CFG: the screens of one size judged against the handouts, into
# $tmp/CFG.result, while the next size is captured.
tab=$(printf '\t')
judge() {
	: >"$tmp/$1.manifest"
	if [ -z "${2-$names}" ]; then
		# No lesson of this run has the pane: nothing to judge.
		: >"$tmp/$1.result"
		echo 0 >"$tmp/$1.rc"
		return
	fi
	for n in ${2-$names}; do
		printf '%s\n' "screens-$n-$1$tab$tmp/$n.csv$tab$(cat "$tmp/$n.title")$tab$tmp/$n-$1.screens$tab${1%%x*}" \
			>>"$tmp/$1.manifest"
	done
	"$py" tests/screens/audit.py check "$tmp/$1.manifest" \
		>"$tmp/$1.result" 2>&1
	echo "$?" >"$tmp/$1.rc"
}

# Two streams (two cores) of about the same length.
start=$(date +%s)
{
	audit_size 80x24 80 24 "" "" 1 1
	judge 80x24 &
	audit_size 120x40 120 40 "" "" 1 1
	judge 120x40 &
	audit_size 80x24-picture 80 24 "I" PANE 3 0 "$pictured"
	judge 80x24-picture "$pictured"
	wait
} &
p1=$!
{
	audit_size 60x20 60 20 "" "" 1 1
	judge 60x20 &
	audit_size 80x24-plot-network 80 24 "P N" "Network" 3 0
	judge 80x24-plot-network &
	audit_size 60x20-plot 60 20 "P" "Training" 3 0
	judge 60x20-plot &
	audit_size 60x20-picture 60 20 "I" PANE 3 0 "$pictured"
	judge 60x20-picture "$pictured"
	wait
} &
p2=$!
wait "$p1" "$p2"

failed=0
total=0
configs="80x24 60x20 120x40 80x24-plot-network 60x20-plot 80x24-picture
60x20-picture"
for cfg in $configs; do
	if [ -s "$tmp/$cfg.drive" ]; then
		echo "FAIL screens-drive-$cfg: $(head -3 "$tmp/$cfg.drive" | tr '\n' ';')"
		failed=1
	fi
	# Each run's line; the judge's own total is summed here.
	grep -v ' screens-audited: ' "$tmp/$cfg.result"
	[ "$(cat "$tmp/$cfg.rc")" = 0 ] || failed=1
	n=$(sed -n 's/^[A-Z]* screens-audited: \([0-9]*\) screens$/\1/p' \
		"$tmp/$cfg.result")
	total=$((total + ${n:-0}))
done
if [ "$total" -gt 0 ]; then
	echo "PASS screens-audited: $total screens"
else
	echo "FAIL screens-audited: no screen audited"
	failed=1
fi
[ -n "$NNTRACE_SCREENS_TIMES" ] && cat "$tmp"/*.times
echo "audited in $(($(date +%s) - start)) s"
if [ -n "$NNTRACE_SCREENS_KEEP" ]; then
	mkdir -p "$NNTRACE_SCREENS_KEEP" && cp "$tmp"/*.screens "$tmp"/*.csv \
		"$NNTRACE_SCREENS_KEEP"/
fi
exit "$failed"
