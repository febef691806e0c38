/* format_csv: handouts as CSV -- one row per operation of the shown
 * iterations (iteration, phase, step, op, target, value, formula), every
 * value in full (%.17g) and every term of every sum: the complete record,
 * for a spreadsheet or a script.  No prose. */
#ifndef NNTRACE_FORMAT_CSV_H
#define NNTRACE_FORMAT_CSV_H

#include <stddef.h>

#include "dump/format.h"

extern const struct handout_format format_csv;

/* One CSV field as RFC 4180 writes it: s itself, or, when it holds a
 * comma, a double quote or a line break, s in double quotes with each
 * double quote doubled.  out needs room for 2 n + 2 bytes; returns the
 * field's length (no terminating NUL). */
size_t format_csv_field(char *out, const char *s, size_t n);

#endif
