/* resume_overlay: on opening a lesson left part-way, where the student
 * was and their score, and the offer to go back there. */
#ifndef NNTRACE_TUI_PANES_RESUME_OVERLAY_H
#define NNTRACE_TUI_PANES_RESUME_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Draws the offer into w. */
void resume_overlay_draw(WINDOW *w, const struct view *v);

#endif
