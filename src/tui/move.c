#include "tui/move.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/panes/hint_line.h"
#include "tui/panes/status_line.h"
#include "tui/panes/theme.h"

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
	if (app_signal) {
		/* During a fast-forward Ctrl-C means "stop this", not "quit":
		 * the flag is used up.  SIGTERM and SIGHUP stay set, so the
		 * main loop still quits on them once the cursor is back. */
		if (app_signal == SIGINT)
			app_signal = 0;
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
			struct view v;
			app_view(a, &v);
			status_line_draw(a->win[PANE_STATUS], &v);
			hint_line_draw(a->win[PANE_HINTS], &v);
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
	if (f->shown && !f->cancelled && app_signal == SIGINT)
		app_signal = 0;
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

int move_to(struct app *a, long it, size_t step, bool forward)
{
	ff_begin(a, it);
	int rc = cursor_goto(&a->cur, it, step);
	ff_end(a);
	if (rc < 0) {
		app_fatal(a);
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

void move_cue(struct app *a, int dir)
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
			move_to(a, a->cur.trace.iteration, (size_t)want, dir > 0);
			return;
		}
		long it = cue_iteration(a, a->cur.trace.iteration, dir);
		if (it < 0)
			break;
		if (move_to(a, it, dir > 0 ? 0 : CURSOR_END, false))
			return;
	}
	app_msg(a, THEME_NORMAL, dir > 0 ? "No more narration ahead."
	                                 : "No narration before this.");
}

void move_step(struct app *a, int (*fn)(struct cursor *), bool forward)
{
	a->msg[0] = '\0';
	/* A step back across an iteration replays from a checkpoint: up to
	 * thousands of iterations on a long lesson. */
	long it = a->cur.trace.iteration;
	ff_begin(a, forward ? it + 1 : it - 1);
	int rc = fn(&a->cur);
	ff_end(a);
	if (rc < 0) {
		app_fatal(a);
	} else if (rc == 1 && a->ff.cancelled) {
		ff_cancelled_message(a);
	} else if (rc == 1) {
		if (forward)
			app_end_message(a);
		else
			app_msg(a, THEME_NORMAL, "This is the first operation.");
	} else {
		app_moved(a, forward);
	}
}

void move_last(struct app *a)
{
	a->msg[0] = '\0';
	if (move_to(a, a->cur.last, CURSOR_END, false) == 0) {
		/* Training may have stopped on a non-finite value: show the
		 * operation that made it. */
		if (app_last_step(a) != CURSOR_END)
			move_to(a, a->cur.last, app_last_step(a), true);
		else
			app_moved(a, true);
	}
}

/* Whether s (no blanks around) is an iteration number: digits only. */
static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int move_goto(struct app *a, const char *text)
{
	char word[40];
	while (isspace((unsigned char)*text))
		text++;
	snprintf(word, sizeof word, "%s", text);
	for (size_t n = strlen(word); n && isspace((unsigned char)word[n - 1]);)
		word[--n] = '\0';
	a->msg[0] = '\0';
	if (!word[0]) {
		app_msg(a, THEME_NORMAL, "No iteration typed: still at "
		        "iteration %ld, operation %zu.", a->cur.trace.iteration,
		        a->cur.step + 1);
		return -1;
	}
	if (strcmp(word, "end") == 0) {
		move_last(a);
	} else if (strcmp(word, "last") == 0) {
		move_to(a, a->cur.last, 0, false);
	} else if (!all_digits(word)) {
		app_msg(a, THEME_WRONG, "'%s' is no iteration: type 0 to %ld, "
		        "last or end.", word, a->cur.last);
		return -1;
	} else {
		/* More digits than a long holds is past the last anyway. */
		errno = 0;
		long it = strtol(word, NULL, 10);
		if (errno || it > a->cur.last) {
			app_msg(a, THEME_WRONG, "The last iteration is %ld; "
			        "going there.", a->cur.last);
			move_to(a, a->cur.last, 0, false);
		} else {
			move_to(a, it, 0, false);
		}
	}
	return 0;
}
