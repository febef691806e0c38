#include "tui/action.h"

#include <stdlib.h>

#include "tui/lesson_list.h"
#include "tui/move.h"
#include "tui/predict.h"
#include "tui/panes/help_overlay.h"
#include "tui/panes/lesson_pane.h"
#include "tui/panes/theme.h"
#include "tui/panes/why_overlay.h"

/* The actions that step the cursor, and how. */
static const struct {
	enum action act;
	int (*fn)(struct cursor *);
	bool forward;
} steps[] = {
	{DO_NEXT_OP, cursor_next_op, true},
	{DO_PREV_OP, cursor_prev_op, false},
	{DO_NEXT_PHASE, cursor_next_phase, true},
	{DO_PREV_PHASE, cursor_prev_phase, false},
	{DO_NEXT_ITER, cursor_next_iteration, true},
	{DO_PREV_ITER, cursor_prev_iteration, false},
};

/* Whether an action leaves a run going: it changes how things are shown,
 * not where the student is. */
static bool keeps_running(enum action act)
{
	switch (act) {
	case DO_RUN:
	case DO_FASTER:
	case DO_SLOWER:
	case DO_TOGGLE_PLOT:
	case DO_TOGGLE_NETWORK:
	case DO_SCROLL_DOWN:
	case DO_SCROLL_UP:
	case DO_MORE_DIGITS:
	case DO_FEWER_DIGITS:
	case DO_REDRAW:
		return true;
	default:
		return false;
	}
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void change_speed(struct app *a, int by)
{
	a->speed = clamp(a->speed + by, 0, APP_SPEEDS - 1);
	app_msg(a, THEME_NORMAL, "Run speed: %d operations a second.",
	        app_speeds[a->speed]);
}

static void change_precision(struct app *a, int by)
{
	a->precision = clamp(a->precision + by, 0, 17);
	app_msg(a, THEME_NORMAL, "Showing %d decimal%s.", a->precision,
	        a->precision == 1 ? "" : "s");
}

/* Scrolls the narration by one line, not past its end. */
static void scroll_lesson(struct app *a, int by)
{
	if (by < 0) {
		if (a->lesson_scroll > 0)
			a->lesson_scroll--;
		return;
	}
	struct view v;
	app_view(a, &v);
	int w = a->lay.pane[PANE_LESSON].w - 2;
	int rows = a->lay.pane[PANE_LESSON].h - 1;
	int max = lesson_pane_lines(&v, w > 1 ? w : 1) - rows;
	if (a->lesson_scroll < max)
		a->lesson_scroll++;
}

/* The actions that open a mode: a prompt or an overlay. */
static void enter_mode(struct app *a, enum action act)
{
	switch (act) {
	case DO_GOTO:
		a->mode = MODE_GOTO;
		a->input_len = 0;
		a->input[0] = '\0';
		break;
	case DO_WHY:
		a->mode = MODE_WHY;
		a->overlay_scroll = 0;
		break;
	case DO_OPEN:
		lesson_list_scan(a);
		a->mode = MODE_LIST;
		break;
	case DO_HELP:
		a->mode = MODE_HELP;
		a->overlay_scroll = 0;
		break;
	default:
		break;
	}
}

void action_do(struct app *a, enum action act)
{
	if (!a->loaded && act != DO_QUIT)
		return;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (steps[i].act == act) {
			move_step(a, steps[i].fn, steps[i].forward);
			return;
		}
	switch (act) {
	case DO_FIRST:
		a->msg[0] = '\0';
		move_to(a, 0, 0, false);
		break;
	case DO_LAST:
		move_last(a);
		break;
	case DO_NEXT_CUE:
	case DO_PREV_CUE:
		move_cue(a, act == DO_NEXT_CUE ? 1 : -1);
		break;
	case DO_RUN:
		app_toggle_run(a);
		break;
	case DO_FASTER:
	case DO_SLOWER:
		change_speed(a, act == DO_FASTER ? 1 : -1);
		break;
	case DO_TOGGLE_PLOT:
		a->show_plot = !app_plot_shown(a);
		break;
	case DO_TOGGLE_NETWORK:
		a->show_network = !app_network_shown(a);
		break;
	case DO_MORE_DIGITS:
	case DO_FEWER_DIGITS:
		change_precision(a, act == DO_MORE_DIGITS ? 1 : -1);
		break;
	case DO_SCROLL_DOWN:
	case DO_SCROLL_UP:
		scroll_lesson(a, act == DO_SCROLL_DOWN ? 1 : -1);
		break;
	case DO_REDRAW:
		clearok(curscr, TRUE);
		break;
	case DO_QUIT:
		a->quit = true;
		break;
	default:
		enter_mode(a, act);
		break;
	}
}

/* Typing an iteration number, `last` or `end` on the hint line. */
static void goto_key(struct app *a, int key)
{
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		a->mode = MODE_NORMAL;
		move_goto(a, a->input);
	} else if (key == 27) {
		a->mode = MODE_NORMAL;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (a->input_len)
			a->input[--a->input_len] = '\0';
		else
			a->mode = MODE_NORMAL;
	} else if (((key >= '0' && key <= '9') || (key >= 'a' && key <= 'z')) &&
	           a->input_len < 12) {
		/* Letters too: `last`, `end`, and a typo gets an answer. */
		a->input[a->input_len++] = (char)key;
		a->input[a->input_len] = '\0';
	}
}

/* Lines of the help or why overlay the student may scroll to. */
static int overlay_max(struct app *a)
{
	if (a->mode != MODE_WHY)
		return help_overlay_lines() - 1;
	struct view v;
	app_view(a, &v);
	return why_overlay_lines(&v) - 1;
}

/* Scrolling, or closing, the help and why overlays. */
static void overlay_key(struct app *a, int key)
{
	int page = a->rows > 8 ? a->rows - 8 : 1;
	switch (key) {
	case KEY_DOWN:
	case 'j':
		a->overlay_scroll++;
		break;
	case KEY_UP:
	case 'k':
		a->overlay_scroll--;
		break;
	case KEY_NPAGE:
	case ' ':
		a->overlay_scroll += page;
		break;
	case KEY_PPAGE:
		a->overlay_scroll -= page;
		break;
	case KEY_HOME:
		a->overlay_scroll = 0;
		break;
	case 27:
	case 'q':
	case '?':
	case 'w':
	case '\n':
	case '\r':
	case KEY_F(1):
		a->mode = a->q_active ? MODE_PREDICT : MODE_NORMAL;
		return;
	default:
		break;
	}
	int max = overlay_max(a);
	if (a->overlay_scroll > max)
		a->overlay_scroll = max;
	if (a->overlay_scroll < 0)
		a->overlay_scroll = 0;
}

/* The offer to resume at the saved place. */
static void resume_key(struct app *a, int key)
{
	if (key == 'y' || key == 'Y' || key == '\n' || key == '\r' ||
	    key == KEY_ENTER) {
		a->mode = MODE_NORMAL;
		if (move_to(a, a->state.iteration, (size_t)a->state.step,
		            false) == 0)
			app_msg(a, THEME_NORMAL, "Resumed at iteration %ld, "
			        "operation %zu.", a->cur.trace.iteration,
			        a->cur.step + 1);
	} else if (key == 'n' || key == 'N' || key == 27) {
		/* Starting over forgets the old answers too. */
		state_free(&a->state);
		a->mode = MODE_NORMAL;
		app_moved(a, true);
	} else if (key == 'q') {
		a->quit = true;
	}
}

/* A key in normal mode: digits start "go to", Esc stops a run and clears
 * the message, the rest go through the key table. */
static void normal_key(struct app *a, int key)
{
	if (key >= '0' && key <= '9') {
		/* Typing a number is the quickest way to an iteration. */
		a->mode = MODE_GOTO;
		a->input_len = 0;
		goto_key(a, key);
		return;
	}
	if (key == 27) {
		a->msg[0] = '\0';
		a->running = false;
		return;
	}
	int act = keys_action(key);
	if (act >= 0) {
		if (!keeps_running((enum action)act))
			a->running = false;
		action_do(a, (enum action)act);
	} else {
		char name[16];
		app_msg(a, THEME_NORMAL, "%s is not a key here; ? shows the keys.",
		        keys_name(key, a->utf8, name, sizeof name));
	}
}

void action_key(struct app *a, int key)
{
	if (key == KEY_RESIZE || key == ERR)
		return;
	if (a->lay.too_small) {
		if (key == 'q')
			a->quit = true;
		return;
	}
	switch (a->mode) {
	case MODE_GOTO:
		goto_key(a, key);
		break;
	case MODE_PREDICT: {
		int act = predict_key(a, key);
		if (act >= 0)
			action_do(a, (enum action)act);
		break;
	}
	case MODE_HELP:
	case MODE_WHY:
		overlay_key(a, key);
		break;
	case MODE_LIST:
		lesson_list_key(a, key);
		break;
	case MODE_RESUME:
		resume_key(a, key);
		break;
	case MODE_NORMAL:
		normal_key(a, key);
		break;
	}
}
