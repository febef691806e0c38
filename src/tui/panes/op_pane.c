#include "tui/panes/op_pane.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/formula.h"
#include "tui/panes/draw.h"
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

	struct formula_style fs = {.precision = v->precision, .utf8 = v->utf8};
	plans_style(v->plans, t, v->precision, &fs);
	int lines = h - 1;
	fs.max_terms = max_terms(lines > 2 ? lines - 2 : 1, width);
	char words[512], sym[1024], calc[CALC_MAX];
	formula_words(words, sizeof words, t, step);
	formula_symbolic(sym, sizeof sym, t, step, &fs);
	formula_numeric(calc, sizeof calc, t, step, &fs);
	if (v->hiding)
		op_pane_hide_result(calc, sizeof calc);
	int need = (int)text_wrap(calc, width - 2, NULL, 0);
	int wl = (int)text_wrap(words, width - 2, NULL, 0);
	/* The words go first when room is short: the numbers are the
	 * point. */
	bool show_words = wl + 1 + need <= lines;
	int y = 1;
	if (show_words)
		y += draw_wrapped(w, v, y, 1, wl, width - 2, 0, words,
		                  THEME_NORMAL);
	draw_text(w, v, y++, 1, sym, width - 2, THEME_NAME);
	draw_wrapped(w, v, y, 1, h - y, width - 2, 0, calc, THEME_NORMAL);
	wnoutrefresh(w);
}
