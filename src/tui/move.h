/* move: going somewhere in the run -- a step, a phase, an iteration, a
 * cue, a given place -- then app_moved.  A move that replays many
 * iterations untraced (End on a long lesson, a step back across an
 * iteration) shows a fast-forward note on the status and hint lines
 * after a moment, and Esc, q or Ctrl-C cancel it, leaving the student
 * where they were. */
#ifndef NNTRACE_TUI_MOVE_H
#define NNTRACE_TUI_MOVE_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"

/* Goes to (iteration it, operation step; CURSOR_END for the last), then
 * app_moved(a, forward).  Returns 0 when there, 1 when cancelled or out
 * of memory (then quitting). */
int move_to(struct app *a, long it, size_t step, bool forward);

/* One step of the cursor by fn (cursor_next_op, cursor_prev_phase...);
 * at either end a message says so. */
void move_step(struct app *a, int (*fn)(struct cursor *), bool forward);

/* To the next (dir > 0) or previous cue: narration, pause or question. */
void move_cue(struct app *a, int dir);

/* To the last operation worth showing (see app_last_step). */
void move_last(struct app *a);

/* What the go-to prompt (and plain mode's `g`) does with the text typed:
 * an iteration number goes to its first operation (past the last: to
 * the last iteration, saying so), `last` to the last iteration's first
 * operation, `end` to the last operation (move_last).  Anything else,
 * or nothing, moves nowhere and a message says so: then returns -1,
 * else 0. */
int move_goto(struct app *a, const char *text);

#endif
