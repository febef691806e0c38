/* parser: the services every file of the lesson parser uses -- memory
 * that records its own failure, positions and error messages, and the
 * checks of a directive's words (how many, which of a list). */
#include "lesson/parser.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"

const char *const parser_yes_no[2] = {"yes", "no"};

/* =====================================================================
 * Memory
 * ===================================================================== */

char *parser_strdup(struct parser *p, const char *s)
{
	char *r = strdup(s);
	if (!r)
		p->oom = true;
	return r;
}

char *parser_strndup(struct parser *p, const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r) {
		p->oom = true;
		return NULL;
	}
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

void *parser_grow(struct parser *p, void *arr, size_t *cap, size_t need,
                  size_t size)
{
	void *t = grow(arr, cap, need, size, 8);
	if (!t && need > *cap) /* not a NULL array that needs nothing */
		p->oom = true;
	return t;
}

void sbuf_add(struct parser *p, struct sbuf *b, const char *s, size_t n)
{
	char *t = parser_grow(p, b->s, &b->cap, b->len + n + 1, 1);
	if (!t)
		return;
	b->s = t;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

char *sbuf_take(struct parser *p, struct sbuf *b)
{
	char *s = b->s ? b->s : parser_strdup(p, "");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* =====================================================================
 * Positions and errors
 * ===================================================================== */

struct shown parser_show(const char *s)
{
	struct shown r;
	size_t n = strlen(s);
	if (n <= SHOW_MAX) {
		memcpy(r.s, s, n + 1);
		return r;
	}
	n = utf8_cut(s, SHOW_MAX);
	memcpy(r.s, s, n);
	memcpy(r.s + n, "...", 4);
	return r;
}

int parser_column(struct parser *p, size_t off)
{
	return column_of(&p->cc, off);
}

struct src_pos parser_pos(struct parser *p, size_t off)
{
	struct src_pos pos = {p->line, parser_column(p, off)};
	return pos;
}

static void verror(struct parser *p, int line, int col, int code,
                   const char *fmt, va_list ap)
{
	p->failed = true;
	p->errors++;
	/* Past the cap diags_add only counts: skip the formatting, so a
	 * file of nothing but errors stays fast. */
	if (p->d->n >= DIAGS_MAX) {
		p->d->dropped++;
		return;
	}
	char msg[DIAG_MSG_MAX];
	vsnprintf(msg, sizeof msg, fmt, ap);
	diags_add(p->d, p->file, line, col, code, "%s", msg);
}

void parser_error(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(p, p->line, parser_column(p, off), EXIT_DATAERR, fmt, ap);
	va_end(ap);
}

void parser_error_at(struct parser *p, struct src_pos pos, const char *fmt,
                     ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(p, pos.line, pos.col, EXIT_DATAERR, fmt, ap);
	va_end(ap);
}

void parser_error_code_at(struct parser *p, struct src_pos pos, int code,
                          const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(p, pos.line, pos.col, code, fmt, ap);
	va_end(ap);
}

/* =====================================================================
 * Words
 * ===================================================================== */

const char *parser_closest(const char *w, const char *const *names,
                           size_t n)
{
	struct diags_closest c = DIAGS_CLOSEST_INIT;
	for (size_t i = 0; i < n; i++)
		diags_closest_offer(&c, w, names[i]);
	return c.best;
}

/* "a, b or c" into buf. */
static void list_words(char *buf, size_t cap, const char *const *names,
                       size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int k = snprintf(buf + o, cap - o, "%s%s", sep, names[i]);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

int parser_pick(struct parser *p, const struct tok *t, const char *what,
                const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t->s, names[i]) == 0)
			return (int)i;
	if (p->d->n >= DIAGS_MAX) {
		parser_error(p, t->off, "dropped"); /* counted, never shown */
		return -1;
	}
	const char *best = parser_closest(t->s, names, n);
	if (best) {
		parser_error(p, t->off, "unknown %s '%s' (did you mean '%s'?)",
		             what, parser_show(t->s).s, best);
	} else {
		char list[256];
		list_words(list, sizeof list, names, n);
		parser_error(p, t->off, "unknown %s '%s' (expected %s)", what,
		             parser_show(t->s).s, list);
	}
	return -1;
}

bool parser_nargs(struct parser *p, enum dir d, size_t lo, size_t hi,
                  const char *usage)
{
	if (p->n_tok < lo) {
		parser_error(p, 0, "'%s' needs %s", directive_keyword(d), usage);
		return false;
	}
	if (p->n_tok > hi) {
		parser_error(p, p->tok[hi].off, "unexpected '%s': '%s' takes %s",
		             parser_show(p->tok[hi].s).s, directive_keyword(d),
		             usage);
		return false;
	}
	return true;
}

int parser_word(struct parser *p, enum dir d, const char *what,
                const char *const *names, size_t n, const char *usage)
{
	if (!parser_nargs(p, d, 1, 1, usage)) {
		p->bad[d] = true;
		return -1;
	}
	int k = parser_pick(p, &p->tok[0], what, names, n);
	if (k < 0)
		p->bad[d] = true;
	return k;
}

struct layer_spec *parser_layer(struct parser *p, enum dir d,
                                struct layer_extra **lx)
{
	if (p->too_many_layers)
		return NULL;
	if (p->l->n_layers == 0) {
		parser_error(p, 0, "'%s' needs a 'layer' line before it",
		             directive_keyword(d));
		return NULL;
	}
	*lx = &p->lx[p->l->n_layers - 1];
	return &p->l->layers[p->l->n_layers - 1];
}
