#include "dump/format_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "dump/handout.h"
#include "dump/header.h"
#include "dump/iteration.h"
#include "render/numfmt.h"

/* The charts' size in pixels (a legend row each under them). */
#define CHART_WIDTH 640
#define CHART_HEIGHT 300

/* How the handout looks on screen and on paper.  No '<' or '&' in it:
 * the file is XML too. */
static const char style[] =
	"body { font-family: 'DejaVu Serif', Georgia, serif; color: #111;\n"
	"  max-width: 52em; margin: 2em auto; padding: 0 1em;\n"
	"  line-height: 1.4; }\n"
	"h1 { string-set: title content(); }\n"
	"h2.iteration { string-set: where content(); }\n"
	"section.part h2 { string-set: where content(); }\n"
	"code, pre, table.tensor, table.numbers {\n"
	"  font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; }\n"
	"p.calc { margin: 0.15em 0 0.15em 2em; text-indent: -2em;\n"
	"  break-inside: avoid; page-break-inside: avoid; }\n"
	"p.calc.exercise code { background: #fdecea; }\n"
	"div.cue { margin: 0.7em 0; padding: 0.2em 0.7em;\n"
	"  border-left: 3px solid #1f4e9c; background: #f2f5fa;\n"
	"  break-inside: avoid; page-break-inside: avoid;\n"
	"  break-after: avoid; page-break-after: avoid; }\n"
	"div.cue p { margin: 0.3em 0; }\n"
	"div.exercise { border-left-color: #c0392b; background: #fbf1f0; }\n"
	"p.note, p.elided { color: #444; font-style: italic; }\n"
	"p.stop { color: #a00; font-weight: bold; }\n"
	"h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
	"dl.fields dt { float: left; clear: left; width: 8em;\n"
	"  font-weight: bold; }\n"
	"dl.fields dd { margin: 0 0 0.2em 9em; }\n"
	"table { border-collapse: collapse; margin: 0.5em 0; }\n"
	"div.tensor, table.numbers { break-inside: avoid;\n"
	"  page-break-inside: avoid; }\n"
	"div.tensor p { margin: 0.6em 0 0.2em 0; }\n"
	"caption { text-align: left; font-weight: bold; padding: 0.2em 0;\n"
	"  white-space: nowrap; }\n"
	"td, th { border: 1px solid #bbb; padding: 0.1em 0.5em;\n"
	"  text-align: right; }\n"
	"th { background: #eee; font-weight: normal; }\n"
	"td.shown { background: #fff2b8; font-weight: bold; }\n"
	"td.shown a { color: inherit; text-decoration: none; }\n"
	"pre.report { margin: 0.1em 0 0.1em 2em; }\n"
	"pre.grid { line-height: 1.1; break-inside: avoid; }\n"
	"figure.chart { margin: 1em 0; break-inside: avoid;\n"
	"  page-break-inside: avoid; }\n"

	"@page { size: A4; margin: 2cm 1.6cm;\n"
	"  @top-left { content: string(title); font-size: 9pt; }\n"
	"  @top-right { content: string(where); font-size: 9pt;\n"
	"    text-transform: lowercase; }\n"
	"  @bottom-center { content: 'page ' counter(page) ' of '\n"
	"    counter(pages); font-size: 9pt; } }\n"
	"@media print {\n"
	"  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }\n"
	"  section.iteration, section.part { break-before: page;\n"
	"    page-break-before: always; }\n"
	"  a { color: inherit; text-decoration: none; } }\n";

/* =====================================================================
 * Escaping
 * ===================================================================== */

/* s[0..n), clean text, as HTML text: & < > " ' as entities. */
static void entities(struct handout *h, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = c == '&'    ? "&amp;"
		                : c == '<'  ? "&lt;"
		                : c == '>'  ? "&gt;"
		                : c == '"'  ? "&quot;"
		                : c == '\'' ? "&#39;"
		                            : NULL;
		if (e) {
			writer_put(&h->w, s + from, i - from);
			writer_str(&h->w, e);
			from = i + 1;
		}
	}
	writer_put(&h->w, s + from, n - from);
}

/* s[0..n) as HTML text.  What the other handouts and the terminal would
 * not show as it is -- a byte that is not UTF-8, a control character
 * (which XML also forbids), a bidirectional or zero-width character --
 * is made visible by the one sanitiser (core/sanitize.h: \xNN, \uNNNN),
 * line by line (a newline and a tab are the text's own); then the
 * entities, so that a lesson's bytes can never open a tag or break the
 * file. */
static void esc_n(struct handout *h, const char *s, size_t n)
{
	while (n) {
		size_t k = 0;
		while (k < n && s[k] != '\n' && s[k] != '\t')
			k++;
		char *safe = NULL;
		if (sanitize_needed(s, k) && (safe = malloc(10 * k + 1)))
			entities(h, safe, sanitize_text(safe, 10 * k + 1, s, k));
		else if (!sanitize_needed(s, k))
			entities(h, s, k);
		/* (without memory, the unsafe run is left out) */
		free(safe);
		if (k < n)
			writer_put(&h->w, s + k, 1);
		k += k < n;
		s += k;
		n -= k;
	}
}

static void esc(struct handout *h, const char *s)
{
	esc_n(h, s, strlen(s));
}

/* Text in paragraphs, each opened with `open` (a '\n' in a lesson's text
 * starts a new one); the first begins with `lead_html` (markup of the
 * handout's own) and `lead` (words, escaped). */
static void paragraphs(struct handout *h, const char *open,
                       const char *lead_html, const char *lead,
                       const char *text)
{
	const char *p = text;
	bool first = true;
	do {
		size_t n = strcspn(p, "\n");
		size_t k = n;
		while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		if (k || first) {
			writer_str(&h->w, open);
			if (first) {
				writer_str(&h->w, lead_html);
				esc(h, lead);
			}
			esc_n(h, p, k);
			writer_str(&h->w, "</p>\n");
			first = false;
		}
		p += n;
		while (*p == '\n' || *p == ' ' || *p == '\t')
			p++;
	} while (*p);
}

/* Closes a list of fields or answers left open. */
static void settle(struct handout *h)
{
	if (!h->in_list)
		return;
	writer_str(&h->w, "</dl>\n");
	h->in_list = false;
}

/* =====================================================================
 * Document and headings
 * ===================================================================== */

static void start(struct handout *h)
{
	const char *title = h->l->title ? h->l->title : "Untitled lesson";
	writer_str(&h->w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	                  "<meta charset=\"utf-8\"/>\n"
	                  "<meta name=\"viewport\" content=\"width=device-width, "
	                  "initial-scale=1\"/>\n<title>");
	esc(h, title);
	if (h->variant != DUMP_PLAIN)
		writer_str(&h->w, h->variant == DUMP_WORKSHEET ? " (worksheet)"
		                                               : " (answer key)");
	writer_str(&h->w, "</title>\n<style>\n");
	writer_str(&h->w, style);
	writer_str(&h->w, "</style>\n</head>\n<body>\n");
	header_write(h);
}

/* Closes the open section, if any. */
static void end_section(struct handout *h)
{
	settle(h);
	if (h->in_section)
		writer_str(&h->w, "</section>\n");
	h->in_section = false;
}

static void end(struct handout *h)
{
	end_section(h);
	writer_str(&h->w, "</body>\n</html>\n");
}

static void title(struct handout *h, const char *text)
{
	writer_str(&h->w, "<h1>");
	esc(h, text);
	if (h->variant != DUMP_PLAIN)
		writer_str(&h->w, h->variant == DUMP_WORKSHEET
		                          ? " <small>(worksheet)</small>"
		                          : " <small>(answer key)</small>");
	writer_str(&h->w, "</h1>\n");
}

static void fields_title(struct handout *h, const char *text)
{
	settle(h);
	writer_str(&h->w, "<h2>");
	esc(h, text);
	writer_str(&h->w, "</h2>\n<dl class=\"fields\">\n");
	h->in_list = true;
}

static void field(struct handout *h, const char *key, const char *value)
{
	writer_str(&h->w, "<dt>");
	esc(h, key);
	writer_str(&h->w, "</dt><dd>");
	esc(h, value);
	writer_str(&h->w, "</dd>\n");
}

/* A part after the iterations starts a page of its own in print. */
static void section(struct handout *h, const char *name)
{
	end_section(h);
	writer_str(&h->w, "<section class=\"part\">\n<h2>");
	esc(h, name);
	writer_str(&h->w, "</h2>\n");
	h->in_section = true;
}

static void phase(struct handout *h, const char *name)
{
	settle(h);
	writer_str(&h->w, "<h3>");
	esc(h, name);
	writer_str(&h->w, "</h3>\n");
}

static void banner(struct handout *h, long iteration, bool stopped)
{
	end_section(h);
	writer_fmt(&h->w, "<section class=\"iteration\" id=\"iteration-%ld\">\n"
	           "<h2 class=\"iteration\">Iteration %ld%s</h2>\n", iteration,
	           iteration, stopped ? " (training stopped here)" : "");
	h->in_section = true;
}

static void para(struct handout *h, const char *lead, const char *text)
{
	settle(h);
	paragraphs(h, "<p>", "", lead, text);
}

/* =====================================================================
 * Tensors as tables
 * ===================================================================== */

/* The step whose calculation wrote cell `index` of the tensor shown, or
 * -1 (h->marks). */
static long marked(const struct handout *h, size_t index)
{
	for (size_t i = 0; i < h->n_marks; i++)
		if (h->marks[i].index == index)
			return (long)h->marks[i].step;
	return -1;
}

/* A cell: the number in the tensor's layout, marked and linked to its
 * calculation when `step` >= 0. */
static void cell(struct handout *h, double v, const struct numfmt *f,
                 long step)
{
	char text[NUMFMT_CELL_MAX * 2];
	numfmt_cell(text, sizeof text, v, f);
	const char *p = text;
	while (*p == ' ')
		p++;
	size_t m = strlen(p);
	while (m && p[m - 1] == ' ')
		m--;
	if (step >= 0)
		writer_fmt(&h->w, "<td class=\"shown\"><a href=\"#c%ld-%ld\">",
		           h->t.iteration, step);
	else
		writer_str(&h->w, "<td>");
	handout_put_signed(h, p, m);
	writer_str(&h->w, step >= 0 ? "</a></td>" : "</td>");
}

static void gap_cell(struct handout *h, const char *tag)
{
	writer_fmt(&h->w, "<%s>%s</%s>", tag, h->g->ell, tag);
}

/* rows x cols values (a 1-D vector: one row, rows 0), summarised as
 * numpy summarises beyond the handout's threshold; `marks`: cells with a
 * calculation above get marked. */
static void table(struct handout *h, const char *caption, const double *v,
                  size_t rows, size_t cols, bool integral, bool marks)
{
	size_t nr = rows ? rows : 1, size = nr * cols, th = h->threshold;
	size_t sr = numfmt_axis_shown(nr, size, th);
	size_t sc = numfmt_axis_shown(cols, size, th);
	struct numfmt f;
	numfmt_plan_shown_at(&f, v, rows, cols, h->prec, integral, th);
	writer_str(&h->w, "<div class=\"tensor\">\n<p>");
	esc(h, caption);
	writer_str(&h->w, "</p>\n<table class=\"tensor\">\n<thead><tr>");
	if (rows)
		writer_str(&h->w, "<th></th>");
	for (size_t j = 0; j < sc; j++) {
		if (sc < cols && j == NUMFMT_EDGEITEMS)
			gap_cell(h, "th");
		writer_fmt(&h->w, "<th>%zu</th>",
		           numfmt_axis_index(cols, size, th, j));
	}
	writer_str(&h->w, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < sr; i++) {
		size_t r = numfmt_axis_index(nr, size, th, i);
		if (sr < nr && i == NUMFMT_EDGEITEMS) {
			writer_str(&h->w, "<tr>");
			for (size_t j = 0; j < sc + (sc < cols) + 1; j++)
				gap_cell(h, j ? "td" : "th");
			writer_str(&h->w, "</tr>\n");
		}
		writer_str(&h->w, "<tr>");
		if (rows)
			writer_fmt(&h->w, "<th>%zu</th>", r);
		for (size_t j = 0; j < sc; j++) {
			if (sc < cols && j == NUMFMT_EDGEITEMS)
				gap_cell(h, "td");
			size_t k = r * cols + numfmt_axis_index(cols, size, th, j);
			cell(h, v[k], &f, marks ? marked(h, k) : -1);
		}
		writer_str(&h->w, "</tr>\n");
	}
	writer_str(&h->w, "</tbody>\n</table>\n</div>\n");
}

static void caption_of(const struct handout *h, const struct tensor *t,
                       char *buf, size_t cap)
{
	const char *label = t->role == GLOBAL_INPUT    ? "Inputs "
	                    : t->role == GLOBAL_TARGET ? "Targets "
	                                               : "";
	if (t->vector)
		snprintf(buf, cap, "%s%s (%zu)", label, t->name, t->rows * t->cols);
	else
		snprintf(buf, cap, "%s%s (%zu %s %zu)", label, t->name, t->rows,
		         h->g->by, t->cols);
}

static void tensor(struct handout *h, const struct tensor *t,
                   const double *v)
{
	char cap[LESSON_NAME_MAX + 64];
	settle(h);
	caption_of(h, t, cap, sizeof cap);
	table(h, cap, v, t->vector ? 0 : t->rows,
	      t->vector ? t->rows * t->cols : t->cols, t->integral, true);
}

static void parameter(struct handout *h, const struct tensor *t,
                      const double *v)
{
	char cap[LESSON_NAME_MAX + 64];
	settle(h);
	snprintf(cap, sizeof cap, "%s (%zu %s %zu)", t->name, t->rows, h->g->by,
	         t->cols);
	table(h, cap, v, t->rows, t->cols, false, false);
}

/* =====================================================================
 * Operations, cues, reports
 * ===================================================================== */

static void op(struct handout *h, size_t nl, const char *formula, size_t fl)
{
	settle(h);
	const struct exercise *x =
		h->op_step >= 0 ? handout_exercise_at(h, &h->t, (size_t)h->op_step)
		                : NULL;
	writer_str(&h->w, x ? "<p class=\"calc exercise\"" : "<p class=\"calc\"");
	if (h->op_step >= 0)
		writer_fmt(&h->w, " id=\"c%ld-%ld\"", h->t.iteration, h->op_step);
	writer_str(&h->w, "><code>");
	esc_n(h, h->lbuf, nl);
	writer_str(&h->w, " = ");
	esc_n(h, formula, fl);
	writer_str(&h->w, "</code></p>\n");
}

static void elided(struct handout *h, size_t count, const char *name)
{
	writer_fmt(&h->w, "<p class=\"elided\">%s %zu more operation%s on "
	           "<code>", h->g->ell, count, count == 1 ? "" : "s");
	esc(h, name);
	writer_str(&h->w, "</code> (the CSV handout has them all)</p>\n");
}

static void cue(struct handout *h, enum format_cue kind, int number,
                const char *text)
{
	char lead[64] = "";
	settle(h);
	if (kind == FORMAT_EXERCISE)
		snprintf(lead, sizeof lead, "<strong>Exercise %d.</strong> ",
		         number);
	else if (kind == FORMAT_PREDICT)
		snprintf(lead, sizeof lead, "<strong>Predict:</strong> ");
	writer_fmt(&h->w, "<div class=\"cue %s\">\n",
	           kind == FORMAT_EXERCISE  ? "exercise"
	           : kind == FORMAT_PREDICT ? "predict"
	                                    : "say");
	paragraphs(h, "<p>", lead, "", text);
	writer_str(&h->w, "</div>\n");
}

static void note(struct handout *h, const char *text)
{
	settle(h);
	paragraphs(h, "<p class=\"note\">", "", "", text);
}

static void stop(struct handout *h, const char *msg)
{
	settle(h);
	paragraphs(h, "<p class=\"stop\">", "", "", msg);
}

static void reports_title(struct handout *h)
{
	settle(h);
	writer_str(&h->w, "<p>Reports:</p>\n");
}

static void report(struct handout *h, const char *line)
{
	settle(h);
	writer_str(&h->w, "<pre class=\"report\">");
	esc(h, line);
	writer_str(&h->w, "</pre>\n");
}

/* A grid of characters (a picture, a confusion matrix): the lines as
 * they are, in a block that keeps its columns.  Curves are drawn as SVG
 * by `chart`, never through here. */
static void plot(struct handout *h, const struct plot_grid *g, char *row,
                 size_t cap)
{
	settle(h);
	writer_str(&h->w, "<pre class=\"grid\">");
	for (int r = 0; r < g->height; r++) {
		plot_grid_text(g, r, row, cap);
		esc(h, row);
		writer_str(&h->w, "\n");
	}
	writer_str(&h->w, "</pre>\n");
}

/* =====================================================================
 * Tables, charts, answers
 * ===================================================================== */

static void loss_table(struct handout *h, const struct loss_point *p,
                       size_t n, bool accuracy)
{
	settle(h);
	writer_fmt(&h->w, "<table class=\"numbers\">\n<caption>Loss during "
	           "training</caption>\n<thead><tr><th>iteration</th>"
	           "<th>loss</th>%s</tr></thead>\n<tbody>\n",
	           accuracy ? "<th>accuracy</th>" : "");
	for (size_t i = 0; i < n; i++) {
		char l[48], c[48];
		handout_scalar(h, l, sizeof l, p[i].loss);
		writer_fmt(&h->w, "<tr><td>%ld</td><td>%s</td>", p[i].iteration, l);
		if (accuracy) {
			handout_scalar(h, c, sizeof c, p[i].accuracy);
			writer_fmt(&h->w, "<td>%s</td>", c);
		}
		writer_str(&h->w, "</tr>\n");
	}
	writer_str(&h->w, "</tbody>\n</table>\n");
}

static void chart(struct handout *h, const struct plot_series *s, size_t ns,
                  const struct plot_options *o)
{
	char *svg = NULL;
	size_t cap = 0, len = 0;
	settle(h);
	if (plot_svg(&svg, &cap, &len, CHART_WIDTH, CHART_HEIGHT, s, ns, o)) {
		free(svg);
		handout_oom(h);
		return;
	}
	writer_str(&h->w, "<figure class=\"chart\">\n");
	writer_put(&h->w, svg, len);
	writer_str(&h->w, "</figure>\n");
	free(svg);
}

static void samples(struct handout *h, const struct sample_table *t)
{
	char cellt[NUMFMT_CELL_MAX + 8], head[LESSON_NAME_MAX + 48];
	settle(h);
	writer_str(&h->w, "<table class=\"numbers\">\n<thead><tr>"
	                  "<th>sample</th>");
	for (size_t k = 0; k < t->n_cols; k++) {
		t->head(t->ctx, k, head, sizeof head);
		writer_str(&h->w, "<th>");
		esc(h, head);
		writer_str(&h->w, "</th>");
	}
	writer_str(&h->w, "<th>range</th></tr></thead>\n<tbody>\n");
	for (size_t s = 0; s < t->n_rows && !h->w.err; s++) {
		writer_fmt(&h->w, "<tr><td>%zu</td>", s);
		for (size_t k = 0; k < t->n_cols; k++) {
			t->cell(t->ctx, s, k, cellt, sizeof cellt);
			writer_str(&h->w, "<td>");
			esc(h, cellt);
			writer_str(&h->w, "</td>");
		}
		writer_fmt(&h->w, "<td>%s</td></tr>\n",
		           t->outside(t->ctx, s) ? "outside" : "inside");
	}
	writer_str(&h->w, "</tbody>\n</table>\n");
	if (t->n_more)
		writer_fmt(&h->w, "<p>%s %zu more sample%s</p>\n", h->g->ell,
		           t->n_more, t->n_more == 1 ? "" : "s");
}

static void answer(struct handout *h, const struct exercise *x)
{
	if (!h->in_list) {
		writer_str(&h->w, "<dl class=\"fields answers\">\n");
		h->in_list = true;
	}
	writer_fmt(&h->w, "<dt>%d.</dt><dd><code>", x->number);
	esc(h, x->name);
	writer_str(&h->w, " = ");
	esc(h, x->text);
	writer_fmt(&h->w, "</code> (iteration %ld)</dd>\n", x->iteration);
}

const struct handout_format format_html = {
	.start = start,
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
	.para = para,
	.chart = chart,
	.end = end,
};
