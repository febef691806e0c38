/* bench: the player on a virtual screen, keys timed one by one. */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/action.h"
#include "tui/app.h"
#include "player.h"
#include "tui/panes/theme.h"
#include "tui/tui.h"

struct tui_bench {
	struct app a;
	struct tui_options o;
	SCREEN *scr;
	FILE *in, *out; /* /dev/null both ways */
};

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu_s(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

struct tui_bench *tui_bench_open(const char *lesson, int rows, int cols,
                                 struct diags *d)
{
	struct tui_bench *b = calloc(1, sizeof *b);
	if (!b) {
		diags_add(d, lesson, 0, 0, EXIT_SOFTWARE, "out of memory");
		return NULL;
	}
	b->o = (struct tui_options){lesson, ".", false, true, false};
	b->a.exe_dir = b->o.exe_dir;
	b->a.diags = d;
	b->a.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	b->a.show_plot = b->a.show_network = -1;
	b->a.speed = 3;
	/* No saved place is read, and none is written: app_save is never
	 * called and the state file name is cleared. */
	if (app_open(&b->a, lesson, true, d)) {
		free(b);
		return NULL;
	}
	b->a.state_file[0] = '\0';
	b->in = fopen("/dev/null", "r");
	b->out = fopen("/dev/null", "w");
	if (b->in && b->out)
		b->scr = newterm("xterm-256color", b->out, b->in);
	if (!b->scr) {
		diags_add(d, lesson, 0, 0, EXIT_UNAVAILABLE,
		          "no virtual screen (is the xterm-256color terminfo "
		          "entry installed?)");
		tui_bench_close(b);
		return NULL;
	}
	set_term(b->scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	resize_term(rows, cols);
	b->a.color = theme_start(true);
	app_frame(&b->a);
	return b;
}

static void skip_question(struct tui_bench *b)
{
	for (int i = 0; i < 4 && b->a.mode != MODE_NORMAL; i++) {
		action_key(&b->a, 27);
		app_frame(&b->a);
	}
}

double tui_bench_key(struct tui_bench *b, int key, double *cpu)
{
	double c0 = cpu_s(), t0 = now_s();
	action_key(&b->a, key);
	app_frame(&b->a);
	double t = now_s() - t0;
	if (cpu)
		*cpu = cpu_s() - c0;
	skip_question(b);
	return t;
}

int tui_bench_goto(struct tui_bench *b, long iteration, long step)
{
	if (cursor_goto(&b->a.cur, iteration,
	                step < 0 ? CURSOR_END : (size_t)step) < 0)
		return -1;
	app_moved(&b->a, false);
	app_frame(&b->a);
	skip_question(b);
	return 0;
}

double tui_bench_resize(struct tui_bench *b, int rows, int cols,
                        double *cpu)
{
	double c0 = cpu_s(), t0 = now_s();
	/* What the main loop does on KEY_RESIZE, curses having resized. */
	resize_term(rows, cols);
	app_drop_windows(&b->a);
	app_frame(&b->a);
	double t = now_s() - t0;
	if (cpu)
		*cpu = cpu_s() - c0;
	return t;
}

long tui_bench_iteration(const struct tui_bench *b)
{
	return b->a.cur.trace.iteration;
}

long tui_bench_step(const struct tui_bench *b)
{
	return (long)b->a.cur.step;
}

void tui_bench_close(struct tui_bench *b)
{
	if (!b)
		return;
	if (b->scr) {
		app_drop_windows(&b->a);
		endwin();
		delscreen(b->scr);
	}
	if (b->in)
		fclose(b->in);
	if (b->out)
		fclose(b->out);
	free(b->a.entries);
	app_close(&b->a);
	free(b);
}
