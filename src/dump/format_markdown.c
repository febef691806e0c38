#include "dump/format_markdown.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "dump/handout.h"
#include "dump/header.h"
#include "dump/iteration.h"
#include "dump/wrap.h"
#include "render/numfmt.h"

/* =====================================================================
 * Escaping
 * ===================================================================== */

/* Text from the lesson (narration, titles, names, file names) must read
 * the same once rendered: every character CommonMark (or GitHub's
 * tables, strikethrough and autolinks) could take as syntax gets a
 * backslash, which CommonMark allows before any ASCII punctuation and
 * drops when rendering.  Characters that are syntax anywhere in a line:
 * the escape itself, code spans, emphasis, links and images, raw HTML
 * and autolinks, quotes (harmless elsewhere), table cells,
 * strikethrough. */
static const char inline_syntax[] = "\\`*_[]<>|~";

/* Whether the byte at s[i] needs a backslash wherever it stands: '&'
 * only where it could start an entity ("&amp;", "&#35;"). */
static bool inline_special(const char *s, size_t n, size_t i)
{
	if (s[i] == '&')
		return i + 1 < n && (isalnum((unsigned char)s[i + 1]) ||
		                     s[i + 1] == '#');
	return s[i] != '\0' && strchr(inline_syntax, s[i]) != NULL;
}

/* The byte of a word at the start of a line that would make the line
 * structure, or -1: a run of "#" (heading), "-", "+" or "=" (list item,
 * rule, setext underline) escaped at its first; "1." or "1)" (ordered
 * item) at its '.' or ')'.  The other block starts (">" quotes, "```"
 * and "~~~" fences, "*" items, "<" HTML) are inline syntax already. */
static long line_start_special(const char *word, size_t n)
{
	if (n == 0)
		return -1;
	if (strchr("#-+=", word[0])) {
		size_t i = 1;
		while (i < n && word[i] == word[0])
			i++;
		return i == n ? 0 : -1;
	}
	size_t i = 0;
	while (i < n && isdigit((unsigned char)word[i]))
		i++;
	return i > 0 && i + 1 == n && (word[i] == '.' || word[i] == ')')
	               ? (long)i : -1;
}

/* A word with a backslash before each character Markdown would read as
 * syntax where it stands. */
static void put_escaped(struct writer *w, const char *s, size_t n,
                        bool line_start)
{
	long first = line_start ? line_start_special(s, n) : -1;
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if ((long)i == first || inline_special(s, n, i)) {
			writer_put(w, s + from, i - from);
			writer_put(w, "\\", 1);
			from = i;
		}
	}
	writer_put(w, s + from, n - from);
}

/* The columns of an escaped word anywhere but at a line's start (the
 * wrapping does not know where a word will fall; a word escaped there
 * runs one column longer). */
static size_t escaped_cols(const char *s, size_t n)
{
	size_t c = utf8_count(s, n);
	for (size_t i = 0; i < n; i++)
		c += inline_special(s, n, i);
	return c;
}

static const struct wrap_escape escape = {escaped_cols, put_escaped};

static void prose(struct handout *h, const char *lead, size_t hang,
                  const char *text)
{
	wrap_words(&h->w, h->width, lead, hang, text, &escape);
}

/* =====================================================================
 * Headings
 * ===================================================================== */

static void heading(struct handout *h, int level, const char *text)
{
	for (int i = 0; i < level; i++)
		writer_put(&h->w, "#", 1);
	writer_put(&h->w, " ", 1);
	writer_str(&h->w, text);
	writer_put(&h->w, "\n", 1);
}

/* In a heading a last word of '#'s would close it, and be dropped:
 * every '#' of the title is escaped. */
static void title(struct handout *h, const char *text)
{
	writer_str(&h->w, "# ");
	const char *p = text;
	for (const char *hash; (hash = strchr(p, '#')); p = hash + 1) {
		put_escaped(&h->w, p, (size_t)(hash - p), false);
		writer_str(&h->w, "\\#");
	}
	put_escaped(&h->w, p, strlen(p), false);
	writer_str(&h->w, "\n");
}

static void fields_title(struct handout *h, const char *text)
{
	heading(h, 2, text);
	writer_str(&h->w, "\n");
}

static void section(struct handout *h, const char *name)
{
	heading(h, 2, name);
}

static void phase(struct handout *h, const char *name)
{
	heading(h, 3, name);
}

static void banner(struct handout *h, long iteration, bool stopped)
{
	char text[128];
	handout_titled(text, sizeof text, "Iteration ", iteration,
	               stopped ? " (training stopped here)" : "");
	writer_gap(&h->w);
	heading(h, 2, text);
	h->after_block = true;
}

static void field(struct handout *h, const char *key, const char *value)
{
	char lead[64];
	snprintf(lead, sizeof lead, "- **%s**: ", key);
	/* Values name the lesson's tensors and data file. */
	prose(h, lead, 2, value);
}

/* =====================================================================
 * Arrays as tables
 * ===================================================================== */

/* Beyond the handout's threshold, tables show the first and last 3 of
 * each axis around "…", as numpy summarises its printout. */
struct table_axes {
	size_t rows, cols, size, threshold;
	size_t sr, sc;       /* indices shown of each */
	bool gap_r, gap_c;   /* a "…" row, column */
};

static struct table_axes axes_of(const struct handout *h, size_t rows,
                                 size_t cols)
{
	struct table_axes a = {rows, cols, rows * cols, h->threshold, 0, 0,
	                       false, false};
	a.sr = numfmt_axis_shown(rows, a.size, a.threshold);
	a.sc = numfmt_axis_shown(cols, a.size, a.threshold);
	a.gap_r = a.sr < rows;
	a.gap_c = a.sc < cols;
	return a;
}

static size_t row_at(const struct table_axes *a, size_t k)
{
	return numfmt_axis_index(a->rows, a->size, a->threshold, k);
}

static size_t col_at(const struct table_axes *a, size_t k)
{
	return numfmt_axis_index(a->cols, a->size, a->threshold, k);
}

/* " v |": a number of the table's plan without its padding, its minus
 * sign the formulas' own. */
static void put_cell(struct handout *h, double v, const struct numfmt *f)
{
	char cell[NUMFMT_CELL_MAX * 2];
	numfmt_cell(cell, sizeof cell, v, f);
	const char *p = cell;
	while (*p == ' ')
		p++;
	size_t m = strlen(p);
	while (m && p[m - 1] == ' ')
		m--;
	writer_str(&h->w, " ");
	handout_put_signed(h, p, m);
	writer_str(&h->w, " |");
}

/* The table's layout: planned on the cells it shows, as numpy plans its
 * summarised printout. */
static void plan_table(const struct handout *h, struct numfmt *f,
                       const double *v, const struct table_axes *a,
                       bool integral)
{
	numfmt_plan_shown_at(f, v, a->rows, a->cols, h->prec, integral,
	                     a->threshold);
}

/* A 1-D array as a one-row table under its indices. */
static void vector_table(struct handout *h, const double *v, size_t n,
                         bool integral)
{
	struct table_axes a = axes_of(h, 1, n);
	struct numfmt f;
	numfmt_plan_shown_at(&f, v, 0, n, h->prec, integral, a.threshold);
	writer_gap(&h->w);
	for (int line = 0; line < 3; line++) {
		writer_str(&h->w, "|");
		for (size_t j = 0; j < a.sc; j++) {
			if (a.gap_c && j == NUMFMT_EDGEITEMS && line == 1)
				writer_str(&h->w, "--:|");
			else if (a.gap_c && j == NUMFMT_EDGEITEMS)
				writer_fmt(&h->w, " %s |", h->g->ell);
			size_t i = col_at(&a, j);
			if (line == 0)
				writer_fmt(&h->w, " %zu |", i);
			else if (line == 1)
				writer_str(&h->w, "--:|");
			else
				put_cell(h, v[i], &f);
		}
		writer_str(&h->w, "\n");
	}
}

/* The table's header: a row of column indices over an empty corner. */
static void matrix_head(struct handout *h, const struct table_axes *a)
{
	writer_gap(&h->w);
	writer_str(&h->w, "|   |");
	for (size_t j = 0; j < a->sc; j++) {
		if (a->gap_c && j == NUMFMT_EDGEITEMS)
			writer_fmt(&h->w, " %s |", h->g->ell);
		writer_fmt(&h->w, " %zu |", col_at(a, j));
	}
	writer_str(&h->w, "\n|--:|");
	for (size_t j = 0; j < a->sc + a->gap_c; j++)
		writer_str(&h->w, "--:|");
	writer_str(&h->w, "\n");
}

/* A matrix as a table: the row index in the first column. */
static void matrix_table(struct handout *h, const double *v, size_t rows,
                         size_t cols, bool integral)
{
	struct table_axes a = axes_of(h, rows, cols);
	struct numfmt f;
	plan_table(h, &f, v, &a, integral);
	matrix_head(h, &a);
	for (size_t i = 0; i < a.sr; i++) {
		size_t r = row_at(&a, i);
		if (a.gap_r && i == NUMFMT_EDGEITEMS) {
			writer_fmt(&h->w, "| %s |", h->g->ell);
			for (size_t j = 0; j < a.sc + a.gap_c; j++)
				writer_fmt(&h->w, " %s |", h->g->ell);
			writer_str(&h->w, "\n");
		}
		writer_fmt(&h->w, "| **%zu** |", r);
		for (size_t j = 0; j < a.sc; j++) {
			if (a.gap_c && j == NUMFMT_EDGEITEMS)
				writer_fmt(&h->w, " %s |", h->g->ell);
			put_cell(h, v[r * cols + col_at(&a, j)], &f);
		}
		writer_str(&h->w, "\n");
	}
}

static void table(struct handout *h, const struct tensor *t, const double *v,
                  bool integral)
{
	if (t->vector)
		vector_table(h, v, t->rows * t->cols, integral);
	else
		matrix_table(h, v, t->rows, t->cols, integral);
}

/* The data's tensors say what they are. */
static void tensor(struct handout *h, const struct tensor *t,
                   const double *v)
{
	const char *label = t->role == GLOBAL_INPUT    ? "Inputs "
	                    : t->role == GLOBAL_TARGET ? "Targets "
	                                               : "";
	if (t->vector)
		writer_fmt(&h->w, "%s`%s` (%zu):\n", label, t->name,
		           t->rows * t->cols);
	else
		writer_fmt(&h->w, "%s`%s` (%zu %s %zu):\n", label, t->name,
		           t->rows, h->g->by, t->cols);
	table(h, t, v, t->integral);
}

/* A parameter after training: its shape as the lesson declares it, and
 * no longer whole numbers. */
static void parameter(struct handout *h, const struct tensor *t,
                      const double *v)
{
	writer_fmt(&h->w, "`%s` (%zu %s %zu):\n", t->name, t->rows, h->g->by,
	           t->cols);
	table(h, t, v, false);
}

/* =====================================================================
 * Operations, cues, reports
 * ===================================================================== */

static void op(struct handout *h, size_t nl, const char *formula, size_t fl)
{
	writer_str(&h->w, "- `");
	writer_put(&h->w, h->lbuf, nl);
	writer_str(&h->w, " = ");
	writer_put(&h->w, formula, fl);
	writer_str(&h->w, "`\n");
}

static void elided(struct handout *h, size_t count, const char *name)
{
	char line[LESSON_NAME_MAX + 128];
	snprintf(line, sizeof line,
	         "- %s %zu more operation%s on `%s` (see `--format csv` for all)",
	         h->g->ell, count, count == 1 ? "" : "s", name);
	handout_line(h, "", 2, line);
}

static void cue(struct handout *h, enum format_cue kind, int number,
                const char *text)
{
	char lead[48];
	if (kind == FORMAT_EXERCISE)
		snprintf(lead, sizeof lead, "**Exercise %d.** ", number);
	else
		snprintf(lead, sizeof lead, "%s",
		         kind == FORMAT_PREDICT ? "**Predict:** " : "");
	prose(h, lead, 0, text);
}

/* "1. `l1_dot[1,0] = −0.97401842` (iteration 0)": an ordered list. */
static void answer(struct handout *h, const struct exercise *x)
{
	writer_fmt(&h->w, "%d. `%s = %s` (iteration %ld)\n", x->number,
	           x->name, x->text, x->iteration);
}

static void note(struct handout *h, const char *text)
{
	prose(h, "", 0, text);
}

/* The message's head in bold. */
static void stop(struct handout *h, const char *msg)
{
	const char *colon = strchr(msg, ':');
	prose(h, "**Training stopped:** ", 0, colon ? colon + 2 : msg);
}

static void reports_title(struct handout *h)
{
	writer_str(&h->w, "Reports:\n\n");
}

static void report(struct handout *h, const char *line)
{
	writer_str(&h->w, "    ");
	writer_str(&h->w, line);
	writer_str(&h->w, "\n");
}

/* =====================================================================
 * Tables and plots
 * ===================================================================== */

static void loss_table(struct handout *h, const struct loss_point *p,
                       size_t n, bool accuracy)
{
	writer_str(&h->w, "Loss during training:\n\n");
	writer_fmt(&h->w, "| iteration | loss |%s\n|--:|--:|%s\n",
	           accuracy ? " accuracy |" : "", accuracy ? "--:|" : "");
	for (size_t i = 0; i < n; i++) {
		char l[48], c[48];
		handout_scalar(h, l, sizeof l, p[i].loss);
		if (accuracy) {
			handout_scalar(h, c, sizeof c, p[i].accuracy);
			writer_fmt(&h->w, "| %ld | %s | %s |\n", p[i].iteration, l,
			           c);
		} else {
			writer_fmt(&h->w, "| %ld | %s |\n", p[i].iteration, l);
		}
	}
}

/* A fenced block, its fence longer than any run of backticks a label
 * brings. */
static void plot(struct handout *h, const struct plot_grid *g, char *row,
                 size_t cap)
{
	size_t fence = 3;
	for (int r = 0; r < g->height; r++) {
		plot_grid_text(g, r, row, cap);
		size_t run = 0;
		for (const char *p = row; *p; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run >= fence)
				fence = run + 1;
		}
	}
	for (size_t i = 0; i < fence; i++)
		writer_put(&h->w, "`", 1);
	writer_str(&h->w, "text\n");
	for (int r = 0; r < g->height; r++) {
		size_t n = plot_grid_text(g, r, row, cap);
		writer_put(&h->w, row, n);
		writer_put(&h->w, "\n", 1);
	}
	for (size_t i = 0; i < fence; i++)
		writer_put(&h->w, "`", 1);
	writer_str(&h->w, "\n");
}

static void samples(struct handout *h, const struct sample_table *t)
{
	char cell[NUMFMT_CELL_MAX + 8], head[LESSON_NAME_MAX + 48];
	writer_str(&h->w, "| sample |");
	for (size_t k = 0; k < t->n_cols; k++) {
		t->head(t->ctx, k, head, sizeof head);
		writer_str(&h->w, " ");
		put_escaped(&h->w, head, strlen(head), false);
		writer_str(&h->w, " |");
	}
	writer_str(&h->w, " range |\n|--:|");
	for (size_t k = 0; k < t->n_cols; k++)
		writer_str(&h->w, "--:|");
	writer_str(&h->w, ":--|\n");
	for (size_t s = 0; s < t->n_rows && !h->w.err; s++) {
		writer_fmt(&h->w, "| %zu |", s);
		for (size_t k = 0; k < t->n_cols; k++) {
			t->cell(t->ctx, s, k, cell, sizeof cell);
			writer_fmt(&h->w, " %s |", cell);
		}
		writer_fmt(&h->w, " %s |\n",
		           t->outside(t->ctx, s) ? "outside" : "inside");
	}
	if (t->n_more) {
		char line[96];
		snprintf(line, sizeof line, "%s %zu more sample%s", h->g->ell,
		         t->n_more, t->n_more == 1 ? "" : "s");
		writer_gap(&h->w);
		handout_line(h, "", 2, line);
	}
}

const struct handout_format format_markdown = {
	.start = header_write,
	.iteration = iteration_write,
	.prose = true,
	.max_terms = FORMAT_MAX_TERMS,
	.escape = &escape,
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
