/* draw: small helpers the panes share to put clipped text on a window,
 * in the view's locale (UTF-8 or ASCII) and colours. */
#ifndef NNTRACE_TUI_PANES_DRAW_H
#define NNTRACE_TUI_PANES_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "tui/panes/theme.h"
#include "tui/panes/view.h"

/* Writes up to n bytes of s at (y, x) of w, clipped to `cols` columns and
 * to the window, in role r; non-ASCII becomes '?' without UTF-8.
 * Returns the columns written. */
int draw_textn(WINDOW *w, const struct view *v, int y, int x, const char *s,
               size_t n, int cols, enum theme_role r);
int draw_text(WINDOW *w, const struct view *v, int y, int x, const char *s,
              int cols, enum theme_role r);

/* s at (y, x) in `cols` columns: whole, or, when it does not fit, up to
 * the last space that leaves room for a "…" after it -- a number or a
 * word is never cut.  Returns the columns written. */
int draw_words(WINDOW *w, const struct view *v, int y, int x, const char *s,
               int cols, enum theme_role r);

/* The title rule of a pane: "── title ──────" across row 0. */
void draw_rule(WINDOW *w, const struct view *v, const char *title);

/* A boxed overlay window's frame and title. */
void draw_box(WINDOW *w, const struct view *v, const char *title);

/* Word-wrapped text from row y, skipping `skip` lines, at most `rows`
 * lines, `cols` wide.  Returns the number of lines the text needs. */
int draw_wrapped(WINDOW *w, const struct view *v, int y, int x, int rows,
                 int cols, int skip, const char *s, enum theme_role r);

#endif
