/* list_overlay: the lessons the student may open instead (tui/lesson_list.h
 * finds them), the selected one marked, and a row for typing the path
 * of any lesson file. */
#ifndef NNTRACE_TUI_PANES_LIST_OVERLAY_H
#define NNTRACE_TUI_PANES_LIST_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the list of v->entries into w, scrolled to keep v->list_sel in
 * view, and after it the row for typing a path (with the path typed so
 * far and the last error, when typing). */
void list_overlay_draw(WINDOW *w, const struct view *v);

/* s cut to `cols` columns at the end of a word, with `ell` (… or ...)
 * where it was cut; s itself when it fits.  A single word longer than
 * the room is cut inside.  Returns the length written. */
size_t list_overlay_cut(char *out, size_t cap, const char *s, int cols,
                        const char *ell);

#endif
