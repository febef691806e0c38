/* fit_pane: the target and the network's prediction against the input,
 * on the lesson's test data, with the end of the training range marked:
 * the same plot as the handout's (src/render/plot.h), its cells coloured by
 * role.  Part of the plot pane (plot_pane.c decides the rows). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/numfmt.h"
#include "render/plot.h"
#include "tui/draw.h"
#include "tui/fit.h"
#include "tui/panes.h"
#include "tui/text.h"

/* Values of tensor t of the test trace. */
static const double *values(const struct fit *f, int t)
{
	return f->trace.values + f->net.tensors[t].offset;
}

static enum theme_role role_of(const struct plot_cell *c)
{
	switch (c->role) {
	case PLOT_AXIS:
		return THEME_DIM;
	case PLOT_RULE:
		return THEME_LIMIT;
	case PLOT_DATA:
		return c->series == 0 ? THEME_TARGET : THEME_PREDICTION;
	default:
		return THEME_NORMAL;
	}
}

/* "largest residual -0.15561521 at angle 50 (outside the training
 * range)": the sample the network misses most, read from the residual
 * tensor the engine computed, in the longest form that fits `cols` (a
 * number is never cut); "" when none does. */
static void worst_line(const struct app *a, char *buf, size_t cap,
                       const char *xname, int cols)
{
	const struct fit *f = &a->fit;
	buf[0] = '\0';
	if (f->net.residual < 0)
		return;
	const double *r = values(f, f->net.residual);
	size_t n = f->view.n_samples, worst = 0;
	if (!n)
		return;
	for (size_t s = 1; s < n; s++)
		if (fabs(r[s]) > fabs(r[worst]) || isnan(r[s]))
			worst = s;
	char v[NUMFMT_CELL_MAX], x[NUMFMT_CELL_MAX];
	numfmt_scalar(v, sizeof v, r[worst], a->precision);
	numfmt_scalar(x, sizeof x, f->raw_x[worst], a->precision);
	bool out = f->raw_x[worst] < f->train_lo ||
	           f->raw_x[worst] > f->train_hi;
	const char *tails[3] = {out ? " (outside the training range)" : "",
	                        out ? " (outside)" : "", ""};
	for (int i = 0; i < 3; i++) {
		snprintf(buf, cap, "largest %s %s at %s %s%s",
		         f->net.tensors[f->net.residual].name, v, xname, x,
		         tails[i]);
		if (text_width(buf) <= cols)
			return;
	}
	buf[0] = '\0';
}

void fit_draw(const struct app *a, WINDOW *w, int y, int h)
{
	const struct fit *f = &a->fit;
	const struct lesson *l = &a->lesson;
	int width = getmaxx(w);
	if (h < 1 || width < 3 || !f->on)
		return;
	char line[320], num[NUMFMT_CELL_MAX];
	if (f->iteration < 0)
		return; /* not run yet: app_frame runs it before drawing */
	if (f->failed) {
		draw_text(w, a, y, 1, "No predictions: out of memory running "
		          "the test data.", width - 2, THEME_ERROR);
		return;
	}
	/* The loss on the test data, as the engine's loss phase gave it;
	 * without the iteration when that would cut the number. */
	const char *lname = l->loss_name ? l->loss_name : "loss";
	numfmt_scalar(num, sizeof num, f->res.loss, a->precision);
	snprintf(line, sizeof line, "test %s at iteration %ld: %s", lname,
	         f->iteration, num);
	if (text_width(line) > width - 2)
		snprintf(line, sizeof line, "test %s %s", lname, num);
	draw_text(w, a, y, 1, line, width - 2, THEME_NAME);
	y++;
	h--;
	if (!fit_plottable(a)) {
		draw_text(w, a, y, 1, "(a plot needs one input and one output)",
		          width - 2, THEME_DIM);
		return;
	}
	char xname[LESSON_NAME_MAX + 1];
	snprintf(xname, sizeof xname, "%s",
	         l->input_cols ? l->input_cols[0].name
	                       : f->net.tensors[f->net.input].name);
	if (h >= 14) {
		/* With room to spare, what the plot shows in one number. */
		worst_line(a, line, sizeof line, xname, width - 2);
		if (line[0]) {
			draw_text(w, a, y, 1, line, width - 2, THEME_NORMAL);
			y++;
			h--;
		}
	}

	/* As the handout draws it (dump.c's fit_plot): the target as a
	 * line, the prediction as marks, rules where the training data
	 * ends inside the test data. */
	const struct net *n = &f->net;
	const char *yname = n->tensors[n->target].name;
	int pred = n->layer_tensor[l->n_layers][ROLE_A];
	char target_l[LESSON_NAME_MAX + 16], pred_l[LESSON_NAME_MAX + 16];
	char lo[NUMFMT_CELL_MAX], hi[NUMFMT_CELL_MAX], rule_l[300];
	snprintf(target_l, sizeof target_l, "target %s", yname);
	snprintf(pred_l, sizeof pred_l, "prediction %s", n->tensors[pred].name);
	numfmt_scalar(lo, sizeof lo, f->train_lo, a->precision);
	numfmt_scalar(hi, sizeof hi, f->train_hi, a->precision);
	snprintf(rule_l, sizeof rule_l, "trained on %s %s to %s", xname, lo, hi);
	double rules[2];
	size_t nr = 0;
	if (f->train_lo > f->test_lo)
		rules[nr++] = f->train_lo;
	if (f->train_hi < f->test_hi)
		rules[nr++] = f->train_hi;
	/* One output: cell s of either tensor is sample s, whatever the
	 * convention. */
	size_t ns = f->view.n_samples;
	struct plot_series s[2] = {
		{target_l, f->raw_x, values(f, n->target), ns, PLOT_LINE, NULL},
		{pred_l, f->raw_x, values(f, pred), ns, PLOT_MARKS,
		 a->utf8 ? "\xc3\x97" : "x"}};
	struct plot_options o = {.utf8 = a->utf8, .frame = true,
	                         .x_name = xname, .y_name = yname,
	                         .rules = rules, .n_rules = nr,
	                         .rule_label = nr ? rule_l : NULL,
	                         .x_min = NAN, .x_max = NAN, .y_min = NAN,
	                         .y_max = NAN};
	struct plot_grid g = {0};
	if (plot_grid_render(&g, width - 2, h, s, 2, &o))
		return;
	for (int r = 0; r < g.height; r++)
		for (int c = 0; c < g.width; c++) {
			const struct plot_cell *cell =
				&g.cells[(size_t)r * (size_t)g.width + (size_t)c];
			if (cell->role == PLOT_BLANK)
				continue;
			draw_text(w, a, y + r, 1 + c, cell->glyph, 1,
			          role_of(cell));
		}
	plot_grid_free(&g);
}
