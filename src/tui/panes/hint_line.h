/* hint_line: the bottom line -- the most used keys, or a message, or the
 * prompt of the current mode (an iteration to go to, an answer). */
#ifndef NNTRACE_TUI_PANES_HINT_LINE_H
#define NNTRACE_TUI_PANES_HINT_LINE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the hint line into w (nothing when w is NULL). */
void hint_line_draw(WINDOW *w, const struct view *v);

#endif
