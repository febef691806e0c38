/* formula: an operation in words and as a hand calculation.
 *
 * Renders what the engine recorded -- the operands' values and the result
 * -- as text like "(0 x 0.39293837) + (1 x -0.42772133) = -0.97401842".
 * It formats numbers; it never computes one.
 */
#ifndef NNTRACE_FORMULA_H
#define NNTRACE_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "trace.h"

struct formula_style {
	int precision;  /* decimals; numbers are rounded, trailing zeros cut */
	bool utf8;      /* x -> ×, sigma -> σ, - -> −; ASCII otherwise */
	int max_terms;  /* longer sums show the first terms and "... (N more)";
	                   0 = no limit */
};

/* "l1[2,0] = σ(l1_dot[2,0])": what op `step` computes, symbolically. */
size_t formula_symbolic(char *buf, size_t cap, const struct trace *t,
                        size_t step, const struct formula_style *s);

/* The hand calculation with real numbers, ending in "= result". */
size_t formula_numeric(char *buf, size_t cap, const struct trace *t,
                       size_t step, const struct formula_style *s);

/* One sentence in words: "dot product of row 2 of l0 with column 0 of
 * syn0". */
size_t formula_words(char *buf, size_t cap, const struct trace *t,
                     size_t step);

/* "l1_dot[2,0]" or "loss": the target cell's name. */
size_t formula_cell_name(char *buf, size_t cap, const struct net *n,
                         struct cell_ref c);

#endif
