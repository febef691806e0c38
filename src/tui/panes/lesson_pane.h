/* lesson_pane: what the lesson says at the current operation -- the
 * lesson's description at its first operation, the narration that holds
 * (model/script.h decides), a question attached here with the precision
 * it wants, its hint or how it was answered -- scrolled by the view's
 * lesson_scroll. */
#ifndef NNTRACE_TUI_PANES_LESSON_PANE_H
#define NNTRACE_TUI_PANES_LESSON_PANE_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the lesson pane into w (nothing when w is NULL). */
void lesson_pane_draw(WINDOW *w, const struct view *v);

/* Lines the pane's text needs at this width (0 before a lesson is open):
 * the app bounds scrolling with it. */
int lesson_pane_lines(const struct view *v, int width);

#endif
