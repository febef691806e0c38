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
 *
 * Two players on one lesson (two terminals, or the same student twice)
 * do not lose each other's answers: a save holds a lock on the folder
 * while it reads the file, merges and writes, and when the file changed
 * since this player last read or wrote it, the answers it holds that this
 * player lacks are kept beside this player's (this player's win where
 * both answered the same question; the place saved is this player's).
 * A file that is not a regular file (a FIFO) is never opened.
 */
#ifndef NNTRACE_TUI_STATE_H
#define NNTRACE_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "tui/panes/answers.h"

#define STATE_MAX_ANSWERS 100000

/* Which version of the file a player last read or wrote: every save
 * makes a new file (rename), so another player's save shows as another
 * inode, size or time. */
struct state_seen {
	bool known;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct state {
	long iteration;   /* where the student was; -1 when unknown */
	long step;
	struct answer *answers;
	size_t n, cap;
	struct state_seen seen;
};

void state_init(struct state *s);

/* Forgets the answers and the place (frees them) but not which file was
 * seen: starting over and saving does not bring back the answers this
 * player dropped, only those another player saved since. */
void state_free(struct state *s);

/* The state file for a lesson: $XDG_STATE_HOME/nntrace/<hash>.state, or
 * $HOME/.local/state/nntrace/<hash>.state.  Returns 0, or -1 when neither
 * variable is set or the path does not fit. */
int state_path(char *out, size_t cap, const char *lesson_abs);

/* Reads a state file for lesson_abs into s (which it resets first).
 * Returns 0 when read, 1 when there is no file, -1 when it is unreadable,
 * not a regular file, corrupt or belongs to another lesson, with a
 * one-line reason in err (its file name made safe to show).  On -1 s is
 * left empty. */
int state_load(struct state *s, const char *file, const char *lesson_abs,
               char *err, size_t errcap);

/* Writes s for lesson_abs to file, creating the folders it needs, through a
 * temporary file renamed over the old one, first merging into s the
 * answers another player saved since s last saw the file (above).
 * Returns 0 or -1 (errno set). */
int state_save(struct state *s, const char *file, const char *lesson_abs);

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
