/* resume_overlay: on opening a lesson left part-way, where the student
 * was and their score, and the offer to go back there. */
#ifndef NNTRACE_TUI_PANES_RESUME_OVERLAY_H
#define NNTRACE_TUI_PANES_RESUME_OVERLAY_H

#include <curses.h>

#include "tui/panes/view.h"

/* Where the student left the lesson, in one sentence (the overlay's and
 * plain mode's): "You left "TITLE" at iteration 150, operation 1, with 1
 * of 2 answered questions right."  Nothing about questions when none was
 * answered.  Returns the length. */
size_t resume_overlay_text(char *buf, size_t cap, const struct view *v);

/* Draws the offer into w. */
void resume_overlay_draw(WINDOW *w, const struct view *v);

#endif
