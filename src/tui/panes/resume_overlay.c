#include "tui/panes/resume_overlay.h"

#include <stdio.h>

#include "tui/panes/draw.h"

size_t resume_overlay_text(char *buf, size_t cap, const struct view *v)
{
	char score[96] = "";
	/* A lesson without questions, or none answered yet: no score to
	 * speak of. */
	if (v->n_answers)
		snprintf(score, sizeof score, ", with %zu of %zu answered "
		         "question%s right", answers_right(v->answers,
		                                           v->n_answers),
		         v->n_answers, v->n_answers == 1 ? "" : "s");
	int n = snprintf(buf, cap, "You left \"%s\" at iteration %ld, "
	                 "operation %ld%s.", v->lesson->title,
	                 v->saved_iteration, v->saved_step + 1, score);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap ? cap - 1 : 0;
}

void resume_overlay_draw(WINDOW *w, const struct view *v)
{
	draw_box(w, v, "Welcome back");
	int width = getmaxx(w);
	char line[512];
	resume_overlay_text(line, sizeof line, v);
	int y = 1 + draw_wrapped(w, v, 1, 2, 3, width - 4, 0, line,
	                         THEME_NORMAL);
	draw_text(w, v, y + 1, 2, "Resume there? y or Enter: resume, n: start "
	          "over", width - 4, THEME_KEY);
	wnoutrefresh(w);
}
