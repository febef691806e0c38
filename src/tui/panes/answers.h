/* answers: a student's answers to a lesson's questions (predict cues).
 *
 * The saved state (tui/state.h) keeps them between runs; the panes show
 * the score and, under a question, how it was answered.  Both find an
 * answer here, so they cannot disagree about which one counts. */
#ifndef NNTRACE_TUI_PANES_ANSWERS_H
#define NNTRACE_TUI_PANES_ANSWERS_H

#include <stddef.h>
#include <stdint.h>

#include "lesson/lesson.h"

enum answer_result { ANSWER_SKIPPED = -1, ANSWER_WRONG = 0, ANSWER_RIGHT = 1 };

/* Bytes of an answer as the student typed it, NUL included. */
#define ANSWER_TYPED_MAX 32

struct answer {
	long iteration;
	uint32_t cue;   /* index into lesson->cues */
	int result;     /* enum answer_result */
	char typed[ANSWER_TYPED_MAX]; /* what was typed; "" when skipped (or
	                                 saved by an older nntrace) */
};

/* The answer among a[0..n) to cue `cue` in iteration `it`, or NULL. */
const struct answer *answers_find(const struct answer *a, size_t n, long it,
                                  uint32_t cue);

/* How many of a[0..n) are right. */
size_t answers_right(const struct answer *a, size_t n);

/* How precise the answer to question c must be, as a prompt says it:
 * "to 2 decimals or more", "within 0.0001", "exactly" (see
 * docs/lesson-format.md, "How answers are judged").  Returns the
 * length. */
size_t answers_rule(char *buf, size_t cap, const struct cue *c);

/* The verdict on answer a for the student, echoing what was typed: "You
 * typed -0.974: right; the value is -0.97401842."  `value` is the value
 * as the player shows it.  Returns the length. */
size_t answers_verdict(char *buf, size_t cap, const struct answer *a,
                       const char *value);

#endif
