/* app: the player's state, what a move changes, and one frame. */
#include "tui/app.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/panes/help_overlay.h"
#include "tui/panes/hint_line.h"
#include "tui/panes/keys.h"
#include "tui/panes/lesson_pane.h"
#include "tui/panes/list_overlay.h"
#include "tui/panes/matrix_pane.h"
#include "tui/panes/network_pane.h"
#include "tui/panes/op_pane.h"
#include "tui/panes/picture_pane.h"
#include "tui/panes/plans.h"
#include "tui/panes/plot_pane.h"
#include "tui/panes/resume_overlay.h"
#include "tui/panes/small_screen.h"
#include "tui/panes/status_line.h"
#include "tui/panes/theme.h"
#include "tui/panes/why_overlay.h"

volatile sig_atomic_t app_signal;

const int app_speeds[APP_SPEEDS] = {1, 2, 5, 10, 30, 100, 1000, 10000,
                                    100000};

bool app_plot_shown(const struct app *a)
{
	return a->show_plot >= 0 ? a->show_plot
	                         : layout_roomy(a->rows, a->cols);
}

bool app_network_shown(const struct app *a)
{
	return a->show_network >= 0 ? a->show_network
	                            : layout_roomy(a->rows, a->cols);
}

bool app_picture_shown(const struct app *a)
{
	if (!a->loaded || !classes_on(&a->classes))
		return false;
	return a->show_picture >= 0 ? a->show_picture
	                            : layout_roomy(a->rows, a->cols);
}

void app_msg(struct app *a, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_role = role;
}

/* =====================================================================
 * A lesson's lifetime
 * ===================================================================== */

void app_close(struct app *a)
{
	if (!a->loaded)
		return;
	script_free(&a->script);
	plans_free(a->plans);
	a->plans = NULL;
	fit_close(&a->fit);
	classes_close(&a->classes);
	cursor_free(&a->cur);
	net_free(&a->net);
	lesson_free(&a->lesson);
	state_free(&a->state);
	a->loaded = false;
	a->q_active = false;
	a->running = false;
	a->mode = MODE_NORMAL;
}

/* Reads the saved place and answers, unless `fresh`: a place past the
 * start is offered (MODE_RESUME), a broken file noted. */
static void load_state(struct app *a, bool fresh)
{
	state_init(&a->state);
	if (state_path(a->state_file, sizeof a->state_file, a->path))
		a->state_file[0] = '\0';
	if (!a->state_file[0])
		return;
	char err[DIAG_MSG_MAX - 64];
	int rc = state_load(&a->state, a->state_file, a->path, err,
	                    sizeof err);
	if (fresh) {
		/* Starting over forgets the answers; the file is still seen,
		 * so a save merges only what another player adds from now on
		 * (tui/state.h). */
		state_free(&a->state);
		return;
	}
	if (rc < 0)
		snprintf(a->notice, sizeof a->notice,
		         "ignoring the saved place: %s", err);
	else if (rc == 0 && (a->state.iteration > 0 || a->state.step > 0))
		a->mode = MODE_RESUME;
}

int app_open(struct app *a, const char *path, bool fresh, struct diags *d)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs)) {
		diags_add(d, path, 0, 0, EXIT_NOINPUT, "%s", strerror(errno));
		return -1;
	}
	/* Load beside the current lesson first, so a broken file leaves the
	 * student where they were. */
	struct lesson l;
	struct net n;
	if (lesson_load(&l, path, d))
		return -1;
	if (net_init(&n, &l, d)) {
		lesson_free(&l);
		return -1;
	}
	app_close(a);
	a->lesson = l;
	a->net = n;
	/* The lesson moved: a mini-batch net keeps its own batch view,
	 * whose arrays are the lesson's still. */
	a->net.data = &a->lesson;
	if (!a->net.batch_view)
		a->net.lesson = &a->lesson;
	if (cursor_init(&a->cur, &a->net, d)) {
		net_free(&a->net);
		lesson_free(&a->lesson);
		return -1;
	}
	a->loaded = true;
	/* A missing memo only costs speed: the panes then plan nothing. */
	a->plans = plans_new(&a->net);
	fit_open(&a->fit, &a->lesson);
	classes_open(&a->classes, &a->lesson);
	snprintf(a->path, sizeof a->path, "%s", abs);
	memset(&a->script, 0, sizeof a->script);
	a->script.iteration = -1;
	a->op_memo = (struct op_memo){.iteration = -1};
	a->precision = a->lesson.precision >= 0 && a->lesson.precision <= 17
	                       ? a->lesson.precision
	                       : 8;
	a->notice[0] = '\0';
	a->msg[0] = '\0';
	a->mode = MODE_NORMAL;
	load_state(a, fresh);
	app_moved(a, true);
	if (a->notice[0])
		app_msg(a, THEME_ERROR, "%s", a->notice);
	return 0;
}

int app_save(struct app *a)
{
	if (!a->loaded || !a->state_file[0])
		return 0;
	/* Quitting at the offer to resume keeps the place offered. */
	if (a->mode != MODE_RESUME) {
		a->state.iteration = a->cur.trace.iteration;
		a->state.step = (long)a->cur.step;
	}
	if (state_save(&a->state, a->state_file, a->path) == 0)
		return 0;
	app_msg(a, THEME_ERROR, "could not save your place in %s: %s",
	        a->state_file, strerror(errno));
	/* Quitting must not look like success (tui.c says why on exit). */
	if (!a->status)
		a->status = EXIT_CANTCREAT;
	return -1;
}

void app_fatal(struct app *a)
{
	diags_add(a->diags, a->path, 0, 0, EXIT_SOFTWARE,
	          "out of memory while replaying the network");
	a->status = EXIT_SOFTWARE;
	a->quit = true;
}

/* =====================================================================
 * After a move
 * ===================================================================== */

size_t app_last_step(const struct app *a)
{
	const struct trace *t = &a->cur.trace;
	if (a->cur.stopped && t->iteration >= a->cur.last &&
	    t->nonfinite_step >= 0)
		return (size_t)t->nonfinite_step;
	return CURSOR_END;
}

bool app_at_end(const struct app *a)
{
	if (a->cur.trace.iteration < a->cur.last)
		return false;
	size_t last = app_last_step(a);
	return last == CURSOR_END ? a->cur.step + 1 >= a->cur.trace.n_ops
	                          : a->cur.step >= last;
}

static bool pause_here(const struct app *a)
{
	const struct cue_at *first;
	size_t n = script_at(&a->script, a->cur.step, &first);
	for (size_t i = 0; i < n; i++)
		if (a->lesson.cues[first[i].cue].kind == CUE_PAUSE)
			return true;
	return false;
}

/* Index of an unanswered question (predict cue) at the current step, or
 * -1. */
static long question_here(const struct app *a)
{
	if (!a->loaded || !a->cur.trace.n_ops ||
	    a->script.iteration != a->cur.trace.iteration)
		return -1;
	const struct cue_at *first;
	size_t n = script_at(&a->script, a->cur.step, &first);
	for (size_t i = 0; i < n; i++) {
		const struct cue *c = &a->lesson.cues[first[i].cue];
		if (c->kind == CUE_PREDICT &&
		    !state_find(&a->state, a->cur.trace.iteration,
		                (uint32_t)first[i].cue))
			return (long)first[i].cue;
	}
	return -1;
}

void app_end_message(struct app *a)
{
	if (a->state.n)
		app_msg(a, THEME_RIGHT,
		        "End of the lesson. Your score: %zu right out of %zu "
		        "question%s.",
		        state_right(&a->state), a->state.n,
		        a->state.n == 1 ? "" : "s");
	else if (a->cur.stopped)
		app_msg(a, THEME_WRONG,
		        "Training stopped at iteration %ld: operation %ld made a "
		        "value infinite or not a number.",
		        a->cur.last, a->cur.trace.nonfinite_step + 1);
	else
		app_msg(a, THEME_NORMAL, "End of the lesson.");
}

bool app_moved(struct app *a, bool forward)
{
	if (!a->loaded)
		return true;
	if (a->script.iteration != a->cur.trace.iteration &&
	    script_attach(&a->script, &a->lesson, &a->cur.trace,
	                  a->lesson.iterations - 1)) {
		app_fatal(a);
		return true;
	}
	/* The predictions follow the iteration: computed here, so that a
	 * frame only reads them.  The plain player has no plot. */
	if (!a->plain) {
		fit_sync(&a->fit, &a->cur.trace);
		classes_sync(&a->classes, &a->lesson, &a->fit, &a->cur);
	}
	a->lesson_scroll = 0;
	a->q_active = false;
	a->q_tries = 0;
	a->input_len = 0;
	a->input[0] = '\0';
	if (a->mode == MODE_PREDICT || a->mode == MODE_GOTO)
		a->mode = MODE_NORMAL;
	if (!forward)
		return false;
	long q = question_here(a);
	if (q >= 0) {
		a->q_active = true;
		a->q_cue = (size_t)q;
		if (a->mode == MODE_NORMAL)
			a->mode = MODE_PREDICT;
		return true;
	}
	if (app_at_end(a)) {
		app_end_message(a);
		return true;
	}
	return pause_here(a);
}

/* =====================================================================
 * Running (animation)
 * ===================================================================== */

void app_toggle_run(struct app *a)
{
	a->running = !a->running;
	a->run_due_ms = 0;
	if (a->running && app_at_end(a)) {
		a->running = false;
		app_end_message(a);
	} else {
		a->msg[0] = '\0';
	}
}

int app_run_tick(struct app *a, long now_ms)
{
	if (!a->running || !a->loaded)
		return -1;
	int rate = app_speeds[a->speed];
	/* Up to 30 frames a second; faster runs take several steps a frame. */
	int every = rate <= 30 ? 1000 / rate : 33;
	long steps = rate <= 30 ? 1 : (long)rate * 33 / 1000;
	if (a->run_due_ms && now_ms < a->run_due_ms)
		return (int)(a->run_due_ms - now_ms);
	for (long i = 0; i < steps && a->running; i++) {
		int rc = cursor_next_op(&a->cur);
		if (rc < 0) {
			app_fatal(a);
			return -1;
		}
		if (rc == 1) {
			a->running = false;
			app_end_message(a);
			break;
		}
		if (app_moved(a, true)) {
			a->running = false;
			if (!a->q_active && !app_at_end(a))
				app_msg(a, THEME_KEY,
				        "Paused by the lesson: r runs on, "
				        "%s steps.",
				        a->utf8 ? "→" : "n");
		}
	}
	a->run_due_ms = now_ms + every;
	return a->running ? every : -1;
}

/* =====================================================================
 * One frame
 * ===================================================================== */

void app_view(struct app *a, struct view *v)
{
	memset(v, 0, sizeof *v);
	v->loaded = a->loaded;
	v->lesson = &a->lesson;
	v->net = &a->net;
	v->cur = &a->cur;
	v->script = &a->script;
	v->plans = a->plans;
	v->utf8 = a->utf8;
	v->color = a->color;
	v->precision = a->precision;
	v->rows = a->rows;
	v->cols = a->cols;
	v->mode = a->mode;
	v->input = a->input;
	v->msg = a->msg;
	v->msg_role = a->msg_role;
	v->reload_error = a->reload_error;
	v->lesson_scroll = a->lesson_scroll;
	v->overlay_scroll = a->overlay_scroll;
	v->run_speed = a->running ? app_speeds[a->speed] : 0;
	v->hiding = a->q_active;
	v->question = a->q_cue;
	v->tries = a->q_tries;
	v->answers = a->state.answers;
	v->n_answers = a->state.n;
	v->saved_iteration = a->state.iteration;
	v->saved_step = a->state.step;
	v->ff = (struct view_progress){a->ff.active && a->ff.shown,
	                               a->ff.target, a->ff.done,
	                               a->ff.total, a->ff.rate};
	fit_view(&a->fit, &a->lesson, &v->fit);
	if (a->loaded)
		classes_view(&a->classes, &a->lesson, &a->cur, a->q_active,
		             &v->classes);
	v->entries = a->entries;
	v->n_entries = a->n_entries;
	v->list_sel = a->list_sel;
	v->list_path = a->list_typing ? a->list_path : NULL;
}

/* Keeps a pane's window matching its rectangle. */
static void place(struct app *a, enum pane p)
{
	struct rect r = a->lay.pane[p];
	struct rect o = a->win_rect[p];
	if (a->win[p] && r.y == o.y && r.x == o.x && r.h == o.h && r.w == o.w)
		return;
	if (a->win[p])
		delwin(a->win[p]);
	a->win[p] = r.h > 0 && r.w > 0 ? newwin(r.h, r.w, r.y, r.x) : NULL;
	a->win_rect[p] = r;
}

void app_drop_windows(struct app *a)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		if (a->win[p])
			delwin(a->win[p]);
		a->win[p] = NULL;
		memset(&a->win_rect[p], 0, sizeof a->win_rect[p]);
	}
	if (a->overlay)
		delwin(a->overlay);
	a->overlay = NULL;
}

/* The rows the operation pane needs, most of those of the current
 * phase's operations (all of them, or a sample of a long phase: each
 * run of operations on one tensor at its ends, and every so many), so
 * that its height holds still while the student steps through a phase;
 * and never fewer than the current operation needs.  A memo, like the
 * number layouts: it changes nothing the student sees but the layout. */
static int op_need(struct app *a, const struct view *v, int width)
{
	const struct trace *t = &a->cur.trace;
	if (!a->loaded || !t->n_ops)
		return 0;
	int phase = cursor_op(&a->cur)->phase;
	struct op_memo *m = &a->op_memo;
	if (m->iteration != t->iteration || m->phase != phase ||
	    m->width != width || m->rows != a->rows ||
	    m->precision != a->precision) {
		size_t s0 = t->phase_start[phase], s1 = t->phase_start[phase + 1];
		size_t every = s1 - s0 > 512 ? (s1 - s0) / 256 : 1;
		int need = 0;
		for (size_t s = s0; s < s1; s++) {
			bool edge = s == s0 || s + 1 == s1 ||
			            t->ops[s].tensor != t->ops[s - 1].tensor ||
			            t->ops[s].tensor != t->ops[s + 1].tensor;
			if (!edge && (s - s0) % every)
				continue;
			int n = op_pane_need(v, s, width);
			need = n > need ? n : need;
		}
		*m = (struct op_memo){t->iteration, phase, width, a->rows,
		                      a->precision, need};
	}
	int now = op_pane_need(v, a->cur.step, width);
	if (now > m->need)
		m->need = now;
	return m->need;
}

/* Tells the student, once, that a side pane toggled on has no room, in
 * words short enough for the hint line of the smallest terminal. */
static void note_dropped(struct app *a, const struct layout_want *w)
{
	static const char *names[PANE_COUNT] = {[PANE_PLOT] = "plot",
	                                        [PANE_NETWORK] = "network",
	                                        [PANE_PICTURE] = "picture"};
	static const char keys[PANE_COUNT] = {[PANE_PLOT] = 'P',
	                                      [PANE_NETWORK] = 'N'};
	for (int p = PANE_PLOT; p <= PANE_PICTURE; p++) {
		bool now = a->lay.dropped[p];
		if (now && !a->side_dropped[p]) {
			int other = p == PANE_PLOT ? PANE_NETWORK : PANE_PLOT;
			if (p != PANE_PICTURE && w->plot && w->network &&
			    a->lay.pane[other].h)
				app_msg(a, THEME_NORMAL,
				        "No room for the %s beside the %s: %c "
				        "hides it.",
				        names[p], names[other], keys[other]);
			else
				app_msg(a, THEME_NORMAL,
				        "No room for the %s: it needs a taller "
				        "terminal.",
				        names[p]);
		}
		a->side_dropped[p] = now;
	}
}

/* Lays the panes out for the terminal's size: the operation pane gets
 * the rows its text needs, the matrix pane the widest choice of tensors
 * that fits in the most rows it can have. */
static void lay_out(struct app *a, struct view *v)
{
	getmaxyx(stdscr, a->rows, a->cols);
	v->rows = a->rows;
	v->cols = a->cols;
	struct layout_want w = {app_plot_shown(a), app_network_shown(a), false,
	                        a->rows, 0, false, 0, 0};
	/* Of two side panes that do not both fit, the one toggled on last
	 * shows. */
	if (w.network && !a->side_was[PANE_NETWORK])
		a->prefer_network = true;
	else if (w.plot && !a->side_was[PANE_PLOT])
		a->prefer_network = false;
	a->side_was[PANE_PLOT] = w.plot;
	a->side_was[PANE_NETWORK] = w.network;
	w.prefer_network = a->prefer_network;
	if (app_picture_shown(a)) {
		w.picture_need = picture_pane_need(v);
		w.picture_min = picture_pane_min(v);
		w.picture = w.picture_need > 0;
	}
	int mw = layout_main_width(a->rows, a->cols, w.plot,
	                           w.network || w.picture);
	w.op_need = op_need(a, v, mw);
	layout_compute(&a->lay, a->rows, a->cols, &w);
	int maxh = a->lay.pane[PANE_MATRIX].h, need = maxh;
	for (int lv = 0; lv < MATRIX_LEVELS && !a->lay.too_small; lv++) {
		need = matrix_pane_need(v, mw, (enum matrix_level)lv, maxh);
		if (need <= maxh)
			break;
	}
	w.matrix_need = need;
	layout_compute(&a->lay, a->rows, a->cols, &w);
	if (!a->lay.too_small)
		note_dropped(a, &w);
}

/* The overlay of the current mode (help, why, the lesson list, the
 * resume offer), centred over the panes. */
static void draw_overlay(struct app *a, const struct view *v)
{
	if (a->overlay) {
		delwin(a->overlay);
		a->overlay = NULL;
	}
	if (a->mode != MODE_HELP && a->mode != MODE_WHY &&
	    a->mode != MODE_LIST && a->mode != MODE_RESUME)
		return;
	int oh = layout_overlay_height(a->rows),
	    ow = layout_overlay_width(a->cols);
	if (a->mode == MODE_RESUME)
		oh = 7;
	else if (a->mode == MODE_HELP && oh > DO_COUNT + 10)
		oh = DO_COUNT + 10;
	a->overlay = newwin(oh, ow, (a->rows - oh) / 2, (a->cols - ow) / 2);
	if (!a->overlay)
		return;
	if (a->mode == MODE_HELP)
		help_overlay_draw(a->overlay, v);
	else if (a->mode == MODE_WHY)
		why_overlay_draw(a->overlay, v);
	else if (a->mode == MODE_LIST)
		list_overlay_draw(a->overlay, v);
	else
		resume_overlay_draw(a->overlay, v);
}

void app_frame(struct app *a)
{
	struct view v;
	app_view(a, &v);
	lay_out(a, &v);
	/* stdscr lies under the panes: refreshing it here keeps wgetch
	 * from repainting it over them later. */
	werase(stdscr);
	if (a->lay.too_small) {
		app_drop_windows(a);
		small_screen_draw(stdscr, &v);
		doupdate();
		return;
	}
	wnoutrefresh(stdscr);
	for (int p = 0; p < PANE_COUNT; p++)
		place(a, (enum pane)p);
	status_line_draw(a->win[PANE_STATUS], &v);
	matrix_pane_draw(a->win[PANE_MATRIX], &v);
	op_pane_draw(a->win[PANE_OP], &v);
	lesson_pane_draw(a->win[PANE_LESSON], &v);
	plot_pane_draw(a->win[PANE_PLOT], &v);
	network_pane_draw(a->win[PANE_NETWORK], &v);
	picture_pane_draw(a->win[PANE_PICTURE], &v);
	hint_line_draw(a->win[PANE_HINTS], &v);
	draw_overlay(a, &v);
	doupdate();
}
