/* op_pane: the current operation in words, symbolically, and as the hand
 * calculation with the trace's numbers at the display precision; while a
 * question waits, its result is a "?". */
#ifndef NNTRACE_TUI_PANES_OP_PANE_H
#define NNTRACE_TUI_PANES_OP_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the operation pane into w (nothing when w is NULL). */
void op_pane_draw(WINDOW *w, const struct view *v);

#endif
