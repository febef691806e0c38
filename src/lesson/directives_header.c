/* directives_header: title, source, description, precision and handout
 * (docs/lesson-format.md, "Header"). */
#include "lesson/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* title and source */
void directive_title(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)end;
	const char *text = p->ln + from;
	if (!text[0]) {
		parser_error(p, 0, "'%s' needs some text", directive_keyword(d));
		p->bad[d] = true;
		return;
	}
	char *s = parser_strdup(p, text);
	if (d == D_TITLE)
		p->l->title = s;
	else
		p->l->source = s;
}

void directive_description(struct parser *p, enum dir d, size_t from,
                           size_t end)
{
	(void)end;
	line_start_text(p, d, TD_DESCRIPTION, 0, p->ln + from);
}

void directive_precision(struct parser *p, enum dir d, size_t from,
                         size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "N"))
		return;
	double v;
	if (number_whole(p, &p->tok[0], "precision", 0, 17, &v))
		p->l->precision = (int)v;
}

/* One item of a handout list at [a, b) of the line into *it: an
 * iteration, a range or "all" (*all set).  False after an error. */
static bool handout_item(struct parser *p, size_t a, size_t b, bool *all,
                         struct handout_item *it)
{
	p->ln[b] = '\0';
	struct tok t = {p->ln + a, a};
	it->pos = parser_pos(p, a);
	if (strcspn(t.s, " \t") < b - a) {
		parser_error(p, a, "'%s' is not one iteration (separate them "
		                   "with ',')", parser_show(t.s).s);
		return false;
	}
	if (strcmp(t.s, "all") == 0) {
		*all = true;
		*it = (struct handout_item){0, ITER_LAST, it->pos};
		return true;
	}
	if (strchr(t.s + 1, '-'))
		return number_iteration_range(p, &t, &it->from, &it->to);
	if (!number_iteration(p, &t, &it->from))
		return false;
	it->to = it->from;
	return true;
}

/* An iteration as `dump --iterations` reads it: plain digits or
 * "last", whatever the lesson wrote ("1e2", "+5", "7.0"). */
static void add_bound(struct parser *p, struct sbuf *out, long v)
{
	char num[24];
	int n = v == ITER_LAST ? snprintf(num, sizeof num, "last")
	                       : snprintf(num, sizeof num, "%ld", v);
	sbuf_add(p, out, num, (size_t)n);
}

/* The list in the words of `dump --iterations`, so that the handout
 * reads the lesson's list as `check` did. */
static void add_item(struct parser *p, struct sbuf *out,
                     const struct handout_item *it, bool all)
{
	if (all) {
		sbuf_add(p, out, "all", 3);
		return;
	}
	add_bound(p, out, it->from);
	if (it->to != it->from) {
		sbuf_add(p, out, "-", 1);
		add_bound(p, out, it->to);
	}
}

void directive_handout(struct parser *p, enum dir d, size_t from, size_t end)
{
	if (from >= end) {
		parser_error(p, 0, "'handout' needs a list of iterations, e.g. "
		                   "'0,1,last'");
		p->bad[d] = true;
		return;
	}
	struct sbuf out = {0};
	bool ok = true, all = false;
	size_t n_items = 0, i = from;
	struct src_pos pos = parser_pos(p, from);
	while (ok && i <= end) {
		size_t j = i;
		while (j < end && p->ln[j] != ',')
			j++;
		size_t a = line_skip_blanks(p, i, j), b = j;
		while (b > a && is_blank(p->ln[b - 1]))
			b--;
		if (a == b) {
			parser_error(p, i < end ? i : end, "empty item in the "
			                                   "'handout' list");
			ok = false;
			break;
		}
		struct handout_item it;
		bool was_all = all;
		ok = handout_item(p, a, b, &all, &it);
		struct handout_item *v = ok ? parser_grow(p, p->handout,
		                                          &p->handout_cap,
		                                          p->n_handout + 1,
		                                          sizeof *v)
		                            : NULL;
		if (v) {
			p->handout = v;
			v[p->n_handout++] = it;
			if (n_items)
				sbuf_add(p, &out, ",", 1);
			add_item(p, &out, &it, all && !was_all);
		}
		n_items++;
		i = j + 1;
	}
	if (ok && all && n_items > 1) {
		parser_error(p, from, "'all' cannot be mixed with other "
		                      "iterations in 'handout'");
		ok = false;
	}
	if (!ok) {
		p->bad[d] = true;
		p->n_handout = 0;
		free(out.s);
		return;
	}
	free(p->l->handout);
	p->l->handout = sbuf_take(p, &out);
	p->l->handout_pos = pos;
}
