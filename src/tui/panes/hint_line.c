#include "tui/panes/hint_line.h"

#include <stdio.h>

#include "core/glyphs.h"

#include "tui/panes/draw.h"
#include "tui/panes/keys.h"
#include "tui/panes/status_line.h"
#include "tui/panes/text.h"

/* The keys of the hint bar's actions, as many as fit from column x. */
static void hint_keys(WINDOW *w, const struct view *v, int x, int width)
{
	for (const int *act = keys_hint_actions; *act >= 0; act++) {
		char name[24], label[48];
		/* The first key of the action is its most memorable one. */
		for (size_t i = 0; i < keys_count; i++)
			if ((int)keys_table[i].action == *act) {
				keys_name(keys_table[i].key, v->utf8, name,
				          sizeof name);
				break;
			}
		snprintf(label, sizeof label, " %s ", keys_short(
				(enum action)*act));
		int need = text_width(name) + text_width(label);
		if (x + need > width)
			break;
		x += draw_text(w, v, 0, x, name, width - x, THEME_KEY);
		x += draw_text(w, v, 0, x, label, width - x, THEME_NORMAL);
	}
}

/* The prompt for an iteration number. */
static void goto_prompt(WINDOW *w, const struct view *v, int width)
{
	char line[256];
	snprintf(line, sizeof line, "Go to (0-%ld, last, end): %s",
	         v->cur->last, v->input);
	int x = draw_text(w, v, 0, 0, line, width, THEME_KEY);
	draw_text(w, v, 0, x, "_   Enter go, Esc cancel", width - x,
	          THEME_NORMAL);
}

/* The prompt for an answer, with the verdict on the last one. */
static void answer_prompt(WINDOW *w, const struct view *v, int width)
{
	char line[256];
	snprintf(line, sizeof line, "Your answer: %s", v->input);
	int x = draw_text(w, v, 0, 0, line, width, THEME_QUESTION);
	x += draw_text(w, v, 0, x, "_   ", width - x, THEME_QUESTION);
	if (v->msg[0])
		draw_words(w, v, 0, x, v->msg, width - x, v->msg_role);
	else
		draw_text(w, v, 0, x, "Enter check, Esc skip, ← back",
		          width - x, THEME_NORMAL);
}

/* The line of the modes that only say which keys work. */
static const char *fixed_line(const struct view *v)
{
	switch (v->mode) {
	case MODE_HELP:
	case MODE_WHY:
		return v->utf8 ? "↑↓ PgUp PgDn scroll   Esc or q close"
		               : "Up/Down PgUp/PgDn scroll   Esc or q close";
	case MODE_LIST:
		if (v->list_path)
			return "Enter open   Esc back to the list";
		return v->utf8 ? "↑↓ choose   Enter open   / . ~ a path   Esc "
		                 "cancel"
		               : "Up/Down choose   Enter open   / . ~ a path   "
		                 "Esc cancel";
	default:
		return "y or Enter resume   n start over";
	}
}

/* Normal mode: a long replay's way out, a message, or the keys. */
static void normal_line(WINDOW *w, const struct view *v, int width)
{
	if (v->ff.shown) {
		/* The way out first: it must fit 60 columns. */
		char line[256];
		snprintf(line, sizeof line,
		         "Esc or Ctrl-C cancels the fast-forward to "
		         "iteration %ld.",
		         v->ff.target);
		draw_text(w, v, 0, 0, line, width, THEME_KEY);
		return;
	}
	int x = 0;
	if (v->run_speed > 0 && !status_line_shows_speed(v, v->cols)) {
		/* No room on the status line: the speed comes first here. */
		char speed[32];
		snprintf(speed, sizeof speed, "%s %d/s  ",
		         glyphs_for(v->utf8)->pointer, v->run_speed);
		x += draw_text(w, v, 0, x, speed, width - x, THEME_KEY);
	}
	if (v->msg[0])
		draw_words(w, v, 0, x, v->msg, width - x, v->msg_role);
	else
		hint_keys(w, v, x, width);
}

void hint_line_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int width = getmaxx(w);
	switch (v->mode) {
	case MODE_GOTO:
		goto_prompt(w, v, width);
		break;
	case MODE_PREDICT:
		answer_prompt(w, v, width);
		break;
	case MODE_HELP:
	case MODE_WHY:
	case MODE_LIST:
	case MODE_RESUME:
		draw_text(w, v, 0, 0, fixed_line(v), width, THEME_NORMAL);
		break;
	default:
		normal_line(w, v, width);
		break;
	}
	wnoutrefresh(w);
}
