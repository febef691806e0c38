#include "tui/panes/status_line.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "core/sanitize.h"
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

/* =====================================================================
 * Fields of fixed width
 *
 * Each field is padded to the width of its largest value (the last
 * iteration, the operation count, the longest phase name, the widest
 * loss so far, the fastest speed), so that nothing moves as the student
 * steps; which fields show, and whether the title does, depends only on
 * the terminal's width and the lesson.
 * ===================================================================== */

#define TITLE_MIN 12     /* columns below which the title is left out */
#define SPEED_DIGITS 6   /* 100000 operations a second */

static int digits(unsigned long v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static int widest_phase(void)
{
	int w = 0;
	for (int p = 0; p < PHASE_COUNT; p++) {
		int n = (int)strlen(phase_name((enum phase)p));
		w = n > w ? n : w;
	}
	return w;
}

/* Columns of the loss's value: room for a value under 1000 (the loss
 * may grow before it falls: the field must not move when it does), more
 * when a loss reached so far needs it (the history keeps the highest of
 * each stretch): its integer digits, the point, the decimals and a sign.
 * An upper bound, cheap enough for every frame. */
static int loss_width(const struct view *v)
{
	const struct cursor *c = v->cur;
	double most = 999;
	bool negative = false;
	for (size_t i = 0; c->loss_history && i < c->history_points; i++) {
		double x = c->loss_history[i];
		if (!isfinite(x))
			continue;
		negative = negative || x < 0;
		most = fabs(x) > most ? fabs(x) : most;
	}
	if (most >= 1e16)
		return v->precision + 8; /* scientific: d.ddde+NN */
	return digits((unsigned long)most) + 1 + v->precision + negative;
}

static bool asks_questions(const struct view *v)
{
	for (size_t i = 0; i < v->lesson->n_cues; i++)
		if (v->lesson->cues[i].kind == CUE_PREDICT)
			return true;
	return v->n_answers > 0;
}

/* The value of this iteration's loss once its operation has run, else
 * "-". */
static void loss_text(const struct view *v, char *buf, size_t cap)
{
	const struct trace *t = &v->cur->trace;
	const struct net *net = v->net;
	snprintf(buf, cap, "-");
	if (net->loss >= 0 && t->n_ops &&
	    trace_known(t, (long)v->cur->step, (uint32_t)net->loss, 0))
		numfmt_scalar(buf, cap, t->values[net->tensors[net->loss].offset],
		              v->precision);
}

enum field {
	F_IT, F_EPOCH, F_OP, F_PHASE, F_LOSS, F_SCORE, F_SPEED, F_COUNT
};

struct fields {
	char text[F_COUNT][128];
	int width[F_COUNT];
	bool on[F_COUNT];
	bool title;
	int title_w;
};

/* A mini-batch lesson's epoch and batch, padded to the last epoch's
 * and the batch count's digits ("epoch 0 batch 1/4 " holds the place of
 * "epoch 12 batch 4/4"); "" for a lesson that trains on all its samples
 * at once. */
static void epoch_text(const struct view *v, bool wide, char *buf,
                       size_t cap)
{
	const struct trace *t = &v->cur->trace;
	buf[0] = '\0';
	if (!t->samples || t->per_epoch < 1)
		return;
	long last = v->cur->last > 0 ? v->cur->last / t->per_epoch : 0;
	int ew = digits((unsigned long)last);
	int bw = digits((unsigned long)t->per_epoch);
	snprintf(buf, cap, "%s %ld batch %ld/%ld%*s", wide ? "epoch" : "ep",
	         t->epoch, t->batch + 1, t->per_epoch,
	         ew - digits((unsigned long)t->epoch) + bw -
	                 digits((unsigned long)(t->batch + 1)),
	         "");
}

/* Fills the fields' texts, padded, with long labels or short ones. */
static void fill(const struct view *v, bool wide, struct fields *f)
{
	const struct trace *t = &v->cur->trace;
	const struct op *op = t->n_ops ? cursor_op(v->cur) : NULL;
	const struct glyphs *g = glyphs_for(v->utf8);
	char loss[NUMFMT_CELL_MAX];
	loss_text(v, loss, sizeof loss);
	int lw = loss_width(v);
	/* Counters padded after their text: "op 1/27 " holds the place of
	 * "op 27/27". */
	int iw = digits((unsigned long)(v->cur->last > 0 ? v->cur->last : 0));
	int ow = digits(t->n_ops);
	const char *il = wide ? "iteration" : "it";
	snprintf(f->text[F_IT], sizeof f->text[F_IT], "%s %ld/%ld%*s", il,
	         t->iteration, v->cur->last,
	         iw - digits((unsigned long)t->iteration), "");
	epoch_text(v, wide, f->text[F_EPOCH], sizeof f->text[F_EPOCH]);
	size_t step = t->n_ops ? v->cur->step + 1 : 0;
	snprintf(f->text[F_OP], sizeof f->text[F_OP], "op %zu/%zu%*s", step,
	         t->n_ops, ow - digits(step), "");
	snprintf(f->text[F_PHASE], sizeof f->text[F_PHASE], "%-*s",
	         widest_phase(), op ? phase_name((enum phase)op->phase) : "");
	snprintf(f->text[F_LOSS], sizeof f->text[F_LOSS], "%s %-*s",
	         v->lesson->loss_name ? v->lesson->loss_name : "loss", lw, loss);
	size_t right = answers_right(v->answers, v->n_answers);
	int sw = digits(v->n_answers > 9 ? v->n_answers : 9);
	if (v->n_answers)
		snprintf(f->text[F_SCORE], sizeof f->text[F_SCORE],
		         "%s %*zu/%-*zu", wide ? "score" : "right", sw, right,
		         sw, v->n_answers);
	else
		snprintf(f->text[F_SCORE], sizeof f->text[F_SCORE], "%*s",
		         7 + 2 * sw, "");
	if (v->run_speed > 0)
		snprintf(f->text[F_SPEED], sizeof f->text[F_SPEED], "%s %*d/s",
		         g->pointer, SPEED_DIGITS, v->run_speed);
	else
		snprintf(f->text[F_SPEED], sizeof f->text[F_SPEED], "%*s",
		         SPEED_DIGITS + 4, "");
	for (int i = 0; i < F_COUNT; i++)
		f->width[i] = text_width(f->text[i]);
}

/* Columns the chosen fields take, separators and margins included. */
static int fields_width(const struct fields *f)
{
	int w = 1, n = 0;
	for (int i = 0; i < F_COUNT; i++)
		if (f->on[i]) {
			w += f->width[i] + (n ? 3 : 0);
			n++;
		}
	return w + 1;
}

/* What a step of choose() leaves out. */
enum {
	D_WIDE = 1,   /* the long labels: "it", "right" */
	D_SPEED = 2,  /* the run speed (the hint line shows it) */
	D_PHASE = 4,  /* the phase (the operation pane's title names it) */
	D_TITLE = 8,
	D_EPOCH = 16, /* a mini-batch lesson's epoch and batch */
	D_SCORE = 32,
};

#define D_FIRST (D_WIDE | D_SPEED | D_PHASE)

/* Whether a saved lesson that does not load is on screen: its first
 * error then takes the title's place. */
static bool broken(const struct view *v)
{
	return v->reload_error && v->reload_error[0];
}

/* Lays the fields out for `width` columns leaving out what d says;
 * returns the columns left for the title (its fields' width when the
 * title is left out and they fit, else -1). */
static int lay_out(const struct view *v, int width, unsigned d,
                   struct fields *f)
{
	fill(v, !(d & D_WIDE), f);
	for (int k = 0; k < F_COUNT; k++)
		f->on[k] = true;
	f->on[F_SPEED] = !(d & D_SPEED);
	f->on[F_PHASE] = !(d & D_PHASE);
	f->on[F_EPOCH] = f->text[F_EPOCH][0] && !(d & D_EPOCH);
	f->on[F_SCORE] = asks_questions(v) && !(d & D_SCORE);
	f->title = !(d & D_TITLE);
	int fw = fields_width(f);
	f->title_w = width - fw - 3;
	if (!f->title)
		return fw <= width ? fw : -1;
	return f->title_w;
}

/* Which fields and whether the title fit `width`: the first of these
 * that does -- from 100 columns long labels ("iteration", "score") with
 * the run speed, then without it (the hint line shows it); short labels
 * with the speed, then without it; without the phase (the operation
 * pane's title names it); without the title; without the epoch; without
 * the score. */
static void choose(const struct view *v, int width, struct fields *f)
{
	static const unsigned steps[] = {
		0, D_SPEED, D_WIDE, D_WIDE | D_SPEED, D_FIRST,
		D_FIRST | D_TITLE, D_FIRST | D_TITLE | D_EPOCH,
		D_FIRST | D_TITLE | D_EPOCH | D_SCORE,
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (!(steps[i] & D_WIDE) && width < 100)
			continue;
		int room = lay_out(v, width, steps[i], f);
		if (f->title ? room >= TITLE_MIN : room >= 0)
			return;
	}
	/* Narrower than any of those: the position alone. */
	f->on[F_PHASE] = f->on[F_SPEED] = f->on[F_SCORE] = false;
	f->on[F_EPOCH] = false;
}

/* choose() while a reload error stands in the title's place: the error
 * says what to fix, so the first of the same steps with room for it
 * whole (the epoch and the score before the title); else the most room
 * the fields leave it; else as choose().  The fields move when an error
 * comes or goes, never while the student steps. */
static void choose_broken(const struct view *v, int width,
                          struct fields *f)
{
	static const unsigned steps[] = {
		0, D_SPEED, D_WIDE, D_WIDE | D_SPEED, D_FIRST,
		D_FIRST | D_EPOCH, D_FIRST | D_EPOCH | D_SCORE,
	};
	size_t last = sizeof steps / sizeof *steps - 1;
	int need = text_width(v->reload_error);
	for (size_t i = 0; i <= last; i++) {
		if (!(steps[i] & D_WIDE) && width < 100)
			continue;
		if (lay_out(v, width, steps[i], f) >= need)
			return;
	}
	if (lay_out(v, width, steps[last], f) >= TITLE_MIN)
		return;
	choose(v, width, f);
}

static void choose_fields(const struct view *v, int width, struct fields *f)
{
	if (broken(v))
		choose_broken(v, width, f);
	else
		choose(v, width, f);
}

bool status_line_shows_speed(const struct view *v, int width)
{
	struct fields f;
	choose_fields(v, width, &f);
	return f.on[F_SPEED];
}

/* Appends s to the line at *len of cap bytes. */
static void put(char *line, size_t cap, size_t *len, const char *s)
{
	int n = snprintf(line + *len, cap - *len, "%s", s);
	if (n > 0)
		*len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

/* The title, or the reload error in its place, in at most `cols`
 * columns: whole, or cut once with "…".  Made safe first, so that its
 * width is the one drawn. */
static void title_part(const struct view *v, char *part, size_t cap,
                       int cols)
{
	const char *title = broken(v) ? v->reload_error
	                  : v->lesson->title ? v->lesson->title : "";
	const char *ell = glyphs_for(v->utf8)->ell;
	char safe[512];
	sanitize_text(safe, sizeof safe, title, strlen(title));
	int used;
	size_t n = strlen(safe);
	if (text_width(safe) > cols)
		n = text_fit(safe, n, cols - text_width(ell), &used);
	snprintf(part, cap, "%.*s%s", (int)n, safe,
	         n < strlen(safe) ? ell : "");
}

/* The title (or the reload error) in exactly `cols` columns, padded. */
static void put_title(const struct view *v, char *line, size_t cap,
                      size_t *len, int cols)
{
	char part[512];
	title_part(v, part, sizeof part, cols);
	put(line, cap, len, part);
	for (int w = text_width(part); w < cols; w++)
		put(line, cap, len, " ");
}

/* The line of fields; the columns of its title (0 when left out) in
 * *title_w. */
static size_t compose(const struct view *v, int width, char *line,
                      size_t cap, int *title_w)
{
	size_t len = 0;
	*title_w = 0;
	if (!cap)
		return 0;
	line[0] = '\0';
	if (!v->loaded)
		return 0;
	struct fields f;
	choose_fields(v, width, &f);
	*title_w = f.title ? f.title_w : 0;
	const char *sep = v->utf8 ? " │ " : " | ";
	put(line, cap, &len, " ");
	if (f.title)
		put_title(v, line, cap, &len, f.title_w);
	bool first = !f.title;
	for (int i = 0; i < F_COUNT; i++) {
		if (!f.on[i])
			continue;
		/* A field kept for later (the score before the first answer,
		 * the speed while not running) is blank, separator and all. */
		bool blank = f.text[i][strspn(f.text[i], " ")] == '\0';
		if (!first)
			put(line, cap, &len, blank ? "   " : sep);
		first = false;
		put(line, cap, &len, f.text[i]);
	}
	/* Trailing blanks say nothing. */
	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	return len;
}

size_t status_line_text(const struct view *v, int width, char *line,
                        size_t cap)
{
	int title_w;
	return compose(v, width, line, cap, &title_w);
}

/* During a long replay: where from, where to, how far. */
static void progress(const struct view *v, int width, char *line, size_t cap,
                     int *title_w)
{
	const char *sep = v->utf8 ? " │ " : " | ";
	bool wide = width >= 100;
	char p[64], right[256];
	status_line_progress(p, sizeof p, v->ff.done, v->ff.total, v->ff.rate);
	snprintf(right, sizeof right, "%s %ld %s %ld%s%s",
	         wide ? "iteration" : "it", v->cur->trace.iteration,
	         glyphs_for(v->utf8)->arrow, v->ff.target, sep, p);
	int tw = width - text_width(right) - 5;
	size_t len = 0;
	line[0] = '\0';
	put(line, cap, &len, " ");
	*title_w = tw >= TITLE_MIN ? tw : 0;
	if (tw >= TITLE_MIN) {
		put_title(v, line, cap, &len, tw);
		put(line, cap, &len, sep);
	}
	put(line, cap, &len, right);
}

void status_line_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	int width = getmaxx(w);
	int attr = theme_attr(THEME_STATUS, v->color);
	wbkgdset(w, (chtype)' ' | (chtype)attr);
	werase(w);
	char line[1024];
	int title_w;
	if (v->loaded && v->ff.shown)
		progress(v, width, line, sizeof line, &title_w);
	else
		compose(v, width, line, sizeof line, &title_w);
	draw_text(w, v, 0, 0, line, width, THEME_STATUS);
	/* A saved lesson that does not load: its error, in the title's
	 * place and colour of an error, while the old lesson stays on
	 * screen. */
	if (v->loaded && broken(v) && title_w > 0) {
		char part[512];
		title_part(v, part, sizeof part, title_w);
		draw_text(w, v, 0, 1, part, title_w, THEME_ERROR);
	}
	wnoutrefresh(w);
}
