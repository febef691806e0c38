/* plot_pane: the training loss (and accuracy, when the lesson has one)
 * over the iterations computed so far, the current iteration marked; for
 * a lesson with test data, above them the predictions (fit_pane.h). */
#ifndef NNTRACE_TUI_PANES_PLOT_PANE_H
#define NNTRACE_TUI_PANES_PLOT_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the plot pane into w (nothing when w is NULL). */
void plot_pane_draw(WINDOW *w, const struct view *v);

/* How the pane shares `rows` rows (its title excluded) between the
 * prediction plot and the loss plot: both from 16 rows on (the loss gets
 * a third, at least 5), below that the predictions alone. */
void plot_pane_split(int rows, int *fit_rows, int *loss_rows);

#endif
