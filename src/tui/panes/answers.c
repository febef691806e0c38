#include "tui/panes/answers.h"

#include <stdio.h>
#include <stdlib.h>

const struct answer *answers_find(const struct answer *a, size_t n, long it,
                                  uint32_t cue)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].iteration == it && a[i].cue == cue)
			return &a[i];
	return NULL;
}

size_t answers_right(const struct answer *a, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += a[i].result == ANSWER_RIGHT;
	return k;
}

/* snprintf's length, bounded by what fits. */
static size_t fitted(int n, size_t cap)
{
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap ? cap - 1 : 0;
}

/* x in positional notation with the fewest decimals that read back as
 * it: 0.0001, 0.000001, 2 (never 1e-06). */
static void positional(char *buf, size_t cap, double x)
{
	for (int p = 0; p <= 20; p++) {
		snprintf(buf, cap, "%.*f", p, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

size_t answers_rule(char *buf, size_t cap, const struct cue *c)
{
	if (c->tolerance == 0)
		return fitted(snprintf(buf, cap, "exactly"), cap);
	if (c->tolerance > 0) {
		char x[64];
		positional(x, sizeof x, c->tolerance);
		return fitted(snprintf(buf, cap, "within %s", x), cap);
	}
	int d = c->decimals >= 0 ? c->decimals : LESSON_ANSWER_DECIMALS;
	if (d == 0)
		return fitted(snprintf(buf, cap, "as a whole number or with "
		                       "decimals"), cap);
	return fitted(snprintf(buf, cap, "to %d decimal%s or more", d,
	                       d == 1 ? "" : "s"), cap);
}

size_t answers_verdict(char *buf, size_t cap, const struct answer *a,
                       const char *value)
{
	if (a->result == ANSWER_SKIPPED)
		return fitted(snprintf(buf, cap, "Skipped; the value is %s.",
		                       value), cap);
	const char *verdict = a->result == ANSWER_RIGHT ? "right" : "not right";
	if (!a->typed[0])
		return fitted(snprintf(buf, cap, "Answered %s; the value is %s.",
		                       a->result == ANSWER_RIGHT ? "right"
		                                                 : "wrong",
		                       value), cap);
	return fitted(snprintf(buf, cap, "You typed %s: %s; the value is %s.",
	                       a->typed, verdict, value), cap);
}
