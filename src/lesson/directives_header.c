/* directives_header: title, source, description, precision and handout
 * (docs/lesson-format.md, "Header"). */
#include "lesson/parser.h"

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

/* One item of a handout list at [a, b) of the line: an iteration, a
 * range or "all" (*all set).  False after an error. */
static bool handout_item(struct parser *p, size_t a, size_t b, bool *all)
{
	p->ln[b] = '\0';
	struct tok t = {p->ln + a, a};
	long x, y;
	if (strcspn(t.s, " \t") < b - a) {
		parser_error(p, a, "'%s' is not one iteration (separate them "
		                   "with ',')", parser_show(t.s).s);
		return false;
	}
	if (strcmp(t.s, "all") == 0) {
		*all = true;
		return true;
	}
	if (strchr(t.s + 1, '-'))
		return number_iteration_range(p, &t, &x, &y);
	return number_iteration(p, &t, &x);
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
		ok = handout_item(p, a, b, &all);
		if (ok) {
			if (n_items)
				sbuf_add(p, &out, ",", 1);
			sbuf_add(p, &out, p->ln + a, b - a);
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
		free(out.s);
		return;
	}
	free(p->l->handout);
	p->l->handout = sbuf_take(p, &out);
}
