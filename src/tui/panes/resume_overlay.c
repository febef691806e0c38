#include "tui/panes/resume_overlay.h"

#include <stdio.h>

#include "tui/panes/draw.h"

void resume_overlay_draw(WINDOW *w, const struct view *v)
{
	draw_box(w, v, "Welcome back");
	int width = getmaxx(w);
	char line[256];
	snprintf(line, sizeof line,
	         "You left \"%s\" at iteration %ld, operation %ld, with %zu of "
	         "%zu questions right.",
	         v->lesson->title, v->saved_iteration, v->saved_step + 1,
	         answers_right(v->answers, v->n_answers), v->n_answers);
	int y = 1 + draw_wrapped(w, v, 1, 2, 3, width - 4, 0, line,
	                         THEME_NORMAL);
	draw_text(w, v, y + 1, 2, "Resume there? y or Enter: resume, n: start "
	          "over", width - 4, THEME_KEY);
	wnoutrefresh(w);
}
