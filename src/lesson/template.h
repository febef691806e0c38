/* template: the text of a new lesson, for `nntrace new`.
 *
 * Either a commented lesson of a chosen shape -- on a CSV's columns, or
 * on samples written into it -- or a copy of another lesson whose data
 * paths still lead to its data from the new lesson's folder.  Either way
 * the text is meant to pass `nntrace check` as written. */
#ifndef NNTRACE_TEMPLATE_H
#define NNTRACE_TEMPLATE_H

#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

/* The input and at most 16 layers. */
#define TEMPLATE_MAX_WIDTHS 17

/* Widths of a network: the inputs, then each layer's units. */
struct template_shape {
	int n;
	int width[TEMPLATE_MAX_WIDTHS];
};

/* Reads "2,3,1": two to 17 whole numbers from 1 to 4096, the input's
 * width first.  Returns 0, or -1 with why in err. */
int template_shape_parse(struct template_shape *s, const char *text,
                         char *err, size_t cap);

/* Writes a new lesson to out.  `dest` is where it will be (its title and
 * the folder its data path is written from), `csv` the data file or
 * NULL for samples written in the lesson, `s` the shape (n == 0: one of
 * the CSV's width, or 2,3,1).  Returns 0, or an exit status with errors
 * in d (the CSV's own, too few columns, a column name a lesson cannot
 * hold). */
int template_write(FILE *out, const char *dest, const char *csv,
                   const struct template_shape *s, struct diags *d);

/* Writes a copy of the lesson at `src` to out, under a comment naming
 * it; `data` and `test-data` lines become absolute paths unless `dest`
 * is in src's folder.  Returns 0, or an exit status with the source's
 * errors in d. */
int template_copy(FILE *out, const char *src, const char *dest,
                  struct diags *d);

#endif
