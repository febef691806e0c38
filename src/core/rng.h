/* rng: numpy's legacy random generator (np.random.seed / random / randn).
 *
 * MT19937 seeded with init_genrand, random_sample from two 32-bit outputs
 * (53 bits), and randn by the polar Box-Muller method that caches its
 * second value.  Bit-for-bit equal to numpy's RandomState.
 */
#ifndef NNTRACE_RNG_H
#define NNTRACE_RNG_H

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

#endif
