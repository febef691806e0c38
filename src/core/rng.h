/* rng: numpy's legacy random generator (np.random.seed / random / randn /
 * permutation).
 *
 * MT19937 seeded with init_genrand, random_sample from two 32-bit outputs
 * (53 bits), randn by the polar Box-Muller method that caches its second
 * value, and permutation by numpy's Fisher-Yates shuffle over bounded
 * integers drawn by masked rejection.  Bit-for-bit equal to numpy's
 * RandomState.
 */
#ifndef NNTRACE_RNG_H
#define NNTRACE_RNG_H

#include <stddef.h>
#include <stdint.h>

#define RNG_N 624

struct rng {
	uint32_t mt[RNG_N];
	int mti;
	int has_gauss;  /* randn's cached second value is valid */
	double gauss;
};

/* np.random.seed(seed); drops the cached Gaussian. */
void rng_seed(struct rng *r, uint32_t seed);

/* One 32-bit output of MT19937. */
uint32_t rng_u32(struct rng *r);

/* np.random.random_sample(): uniform in [0, 1). */
double rng_random(struct rng *r);

/* np.random.randn(): standard normal. */
double rng_randn(struct rng *r);

/* A whole number from 0 to max, both included, as legacy numpy's
 * random_interval draws it: 32-bit outputs masked to max's bit width,
 * redrawn while above max.  max below 2^32. */
uint32_t rng_interval(struct rng *r, uint32_t max);

/* np.random.permutation(n): out[0..n) = 0..n-1 shuffled.  Leaves randn's
 * cached value alone, as numpy does. */
void rng_permutation(struct rng *r, uint32_t *out, size_t n);

#endif
