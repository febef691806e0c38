# bash completion for nntrace                              -*- shell-script -*-
#
# Completes the subcommands, their options, the formats of dump --format
# and the styles of --plots, new's --data CSV files and --from lessons,
# the names of the lessons `nntrace lessons` lists, and *.lesson files
# (with folders, to get to them).  Installed by `make install` and the
# Debian package as share/bash-completion/completions/nntrace; to try it
# from a source tree: `. completion/nntrace.bash`.
#
# It needs nothing from the bash-completion package, only bash's own
# COMP_WORDS and COMP_CWORD, so tests/suite-install.sh can call it in a
# plain bash.  The option lists are checked there against `nntrace --help`.

_nntrace_commands="play dump check lessons new"
_nntrace_top_options="-h --help -V --version -p --plain -f --fresh -n --no-color --allow-data-anywhere"
_nntrace_play_options="-h --help -p --plain -f --fresh -n --no-color --allow-data-anywhere"
_nntrace_dump_options="-h --help -i --iterations -f --format -p --precision -w --width -o --output --worksheet --answers --print --page-length --plots --full --force --allow-data-anywhere"
_nntrace_check_options="-h --help --allow-data-anywhere"
_nntrace_new_options="-h --help -l --layers -d --data -f --from"
_nntrace_formats="text markdown csv html"
_nntrace_plots="ascii braille none"

# The lesson names the nntrace being completed lists: the one typed
# (./nntrace in a source tree) when it can be run, else the one on PATH.
_nntrace_lesson_names()
{
	local prog=${COMP_WORDS[0]}
	prog=${prog/#\~/$HOME}
	[[ $prog == */* && -x $prog ]] || prog=nntrace
	"$prog" lessons 2>/dev/null | while read -r name _; do
		printf '%s\n' "$name"
	done
}

# Adds the lines of standard input to COMPREPLY, one word each (a file
# name may hold spaces).
_nntrace_add()
{
	local line
	while IFS= read -r line; do
		COMPREPLY+=("$line")
	done
}

# Lessons: names, *.lesson files, and folders that may hold some.
_nntrace_lessons()
{
	local cur=$1
	compopt -o filenames 2>/dev/null
	_nntrace_add < <(compgen -W "$(_nntrace_lesson_names)" -- "$cur")
	_nntrace_add < <(compgen -f -X '!*.lesson' -- "$cur")
	_nntrace_add < <(compgen -d -- "$cur")
}

# The values of an option of command $3 that takes one; returns 1 for one
# that does not (-p and -f take a value in dump only).
_nntrace_value()
{
	local opt=$1 cur=$2
	if [[ $3 == new ]]; then
		case $opt in
		-d | --data)
			compopt -o filenames 2>/dev/null
			_nntrace_add < <(compgen -f -X '!*.csv' -- "$cur")
			_nntrace_add < <(compgen -d -- "$cur") ;;
		-f | --from) _nntrace_lessons "$cur" ;;
		-l | --layers)
			_nntrace_add < <(compgen -W "2,3,1 2,1 3,4,1" -- "$cur") ;;
		*) return 1 ;;
		esac
		return 0
	fi
	[[ $3 == dump ]] || case $opt in -[ifpw]) return 1 ;; esac
	case $opt in
	-f | --format)
		_nntrace_add < <(compgen -W "$_nntrace_formats" -- "$cur") ;;
	-i | --iterations)
		_nntrace_add < <(compgen -W "0 last all 0,last" -- "$cur") ;;
	-p | --precision)
		_nntrace_add < <(compgen -W "$(seq 0 17)" -- "$cur") ;;
	-w | --width)
		_nntrace_add < <(compgen -W "80 100 120" -- "$cur") ;;
	--page-length)
		_nntrace_add < <(compgen -W "66 72" -- "$cur") ;;
	--plots)
		_nntrace_add < <(compgen -W "$_nntrace_plots" -- "$cur") ;;
	-o | --output)
		compopt -o filenames 2>/dev/null
		_nntrace_add < <(compgen -f -- "$cur") ;;
	*)
		return 1 ;;
	esac
	return 0
}

_nntrace()
{
	local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} prev=""
	local cmd="" i w
	COMPREPLY=()
	((cword > 0)) && prev=${COMP_WORDS[cword - 1]}

	# The subcommand: the first word after nntrace, if it is one.
	for ((i = 1; i < cword; i++)); do
		w=${COMP_WORDS[i]}
		[[ $w == -* ]] && continue
		case " $_nntrace_commands " in
		*" $w "*) cmd=$w ;;
		esac
		break
	done

	# --opt=value: bash splits it into --opt, =, value (unless = was
	# taken out of COMP_WORDBREAKS: then it is one word).
	if [[ $cur == --*=* ]]; then
		_nntrace_value "${cur%%=*}" "${cur#*=}" "$cmd" && {
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
			return 0
		}
	elif [[ $cur == = ]]; then
		_nntrace_value "$prev" "" "$cmd" && return 0
	elif [[ $prev == = ]] && ((cword > 1)); then
		_nntrace_value "${COMP_WORDS[cword - 2]}" "$cur" "$cmd" && return 0
	elif [[ $cur != -* ]]; then
		_nntrace_value "$prev" "$cur" "$cmd" && return 0
	fi

	# Without a subcommand nntrace plays one lesson: a command or a
	# lesson first, nothing after the lesson.
	case $cmd in
	"")
		if [[ $cur == -* ]]; then
			_nntrace_add < <(compgen -W "$_nntrace_top_options" -- "$cur")
		elif ((i == cword)); then
			_nntrace_add < <(compgen -W "$_nntrace_commands" -- "$cur")
			_nntrace_lessons "$cur"
		fi ;;
	play)
		if [[ $cur == -* ]]; then
			_nntrace_add < <(compgen -W "$_nntrace_play_options" -- "$cur")
		else
			_nntrace_lessons "$cur"
		fi ;;
	dump)
		if [[ $cur == -* ]]; then
			_nntrace_add < <(compgen -W "$_nntrace_dump_options" -- "$cur")
		else
			_nntrace_lessons "$cur"
		fi ;;
	check)
		if [[ $cur == -* ]]; then
			_nntrace_add < <(compgen -W "$_nntrace_check_options" -- "$cur")
		else
			_nntrace_lessons "$cur"
		fi ;;
	lessons) ;;
	new)
		if [[ $cur == -* ]]; then
			_nntrace_add < <(compgen -W "$_nntrace_new_options" -- "$cur")
		else
			compopt -o filenames 2>/dev/null
			_nntrace_add < <(compgen -f -- "$cur")
		fi ;;
	esac
	return 0
}

complete -F _nntrace nntrace
