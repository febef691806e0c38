#include "dump/format_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "dump/handout.h"
#include "dump/header.h"
#include "dump/iteration.h"
#include "dump/wrap.h"
#include "render/numfmt.h"

/* =====================================================================
 * Headings
 * ===================================================================== */

/* A line of c as long as the text (at most the width), in pieces of up
 * to 128. */
static void underline(struct handout *h, const char *text, size_t len,
                      char c)
{
	char rule[128];
	memset(rule, c, sizeof rule);
	size_t u = utf8_count(text, len);
	if (u > h->width)
		u = h->width;
	while (u > 0) {
		size_t k = u < sizeof rule ? u : sizeof rule;
		writer_put(&h->w, rule, k);
		u -= k;
	}
	writer_put(&h->w, "\n", 1);
}

static void heading(struct handout *h, const char *text, char rule)
{
	size_t len = strlen(text);
	writer_put(&h->w, text, len);
	writer_put(&h->w, "\n", 1);
	underline(h, text, len, rule);
}

/* A title wider than the handout is wrapped, underlined across the
 * width. */
static void title(struct handout *h, const char *text)
{
	size_t len = strlen(text);
	if (utf8_count(text, len) <= h->width) {
		heading(h, text, '=');
		return;
	}
	wrap_words(&h->w, h->width, "", 0, text, NULL);
	underline(h, text, len, '=');
}

static void fields_title(struct handout *h, const char *text)
{
	writer_str(&h->w, text);
	writer_str(&h->w, "\n");
}

/* The parts after the iterations stand out in capitals. */
static void section(struct handout *h, const char *name)
{
	char caps[64];
	size_t n = 0;
	for (; name[n] && n + 1 < sizeof caps; n++)
		caps[n] = (char)toupper((unsigned char)name[n]);
	caps[n] = '\0';
	heading(h, caps, '=');
}

static void phase(struct handout *h, const char *name)
{
	heading(h, name, '-');
}

/* The article's banner, "---------- ITERATION #3 ----------", its
 * dashes shortened to fit. */
static void banner(struct handout *h, long iteration, bool stopped)
{
	static const char bar[] = "----------";
	char text[128];
	size_t tl = handout_titled(text, sizeof text, "ITERATION #", iteration,
	                           stopped ? " (training stopped here)" : "");
	size_t dashes = h->width > tl + 2 ? (h->width - tl - 2) / 2 : 0;
	if (dashes > 10)
		dashes = 10;
	writer_gap(&h->w);
	if (dashes < 3) {
		handout_line(h, "", 0, text);
		return;
	}
	writer_put(&h->w, bar, dashes);
	writer_put(&h->w, " ", 1);
	writer_put(&h->w, text, tl);
	writer_put(&h->w, " ", 1);
	writer_put(&h->w, bar, dashes);
	writer_put(&h->w, "\n", 1);
}

static void field(struct handout *h, const char *key, const char *value)
{
	char lead[64];
	if (h->width >= 60) {
		snprintf(lead, sizeof lead, "  %-13s ", key);
		handout_line(h, lead, 16, value);
	} else {
		/* Too narrow for a column of keys. */
		snprintf(lead, sizeof lead, "  %s: ", key);
		handout_line(h, lead, 4, value);
	}
}

/* =====================================================================
 * Arrays and operations
 * ===================================================================== */

/* "name = [[...]]" as numpy prints it, each line within the width: numpy
 * lays lines out for 75 columns, so a narrower handout asks it for a
 * deeper indent and takes the extra spaces back off every continuation
 * line. */
static void array(struct handout *h, const struct tensor *t, const double *v,
                  bool integral)
{
	char prefix[LESSON_NAME_MAX + 16];
	size_t p = strnlen(t->name, sizeof prefix - 4);
	memcpy(prefix, t->name, p);
	memcpy(prefix + p, " = ", 4);
	p += 3;
	if (p - 1 > h->width) {
		/* Not even "name =" fits: the name stands alone (only a
		 * name longer than the line overflows it) and the array
		 * follows its "=", as a folded calculation does. */
		writer_fmt(&h->w, "%s\n", t->name);
		memcpy(prefix, "= ", 3);
		p = 2;
	} else if (p > h->width / 3) {
		/* A long name: the array starts on a line of its own. */
		writer_fmt(&h->w, "%s =\n", t->name);
		p = 0;
		prefix[0] = '\0';
	}
	size_t extra = h->width < 75 ? 75 - h->width : 0, alen;
	/* numfmt prints a 1-D array when told there are no rows. */
	if (numfmt_array_text_at(&h->abuf, &h->acap, &alen, v,
	                         t->vector ? 0 : t->rows,
	                         t->vector ? t->rows * t->cols : t->cols,
	                         h->prec, integral, (int)(p + extra),
	                         h->threshold)) {
		handout_oom(h);
		return;
	}
	writer_put(&h->w, prefix, p);
	const char *s = h->abuf, *end = h->abuf + alen;
	for (bool first = true; s < end; first = false) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl + 1 : end;
		for (size_t drop = 0; !first && drop < extra && s < e && *s == ' ';
		     drop++)
			s++;
		handout_put_signed(h, s, (size_t)(e - s));
		s = e;
	}
}

static void tensor(struct handout *h, const struct tensor *t,
                   const double *v)
{
	array(h, t, v, t->integral);
}

/* A parameter after training is no longer a whole number. */
static void parameter(struct handout *h, const struct tensor *t,
                      const double *v)
{
	array(h, t, v, false);
}

/* The formula joins the name in the line buffer, to be wrapped whole. */
static void op(struct handout *h, size_t nl, const char *formula, size_t fl)
{
	memcpy(h->lbuf + nl, " = ", 3);
	memcpy(h->lbuf + nl + 3, formula, fl);
	wrap_formula(&h->w, h->width, h->lbuf, nl + 3 + fl, nl + 3);
}

static void elided(struct handout *h, size_t count, const char *name)
{
	char line[LESSON_NAME_MAX + 128];
	snprintf(line, sizeof line,
	         "%s %zu more operation%s on %s (see --format csv for all)",
	         h->g->ell, count, count == 1 ? "" : "s", name);
	handout_line(h, "", 4, line);
}

/* =====================================================================
 * Cues, reports, the stop
 * ===================================================================== */

static void cue(struct handout *h, enum format_cue kind, int number,
                const char *text)
{
	char lead[32];
	if (kind == FORMAT_EXERCISE)
		snprintf(lead, sizeof lead, "  Exercise %d. ", number);
	else
		snprintf(lead, sizeof lead, "%s",
		         kind == FORMAT_PREDICT ? "  Predict: " : "  ");
	handout_line(h, lead, 2, text);
}

static void note(struct handout *h, const char *text)
{
	handout_line(h, "  ", 2, text);
}

static void stop(struct handout *h, const char *msg)
{
	handout_line(h, "!! ", 3, msg);
}

static void reports_title(struct handout *h)
{
	(void)h;
}

static void report(struct handout *h, const char *line)
{
	handout_line(h, "", 2, line);
}

/* =====================================================================
 * Tables and plots
 * ===================================================================== */

/* The loss table's columns: the iteration right-aligned in 10, the loss
 * left-aligned in 20 before the accuracy; in a handout too narrow for
 * them, each only as wide as its longest entry.  False when even those
 * do not fit: the accuracy then gets a table of its own. */
static bool loss_columns(struct handout *h, const struct loss_point *p,
                         size_t n, bool accuracy, int *iw, int *lw)
{
	char l[48];
	int iters = 9, losses = 4, accs = 8; /* "iteration", "loss", ... */
	for (size_t i = 0; i < n; i++) {
		int k = snprintf(l, sizeof l, "%ld", p[i].iteration);
		iters = k > iters ? k : iters;
		handout_scalar(h, l, sizeof l, p[i].loss);
		k = (int)utf8_count(l, strlen(l));
		losses = k > losses ? k : losses;
		if (accuracy)
			handout_scalar(h, l, sizeof l, p[i].accuracy);
		k = accuracy ? (int)utf8_count(l, strlen(l)) : 0;
		accs = k > accs ? k : accs;
	}
	*iw = 10;
	*lw = 20;
	if (!accuracy || (size_t)(2 + *iw + 2 + *lw + 2 + accs) <= h->width)
		return true;
	*iw = iters;
	*lw = losses;
	return (size_t)(2 + *iw + 2 + *lw + 2 + accs) <= h->width;
}

/* A table of the iteration and one value (the loss, or the accuracy
 * when `accuracy`) at each point. */
static void value_table(struct handout *h, const struct loss_point *p,
                        size_t n, bool accuracy)
{
	writer_fmt(&h->w, "%s during training:\n  %10s  %s\n",
	           accuracy ? "Accuracy" : "Loss", "iteration",
	           accuracy ? "accuracy" : "loss");
	for (size_t i = 0; i < n; i++) {
		char v[48];
		handout_scalar(h, v, sizeof v,
		               accuracy ? p[i].accuracy : p[i].loss);
		writer_fmt(&h->w, "  %10ld  %s\n", p[i].iteration, v);
	}
}

static void loss_table(struct handout *h, const struct loss_point *p,
                       size_t n, bool accuracy)
{
	int iw, lw;
	if (!loss_columns(h, p, n, accuracy, &iw, &lw) || !accuracy) {
		value_table(h, p, n, false);
		if (accuracy) {
			writer_str(&h->w, "\n");
			value_table(h, p, n, true);
		}
		return;
	}
	writer_fmt(&h->w, "Loss during training:\n  %*s  %-*s  %s\n", iw,
	           "iteration", lw, "loss", "accuracy");
	for (size_t i = 0; i < n; i++) {
		char l[48], c[48];
		handout_scalar(h, l, sizeof l, p[i].loss);
		handout_scalar(h, c, sizeof c, p[i].accuracy);
		writer_fmt(&h->w, "  %*ld  %-*s  %s\n", iw, p[i].iteration, lw,
		           l, c);
	}
}

static void plot(struct handout *h, const struct plot_grid *g, char *row,
                 size_t cap)
{
	for (int r = 0; r < g->height; r++) {
		size_t n = plot_grid_text(g, r, row, cap);
		writer_put(&h->w, row, n);
		writer_put(&h->w, "\n", 1);
	}
}

/* Numbers aligned on their decimal point: each cell padded to the
 * column's widest integer part on the left and fraction on the right. */
struct num_col {
	size_t int_w, frac_w;
	size_t width; /* the column's, its header's included */
};

static void num_split(const char *s, size_t *int_w, size_t *frac_w)
{
	const char *dot = strchr(s, '.');
	size_t n = strlen(s), k = dot ? (size_t)(dot - s) : n;
	*int_w = utf8_count(s, k);
	*frac_w = utf8_count(s + k, n - k);
}

/* Each column's widths, from its cells and its header. */
static void measure(const struct sample_table *t, struct num_col *c)
{
	char cell[NUMFMT_CELL_MAX + 8], head[LESSON_NAME_MAX + 48];
	for (size_t s = 0; s < t->n_rows; s++)
		for (size_t k = 0; k < t->n_cols; k++) {
			size_t i, f;
			t->cell(t->ctx, s, k, cell, sizeof cell);
			num_split(cell, &i, &f);
			c[k].int_w = i > c[k].int_w ? i : c[k].int_w;
			c[k].frac_w = f > c[k].frac_w ? f : c[k].frac_w;
		}
	for (size_t k = 0; k < t->n_cols; k++) {
		t->head(t->ctx, k, head, sizeof head);
		size_t hw = utf8_count(head, strlen(head));
		size_t nw = c[k].int_w + c[k].frac_w;
		c[k].width = hw > nw ? hw : nw;
	}
}

/* Columns [k0, k1) of sample s, and its range when `range`. */
static void sample_row(struct handout *h, const struct sample_table *t,
                       const struct num_col *c, int idx_w, size_t s,
                       size_t k0, size_t k1, bool range)
{
	char cell[NUMFMT_CELL_MAX + 8];
	writer_fmt(&h->w, "  %*zu", idx_w, s);
	for (size_t k = k0; k < k1; k++) {
		size_t iw, fw;
		t->cell(t->ctx, s, k, cell, sizeof cell);
		num_split(cell, &iw, &fw);
		writer_spaces(&h->w, 2 + c[k].width - c[k].frac_w - iw);
		writer_str(&h->w, cell);
		writer_spaces(&h->w, c[k].frac_w - fw);
	}
	if (range)
		writer_fmt(&h->w, "  %s", t->outside(t->ctx, s) ? "outside"
		                                                : "inside");
	writer_str(&h->w, "\n");
}

/* The table of columns [k0, k1), with the range column when `range`. */
static void sample_block(struct handout *h, const struct sample_table *t,
                         const struct num_col *c, int idx_w, size_t k0,
                         size_t k1, bool range)
{
	char head[LESSON_NAME_MAX + 48];
	writer_fmt(&h->w, "  %*s", idx_w, "#");
	for (size_t k = k0; k < k1; k++) {
		t->head(t->ctx, k, head, sizeof head);
		writer_spaces(&h->w, 2 + c[k].width - utf8_count(head,
		                                                 strlen(head)));
		writer_str(&h->w, head);
	}
	writer_str(&h->w, range ? "  range\n" : "\n");
	for (size_t s = 0; s < t->n_rows && !h->w.err; s++)
		sample_row(h, t, c, idx_w, s, k0, k1, range);
}

/* A table wider than the handout is cut into tables of as many columns
 * as fit, each led by the sample numbers, the range after the last. */
static void samples(struct handout *h, const struct sample_table *t)
{
	struct num_col *c = calloc(t->n_cols, sizeof *c);
	if (!c) {
		handout_oom(h);
		return;
	}
	measure(t, c);
	char num[32];
	int idx_w = snprintf(num, sizeof num, "%zu",
	                     t->n_rows ? t->n_rows - 1 : 0);
	if (idx_w < 1)
		idx_w = 1;
	const size_t range_w = 2 + 7; /* "  outside" */
	size_t k0 = 0;
	do {
		size_t used = 2 + (size_t)idx_w, k1 = k0;
		while (k1 < t->n_cols &&
		       (k1 == k0 || used + 2 + c[k1].width +
		                            (k1 + 1 == t->n_cols ? range_w : 0) <=
		                    h->width))
			used += 2 + c[k1++].width;
		if (k0)
			writer_str(&h->w, "\n");
		sample_block(h, t, c, idx_w, k0, k1, k1 == t->n_cols);
		k0 = k1;
	} while (k0 < t->n_cols && !h->w.err);
	if (t->n_more) {
		char line[96];
		snprintf(line, sizeof line, "%s %zu more sample%s", h->g->ell,
		         t->n_more, t->n_more == 1 ? "" : "s");
		handout_line(h, "  ", 2, line);
	}
	free(c);
}

/* "  1. l1_dot[1,0] = −0.97401842 (iteration 0)" */
static void answer(struct handout *h, const struct exercise *x)
{
	char lead[32], line[LESSON_NAME_MAX + NUMFMT_CELL_MAX + 96];
	snprintf(lead, sizeof lead, "  %d. ", x->number);
	snprintf(line, sizeof line, "%s = %s (iteration %ld)", x->name, x->text,
	         x->iteration);
	handout_line(h, lead, strlen(lead), line);
}

const struct handout_format format_text = {
	.start = header_write,
	.iteration = iteration_write,
	.prose = true,
	.max_terms = FORMAT_MAX_TERMS,
	.escape = NULL,
	.title = title,
	.fields_title = fields_title,
	.field = field,
	.section = section,
	.phase = phase,
	.banner = banner,
	.tensor = tensor,
	.parameter = parameter,
	.op = op,
	.elided = elided,
	.cue = cue,
	.note = note,
	.stop = stop,
	.reports_title = reports_title,
	.report = report,
	.loss_table = loss_table,
	.plot = plot,
	.samples = samples,
	.answer = answer,
};
