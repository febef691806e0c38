/* blank: the answers a worksheet leaves out.
 *
 * A worksheet must not give away what it asks: an exercise's value shows
 * up again after its own calculation -- in its tensor's printout, as an
 * operand of the next calculations, negated in an error (0 − a), in full
 * in a CSV.  So every byte of a worksheet passes through one filter (a
 * writer filter, dump/writer.h) that replaces each number showing an
 * answer by underscores as wide as the number and its sign.
 *
 * A number shows an answer when, rounded to the handout's precision, it
 * equals the answer so rounded, whatever its sign (positional answers
 * compare as "%.*f", scientific ones as "%.*e": a CSV's 0.97401842249...
 * shows 0.97401842).  An answer with fewer than three significant digits
 * (0.25, 1, 0) is too common a number to blank everywhere: it is blanked
 * only inside the printout of its own tensor (blank_scope), and where its
 * exercise writes it.  Numbers are found as tokens: digits, a fraction,
 * an exponent, not glued to a letter, digit, '_' or '.' before them (so
 * "syn0" and "l1_dot[1,0]" hold none that could match a fraction). */
#ifndef NNTRACE_BLANK_H
#define NNTRACE_BLANK_H

#include <stdbool.h>
#include <stddef.h>

struct writer;

struct blank_rule {
	double value;   /* |the answer| */
	bool scientific;
	bool everywhere; /* three significant digits or more */
	int tensor;     /* whose printout blanks it when !everywhere */
};

struct blanks {
	int precision;
	struct blank_rule *rules;
	size_t n, cap;
	int scope;      /* the tensor being printed, or -1 */
	char prev;      /* the last byte of the previous piece */
};

/* Adds an answer: its value, as written (`text`, e.g. "−0.97401842" or
 * "1.5e-03", which says whether it is scientific and how many digits it
 * has), of tensor `tensor`.  Returns 0 or -1 (out of memory). */
int blank_add(struct blanks *b, double value, const char *text, int tensor);

/* Whether a number written as `token` (ASCII digits, '.', 'e', a sign)
 * shows an answer: everywhere, or of the tensor in scope.  A whole number
 * written without a point (an index, a count) never does. */
bool blank_matches(const struct blanks *b, const char *token, size_t n);

/* The writer filter (arg: struct blanks). */
void blank_filter(void *arg, struct writer *w, const char *s, size_t n);

void blank_free(struct blanks *b);

#endif
