#include "tui/panes/status_line.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/text.h"

size_t status_line_progress(char *buf, size_t cap, long done, long total,
                            double rate)
{
	if (!cap)
		return 0;
	double pct = total > 0 ? floor(100.0 * (double)done / (double)total)
	                       : 0;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	char r[32] = "";
	if (rate >= 1e7)
		snprintf(r, sizeof r, " %.0fM it/s", rate / 1e6);
	else if (rate >= 1e6)
		snprintf(r, sizeof r, " %.1fM it/s", rate / 1e6);
	else if (rate >= 1e4)
		snprintf(r, sizeof r, " %.0fk it/s", rate / 1e3);
	else if (rate >= 1e3)
		snprintf(r, sizeof r, " %.1fk it/s", rate / 1e3);
	else if (rate > 0)
		snprintf(r, sizeof r, " %.0f it/s", rate);
	int n = snprintf(buf, cap, "fast-forward %.0f%%%s", pct, r);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* The right-hand part of the status line: iteration, operation, phase,
 * loss, score, run speed. */
static void position(const struct view *v, char *right, size_t cap,
                     const char *sep, bool wide, const char *loss)
{
	const struct trace *t = &v->cur->trace;
	const struct op *op = t->n_ops ? cursor_op(v->cur) : NULL;
	char epoch[48] = "";
	/* A mini-batch lesson's epoch and batch (handouts list its
	 * samples). */
	if (t->samples)
		snprintf(epoch, sizeof epoch, "%s%s %ld batch %ld/%ld", sep,
		         wide ? "epoch" : "ep", t->epoch, t->batch + 1,
		         t->per_epoch);
	int n = snprintf(right, cap, "%s%s %ld/%ld%s%sop %zu/%zu%s%s%s%s %s",
	                 sep, wide ? "iteration" : "it", t->iteration,
	                 v->cur->last, epoch, sep,
	                 t->n_ops ? v->cur->step + 1 : 0, t->n_ops, sep,
	                 op ? phase_name((enum phase)op->phase) : "", sep,
	                 v->lesson->loss_name ? v->lesson->loss_name : "loss",
	                 loss);
	if (v->n_answers && n > 0 && (size_t)n < cap)
		n += snprintf(right + n, cap - (size_t)n, "%s%s %zu/%zu", sep,
		              wide ? "score" : "right",
		              answers_right(v->answers, v->n_answers),
		              v->n_answers);
	if (v->run_speed > 0 && n > 0 && (size_t)n < cap)
		snprintf(right + n, cap - (size_t)n, "%s%s %d/s", sep,
		         glyphs_for(v->utf8)->pointer, v->run_speed);
}

/* During a long replay: where from, where to, how far. */
static void progress(const struct view *v, char *right, size_t cap,
                     const char *sep, bool wide)
{
	char p[64];
	status_line_progress(p, sizeof p, v->ff.done, v->ff.total, v->ff.rate);
	snprintf(right, cap, "%s%s %ld %s %ld%s%s", sep,
	         wide ? "iteration" : "it", v->cur->trace.iteration,
	         glyphs_for(v->utf8)->arrow, v->ff.target, sep, p);
}

void status_line_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int width = getmaxx(w);
	int attr = theme_attr(THEME_STATUS, v->color);
	wbkgdset(w, (chtype)' ' | (chtype)attr);
	werase(w);
	if (!v->loaded) {
		wnoutrefresh(w);
		return;
	}
	const struct trace *t = &v->cur->trace;
	const struct net *net = v->net;
	const char *sep = v->utf8 ? " │ " : " | ";
	char right[256], loss[NUMFMT_CELL_MAX] = "-";
	/* The loss of this iteration once its operation has run. */
	if (net->loss >= 0 && t->n_ops &&
	    trace_known(t, (long)v->cur->step, (uint32_t)net->loss, 0))
		numfmt_scalar(loss, sizeof loss,
		              t->values[net->tensors[net->loss].offset],
		              v->precision);
	/* Short labels on narrow terminals leave room for the title. */
	bool wide = width >= 100;
	if (v->ff.shown)
		progress(v, right, sizeof right, sep, wide);
	else
		position(v, right, sizeof right, sep, wide, loss);
	int rw = text_width(right);
	int tw = width - rw - 1;
	if (tw < 8) {
		/* Narrow: the position matters more than the title. */
		tw = 8;
	}
	/* A saved lesson that does not load: its error, in the title's
	 * place, while the old lesson stays on screen. */
	bool broken = v->reload_error && v->reload_error[0];
	int x = 1 + draw_text(w, v, 0, 1,
	                      broken ? v->reload_error : v->lesson->title,
	                      tw - 1, broken ? THEME_ERROR : THEME_STATUS);
	if (x < tw)
		x = tw;
	draw_text(w, v, 0, x, right, width - x, THEME_STATUS);
	wnoutrefresh(w);
}
