/* matrix_pane: the tensors of the iteration as numpy prints them, filling
 * in one cell per operation.  Cells not yet computed are blank, the cell
 * just computed is highlighted (reverse/bold), the cells it read are
 * underlined.  Tensors too big for the pane scroll so that the cells of
 * the current operation stay in view, with row and column indices. */
#ifndef NNTRACE_TUI_PANES_MATRIX_PANE_H
#define NNTRACE_TUI_PANES_MATRIX_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Which tensors the pane shows, widest choice first: every tensor of the
 * iteration, those of the current phase, only those the current
 * operation reads and writes. */
enum matrix_level { MATRIX_ALL, MATRIX_PHASE, MATRIX_ACTIVE, MATRIX_LEVELS };

/* Draws the widest level of tensors that fits into w (nothing when w is
 * NULL). */
void matrix_pane_draw(WINDOW *w, const struct view *v);

/* Rows the pane wants (title included) at this width to show the tensors
 * of a level in full.  When a quick bound shows they cannot fit in `max`
 * rows, returns more than max without measuring them. */
int matrix_pane_need(const struct view *v, int width, enum matrix_level level,
                     int max);

#endif
