#include "dump/wrap.h"

#include <string.h>

#include "core/utf8.h"

/* Break candidates considered when wrapping one formula. */
#define MAX_BREAKS 512

/* =====================================================================
 * Prose
 * ===================================================================== */

static size_t word_cols(const char *s, size_t n, const struct wrap_escape *esc)
{
	return esc ? esc->cols(s, n) : utf8_count(s, n);
}

static void put_word(struct writer *w, const char *s, size_t n,
                     const struct wrap_escape *esc, bool line_start)
{
	if (esc)
		esc->put(w, s, n, line_start);
	else
		writer_put(w, s, n);
}

/* Starts a new line indented by `hang`, after a blank line when `blank`;
 * returns its column. */
static size_t new_line(struct writer *w, size_t hang, bool blank)
{
	writer_str(w, blank ? "\n\n" : "\n");
	writer_spaces(w, hang);
	return hang;
}

void wrap_words(struct writer *w, size_t width, const char *lead,
                size_t hang, const char *text, const struct wrap_escape *esc)
{
	size_t col = utf8_count(lead, strlen(lead));
	writer_str(w, lead);
	bool line_empty = true;
	bool first_line = true;
	const char *p = text;
	while (*p) {
		/* Paragraph break: a newline, with any blanks and further
		 * newlines after it. */
		if (*p == '\n') {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (*q && !line_empty) {
				col = new_line(w, hang, true);
				line_empty = true;
				first_line = false;
			}
			p = q;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " \n\t");
		size_t wc = word_cols(p, n, esc);
		if (!line_empty && col + 1 + wc > width) {
			col = new_line(w, hang, false);
			line_empty = true;
			first_line = false;
		}
		if (!line_empty) {
			writer_put(w, " ", 1);
			col++;
		}
		put_word(w, p, n, esc, line_empty && (!first_line || !*lead));
		col += wc;
		line_empty = false;
		p += n;
	}
	writer_str(w, "\n");
}

/* =====================================================================
 * Formulas
 * ===================================================================== */

struct brk {
	size_t at;   /* byte where the line ends */
	size_t skip; /* bytes dropped before the next line (the space) */
	size_t col;  /* column of `at` from the start of the text */
	int prio;    /* 4: " + " or " = " outside brackets; 3: one bracket
	                deep, or after ", "; 2: deeper, or before " ? "; 1:
	                other operators */
};

/* How good a place to break a sum or list `depth` brackets deep is. */
static int sum_prio(int depth)
{
	return depth == 0 ? 4 : depth == 1 ? 3 : 2;
}

/* Length of a binary operator followed by a space at s ("+ ", "× "), or
 * 0: the places a formula may break. */
static size_t operator_at(const char *s, size_t n)
{
	/* Tested byte by byte: this runs at every space of every long
	 * formula, and a table of strings with strlen and memcmp per entry
	 * was a tenth of a handout's time.  The operators are + = - * /,
	 * the comparison and choice of a step's slope (> < ? :), "×" (C3 97)
	 * and "−" (E2 88 92). */
	size_t m;
	if (n < 2) /* room for no operator and its space */
		return 0;
	switch ((unsigned char)s[0]) {
	case '+': case '=': case '-': case '*': case '/':
	case '>': case '<': case '?': case ':':
		m = 1;
		break;
	case 0xC3:
		m = n > 1 && (unsigned char)s[1] == 0x97 ? 2 : 0;
		break;
	case 0xE2:
		m = n > 2 && (unsigned char)s[1] == 0x88 &&
		    (unsigned char)s[2] == 0x92 ? 3 : 0;
		break;
	default:
		m = 0;
		break;
	}
	return m && m < n && s[m] == ' ' ? m : 0;
}

/* The places s[0..len) may break after byte `body`, in b (MAX_BREAKS);
 * returns how many. */
static size_t find_breaks(const char *s, size_t len, size_t body,
                          struct brk *b)
{
	/* The bytes that matter to the scan: brackets, spaces and commas.
	 * The others (mostly digits) are skipped by a table look-up, and
	 * the column of a break is counted only when one is found. */
	static const unsigned char special[256] = {
		['('] = 1, ['['] = 1, [')'] = 1, [']'] = 1,
		[' '] = 1, [','] = 1};
	size_t nb = 0, col = 0, col_at = 0; /* col is the column of col_at */
	int depth = 0;
	for (size_t i = 0; i < len && nb < MAX_BREAKS; i++) {
		while (i < len && !special[(unsigned char)s[i]])
			i++;
		if (i >= len)
			break;
		char c = s[i];
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		if (i < body)
			continue;
		size_t op = c == ' ' ? operator_at(s + i + 1, len - i - 1) : 0;
		if (op) {
			bool sum = op == 1 && (s[i + 1] == '+' || s[i + 1] == '=');
			col += utf8_count(s + col_at, i - col_at);
			col_at = i;
			/* "x > 0 ? 1 : 0" reads best cut before its '?' */
			int prio = sum ? sum_prio(depth) :
			           s[i + 1] == '?' ? 2 : 1;
			b[nb++] = (struct brk){i, 1, col, prio};
		} else if (c == ',' && i + 1 < len && s[i + 1] == ' ') {
			col += utf8_count(s + col_at, i - col_at);
			col_at = i;
			b[nb++] = (struct brk){i + 1, 1, col + 1,
			                       sum_prio(depth > 0 ? depth : 1)};
		}
	}
	return nb;
}

/* Where the line that starts at column start_col (after `indent` spaces)
 * ends: the farthest break from b[k] on that fits among the best kinds,
 * unless it leaves the line less than half full, then a lesser kind
 * farther on; b[k] itself when none fits (the line runs long); -1 when
 * no break is left. */
static long pick_break(const struct brk *b, size_t nb, size_t k,
                       size_t start_col, size_t indent, size_t width)
{
	for (int prio = 4; prio >= 1; prio--) {
		long far = -1;
		for (size_t j = k; j < nb; j++) {
			if (b[j].col - start_col + indent > width)
				break;
			if (b[j].prio >= prio)
				far = (long)j;
		}
		if (far >= 0 &&
		    (prio == 1 || 2 * (b[far].col - start_col + indent) >= width))
			return far;
	}
	return k < nb ? (long)k : -1;
}

void wrap_formula(struct writer *w, size_t width, const char *s, size_t len,
                  size_t body)
{
	size_t total = utf8_count(s, len);
	if (total <= width) {
		writer_put(w, s, len);
		writer_put(w, "\n", 1);
		return;
	}
	struct brk b[MAX_BREAKS];
	size_t nb = find_breaks(s, len, body, b);
	size_t body_cols = utf8_count(s, body);
	size_t hang = body_cols <= width / 3 ? body_cols : 4;
	size_t start = 0, start_col = 0, indent = 0, k = 0;
	if ((nb == 0 || b[0].col > width) && body >= 3 &&
	    memcmp(s + body - 3, " = ", 3) == 0) {
		/* Not even the name and the formula's first piece fit: the
		 * name stands alone, the formula goes on below it. */
		writer_put(w, s, body - 3);
		writer_put(w, "\n", 1);
		start = body - 2;
		start_col = body_cols - 2;
		/* Under a long name (a1[999,2], the last cells a handout
		 * shows) a piece that fits no hang as deep as the name's goes
		 * in by 4. */
		size_t first = total;
		for (size_t j = 0; j < nb; j++)
			if (b[j].at > start) {
				first = b[j].col;
				break;
			}
		if (first - start_col + hang > width)
			hang = 4;
		indent = hang;
	}
	while (total - start_col + indent > width) {
		while (k < nb && b[k].at <= start)
			k++;
		long pick = pick_break(b, nb, k, start_col, indent, width);
		if (pick < 0)
			break;
		const struct brk *x = &b[pick];
		writer_spaces(w, indent);
		writer_put(w, s + start, x->at - start);
		writer_put(w, "\n", 1);
		start = x->at + x->skip;
		start_col = x->col + x->skip;
		indent = hang;
		k = (size_t)pick + 1;
	}
	writer_spaces(w, indent);
	writer_put(w, s + start, len - start);
	writer_put(w, "\n", 1);
}
