/* literal: the matrix of `weights` and the vector of `biases`, read
 * token by token across indented lines: [[1, 2], [3, 4]], [1, 2]. */
#include "lesson/parser.h"

#include <stdlib.h>
#include <string.h>

/* An example literal for the messages. */
static const char *example(enum dir what)
{
	return what == D_WEIGHTS ? "[[1, 2], [3, 4]]" : "[1, 2]";
}

/* Gives up on the literal: its indented lines are skipped. */
static void literal_fail(struct parser *p)
{
	struct layer_extra *lx = &p->lx[p->lit.layer];
	if (p->lit.what == D_WEIGHTS)
		lx->w_bad = true;
	else
		lx->b_bad = true;
	free(p->lit.v);
	p->lit.v = NULL;
	p->cont = CONT_SKIP;
}

/* Stores a finished literal in its layer. */
static void literal_store(struct parser *p)
{
	struct literal *lit = &p->lit;
	struct layer_spec *ls = &p->l->layers[lit->layer];
	struct layer_extra *lx = &p->lx[lit->layer];
	p->cont = CONT_NONE;
	if (lit->what == D_WEIGHTS) {
		if (lit->dims != 2) {
			parser_error_at(p, lit->open,
			                "'weights' needs a 2-D literal, one inner "
			                "[...] per row, e.g. [[1, 2], [3, 4]]");
			literal_fail(p);
			p->cont = CONT_NONE;
			return;
		}
		ls->given_w = lit->v;
		lx->w_rows = lit->rows;
		lx->w_cols = lit->cols;
		lx->w_pos = lit->open;
	} else {
		size_t n = lit->n;
		if (lit->dims == 2 && lit->rows != 1 && lit->cols != 1) {
			parser_error_at(p, lit->open,
			                "'biases' needs one value per unit, e.g. "
			                "[1, 2, 3], not a %zux%zu matrix",
			                lit->rows, lit->cols);
			literal_fail(p);
			p->cont = CONT_NONE;
			return;
		}
		ls->given_b = lit->v;
		lx->n_b = n;
		lx->b_pos = lit->open;
	}
	lit->v = NULL;
	ls->init = INIT_GIVEN;
}

/* '[' at byte i: the literal, or one of its rows, opens. */
static bool open_bracket(struct parser *p, size_t i)
{
	struct literal *lit = &p->lit;
	if (lit->depth == 0) {
		lit->open = parser_pos(p, i);
		lit->started = true;
	} else if (lit->depth == 1) {
		if (lit->dims == 1) {
			parser_error(p, i, "unexpected '[' among numbers");
			return false;
		}
		lit->dims = 2;
		lit->row_len = 0;
		lit->row_open = parser_pos(p, i);
	} else {
		parser_error(p, i, "unexpected '[': a literal has at most 2 "
		                   "dimensions");
		return false;
	}
	lit->depth++;
	lit->after_value = false;
	return true;
}

/* A row's ']': every row as long as the first. */
static bool close_row(struct parser *p, size_t i)
{
	struct literal *lit = &p->lit;
	if (lit->row_len == 0) {
		parser_error(p, i, "empty row '[]'");
		return false;
	}
	if (lit->rows == 0) {
		lit->cols = lit->row_len;
	} else if (lit->row_len != lit->cols) {
		parser_error_at(p, lit->row_open,
		                "row %zu has %zu value%s but row 1 has %zu",
		                lit->rows + 1, lit->row_len,
		                lit->row_len == 1 ? "" : "s", lit->cols);
		return false;
	}
	lit->rows++;
	return true;
}

/* ']' at byte i: a row, or the literal, closes. */
static bool close_bracket(struct parser *p, size_t i)
{
	struct literal *lit = &p->lit;
	if (lit->depth == 0) {
		parser_error(p, i, "unexpected ']'");
		return false;
	}
	if (lit->depth == 2) {
		if (!close_row(p, i))
			return false;
	} else {
		if (lit->dims == 0) {
			parser_error(p, i, "empty literal '[]'");
			return false;
		}
		if (lit->dims == 1) {
			lit->rows = 1;
			lit->cols = lit->n;
		}
		lit->done = true;
	}
	lit->depth--;
	lit->after_value = true;
	return true;
}

/* A number starting at byte s; *i moves past it. */
static bool value(struct parser *p, size_t s, size_t end, size_t *i)
{
	struct literal *lit = &p->lit;
	char *ln = p->ln;
	size_t e = s;
	while (e < end && !is_blank(ln[e]) && ln[e] != ',' && ln[e] != '[' &&
	       ln[e] != ']')
		e++;
	*i = e;
	char save = ln[e];
	ln[e] = '\0';
	struct tok t = {ln + s, s};
	if (lit->depth == 0) {
		parser_error(p, s, "'%s' needs a literal such as %s, not '%s'",
		             directive_keyword(lit->what), example(lit->what),
		             parser_show(t.s).s);
		return false;
	}
	if (lit->depth == 1 && lit->dims == 2) {
		parser_error(p, s, "expected '[' to start a row, not '%s'",
		             parser_show(t.s).s);
		return false;
	}
	double v;
	if (!number_get(p, &t, "value", &v))
		return false;
	ln[e] = save;
	if (lit->depth == 1)
		lit->dims = 1;
	double *nv = parser_grow(p, lit->v, &lit->cap, lit->n + 1, sizeof *nv);
	if (!nv)
		return false;
	lit->v = nv;
	lit->v[lit->n++] = v;
	lit->row_len++;
	lit->after_value = true;
	return true;
}

/* Anything after the closing ']' at byte s. */
static void trailing(struct parser *p, size_t s, size_t end)
{
	size_t i = s;
	while (i < end && !is_blank(p->ln[i]))
		i++;
	p->ln[i] = '\0';
	parser_error(p, s, "unexpected '%s' after the literal",
	             parser_show(p->ln + s).s);
}

void literal_feed(struct parser *p, size_t from, size_t end)
{
	struct literal *lit = &p->lit;
	size_t i = from;
	while (i < end) {
		char c = p->ln[i];
		bool ok = true;
		if (is_blank(c)) {
			i++;
			continue;
		}
		if (lit->done) {
			trailing(p, i, end);
			ok = false;
		} else if (c == '[') {
			ok = open_bracket(p, i++);
		} else if (c == ']') {
			ok = close_bracket(p, i++);
		} else if (c == ',') {
			if (!lit->after_value)
				parser_error(p, i, "unexpected ','");
			ok = lit->after_value;
			lit->after_value = false;
			i++;
		} else {
			ok = value(p, i, end, &i);
		}
		if (!ok) {
			literal_fail(p);
			return;
		}
	}
	if (lit->done && p->cont == CONT_LITERAL)
		literal_store(p);
}

void literal_start(struct parser *p, enum dir d, int k, size_t from,
                   size_t end)
{
	struct literal *lit = &p->lit;
	free(lit->v);
	memset(lit, 0, sizeof *lit);
	lit->what = d;
	lit->layer = k;
	lit->kw = parser_pos(p, 0);
	p->cont = CONT_LITERAL;
	literal_feed(p, from, end);
}

void literal_unfinished(struct parser *p)
{
	struct literal *lit = &p->lit;
	if (!lit->started)
		parser_error_at(p, lit->kw, "'%s' needs a literal such as %s",
		                directive_keyword(lit->what), example(lit->what));
	else
		parser_error_at(p, lit->open,
		                "unterminated %s literal: %d ']' missing (the "
		                "lines it goes on over must be indented)",
		                lit->dims == 1 || lit->what == D_BIASES ?
		                        "vector" : "matrix",
		                lit->depth);
	literal_fail(p);
}
