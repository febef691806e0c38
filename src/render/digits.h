/* digits: the decimal digits of a double, exactly.
 *
 * What printf's "%.*e" and "%.*f" print for a double and the shortest
 * digits that read back as it (Python's repr, numpy's unique Dragon4),
 * made in 64-, 128- and 256-bit integers, with printf and strtod asked
 * only where those do not reach: their multi-precision code was most of
 * a handout's time.  numfmt lays the digits out as numpy prints them;
 * test_numfmt checks both against printf and strtod on a million values.
 */
#ifndef NNTRACE_DIGITS_H
#define NNTRACE_DIGITS_H

#include <stdbool.h>
#include <stddef.h>

/* A finite non-negative double as digits d[0] d[1] ... d[n-1] with the
 * decimal point after d[0] and exponent e: 0.0123 is "123", e = -2. */
struct digits {
	char d[24]; /* NUL-terminated */
	int n;
	int e;
};

/* The shortest digits that read back as a (finite, > 0), the closest to
 * a among those, trailing zeros cut. */
void digits_shortest(struct digits *out, double a);

/* What "%.*e" prints for a (finite, > 0) with `decimals` decimals
 * (0 to 20), rounded half to even on the exact binary value. */
void digits_rounded(struct digits *x, double a, int decimals);

/* Cuts the trailing zeros of x, keeping one digit. */
void digits_trim(struct digits *x);

/* What snprintf(out, cap, "%.*f", p, a) writes, for 0 <= p <= 19 and
 * 0 < a < 2^53 (and cap >= 40); returns its length, or 0 when a, p or
 * cap are outside those bounds (the caller asks printf). */
size_t digits_fixed(char *out, size_t cap, double a, int p);

/* The decimal digits of v at out, no NUL; returns how many (1 to 20). */
size_t digits_u64(char *out, unsigned long long v);

#endif
