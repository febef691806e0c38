/* panes: the draw functions, one per pane or overlay.  Each only reads the
 * app (never moves the cursor or changes a mode) and draws into its own
 * window; app_frame() calls them and updates the screen once. */
#ifndef NNTRACE_TUI_PANES_H
#define NNTRACE_TUI_PANES_H

#include "tui/app.h"

void status_draw(const struct app *a);   /* status.c: the top line */
void hints_draw(const struct app *a);    /* status.c: the bottom line */
void matrix_draw(const struct app *a);   /* matrix_pane.c */
void op_draw(const struct app *a);       /* op_pane.c */
void lesson_draw(const struct app *a);   /* lesson_pane.c */
void plot_draw(const struct app *a);     /* plot_pane.c */
/* fit_pane.c: the predictions on the test data in rows [y, y + h) of the
 * plot pane's window w. */
void fit_draw(const struct app *a, WINDOW *w, int y, int h);
void network_draw(const struct app *a);  /* network_pane.c */
void help_draw(const struct app *a, WINDOW *w);    /* help.c */
void why_draw(const struct app *a, WINDOW *w);     /* why.c */
void list_draw(const struct app *a, WINDOW *w);    /* lesson_list.c */
void resume_draw(const struct app *a, WINDOW *w);  /* app.c */
void small_draw(const struct app *a);    /* layout too small: stdscr */

/* Which tensors the matrix pane shows, widest choice first: every tensor
 * of the iteration, those of the current phase, only those the current
 * operation reads and writes. */
enum matrix_level { MATRIX_ALL, MATRIX_PHASE, MATRIX_ACTIVE, MATRIX_LEVELS };

/* Rows the matrix pane wants (title included) at this width to show the
 * tensors of a level in full.  When a quick bound shows they cannot fit
 * in `max` rows, returns more than max without measuring them. */
int matrix_need(const struct app *a, int width, enum matrix_level level,
                int max);

/* Lines the lesson pane's text needs at this width. */
int lesson_lines(const struct app *a, int width);

/* Lines of the why overlay's content, to bound its scrolling. */
int why_lines(const struct app *a, int width);

#endif
