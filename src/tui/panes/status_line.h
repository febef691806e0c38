/* status_line: the top line -- the lesson's title, then where the student
 * is (iteration, operation, phase, loss, score, run speed), or during a
 * long replay where it goes and how far it got. */
#ifndef NNTRACE_TUI_PANES_STATUS_LINE_H
#define NNTRACE_TUI_PANES_STATUS_LINE_H

#include <curses.h>
#include <stddef.h>

#include "tui/panes/view.h"

/* Draws the status line into w (nothing when w is NULL). */
void status_line_draw(WINDOW *w, const struct view *v);

/* The status line's text for a fast-forward, e.g. "fast-forward 45%
 * 1.2M it/s": done of total iterations (the percentage rounded down, so
 * 100% only at the end) and the rate, left out when not yet known
 * (rate <= 0).  Returns the length written (cut to cap - 1). */
size_t status_line_progress(char *buf, size_t cap, long done, long total,
                            double rate);

#endif
