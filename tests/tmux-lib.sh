# Helpers for the suites that drive the real program inside tmux, sourced
# after the suite sets T (its tmux command, with a private -L socket) and
# made a session named "t".  Waiting always polls with a deadline: every
# 0.05 s, up to TENTHS/10 seconds (default 10 s).

# The visible screen, as text.
screen() { $T capture-pane -p -t t 2>/dev/null; }

# poll TENTHS CMD...: until `screen | CMD...` succeeds.
poll() {
	n=0 limit=$(($1 * 2))
	shift
	while [ "$n" -lt "$limit" ]; do
		screen | "$@" && return 0
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

absent() { ! grep -qF -- "$1"; }

# wait_for TEXT [TENTHS]: until the screen shows TEXT.
wait_for() { poll "${2:-100}" grep -qF -- "$1"; }

# wait_re REGEX [TENTHS]: as wait_for, for an extended regular expression.
wait_re() { poll "${2:-100}" grep -qE -- "$1"; }

# wait_gone TEXT [TENTHS]: until TEXT is no longer on the screen.
wait_gone() { poll "${2:-100}" absent "$1"; }

# key KEY...: tmux key names ("Enter", "C-c", "q").
key() { $T send-keys -t t "$@"; }

# type_line TEXT: types TEXT literally, then Enter.
type_line() {
	$T send-keys -t t -l -- "$1"
	$T send-keys -t t Enter
}
