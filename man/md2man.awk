# md2man.awk: docs/lesson-format.md to the man page nntrace-lesson(5).
#
#     awk -v version=0.1.0 -v date=2026-12-06 -f man/md2man.awk \
#         docs/lesson-format.md >nntrace-lesson.5
#
# The page is made from the Markdown at build time, so the two cannot say
# different things.  It reads the Markdown that page uses, no more: the
# title (#), sections (##, ###), paragraphs, fenced code blocks, pipe
# tables (through tbl), bullet and numbered lists nested by indentation,
# and inline `code`, **bold** and *italic*.  tests/suite-install.sh checks
# that every word of the Markdown is in the rendered page.
#
# POSIX awk (Debian's mawk): no gawk extensions.

BEGIN {
	depth = 0        # open lists; level k: marker column mi[k], text ci[k]
	gap = 0          # a blank line since the last text
	incode = 0       # inside a ``` block
	ntab = 0         # rows of the table being read
	started = 0      # past the title
	reset_fonts()
	print "'\\\" t"
	print ".\\\" Made from docs/lesson-format.md by man/md2man.awk; edit those."
	printf ".TH NNTRACE-LESSON 5 \"%s\" \"nntrace %s\" \"nntrace\"\n",
	    date, version
	# Code and tables read badly hyphenated or stretched.
	print ".nh"
	print ".ad l"
	print ".SH NAME"
	print "nntrace-lesson \\- the lesson file format of nntrace"
}

# ---------------------------------------------------------------- inline

function reset_fonts() {
	code = 0; bold = 0; ital = 0; font = "R"
}

# The font the open spans ask for, as a groff escape when it changes.
function refont(    want) {
	if (code || bold)
		want = ital ? "BI" : "B"
	else
		want = ital ? "I" : "R"
	if (want == font)
		return ""
	font = want
	return length(want) == 1 ? "\\f" want : "\\f(" want
}

# One character of text; in code it must come out as typed (ASCII hyphen,
# quote, caret, tilde), not typeset.
function char(c, literal) {
	if (c == "\\")
		return "\\e"
	if (!literal)
		return c
	if (c == "-")
		return "\\-"
	if (c == "'")
		return "\\(aq"
	if (c == "`")
		return "\\(ga"
	if (c == "^")
		return "\\(ha"
	if (c == "~")
		return "\\(ti"
	return c
}

# A line of Markdown text as roff: the spans, escapes, and a line that
# would start with a control character made safe.
function inline(s,    out, i, c, n, prev, next1) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "`") {
			code = !code
			out = out refont()
			continue
		}
		if (!code && c == "*" && substr(s, i + 1, 1) == "*") {
			bold = !bold
			out = out refont()
			i++
			continue
		}
		if (!code && c == "*") {
			prev = i > 1 ? substr(s, i - 1, 1) : " "
			next1 = substr(s, i + 1, 1)
			# Opens before a word, closes after one; else a star.
			if ((!ital && next1 != " " && next1 != "") ||
			    (ital && prev != " ")) {
				ital = !ital
				out = out refont()
				continue
			}
		}
		out = out char(c, code)
	}
	return safe(out)
}

function safe(line) {
	if (line ~ /^[.']/)
		return "\\&" line
	return line
}

# ---------------------------------------------------------------- blocks

function indent_of(s) {
	match(s, /^ */)
	return RLENGTH
}

# Closes lists down to level k (0: all of them).
function close_lists(k) {
	while (depth > k) {
		if (depth > 1)
			print ".RE"
		depth--
	}
}

# A paragraph break before the next block, at the level that holds it.
function para() {
	reset_fonts()
	if (depth > 0)
		print ".IP"
	else
		print ".PP"
}

# Characters a cell takes on the terminal: without its markup, UTF-8
# sequences counted once.
function width(s) {
	gsub(/[`*]/, "", s)
	gsub(/[\200-\277]/, "", s)
	return length(s)
}

# The longest piece of a cell that cannot be broken (cell() lets code
# break after - _ / as well as at spaces).
function longest_word(s,    words, n, i, w, most) {
	gsub(/[-_\/]/, "& ", s)
	n = split(s, words, " ")
	most = 1
	for (i = 1; i <= n; i++)
		if ((w = width(words[i])) > most)
			most = w
	return most
}

# Column widths that fit the page: each column at least its longest
# unbreakable piece, the room left shared in proportion to what each
# column's longest cell needs beyond that.
function table_widths(ncol,    room, c, r, cells, w, sum_nat, sum_min,
    extra) {
	for (c = 1; c <= ncol; c++)
		nat[c] = minw[c] = 1
	for (r = 1; r <= ntab; r++) {
		split(rows[r], cells, "\t")
		for (c = 1; c <= ncol; c++) {
			if ((w = width(cells[c])) > nat[c])
				nat[c] = w
			if ((w = longest_word(cells[c])) > minw[c])
				minw[c] = w
		}
	}
	# 78 columns of page less 7 of indent, 3 a column of rules and gaps.
	room = 70 - 3 * ncol
	sum_nat = sum_min = 0
	for (c = 1; c <= ncol; c++) {
		sum_nat += nat[c]
		sum_min += minw[c]
	}
	for (c = 1; c <= ncol; c++) {
		if (sum_nat <= room)
			wid[c] = nat[c]
		else if (sum_min >= room)
			wid[c] = minw[c]
		else {
			extra = (room - sum_min) * (nat[c] - minw[c])
			wid[c] = minw[c] + int(extra / (sum_nat - sum_min))
		}
	}
}

# A cell's text in a text block: code may break after - _ / , as well.
function cell(s,    out) {
	out = inline(s)
	gsub(/\\-/, "\\-\\:", out)
	gsub(/_/, "_\\:", out)
	gsub(/\//, "/\\:", out)
	return out
}

function table_flush(    r, c, ncol, cells, line, fmt) {
	if (ntab == 0)
		return
	ncol = split(rows[1], cells, "\t")
	table_widths(ncol)
	close_lists(0)
	para()
	print ".TS"
	print "allbox tab(\t);"
	fmt = ""
	for (c = 1; c <= ncol; c++)
		fmt = fmt (c > 1 ? " " : "") "lbw(" wid[c] "n)"
	print fmt
	fmt = ""
	for (c = 1; c <= ncol; c++)
		fmt = fmt (c > 1 ? " " : "") "lw(" wid[c] "n)"
	print fmt "."
	for (r = 1; r <= ntab; r++) {
		split(rows[r], cells, "\t")
		line = ""
		for (c = 1; c <= ncol; c++) {
			reset_fonts()
			line = line (c > 1 ? "\t" : "") "T{\n" cell(cells[c]) \
			    refont() "\nT}"
		}
		print line
	}
	print ".TE"
	ntab = 0
	reset_fonts()
}

# A row "| a | b \| c |" as tab-separated cells, "\|" kept as "|".
function table_row(s,    cells, n, i, out) {
	gsub(/\\\|/, "\001", s)
	sub(/^ *\| */, "", s)
	sub(/ *\| *$/, "", s)
	n = split(s, cells, / *\| */)
	out = ""
	for (i = 1; i <= n; i++) {
		gsub(/\001/, "|", cells[i])
		out = out (i > 1 ? "\t" : "") cells[i]
	}
	return out
}

# ---------------------------------------------------------------- lines

incode {
	if ($0 ~ /^ *```/) {
		print ".fi"
		print ".RE"
		incode = 0
		gap = 1
		next
	}
	line = ""
	n = length($0)
	for (i = 1; i <= n; i++)
		line = line char(substr($0, i, 1), 1)
	print safe(line)
	next
}

# Tables: collected whole, the separator row dropped.
/^ *\|/ {
	if ($0 !~ /^ *\|[-:| ]+\| *$/)
		rows[++ntab] = table_row($0)
	next
}
ntab > 0 { table_flush(); gap = 1 }

/^ *$/ { gap = 1; next }

/^# / && !started {
	started = 1
	print ".SH DESCRIPTION"
	gap = 0
	next
}

/^##+ / {
	close_lists(0)
	reset_fonts()
	level = index($0, " ") - 1
	title = substr($0, level + 2)
	if (level == 2)
		printf ".SH \"%s\"\n", toupper(title)
	else
		printf ".SS \"%s\"\n", title
	gap = 0
	next
}

/^ *```/ {
	close_lists(0)
	para()
	print ".RS 4"
	print ".nf"
	incode = 1
	next
}

{
	n = indent_of($0)
	text = substr($0, n + 1)
	marker = ""
	if (match(text, /^([-*]|[0-9]+\.) /)) {
		marker = substr(text, 1, RLENGTH - 1)
		text = substr(text, RLENGTH + 1)
	}
	if (marker != "") {
		while (depth > 0 && n < mi[depth])
			close_lists(depth - 1)
		if (depth == 0 || n > mi[depth]) {
			if (depth > 0)
				print ".RS"
			else if (gap)
				print ".PP"
			depth++
		}
		mi[depth] = n
		ci[depth] = n + length(marker) + 1
		reset_fonts()
		if (marker ~ /^[-*]$/)
			print ".IP \\(bu 2"
		else
			printf ".IP %s 4\n", marker
	} else if (gap) {
		while (depth > 0 && n < ci[depth])
			close_lists(depth - 1)
		para()
	}
	gap = 0
	print inline(text)
	next
}

END {
	table_flush()
	close_lists(0)
	print ".SH \"SEE ALSO\""
	print ".BR nntrace (1)"
}
