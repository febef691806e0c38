#include "core/rng.h"

#include <math.h>

/* MT19937 parameters (Matsumoto & Nishimura 1998), as in numpy's
 * randomkit / mt19937 sources. */
#define RNG_M 397
#define RNG_MATRIX_A 0x9908b0dfU
#define RNG_UPPER 0x80000000U
#define RNG_LOWER 0x7fffffffU

void rng_seed(struct rng *r, uint32_t seed)
{
	r->mt[0] = seed;
	for (int i = 1; i < RNG_N; i++) {
		uint32_t prev = r->mt[i - 1];
		/* uint32_t arithmetic wraps mod 2^32, which is what the
		 * reference algorithm relies on. */
		r->mt[i] = 1812433253U * (prev ^ (prev >> 30)) + (uint32_t)i;
	}
	/* Forces a full regeneration before the first output. */
	r->mti = RNG_N;
	r->has_gauss = 0;
	r->gauss = 0.0;
}

/* Regenerates the whole state block; numpy does this in one pass too,
 * so the output sequence is the same however outputs are consumed. */
static void rng_generate(struct rng *r)
{
	static const uint32_t mag01[2] = { 0U, RNG_MATRIX_A };
	int i;
	uint32_t y;

	for (i = 0; i < RNG_N - RNG_M; i++) {
		y = (r->mt[i] & RNG_UPPER) | (r->mt[i + 1] & RNG_LOWER);
		r->mt[i] = r->mt[i + RNG_M] ^ (y >> 1) ^ mag01[y & 1U];
	}
	for (; i < RNG_N - 1; i++) {
		y = (r->mt[i] & RNG_UPPER) | (r->mt[i + 1] & RNG_LOWER);
		r->mt[i] = r->mt[i + (RNG_M - RNG_N)] ^ (y >> 1) ^ mag01[y & 1U];
	}
	y = (r->mt[RNG_N - 1] & RNG_UPPER) | (r->mt[0] & RNG_LOWER);
	r->mt[RNG_N - 1] = r->mt[RNG_M - 1] ^ (y >> 1) ^ mag01[y & 1U];
	r->mti = 0;
}

uint32_t rng_u32(struct rng *r)
{
	if (r->mti >= RNG_N)
		rng_generate(r);
	uint32_t y = r->mt[r->mti++];

	/* Tempering. */
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

double rng_random(struct rng *r)
{
	/* 27 high bits then 26 high bits: a 53-bit integer scaled into
	 * [0, 1).  The order of the two draws matters. */
	uint32_t a = rng_u32(r) >> 5;
	uint32_t b = rng_u32(r) >> 6;
	return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

double rng_randn(struct rng *r)
{
	if (r->has_gauss) {
		r->has_gauss = 0;
		double g = r->gauss;
		r->gauss = 0.0;
		return g;
	}

	double x1, x2, r2;
	do {
		x1 = 2.0 * rng_random(r) - 1.0;
		x2 = 2.0 * rng_random(r) - 1.0;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1.0 || r2 == 0.0);

	/* Same expression order as numpy's legacy_gauss, so the rounding
	 * is the same. */
	double f = sqrt(-2.0 * log(r2) / r2);
	r->gauss = f * x1;
	r->has_gauss = 1;
	return f * x2;
}

uint32_t rng_interval(struct rng *r, uint32_t max)
{
	if (max == 0)
		return 0;
	/* The smallest all-ones mask covering max. */
	uint32_t mask = max;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	uint32_t v;
	while ((v = rng_u32(r) & mask) > max)
		;
	return v;
}

void rng_permutation(struct rng *r, uint32_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint32_t)i;
	/* numpy's shuffle walks from the last element down, swapping each
	 * with one at or before it. */
	for (size_t i = n; i-- > 1;) {
		uint32_t j = rng_interval(r, (uint32_t)i);
		uint32_t tmp = out[i];
		out[i] = out[j];
		out[j] = tmp;
	}
}
