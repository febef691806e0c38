#include "dump/handout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump/format.h"
#include "dump/wrap.h"
#include "render/numfmt.h"

/* Ensures a buffer holds at least `need` bytes. */
static int reserve(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 1024;
	while (c < need)
		c *= 2;
	char *p = realloc(*buf, c);
	if (!p)
		return -1;
	*buf = p;
	*cap = c;
	return 0;
}

/* formula_style's layout: the tensor's as the handout prints it, or
 * none (1-cell results, which it prints only in their calculation). */
static const struct numfmt *printed_layout(void *arg, int t)
{
	const struct handout *h = arg;
	return h->printed[t] ? &h->layouts[t] : NULL;
}

void handout_layouts(struct handout *h)
{
	const struct net *n = h->net;
	for (size_t i = 0; i < n->n_tensors; i++) {
		const struct tensor *t = &n->tensors[i];
		/* what format_text's array() and format_markdown's tables
		 * print: the data and parameters, and every tensor of more
		 * than one cell */
		size_t cells = t->rows * t->cols;
		h->printed[i] = t->given || cells > 1;
		h->noted[i] = false;
		if (h->printed[i])
			numfmt_plan_shown_at(&h->layouts[i],
			                     h->t.values + t->offset,
			                     t->vector ? 0 : t->rows,
			                     t->vector ? cells : t->cols, h->prec,
			                     t->integral, h->threshold);
	}
}

/* How text and Markdown draw plots (HTML: SVG unless none). */
static void choose_plots(struct handout *h, const struct dump_options *o)
{
	h->plots_off = o->plots == DUMP_PLOTS_NONE;
	if (o->plots == DUMP_PLOTS_AUTO)
		h->plots_utf8 = o->format == DUMP_TEXT && o->terminal && o->utf8;
	else
		h->plots_utf8 = o->plots == DUMP_PLOTS_BRAILLE;
}

int handout_init(struct handout *h, FILE *out, const struct net *n,
                 const struct handout_format *fmt,
                 const struct dump_options *o)
{
	int precision = o->precision >= 0 ? o->precision : n->lesson->precision;
	size_t width = o->width > 0 ? (size_t)o->width : 80;
	/* An HTML file is UTF-8 whatever the terminal's locale. */
	bool utf8 = o->utf8 || o->format == DUMP_HTML;
	memset(h, 0, sizeof *h);
	h->net = n;
	h->l = n->lesson;
	h->fmt = fmt;
	h->g = glyphs_for(utf8);
	h->utf8 = utf8;
	h->prec = precision;
	h->width = width;
	h->variant = o->variant;
	/* A CSV prints no tensor: its calculations write each tensor as
	 * numpy's own print of it would, at numpy's default threshold. */
	h->threshold = o->format == DUMP_CSV ? NUMFMT_THRESHOLD
	               : o->full            ? (size_t)-1
	                                    : HANDOUT_THRESHOLD;
	choose_plots(h, o);
	h->blanks.precision = precision;
	h->blanks.scope = -1;
	h->fs = (struct formula_style){
		.precision = precision, .utf8 = utf8,
		.max_terms = fmt->max_terms, .layout = printed_layout,
		.layout_arg = h};
	h->last = h->l->iterations - 1;
	/* Without the cache formulas are only slower. */
	h->fs.cache = h->fcache = calloc(1, sizeof *h->fcache);
	size_t nt = n->n_tensors ? n->n_tensors : 1;
	h->layouts = calloc(nt, sizeof *h->layouts);
	h->printed = calloc(nt, sizeof *h->printed);
	h->noted = calloc(nt, sizeof *h->noted);
	if (!h->layouts || !h->printed || !h->noted ||
	    writer_init(&h->w, out) || engine_init(&h->e, n) ||
	    trace_init(&h->t, n) || reserve(&h->fbuf, &h->fcap, 4096) ||
	    reserve(&h->lbuf, &h->lcap, 4096))
		return -1;
	if (o->variant == DUMP_WORKSHEET) {
		h->w.filter = blank_filter;
		h->w.filter_arg = &h->blanks;
	}
	if (o->page_length > 0 && writer_pages_start(&h->w, o->page_length,
	                                             width))
		return -1;
	handout_where(h, "");
	return 0;
}

void handout_free(struct handout *h)
{
	writer_free(&h->w);
	script_free(&h->sc);
	trace_free(&h->t);
	engine_free(&h->e);
	free(h->abuf);
	free(h->fcache);
	free(h->layouts);
	free(h->printed);
	free(h->noted);
	free(h->fbuf);
	free(h->lbuf);
	free(h->reps);
	free(h->ex);
	free(h->marks);
	free(h->sbuf);
	blank_free(&h->blanks);
}

void handout_oom(struct handout *h)
{
	writer_fail(&h->w, ENOMEM);
}

long handout_formula(struct handout *h, const struct trace *t, size_t step)
{
	/* The layouts are those of the lesson's net; the predictions' test
	 * net, whose table writes scalars, is written in scalars. */
	struct formula_style fs = h->fs;
	if (t->net != h->net)
		fs.layout = NULL;
	/* formula_numeric cuts silently: a text that filled the buffer may
	 * have been cut, so it is made again in one twice the size. */
	for (;;) {
		size_t n = formula_numeric(h->fbuf, h->fcap, t, step, &fs);
		if (n + 1 < h->fcap)
			return (long)n;
		if (reserve(&h->fbuf, &h->fcap, h->fcap * 2)) {
			handout_oom(h);
			return -1;
		}
	}
}

void handout_scalar(const struct handout *h, char *buf, size_t cap, double v)
{
	char b[NUMFMT_CELL_MAX];
	numfmt_scalar(b, sizeof b, v, h->prec);
	if (b[0] == '-')
		snprintf(buf, cap, "%s%s", h->g->minus, b + 1);
	else
		snprintf(buf, cap, "%s", b);
}

void handout_put_signed(struct handout *h, const char *s, size_t n)
{
	const char *minus = h->g->minus;
	if (minus[0] == '-' && !minus[1]) {
		writer_put(&h->w, s, n);
		return;
	}
	if (!memchr(s, '-', n)) {
		writer_put(&h->w, s, n);
		return;
	}
	/* Made whole, then written in one piece: a worksheet's filter sees
	 * each number with its sign. */
	size_t ml = strlen(minus);
	if (reserve(&h->sbuf, &h->scap, n * ml + 1)) {
		handout_oom(h);
		return;
	}
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' && !(i > 0 && (s[i - 1] == 'e' || s[i - 1] == 'E'))) {
			memcpy(h->sbuf + len, minus, ml);
			len += ml;
		} else {
			h->sbuf[len++] = s[i];
		}
	}
	writer_put(&h->w, h->sbuf, len);
}

void handout_where(struct handout *h, const char *where)
{
	if (!h->w.pages)
		return;
	char text[512];
	const char *title = h->l->title ? h->l->title : "Untitled lesson";
	const char *variant = h->variant == DUMP_WORKSHEET ? " (worksheet)"
	                      : h->variant == DUMP_ANSWERS ? " (answer key)"
	                                                   : "";
	snprintf(text, sizeof text, "%s%s%s%s", title, variant,
	         *where ? (h->utf8 ? " \xc2\xb7 " : " - ") : "", where);
	writer_page_title(&h->w, text);
}

void handout_keep_next(struct handout *h)
{
	writer_block_begin(&h->w);
	h->keeps++;
}

void handout_unit_begin(struct handout *h)
{
	writer_block_begin(&h->w);
}

void handout_unit_end(struct handout *h)
{
	writer_block_end(&h->w);
	for (; h->keeps > 0; h->keeps--)
		writer_block_end(&h->w);
}

size_t handout_titled(char *out, size_t cap, const char *lead, long it,
                      const char *tail)
{
	char num[24];
	size_t nn = 0;
	if (it < 0) {
		num[nn++] = '-';
		it = -it;
	}
	nn += numfmt_decimal(num + nn, (unsigned long long)it);
	const char *part[3] = {lead, num, tail};
	size_t plen[3] = {strlen(lead), nn, strlen(tail)}, len = 0;
	for (int i = 0; i < 3 && cap; i++) {
		size_t k = plen[i] < cap - 1 - len ? plen[i] : cap - 1 - len;
		memcpy(out + len, part[i], k);
		len += k;
	}
	if (cap)
		out[len] = '\0';
	return len;
}

const char *handout_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

void handout_prose(struct handout *h, const char *lead, size_t hang,
                   const char *text)
{
	if (h->fmt->para)
		h->fmt->para(h, lead, text);
	else
		wrap_words(&h->w, h->width, lead, hang, text, h->fmt->escape);
}

void handout_line(struct handout *h, const char *lead, size_t hang,
                  const char *text)
{
	if (h->fmt->para)
		h->fmt->para(h, lead, text);
	else
		wrap_words(&h->w, h->width, lead, hang, text, NULL);
}

void handout_section(struct handout *h, const char *name)
{
	char where[64];
	size_t n = 0;
	for (; name[n] && n + 1 < sizeof where; n++)
		where[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32
		                                                   : name[n]);
	where[n] = '\0';
	handout_where(h, where);
	writer_gap(&h->w);
	handout_keep_next(h);
	h->fmt->section(h, name);
	h->after_block = true;
}

void handout_phase(struct handout *h, enum phase p)
{
	static const char *const titles[PHASE_COUNT] = {
		"Forward pass", "Loss", "Backward pass", "Update"};
	writer_gap(&h->w);
	handout_keep_next(h);
	h->fmt->phase(h, titles[p]);
	h->after_block = true;
}

const struct exercise *handout_exercise_at(const struct handout *h,
                                           const struct trace *t,
                                           size_t step)
{
	if (t != &h->t)
		return NULL;
	for (size_t i = h->ex_first; i < h->n_ex; i++)
		if (h->ex[i].step == step &&
		    h->ex[i].iteration == t->iteration)
			return &h->ex[i];
	return NULL;
}

/* A worksheet's exercise: the result replaced by a blank. */
static size_t blank_result(const struct handout *h, size_t fl,
                           const struct exercise *x)
{
	static const char blank[] = " = ________";
	size_t vl = strlen(x->text);
	if (fl >= vl + 3 && memcmp(h->fbuf + fl - vl - 3, " = ", 3) == 0 &&
	    memcmp(h->fbuf + fl - vl, x->text, vl) == 0)
		fl -= vl + 3;
	/* (handout_formula left room: its buffer holds twice the text) */
	memcpy(h->fbuf + fl, blank, sizeof blank);
	return fl + sizeof blank - 1;
}

long handout_shown_formula(struct handout *h, const struct trace *t,
                           size_t step)
{
	long fl = handout_formula(h, t, step);
	const struct exercise *x = handout_exercise_at(h, t, step);
	if (fl < 0 || !x || h->variant != DUMP_WORKSHEET)
		return fl;
	if (reserve(&h->fbuf, &h->fcap, (size_t)fl + 16)) {
		handout_oom(h);
		return -1;
	}
	return (long)blank_result(h, (size_t)fl, x);
}

void handout_op(struct handout *h, const struct trace *t, size_t step)
{
	const struct op *op = &t->ops[step];
	/* The cell's name is made at the start of the line buffer (4 KiB
	 * from handout_init, room for any name), where a format can put the
	 * rest of the line after it: a copy of it per operation was a
	 * quarter of a percent of a handout. */
	size_t nl = formula_cell_name(h->lbuf, h->lcap, t->net,
	                              (struct cell_ref){op->tensor, op->index});
	long fl = handout_shown_formula(h, t, step);
	if (fl < 0)
		return;
	if (reserve(&h->lbuf, &h->lcap, nl + (size_t)fl + 16)) {
		handout_oom(h);
		return;
	}
	if (h->after_block) {
		writer_gap(&h->w);
		h->after_block = false;
	}
	handout_unit_begin(h);
	h->op_step = t == &h->t ? (long)step : -1;
	h->fmt->op(h, nl, h->fbuf, (size_t)fl);
	handout_unit_end(h);
}

void handout_plot(struct handout *h, int height,
                  const struct plot_series *s, size_t ns,
                  const struct plot_options *o)
{
	if (h->plots_off)
		return;
	if (h->fmt->chart) {
		writer_gap(&h->w);
		h->fmt->chart(h, s, ns, o);
		h->after_block = true;
		return;
	}
	/* The plot's own glyphs: braille and box drawing, or ASCII that
	 * every printer and font has. */
	struct plot_options po = *o;
	po.utf8 = h->plots_utf8;
	struct plot_series ps[4];
	size_t n = ns < 4 ? ns : 4;
	for (size_t k = 0; k < n; k++) {
		ps[k] = s[k];
		if (!po.utf8 && ps[k].style == PLOT_MARKS)
			ps[k].mark = NULL; /* "x" */
	}
	struct plot_grid g = {0};
	size_t cap = PLOT_ROW_BYTES(h->width);
	char *row = malloc(cap);
	if (!row || plot_grid_render(&g, (int)h->width, height, ps, n, &po)) {
		free(row);
		handout_oom(h);
		return;
	}
	writer_gap(&h->w);
	handout_unit_begin(h);
	h->fmt->plot(h, &g, row, cap);
	handout_unit_end(h);
	h->after_block = true;
	free(row);
	plot_grid_free(&g);
}

int handout_plot_rows(const struct handout *h, int per, int lo, int hi)
{
	int v = (int)h->width / per;
	return v < lo ? lo : v > hi ? hi : v;
}
