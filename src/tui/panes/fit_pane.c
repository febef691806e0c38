#include "tui/panes/fit_pane.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/numfmt.h"
#include "render/plot.h"
#include "tui/panes/draw.h"
#include "tui/panes/text.h"

/* Rows of data area a prediction plot needs to show its shape. */
#define FIT_AREA_MIN 5

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
 * range)": the sample the network misses most (model/predictions' worst,
 * as the handout names it), read from the residual tensor the engine
 * computed, in the longest form that fits `cols` (a number is never cut);
 * "" when none does. */
static void worst_line(const struct view *v, char *buf, size_t cap,
                       const char *xname, int cols)
{
	const struct view_fit *f = &v->fit;
	buf[0] = '\0';
	if (!f->residual || !f->n)
		return;
	size_t worst = f->worst;
	char val[NUMFMT_CELL_MAX], x[NUMFMT_CELL_MAX];
	numfmt_scalar(val, sizeof val, f->residual[worst], v->precision);
	numfmt_scalar(x, sizeof x, f->x[worst], v->precision);
	bool out = f->worst_outside;
	const char *tails[3] = {out ? " (outside the training range)" : "",
	                        out ? " (outside)" : "", ""};
	for (int i = 0; i < 3; i++) {
		snprintf(buf, cap, "largest %s %s at %s %s%s", f->residual_name,
		         val, xname, x, tails[i]);
		if (text_width(buf) <= cols)
			return;
	}
	buf[0] = '\0';
}

/* The loss on the test data, as the engine's loss phase gave it; without
 * the iteration when that would cut the number. */
static void test_loss(WINDOW *w, const struct view *v, int y, int width)
{
	const char *lname = v->lesson->loss_name ? v->lesson->loss_name
	                                         : "loss";
	char line[320], num[NUMFMT_CELL_MAX];
	numfmt_scalar(num, sizeof num, v->fit.loss, v->precision);
	snprintf(line, sizeof line, "test %s at iteration %ld: %s", lname,
	         v->fit.iteration, num);
	if (text_width(line) > width - 2)
		snprintf(line, sizeof line, "test %s %s", lname, num);
	if (text_width(line) > width - 2)
		snprintf(line, sizeof line, "%s", num);
	draw_text(w, v, y, 1, line, width - 2, THEME_NAME);
}

/* The longest of n notes, longest first, that fits `h` rows of `cols`
 * whole (a note cut in a word would be one more thing to puzzle over);
 * the last one shortened at a word when none does. */
static void note(WINDOW *w, const struct view *v, int y, int h, int cols,
                 const char *const *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((int)text_wrap(notes[i], cols, NULL, 0) <= h) {
			draw_wrapped(w, v, y, 1, h, cols, 0, notes[i],
			             THEME_DIM);
			return;
		}
	draw_words(w, v, y, 1, notes[n - 1], cols, THEME_DIM);
}

/* In place of a plot with no room to show its shape. */
static void too_short(WINDOW *w, const struct view *v, int y, int h,
                      int cols)
{
	static const char *const notes[] = {
		"(the prediction plot needs a taller terminal)",
		"(prediction plot: needs more rows)",
		"(needs a taller terminal)"};
	note(w, v, y, h, cols, notes, sizeof notes / sizeof *notes);
}

/* In place of a plot of a network with several inputs or outputs. */
static void not_plottable(WINDOW *w, const struct view *v, int y, int h,
                          int cols)
{
	static const char *const notes[] = {
		"(a plot needs one input and one output)",
		"(no plot: several inputs or outputs)",
		"(no plot)"};
	note(w, v, y, h, cols, notes, sizeof notes / sizeof *notes);
}

/* The plot itself, as the handout draws it (dump/predictions_section.c): the
 * target as a line, the prediction as marks, rules where the training
 * data ends inside the test data. */
static void plot(WINDOW *w, const struct view *v, int y, int h,
                 const char *xname)
{
	const struct view_fit *f = &v->fit;
	int width = getmaxx(w);
	char target_l[LESSON_NAME_MAX + 16], pred_l[LESSON_NAME_MAX + 16];
	char lo[NUMFMT_CELL_MAX], hi[NUMFMT_CELL_MAX], rule_l[300];
	snprintf(target_l, sizeof target_l, "target %s", f->target_name);
	snprintf(pred_l, sizeof pred_l, "prediction %s", f->prediction_name);
	numfmt_scalar(lo, sizeof lo, f->train_lo, v->precision);
	numfmt_scalar(hi, sizeof hi, f->train_hi, v->precision);
	snprintf(rule_l, sizeof rule_l, "trained on %s %s to %s", xname, lo, hi);
	size_t nr = f->n_rules;
	/* One output: cell s of either tensor is sample s, whatever the
	 * convention. */
	struct plot_series s[2] = {
		{target_l, f->x, f->target, f->n, PLOT_LINE, NULL},
		{pred_l, f->x, f->prediction, f->n, PLOT_MARKS,
		 glyphs_for(v->utf8)->by}};
	struct plot_options o = {.utf8 = v->utf8, .frame = true,
	                         .x_name = xname, .y_name = f->target_name,
	                         .rules = f->rules, .n_rules = nr,
	                         .rule_label = nr ? rule_l : NULL,
	                         .x_min = NAN, .x_max = NAN, .y_min = NAN,
	                         .y_max = NAN};
	struct plot_grid g = {0};
	if (plot_grid_render(&g, width - 2, h, s, 2, &o))
		return;
	if (g.area_left == 0 || g.area_height < FIT_AREA_MIN) {
		/* No frame, or a data area of a row or two: a smear of
		 * marks, not a plot. */
		plot_grid_free(&g);
		too_short(w, v, y, h, width - 2);
		return;
	}
	for (int r = 0; r < g.height; r++)
		for (int c = 0; c < g.width; c++) {
			const struct plot_cell *cell =
				&g.cells[(size_t)r * (size_t)g.width + (size_t)c];
			if (cell->role == PLOT_BLANK)
				continue;
			draw_text(w, v, y + r, 1 + c, cell->glyph, 1,
			          role_of(cell));
		}
	plot_grid_free(&g);
}

void fit_pane_draw(WINDOW *w, const struct view *v, int y, int h)
{
	const struct view_fit *f = &v->fit;
	int width = getmaxx(w);
	if (h < 1 || width < 3 || !f->on)
		return;
	if (f->iteration < 0)
		return; /* not run yet: the app runs it when the cursor moves */
	if (f->failed) {
		draw_text(w, v, y, 1, "No predictions: out of memory running "
		          "the test data.", width - 2, THEME_ERROR);
		return;
	}
	test_loss(w, v, y, width);
	y++;
	h--;
	if (!f->plottable) {
		not_plottable(w, v, y, h, width - 2);
		return;
	}
	char xname[LESSON_NAME_MAX + 1], line[320];
	snprintf(xname, sizeof xname, "%s", f->x_name);
	if (h >= 14) {
		/* With room to spare, what the plot shows in one number. */
		worst_line(v, line, sizeof line, xname, width - 2);
		if (line[0]) {
			draw_text(w, v, y, 1, line, width - 2, THEME_NORMAL);
			y++;
			h--;
		}
	}
	plot(w, v, y, h, xname);
}
