/* tui: the terminal set-up around the player's main loop -- refusing
 * terminals it cannot drive, signals, resize, and restoring the terminal
 * whatever happens. */
#include "tui/tui.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "core/termsig.h"
#include "tui/action.h"
#include "tui/app.h"
#include "tui/panes/theme.h"
#include "tui/plain.h"
#include "tui/reload.h"
#include "tui/watch.h"

/* What a crash (SIGABRT, SIGSEGV...) needs to give the terminal back: the
 * modes from before curses and the escapes that leave its screen.  Set
 * once before the first frame and only read by the handler, which can
 * call nothing but write() and tcsetattr(); the one other piece of global
 * state, because a crash cannot go through the main loop. */
static struct {
	struct termios modes;
	char reset[256];
	size_t reset_len;
	volatile sig_atomic_t armed;
} rescue;

/* Gives the terminal back from a signal handler. */
static void rescue_terminal(void)
{
	if (rescue.armed) {
		ssize_t n = write(STDOUT_FILENO, rescue.reset, rescue.reset_len);
		(void)n;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &rescue.modes);
	}
}

static void on_crash(int sig)
{
	rescue_terminal();
	/* SA_RESETHAND restored the default action: die of the signal. */
	raise(sig);
}

/* A signal asks the main loop to quit: it restores the terminal, saves
 * the place and exits with 128 + the signal.  Should the loop not come
 * round (stuck in a system call that a signal restarts), another signal
 * two seconds or more after the first gives the terminal back from here
 * and exits at once, unsaved: the student is never left with a raw
 * terminal and no way out but kill -9. */
static volatile sig_atomic_t first_signal_s;

static void on_signal(int sig)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now); /* async-signal-safe */
	if (!app_signal) {
		app_signal = sig;
		first_signal_s = (sig_atomic_t)now.tv_sec;
		return;
	}
	if (now.tv_sec - first_signal_s >= 2) {
		rescue_terminal();
		_exit(128 + sig);
	}
}

static void add_cap(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (rescue.reset_len + n < sizeof rescue.reset) {
		memcpy(rescue.reset + rescue.reset_len, s, n);
		rescue.reset_len += n;
	}
}

/* The signals of a crash: nothing but the terminal can be trusted. */
static const int crash_sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                 SIGSYS, SIGTRAP};
#define N_CRASH_SIGS (sizeof crash_sigs / sizeof *crash_sigs)

static void arm_rescue(const struct termios *modes)
{
	rescue.modes = *modes;
	rescue.reset_len = 0;
	/* Plain colours and attributes, the cursor back, the keypad's
	 * normal mode, out of the alternate screen. */
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_CRASH_SIGS; i++)
		sigaction(crash_sigs[i], &sa, NULL);
	rescue.armed = 1;
}

static void disarm_rescue(void)
{
	rescue.armed = 0;
	for (size_t i = 0; i < N_CRASH_SIGS; i++)
		signal(crash_sigs[i], SIG_DFL);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The handlers of every terminating signal (core/termsig.h), and the
 * ones they replaced. */
struct caught {
	int sigs[TERMSIG_MAX];
	struct sigaction old[TERMSIG_MAX];
	size_t n;
};

/* Our handlers replace the ones newterm installed: they only set the
 * flag.  In curses, SA_RESTART keeps a signal from cutting a screen
 * update short; the main loop waits for keys at most 200 ms at a time,
 * so it sees the flag soon anyway.  The plain player waits in fgets,
 * which a signal must interrupt (`restart` false). */
static void catch_signals(struct caught *c, bool restart)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	int sigs[TERMSIG_MAX];
	size_t n = termsig_list(sigs, TERMSIG_MAX);
	/* Only the signals actually caught are given back later: a runtime
	 * (valgrind, a debugger) may keep some real-time signal to itself. */
	c->n = 0;
	for (size_t i = 0; i < n; i++)
		if (sigaction(sigs[i], &sa, &c->old[c->n]) == 0)
			c->sigs[c->n++] = sigs[i];
}

static void restore_signals(const struct caught *c)
{
	for (size_t i = 0; i < c->n; i++)
		sigaction(c->sigs[i], &c->old[i], NULL);
}

static bool no_color_env(void)
{
	const char *v = getenv("NO_COLOR");
	return v && *v;
}

static int refuse(struct diags *d, const char *why, const char *lesson)
{
	diags_add(d, "", 0, 0, EXIT_UNAVAILABLE,
	          "%s; the player needs a terminal. Try 'nntrace dump %s' for "
	          "a text handout, or 'nntrace play --plain %s' to step "
	          "through in plain text",
	          why, lesson, lesson);
	return EXIT_UNAVAILABLE;
}

/* Follows the lesson on screen (the list may open another) and reloads
 * it when its file was saved.  Not while a fast-forward or a question's
 * typing is under way: the reload waits for the next turn of the loop. */
static void follow(struct app *a, struct watch *w)
{
	if (!a->loaded)
		return;
	if (strcmp(w->path, a->path) != 0) {
		watch_start(w, a->path);
		a->reload_error[0] = '\0';
		return;
	}
	if (watch_changed(w, now_ms()))
		reload_lesson(a);
}

static int turns(struct app *a, struct watch *w)
{
	while (!a->quit) {
		if (app_signal)
			return 128 + (int)app_signal;
		follow(a, w);
		app_frame(a);
		int wait = app_run_tick(a, now_ms());
		if (a->running)
			app_frame(a);
		/* Polling bounds how long a signal waits to be seen. */
		wtimeout(stdscr, wait >= 0 && wait < 200 ? wait : 200);
		int ch = wgetch(stdscr);
		if (app_signal)
			return 128 + (int)app_signal;
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE) {
			app_drop_windows(a);
			continue;
		}
		action_key(a, ch);
	}
	return a->status;
}

static int loop(struct app *a)
{
	struct watch w = {.fd = -1};
	int status = turns(a, &w);
	watch_stop(&w);
	return status;
}

int tui_run(const struct tui_options *o, struct diags *d)
{
	setlocale(LC_ALL, "");
	struct app a;
	memset(&a, 0, sizeof a);
	a.exe_dir = o->exe_dir;
	a.diags = d;
	a.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	a.show_plot = a.show_network = -1;
	a.speed = 3;
	a.plain = o->plain;
	const char *name = o->lesson;

	if (!o->plain) {
		if (!isatty(STDOUT_FILENO))
			return refuse(d, "standard output is not a terminal",
			              name);
		if (!isatty(STDIN_FILENO))
			return refuse(d, "standard input is not a terminal",
			              name);
		const char *term = getenv("TERM");
		if (!term || !*term)
			return refuse(d, "TERM is not set", name);
		if (strcmp(term, "dumb") == 0)
			return refuse(d, "TERM is 'dumb' (no cursor movement)",
			              name);
	}
	if (app_open(&a, o->lesson, o->fresh, d))
		return diags_code(d) ? diags_code(d) : EXIT_SOFTWARE;
	struct caught caught;
	if (o->plain) {
		catch_signals(&caught, false);
		int rc = plain_run(&a, stdin, stdout);
		restore_signals(&caught);
		app_signal = 0;
		app_close(&a);
		return rc;
	}

	struct termios modes;
	bool have_modes = tcgetattr(STDIN_FILENO, &modes) == 0;
	/* newterm, unlike initscr, returns NULL for a terminal type it does
	 * not know instead of exiting. */
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		char why[128];
		snprintf(why, sizeof why, "the terminal type '%s' is unknown",
		         getenv("TERM"));
		app_close(&a);
		return refuse(d, why, name);
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	a.color = theme_start(!o->no_color && !no_color_env());
	catch_signals(&caught, true);
	if (have_modes)
		arm_rescue(&modes);

	int status = loop(&a);

	/* A place that could not be saved is said (main prints d) once
	 * the terminal is back, where it can be read. */
	if (app_save(&a) != 0) {
		diags_add(d, "", 0, 0, EXIT_CANTCREAT, "%s", a.msg);
		if (!status)
			status = EXIT_CANTCREAT;
	}
	app_drop_windows(&a);
	endwin();
	disarm_rescue();
	delscreen(scr);
	restore_signals(&caught);
	app_signal = 0;
	free(a.entries);
	app_close(&a);
	return status;
}
