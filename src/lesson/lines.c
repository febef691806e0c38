/* lines: one physical line of a lesson -- its bytes checked, its words
 * and comment found, and an indented line handed to what it continues
 * (free text here, a literal in literal.c). */
#include "lesson/parser.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/utf8.h"

/* =====================================================================
 * Bytes
 * ===================================================================== */

/* How many bytes the sequence led by byte c claims (2 to 4), or 0 when c
 * leads none: it tells a cut-short sequence from an overlong one. */
static size_t claimed_length(unsigned char c)
{
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 0;
}

/* Why utf8_decode refused the bytes at s[0..len). */
static void explain_invalid(const unsigned char *s, size_t len, char *msg,
                           size_t cap)
{
	size_t k = claimed_length(s[0]);
	if (!k) {
		snprintf(msg, cap, "invalid UTF-8 byte 0x%02X", s[0]);
		return;
	}
	for (size_t j = 1; j < k; j++) {
		if (j >= len || !utf8_continues(s[j])) {
			snprintf(msg, cap, "invalid UTF-8: byte 0x%02X starts a "
			         "sequence that is cut short", s[0]);
			return;
		}
	}
	snprintf(msg, cap, "invalid UTF-8 byte 0x%02X (an overlong or "
	         "out-of-range sequence)", s[0]);
}

/* Finds the first byte that is not allowed in a lesson: invalid UTF-8,
 * NUL, a control character other than tab (they would reach the
 * terminal), or a character that hides or reorders text (a bidirectional
 * control, a zero-width character, a byte-order mark past the start, a
 * line separator: core/sanitize.h).  Returns its offset and a message, or
 * len when all is well. */
static size_t bad_byte(const char *s, size_t len, char *msg, size_t cap)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 0x20 && c < 0x7F) || c == '\t') {
			i++; /* printable ASCII, most of a lesson: no decoding */
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			explain_invalid((const unsigned char *)s + i, len - i, msg,
			                cap);
			return i;
		}
		if (cp == 0) {
			snprintf(msg, cap, "NUL byte (a lesson is UTF-8 text)");
			return i;
		}
		if (cp == '\r') {
			snprintf(msg, cap, "carriage return in the middle of a "
			                   "line");
			return i;
		}
		enum sanitize_class k = sanitize_class(cp);
		if (k == SANITIZE_CONTROL) {
			snprintf(msg, cap, "control character U+%04X is not "
			                   "allowed", (unsigned)cp);
			return i;
		}
		if (k != SANITIZE_OK) {
			snprintf(msg, cap, "%s U+%04X is not allowed (%s)",
			         sanitize_what(k), (unsigned)cp, sanitize_why(k));
			return i;
		}
		i += n;
	}
	return len;
}

/* =====================================================================
 * Words and comments
 * ===================================================================== */

void line_tokenize(struct parser *p, size_t from, size_t end)
{
	p->n_tok = 0;
	size_t i = from;
	while (i < end) {
		while (i < end && is_blank(p->ln[i]))
			i++;
		if (i >= end)
			break;
		size_t s = i;
		while (i < end && !is_blank(p->ln[i]))
			i++;
		struct tok *t = parser_grow(p, p->tok, &p->tok_cap,
		                            p->n_tok + 1, sizeof *t);
		if (!t)
			return;
		p->tok = t;
		p->tok[p->n_tok].s = p->ln + s;
		p->tok[p->n_tok].off = s;
		p->n_tok++;
		p->ln[i] = '\0'; /* a blank or the end: nothing is lost */
		i++;
	}
}

size_t line_strip_comment(struct parser *p, size_t from, size_t end)
{
	for (size_t i = from; i < end; i++) {
		if (p->ln[i] == '#' && i > 0 && is_blank(p->ln[i - 1])) {
			end = i;
			break;
		}
	}
	while (end > from && is_blank(p->ln[end - 1]))
		end--;
	return end;
}

size_t line_skip_blanks(struct parser *p, size_t i, size_t end)
{
	while (i < end && is_blank(p->ln[i]))
		i++;
	return i;
}

/* =====================================================================
 * Free text over several lines
 * ===================================================================== */

void line_start_text(struct parser *p, enum dir d, enum text_dst dst,
                     size_t idx, const char *text)
{
	p->cont = CONT_TEXT;
	p->text_dir = d;
	p->text_dst = dst;
	p->text_idx = idx;
	p->text_pos = parser_pos(p, 0);
	p->text.len = 0;
	if (p->text.s)
		p->text.s[0] = '\0';
	sbuf_add(p, &p->text, text, strlen(text));
}

/* A continuation line: one space before it, or a paragraph break for a
 * line that is only ".". */
static void text_more(struct parser *p, const char *s, size_t n)
{
	if (n == 1 && s[0] == '.') {
		if (p->text.len)
			sbuf_add(p, &p->text, "\n", 1);
		return;
	}
	if (p->text.len && p->text.s[p->text.len - 1] != '\n')
		sbuf_add(p, &p->text, " ", 1);
	sbuf_add(p, &p->text, s, n);
}

static void text_finish(struct parser *p)
{
	struct lesson *l = p->l;
	while (p->text.len && p->text.s[p->text.len - 1] == '\n')
		p->text.s[--p->text.len] = '\0';
	if (!p->text.len) {
		parser_error_at(p, p->text_pos, "'%s' needs some text%s",
		                directive_keyword(p->text_dir),
		                p->text_dir == D_SAY || p->text_dir == D_PREDICT ||
		                p->text_dir == D_EXERCISE ?
		                        " after the ':'" : "");
	}
	char *s = sbuf_take(p, &p->text);
	switch (p->text_dst) {
	case TD_DESCRIPTION:
		l->description = s;
		break;
	case TD_CUE_TEXT:
		l->cues[p->text_idx].text = s;
		break;
	case TD_CUE_HINT:
		l->cues[p->text_idx].hint = s;
		break;
	}
}

void line_end_continuation(struct parser *p)
{
	if (p->cont == CONT_TEXT)
		text_finish(p);
	else if (p->cont == CONT_LITERAL)
		literal_unfinished(p);
	p->cont = CONT_NONE;
}

/* =====================================================================
 * One line
 * ===================================================================== */

static void continuation(struct parser *p, size_t first)
{
	size_t end = p->ln_len;
	switch (p->cont) {
	case CONT_NONE:
		parser_error(p, first, "indented line continues nothing");
		break;
	case CONT_SKIP:
		break;
	case CONT_TEXT:
		while (end > first && is_blank(p->ln[end - 1]))
			end--;
		text_more(p, p->ln + first, end - first);
		break;
	case CONT_LITERAL:
		literal_feed(p, first, line_strip_comment(p, first, end));
		break;
	}
}

void line_read(struct parser *p, const char *s, size_t n)
{
	char msg[192];
	char *t = parser_grow(p, p->ln, &p->ln_cap, n + 1, 1);
	if (!t)
		return;
	p->ln = t;
	memcpy(p->ln, s, n);
	p->ln[n] = '\0';
	p->ln_len = n;
	column_start(&p->cc, p->ln, n);

	size_t bad = bad_byte(s, n, msg, sizeof msg);
	if (bad < n) {
		parser_error(p, bad, "%s", msg);
		p->skipped = true;
		return;
	}
	/* A tab is a blank between words everywhere, and in free text
	 * (title, say, ...) one space: the text is wrapped and its lines
	 * joined, so no tab stop is left to align to, and a terminal would
	 * push the rest of the line off screen. */
	for (char *tab = memchr(p->ln, '\t', n); tab;
	     tab = memchr(tab + 1, '\t', n - (size_t)(tab + 1 - p->ln)))
		*tab = ' ';
	size_t first = line_skip_blanks(p, 0, n);
	if (first == n || p->ln[first] == '#')
		return; /* blank lines and comments leave a continuation open */
	if (first > 0) {
		continuation(p, first);
		return;
	}
	line_end_continuation(p);
	directive_read(p);
}
