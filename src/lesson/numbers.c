/* numbers: the numbers a lesson writes -- plain decimals, whole numbers in
 * a range, and iterations ("3", "last", "10-last"). */
#include "lesson/parser.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Plain decimals only: strtod alone would also take hex, nan, inf and,
 * under some locales, a decimal comma. */
enum num number_parse(const char *s, double *out)
{
	const char *q = s;
	if (*q == '+' || *q == '-')
		q++;
	size_t digits = 0;
	while (*q >= '0' && *q <= '9') {
		q++;
		digits++;
	}
	if (*q == '.') {
		q++;
		while (*q >= '0' && *q <= '9') {
			q++;
			digits++;
		}
	}
	if (!digits)
		return NUM_BAD;
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return NUM_BAD;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q)
		return NUM_BAD;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return NUM_BAD;
	/* ERANGE on underflow gives the nearest double, which is fine. */
	if (!isfinite(v))
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

bool number_get(struct parser *p, const struct tok *t, const char *what,
                double *out)
{
	switch (number_parse(t->s, out)) {
	case NUM_OK:
		return true;
	case NUM_RANGE:
		parser_error(p, t->off, "%s '%s' is too large", what,
		             parser_show(t->s).s);
		return false;
	default:
		parser_error(p, t->off, "%s '%s' is not a number", what,
		             parser_show(t->s).s);
		return false;
	}
}

bool number_whole(struct parser *p, const struct tok *t, const char *what,
                  double lo, double hi, double *out)
{
	double v = 0;
	enum num r = number_parse(t->s, &v);
	if (r == NUM_BAD || (r == NUM_OK && v != floor(v))) {
		parser_error(p, t->off, "%s '%s' is not a whole number", what,
		             parser_show(t->s).s);
		return false;
	}
	if (r == NUM_RANGE || v < lo || v > hi) {
		parser_error(p, t->off, "%s must be from %.0f to %.0f, not %s",
		             what, lo, hi, parser_show(t->s).s);
		return false;
	}
	*out = v;
	return true;
}

bool number_iteration(struct parser *p, const struct tok *t, long *out)
{
	if (strcmp(t->s, "last") == 0) {
		*out = ITER_LAST;
		return true;
	}
	double v;
	if (!number_whole(p, t, "iteration", 0, (double)LESSON_MAX_ITERATIONS,
	                  &v))
		return false;
	*out = (long)v;
	return true;
}

/* The '-' is looked for after A's first character so that the text is
 * never a negative number. */
bool number_iteration_range(struct parser *p, const struct tok *t,
                            long *from, long *to)
{
	char *dash = strchr(t->s + (t->s[0] ? 1 : 0), '-');
	if (!dash)
		return false;
	*dash = '\0';
	struct tok a = {t->s, t->off};
	struct tok b = {dash + 1, t->off + (size_t)(dash + 1 - t->s)};
	bool ok = true;
	if (strcmp(a.s, "last") == 0) {
		parser_error(p, a.off, "a range cannot start at 'last'");
		ok = false;
	} else {
		ok = number_iteration(p, &a, from) &&
		     number_iteration(p, &b, to);
	}
	if (ok && *to != ITER_LAST && *to < *from) {
		parser_error(p, t->off, "empty range %ld-%ld (the first "
		             "iteration comes first)", *from, *to);
		ok = false;
	}
	*dash = '-';
	return ok;
}
