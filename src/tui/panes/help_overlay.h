/* help_overlay: the keys, generated from the key table that dispatches
 * them (tui/panes/keys.h), so the two cannot disagree; then a few notes. */
#ifndef NNTRACE_TUI_PANES_HELP_OVERLAY_H
#define NNTRACE_TUI_PANES_HELP_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Lines of the overlay's content: the app bounds scrolling with it. */
int help_overlay_lines(void);

/* Draws the overlay into w from line v->overlay_scroll. */
void help_overlay_draw(WINDOW *w, const struct view *v);

#endif
