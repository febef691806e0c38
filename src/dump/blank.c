#include "dump/blank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "dump/writer.h"

/* Bytes of a number token worth comparing (a %.17g is 24 at most). */
#define TOKEN_MAX 48

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A byte a number's first digit may not follow: it would belong to a
 * word ("syn0"), an index ("[1,0]" holds none of interest either way)
 * or a longer number. */
static bool glued(char c)
{
	return is_digit(c) || c == '_' || c == '.' || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

int blank_add(struct blanks *b, double value, const char *text, int tensor)
{
	struct blank_rule *r = grow(b->rules, &b->cap, b->n + 1, sizeof *r, 8);
	if (!r)
		return -1;
	b->rules = r;
	/* Significant digits of the text: those of its mantissa after the
	 * leading zeros. */
	bool fraction = false, sci = false, lead = true;
	int sig = 0;
	for (const char *p = text; *p && !sci; p++) {
		if (*p == '.')
			fraction = true;
		else if (*p == 'e')
			sci = true;
		else if (is_digit(*p) && !(lead && *p == '0'))
			sig++, lead = false;
	}
	b->rules[b->n++] = (struct blank_rule){
		fabs(value), sci, sig >= 3 && (fraction || sci), tensor};
	return 0;
}

/* Whether x shows rule r's answer at precision p. */
static bool shows(const struct blank_rule *r, double x, int p)
{
	double ax = fabs(x);
	double tenth = pow(10, -p);
	/* Equal when rounded: closer than a unit of the last digit shown
	 * (of the mantissa, in scientific notation).  Most numbers are
	 * nowhere near and are not printed. */
	if (!(fabs(ax - r->value) < 2 * tenth * (r->scientific ? r->value : 1)))
		return false;
	/* The dump never sets LC_NUMERIC: printf writes a '.'. */
	char a[512], v[512];
	if (r->scientific) {
		snprintf(a, sizeof a, "%.*e", p, ax);
		snprintf(v, sizeof v, "%.*e", p, r->value);
	} else {
		snprintf(a, sizeof a, "%.*f", p, ax);
		snprintf(v, sizeof v, "%.*f", p, r->value);
	}
	return strcmp(a, v) == 0;
}

bool blank_matches(const struct blanks *b, const char *token, size_t n)
{
	char t[TOKEN_MAX];
	/* Whole numbers (indices, counts, data) are never an answer: a
	 * computed cell prints with a point ("1.") or an exponent. */
	if (n == 0 || n >= sizeof t ||
	    (!memchr(token, '.', n) && !memchr(token, 'e', n)))
		return false;
	memcpy(t, token, n);
	t[n] = '\0';
	char *end;
	double x = strtod(t, &end);
	if (end == t || !isfinite(x))
		return false;
	for (size_t i = 0; i < b->n; i++) {
		const struct blank_rule *r = &b->rules[i];
		if ((r->everywhere || r->tensor == b->scope) &&
		    shows(r, x, b->precision))
			return true;
	}
	return false;
}

/* The end of the number that starts with a digit at s[i]: digits, a
 * fraction, an exponent. */
static size_t token_end(const char *s, size_t n, size_t i)
{
	while (i < n && is_digit(s[i]))
		i++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && s[i] == 'e') {
		size_t k = i + 1;
		if (k < n && (s[k] == '-' || s[k] == '+'))
			k++;
		if (k < n && is_digit(s[k])) {
			while (k < n && is_digit(s[k]))
				k++;
			i = k;
		}
	}
	return i;
}

/* Where the sign just before s[i] starts ('-' or U+2212), or i. */
static size_t sign_start(const char *s, size_t i)
{
	if (i >= 1 && s[i - 1] == '-')
		return i - 1;
	if (i >= 3 && memcmp(s + i - 3, "\xe2\x88\x92", 3) == 0)
		return i - 3;
	return i;
}

void blank_filter(void *arg, struct writer *w, const char *s, size_t n)
{
	struct blanks *b = arg;
	static const char bar[] = "________________________________________";
	size_t from = 0, i = 0;
	while (i < n) {
		char before = i ? s[i - 1] : b->prev;
		if (!is_digit(s[i]) || glued(before)) {
			i++;
			continue;
		}
		size_t j = token_end(s, n, i);
		bool word = j < n && glued(s[j]) && s[j] != '.';
		if (word || !blank_matches(b, s + i, j - i)) {
			i = j;
			continue;
		}
		size_t at = sign_start(s, i);
		size_t cols = (j - i) + (at < i);
		writer_emit(w, s + from, at - from);
		while (cols) {
			size_t k = cols < sizeof bar - 1 ? cols : sizeof bar - 1;
			writer_emit(w, bar, k);
			cols -= k;
		}
		from = i = j;
	}
	writer_emit(w, s + from, n - from);
	b->prev = s[n - 1];
}

void blank_free(struct blanks *b)
{
	free(b->rules);
	memset(b, 0, sizeof *b);
	b->scope = -1;
}
