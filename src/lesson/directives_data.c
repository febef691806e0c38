/* directives_data: data, test-data, inputs, targets, one-hot, scale and
 * sample (docs/lesson-format.md, "Data").  The CSV is read after the
 * last line (datafile.c), once every column is named. */
#include "lesson/parser.h"

#include <stdlib.h>
#include <string.h>

static void mixing_error(struct parser *p, enum dir d)
{
	if (p->mix_reported)
		return;
	p->mix_reported = true;
	if (d == D_SAMPLE)
		parser_error(p, 0, "'sample' lines cannot be mixed with 'data' "
		             "(line %d)", p->line_of[D_DATA]);
	else
		parser_error(p, 0, "'data' cannot be mixed with 'sample' lines "
		             "(first on line %d)", p->s_first_line);
}

void directive_test_data(struct parser *p, enum dir d, size_t from,
                         size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "PATH (a CSV file)")) {
		p->bad[d] = true;
		return;
	}
	p->test_arg = parser_strdup(p, p->tok[0].s);
	p->test_pos = parser_pos(p, p->tok[0].off);
}

void directive_data(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "PATH (a CSV file)")) {
		p->bad[d] = true;
		return;
	}
	if (p->s_count) {
		mixing_error(p, d);
		p->bad[d] = true;
		return;
	}
	p->data_arg = parser_strdup(p, p->tok[0].s);
	p->data_pos = parser_pos(p, p->tok[0].off);
}

/* Whether the column names of the line can be taken, after an error
 * when not. */
static bool columns_ok(struct parser *p, enum dir d)
{
	if (d == D_TARGETS && p->line_of[D_ONE_HOT]) {
		parser_error(p, 0, "'targets' and 'one-hot' cannot both be given "
		             "('one-hot' on line %d)", p->line_of[D_ONE_HOT]);
		return false;
	}
	if (p->n_tok == 0) {
		parser_error(p, 0, "'%s' needs at least one column name",
		             directive_keyword(d));
		return false;
	}
	if (p->n_tok > LESSON_MAX_UNITS) {
		parser_error(p, p->tok[LESSON_MAX_UNITS].off, "'%s' names more "
		             "than %d columns", directive_keyword(d),
		             LESSON_MAX_UNITS);
		return false;
	}
	return true;
}

/* inputs and targets */
void directive_columns(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (!columns_ok(p, d)) {
		p->bad[d] = true;
		return;
	}
	struct colref *c = calloc(p->n_tok, sizeof *c);
	if (!c) {
		p->oom = true;
		return;
	}
	for (size_t i = 0; i < p->n_tok; i++) {
		c[i].name = parser_strdup(p, p->tok[i].s);
		c[i].pos = parser_pos(p, p->tok[i].off);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(p->tok[i].s, p->tok[j].s) == 0) {
				parser_error(p, p->tok[i].off, "column '%s' is named "
				             "twice", parser_show(p->tok[i].s).s);
				p->bad[d] = true;
				break;
			}
		}
	}
	if (d == D_INPUTS) {
		p->inputs = c;
		p->n_in_names = p->n_tok;
	} else {
		p->targets = c;
		p->n_tg_names = p->n_tok;
	}
}

void directive_one_hot(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (p->line_of[D_TARGETS]) {
		parser_error(p, 0, "'one-hot' and 'targets' cannot both be given "
		             "('targets' on line %d)", p->line_of[D_TARGETS]);
		p->bad[d] = true;
		return;
	}
	if (!parser_nargs(p, d, 2, 2, "COLUMN CLASSES")) {
		p->bad[d] = true;
		return;
	}
	double v;
	if (!number_whole(p, &p->tok[1], "class count", 2, LESSON_MAX_UNITS,
	                  &v)) {
		p->bad[d] = true;
		return;
	}
	p->classes = (long)v;
	p->onehot.name = parser_strdup(p, p->tok[0].s);
	p->onehot.pos = parser_pos(p, p->tok[0].off);
}

void directive_scale(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 3, 3, "COLUMN OFFSET DIVISOR"))
		return;
	for (size_t i = 0; i < p->n_scales; i++) {
		if (strcmp(p->scales[i].col, p->tok[0].s) == 0) {
			parser_error(p, 0, "duplicate 'scale %s' (first given on "
			             "line %d)", parser_show(p->tok[0].s).s,
			             p->scales[i].line);
			return;
		}
	}
	double off, div;
	if (!number_get(p, &p->tok[1], "offset", &off) ||
	    !number_get(p, &p->tok[2], "divisor", &div))
		return;
	if (div == 0) {
		parser_error(p, p->tok[2].off, "the divisor of 'scale' must not "
		                               "be 0");
		return;
	}
	struct scale_spec *s = parser_grow(p, p->scales, &p->scales_cap,
	                                   p->n_scales + 1, sizeof *s);
	if (!s)
		return;
	p->scales = s;
	s = &p->scales[p->n_scales];
	s->col = parser_strdup(p, p->tok[0].s);
	if (!s->col)
		return;
	s->offset = off;
	s->divisor = div;
	s->pos = parser_pos(p, p->tok[0].off);
	s->line = p->line;
	p->n_scales++;
}

/* `scale-all OFFSET DIVISOR`: the scale of every input column without
 * a `scale` line of its own (64 pixel columns need no 64 lines).  It is
 * turned into one scale per column when the data are read
 * (datafile.c), so views see it as they see `scale`. */
void directive_scale_all(struct parser *p, enum dir d, size_t from,
                         size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 2, 2, "OFFSET DIVISOR"))
		return;
	double off, div;
	if (!number_get(p, &p->tok[0], "offset", &off) ||
	    !number_get(p, &p->tok[1], "divisor", &div))
		return;
	if (div == 0) {
		parser_error(p, p->tok[1].off, "the divisor of 'scale-all' must "
		                               "not be 0");
		return;
	}
	p->scale_all.offset = off;
	p->scale_all.divisor = div;
	p->scale_all.pos = parser_pos(p, p->tok[0].off);
	p->scale_all.line = p->line;
}

/* `image ROWS COLS`: the inputs are a picture, row by row.  Whether
 * ROWS x COLS is the number of inputs is checked once the data are read
 * (checks.c). */
void directive_image(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 2, 2, "ROWS COLS"))
		return;
	double r, c;
	if (!number_whole(p, &p->tok[0], "image rows", 1, LESSON_MAX_UNITS,
	                  &r) ||
	    !number_whole(p, &p->tok[1], "image columns", 1, LESSON_MAX_UNITS,
	                  &c)) {
		p->bad[d] = true;
		return;
	}
	p->l->image_rows = (size_t)r;
	p->l->image_cols = (size_t)c;
	p->image_pos = parser_pos(p, p->tok[0].off);
}

/* Where the '->' of a sample line is (p->n_tok when there is none), or
 * -1 after an error about it. */
static long sample_arrow(struct parser *p)
{
	size_t arrow = p->n_tok;
	for (size_t i = 0; i < p->n_tok; i++) {
		if (strcmp(p->tok[i].s, "->") == 0) {
			if (arrow < p->n_tok) {
				parser_error(p, p->tok[i].off, "a second '->'");
				return -1;
			}
			arrow = i;
		}
	}
	if (arrow == p->n_tok) {
		parser_error(p, 0, "'sample' needs '->' between the inputs and "
		             "the targets, e.g. 'sample 0 1 -> 1'");
		return -1;
	}
	return (long)arrow;
}

/* Whether a sample of ni inputs and no targets fits the first one. */
static bool sample_shape_ok(struct parser *p, size_t arrow, size_t ni,
                            size_t no)
{
	if (ni == 0 || no == 0) {
		parser_error(p, ni == 0 ? 0 : p->tok[arrow].off,
		             "'sample' needs at least one %s %s '->'",
		             ni == 0 ? "input" : "target",
		             ni == 0 ? "before" : "after");
		return false;
	}
	if (ni > LESSON_MAX_UNITS || no > LESSON_MAX_UNITS) {
		parser_error(p, 0, "a sample has at most %d inputs and %d "
		             "targets", LESSON_MAX_UNITS, LESSON_MAX_UNITS);
		return false;
	}
	if (p->s_count && (ni != p->s_ni || no != p->s_no)) {
		parser_error(p, 0, "this sample has %zu input%s and %zu target%s, "
		             "but the first one (line %d) has %zu and %zu",
		             ni, ni == 1 ? "" : "s", no, no == 1 ? "" : "s",
		             p->s_first_line, p->s_ni, p->s_no);
		return false;
	}
	return true;
}

void directive_sample(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (p->line_of[D_DATA]) {
		mixing_error(p, d);
		return;
	}
	long found = sample_arrow(p);
	if (found < 0)
		return;
	size_t arrow = (size_t)found;
	size_t ni = arrow, no = p->n_tok - arrow - 1;
	if (!sample_shape_ok(p, arrow, ni, no))
		return;
	double *x = parser_grow(p, p->sx, &p->sx_cap, p->sx_n + ni, sizeof *x);
	if (!x)
		return;
	p->sx = x;
	double *y = parser_grow(p, p->sy, &p->sy_cap, p->sy_n + no, sizeof *y);
	if (!y)
		return;
	p->sy = y;
	for (size_t i = 0; i < p->n_tok; i++) {
		if (i == arrow)
			continue;
		double v;
		if (!number_get(p, &p->tok[i], "sample value", &v))
			return;
		if (i < arrow)
			x[p->sx_n + i] = v;
		else
			y[p->sy_n + i - arrow - 1] = v;
	}
	if (!p->s_count) {
		p->s_ni = ni;
		p->s_no = no;
		p->s_first_line = p->line;
	}
	p->sx_n += ni;
	p->sy_n += no;
	p->s_count++;
}
