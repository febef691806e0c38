/* plot_pane: the training loss (and accuracy, when the lesson has one)
 * over the iterations computed so far, the current iteration marked; for
 * a lesson with test data, above them the predictions (fit_pane.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/numfmt.h"
#include "tui/draw.h"
#include "tui/fit.h"
#include "tui/panes.h"
#include "tui/sparkline.h"
#include "tui/text.h"

bool spark_range(const double *v, size_t n, double *lo, double *hi)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		if (!any || v[i] < *lo)
			*lo = v[i];
		if (!any || v[i] > *hi)
			*hi = v[i];
		any = true;
	}
	return any;
}

int spark_column(size_t i, size_t n, int w, bool utf8)
{
	int W = utf8 ? 2 * w : w;
	if (n <= 1 || W <= 1)
		return 0;
	/* The inverse of the bucket mapping in spark_render. */
	long px = (long)((double)i * (double)(W - 1) / (double)(n - 1) + 0.5);
	if (px >= W)
		px = W - 1;
	return (int)(utf8 ? px / 2 : px);
}

static int to_row(double v, double lo, double hi, int H)
{
	if (hi <= lo)
		return H / 2;
	double f = (hi - v) / (hi - lo);
	int r = (int)lround(f * (H - 1));
	return r < 0 ? 0 : r >= H ? H - 1 : r;
}

void spark_render(char *out, const double *v, size_t n, int w, int h,
                  double lo, double hi, bool utf8)
{
	if (w <= 0 || h <= 0)
		return;
	int W = utf8 ? 2 * w : w, H = utf8 ? 4 * h : h;
	unsigned char *dots = calloc((size_t)W * (size_t)H, 1);
	if (dots && n) {
		int prev = -1;
		for (int px = 0; px < W; px++) {
			/* Values whose position rounds to this column. */
			size_t i0, i1;
			if (n == 1) {
				/* One value: one dot, not a line. */
				if (px > 0)
					break;
				i0 = 0;
				i1 = 1;
			} else {
				double a0 = (px - 0.5) * (double)(n - 1) / (W - 1);
				double a1 = (px + 0.5) * (double)(n - 1) / (W - 1);
				i0 = a0 <= 0 ? 0 : (size_t)ceil(a0);
				i1 = a1 < 0 ? 0 : (size_t)floor(a1) + 1;
				if (i1 > n)
					i1 = n;
				if (i0 >= i1) {
					/* Fewer values than columns: the
					 * nearest one. */
					size_t k = (size_t)lround(
						px * (double)(n - 1) / (W - 1));
					i0 = k;
					i1 = k + 1;
				}
			}
			int top = H, bot = -1;
			for (size_t i = i0; i < i1; i++) {
				if (!isfinite(v[i]))
					continue;
				int r = to_row(v[i], lo, hi, H);
				top = r < top ? r : top;
				bot = r > bot ? r : bot;
			}
			if (bot < 0) {
				prev = -1;
				continue;
			}
			/* Join to the previous column's last value. */
			if (prev >= 0) {
				if (prev < top)
					top = prev + 1 < top ? prev + 1 : top;
				if (prev > bot)
					bot = prev - 1 > bot ? prev - 1 : bot;
			}
			for (int r = top; r <= bot; r++)
				dots[(size_t)r * (size_t)W + (size_t)px] = 1;
			size_t last = i1 - 1;
			prev = isfinite(v[last]) ? to_row(v[last], lo, hi, H)
			                         : bot;
		}
	}
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
	                                    {0x08, 0x10, 0x20, 0x80}};
	for (int r = 0; r < h; r++) {
		char *row = out + (size_t)r * SPARK_ROW_BYTES(w);
		size_t k = 0;
		for (int c = 0; c < w; c++) {
			if (!utf8) {
				bool on = dots && dots[(size_t)r * (size_t)W +
				                       (size_t)c];
				row[k++] = on ? '*' : ' ';
				continue;
			}
			unsigned pat = 0;
			for (int dx = 0; dx < 2; dx++)
				for (int dy = 0; dy < 4; dy++)
					if (dots && dots[(size_t)(4 * r + dy) *
					                         (size_t)W +
					                 (size_t)(2 * c + dx)])
						pat |= bits[dx][dy];
			if (!pat) {
				row[k++] = ' ';
				continue;
			}
			unsigned cp = 0x2800 + pat;
			row[k++] = (char)(0xe0 | (cp >> 12));
			row[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			row[k++] = (char)(0x80 | (cp & 0x3f));
		}
		row[k] = '\0';
	}
	free(dots);
}

/* One plot of a series in rows [y, y + h) of the pane: a label row with
 * the range, the plot, an axis row with the current iteration marked.
 * v: the cursor's history points for iterations 0 .. iters - 1 (see
 * struct cursor); mark: the current iteration, whose exact value is
 * cur_v (NaN while not computed). */
static void series(const struct app *a, WINDOW *w, int y, int h,
                   const char *name, const double *v, long iters, long mark,
                   double cur_v)
{
	size_t n = cursor_history_points(&a->cur, iters);
	size_t pm = cursor_history_point(&a->cur, mark);
	int width = getmaxx(w);
	int labw = 0, pw;
	double lo = 0, hi = 0;
	char buf[160], lo_s[NUMFMT_CELL_MAX], hi_s[NUMFMT_CELL_MAX];
	bool any = spark_range(v, n, &lo, &hi);
	numfmt_scalar(lo_s, sizeof lo_s, lo, 4);
	numfmt_scalar(hi_s, sizeof hi_s, hi, 4);
	/* Merged points are ranges: then only the trace has the value. */
	if (a->cur.history_shift == 0 && pm < n)
		cur_v = v[pm];
	if (mark >= 0 && mark < iters && isfinite(cur_v)) {
		char cur[NUMFMT_CELL_MAX];
		numfmt_scalar(cur, sizeof cur, cur_v, a->precision);
		snprintf(buf, sizeof buf, "%s at iteration %ld: %s", name, mark,
		         cur);
	} else {
		snprintf(buf, sizeof buf, "%s", name);
	}
	draw_text(w, a, y, 1, buf, width - 2, THEME_NAME);
	int ph = h - 2;
	if (ph < 1 || !any)
		return;
	labw = text_width(hi_s) > text_width(lo_s) ? text_width(hi_s)
	                                           : text_width(lo_s);
	pw = width - labw - 3;
	if (pw < 4)
		return;
	char *grid = malloc((size_t)ph * SPARK_ROW_BYTES(pw));
	if (!grid)
		return;
	spark_render(grid, v, n, pw, ph, lo, hi, a->utf8);
	int mc = mark >= 0 && mark < iters && pm < n
	                 ? spark_column(pm, n, pw, a->utf8)
	                 : -1;
	draw_text(w, a, y + 1, 1, hi_s, labw, THEME_INDEX);
	draw_text(w, a, y + ph, 1, lo_s, labw, THEME_INDEX);
	int px = labw + 2;
	for (int r = 0; r < ph; r++) {
		const char *row = grid + (size_t)r * SPARK_ROW_BYTES(pw);
		draw_text(w, a, y + 1 + r, px - 1, theme_glyphs(a->utf8)->vline,
		          1, THEME_DIM);
		draw_text(w, a, y + 1 + r, px, row, pw, THEME_NORMAL);
		if (mc >= 0) {
			/* Re-draw the marked column in reverse video. */
			size_t off = 0;
			for (int c = 0; c < mc; c++) {
				unsigned cp;
				off += text_decode(row + off, strlen(row + off),
				                   &cp);
			}
			unsigned cp;
			size_t len = text_decode(row + off, strlen(row + off),
			                         &cp);
			draw_textn(w, a, y + 1 + r, px + mc, row + off, len, 1,
			           THEME_MARK);
		}
	}
	/* Axis: first and last iteration, and a mark under the current. */
	snprintf(buf, sizeof buf, "0");
	draw_text(w, a, y + h - 1, px, buf, pw, THEME_INDEX);
	snprintf(buf, sizeof buf, "%ld", iters ? iters - 1 : 0);
	int bw = text_width(buf), lx = px + pw - bw;
	/* The mark must not cover a digit of the last iteration (9999
	 * read as 999): the number moves left of it. */
	if (mc >= 0 && px + mc >= lx && px + mc - bw >= px)
		lx = px + mc - bw;
	draw_text(w, a, y + h - 1, lx, buf, bw, THEME_INDEX);
	if (mc >= 0)
		draw_text(w, a, y + h - 1, px + mc, theme_glyphs(a->utf8)->mark,
		          1, THEME_KEY);
	free(grid);
}

void plot_draw(const struct app *a)
{
	WINDOW *w = a->win[PANE_PLOT];
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w);
	const struct cursor *c = &a->cur;
	draw_rule(w, a, a->fit.on ? "Training and predictions" : "Training");
	if (!a->loaded) {
		wnoutrefresh(w);
		return;
	}
	/* Rows [y, y + h) below the title are the loss's. */
	int y = 1;
	h--;
	if (a->fit.on) {
		int fit_rows, loss_rows;
		fit_split(h, &fit_rows, &loss_rows);
		fit_draw(a, w, y, fit_rows);
		y += fit_rows;
		h = loss_rows;
		if (h <= 0) {
			wnoutrefresh(w);
			return;
		}
	}
	long n = c->history_len;
	long it = c->trace.iteration;
	/* The cursor knows this iteration's loss already; the student sees
	 * it once its operation has run. */
	const struct trace *t = &c->trace;
	bool known = a->net.loss >= 0 && t->n_ops &&
	             trace_known(t, (long)c->step, (uint32_t)a->net.loss, 0);
	if (!known && n == it + 1)
		n = it;
	const struct tensor *ten = a->net.tensors;
	double loss_now = known ? t->values[ten[a->net.loss].offset] : NAN;
	double acc_now = a->net.accuracy >= 0 && t->n_ops &&
	                         trace_known(t, (long)c->step,
	                                     (uint32_t)a->net.accuracy, 0)
	                         ? t->values[ten[a->net.accuracy].offset]
	                         : NAN;
	/* The current iteration's loss is shown only once computed. */
	bool acc = a->net.accuracy >= 0 && c->accuracy_history;
	const char *lname = a->lesson.loss_name ? a->lesson.loss_name : "loss";
	const char *aname = a->lesson.accuracy_name ? a->lesson.accuracy_name
	                                            : "accuracy";
	if (!n) {
		draw_text(w, a, y, 1, "No loss computed yet.", getmaxx(w) - 2,
		          THEME_DIM);
		wnoutrefresh(w);
		return;
	}
	if (acc && h >= 12) {
		int h1 = h / 2;
		series(a, w, y, h1, lname, c->loss_history, n, it, loss_now);
		series(a, w, y + h1, h - h1, aname, c->accuracy_history, n, it,
		       acc_now);
	} else {
		series(a, w, y, h, lname, c->loss_history, n, it, loss_now);
	}
	wnoutrefresh(w);
}
