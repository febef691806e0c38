/* handout: one handout being written.
 *
 * Its state, shared by the driver (dump.c), the sections (header.c,
 * iteration.c, reports.c, summary.c, predictions_section.c) and the
 * formats (format_*.c); and what the sections write the same way in
 * every format, around the format's own pieces: wrapped prose, headings,
 * operation lines, plots.  What differs between formats goes through
 * h->fmt (dump/format.h). */
#ifndef NNTRACE_HANDOUT_H
#define NNTRACE_HANDOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/glyphs.h"
#include "dump/blank.h"
#include "dump/options.h"
#include "dump/writer.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/script.h"
#include "model/trace.h"
#include "render/formula.h"
#include "render/plot.h"

struct handout_format;

/* Rows of the closing loss table, roughly. */
#define HANDOUT_TABLE_ROWS 10
/* Points of the closing loss curve, at most: every `curve_stride`-th
 * iteration, the stride doubling whenever they fill up, so a run of any
 * length costs the same memory and its curve still spans all of it. */
#define HANDOUT_CURVE_POINTS 1024

/* A handout summarises an array of more values than this the way numpy
 * does with np.set_printoptions(threshold=100): the first and last 3
 * rows (and columns) around "...".  numpy's own default, 1,000, prints
 * a tensor of 1,000 samples in full, a page per tensor; --full prints
 * every value. */
#define HANDOUT_THRESHOLD 100

/* One numbered exercise of a worksheet or its key: a predict question
 * or an `exercise` cue, at operation `step` of `iteration`. */
struct exercise {
	long iteration;
	size_t step, cue;
	int number;
	struct cell_ref cell;
	double value;
	char name[LESSON_NAME_MAX + 48];   /* "l1_dot[1,0]" */
	char text[NUMFMT_CELL_MAX + 8];    /* the value as written */
};

/* A cell of the tensor about to be shown whose calculation was shown
 * (the HTML handout marks it and links to the calculation). */
struct handout_mark {
	size_t index, step;
};

/* One report line waiting for its stretch's summary line. */
struct pending_report {
	long iteration;
	size_t report;  /* index into lesson->reports */
	double value;
};

/* The loss at one iteration, for the closing table. */
struct loss_point {
	long iteration;
	double loss, accuracy;
};

struct handout {
	const struct net *net;
	const struct lesson *l;
	const struct handout_format *fmt;
	struct writer w;
	const struct glyphs *g;
	bool utf8;               /* glyphs (σ, ×, −) in every format */
	int prec;                /* decimals shown */
	size_t width;            /* text columns */
	struct formula_style fs;
	struct formula_cache *fcache; /* operands' text; NULL if no memory */
	/* The layout of each tensor the handout prints as an array, as
	 * numpy prints it in the iteration shown (handout_layouts), for
	 * formula_style's one number style per tensor; noted[t] once the
	 * iteration has said that t is in scientific notation. */
	struct numfmt *layouts;
	bool *printed, *noted;
	long last;               /* the lesson's last iteration */

	struct engine e;
	struct trace t;          /* the iteration being shown */
	struct script sc;        /* its cues */

	enum dump_variant variant;
	size_t threshold;        /* numpy's summary beyond this many values */
	bool plots_off;          /* --plots none */
	bool plots_utf8;         /* braille, else ASCII (text and Markdown) */
	/* Exercises (worksheet and key), numbered from 1 in the order they
	 * come; ex_first is the first of the iteration being shown. */
	struct exercise *ex;
	size_t n_ex, cap_ex, ex_first;
	struct blanks blanks;    /* a worksheet's answers, left out */
	struct handout_mark *marks;
	size_t n_marks, cap_marks;
	int keeps;               /* headings kept with the next unit */
	bool in_section;         /* HTML: a <section> is open */
	bool in_list;            /* HTML: a <dl> or <ol> is open */
	long op_step;            /* the operation fmt->op writes, in h->t;
	                            -1 for another trace's */

	char *fbuf;              /* formula text */
	size_t fcap;
	char *lbuf;              /* a line being assembled */
	size_t lcap;
	char *sbuf;              /* numbers with their minus signs made the
	                            handout's (handout_put_signed) */
	size_t scap;
	char *abuf;              /* an array's text (numfmt_array_text), one
	                            buffer for the whole handout */
	size_t acap;

	bool data_shown;
	bool after_block;        /* an operation line needs a blank line first */
	bool stopped;            /* a non-finite value stopped training */
	long stop_iter;
	char stop_msg[DIAG_MSG_MAX];

	/* What the run leaves for the summary (summary_note). */
	bool have_done;          /* some iteration completed */
	long done_iter;          /* the last completed iteration */
	double done_loss, done_acc;
	long table_every;
	struct loss_point table[2 * HANDOUT_TABLE_ROWS + 4];
	size_t n_table;
	/* The loss curve: iterations and losses, one spare slot for the
	 * last iteration. */
	double curve_it[HANDOUT_CURVE_POINTS + 1];
	double curve_loss[HANDOUT_CURVE_POINTS + 1];
	double curve_acc[HANDOUT_CURVE_POINTS + 1];
	size_t n_curve;
	long curve_stride;

	struct pending_report *reps; /* reports of an untraced stretch */
	size_t n_reps, cap_reps;
};

/* A handout of n's lesson to `out` in format fmt, as options o ask.
 * Returns 0, or -1 (out of memory); handout_free is safe either way. */
int handout_init(struct handout *h, FILE *out, const struct net *n,
                 const struct handout_format *fmt,
                 const struct dump_options *o);

/* Writes out what is buffered (see writer_free) and frees the rest. */
void handout_free(struct handout *h);

/* Notes that memory ran out: the handout fails with ENOMEM. */
void handout_oom(struct handout *h);

/* Plans the layouts of the tensors of h->t, the iteration about to be
 * shown, and forgets the notes of the last one. */
void handout_layouts(struct handout *h);

/* The numeric formula of op `step` of trace t in h->fbuf.  Returns its
 * length, or -1 when out of memory. */
long handout_formula(struct handout *h, const struct trace *t, size_t step);

/* The exercise (worksheet, key) set at operation `step` of trace t, or
 * NULL. */
const struct exercise *handout_exercise_at(const struct handout *h,
                                           const struct trace *t,
                                           size_t step);

/* handout_formula as the handout shows it: in a worksheet, an
 * exercise's result is a blank ("= ________"). */
long handout_shown_formula(struct handout *h, const struct trace *t,
                           size_t step);

/* A number at the display precision ("0.5", "-0.3929"); with utf8 a
 * true minus sign, as the formulas write it. */
void handout_scalar(const struct handout *h, char *buf, size_t cap, double v);

/* s[0..n), numbers as numpy writes them (an array's text, a cell), with
 * the minus sign of each number the handout's own ("−" in UTF-8; an
 * exponent's sign stays "-", as in the calculations' "1.5e-03"). */
void handout_put_signed(struct handout *h, const char *s, size_t n);

/* The running header of the text pages from now on: the lesson's title
 * and `where` ("iteration 3"; "" for none). */
void handout_where(struct handout *h, const char *where);

/* Pages keep a unit (a calculation, a tensor, a cue, a plot, a table)
 * on one page, with the headings before it: handout_keep_next after a
 * heading holds it for the next unit, handout_unit_begin and _end
 * enclose a unit. */
void handout_keep_next(struct handout *h);
void handout_unit_begin(struct handout *h);
void handout_unit_end(struct handout *h);

/* lead, the iteration number, tail: what snprintf(out, cap, "%s%ld%s")
 * writes (cut to cap - 1 bytes), by hand, since every iteration of a
 * handout has such lines.  Returns the length written. */
size_t handout_titled(char *out, size_t cap, const char *lead, long it,
                      const char *tail);

/* The file name at the end of a path. */
const char *handout_basename(const char *path);

/* The lesson's own words or words made of them (names, messages),
 * wrapped, escaped as the format needs. */
void handout_prose(struct handout *h, const char *lead, size_t hang,
                   const char *text);

/* Words of the handout's own, wrapped, in every format as they are. */
void handout_line(struct handout *h, const char *lead, size_t hang,
                  const char *text);

/* A heading for a part after the iterations ("Summary") and for one
 * phase of an iteration; operation lines after either get a blank line. */
void handout_section(struct handout *h, const char *name);
void handout_phase(struct handout *h, enum phase p);

/* Operation `step` of trace t as "cell = hand calculation". */
void handout_op(struct handout *h, const struct trace *t, size_t step);

/* A plot at the handout's width, `height` rows. */
void handout_plot(struct handout *h, int height,
                  const struct plot_series *s, size_t ns,
                  const struct plot_options *o);

/* Rows for a plot: the width divided by `per`, within [lo, hi]. */
int handout_plot_rows(const struct handout *h, int per, int lo, int hi);

#endif
