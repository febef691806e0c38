/* list_overlay: the lessons the student may open instead (tui/lesson_list.h
 * finds them), the selected one marked. */
#ifndef NNTRACE_TUI_PANES_LIST_OVERLAY_H
#define NNTRACE_TUI_PANES_LIST_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the list of v->entries into w, scrolled to keep v->list_sel in
 * view. */
void list_overlay_draw(WINDOW *w, const struct view *v);

#endif
