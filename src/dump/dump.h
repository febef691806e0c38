/* dump: handouts -- the trace of chosen iterations as text, Markdown or
 * CSV, from the same engine, trace and formulas the player shows. */
#ifndef NNTRACE_DUMP_H
#define NNTRACE_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"
#include "model/net.h"

enum dump_format { DUMP_TEXT, DUMP_MARKDOWN, DUMP_CSV, DUMP_HTML };

/* The handout itself, the students' worksheet (questions and `exercise`
 * cues as numbered blanks, their answers left out everywhere) or the
 * answer key (the same numbers, the answers given). */
enum dump_variant { DUMP_PLAIN, DUMP_WORKSHEET, DUMP_ANSWERS };

/* How text and Markdown draw plots: DUMP_PLOTS_AUTO is braille for text
 * on a UTF-8 terminal, ASCII otherwise; HTML draws SVG (or none). */
enum dump_plots { DUMP_PLOTS_AUTO, DUMP_PLOTS_ASCII, DUMP_PLOTS_BRAILLE,
                  DUMP_PLOTS_NONE };

/* Text pages: at least this many lines (a hand calculation must fit). */
#define DUMP_PAGE_MIN 20
#define DUMP_PAGE_MAX 10000
/* --print without --page-length: a page of 66 lines (11 inches at 6
 * lines an inch, the printers' classic). */
#define DUMP_PAGE_DEFAULT 66

struct dump_options {
	enum dump_format format;
	int precision;          /* decimals; -1 = the lesson's */
	int width;              /* text width in columns (default 80) */
	const char *iterations; /* list like "0,1,last"; NULL = lesson's */
	bool utf8;              /* glyphs (σ, ×, −) in every format */
	bool progress;          /* report long untraced runs on stderr */
	const char *out_name;   /* names the output in write errors
	                           ("handout.txt", "<stdout>"); may be NULL */
	/* Zero for each of these is the plain handout. */
	enum dump_variant variant;
	enum dump_plots plots;
	bool terminal;          /* the output is a terminal (braille plots in
	                           text when utf8) */
	int page_length;        /* text: lines per page (form feeds, running
	                           header, page numbers); 0: no pages */
	bool full;              /* every value of every tensor: no "..." */
};

/* Checks that the options go together (a worksheet is not also a key,
 * pages are for text, braille needs UTF-8, ...).  Returns 0, or -1 with
 * a message in err (cut to cap). */
int dump_check_options(const struct dump_options *o, char *err, size_t cap);

/* Checks the syntax of an iteration list: comma-separated items, each N,
 * A-B (A <= B) or "last", B possibly "last" ("100-last"); or the single
 * word "all".  Whether the iterations exist depends on the lesson and is
 * checked by dump_write.  Returns 0, or -1 with a message in err (always
 * terminated, cut to cap). */
int dump_check_iterations(const char *list, char *err, size_t cap);

/* Writes the handout of the network's lesson to out: the iterations of
 * o->iterations (or the lesson's handout list), in order, each once,
 * reached by running the engine untraced from iteration 0 and never
 * backwards.  Text and Markdown then run to the lesson's last iteration
 * for the reports and the closing summary; CSV stops after the last
 * shown iteration.  A non-finite value stops training: that iteration is
 * shown in full with where it happened, and the handout still counts as
 * complete (returns 0).  With o->progress, long untraced stretches draw
 * a progress bar on stderr (erased afterwards).  Returns 0, or -1 with an
 * error in d: 64 for an iteration past the last (65 when the list is the
 * lesson's), 70 when out of memory, 74 when writing fails.  A reader that
 * went away (EPIPE) is no error: the dump stops, clears out's error flag
 * and returns 0.  out is flushed but not closed. */
int dump_write(FILE *out, const struct net *n, const struct dump_options *o,
               struct diags *d);

#endif
