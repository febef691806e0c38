/* small_screen: what the player shows instead of its panes when the
 * terminal is smaller than the layout's minimum. */
#ifndef NNTRACE_TUI_PANES_SMALL_SCREEN_H
#define NNTRACE_TUI_PANES_SMALL_SCREEN_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the "terminal too small" note across w (stdscr). */
void small_screen_draw(WINDOW *w, const struct view *v);

#endif
