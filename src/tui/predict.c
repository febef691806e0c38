#include "tui/predict.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/numfmt.h"
#include "tui/panes/answers.h"
#include "tui/panes/keys.h"
#include "tui/panes/theme.h"

int predict_parse(const char *s, double *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	/* Only plain decimal numbers: strtod would also take "nan", "inf"
	 * and hexadecimal, which are no answer to a question. */
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE \t", *p))
			return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno == ERANGE || !isfinite(v))
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* =====================================================================
 * Judging an answer, exactly
 * ===================================================================== */

/* Enough digits for any finite double written out (309 before the
 * point) and the decimals a judgement pads to. */
#define DEC_MAX 400

/* A decimal number exactly: |x| = digits * 10^-frac, the digits most
 * significant first (leading zeros allowed), sign apart. */
struct decimal {
	bool neg;
	char d[DEC_MAX];
	int n;
	int frac;
};

/* Appends k zeros (multiplying by 10^k); false when they do not fit. */
static bool zeros(struct decimal *x, int k)
{
	if (k < 0 || x->n + k > DEC_MAX)
		return false;
	memset(x->d + x->n, '0', (size_t)k);
	x->n += k;
	return true;
}

/* Reads [+-] digits [. digits] [(e|E) [+-] digits], blanks around: what
 * the student types and what numfmt_scalar writes ("1.5e-05").  False
 * for anything else. */
static bool decimal_read(const char *s, struct decimal *x)
{
	memset(x, 0, sizeof *x);
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		x->neg = *s++ == '-';
	bool point = false, digit = false;
	for (; isdigit((unsigned char)*s) || (*s == '.' && !point); s++) {
		if (*s == '.') {
			point = true;
			continue;
		}
		if (x->n >= DEC_MAX)
			return false;
		x->d[x->n++] = *s;
		x->frac += point;
		digit = true;
	}
	if (!digit)
		return false;
	if (*s == 'e' || *s == 'E') {
		char *end;
		errno = 0;
		long e = strtol(s + 1, &end, 10);
		if (end == s + 1 || !isdigit((unsigned char)end[-1]) ||
		    errno || e > 1000 || e < -1000)
			return false;
		x->frac -= (int)e;
		s = end;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s)
		return false;
	if (x->frac < 0) {
		int k = -x->frac;
		x->frac = 0;
		return zeros(x, k);
	}
	return true;
}

/* Drops the decimals past the m-th (truncating). */
static void cut(struct decimal *x, int m)
{
	if (x->frac <= m)
		return;
	int drop = x->frac - m;
	x->n = drop >= x->n ? 0 : x->n - drop;
	x->frac = m;
}

/* The digits without leading zeros, "" for zero. */
static const char *significant(const struct decimal *x, int *len)
{
	int i = 0;
	while (i < x->n && x->d[i] == '0')
		i++;
	*len = x->n - i;
	return x->d + i;
}

/* Whether a and b, both with the same number of decimals, are the same
 * number; zero's sign does not count. */
static bool same(const struct decimal *a, const struct decimal *b)
{
	int na, nb;
	const char *da = significant(a, &na), *db = significant(b, &nb);
	if (na != nb || memcmp(da, db, (size_t)na) != 0)
		return false;
	return na == 0 || a->neg == b->neg;
}

/* Adds one unit of the last digit to |x|. */
static bool add_unit(struct decimal *x)
{
	for (int i = x->n - 1; i >= 0; i--) {
		if (x->d[i] != '9') {
			x->d[i]++;
			return true;
		}
		x->d[i] = '0';
	}
	if (x->n >= DEC_MAX)
		return false;
	memmove(x->d + 1, x->d, (size_t)x->n);
	x->d[0] = '1';
	x->n++;
	return true;
}

/* r rounded to d decimals into lo, and, when r lies exactly halfway
 * between two such numbers, the other one into hi (*two set).  False
 * when the digits do not fit. */
static bool round_to(const struct decimal *r, int d, struct decimal *lo,
                     struct decimal *hi, bool *two)
{
	*lo = *r;
	*two = false;
	if (r->frac <= d) {
		lo->frac = d;
		return zeros(lo, d - r->frac);
	}
	int drop = r->frac - d;
	cut(lo, d);
	/* The dropped digits against one half: 5 then zeros. */
	const char *rest = r->d + (r->n - drop > 0 ? r->n - drop : 0);
	int nrest = r->n < drop ? r->n : drop;
	int cmp = drop > nrest ? -1 : 0; /* a missing leading digit is 0 */
	if (!cmp)
		cmp = rest[0] > '5' ? 1 : rest[0] < '5' ? -1 : 0;
	for (int i = 1; !cmp && i < nrest; i++)
		if (rest[i] != '0')
			cmp = 1;
	if (cmp < 0)
		return true;
	*hi = *lo;
	if (!add_unit(hi))
		return false;
	if (cmp > 0)
		*lo = *hi;
	else
		*two = true;
	return true;
}

int predict_judge(const char *typed, double value, const struct cue *c,
                  int shown)
{
	double v;
	struct decimal t;
	if (predict_parse(typed, &v) || !decimal_read(typed, &t))
		return -2;
	if (c->tolerance >= 0)
		return fabs(v - value) <= c->tolerance ? ANSWER_RIGHT
		                                       : ANSWER_WRONG;
	int n = c->decimals >= 0 ? c->decimals : LESSON_ANSWER_DECIMALS;
	/* The value as the student would see it with enough decimals. */
	char text[NUMFMT_CELL_MAX];
	struct decimal r;
	numfmt_scalar(text, sizeof text, value, shown > n ? shown : n);
	if (!decimal_read(text, &r))
		return ANSWER_WRONG; /* nan or inf: no number is right */
	cut(&t, r.frac > n ? r.frac : n);
	int d = t.frac > n ? t.frac : n;
	struct decimal lo, hi;
	bool two;
	if (!zeros(&t, d - t.frac) || !round_to(&r, d, &lo, &hi, &two))
		return ANSWER_WRONG;
	t.frac = d;
	return same(&t, &lo) || (two && same(&t, &hi)) ? ANSWER_RIGHT
	                                               : ANSWER_WRONG;
}

/* =====================================================================
 * Asking
 * ===================================================================== */

static void finish(struct app *a, int result)
{
	const struct op *op = cursor_op(&a->cur);
	char v[NUMFMT_CELL_MAX], line[sizeof a->msg];
	numfmt_scalar(v, sizeof v, op->value, a->precision);
	const char *typed = result == ANSWER_SKIPPED ? NULL : a->input;
	if (state_answer(&a->state, a->cur.trace.iteration, (uint32_t)a->q_cue,
	                 result, typed)) {
		app_msg(a, THEME_ERROR, "could not record the answer");
	} else {
		answers_verdict(line, sizeof line,
		                state_find(&a->state, a->cur.trace.iteration,
		                           (uint32_t)a->q_cue),
		                v);
		if (result == ANSWER_RIGHT)
			app_msg(a, THEME_RIGHT, "%s Score %zu/%zu.", line,
			        state_right(&a->state), a->state.n);
		else
			app_msg(a, result == ANSWER_WRONG ? THEME_WRONG
			                                  : THEME_NORMAL,
			        "%s", line);
	}
	a->q_active = false;
	a->mode = MODE_NORMAL;
	a->input_len = 0;
	a->input[0] = '\0';
}

static void check(struct app *a)
{
	const struct cue *c = &a->lesson.cues[a->q_cue];
	const struct op *op = cursor_op(&a->cur);
	char rule[64];
	int verdict = predict_judge(a->input, op->value, c, a->precision);
	if (verdict == -2) {
		answers_rule(rule, sizeof rule, c);
		app_msg(a, THEME_WRONG, "Type a number (%s), like 0.25 or "
		        "-1.5.", rule);
		return;
	}
	if (verdict == ANSWER_RIGHT || ++a->q_tries >= 2) {
		finish(a, verdict);
		return;
	}
	app_msg(a, THEME_WRONG, c->hint ? "You typed %s: not quite. See the "
	                                  "hint and try again."
	                                : "You typed %s: not quite. Try once "
	                                  "more.",
	        a->input);
	a->input_len = 0;
	a->input[0] = '\0';
}

int predict_key(struct app *a, int key)
{
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		check(a);
		return -1;
	}
	if (key == 27 || key == '\t') {
		finish(a, ANSWER_SKIPPED);
		return -1;
	}
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (a->input_len)
			a->input[--a->input_len] = '\0';
		return -1;
	}
	if (key < 128 && key > 0 &&
	    (isdigit(key) || strchr("+-.eE", key))) {
		if (a->input_len + 1 < sizeof a->input) {
			a->input[a->input_len++] = (char)key;
			a->input[a->input_len] = '\0';
		}
		a->msg[0] = '\0';
		return -1;
	}
	int act = keys_action(key);
	switch (act) {
	case DO_NEXT_OP:
	case DO_NEXT_PHASE:
	case DO_NEXT_ITER:
	case DO_LAST:
	case DO_NEXT_CUE:
	case DO_RUN:
	case DO_WHY:
	case DO_GOTO:
		app_msg(a, THEME_QUESTION,
		        "Answer first (Enter checks), or Esc to skip.");
		return -1;
	default:
		/* Going back, help, panes, quitting: allowed; the question
		 * waits for the next visit. */
		return act;
	}
}
