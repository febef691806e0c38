/* Tests for rng: numpy's legacy RandomState, bit for bit.
 *
 * Every expected double is compared with memcmp, not a tolerance: the whole
 * point of the module is to reproduce numpy's bits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/rng.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Fails with both values printed to 17 digits when the bits differ. */
static void assert_same_double(double got, double want, size_t index)
{
	if (memcmp(&got, &want, sizeof got) != 0)
		fail_msg("value %zu: got %.17g, want %.17g", index, got, want);
}

static void check_random(uint32_t seed, const double *want, size_t n)
{
	struct rng r;
	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		assert_same_double(rng_random(&r), want[i], i);
}

static void check_randn(uint32_t seed, const double *want, size_t n)
{
	struct rng r;
	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		assert_same_double(rng_randn(&r), want[i], i);
}

/* =====================================================================
 * Golden values from REFERENCE.md
 * ===================================================================== */

static void test_random_seed1(void **state)
{
	(void)state;
	/* REFERENCE.md, seed 1, random */
	static const double want[] = {
		0.417022004702574, 0.7203244934421581, 0.00011437481734488664,
		0.30233257263183977, 0.14675589081711304,
	};
	check_random(1, want, ARRAY_LEN(want));
}

static void test_random_seed123(void **state)
{
	(void)state;
	/* REFERENCE.md, seed 123, random (the weights of seed 002) */
	static const double want[] = {
		0.6964691855978616, 0.28613933495037946, 0.2268514535642031,
		0.5513147690828912, 0.7194689697855631,
	};
	check_random(123, want, ARRAY_LEN(want));
}

static void test_randn_seed42(void **state)
{
	(void)state;
	/* REFERENCE.md, seed 42, randn (the weights of seed 003) */
	static const double want[] = {
		0.4967141530112327, -0.13826430117118466, 0.6476885381006925,
		1.5230298564080254, -0.23415337472333597, -0.23413695694918055,
	};
	check_randn(42, want, ARRAY_LEN(want));
}

/* =====================================================================
 * Values computed independently with numpy
 * ===================================================================== */

static void test_u32_seed5489(void **state)
{
	(void)state;
	/* numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(5489);
	 *   print(r.randint(0,2**32,size=5,dtype=np.uint32))'
	 * The first one is also the MT19937 reference implementation's. */
	static const uint32_t want[] = {
		3499211612U, 581869302U, 3890346734U, 3586334585U, 545404204U,
	};
	struct rng r;
	rng_seed(&r, 5489);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		assert_int_equal(rng_u32(&r), want[i]);
}

static void test_random_seed0(void **state)
{
	(void)state;
	/* numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(0);
	 *   print([repr(float(x)) for x in r.random_sample(3)])' */
	static const double want[] = {
		0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
	};
	check_random(0, want, ARRAY_LEN(want));
}

static void test_random_seed_max(void **state)
{
	(void)state;
	/* numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(4294967295);
	 *   print([repr(float(x)) for x in r.random_sample(3)])' */
	static const double want[] = {
		0.0976320289940138, 0.9123828453026218, 0.78903530185164,
	};
	check_random(UINT32_MAX, want, ARRAY_LEN(want));
}

static void test_random_across_regeneration(void **state)
{
	(void)state;
	/* Value 311 uses outputs 622 and 623, value 312 the first two of the
	 * second state block.
	 * numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(1); a=r.random_sample(400);
	 *   print(repr(a[311]), repr(a[312]), repr(a[399]))' */
	struct rng r;
	double got[400];
	rng_seed(&r, 1);
	for (size_t i = 0; i < ARRAY_LEN(got); i++)
		got[i] = rng_random(&r);
	assert_same_double(got[311], 0.9096355249515571, 311);
	assert_same_double(got[312], 0.2571182937821962, 312);
	assert_same_double(got[399], 0.5409518049621886, 399);
}

static void test_randn_seed0(void **state)
{
	(void)state;
	/* numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(0);
	 *   print([repr(float(x)) for x in r.randn(5)])' */
	static const double want[] = {
		1.764052345967664, 0.4001572083672233, 0.9787379841057392,
		2.240893199201458, 1.8675579901499675,
	};
	check_randn(0, want, ARRAY_LEN(want));
}

static void test_randn_long_run(void **state)
{
	(void)state;
	/* Far enough in that the rejection loop has run many times.
	 * numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(42); a=r.randn(1001);
	 *   print(repr(a[999]), repr(a[1000]))' */
	struct rng r;
	double got[1001];
	rng_seed(&r, 42);
	for (size_t i = 0; i < ARRAY_LEN(got); i++)
		got[i] = rng_randn(&r);
	assert_same_double(got[999], 0.5725827813561586, 999);
	assert_same_double(got[1000], 1.3993554365860021, 1000);
}

/* =====================================================================
 * The Gaussian cache
 * ===================================================================== */

static void test_randn_cache_carries_across_calls(void **state)
{
	(void)state;
	/* numpy's randn(3) then randn(1) equals randn(4): the fourth value is
	 * the cached partner of the third.  Here "a call" is a run of draws
	 * with other work in between, so compare a split run with a straight
	 * one. */
	struct rng a, b;
	double split[4], straight[4];

	rng_seed(&a, 42);
	for (int i = 0; i < 3; i++)
		split[i] = rng_randn(&a);
	struct rng copy = a; /* the state between the two calls */
	split[3] = rng_randn(&copy);

	rng_seed(&b, 42);
	for (int i = 0; i < 4; i++)
		straight[i] = rng_randn(&b);

	for (int i = 0; i < 4; i++)
		assert_same_double(split[i], straight[i], (size_t)i);
	/* REFERENCE.md, seed 42, randn: fourth value */
	assert_same_double(split[3], 1.5230298564080254, 3);
	assert_true(a.has_gauss);
}

static void test_randn_cache_survives_random(void **state)
{
	(void)state;
	/* A uniform draw between two Gaussians does not touch the cache.
	 * numpy 1.24 (Debian 12):
	 * /usr/bin/python3 -c 'import numpy as np;
	 *   r=np.random.RandomState(42);
	 *   print(repr(r.randn()), repr(r.random_sample()),
	 *         repr(r.randn()), repr(r.randn()))' */
	struct rng r;
	rng_seed(&r, 42);
	assert_same_double(rng_randn(&r), 0.4967141530112327, 0);
	assert_same_double(rng_random(&r), 0.7319939418114051, 1);
	assert_same_double(rng_randn(&r), -0.13826430117118466, 2);
	assert_same_double(rng_randn(&r), -1.1118801180469204, 3);
}

static void test_reseed_drops_cache(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 42);
	double first = rng_randn(&r);
	assert_true(r.has_gauss);

	/* Without dropping the cache the next value would be -0.138... */
	rng_seed(&r, 42);
	assert_false(r.has_gauss);
	assert_same_double(rng_randn(&r), first, 0);
	assert_same_double(rng_randn(&r), -0.13826430117118466, 1);
}

static void test_reseed_restarts_sequence(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 123);
	for (int i = 0; i < 1000; i++)
		(void)rng_u32(&r);
	rng_seed(&r, 123);
	assert_same_double(rng_random(&r), 0.6964691855978616, 0);
}

/* np.random.permutation, legacy RandomState.  Every expected list below
 * was printed by Debian's numpy 1.24.2 (/usr/bin/python3) with the code
 * in its comment. */
static void check_perm(struct rng *r, const uint32_t *want, size_t n)
{
	uint32_t got[16];
	assert_true(n <= ARRAY_LEN(got));
	rng_permutation(r, got, n);
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("element %zu: got %u, want %u", i, got[i],
			         want[i]);
}

static void test_permutation_seed1(void **state)
{
	(void)state;
	/* np.random.seed(1); np.random.permutation(10) */
	static const uint32_t want[] = {2, 9, 6, 4, 0, 3, 1, 7, 8, 5};
	struct rng r;
	rng_seed(&r, 1);
	check_perm(&r, want, ARRAY_LEN(want));
}

static void test_permutation_one_per_epoch(void **state)
{
	(void)state;
	/* np.random.seed(3); three calls of np.random.permutation(5): each
	 * epoch's permutation carries on the same stream. */
	static const uint32_t want[3][5] = {
		{3, 4, 1, 0, 2}, {2, 1, 3, 4, 0}, {0, 4, 1, 2, 3}};
	struct rng r;
	rng_seed(&r, 3);
	for (size_t e = 0; e < 3; e++)
		check_perm(&r, want[e], 5);
}

static void test_permutation_small(void **state)
{
	(void)state;
	/* np.random.seed(5); permutation(1), then permutation(2) three
	 * times: [0] [0, 1] [1, 0] [0, 1].  permutation(1) draws nothing. */
	static const uint32_t one[] = {0}, a[] = {0, 1}, b[] = {1, 0};
	struct rng r;
	rng_seed(&r, 5);
	check_perm(&r, one, 1);
	check_perm(&r, a, 2);
	check_perm(&r, b, 2);
	check_perm(&r, a, 2);
}

static void test_permutation_large(void **state)
{
	(void)state;
	/* np.random.seed(0); p = np.random.permutation(1797); p[:8], p[-8:]
	 * (the digits data set's size: bounds past 2^10 use wider masks). */
	static const uint32_t head[] = {1081, 1707, 927, 713, 262, 182, 303,
	                                895};
	static const uint32_t tail[] = {1383, 1731, 763, 835, 1216, 1653, 559,
	                                684};
	static uint32_t got[1797];
	struct rng r;
	rng_seed(&r, 0);
	rng_permutation(&r, got, 1797);
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(got[i], head[i]);
		assert_int_equal(got[1797 - 8 + i], tail[i]);
	}
}

static void test_permutation_keeps_gauss_cache(void **state)
{
	(void)state;
	/* np.random.seed(42); np.random.randn(3);
	 * np.random.permutation(7) -> [5, 0, 3, 4, 2, 1, 6];
	 * np.random.randn() -> 1.5230298564080254, which is randn(4)[3]
	 * from the same seed: the value cached before the shuffle. */
	static const uint32_t want[] = {5, 0, 3, 4, 2, 1, 6};
	struct rng r;
	rng_seed(&r, 42);
	for (int i = 0; i < 3; i++)
		(void)rng_randn(&r);
	check_perm(&r, want, ARRAY_LEN(want));
	assert_same_double(rng_randn(&r), 1.5230298564080254, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_seed1),
		cmocka_unit_test(test_random_seed123),
		cmocka_unit_test(test_randn_seed42),
		cmocka_unit_test(test_u32_seed5489),
		cmocka_unit_test(test_random_seed0),
		cmocka_unit_test(test_random_seed_max),
		cmocka_unit_test(test_random_across_regeneration),
		cmocka_unit_test(test_randn_seed0),
		cmocka_unit_test(test_randn_long_run),
		cmocka_unit_test(test_randn_cache_carries_across_calls),
		cmocka_unit_test(test_randn_cache_survives_random),
		cmocka_unit_test(test_reseed_drops_cache),
		cmocka_unit_test(test_reseed_restarts_sequence),
		cmocka_unit_test(test_permutation_seed1),
		cmocka_unit_test(test_permutation_one_per_epoch),
		cmocka_unit_test(test_permutation_small),
		cmocka_unit_test(test_permutation_large),
		cmocka_unit_test(test_permutation_keeps_gauss_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
