/* player: the player without a terminal, for `make bench`.
 *
 * Opens a lesson in a struct app drawn on a curses screen that writes to
 * /dev/null and reads nothing, then handles keys exactly as the main loop
 * does (action_key, then one frame), so that each key can be timed: the
 * handler, the replay it asks for and the drawing, without the terminal
 * emulator. */
#ifndef NNTRACE_BENCH_PLAYER_H
#define NNTRACE_BENCH_PLAYER_H

#include <stdbool.h>

#include "core/diag.h"

struct tui_bench;

/* Opens `lesson` on a rows x cols virtual screen (UTF-8 glyphs when the
 * locale is UTF-8, colours on) and draws the first frame.  The saved
 * position is ignored and never written.  Returns NULL with errors in d
 * (out of memory, a bad lesson, no terminal description). */
struct tui_bench *tui_bench_open(const char *lesson, int rows, int cols,
                                 struct diags *d);

/* One key, as the main loop handles it, then the frame it leads to.
 * Returns the seconds both took, wall-clock; *cpu (may be NULL) gets the
 * seconds of CPU the thread spent, which leave out the time the process
 * waited for the CPU on a busy machine.  A question the move asked is then
 * skipped (Esc), outside the time, so that the next key moves again. */
double tui_bench_key(struct tui_bench *b, int key, double *cpu);

/* Puts the cursor at (iteration, step) and draws, untimed: where a
 * timed key starts from.  Returns 0, or -1 when out of memory. */
int tui_bench_goto(struct tui_bench *b, long iteration, long step);

/* The terminal changes size: returns the seconds the next frame took
 * (and its CPU seconds in *cpu, as tui_bench_key). */
double tui_bench_resize(struct tui_bench *b, int rows, int cols,
                        double *cpu);

/* The iteration and operation shown. */
long tui_bench_iteration(const struct tui_bench *b);
long tui_bench_step(const struct tui_bench *b);

void tui_bench_close(struct tui_bench *b);

#endif
