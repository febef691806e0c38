/* op_pane: the current operation in words, symbolically, and as the hand
 * calculation with the trace's numbers at the display precision; while a
 * question waits, its result is a "?". */
#ifndef NNTRACE_TUI_PANES_OP_PANE_H
#define NNTRACE_TUI_PANES_OP_PANE_H

#include <curses.h>
#include <stddef.h>

#include "tui/panes/view.h"

/* Draws the operation pane into w (nothing when w is NULL). */
void op_pane_draw(WINDOW *w, const struct view *v);

/* Replaces the result of the hand calculation in calc (cap bytes), what
 * follows its last "=", with "?": a question asks for it.  The plain
 * player hides it the same way. */
void op_pane_hide_result(char *calc, size_t cap);

#endif
