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

# The visible screen with its attributes, as tmux writes them: SGR
# escapes (ESC [ ... m) before the cells they start.
screen_e() { $T capture-pane -p -e -t t 2>/dev/null; }

# sgr_strip: standard input without its SGR escapes.
sgr_strip() { sed "s/$(printf '\033')\[[0-9;:]*m//g"; }

# shows FILE TEXT...: whether the screen in FILE (escapes or not) holds
# every TEXT.
shows() {
	_sf=$1
	shift
	for _s in "$@"; do
		sgr_strip <"$_sf" | grep -qF -- "$_s" || return 1
	done
}

# settle CAPTURE FILE TENTHS TEXT...: polls until two captures in a row
# (CAPTURE is screen or screen_e), 0.05 s apart, are the same and show
# every TEXT, and leaves that screen in FILE.  A check that then reads
# FILE judges a whole frame the wait has seen, never one half drawn or
# one from before the wait.  On a timeout FILE holds the last capture.
settle() {
	_cap=$1 _f=$2 _n=0 _limit=$(($3 * 2))
	shift 3
	$_cap >"$_f.last"
	while [ "$_n" -lt "$_limit" ]; do
		sleep 0.05
		$_cap >"$_f"
		if cmp -s "$_f" "$_f.last" && shows "$_f" "$@"; then
			rm -f "$_f.last"
			return 0
		fi
		cp "$_f" "$_f.last"
		_n=$((_n + 1))
	done
	rm -f "$_f.last"
	return 1
}

# snap FILE TENTHS TEXT...: settle on the text of the screen.
snap() { settle screen "$@"; }

# snap_e FILE TENTHS TEXT...: settle on the screen with its attributes.
snap_e() { settle screen_e "$@"; }

# coloured FILE: whether the screen in FILE (from screen_e) sets a
# colour: an SGR parameter 30-38 or 90-97 (foreground), 40-48 or 100-107
# (background), or 39 / 49 (back to the default colour) where it changes
# a colour.  tmux restates 39 and 49 after every reset (ESC [ 0 ... m)
# whether or not anything had a colour, so those alone are no colour:
# 39 / 49 count unless they follow a reset with no cell in between.
coloured() {
	awk 'BEGIN { RS = "\033"; reset = 0; found = 0 }
	NR > 1 {
		if (!match($0, /^\[[0-9;:]*m/)) {
			reset = 0
			next
		}
		n = split(substr($0, 2, RLENGTH - 2), p, /[;:]/)
		if (n == 0) {
			n = 1
			p[1] = "0"
		}
		only_default = 1
		for (i = 1; i <= n; i++) {
			v = p[i] + 0
			if ((v >= 30 && v <= 38) || (v >= 40 && v <= 48) ||
			    (v >= 90 && v <= 97) || (v >= 100 && v <= 107))
				found = 1
			else if ((v == 39 || v == 49) && !reset)
				found = 1
			if (v != 39 && v != 49)
				only_default = 0
		}
		r = p[1] == "" || p[1] + 0 == 0 || (only_default && reset)
		reset = r && length($0) == RLENGTH
	}
	END { exit !found }' "$1"
}
