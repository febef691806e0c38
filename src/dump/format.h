/* format: what each handout format writes its own way.
 *
 * The driver (dump.c) and the sections (header.c, iteration.c, ...)
 * decide what a handout says, in order; a format decides how each piece
 * looks.  Text, Markdown and CSV each fill one struct handout_format in a
 * file of their own (format_text.c, format_markdown.c, format_csv.c):
 * a new format is one more such file, its value in enum dump_format
 * (dump.h) and its entry in dump.c's table.
 *
 * The sections write the blank line before a block (writer_gap) unless a
 * piece says it does; every piece ends with a newline. */
#ifndef NNTRACE_FORMAT_H
#define NNTRACE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

struct exercise;
struct handout;
struct loss_point;
struct plot_grid;
struct plot_options;
struct plot_series;
struct step_result;
struct tensor;
struct wrap_escape;

/* What a cue is as the handout shows it: narration, a question with its
 * answer (the plain handout), or a numbered exercise (worksheet, key). */
enum format_cue { FORMAT_SAY, FORMAT_PREDICT, FORMAT_EXERCISE };

/* Terms of a sum a prose format shows in a formula ("... (N more)"). */
#define FORMAT_MAX_TERMS 8

/* The prediction table: a row per test sample (n_rows shown, n_more left
 * out), a number column per input, then per output its target,
 * prediction and residual (n_cols), and whether the sample lies outside
 * the training range.  Headers and cells come as text. */
struct sample_table {
	size_t n_rows, n_cols, n_more;
	const void *ctx;
	void (*head)(const void *ctx, size_t col, char *buf, size_t cap);
	void (*cell)(const void *ctx, size_t row, size_t col, char *buf,
	             size_t cap);
	bool (*outside)(const void *ctx, size_t row);
};

struct handout_format {
	/* The first lines of the handout: its header, or the CSV's column
	 * names. */
	void (*start)(struct handout *h);
	/* h->t, the iteration just traced; res what it measured.  Returns
	 * 0 or -1 with an error in d (out of memory). */
	int (*iteration)(struct handout *h, const struct step_result *res,
	                 struct diags *d);
	/* Prose around the iterations: lines for the iterations run
	 * untraced, reports, the summary and the predictions.  Without it
	 * (CSV) the handout holds the shown iterations' operations only. */
	bool prose;
	int max_terms;                     /* formula_style's */
	const struct wrap_escape *escape;  /* for handout_prose; NULL: none */

	/* The pieces of a prose format (NULL without prose). */
	void (*title)(struct handout *h, const char *title);
	/* The head of a list of fields ("The network"). */
	void (*fields_title)(struct handout *h, const char *text);
	void (*field)(struct handout *h, const char *key, const char *value);
	void (*section)(struct handout *h, const char *name);
	void (*phase)(struct handout *h, const char *name);
	/* The title of a traced iteration, with its blank line. */
	void (*banner)(struct handout *h, long iteration, bool stopped);
	/* A tensor of the iteration shown, v its values. */
	void (*tensor)(struct handout *h, const struct tensor *t,
	               const double *v);
	/* A parameter after training, for the summary. */
	void (*parameter)(struct handout *h, const struct tensor *t,
	                  const double *v);
	/* "name = formula", the cell's name being h->lbuf[0..nl), which
	 * has room for nl + fl + 16 bytes. */
	void (*op)(struct handout *h, size_t nl, const char *formula,
	           size_t fl);
	/* The line for `count` operations on tensor `name` left out. */
	void (*elided)(struct handout *h, size_t count, const char *name);
	/* A lesson's narration (`say`), its question with the answer
	 * (`predict`), or exercise `number` of a worksheet or key. */
	void (*cue)(struct handout *h, enum format_cue kind, int number,
	            const char *text);
	/* A remark of the handout's own before operations: how their
	 * numbers are written. */
	void (*note)(struct handout *h, const char *text);
	/* Where training stopped: "training stopped: ...". */
	void (*stop)(struct handout *h, const char *msg);
	/* Before the reports due at a traced iteration; and one report. */
	void (*reports_title)(struct handout *h);
	void (*report)(struct handout *h, const char *line);
	void (*loss_table)(struct handout *h, const struct loss_point *p,
	                   size_t n, bool accuracy);
	/* A rendered plot; row is a buffer of cap bytes for its lines. */
	void (*plot)(struct handout *h, const struct plot_grid *g, char *row,
	             size_t cap);
	void (*samples)(struct handout *h, const struct sample_table *t);
	/* One line of an answer key's closing list. */
	void (*answer)(struct handout *h, const struct exercise *x);

	/* Optional pieces (NULL: the handout does it as text does). */
	/* A paragraph: `lead` (the handout's words) then `text` (perhaps
	 * the lesson's), instead of wrapping them. */
	void (*para)(struct handout *h, const char *lead, const char *text);
	/* A plot the format draws itself (HTML: SVG), instead of a grid of
	 * characters. */
	void (*chart)(struct handout *h, const struct plot_series *s,
	              size_t ns, const struct plot_options *o);
	/* The last bytes of the handout. */
	void (*end)(struct handout *h);
};

#endif
