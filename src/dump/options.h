/* dump/options: what a handout is asked to be (format, variant, pages,
 * plots), apart from dump.h so that the handout's own pieces
 * (handout.h) can read the options without including the driver. */
#ifndef NNTRACE_DUMP_OPTIONS_H
#define NNTRACE_DUMP_OPTIONS_H

#include <stdbool.h>

enum dump_format { DUMP_TEXT, DUMP_MARKDOWN, DUMP_CSV, DUMP_HTML,
                   DUMP_FORMAT_COUNT };

/* The largest handout written without --force: 1 GiB, by dump_estimate.
 * A handout is for reading; a list like "all" on a lesson of 10^8
 * iterations would otherwise fill a disk (tens of gigabytes) with no
 * warning. */
#define DUMP_MAX_BYTES (1LL << 30)

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
	bool force;             /* write past DUMP_MAX_BYTES */
};

#endif
