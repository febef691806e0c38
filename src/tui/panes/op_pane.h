/* op_pane: the current operation in words, symbolically, and as the hand
 * calculation with the trace's numbers at the display precision; while a
 * question waits, its result is a "?".  The three always show together:
 * the pane asks the layout for the rows they need (op_pane_need), and
 * when it gets fewer it shows fewer terms of a long sum ("… (N more)"),
 * then, as a last resort, ends with a visible "…". */
#ifndef NNTRACE_TUI_PANES_OP_PANE_H
#define NNTRACE_TUI_PANES_OP_PANE_H

#include <curses.h>
#include <stddef.h>

#include "tui/panes/view.h"

/* Draws the operation pane into w (nothing when w is NULL). */
void op_pane_draw(WINDOW *w, const struct view *v);

/* Rows, title included, that operation `step` of the cursor's trace needs
 * in a pane `width` columns wide on a terminal of v->rows rows: its
 * sentence, symbols and calculation wrapped, the sum with as many terms
 * as the pane shows by default. */
int op_pane_need(const struct view *v, size_t step, int width);

/* Replaces the result of the hand calculation in calc (cap bytes), what
 * follows its last "=", with "?": a question asks for it.  The plain
 * player hides it the same way. */
void op_pane_hide_result(char *calc, size_t cap);

#endif
