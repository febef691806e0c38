/* numpy: how numpy adds float64 numbers, so that the engine's sums round
 * as numpy's do.
 *
 * Private to the engine (engine.c) and its dense kernel (kernel.c): both
 * take every sum of an iteration from here, which is one reason their
 * numbers agree to the bit.
 */
#ifndef NNTRACE_NUMPY_H
#define NNTRACE_NUMPY_H

#include <stdbool.h>
#include <stddef.h>

/* numpy's sums begin at +0: BLAS's dot and gemm clear their result before
 * adding the first product, and np.sum / np.mean start from the identity
 * of add.  Starting from the first product instead gives the same bits
 * except when every product is -0, where numpy's sum is +0; adding 0.0 at
 * the end makes exactly that one change (x + 0.0 is x for every other x,
 * and the build keeps it: no -ffast-math, no -fno-signed-zeros).  (One
 * numpy spelling differs: np.dot of two one-element arrays multiplies
 * without a sum and keeps -0; a sum over one sample and one unit written
 * that way would be -0 there, and is +0 here, as `@` gives it.) */
static inline double numpy_sum_sign(double sum)
{
	return sum + 0.0;
}

/* np.sum of n values `stride` apart as numpy adds them along a contiguous
 * axis: pairwise summation (a plain loop below 8 values, 8 accumulators up
 * to 128, halves beyond).  Without numpy_sum_sign: a caller adds that
 * once, to the total. */
double numpy_pairwise_sum(const double *a, size_t n, size_t stride);

/* np.sum (or, with `mean`, np.mean) over one axis of a 2-D array: the n
 * values `stride` apart, of an array whose other axis has `across` cells.
 * numpy sums pairwise when that axis is the contiguous one (stride 1) or
 * the only one (across 1), with a running sum otherwise. */
double numpy_axis_sum(const double *p, size_t n, size_t stride,
                      size_t across, bool mean);

#endif
