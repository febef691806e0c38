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

#include "render/numfmt.h"
#include "model/trace.h"

/* numfmt_scalar's text for recent values.  A hand calculation repeats
 * its operands (a weight appears in every sample's sum, an activation in
 * its own derivative), and each costs a few hundred instructions to
 * format, so a writer of many formulas (the dump) can keep a small
 * direct-mapped cache keyed by the exact bits and the precision;
 * numfmt_scalar is a pure function, so a hit is the same text.  Zero it
 * before use; it belongs to its caller. */
#define FORMULA_CACHE_SIZE 512

struct formula_cache {
	struct formula_cache_entry {
		uint64_t bits;
		int precision;
		bool used;
		unsigned char len;
		char text[NUMFMT_CELL_MAX];
	} e[FORMULA_CACHE_SIZE];
};

/* The layout a view shows tensor `tensor`'s cells in (numfmt's plan of
 * the whole tensor at this iteration), or NULL where it shows none. */
typedef const struct numfmt *formula_layout_fn(void *arg, int tensor);

struct formula_style {
	int precision;  /* decimals; numbers are rounded, trailing zeros cut */
	bool utf8;      /* x -> ×, sigma -> σ, - -> −; ASCII otherwise */
	int max_terms;  /* longer sums show the first terms and "... (N more)";
	                   0 = no limit */
	struct formula_cache *cache; /* optional, NULL for none */
	/* One number style per tensor: a cell of a tensor (an operand or
	 * the result) is written as the view shows that tensor.  Where its
	 * layout is scientific, as numpy's cell without padding
	 * ("−2.03307380e-02"); where positional, as a scalar, and 0 when it
	 * rounds to nothing as it does in the tensor; with no layout
	 * (layout NULL, or it answers NULL) as a scalar (numfmt_scalar).
	 * Numbers of no tensor (the learning rate, a clip, a scale) are
	 * scalars.  No cell is written with the sign of a zero. */
	formula_layout_fn *layout;
	void *layout_arg;
};

/* "l1[2,0] = σ(l1_dot[2,0])": what op `step` computes, symbolically. */
size_t formula_symbolic(char *buf, size_t cap, const struct trace *t,
                        size_t step, const struct formula_style *s);

/* The hand calculation with real numbers, ending in "= result". */
size_t formula_numeric(char *buf, size_t cap, const struct trace *t,
                       size_t step, const struct formula_style *s);

/* The value of cell c of trace t as the calculations write it (its
 * tensor's style, a true minus in UTF-8), e.g. "−0.97401842". */
size_t formula_value(char *buf, size_t cap, const struct trace *t,
                     struct cell_ref c, const struct formula_style *s);

/* One sentence in words: "dot product of row 2 of l0 with column 0 of
 * syn0". */
size_t formula_words(char *buf, size_t cap, const struct trace *t,
                     size_t step);

/* Whether the calculation of op `step` writes a cell of a tensor whose
 * layout in s is scientific (the handout says so before them); `tensor`
 * >= 0 asks about that tensor's cells only. */
bool formula_scientific(const struct trace *t, size_t step,
                        const struct formula_style *s, int tensor);

/* "l1_dot[2,0]", "a0[1]" for a cell of a 1-D vector, or "loss": the
 * target cell's name. */
size_t formula_cell_name(char *buf, size_t cap, const struct net *n,
                         struct cell_ref c);

#endif
