/* app: the player's state, its actions and one frame of drawing. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/numfmt.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/fit.h"
#include "tui/panes.h"
#include "tui/theme.h"

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

bool app_hiding(const struct app *a)
{
	return a->q_active;
}

const struct numfmt *app_plan(const struct app *a, int t)
{
	static const struct numfmt none = {0};
	struct plan_cache *c = a->plans;
	const struct net *n = &a->net;
	if (!c || (size_t)t >= c->n)
		return &none;
	if (c->precision != a->precision) {
		memset(c->ok, 0, c->n);
		c->precision = a->precision;
	}
	if (c->iteration != a->cur.trace.iteration) {
		/* The data keeps its plan; everything else changes. */
		for (size_t i = 0; i < c->n; i++)
			if ((int)i != n->input && (int)i != n->target)
				c->ok[i] = 0;
		c->iteration = a->cur.trace.iteration;
	}
	if (!c->ok[t]) {
		const struct tensor *te = &n->tensors[t];
		numfmt_plan(&c->f[t], a->cur.trace.values + te->offset,
		            te->rows * te->cols, a->precision, te->integral);
		c->ok[t] = 1;
	}
	return &c->f[t];
}

static void plans_free(struct app *a)
{
	if (a->plans) {
		free(a->plans->f);
		free(a->plans->ok);
		free(a->plans);
	}
	a->plans = NULL;
}

/* A missing memo only costs speed: app_plan then plans nothing. */
static void plans_new(struct app *a)
{
	plans_free(a);
	struct plan_cache *c = calloc(1, sizeof *c);
	size_t n = a->net.n_tensors;
	if (!c)
		return;
	c->f = calloc(n ? n : 1, sizeof *c->f);
	c->ok = calloc(n ? n : 1, 1);
	if (!c->f || !c->ok) {
		free(c->f);
		free(c->ok);
		free(c);
		return;
	}
	c->n = n;
	c->iteration = -1;
	c->precision = -1;
	a->plans = c;
}

void app_msg(struct app *a, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_role = role;
}

void app_close(struct app *a)
{
	if (!a->loaded)
		return;
	script_free(&a->script);
	plans_free(a);
	fit_close(a);
	cursor_free(&a->cur);
	net_free(&a->net);
	lesson_free(&a->lesson);
	state_free(&a->state);
	a->loaded = false;
	a->q_active = false;
	a->running = false;
	a->mode = MODE_NORMAL;
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
	a->net.lesson = &a->lesson;
	if (cursor_init(&a->cur, &a->net, d)) {
		net_free(&a->net);
		lesson_free(&a->lesson);
		return -1;
	}
	a->loaded = true;
	plans_new(a);
	fit_open(a);
	snprintf(a->path, sizeof a->path, "%s", abs);
	memset(&a->script, 0, sizeof a->script);
	a->script.iteration = -1;
	a->precision = a->lesson.precision >= 0 && a->lesson.precision <= 17
	                       ? a->lesson.precision
	                       : 8;
	a->notice[0] = '\0';
	a->msg[0] = '\0';
	a->mode = MODE_NORMAL;
	state_init(&a->state);
	if (state_path(a->state_file, sizeof a->state_file, a->path))
		a->state_file[0] = '\0';
	if (!fresh && a->state_file[0]) {
		char err[DIAG_MSG_MAX - 64];
		int rc = state_load(&a->state, a->state_file, a->path, err,
		                    sizeof err);
		if (rc < 0)
			snprintf(a->notice, sizeof a->notice,
			         "ignoring the saved place: %s", err);
		else if (rc == 0 && (a->state.iteration > 0 || a->state.step > 0))
			a->mode = MODE_RESUME;
	}
	app_moved(a, true);
	if (a->notice[0])
		app_msg(a, THEME_ERROR, "%s", a->notice);
	return 0;
}

void app_save(struct app *a)
{
	if (!a->loaded || !a->state_file[0])
		return;
	a->state.iteration = a->cur.trace.iteration;
	a->state.step = (long)a->cur.step;
	if (state_save(&a->state, a->state_file, a->path))
		app_msg(a, THEME_ERROR, "could not save your place in %s: %s",
		        a->state_file, strerror(errno));
}

static void fatal(struct app *a)
{
	diags_add(a->diags, a->path, 0, 0, EXIT_SOFTWARE,
	          "out of memory while replaying the network");
	a->status = EXIT_SOFTWARE;
	a->quit = true;
}

/* The last operation worth showing: where a non-finite value stopped
 * training, or the last of the last iteration. */
static size_t last_step(const struct app *a)
{
	const struct trace *t = &a->cur.trace;
	if (a->cur.stopped && t->iteration >= a->cur.last &&
	    t->nonfinite_step >= 0)
		return (size_t)t->nonfinite_step;
	return CURSOR_END;
}

static bool at_end(const struct app *a)
{
	if (a->cur.trace.iteration < a->cur.last)
		return false;
	size_t last = last_step(a);
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

static void end_message(struct app *a)
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
		fatal(a);
		return true;
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
	long q = predict_pending(a);
	if (q >= 0) {
		a->q_active = true;
		a->q_cue = (size_t)q;
		if (a->mode == MODE_NORMAL)
			a->mode = MODE_PREDICT;
		return true;
	}
	if (at_end(a)) {
		end_message(a);
		return true;
	}
	return pause_here(a);
}

/* =====================================================================
 * Fast-forward: long untraced replays
 * ===================================================================== */

/* A replay shorter than this ends before a note could be read; notes and
 * key polls are spaced so they cost the replay next to nothing (the
 * cursor calls back every 1,024 iterations, about every millisecond). */
#define FF_SHOW_MS 150
#define FF_DRAW_MS 100
#define FF_POLL_MS 20

static long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t app_progress_text(char *buf, size_t cap, long done, long total,
                         double rate)
{
	if (!cap)
		return 0;
	double pct = total > 0 ? floor(100.0 * (double)done / (double)total)
	                       : 0;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	char r[32] = "";
	if (rate >= 1e7)
		snprintf(r, sizeof r, " %.0fM it/s", rate / 1e6);
	else if (rate >= 1e6)
		snprintf(r, sizeof r, " %.1fM it/s", rate / 1e6);
	else if (rate >= 1e4)
		snprintf(r, sizeof r, " %.0fk it/s", rate / 1e3);
	else if (rate >= 1e3)
		snprintf(r, sizeof r, " %.1fk it/s", rate / 1e3);
	else if (rate > 0)
		snprintf(r, sizeof r, " %.0f it/s", rate);
	int n = snprintf(buf, cap, "fast-forward %.0f%%%s", pct, r);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Reads the keys typed during a fast-forward: returns whether one asks to
 * cancel it (Esc, q, or ^C where the terminal sends it as a key).  Other
 * keys are dropped: replayed after a long wait they would move the
 * student somewhere unexpected. */
static bool ff_keys(struct app *a)
{
	bool cancel = false;
	wtimeout(stdscr, 0);
	for (int k = 0; k < 64; k++) {
		int ch = wgetch(stdscr);
		if (ch == ERR)
			break;
		if (ch == KEY_RESIZE)
			a->ff.resized = true;
		else if (ch == 27 || ch == 'q' || ch == 3)
			cancel = true;
	}
	return cancel;
}

/* The cursor's progress callback during a move: notes the progress, and
 * cancels on a key or a signal.  Runs in the main loop's stead, never in
 * a signal handler, so it may draw. */
static int progress(void *ctx, long done, long total)
{
	struct app *a = ctx;
	struct fast_forward *f = &a->ff;
	/* Once cancelled the cursor replays back to where it was: that
	 * must run to its end. */
	if (!f->active || f->cancelled)
		return 0;
	f->done = done;
	f->total = total;
	if (tui_caught) {
		/* During a fast-forward Ctrl-C means "stop this", not "quit":
		 * the flag is used up.  SIGTERM and SIGHUP stay set, so the
		 * main loop still quits on them once the cursor is back. */
		if (tui_caught == SIGINT)
			tui_caught = 0;
		f->cancelled = true;
		return 1;
	}
	if (a->plain)
		return 0;
	long now = mono_ms();
	if (now - f->polled_ms >= FF_POLL_MS) {
		f->polled_ms = now;
		if (ff_keys(a)) {
			f->cancelled = true;
			return 1;
		}
	}
	if (now - f->start_ms >= FF_SHOW_MS && now - f->drawn_ms >= FF_DRAW_MS) {
		f->shown = true;
		f->drawn_ms = now;
		f->rate = (double)done * 1000.0 / (double)(now - f->start_ms);
		/* Only the two lines that change; the windows are those of
		 * the last frame (none when the terminal is too small). */
		if (a->win[PANE_STATUS] && a->win[PANE_HINTS]) {
			status_draw(a);
			hints_draw(a);
			doupdate();
		}
	}
	return 0;
}

/* Brackets every cursor move that may replay untraced iterations. */
static void ff_begin(struct app *a, long target)
{
	struct fast_forward *f = &a->ff;
	memset(f, 0, sizeof *f);
	f->active = true;
	f->from = a->cur.trace.iteration;
	f->target = target;
	f->start_ms = f->drawn_ms = f->polled_ms = mono_ms();
	a->cur.progress = progress;
	a->cur.progress_ctx = a;
}

static void ff_end(struct app *a)
{
	struct fast_forward *f = &a->ff;
	a->cur.progress = NULL;
	a->cur.progress_ctx = NULL;
	f->active = false;
	if (f->resized)
		app_drop_windows(a);
	/* A Ctrl-C pressed at a progress note that the replay outran (it
	 * ended before the next callback) was meant to stop it, not to
	 * quit. */
	if (f->shown && !f->cancelled && tui_caught == SIGINT)
		tui_caught = 0;
}

static void ff_cancelled_message(struct app *a)
{
	const struct fast_forward *f = &a->ff;
	double pct = f->total > 0 ? floor(100.0 * (double)f->done /
	                                  (double)f->total)
	                          : 0;
	app_msg(a, THEME_NORMAL,
	        "Fast-forward to iteration %ld cancelled at %.0f%%: still at "
	        "iteration %ld.",
	        f->target, pct, a->cur.trace.iteration);
}

/* Goes to (iteration, step); returns 0 when there, 1 when cancelled. */
static int go(struct app *a, long it, size_t step, bool forward)
{
	ff_begin(a, it);
	int rc = cursor_goto(&a->cur, it, step);
	ff_end(a);
	if (rc < 0) {
		fatal(a);
		return 1;
	}
	if (rc == 1) {
		ff_cancelled_message(a);
		return 1;
	}
	if (a->cur.stopped && it > a->cur.last)
		app_msg(a, THEME_WRONG,
		        "Training stopped at iteration %ld on a non-finite "
		        "value.",
		        a->cur.last);
	app_moved(a, forward);
	return 0;
}

/* The nearest iteration after (dir > 0) or before `from` where some cue
 * may attach, or -1. */
static long cue_iteration(const struct app *a, long from, int dir)
{
	long last = a->lesson.iterations - 1, best = -1;
	for (size_t i = 0; i < a->lesson.n_cues; i++) {
		const struct selector *s = &a->lesson.cues[i].sel;
		long lo = s->every_iteration ? 0
		          : s->iter_from == ITER_LAST ? last : s->iter_from;
		long hi = s->every_iteration ? last
		          : s->iter_to == ITER_LAST ? last : s->iter_to;
		if (hi > a->cur.last)
			hi = a->cur.last;
		long c;
		if (dir > 0)
			c = from + 1 < lo ? lo : from + 1;
		else
			c = from - 1 > hi ? hi : from - 1;
		if (c < lo || c > hi)
			continue;
		if (best < 0 || (dir > 0 ? c < best : c > best))
			best = c;
	}
	return best;
}

static void next_cue(struct app *a, int dir)
{
	a->msg[0] = '\0';
	/* First in this iteration, then in the iterations cues name. */
	const struct script *s = &a->script;
	for (int tries = 0; tries < 64; tries++) {
		long want = -1;
		if (tries == 0) {
			for (size_t i = 0; i < s->n; i++) {
				size_t st = s->at[dir > 0 ? i : s->n - 1 - i].step;
				if (dir > 0 ? st > a->cur.step
				            : st < a->cur.step) {
					want = (long)st;
					break;
				}
			}
		} else {
			for (size_t i = 0; i < s->n; i++) {
				want = (long)s->at[dir > 0 ? i : s->n - 1 - i].step;
				break;
			}
		}
		if (want >= 0) {
			go(a, a->cur.trace.iteration, (size_t)want, dir > 0);
			return;
		}
		long it = cue_iteration(a, a->cur.trace.iteration, dir);
		if (it < 0)
			break;
		if (go(a, it, dir > 0 ? 0 : CURSOR_END, false))
			return;
	}
	app_msg(a, THEME_NORMAL, dir > 0 ? "No more narration ahead."
	                                 : "No narration before this.");
}

static void step_by(struct app *a, int (*fn)(struct cursor *), bool forward)
{
	a->msg[0] = '\0';
	/* A step back across an iteration replays from a checkpoint: up to
	 * thousands of iterations on a long lesson. */
	long it = a->cur.trace.iteration;
	ff_begin(a, forward ? it + 1 : it - 1);
	int rc = fn(&a->cur);
	ff_end(a);
	if (rc < 0) {
		fatal(a);
	} else if (rc == 1 && a->ff.cancelled) {
		ff_cancelled_message(a);
	} else if (rc == 1) {
		if (forward)
			end_message(a);
		else
			app_msg(a, THEME_NORMAL, "This is the first operation.");
	} else {
		app_moved(a, forward);
	}
}

void app_act(struct app *a, enum action act)
{
	if (!a->loaded && act != DO_QUIT)
		return;
	switch (act) {
	case DO_NEXT_OP:
		step_by(a, cursor_next_op, true);
		break;
	case DO_PREV_OP:
		step_by(a, cursor_prev_op, false);
		break;
	case DO_NEXT_PHASE:
		step_by(a, cursor_next_phase, true);
		break;
	case DO_PREV_PHASE:
		step_by(a, cursor_prev_phase, false);
		break;
	case DO_NEXT_ITER:
		step_by(a, cursor_next_iteration, true);
		break;
	case DO_PREV_ITER:
		step_by(a, cursor_prev_iteration, false);
		break;
	case DO_FIRST:
		a->msg[0] = '\0';
		go(a, 0, 0, false);
		break;
	case DO_LAST:
		a->msg[0] = '\0';
		if (go(a, a->cur.last, CURSOR_END, false) == 0) {
			/* Training may have stopped on a non-finite value:
			 * show the operation that made it. */
			if (last_step(a) != CURSOR_END)
				go(a, a->cur.last, last_step(a), true);
			else
				app_moved(a, true);
		}
		break;
	case DO_GOTO:
		a->mode = MODE_GOTO;
		a->input_len = 0;
		a->input[0] = '\0';
		break;
	case DO_RUN:
		a->running = !a->running;
		a->run_due_ms = 0;
		if (a->running && at_end(a)) {
			a->running = false;
			end_message(a);
		} else {
			a->msg[0] = '\0';
		}
		break;
	case DO_FASTER:
	case DO_SLOWER:
		a->speed += act == DO_FASTER ? 1 : -1;
		if (a->speed < 0)
			a->speed = 0;
		if (a->speed >= APP_SPEEDS)
			a->speed = APP_SPEEDS - 1;
		app_msg(a, THEME_NORMAL, "Run speed: %d operations a second.",
		        app_speeds[a->speed]);
		break;
	case DO_NEXT_CUE:
		next_cue(a, 1);
		break;
	case DO_PREV_CUE:
		next_cue(a, -1);
		break;
	case DO_WHY:
		a->mode = MODE_WHY;
		a->overlay_scroll = 0;
		break;
	case DO_TOGGLE_PLOT:
		a->show_plot = !app_plot_shown(a);
		break;
	case DO_TOGGLE_NETWORK:
		a->show_network = !app_network_shown(a);
		break;
	case DO_MORE_DIGITS:
	case DO_FEWER_DIGITS:
		a->precision += act == DO_MORE_DIGITS ? 1 : -1;
		if (a->precision < 0)
			a->precision = 0;
		if (a->precision > 17)
			a->precision = 17;
		app_msg(a, THEME_NORMAL, "Showing %d decimal%s.", a->precision,
		        a->precision == 1 ? "" : "s");
		break;
	case DO_SCROLL_DOWN: {
		int w = a->lay.pane[PANE_LESSON].w - 2;
		int rows = a->lay.pane[PANE_LESSON].h - 1;
		int max = lesson_lines(a, w > 1 ? w : 1) - rows;
		if (a->lesson_scroll < max)
			a->lesson_scroll++;
		break;
	}
	case DO_SCROLL_UP:
		if (a->lesson_scroll > 0)
			a->lesson_scroll--;
		break;
	case DO_OPEN:
		list_scan(a);
		a->mode = MODE_LIST;
		break;
	case DO_HELP:
		a->mode = MODE_HELP;
		a->overlay_scroll = 0;
		break;
	case DO_REDRAW:
		clearok(curscr, TRUE);
		break;
	case DO_QUIT:
		a->quit = true;
		break;
	case DO_COUNT:
		break;
	}
}

static void goto_key(struct app *a, int key)
{
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		a->mode = MODE_NORMAL;
		if (!a->input_len)
			return;
		long it = strtol(a->input, NULL, 10);
		if (it > a->cur.last) {
			app_msg(a, THEME_WRONG,
			        "The last iteration is %ld; going there.",
			        a->cur.last);
			go(a, a->cur.last, 0, false);
			return;
		}
		a->msg[0] = '\0';
		go(a, it, 0, false);
	} else if (key == 27) {
		a->mode = MODE_NORMAL;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (a->input_len)
			a->input[--a->input_len] = '\0';
		else
			a->mode = MODE_NORMAL;
	} else if (key >= '0' && key <= '9' && a->input_len < 12) {
		a->input[a->input_len++] = (char)key;
		a->input[a->input_len] = '\0';
	}
}

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
	int max = a->mode == MODE_WHY ? why_lines(a, a->cols) - 1
	                              : DO_COUNT + 4;
	if (a->overlay_scroll > max)
		a->overlay_scroll = max;
	if (a->overlay_scroll < 0)
		a->overlay_scroll = 0;
}

static void resume_key(struct app *a, int key)
{
	if (key == 'y' || key == 'Y' || key == '\n' || key == '\r' ||
	    key == KEY_ENTER) {
		a->mode = MODE_NORMAL;
		if (go(a, a->state.iteration, (size_t)a->state.step, false) == 0)
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

void app_key(struct app *a, int key)
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
		return;
	case MODE_PREDICT:
		predict_key(a, key);
		return;
	case MODE_HELP:
	case MODE_WHY:
		overlay_key(a, key);
		return;
	case MODE_LIST:
		list_key(a, key);
		return;
	case MODE_RESUME:
		resume_key(a, key);
		return;
	case MODE_NORMAL:
		break;
	}
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
		if (act != DO_RUN && act != DO_FASTER && act != DO_SLOWER &&
		    act != DO_TOGGLE_PLOT && act != DO_TOGGLE_NETWORK &&
		    act != DO_SCROLL_DOWN && act != DO_SCROLL_UP &&
		    act != DO_MORE_DIGITS && act != DO_FEWER_DIGITS &&
		    act != DO_REDRAW)
			a->running = false;
		app_act(a, (enum action)act);
	} else {
		char name[16];
		app_msg(a, THEME_NORMAL, "%s is not a key here; ? shows the keys.",
		        keys_name(key, a->utf8, name, sizeof name));
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
			fatal(a);
			return -1;
		}
		if (rc == 1) {
			a->running = false;
			end_message(a);
			break;
		}
		if (app_moved(a, true)) {
			a->running = false;
			if (!a->q_active && !at_end(a))
				app_msg(a, THEME_KEY,
				        "Paused by the lesson: r runs on, "
				        "%s steps.",
				        a->utf8 ? "→" : "n");
		}
	}
	a->run_due_ms = now_ms + every;
	return a->running ? every : -1;
}

void resume_draw(const struct app *a, WINDOW *w)
{
	draw_box(w, a, "Welcome back");
	int width = getmaxx(w);
	char line[256];
	snprintf(line, sizeof line,
	         "You left \"%s\" at iteration %ld, operation %ld, with %zu of "
	         "%zu questions right.",
	         a->lesson.title, a->state.iteration, a->state.step + 1,
	         state_right(&a->state), a->state.n);
	int y = 1 + draw_wrapped(w, a, 1, 2, 3, width - 4, 0, line,
	                         THEME_NORMAL);
	draw_text(w, a, y + 1, 2, "Resume there? y or Enter: resume, n: start "
	          "over", width - 4, THEME_KEY);
	wnoutrefresh(w);
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

void app_frame(struct app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	bool plot = app_plot_shown(a), net = app_network_shown(a);
	int mw = layout_main_width(a->rows, a->cols, plot, net);
	/* The most rows the matrix pane can have, then the widest choice
	 * of tensors that fits in them. */
	layout_compute(&a->lay, a->rows, a->cols, plot, net, a->rows);
	int maxh = a->lay.pane[PANE_MATRIX].h, need = maxh;
	for (int lv = 0; lv < MATRIX_LEVELS && !a->lay.too_small; lv++) {
		need = matrix_need(a, mw, (enum matrix_level)lv, maxh);
		if (need <= maxh)
			break;
	}
	layout_compute(&a->lay, a->rows, a->cols, plot, net, need);
	/* The predictions follow the iteration, computed only while their
	 * pane shows: the panes only read them. */
	if (plot && !a->lay.too_small)
		fit_sync(a);
	/* stdscr lies under the panes: refreshing it here keeps wgetch
	 * from repainting it over them later. */
	werase(stdscr);
	if (a->lay.too_small) {
		app_drop_windows(a);
		small_draw(a);
		doupdate();
		return;
	}
	wnoutrefresh(stdscr);
	for (int p = 0; p < PANE_COUNT; p++)
		place(a, (enum pane)p);
	status_draw(a);
	matrix_draw(a);
	op_draw(a);
	lesson_draw(a);
	plot_draw(a);
	network_draw(a);
	hints_draw(a);
	if (a->overlay) {
		delwin(a->overlay);
		a->overlay = NULL;
	}
	int oh = a->rows - 4, ow = a->cols - 6 < 100 ? a->cols - 6 : 100;
	if (a->mode == MODE_RESUME)
		oh = 7;
	else if (a->mode == MODE_HELP && oh > DO_COUNT + 10)
		oh = DO_COUNT + 10;
	if (a->mode == MODE_HELP || a->mode == MODE_WHY ||
	    a->mode == MODE_LIST || a->mode == MODE_RESUME) {
		a->overlay = newwin(oh, ow, (a->rows - oh) / 2, (a->cols - ow) / 2);
		if (a->overlay) {
			if (a->mode == MODE_HELP)
				help_draw(a, a->overlay);
			else if (a->mode == MODE_WHY)
				why_draw(a, a->overlay);
			else if (a->mode == MODE_LIST)
				list_draw(a, a->overlay);
			else
				resume_draw(a, a->overlay);
		}
	}
	doupdate();
}
