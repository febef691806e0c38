/* status: the status line at the top, the key-hint line at the bottom
 * (which doubles as the prompt and message line), and the screen shown
 * when the terminal is too small. */
#include <stdio.h>
#include <string.h>

#include "render/numfmt.h"
#include "tui/draw.h"
#include "tui/panes.h"
#include "tui/text.h"

/* The right-hand part of the status line: iteration, operation, phase,
 * loss, score, run speed. */
static void position(const struct app *a, char *right, size_t cap,
                     const char *sep, bool wide, const char *loss)
{
	const struct trace *t = &a->cur.trace;
	const struct op *op = t->n_ops ? cursor_op(&a->cur) : NULL;
	int n = snprintf(right, cap, "%s%s %ld/%ld%sop %zu/%zu%s%s%s%s %s",
	                 sep, wide ? "iteration" : "it", t->iteration,
	                 a->cur.last, sep,
	                 t->n_ops ? a->cur.step + 1 : 0, t->n_ops, sep,
	                 op ? phase_name((enum phase)op->phase) : "", sep,
	                 a->lesson.loss_name ? a->lesson.loss_name : "loss",
	                 loss);
	if (a->state.n && n > 0 && (size_t)n < cap)
		n += snprintf(right + n, cap - (size_t)n, "%s%s %zu/%zu", sep,
		              wide ? "score" : "right", state_right(&a->state),
		              a->state.n);
	if (a->running && n > 0 && (size_t)n < cap)
		snprintf(right + n, cap - (size_t)n, "%s%s %d/s", sep,
		         a->utf8 ? "▶" : ">", app_speeds[a->speed]);
}

void status_draw(const struct app *a)
{
	WINDOW *w = a->win[PANE_STATUS];
	if (!w)
		return;
	werase(w);
	int width = getmaxx(w);
	int attr = theme_attr(THEME_STATUS, a->color);
	wbkgdset(w, (chtype)' ' | (chtype)attr);
	werase(w);
	if (!a->loaded) {
		wnoutrefresh(w);
		return;
	}
	const struct trace *t = &a->cur.trace;
	const char *sep = a->utf8 ? " │ " : " | ";
	char right[256], loss[NUMFMT_CELL_MAX] = "-";
	/* The loss of this iteration once its operation has run. */
	if (a->net.loss >= 0 && t->n_ops &&
	    trace_known(t, (long)a->cur.step, (uint32_t)a->net.loss, 0))
		numfmt_scalar(loss, sizeof loss,
		              t->values[a->net.tensors[a->net.loss].offset],
		              a->precision);
	/* Short labels on narrow terminals leave room for the title. */
	bool wide = width >= 100;
	if (a->ff.active && a->ff.shown) {
		/* A long replay: where from, where to, how far. */
		char p[64];
		app_progress_text(p, sizeof p, a->ff.done, a->ff.total,
		                  a->ff.rate);
		snprintf(right, sizeof right, "%s%s %ld %s %ld%s%s", sep,
		         wide ? "iteration" : "it", t->iteration,
		         a->utf8 ? "→" : "->", a->ff.target, sep, p);
	} else {
		position(a, right, sizeof right, sep, wide, loss);
	}
	int rw = text_width(right);
	int tw = width - rw - 1;
	if (tw < 8) {
		/* Narrow: the position matters more than the title. */
		tw = 8;
	}
	int x = 1 + draw_text(w, a, 0, 1, a->lesson.title, tw - 1,
	                      THEME_STATUS);
	if (x < tw)
		x = tw;
	draw_text(w, a, 0, x, right, width - x, THEME_STATUS);
	wnoutrefresh(w);
}

static void hint_keys(WINDOW *w, const struct app *a, int x, int width)
{
	for (const int *act = keys_hint_actions; *act >= 0; act++) {
		char name[24], label[48];
		/* The first key of the action is its most memorable one. */
		for (size_t i = 0; i < keys_count; i++)
			if ((int)keys_table[i].action == *act) {
				keys_name(keys_table[i].key, a->utf8, name,
				          sizeof name);
				break;
			}
		snprintf(label, sizeof label, " %s ", keys_short(
				(enum action)*act));
		int need = text_width(name) + text_width(label);
		if (x + need > width)
			break;
		x += draw_text(w, a, 0, x, name, width - x, THEME_KEY);
		x += draw_text(w, a, 0, x, label, width - x, THEME_NORMAL);
	}
}

void hints_draw(const struct app *a)
{
	WINDOW *w = a->win[PANE_HINTS];
	if (!w)
		return;
	werase(w);
	int width = getmaxx(w);
	char line[256];
	switch (a->mode) {
	case MODE_GOTO:
		snprintf(line, sizeof line, "Go to iteration (0-%ld): %s",
		         a->cur.last, a->input);
		{
			int x = draw_text(w, a, 0, 0, line, width, THEME_KEY);
			draw_text(w, a, 0, x, "_   Enter go, Esc cancel",
			          width - x, THEME_NORMAL);
		}
		break;
	case MODE_PREDICT:
		snprintf(line, sizeof line, "Your answer: %s", a->input);
		{
			int x = draw_text(w, a, 0, 0, line, width,
			                  THEME_QUESTION);
			x += draw_text(w, a, 0, x, "_   ", width - x,
			               THEME_QUESTION);
			if (a->msg[0])
				draw_text(w, a, 0, x, a->msg, width - x,
				          a->msg_role);
			else
				draw_text(w, a, 0, x,
				          "Enter check, Esc skip, ← back",
				          width - x, THEME_NORMAL);
		}
		break;
	case MODE_HELP:
	case MODE_WHY:
		draw_text(w, a, 0, 0,
		          a->utf8 ? "↑↓ PgUp PgDn scroll   Esc or q close"
		                  : "Up/Down PgUp/PgDn scroll   Esc or q close",
		          width, THEME_NORMAL);
		break;
	case MODE_LIST:
		draw_text(w, a, 0, 0,
		          a->utf8 ? "↑↓ choose   Enter open   Esc cancel"
		                  : "Up/Down choose   Enter open   Esc cancel",
		          width, THEME_NORMAL);
		break;
	case MODE_RESUME:
		draw_text(w, a, 0, 0, "y or Enter resume   n start over",
		          width, THEME_NORMAL);
		break;
	default:
		if (a->ff.active && a->ff.shown) {
			/* The way out first: it must fit 60 columns. */
			snprintf(line, sizeof line,
			         "Esc or Ctrl-C cancels the fast-forward to "
			         "iteration %ld.",
			         a->ff.target);
			draw_text(w, a, 0, 0, line, width, THEME_KEY);
		} else if (a->msg[0])
			draw_text(w, a, 0, 0, a->msg, width, a->msg_role);
		else
			hint_keys(w, a, 0, width);
		break;
	}
	wnoutrefresh(w);
}

void small_draw(const struct app *a)
{
	WINDOW *w = stdscr;
	werase(w);
	int rows, cols;
	getmaxyx(w, rows, cols);
	char line[128];
	snprintf(line, sizeof line, "Terminal too small: %dx%d", cols, rows);
	char need[128];
	snprintf(need, sizeof need, "nntrace needs at least %dx%d.",
	         LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	const char *lines[] = {line, need, "Enlarge the window, or press q",
	                       "to quit."};
	int y = rows / 2 - 2;
	if (y < 0)
		y = 0;
	for (int i = 0; i < 4; i++) {
		int lw = text_width(lines[i]);
		int x = (cols - lw) / 2;
		draw_text(w, a, y + i, x < 0 ? 0 : x, lines[i], cols,
		          i == 0 ? THEME_NAME : THEME_NORMAL);
	}
	wnoutrefresh(w);
}
