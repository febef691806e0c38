/* status_line: the top line -- the lesson's title (or, while a saved
 * lesson does not load, its first error in the title's place), then where
 * the student is (iteration, a mini-batch lesson's epoch and batch,
 * operation, phase, loss, score, run speed), or during a long replay
 * where it goes and how far it got. */
#ifndef NNTRACE_TUI_PANES_STATUS_LINE_H
#define NNTRACE_TUI_PANES_STATUS_LINE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "tui/panes/view.h"

/* Draws the status line into w (nothing when w is NULL).  Every field
 * has a fixed width (the title cut once, with "…", the counters padded to
 * their largest value), so nothing moves as the student steps; on a
 * narrow terminal the run speed (then on the hint line), the phase, the
 * title, the epoch and the score are left out whole, never cut (a reload
 * error, cut like the title, last). */
void status_line_draw(WINDOW *w, const struct view *v);

/* The status line's text for a terminal `width` columns wide into line
 * (cap bytes), as drawn (without trailing blanks); "" before a lesson is
 * open.  Returns its length in bytes. */
size_t status_line_text(const struct view *v, int width, char *line,
                        size_t cap);

/* Whether a status line `width` columns wide has room for the run speed
 * (else the hint line shows it). */
bool status_line_shows_speed(const struct view *v, int width);

/* The status line's text for a fast-forward, e.g. "fast-forward 45%
 * 1.2M it/s": done of total iterations (the percentage rounded down, so
 * 100% only at the end) and the rate, left out when not yet known
 * (rate <= 0).  Returns the length written (cut to cap - 1). */
size_t status_line_progress(char *buf, size_t cap, long done, long total,
                            double rate);

#endif
