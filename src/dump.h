/* dump: handouts -- the trace of chosen iterations as text, Markdown or
 * CSV, from the same engine, trace and formulas the player shows. */
#ifndef NNTRACE_DUMP_H
#define NNTRACE_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "net.h"

enum dump_format { DUMP_TEXT, DUMP_MARKDOWN, DUMP_CSV };

struct dump_options {
	enum dump_format format;
	int precision;          /* decimals; -1 = the lesson's */
	int width;              /* text width in columns (default 80) */
	const char *iterations; /* list like "0,1,last"; NULL = lesson's */
	bool utf8;              /* glyphs (σ, ×) in text and Markdown */
	bool progress;          /* report long untraced runs on stderr */
};

/* Parses an iteration list: "0", "0-2", "0,1,last", "all", "last-5"? no:
 * comma-separated items, each N, A-B or "last" (B may be "last"), or the
 * single word "all".  Returns 0 or -1 with a message in err. */
int dump_check_iterations(const char *list, char *err, size_t cap);

/* Writes the handout of the network's lesson to out.  Returns 0, or -1
 * with an error in d: 64 for a bad iteration list, 74 when writing fails
 * (out's error flag or a failed fflush). */
int dump_write(FILE *out, const struct net *n, const struct dump_options *o,
               struct diags *d);

#endif
