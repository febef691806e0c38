/* plot_pane: the training loss (and accuracy, when the lesson has one)
 * over the iterations computed so far, the current iteration marked; for
 * a lesson with test data, above them the predictions (fit_pane.h). */
#ifndef NNTRACE_TUI_PANES_PLOT_PANE_H
#define NNTRACE_TUI_PANES_PLOT_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the plot pane into w (nothing when w is NULL). */
void plot_pane_draw(WINDOW *w, const struct view *v);

/* The fewest rows worth a plot (docs/player.md, the layout rule): a loss
 * plot's label, PLOT_DOT_ROWS rows of dots and its axis; the test loss
 * and a prediction plot whose data area has 5 rows (the frame, its labels
 * and the legend take 6 more).  A plot given fewer is not drawn: the
 * pane says what it would show in words. */
#define PLOT_DOT_ROWS 4
#define PLOT_LOSS_ROWS (PLOT_DOT_ROWS + 2)
#define PLOT_FIT_ROWS 12

/* How the pane shares `rows` rows (its title excluded) between the
 * predictions and the loss plot: both when each gets its fewest rows (the
 * loss a third, at least PLOT_LOSS_ROWS); else the prediction plot alone
 * when it fits; else two rows for the test loss and a note, the rest
 * for the loss plot; else all for the test loss. */
void plot_pane_split(int rows, int *fit_rows, int *loss_rows);

#endif
