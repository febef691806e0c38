#include "tui/predict.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/numfmt.h"
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

static double tolerance(const struct app *a, const struct cue *c)
{
	if (c->tolerance > 0)
		return c->tolerance;
	/* No tolerance given: right when it rounds to the value shown. */
	return 0.5 * pow(10, -a->precision);
}

static void finish(struct app *a, int result)
{
	const struct op *op = cursor_op(&a->cur);
	char v[NUMFMT_CELL_MAX];
	numfmt_scalar(v, sizeof v, op->value, a->precision);
	if (state_answer(&a->state, a->cur.trace.iteration, (uint32_t)a->q_cue,
	                 result))
		app_msg(a, THEME_ERROR, "could not record the answer");
	else if (result == ANSWER_RIGHT)
		app_msg(a, THEME_RIGHT, "Right! It is %s. Score %zu/%zu.", v,
		        state_right(&a->state), a->state.n);
	else if (result == ANSWER_WRONG)
		app_msg(a, THEME_WRONG, "Not quite: the answer is %s.", v);
	else
		app_msg(a, THEME_NORMAL, "Skipped: the answer is %s.", v);
	a->q_active = false;
	a->mode = MODE_NORMAL;
	a->input_len = 0;
	a->input[0] = '\0';
}

static void check(struct app *a)
{
	double v;
	if (predict_parse(a->input, &v)) {
		app_msg(a, THEME_WRONG, "Type a number, like -0.97 or 1e-3.");
		return;
	}
	const struct cue *c = &a->lesson.cues[a->q_cue];
	const struct op *op = cursor_op(&a->cur);
	if (fabs(v - op->value) <= tolerance(a, c)) {
		finish(a, ANSWER_RIGHT);
		return;
	}
	if (++a->q_tries >= 2) {
		finish(a, ANSWER_WRONG);
		return;
	}
	a->input_len = 0;
	a->input[0] = '\0';
	app_msg(a, THEME_WRONG, c->hint ? "Not quite; see the hint, try again."
	                                : "Not quite; try once more.");
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
