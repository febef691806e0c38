#include "render/digits.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 128-bit integers: a GNU extension gcc and clang share. */
__extension__ typedef unsigned __int128 u128;

static const uint64_t pow10_u64[20] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
	UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
	UINT64_C(10000000000000000), UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000), UINT64_C(10000000000000000000),
};

/* "00" to "99": the digits of a number two at a time. */
static const char digit_pairs[201] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* =====================================================================
 * Digit strings
 * ===================================================================== */

size_t digits_u64(char *out, unsigned long long v)
{
	char rev[24];
	size_t k = 0;
	do {
		rev[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	return k;
}

void digits_trim(struct digits *x)
{
	while (x->n > 1 && x->d[x->n - 1] == '0')
		x->n--;
	x->d[x->n] = '\0';
}

/* =====================================================================
 * Exact rounding: what printf's %e prints
 * ===================================================================== */

/* 10^k as a 128-bit integer, k <= 38. */
static u128 pow10_u128(int k)
{
	return k < 20 ? pow10_u64[k]
	              : (u128)pow10_u64[19] * pow10_u64[k - 19];
}

/* A finite a >= 0 exactly as m 2^e: m < 2^53, with the hidden bit set
 * when a is normal; `biased` is the exponent field (0: subnormal). */
struct binary {
	uint64_t m;
	int e;
	int biased;
};

static struct binary binary_of(double a)
{
	uint64_t bits;
	memcpy(&bits, &a, sizeof bits);
	struct binary b = {bits & ((UINT64_C(1) << 52) - 1), -1074,
	                   (int)(bits >> 52 & 0x7ff)};
	if (b.biased) {
		b.m |= UINT64_C(1) << 52;
		b.e = b.biased - 1075;
	}
	return b;
}

/* Bits needed for v (0 for 0). */
static int bit_length(u128 v)
{
	uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
	if (hi)
		return 128 - __builtin_clzll(hi);
	return lo ? 64 - __builtin_clzll(lo) : 0;
}

/* q = floor(m 10^s / 2^sh) for 0 < s <= 38, and where the rest lies
 * against half of 2^sh (*half: -1 below, 0 at, 1 above), the product
 * m 10^s (up to 53 + 127 bits) held in three 64-bit limbs: the small
 * numbers of late iterations (1e-7 and below) need more than 128 bits
 * for their 17 digits.  False when q would not fit in 128 bits. */
static bool shifted_product(uint64_t m, int s, int sh, u128 *q, int *half)
{
	if (sh < 1 || sh >= 192)
		return false;
	u128 p = pow10_u128(s);
	u128 lo = (u128)m * (uint64_t)p, hi = (u128)m * (uint64_t)(p >> 64);
	u128 mid = (lo >> 64) + (uint64_t)hi;
	uint64_t n[6] = {(uint64_t)lo, (uint64_t)mid,
	                 (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64), 0, 0, 0};
	int w = sh / 64, b = sh % 64;
	uint64_t q0 = n[w], q1 = n[w + 1], q2 = n[w + 2];
	if (b) {
		q0 = (n[w] >> b) | (n[w + 1] << (64 - b));
		q1 = (n[w + 1] >> b) | (n[w + 2] << (64 - b));
		q2 = (n[w + 2] >> b) | (n[w + 3] << (64 - b));
	}
	if (q2)
		return false;
	*q = (u128)q1 << 64 | q0;
	int hb = sh - 1; /* the half's bit */
	bool at_half = (n[hb / 64] >> (hb % 64)) & 1;
	bool below = (n[hb / 64] & ((UINT64_C(1) << (hb % 64)) - 1)) != 0;
	for (int i = 0; i < hb / 64; i++)
		below = below || n[i];
	*half = !at_half ? -1 : below ? 1 : 0;
	return true;
}

/* The k significant digits of a (finite, > 0, 1 <= k <= 21) rounded half
 * to even, what "%.*e" with k - 1 decimals prints, made exactly in
 * 128-bit integers: a = m 2^e, so a 10^s is N / D with N = m 10^s 2^e and
 * D = 10^-s 2^-e for the parts with negative exponents.  Handouts print
 * the small deltas of late iterations this way, and printf's
 * multi-precision code was a tenth of their time.  False when N or D
 * would not fit (the caller asks printf). */
static bool exact_e(struct digits *x, double a, int k)
{
	if (k < 1 || k > 21 || !(a > 0) || isinf(a))
		return false;
	struct binary bin = binary_of(a);
	uint64_t m = bin.m;
	int e = bin.e;
	int mbits = 64 - __builtin_clzll(m);
	/* a lies in [2^(e + mbits - 1), 2^(e + mbits)): a first guess at
	 * E = floor(log10 a), put right below when it is off by one. */
	int E = (int)floor((e + mbits - 1) * 0.30102999566398120);
	u128 lo = pow10_u128(k - 1), hi = pow10_u128(k);
	for (int tries = 0; tries < 3; tries++) {
		int s = k - 1 - E;
		if (s > 38 || s < -38)
			return false;
		u128 F;
		int half; /* the rest against half of the divisor */
		if (s > 0 && e < 0 &&
		    mbits + bit_length(pow10_u128(s)) > 128) {
			if (!shifted_product(m, s, -e, &F, &half))
				return false;
		} else {
			u128 N = m, D = 1;
			if (s > 0) {
				if (mbits + bit_length(pow10_u128(s)) > 128)
					return false;
				N *= pow10_u128(s);
			} else if (s < 0) {
				D = pow10_u128(-s);
			}
			if (e > 0) {
				if (bit_length(N) + e > 127)
					return false;
				N <<= e;
			} else if (e < 0) {
				if (bit_length(D) - e > 127)
					return false;
				D <<= -e;
			}
			u128 R;
			if ((D & (D - 1)) == 0) { /* a power of two: shifts */
				int sh = bit_length(D) - 1;
				F = N >> sh;
				R = N - (F << sh);
			} else {
				F = N / D;
				R = N % D;
			}
			half = 2 * R > D ? 1 : 2 * R == D ? 0 : -1;
		}
		if (F < lo) {
			E--;
			continue;
		}
		if (F >= hi) {
			E++;
			continue;
		}
		if (half > 0 || (half == 0 && (F & 1)))
			F++;
		if (F == hi) { /* 9.99... rounded up to 10.0 */
			F = lo;
			E++;
		}
		/* The digits in 64 bits where they fit (k <= 19: F < 10^19),
		 * as 128-bit division is a library call. */
		int i = k - 1;
		for (; F > UINT64_MAX; i--) {
			x->d[i] = (char)('0' + (int)(F % 10));
			F /= 10;
		}
		for (uint64_t f = (uint64_t)F; i >= 0; i--) {
			x->d[i] = (char)('0' + (int)(f % 10));
			f /= 10;
		}
		x->d[k] = '\0';
		x->n = k;
		x->e = E;
		return true;
	}
	return false;
}

/* Splits the output of "%.*e" (no sign) into digits and exponent. */
static void digits_from_e(struct digits *out, const char *s)
{
	out->n = 0;
	for (; *s && *s != 'e'; s++) {
		if (*s >= '0' && *s <= '9' && out->n < (int)sizeof out->d - 1)
			out->d[out->n++] = *s;
	}
	out->d[out->n] = '\0';
	out->e = *s == 'e' ? atoi(s + 1) : 0;
}

/* Exactly in integers where they reach, else from printf. */
void digits_rounded(struct digits *x, double a, int decimals)
{
	if (exact_e(x, a, decimals + 1))
		return;
	char buf[64];
	snprintf(buf, sizeof buf, "%.*e", decimals, a);
	digits_from_e(x, buf);
}

/* =====================================================================
 * The shortest digits that read back: Python's repr
 * ===================================================================== */

/* Writes x back as "ddd...e-N" (digits, no point: the exponent moves by
 * n - 1) so strtod can check it; by hand, as snprintf would double the
 * cost of the check. */
static double digits_value(const struct digits *x)
{
	char buf[48];
	memcpy(buf, x->d, (size_t)x->n);
	size_t pos = (size_t)x->n;
	int e = x->e - (x->n - 1);
	buf[pos++] = 'e';
	if (e < 0) {
		buf[pos++] = '-';
		e = -e;
	}
	pos += digits_u64(buf + pos, (unsigned long long)e);
	buf[pos] = '\0';
	return strtod(buf, NULL);
}

/* The next k-digit decimal above x (same number of digits). */
static void digits_next_up(struct digits *x)
{
	int i = x->n - 1;
	while (i >= 0 && x->d[i] == '9')
		x->d[i--] = '0';
	if (i >= 0) {
		x->d[i]++;
	} else {
		x->d[0] = '1';
		x->e++;
	}
}

/* The correctly rounded k-digit decimal of a (what "%.*e" with k - 1
 * gives), taken from its 17-digit one when that is unambiguous: the
 * digits past k decide the rounding unless they are exactly 5 then
 * zeros, where the 17-digit rounding may have hidden which side of the
 * half a lies on.  Saves a printf per candidate. */
static void round_to(struct digits *out, const struct digits *d17, double a,
                     int k)
{
	int cmp = 0; /* digits past k against 5000...: <0, 0, >0 */
	for (int i = k; i < d17->n && !cmp; i++) {
		int half = i == k ? 5 : 0;
		cmp = (d17->d[i] - '0') - half;
	}
	if (cmp == 0 || d17->n < 17) {
		digits_rounded(out, a, k - 1);
		return;
	}
	memcpy(out->d, d17->d, (size_t)k);
	out->d[k] = '\0';
	out->n = k;
	out->e = d17->e;
	if (cmp > 0)
		digits_next_up(out);
}

/* Unsigned integers of up to 256 bits, four 64-bit words, least
 * significant first: enough for the exact comparisons of reads_back. */
struct u256 {
	uint64_t w[4];
};

/* a x b (at most 64 + 128 bits) */
static struct u256 u256_mul(uint64_t a, u128 b)
{
	u128 lo = (u128)a * (uint64_t)b, hi = (u128)a * (uint64_t)(b >> 64);
	u128 mid = (lo >> 64) + (uint64_t)hi;
	struct u256 r = {{(uint64_t)lo, (uint64_t)mid,
	                  (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64), 0}};
	return r;
}

/* x << n; false when bits would be lost. */
static bool u256_shl(struct u256 *x, int n)
{
	if (n == 0)
		return true;
	if (n < 0 || n >= 256)
		return false;
	int ws = n / 64, bs = n % 64;
	for (int i = 3; i >= 4 - ws; i--)
		if (x->w[i])
			return false;
	if (bs && (x->w[3 - ws] >> (64 - bs)))
		return false;
	struct u256 r = {{0, 0, 0, 0}};
	for (int i = 3; i >= ws; i--) {
		r.w[i] = x->w[i - ws] << bs;
		if (bs && i - ws - 1 >= 0)
			r.w[i] |= x->w[i - ws - 1] >> (64 - bs);
	}
	*x = r;
	return true;
}

static int u256_cmp(const struct u256 *a, const struct u256 *b)
{
	for (int i = 3; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* Where the decimal x lies against the doubles that read back as a
 * (finite, > 0), exactly, in integers: 0 when strtod would give a back,
 * -1 below, 1 above, 2 when the numbers are too large to tell here (the
 * caller asks strtod).  a = m 2^f has neighbours half a gap away on
 * either side, with a gap below half as wide at a power of two, and a
 * decimal exactly halfway goes to the even mantissa: to a when m is
 * even.  In units of 2^(f - 2) the bounds are 4m - 2 (4m - 1 at a power
 * of two) and 4m + 2, and x = D 10^q is D 10^q 2^(2 - f). */
static int reads_back(const struct digits *x, double a)
{
	struct binary bin = binary_of(a);
	uint64_t m = bin.m;
	int f = bin.e;
	bool pow2 = m == UINT64_C(1) << 52 && bin.biased > 1;
	uint64_t D = 0;
	for (int i = 0; i < x->n; i++)
		D = D * 10 + (uint64_t)(x->d[i] - '0');
	int q = x->e - (x->n - 1), g = 2 - f;
	if (x->n > 19 || q > 38 || q < -38)
		return 2;
	uint64_t bound[2] = {4 * m - (pow2 ? 1 : 2), 4 * m + 2};
	struct u256 lhs = u256_mul(D, pow10_u128(q > 0 ? q : 0));
	if (!u256_shl(&lhs, g > 0 ? g : 0))
		return 2;
	int side[2];
	for (int b = 0; b < 2; b++) {
		struct u256 rhs = u256_mul(bound[b], pow10_u128(q < 0 ? -q : 0));
		if (!u256_shl(&rhs, g < 0 ? -g : 0))
			return 2;
		side[b] = u256_cmp(&lhs, &rhs);
	}
	bool even = (m & 1) == 0;
	if (side[0] < 0 || (side[0] == 0 && !even))
		return -1;
	if (side[1] > 0 || (side[1] == 0 && !even))
		return 1;
	return 0;
}

/* Whether x reads back as a: exactly when reads_back can tell, else by
 * strtod.  *below: x lies below a's doubles. */
static bool gives_back(const struct digits *x, double a, bool *below)
{
	int r = reads_back(x, a);
	if (r == 2) {
		double back = digits_value(x);
		*below = back < a;
		return back == a;
	}
	*below = r < 0;
	return r == 0;
}

/* Whether the k-digit candidate for a reads back as a: the closest k-digit
 * decimal `near`, or, when that falls short, the next one up (see
 * digits_shortest()); on success *out is the one that does. */
static bool candidate(struct digits *out, const struct digits *near, double a)
{
	bool below;
	if (gives_back(near, a, &below)) {
		*out = *near;
		return true;
	}
	if (below) {
		struct digits up = *near;
		digits_next_up(&up);
		bool up_below;
		if (gives_back(&up, a, &up_below)) {
			*out = up;
			return true;
		}
	}
	return false;
}

/* The correctly rounded k-digit candidate is the closest k-digit
 * decimal, so it is the answer whenever one exists, except just above a
 * power of two, where the gap below a is half the gap above: there the
 * closest candidate can fall short while the next one up still reads back.
 * (The gap above is never the narrower one, so no need to look below.)
 *
 * Every k-digit decimal is also a (k+1)-digit one, so once some k works
 * every larger k does: the answer is the first k that works.  Trying them
 * from 1 costs up to 17 printf/strtod rounds per number, the bulk of a
 * handout's time.  For a normal double at most one 15-digit decimal reads
 * back as it (their spacing, at least 1e-15 of the value, is wider than
 * the 2^-52 of the value that reads back), so when 15 digits work, every
 * shorter answer is that same decimal with trailing zeros: one round
 * gives the answer.  Otherwise it has 16 or 17 digits.  Subnormals have
 * fewer significant bits and are searched from 1. */
void digits_shortest(struct digits *out, double a)
{
	struct digits d17, near;

	digits_rounded(&d17, a, 16);
	if (a >= DBL_MIN) {
		round_to(&near, &d17, a, 15);
		if (!candidate(out, &near, a)) {
			round_to(&near, &d17, a, 16);
			if (!candidate(out, &near, a))
				*out = d17; /* 17 digits always read back */
		}
	} else {
		for (int k = 1; k <= 17; k++) {
			round_to(&near, &d17, a, k);
			if (candidate(out, &near, a))
				break;
		}
	}
	digits_trim(out);
}

/* =====================================================================
 * What printf's %f prints
 * ===================================================================== */

/* a is m 2^e exactly (m < 2^53), so a 10^p is m 10^p 2^e with m 10^p
 * below 2^117, rounded half to even as printf does, exactly, in 128-bit
 * integers. */
size_t digits_fixed(char *out, size_t cap, double a, int p)
{
	/* at most 35 digits (n < 10^35), a point and a NUL */
	if (p < 0 || p > 19 || !(a > 0) || !(a < 0x1p53) || cap < 40)
		return 0;
	struct binary bin = binary_of(a);
	int e = bin.e;
	u128 n = (u128)bin.m * pow10_u64[p];
	if (e >= 0) {
		n <<= e; /* only e == 0: a < 2^53 */
	} else if (-e >= 118) {
		n = 0; /* below 2^117 / 2^118: under half a unit */
	} else {
		int sh = -e;
		u128 q = n >> sh, r = n - (q << sh), half = (u128)1 << (sh - 1);
		if (r > half || (r == half && (q & 1)))
			q++;
		n = q;
	}
	/* The digits of n < 2^53 10^19 < 10^35, from the last one: two at a
	 * time, in 64-bit pieces of 19 digits. */
	char dig[40];
	char *d = dig + sizeof dig;
	static const uint64_t e19 = UINT64_C(10000000000000000000);
	while (n >= e19) { /* the 128-bit division only when it is needed */
		uint64_t lo = (uint64_t)(n % e19);
		n /= e19;
		for (int i = 0; i < 19; i++) {
			*--d = (char)('0' + lo % 10);
			lo /= 10;
		}
	}
	uint64_t v = (uint64_t)n;
	while (v >= 100) {
		d -= 2;
		memcpy(d, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		d -= 2;
		memcpy(d, digit_pairs + 2 * v, 2);
	} else {
		*--d = (char)('0' + v);
	}
	int nd = (int)(dig + sizeof dig - d);
	/* at least p + 1 digits: "0.00ddd" when there are fewer */
	size_t pos = 0;
	if (nd > p) {
		memcpy(out, d, (size_t)(nd - p));
		pos = (size_t)(nd - p);
		if (p > 0) {
			out[pos++] = '.';
			memcpy(out + pos, d + nd - p, (size_t)p);
			pos += (size_t)p;
		}
	} else {
		out[pos++] = '0';
		out[pos++] = '.';
		memset(out + pos, '0', (size_t)(p - nd));
		pos += (size_t)(p - nd);
		memcpy(out + pos, d, (size_t)nd);
		pos += (size_t)nd;
	}
	out[pos] = '\0';
	return pos;
}
