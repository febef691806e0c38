/* numfmt: numbers as numpy prints them.
 *
 * numpy's default array printing (precision 8, floatmode 'maxprec',
 * suppress=False, linewidth 75, threshold 1000, edgeitems 3): each value
 * is the shortest decimal that round-trips, cut to `precision` decimals;
 * all cells of an array share one layout (integer part padded left,
 * fraction padded right with spaces, as "[1.2  1.01 1.14]"); whole-number
 * float arrays print as "1." and integer arrays as "1"; scientific
 * notation when the largest magnitude is >= 1e8, or the smallest non-zero
 * one < 1e-4, or their ratio > 1e3.
 */
#ifndef NNTRACE_NUMFMT_H
#define NNTRACE_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define NUMFMT_CELL_MAX 40 /* bytes for one formatted cell, with NUL */

/* numpy's defaults for summarising: an array of more than
 * NUMFMT_THRESHOLD values prints, along each axis longer than twice
 * NUMFMT_EDGEITEMS, only the first and last NUMFMT_EDGEITEMS around a
 * "...".  The _at functions take another threshold, as
 * np.set_printoptions(threshold=...) does (SIZE_MAX: never summarise). */
#define NUMFMT_THRESHOLD 1000
#define NUMFMT_EDGEITEMS 3

/* The layout shared by all cells of one array. */
struct numfmt {
	int precision;   /* at most this many decimals */
	bool integral;   /* integer array: "1", "-3" */
	bool scientific; /* "1.5e-05" style */
	int frac_digits; /* decimals after the point (fixed) or in the
	                    mantissa (scientific) */
	int int_width;   /* characters before the point, sign included */
	int width;       /* total characters of every cell */
};

/* Plans the layout of n values (non-finite values are allowed: "nan",
 * "inf", "-inf").  `integral` asks for integer printing (the caller knows
 * the array holds whole numbers, e.g. data), which numpy gives an int64
 * array: it is granted when every value fits int64 (-2^63 <= v < 2^63),
 * else the values print as float64 (f->integral tells which).  `precision` is clamped to
 * 0..20.  In scientific layouts the exponent has
 * width - int_width - frac_digits - 3 digits (at least 2, as numpy:
 * "1.e-005 1.e+100").  With n == 0 every width is 0. */
void numfmt_plan(struct numfmt *f, const double *v, size_t n, int precision,
                 bool integral);

/* The layout numpy's str() gives a (rows, cols) array (a 1-D one of
 * `cols` values when rows == 0): planned on the values it prints, so
 * beyond 1000 values on the first and last three of each summarised axis
 * only, as numfmt_array lays it out.  A value hidden behind "..." does
 * not count: a tensor switches to scientific notation only where numpy's
 * print of it does. */
void numfmt_plan_shown(struct numfmt *f, const double *v, size_t rows,
                       size_t cols, int precision, bool integral);

/* numfmt_plan_shown with numpy's summary beyond `threshold` values. */
void numfmt_plan_shown_at(struct numfmt *f, const double *v, size_t rows,
                          size_t cols, int precision, bool integral,
                          size_t threshold);

/* How many indices of an axis of length n an array of `size` values
 * shows under `threshold` (n, or 2 NUMFMT_EDGEITEMS); and the k-th of
 * them: for views that lay an array out as a table, as numpy would
 * summarise it. */
size_t numfmt_axis_shown(size_t n, size_t size, size_t threshold);
size_t numfmt_axis_index(size_t n, size_t size, size_t threshold, size_t k);

/* One cell, padded to f->width (NUL-terminated, cut to cap - 1 bytes).
 * Returns the length written.  Float cells fit in NUMFMT_CELL_MAX; an
 * integral cell of a huge value (>= 1e38) may not. */
size_t numfmt_cell(char *buf, size_t cap, double v, const struct numfmt *f);

/* numfmt_cell as the player and the hand calculations show it: a cell
 * that reads as zero has no sign.  numpy writes "-0." for -0.0 and for a
 * negative value rounded to nothing ("-0." for -0.001 at 2 decimals,
 * "-0.00e+00" for -0.0 in a scientific array); this writes the same
 * cell with a space for the sign, so the width is numpy's. */
size_t numfmt_cell_unsigned_zero(char *buf, size_t cap, double v,
                                 const struct numfmt *f);

/* numpy's str() of a (rows, cols) row-major matrix, or of a 1-D array of
 * `cols` values when rows == 0.  Each line after the first is indented by
 * `indent` spaces (numpy indents continuation lines under the opening
 * bracket; pass the length of any prefix printed before the array).  As
 * with np.array2string(a, prefix=...), the indent counts towards the 75
 * columns of every line, the first one included.  An empty array prints
 * "[]".  Summarises with "..." beyond 1000 values, as numpy does.  Writes
 * a final newline.  Returns 0, or -1 on a write or allocation error. */
int numfmt_array(FILE *out, const double *v, size_t rows, size_t cols,
                 int precision, bool integral, int indent);

/* The same text into a caller's buffer: *buf (of *cap bytes, NULL and 0 at
 * first) is grown with realloc as needed and kept for the next array, so
 * a handout of thousands of arrays allocates once.  *len gets the text's
 * length (NUL-terminated).  Returns 0, or -1 when out of memory (*buf
 * then holds no text). */
int numfmt_array_text(char **buf, size_t *cap, size_t *len, const double *v,
                      size_t rows, size_t cols, int precision, bool integral,
                      int indent);

/* numfmt_array_text with numpy's summary beyond `threshold` values. */
int numfmt_array_text_at(char **buf, size_t *cap, size_t *len,
                         const double *v, size_t rows, size_t cols,
                         int precision, bool integral, int indent,
                         size_t threshold);

/* A scalar for hand calculations: rounded to `precision` decimals (exact
 * binary value, half-even, as printf and numpy round), trailing zeros and
 * a trailing point removed ("0.5", "1", "-0.3929"); zero of either sign
 * is "0".  Scientific notation, with `precision` significant digits (at
 * least one) and trailing zeros cut, when |v| >= 1e16 or when a non-zero
 * |v| < 10^-precision would otherwise round to nothing: "1.5e-12",
 * "1e+16" (exponent as Python writes it).  "nan", "inf", "-inf".
 * `precision` is clamped to 0..20.  Returns the length written (cut to
 * cap - 1 bytes). */
size_t numfmt_scalar(char *buf, size_t cap, double v, int precision);

/* The decimal digits of v at out, no NUL; returns how many (1 to 20). */
size_t numfmt_decimal(char *out, unsigned long long v);

/* 10^-p, for p clamped to 0..20 as numfmt_scalar clamps its precision:
 * below it a value is written in scientific notation. */
double numfmt_tenth_power(int p);

/* The shortest text that reads back as exactly v (Python's repr), e.g.
 * "0.1", "0.49641003190272537", "1e-05", "1.0", "-0.0", "1e+16", "nan",
 * "inf".  Positional for decimal exponents -4..15, else scientific.
 * Returns the length written (cut to cap - 1 bytes; 25 bytes always
 * suffice). */
size_t numfmt_repr(char *buf, size_t cap, double v);

/* What printf's "%.17g" writes for v ("0.49641003190272537", "1e-05",
 * "-0", "inf", "nan"), made exactly in integers where they reach (the
 * CSV handout writes one per operation).  Returns the length written
 * (cut to cap - 1 bytes). */
size_t numfmt_g17(char *buf, size_t cap, double v);

#endif
