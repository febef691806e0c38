/* network_pane: each layer as nodes joined by its weights, one connection
 * per line ("l0 1 ●─ -0.42772133 ─▶● l1 0"), with the weight at the
 * start of the iteration and, once the update computed it, the new one;
 * on two rows ("l0 1 ●──▶● l1 0", the values under it) when the pane is
 * too narrow for that, so that no line loses its end.  Connections the
 * current operation reads or writes are highlighted, and the list
 * scrolls to keep the first of them in view. */
#ifndef NNTRACE_TUI_PANES_NETWORK_PANE_H
#define NNTRACE_TUI_PANES_NETWORK_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the network pane into w (nothing when w is NULL). */
void network_pane_draw(WINDOW *w, const struct view *v);

#endif
