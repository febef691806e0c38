/* fit_pane: the target and the network's prediction against the input,
 * on the lesson's test data, with the end of the training range marked:
 * the same plot as the handout's (render/plot.h), its cells coloured by
 * role.  Part of the plot pane (plot_pane.h decides the rows). */
#ifndef NNTRACE_TUI_PANES_FIT_PANE_H
#define NNTRACE_TUI_PANES_FIT_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws v->fit in rows [y, y + h) of the plot pane's window w. */
void fit_pane_draw(WINDOW *w, const struct view *v, int y, int h);

#endif
