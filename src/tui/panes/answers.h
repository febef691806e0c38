/* answers: a student's answers to a lesson's questions (predict cues).
 *
 * The saved state (tui/state.h) keeps them between runs; the panes show
 * the score and, under a question, how it was answered.  Both find an
 * answer here, so they cannot disagree about which one counts. */
#ifndef NNTRACE_TUI_PANES_ANSWERS_H
#define NNTRACE_TUI_PANES_ANSWERS_H

#include <stddef.h>
#include <stdint.h>

enum answer_result { ANSWER_SKIPPED = -1, ANSWER_WRONG = 0, ANSWER_RIGHT = 1 };

struct answer {
	long iteration;
	uint32_t cue;   /* index into lesson->cues */
	int result;     /* enum answer_result */
};

/* The answer among a[0..n) to cue `cue` in iteration `it`, or NULL. */
const struct answer *answers_find(const struct answer *a, size_t n, long it,
                                  uint32_t cue);

/* How many of a[0..n) are right. */
size_t answers_right(const struct answer *a, size_t n);

#endif
