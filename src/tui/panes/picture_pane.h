/* picture_pane: a lesson's sample drawn as a picture (render/picture:
 * two cells a pixel, shaded by the training inputs' range, ASCII without
 * UTF-8), beside its number in the data, its row of the batch, its class
 * and, once the forward phase has computed every output of its row, the
 * network's guess and that output; below it, when the rows are there,
 * the confusion matrix on the test data, labelled with the iteration
 * whose network it counts.  Shown for a lesson with `image` or with
 * classes and test data (view->classes.on), toggled by a key. */
#ifndef NNTRACE_TUI_PANES_PICTURE_PANE_H
#define NNTRACE_TUI_PANES_PICTURE_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* The fewest rows, title included, worth drawing the pane in: the
 * picture (or, without one, the matrix) whole.  0 when it shows
 * nothing. */
int picture_pane_min(const struct view *v);

/* The rows it would like, title included: the picture and the matrix
 * below it. */
int picture_pane_need(const struct view *v);

/* Draws the pane into w (nothing when w is NULL). */
void picture_pane_draw(WINDOW *w, const struct view *v);

#endif
