#include "tui/panes/plot_pane.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyphs.h"
#include "core/utf8.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/fit_pane.h"
#include "tui/panes/sparkline.h"
#include "tui/panes/text.h"

void plot_pane_split(int rows, int *fit_rows, int *loss_rows)
{
	if (rows < 0)
		rows = 0;
	if (rows >= PLOT_FIT_ROWS + PLOT_LOSS_ROWS) {
		int loss = rows / 3;
		*loss_rows = loss < PLOT_LOSS_ROWS ? PLOT_LOSS_ROWS : loss;
		*fit_rows = rows - *loss_rows;
	} else if (rows >= PLOT_FIT_ROWS) {
		/* The predictions are what a test-data lesson is about; the
		 * status line keeps the training loss. */
		*fit_rows = rows;
		*loss_rows = 0;
	} else if (rows >= 2 + PLOT_LOSS_ROWS) {
		/* No room for the prediction plot: the test loss and a note
		 * that it needs more rows, then the loss plot. */
		*fit_rows = 2;
		*loss_rows = rows - 2;
	} else {
		*fit_rows = rows;
		*loss_rows = 0;
	}
}

/* Draws cell `col` of a rendered sparkline row again at (y, x + col), in
 * reverse video: the current iteration's column. */
static void mark_column(WINDOW *w, const struct view *v, int y, int x,
                        const char *row, int col)
{
	size_t off = 0, n = strlen(row);
	uint32_t cp;
	/* The rows are the sparkline's own valid UTF-8 (or ASCII). */
	for (int c = 0; c < col && off < n; c++)
		off += utf8_decode(row + off, n - off, &cp);
	size_t len = utf8_decode(row + off, n - off, &cp);
	draw_textn(w, v, y, x + col, row + off, len, 1, THEME_MARK);
}

/* "loss at iteration 12: 0.4550962", or as much of it as fits in `cols`
 * -- the number is never cut: without the iteration, then the name
 * alone.  it < 0 or a value not finite: the name alone. */
static void label(const struct view *v, char *buf, size_t cap,
                  const char *name, long it, double value, int cols)
{
	snprintf(buf, cap, "%s", name);
	if (it < 0 || !isfinite(value))
		return;
	char num[NUMFMT_CELL_MAX];
	numfmt_scalar(num, sizeof num, value, v->precision);
	snprintf(buf, cap, "%s at iteration %ld: %s", name, it, num);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "%s %s", name, num);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "%s", name);
}

/* One plot of a series in rows [y, y + h) of the pane: a label row with
 * the range, the plot, an axis row with the current iteration marked.
 * vals: the cursor's history points for iterations 0 .. iters - 1 (see
 * struct cursor); mark: the current iteration, whose exact value is
 * cur_v (NaN while not computed). */
static void series(const struct view *v, WINDOW *w, int y, int h,
                   const char *name, const double *vals, long iters,
                   long mark, double cur_v)
{
	const struct glyphs *g = glyphs_for(v->utf8);
	size_t n = cursor_history_points(v->cur, iters);
	size_t pm = cursor_history_point(v->cur, mark);
	int width = getmaxx(w);
	int labw = 0, pw;
	double lo = 0, hi = 0;
	char buf[160], lo_s[NUMFMT_CELL_MAX], hi_s[NUMFMT_CELL_MAX];
	bool any = sparkline_range(vals, n, &lo, &hi);
	numfmt_scalar(lo_s, sizeof lo_s, lo, 4);
	numfmt_scalar(hi_s, sizeof hi_s, hi, 4);
	/* Merged points are ranges: then only the trace has the value. */
	if (v->cur->history_shift == 0 && pm < n)
		cur_v = vals[pm];
	label(v, buf, sizeof buf, name, mark >= 0 && mark < iters ? mark : -1,
	      cur_v, width - 2);
	draw_text(w, v, y, 1, buf, width - 2, THEME_NAME);
	int ph = h - 2;
	/* A plot of fewer rows says nothing: the label alone then. */
	if (ph < PLOT_DOT_ROWS || !any)
		return;
	labw = text_width(hi_s) > text_width(lo_s) ? text_width(hi_s)
	                                           : text_width(lo_s);
	pw = width - labw - 3;
	if (pw < 4)
		return;
	char *grid = malloc((size_t)ph * SPARKLINE_ROW_BYTES(pw));
	if (!grid)
		return;
	sparkline_render(grid, vals, n, pw, ph, lo, hi, v->utf8);
	int mc = mark >= 0 && mark < iters && pm < n
	                 ? sparkline_column(pm, n, pw, v->utf8)
	                 : -1;
	draw_text(w, v, y + 1, 1, hi_s, labw, THEME_INDEX);
	draw_text(w, v, y + ph, 1, lo_s, labw, THEME_INDEX);
	int px = labw + 2;
	for (int r = 0; r < ph; r++) {
		const char *row = grid + (size_t)r * SPARKLINE_ROW_BYTES(pw);
		draw_text(w, v, y + 1 + r, px - 1, g->vline, 1, THEME_DIM);
		draw_text(w, v, y + 1 + r, px, row, pw, THEME_NORMAL);
		if (mc >= 0)
			mark_column(w, v, y + 1 + r, px, row, mc);
	}
	/* Axis: first and last iteration, and a mark under the current. */
	snprintf(buf, sizeof buf, "0");
	draw_text(w, v, y + h - 1, px, buf, pw, THEME_INDEX);
	snprintf(buf, sizeof buf, "%ld", iters ? iters - 1 : 0);
	int bw = text_width(buf), lx = px + pw - bw;
	/* The mark must not cover a digit of the last iteration (9999
	 * read as 999): the number moves left of it. */
	if (mc >= 0 && px + mc >= lx && px + mc - bw >= px)
		lx = px + mc - bw;
	draw_text(w, v, y + h - 1, lx, buf, bw, THEME_INDEX);
	if (mc >= 0)
		draw_text(w, v, y + h - 1, px + mc, g->mark, 1, THEME_KEY);
	free(grid);
}

/* Whether the current operation has computed scalar tensor `tensor`
 * (the loss, the accuracy) in this iteration yet. */
static bool computed(const struct view *v, int tensor)
{
	const struct trace *t = &v->cur->trace;
	return tensor >= 0 && t->n_ops &&
	       trace_known(t, (long)v->cur->step, (uint32_t)tensor, 0);
}

/* The loss (and the accuracy, when the lesson has one and there is
 * room) over the iterations in rows [y, y + h) of the pane. */
static void training(WINDOW *w, const struct view *v, int y, int h)
{
	const struct cursor *c = v->cur;
	const struct tensor *ten = v->net->tensors;
	long n = c->history_len;
	long it = c->trace.iteration;
	/* The cursor knows this iteration's loss already; the student sees
	 * it once its operation has run. */
	bool known = computed(v, v->net->loss);
	if (!known && n == it + 1)
		n = it;
	double loss_now = known ? c->trace.values[ten[v->net->loss].offset]
	                        : NAN;
	double acc_now = computed(v, v->net->accuracy)
	                         ? c->trace.values[ten[v->net->accuracy].offset]
	                         : NAN;
	bool acc = v->net->accuracy >= 0 && c->accuracy_history;
	const struct lesson *l = v->lesson;
	const char *lname = l->loss_name ? l->loss_name : "loss";
	const char *aname = l->accuracy_name ? l->accuracy_name : "accuracy";
	if (!n) {
		draw_text(w, v, y, 1, "No loss computed yet.", getmaxx(w) - 2,
		          THEME_DIM);
		return;
	}
	if (acc && h >= 2 * PLOT_LOSS_ROWS) {
		int h1 = h / 2;
		series(v, w, y, h1, lname, c->loss_history, n, it, loss_now);
		series(v, w, y + h1, h - h1, aname, c->accuracy_history, n, it,
		       acc_now);
	} else {
		series(v, w, y, h, lname, c->loss_history, n, it, loss_now);
	}
}

void plot_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w);
	draw_rule(w, v, v->fit.on ? "Training and predictions" : "Training");
	if (!v->loaded) {
		wnoutrefresh(w);
		return;
	}
	/* Rows [y, y + h) below the title are the loss's. */
	int y = 1;
	h--;
	if (v->fit.on) {
		int fit_rows, loss_rows;
		plot_pane_split(h, &fit_rows, &loss_rows);
		fit_pane_draw(w, v, y, fit_rows);
		y += fit_rows;
		h = loss_rows;
	}
	if (h > 0)
		training(w, v, y, h);
	wnoutrefresh(w);
}
