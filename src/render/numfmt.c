#include "render/numfmt.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* numpy's defaults (np.get_printoptions()). */
#define LINEWIDTH 75
#define THRESHOLD 1000
#define EDGEITEMS 3

/* A shortest repr has at most 17 significant digits, so in positional
 * layouts (every non-zero |v| >= 1e-4) it never needs more than 20
 * decimals, nor more than 16 in a mantissa: beyond 20, numpy's 'maxprec'
 * output no longer changes.  The cap keeps float cells inside
 * NUMFMT_CELL_MAX. */
#define PRECISION_MAX 20

/* Room for any integer-valued double ("%.0f" of 1.8e308 is 309 digits). */
#define WIDE_CELL 400

/* ===== decimal digits ================================================== */

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


/* A finite non-negative double as digits d[0] d[1] ... d[n-1] with the
 * decimal point after d[0] and exponent e: 0.0123 is "123", e = -2. */
struct digits {
	char d[24];
	int n;
	int e;
};

size_t numfmt_decimal(char *out, unsigned long long v)
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

static void digits_trim_zeros(struct digits *x)
{
	while (x->n > 1 && x->d[x->n - 1] == '0')
		x->n--;
	x->d[x->n] = '\0';
}

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

/* What "%.*e" prints for a with `decimals` decimals, as digits: exactly
 * in integers when they fit, else from printf. */
static void e_digits(struct digits *x, double a, int decimals)
{
	if (exact_e(x, a, decimals + 1))
		return;
	char buf[64];
	snprintf(buf, sizeof buf, "%.*e", decimals, a);
	digits_from_e(x, buf);
}

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
	pos += numfmt_decimal(buf + pos, (unsigned long long)e);
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

/* The shortest digits that read back as a (finite, > 0), the closest to a
 * among those: the digits of Python's repr and of numpy's unique Dragon4
 * mode.  The correctly rounded k-digit candidate is the closest k-digit
 * decimal, so it is the answer whenever one exists, except just above a
 * power of two, where the gap below a is half the gap above: there the
 * closest candidate can fall short while the next one up still reads back.
 * (The gap above is never the narrower one, so no need to look below.) */
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
		e_digits(out, a, k - 1);
		return;
	}
	memcpy(out->d, d17->d, (size_t)k);
	out->d[k] = '\0';
	out->n = k;
	out->e = d17->e;
	if (cmp > 0)
		digits_next_up(out);
}

/* Whether the k-digit candidate for a reads back as a: the closest k-digit
 * decimal `near`, or, when that falls short, the next one up (see
 * shortest()); on success *out is the one that does. */
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

/* The shortest digits that read back as a (finite, > 0), the closest to a
 * among those: the digits of Python's repr and of numpy's unique Dragon4
 * mode.  The correctly rounded k-digit candidate is the closest k-digit
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
 * fewer significant bits and are searched from 1 as before. */
static void shortest(struct digits *out, double a)
{
	struct digits d17, near;

	e_digits(&d17, a, 16);
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
	digits_trim_zeros(out);
}

/* ===== small string helpers ============================================ */

/* Writes n bytes of s at buf[pos] as far as cap allows, keeping buf
 * NUL-terminated; returns the position after them as if nothing had been
 * cut, so callers can chain calls and finish() at the end. */
static size_t put(char *buf, size_t cap, size_t pos, const char *s, size_t n)
{
	if (cap == 0)
		return pos + n;
	if (pos + 1 >= cap) {
		buf[cap - 1] = '\0';
	} else {
		size_t k = cap - 1 - pos < n ? cap - 1 - pos : n;
		memcpy(buf + pos, s, k);
		buf[pos + k] = '\0';
	}
	return pos + n;
}

/* The length actually left in buf after put() calls that reached pos. */
static size_t finish(size_t cap, size_t pos)
{
	if (cap == 0)
		return 0;
	return pos < cap ? pos : cap - 1;
}

static size_t put_spaces(char *buf, size_t cap, size_t pos, int n)
{
	for (; n > 0; n--)
		pos = put(buf, cap, pos, " ", 1);
	return pos;
}

static int clamp_precision(int precision)
{
	if (precision < 0)
		return 0;
	return precision > PRECISION_MAX ? PRECISION_MAX : precision;
}

/* ===== numpy's float formats =========================================== */

/* What snprintf(out, cap, "%.*f", p, a) writes, for 0 <= p <= 19 and
 * 0 < a < 2^53, without printf's multi-precision arithmetic: a is
 * m 2^e exactly (m < 2^53), so a 10^p is m 10^p 2^e with m 10^p below
 * 2^117, rounded half to even as printf does, exactly, in 128-bit
 * integers.  Handouts and the player print hundreds of thousands of
 * numbers this way; printf was most of their time.  Returns the length,
 * or 0 when it does not apply. */
static size_t fixed(char *out, size_t cap, double a, int p)
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

/* numpy's dragon4_positional(|v|, precision, unique=True, trim='.'):
 * the shortest repr if it needs at most `precision` decimals, else the
 * exact value rounded half-even to `precision` decimals (what glibc's
 * printf does), then trailing zeros cut, point kept ("2.", "0.5").
 * Writes no sign. */
static void positional(char *out, size_t cap, double a, int precision)
{
	struct digits x;

	if (a == 0.0) {
		snprintf(out, cap, "0.");
		return;
	}
	/* Most computed values need 16 or 17 digits, far more decimals than
	 * shown: then a * 10^precision is no whole number, by more than the
	 * 2^-52 of it that rounding a shorter decimal to binary and the
	 * multiplication can account for, and the shortest digits are not
	 * needed (they cost a printf and up to three strtod). */
	bool more = false;
	if (precision <= 22) {
		static const double p10[23] = {
			1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
			1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}; /* exact */
		double s = a * p10[precision];
		more = s < 0x1p52 && fabs(s - nearbyint(s)) > s * 0x1p-50;
	}
	int frac = 0;
	if (!more) {
		shortest(&x, a);
		frac = x.n - 1 - x.e;
	}
	if (more || frac > precision) {
		/* printf's '#' keeps the point when precision is 0 ("15.") */
		if (fixed(out, cap, a, precision)) {
			if (precision == 0)
				put(out, cap, strlen(out), ".", 1);
		} else {
			snprintf(out, cap, "%#.*f", precision, a);
		}
		size_t len = strlen(out);
		while (len > 0 && out[len - 1] == '0')
			out[--len] = '\0';
		return;
	}

	size_t pos = 0;
	if (x.e < 0) {
		pos = put(out, cap, pos, "0.", 2);
		for (int i = 0; i < -x.e - 1; i++)
			pos = put(out, cap, pos, "0", 1);
		put(out, cap, pos, x.d, (size_t)x.n);
		return;
	}
	for (int i = 0; i <= x.e; i++)
		pos = put(out, cap, pos, i < x.n ? &x.d[i] : "0", 1);
	pos = put(out, cap, pos, ".", 1);
	if (x.n > x.e + 1)
		put(out, cap, pos, x.d + x.e + 1, (size_t)(x.n - x.e - 1));
}

/* Mantissa and exponent of |v| in scientific notation, numpy's way:
 * with `mant_digits` < 0 as dragon4_scientific(unique=True, trim='.')
 * (shortest, or rounded to `precision` decimals, trailing zeros cut);
 * otherwise exactly `mant_digits` decimals, exactly rounded (numpy's
 * min_digits carries on with the exact digits past the shortest ones). */
static void scientific_parts(struct digits *x, double a, int precision,
                             int mant_digits)
{
	if (a == 0.0) {
		x->d[0] = '0';
		x->n = mant_digits > 0 ? 1 + mant_digits : 1;
		memset(x->d, '0', (size_t)x->n);
		x->d[x->n] = '\0';
		x->e = 0;
		return;
	}
	if (mant_digits >= 0) {
		e_digits(x, a, mant_digits);
		return;
	}
	shortest(x, a);
	if (x->n - 1 > precision) {
		e_digits(x, a, precision);
		digits_trim_zeros(x);
	}
}

static int exponent_digits(int e)
{
	int n = 2; /* numpy, like printf, writes at least two */
	for (int m = e < 0 ? -e : e; m >= 100; m /= 10)
		n++;
	return n;
}

/* "1.5e-05" from parts, the exponent zero-padded to `exp_digits`; with
 * `dot` false a one-digit mantissa gets no point (Python's "1e-05"),
 * with `dot` true it keeps one (numpy's "1.e-05"). */
static size_t scientific_text(char *out, size_t cap, const struct digits *x,
                              int exp_digits, bool dot)
{
	size_t pos = put(out, cap, 0, x->d, 1);
	if (dot || x->n > 1)
		pos = put(out, cap, pos, ".", 1);
	pos = put(out, cap, pos, x->d + 1, (size_t)(x->n - 1));
	/* numpy caps the padding at 5 digits; a double needs at most 3 */
	int pad = exp_digits < 2 ? 2 : exp_digits > 5 ? 5 : exp_digits;
	unsigned mag = (unsigned)(x->e < 0 ? -x->e : x->e) % 100000U;
	/* "e+05": by hand, as printf's "e%c%0*u" writes it */
	char ebuf[16], dig[8];
	size_t nd = numfmt_decimal(dig, mag), n = 0;
	ebuf[n++] = 'e';
	ebuf[n++] = x->e < 0 ? '-' : '+';
	for (size_t z = nd; z < (size_t)pad; z++)
		ebuf[n++] = '0';
	memcpy(ebuf + n, dig, nd);
	return put(out, cap, pos, ebuf, n + nd);
}

static const char *nonfinite(double v)
{
	if (isnan(v))
		return "nan";
	return v < 0 ? "-inf" : "inf";
}

/* ===== layout ========================================================== */

/* Characters before the point in a formatted (unpadded) cell. */
static int int_part_len(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (int)(dot - s) : (int)strlen(s);
}

/* The length of the integer part of positional(a, precision) without
 * writing it: floor(a)'s digits, unless rounding to `precision` decimals
 * could carry into it (a within 2 10^-precision of the next integer, or
 * precisions whose 10^-precision is lost next to 1).  Returns false
 * when it cannot tell. */
static bool int_len(double a, int precision, int *len)
{
	static const double ulp10[16] = {
		1e0, 1e-1, 1e-2, 1e-3, 1e-4,  1e-5,  1e-6,  1e-7,
		1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15};
	if (precision > 15 || !(a < 1e15))
		return false;
	double fl = floor(a);
	if (a - fl >= 1.0 - 2.0 * ulp10[precision])
		return false;
	int n = 1;
	for (unsigned long long k = (unsigned long long)fl; k >= 10; k /= 10)
		n++;
	*len = n;
	return true;
}

/* numfmt_plan, keeping the positional text of every finite v[i] in
 * bodies[i] when bodies is not NULL (unset for nan and inf, and unused
 * by integral and scientific layouts), so that numfmt_array does not
 * format each number twice. */
static void plan(struct numfmt *f, const double *v, size_t n, int precision,
                 bool integral, char (*bodies)[NUMFMT_CELL_MAX])
{
	char buf[WIDE_CELL];
	double max_abs = 0.0, min_abs = 0.0;
	bool any_nonzero = false, any_finite = false;
	bool any_nan = false, any_neginf = false, any_posinf = false;

	memset(f, 0, sizeof *f);
	f->precision = clamp_precision(precision);
	f->integral = integral;

	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i])) {
			any_nan = true;
			continue;
		}
		if (isinf(v[i])) {
			if (v[i] < 0)
				any_neginf = true;
			else
				any_posinf = true;
			continue;
		}
		any_finite = true;
		double a = fabs(v[i]);
		if (a == 0.0)
			continue;
		if (!any_nonzero || a > max_abs)
			max_abs = a;
		if (!any_nonzero || a < min_abs)
			min_abs = a;
		any_nonzero = true;
	}

	if (integral) {
		/* numpy's IntegerFormat: right-aligned to the longest. */
		int w = 0;
		for (size_t i = 0; i < n; i++) {
			int len = (int)numfmt_cell(buf, sizeof buf, v[i], f);
			if (len > w)
				w = len;
		}
		f->int_width = w;
		f->width = w;
		return;
	}

	/* numpy's FloatingFormat.fillFormat with suppress=False. */
	f->scientific = any_nonzero &&
	                (max_abs >= 1e8 || min_abs < 0.0001 ||
	                 max_abs / min_abs > 1000.0);

	int pad_left = 0, pad_right = 0;
	if (!any_finite) {
		/* nothing to measure: only nan/inf decide the width */
	} else if (f->scientific) {
		int frac = 0, expd = 2;
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(v[i]))
				continue;
			int left = signbit(v[i]) ? 2 : 1;
			/* Once some value needs every decimal, the others
			 * can only widen the exponent, which has 2 digits
			 * (rounding included) from 1e-98 to 1e98. */
			double a = fabs(v[i]);
			if (frac == f->precision && a >= 1e-98 && a < 1e98) {
				if (left > pad_left)
					pad_left = left;
				continue;
			}
			struct digits x;
			scientific_parts(&x, fabs(v[i]), f->precision, -1);
			if (x.n - 1 > frac)
				frac = x.n - 1;
			if (exponent_digits(x.e) > expd)
				expd = exponent_digits(x.e);
			if (left > pad_left)
				pad_left = left;
		}
		f->frac_digits = frac;
		/* "e-05": the point, then 'e' and the exponent's sign */
		pad_right = frac + 2 + expd;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(v[i]))
				continue;
			/* Once some value needs every decimal only the
			 * integer parts matter (see int_len). */
			int ilen;
			if (!bodies && pad_right == f->precision &&
			    int_len(fabs(v[i]), f->precision, &ilen)) {
				int left = ilen + (signbit(v[i]) ? 1 : 0);
				if (left > pad_left)
					pad_left = left;
				continue;
			}
			/* Without scientific notation every |v| < 1e8: the
			 * text fits a cell. */
			char *b = bodies ? bodies[i] : buf;
			positional(b, bodies ? NUMFMT_CELL_MAX : sizeof buf,
			           fabs(v[i]), f->precision);
			int left = int_part_len(b) + (signbit(v[i]) ? 1 : 0);
			int right = (int)strlen(b) - int_part_len(b) - 1;
			if (left > pad_left)
				pad_left = left;
			if (right > pad_right)
				pad_right = right;
		}
		f->frac_digits = pad_right;
	}

	/* A nan or inf is right-aligned in the whole cell; widen the
	 * integer part if the cell is too narrow for it. */
	if (any_nan || any_neginf || any_posinf) {
		int offset = pad_right + 1;
		int nanlen = any_nan ? 3 : 0;
		int inflen = any_neginf ? 4 : any_posinf ? 3 : 0;
		if (nanlen - offset > pad_left)
			pad_left = nanlen - offset;
		if (inflen - offset > pad_left)
			pad_left = inflen - offset;
	}
	f->int_width = pad_left;
	f->width = pad_left + 1 + pad_right;
}

void numfmt_plan(struct numfmt *f, const double *v, size_t n, int precision,
                 bool integral)
{
	plan(f, v, n, precision, integral, NULL);
}

/* A positional cell from the text of |v|: sign, then padding on both
 * sides to the layout's integer and fraction widths. */
static size_t pad_positional(char *buf, size_t cap, double v, const char *body,
                             const struct numfmt *f)
{
	const char *sign = signbit(v) ? "-" : "";
	size_t blen = strlen(body);
	int ipart = int_part_len(body);
	int left = (int)strlen(sign) + ipart;
	int right = (int)blen - ipart - 1;
	size_t pos = put_spaces(buf, cap, 0, f->int_width - left);
	pos = put(buf, cap, pos, sign, strlen(sign));
	pos = put(buf, cap, pos, body, blen);
	return finish(cap, put_spaces(buf, cap, pos, f->frac_digits - right));
}

size_t numfmt_cell(char *buf, size_t cap, double v, const struct numfmt *f)
{
	char body[WIDE_CELL];
	size_t pos = 0;

	if (cap)
		buf[0] = '\0';

	if (!isfinite(v)) {
		const char *s = nonfinite(v);
		pos = put_spaces(buf, cap, pos, f->width - (int)strlen(s));
		return finish(cap, put(buf, cap, pos, s, strlen(s)));
	}

	if (f->integral) {
		/* An integer array has no negative zero. */
		snprintf(body, sizeof body, "%.0f", v == 0.0 ? 0.0 : v);
		pos = put_spaces(buf, cap, pos, f->width - (int)strlen(body));
		return finish(cap, put(buf, cap, pos, body, strlen(body)));
	}

	const char *sign = signbit(v) ? "-" : "";
	if (f->scientific) {
		struct digits x;
		int expd = f->width - f->int_width - 1 - f->frac_digits - 2;
		scientific_parts(&x, fabs(v), f->precision, f->frac_digits);
		scientific_text(body, sizeof body, &x, expd < 2 ? 2 : expd,
		                true);
		int left = (int)strlen(sign) + 1;
		pos = put_spaces(buf, cap, pos, f->int_width - left);
		pos = put(buf, cap, pos, sign, strlen(sign));
		return finish(cap, put(buf, cap, pos, body, strlen(body)));
	}

	positional(body, sizeof body, fabs(v), f->precision);
	return pad_positional(buf, cap, v, body, f);
}

/* ===== whole arrays ==================================================== */

/* A growing string (the caller's buffer, kept between arrays); `failed`
 * sticks once an allocation has failed. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool failed;
};

/* Room for n more bytes and a NUL; false once that failed. */
static bool sb_room(struct sbuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 1024;
	while (b->len + n + 1 > cap)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static inline void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (!sb_room(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void sb_spaces(struct sbuf *b, size_t n)
{
	if (!sb_room(b, n))
		return;
	memset(b->p + b->len, ' ', n);
	b->len += n;
}

/* Which indices of an axis of length n are shown: all, or the first and
 * last EDGEITEMS around a "..." when the array is summarised. */
struct axis {
	size_t n;
	bool summary;
};

static size_t axis_shown(const struct axis *ax)
{
	return ax->summary ? 2 * EDGEITEMS : ax->n;
}

static size_t axis_index(const struct axis *ax, size_t k)
{
	if (!ax->summary || k < EDGEITEMS)
		return k;
	return ax->n - 2 * EDGEITEMS + k;
}

/* The row being laid out in `out`: its current line began at byte
 * `start`, and counts `lead` columns more than the bytes after it (the
 * first line's indent, which the "[" replaces: see format_row). */
struct row_line {
	size_t start, lead;
};

/* Appends one word to a row the way numpy's _extendLine does: the line is
 * broken first if the word would pass `limit` columns, unless the line
 * holds nothing but the hanging indent (breaking would not help). */
static void row_extend(struct sbuf *out, struct row_line *ln,
                       const char *word, size_t wlen, size_t hang,
                       size_t limit)
{
	size_t len = ln->lead + (out->len - ln->start);
	if (len + wlen > limit && len > hang) {
		/* numpy's line.rstrip() before the break */
		while (out->len > ln->start && out->p[out->len - 1] == ' ')
			out->len--;
		sb_add(out, "\n", 1);
		ln->start = out->len;
		ln->lead = 0;
		sb_spaces(out, hang);
	}
	sb_add(out, word, wlen);
}

/* One row as numpy's _formatArray prints the last axis: cells joined by
 * spaces, continuation lines starting with `hang` spaces, no line longer
 * than `width` columns counting the closing bracket.  numpy lays the
 * first line out with the same indent and then swaps it for the "["; here
 * the "[" is written and the indent only counted. */
static void format_row(struct sbuf *out, const double *row,
                       const struct axis *cols, const struct numfmt *f,
                       char (*bodies)[NUMFMT_CELL_MAX], size_t hang,
                       size_t width)
{
	char cell[WIDE_CELL];
	size_t shown = axis_shown(cols);
	size_t limit = width - 1; /* room for the ']' */

	sb_add(out, "[", 1);
	struct row_line ln = { out->len, hang };
	for (size_t k = 0; k < shown; k++) {
		if (cols->summary && k == EDGEITEMS) {
			row_extend(out, &ln, "...", 3, hang, limit);
			sb_add(out, " ", 1);
		}
		double v = row[axis_index(cols, k)];
		size_t n;
		if (bodies && isfinite(v))
			n = pad_positional(cell, sizeof cell, v, bodies[k], f);
		else
			n = numfmt_cell(cell, sizeof cell, v, f);
		row_extend(out, &ln, cell, n, hang, limit);
		if (k + 1 < shown)
			sb_add(out, " ", 1);
	}
	sb_add(out, "]", 1);
}

/* The array's text appended to b. */
static void array_text(struct sbuf *b, const double *v, size_t rows,
                       size_t cols, int precision, bool integral, int indent)
{
	bool one_d = rows == 0;
	size_t nrows = one_d ? 1 : rows;
	size_t size = nrows * cols;
	size_t margin = indent > 0 ? (size_t)indent : 0;

	if (size == 0) {
		sb_add(b, "[]\n", 3);
		return;
	}

	bool summarise = size > THRESHOLD;
	struct axis ra = { nrows, summarise && nrows > 2 * EDGEITEMS };
	struct axis ca = { cols, summarise && cols > 2 * EDGEITEMS };

	/* numpy plans the layout on the values it shows, not on the ones
	 * hidden behind "...".  At most 6 x 6 values are shown then. */
	struct numfmt f;
	/* The text of each shown value, made once by the plan and padded
	 * by the rows; without memory for it the rows format again.  Most
	 * arrays of a lesson are small: their texts stay on the stack. */
	size_t n_shown = axis_shown(&ra) * axis_shown(&ca);
	char small[64][NUMFMT_CELL_MAX];
	char (*bodies)[NUMFMT_CELL_MAX] =
		n_shown <= 64 ? small : malloc(n_shown * sizeof *bodies);
	if (summarise) {
		double shown[4 * EDGEITEMS * EDGEITEMS];
		size_t m = 0;
		for (size_t i = 0; i < axis_shown(&ra); i++)
			for (size_t j = 0; j < axis_shown(&ca); j++)
				shown[m++] = v[axis_index(&ra, i) * cols +
				               axis_index(&ca, j)];
		plan(&f, shown, m, precision, integral, bodies);
	} else {
		plan(&f, v, size, precision, integral, bodies);
	}
	char (*cell_bodies)[NUMFMT_CELL_MAX] =
		f.integral || f.scientific ? NULL : bodies;

	/* The first line begins after `indent` columns of caller's text and
	 * the bracket; lines after it are indented to match. */
	size_t hang = margin + 1;
	size_t row_cells = axis_shown(&ca);
	if (one_d) {
		format_row(b, v, &ca, &f, cell_bodies, hang, LINEWIDTH);
	} else {
		sb_add(b, "[", 1);
		size_t shown = axis_shown(&ra);
		for (size_t k = 0; k < shown; k++) {
			if (k > 0)
				sb_spaces(b, hang);
			if (ra.summary && k == EDGEITEMS) {
				sb_add(b, "...\n", 4);
				sb_spaces(b, hang);
			}
			format_row(b, v + axis_index(&ra, k) * cols, &ca, &f,
			           cell_bodies ? cell_bodies + k * row_cells
			                       : NULL,
			           hang + 1, LINEWIDTH - 1);
			if (k + 1 < shown)
				sb_add(b, "\n", 1);
		}
		sb_add(b, "]", 1);
	}
	sb_add(b, "\n", 1);
	if (bodies != small)
		free(bodies);
}

int numfmt_array_text(char **buf, size_t *cap, size_t *len, const double *v,
                      size_t rows, size_t cols, int precision, bool integral,
                      int indent)
{
	struct sbuf b = { *buf, 0, *cap, false };
	array_text(&b, v, rows, cols, precision, integral, indent);
	*buf = b.p;
	*cap = b.cap;
	*len = b.failed ? 0 : b.len;
	if (b.p)
		b.p[*len] = '\0';
	return b.failed ? -1 : 0;
}

int numfmt_array(FILE *out, const double *v, size_t rows, size_t cols,
                 int precision, bool integral, int indent)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int rc = numfmt_array_text(&buf, &cap, &len, v, rows, cols, precision,
	                           integral, indent);
	if (rc == 0 && fwrite(buf, 1, len, out) != len)
		rc = -1;
	free(buf);
	return rc;
}

/* ===== scalars ========================================================= */

/* 10^-p for p = 0..PRECISION_MAX, as pow(10.0, -p) gives them (the
 * correctly rounded values, which the decimal literals are too;
 * test_numfmt checks they agree).  A table: numfmt_scalar runs once per
 * number of every hand calculation. */
static const double tenth_powers[] = {
	1e-0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,
	1e-7,  1e-8,  1e-9,  1e-10, 1e-11, 1e-12, 1e-13,
	1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20,
};
_Static_assert(sizeof tenth_powers / sizeof tenth_powers[0] ==
                       PRECISION_MAX + 1,
               "one power of ten per precision");

double numfmt_tenth_power(int p)
{
	return tenth_powers[clamp_precision(p)];
}

size_t numfmt_scalar(char *buf, size_t cap, double v, int precision)
{
	char body[WIDE_CELL];
	int p = clamp_precision(precision);

	if (!isfinite(v)) {
		const char *s = nonfinite(v);
		return finish(cap, put(buf, cap, 0, s, strlen(s)));
	}
	if (v == 0.0)
		return finish(cap, put(buf, cap, 0, "0", 1));

	double a = fabs(v);
	bool minus = v < 0;
	size_t len;
	if (a >= 1e16 || a < tenth_powers[p]) {
		/* `precision` significant digits, at least one. */
		struct digits x;
		e_digits(&x, a, p > 0 ? p - 1 : 0);
		digits_trim_zeros(&x);
		scientific_text(body, sizeof body, &x, 2, false);
		len = strlen(body);
	} else {
		len = fixed(body, sizeof body, a, p);
		if (!len) {
			snprintf(body, sizeof body, "%.*f", p, a);
			len = strlen(body);
		}
		if (p > 0) { /* a point: trailing zeros and the point go */
			while (body[len - 1] == '0')
				len--;
			if (body[len - 1] == '.')
				len--;
		}
		if (len == 1 && body[0] == '0')
			minus = false; /* never "-0" */
	}
	size_t pos = minus ? put(buf, cap, 0, "-", 1) : 0;
	return finish(cap, put(buf, cap, pos, body, len));
}

size_t numfmt_repr(char *buf, size_t cap, double v)
{
	char body[64];
	struct digits x;

	if (isnan(v))
		return finish(cap, put(buf, cap, 0, "nan", 3));
	const char *sign = signbit(v) ? "-" : "";
	size_t pos = put(buf, cap, 0, sign, strlen(sign));
	if (isinf(v))
		return finish(cap, put(buf, cap, pos, "inf", 3));
	if (v == 0.0)
		return finish(cap, put(buf, cap, pos, "0.0", 3));

	shortest(&x, fabs(v));
	/* Python's float_repr_style 'short': positional for exponents
	 * -4..15, else scientific with at least two exponent digits. */
	if (x.e < -4 || x.e >= 16) {
		scientific_text(body, sizeof body, &x, 2, false);
	} else {
		positional(body, sizeof body, fabs(v), PRECISION_MAX + 16);
		size_t len = strlen(body);
		if (len > 0 && body[len - 1] == '.')
			put(body, sizeof body, len, "0", 1);
	}
	return finish(cap, put(buf, cap, pos, body, strlen(body)));
}

size_t numfmt_g17(char *buf, size_t cap, double v)
{
	if (isnan(v))
		return finish(cap, put(buf, cap, 0, signbit(v) ? "-nan" : "nan",
		                       signbit(v) ? 4 : 3));
	size_t pos = signbit(v) ? put(buf, cap, 0, "-", 1) : 0;
	double a = fabs(v);
	if (isinf(a))
		return finish(cap, put(buf, cap, pos, "inf", 3));
	if (a == 0)
		return finish(cap, put(buf, cap, pos, "0", 1));
	struct digits x;
	if (!exact_e(&x, a, 17)) {
		char b[40];
		int n = snprintf(b, sizeof b, "%.17g", a);
		return finish(cap, put(buf, cap, pos, b, n > 0 ? (size_t)n : 0));
	}
	digits_trim_zeros(&x);
	char b[48];
	size_t n = 0;
	if (x.e >= -4 && x.e < 17) { /* printf's %f style */
		if (x.e < 0) {
			b[n++] = '0';
			b[n++] = '.';
			for (int z = 0; z < -x.e - 1; z++)
				b[n++] = '0';
			memcpy(b + n, x.d, (size_t)x.n);
			n += (size_t)x.n;
		} else {
			int ip = x.e + 1; /* digits before the point */
			for (int i = 0; i < ip; i++)
				b[n++] = i < x.n ? x.d[i] : '0';
			if (x.n > ip) {
				b[n++] = '.';
				memcpy(b + n, x.d + ip, (size_t)(x.n - ip));
				n += (size_t)(x.n - ip);
			}
		}
	} else { /* %e style: at least two exponent digits */
		b[n++] = x.d[0];
		if (x.n > 1) {
			b[n++] = '.';
			memcpy(b + n, x.d + 1, (size_t)(x.n - 1));
			n += (size_t)(x.n - 1);
		}
		b[n++] = 'e';
		b[n++] = x.e < 0 ? '-' : '+';
		unsigned mag = (unsigned)(x.e < 0 ? -x.e : x.e);
		if (mag < 10)
			b[n++] = '0';
		n += numfmt_decimal(b + n, mag);
	}
	return finish(cap, put(buf, cap, pos, b, n));
}
