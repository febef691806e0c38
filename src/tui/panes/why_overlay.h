/* why_overlay: provenance of the current value -- the operations that
 * produced it, followed back through the operands' written_at to the data
 * and the parameters at the start of the iteration, as an indented tree. */
#ifndef NNTRACE_TUI_PANES_WHY_OVERLAY_H
#define NNTRACE_TUI_PANES_WHY_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the overlay into w from line v->overlay_scroll. */
void why_overlay_draw(WINDOW *w, const struct view *v);

/* Lines of the overlay's content: the app bounds scrolling with it. */
int why_overlay_lines(const struct view *v);

#endif
