/* predict: a lesson's questions.  When the student steps onto an
 * operation with an unanswered predict cue, its result is hidden and the
 * hint line asks for a value; it is checked against the trace within the
 * cue's tolerance.  A wrong answer shows the hint, a second one the
 * answer; Esc skips.  Answers are kept in the state (score, resume). */
#ifndef NNTRACE_TUI_PREDICT_H
#define NNTRACE_TUI_PREDICT_H

#include "tui/app.h"

/* Parses an answer like "-0.5463", "1e-3", ".5": plain decimal numbers
 * only (no "nan", "inf", hexadecimal).  Returns 0, or -1. */
int predict_parse(const char *s, double *out);

/* Handles a key while a question waits: the answer's characters, Enter
 * to check it, Esc or Tab to skip.  A key of the table that moves on is
 * refused with a message; one that is allowed meanwhile (going back,
 * help, the panes, quitting) is returned, for the caller to perform, as
 * its enum action.  Returns -1 otherwise. */
int predict_key(struct app *a, int key);

#endif
