/* predict: a lesson's questions.  When the student steps onto an
 * operation with an unanswered predict cue, its result is hidden and the
 * hint line asks for a value; predict_judge compares it with the trace's
 * value.  A wrong answer shows the hint, a second one the answer; Esc
 * skips.  Answers are kept in the state (score, resume). */
#ifndef NNTRACE_TUI_PREDICT_H
#define NNTRACE_TUI_PREDICT_H

#include "tui/app.h"

/* Parses an answer like "-0.5463", "1e-3", ".5": plain decimal numbers
 * only (no "nan", "inf", hexadecimal).  Returns 0, or -1. */
int predict_parse(const char *s, double *out);

/* Judges `typed` (predict_parse's syntax) as the answer to question c,
 * whose value is `value`, while the player shows `shown` decimals; the
 * one rule of the player and plain mode (docs/lesson-format.md, "How
 * answers are judged"):
 *
 *   - with `tolerance X`: right when |answer - value| <= X;
 *   - otherwise, with N the question's `decimals` (default 2) and the
 *     value written as the player writes it with max(shown, N) decimals:
 *     the digits typed past the decimals of that text (or past N, if
 *     more) are not judged; the answer is right when it is that value
 *     rounded to d = max(N, the decimals typed) decimals, either way when
 *     it lies exactly halfway.  Zero's sign does not count.
 *
 * Returns ANSWER_RIGHT, ANSWER_WRONG, or -2 when typed is no number. */
int predict_judge(const char *typed, double value, const struct cue *c,
                  int shown);

/* Handles a key while a question waits: the answer's characters, Enter
 * to check it, Esc or Tab to skip.  A key of the table that moves on is
 * refused with a message; one that is allowed meanwhile (going back,
 * help, the panes, quitting) is returned, for the caller to perform, as
 * its enum action.  Returns -1 otherwise. */
int predict_key(struct app *a, int key);

#endif
