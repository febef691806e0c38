#include "tui/panes/op_pane.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/formula.h"
#include "tui/panes/draw.h"
#include "tui/panes/layout.h"
#include "tui/panes/plans.h"
#include "tui/panes/text.h"

#define CALC_MAX 8192

void op_pane_hide_result(char *calc, size_t cap)
{
	/* The question is what comes after the last "=". */
	char *eq = strrchr(calc, '=');
	if (eq)
		snprintf(eq, cap - (size_t)(eq - calc), "= ?");
}

/* Terms of a long sum worth showing in `lines` lines of `width`: about 30
 * columns per product term. */
static int max_terms(int lines, int width)
{
	int k = lines * width / 30 - 1;
	return k < 2 ? 2 : k;
}

/* The terms a sum shows by default: as many as fill the pane's usual
 * height, less the sentence's and the symbols' lines. */
static int default_terms(const struct view *v, int width)
{
	int lines = layout_op_rows(v->rows) - 1;
	return max_terms(lines > 2 ? lines - 2 : 1, width);
}

/* The three texts of an operation, and the lines each takes. */
struct op_text {
	char words[512], sym[1024], calc[CALC_MAX];
	int wl, sl, cl;
};

static void compose(const struct view *v, size_t step, int width, int terms,
                    struct op_text *o)
{
	const struct trace *t = &v->cur->trace;
	struct formula_style fs = {.precision = v->precision, .utf8 = v->utf8,
	                           .max_terms = terms};
	plans_style(v->plans, t, v->precision, &fs);
	formula_words(o->words, sizeof o->words, t, step);
	formula_symbolic(o->sym, sizeof o->sym, t, step, &fs);
	formula_numeric(o->calc, sizeof o->calc, t, step, &fs);
	if (terms > 0 && strstr(o->calc, " (1 more)")) {
		/* "… (1 more)" takes the room of the term it hides: the
		 * whole sum instead. */
		fs.max_terms = terms + 1;
		formula_numeric(o->calc, sizeof o->calc, t, step, &fs);
	}
	if (v->hiding && step == v->cur->step)
		op_pane_hide_result(o->calc, sizeof o->calc);
	o->wl = (int)text_wrap(o->words, width - 2, NULL, 0);
	o->sl = (int)text_wrap(o->sym, width - 2, NULL, 0);
	o->cl = (int)text_wrap(o->calc, width - 2, NULL, 0);
}

int op_pane_need(const struct view *v, size_t step, int width)
{
	if (!v->loaded || step >= v->cur->trace.n_ops)
		return 0;
	struct op_text o;
	compose(v, step, width, default_terms(v, width), &o);
	return 1 + o.wl + o.sl + o.cl;
}

void op_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w), width = getmaxx(w);
	const struct trace *t = &v->cur->trace;
	if (!v->loaded || !t->n_ops) {
		draw_rule(w, v, "Operation");
		wnoutrefresh(w);
		return;
	}
	size_t step = v->cur->step;
	const struct op *op = cursor_op(v->cur);
	const struct glyphs *g = glyphs_for(v->utf8);
	char title[160];
	snprintf(title, sizeof title, "Operation %zu/%zu %s %s", step + 1,
	         t->n_ops, g->dot, phase_name((enum phase)op->phase));
	draw_rule(w, v, title);

	/* Fewer rows than it asked for: fewer terms of a long sum first. */
	int lines = h - 1;
	struct op_text o;
	int terms = default_terms(v, width);
	compose(v, step, width, terms, &o);
	while (o.wl + o.sl + o.cl > lines && terms > 2) {
		terms--;
		compose(v, step, width, terms, &o);
	}
	int y = 1;
	y += draw_wrapped(w, v, y, 1, lines, width - 2, 0, o.words,
	                  THEME_NORMAL);
	if (y > h)
		y = h;
	y += draw_wrapped(w, v, y, 1, h - y, width - 2, 0, o.sym, THEME_NAME);
	if (y > h)
		y = h;
	int left = h - y;
	draw_wrapped(w, v, y, 1, left, width - 2, 0, o.calc, THEME_NORMAL);
	if (o.wl + o.sl + o.cl > lines) {
		/* Still too many: what is left out is marked, and `w` shows
		 * the whole calculation. */
		draw_text(w, v, h - 1, width - 2, g->ell, 1, THEME_KEY);
	}
	wnoutrefresh(w);
}
