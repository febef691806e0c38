/* state: where a student left off in a lesson, kept between runs.
 *
 * One small text file per lesson under $XDG_STATE_HOME/nntrace/ (default
 * ~/.local/state/nntrace/), named after a hash of the lesson's absolute
 * path and holding that path, so two lessons never share a file:
 *
 *     nntrace-state 1
 *     lesson /abs/path/trask-11.lesson
 *     position 12 5
 *     answer 0 2 1 -0.974
 *
 * ("position ITERATION STEP"; "answer ITERATION CUE RESULT [TYPED]" with
 * RESULT 1 right, 0 wrong, -1 skipped, and TYPED what the student typed,
 * absent for a skip and in files of older versions).  Written atomically
 * (temp file + rename).
 */
#ifndef NNTRACE_TUI_STATE_H
#define NNTRACE_TUI_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "tui/panes/answers.h"

#define STATE_MAX_ANSWERS 100000

struct state {
	long iteration;   /* where the student was; -1 when unknown */
	long step;
	struct answer *answers;
	size_t n, cap;
};

void state_init(struct state *s);
void state_free(struct state *s);

/* The state file for a lesson: $XDG_STATE_HOME/nntrace/<hash>.state, or
 * $HOME/.local/state/nntrace/<hash>.state.  Returns 0, or -1 when neither
 * variable is set or the path does not fit. */
int state_path(char *out, size_t cap, const char *lesson_abs);

/* Reads a state file for lesson_abs into s (which it resets first).
 * Returns 0 when read, 1 when there is no file, -1 when it is unreadable,
 * corrupt or belongs to another lesson, with a one-line reason in err.
 * On -1 s is left empty. */
int state_load(struct state *s, const char *file, const char *lesson_abs,
               char *err, size_t errcap);

/* Writes s for lesson_abs to file, creating the folders it needs, through a
 * temporary file renamed over the old one.  Returns 0 or -1 (errno set). */
int state_save(const struct state *s, const char *file,
               const char *lesson_abs);

/* The recorded answer to cue `cue` in iteration `it`, or NULL. */
const struct answer *state_find(const struct state *s, long it, uint32_t cue);

/* Records (or replaces) an answer, with what was typed (NULL or "" for
 * none; cut to ANSWER_TYPED_MAX - 1 bytes).  Returns 0 or -1 (out of
 * memory or too many answers). */
int state_answer(struct state *s, long it, uint32_t cue, int result,
                 const char *typed);

/* Answers counted right, and answers recorded (skips included). */
size_t state_right(const struct state *s);

#endif
