/* app: all of the player's state in one struct, and the main loop.
 *
 * Panes read it through their *_draw(const struct app *) functions; keys
 * change it through app_key().  Nothing else is global except the signal
 * flag (tui_caught) and, in tui.c, what a crash handler needs to give the
 * terminal back. */
#ifndef NNTRACE_TUI_APP_H
#define NNTRACE_TUI_APP_H

#include <curses.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/cursor.h"
#include "core/diag.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "render/numfmt.h"
#include "model/script.h"
#include "tui/keys.h"
#include "tui/layout.h"
#include "tui/state.h"
#include "tui/tui.h"

enum mode {
	MODE_NORMAL,
	MODE_GOTO,    /* typing an iteration number on the hint line */
	MODE_PREDICT, /* a question waits for an answer */
	MODE_HELP,    /* the key table overlay */
	MODE_WHY,     /* provenance of the current value */
	MODE_LIST,    /* choosing another lesson */
	MODE_RESUME,  /* offering to resume a saved position */
};

/* Layouts of numbers (numfmt plans) per tensor, made on first use: a plan
 * reads every value of a tensor, which is slow for 1,000-sample tensors,
 * and the values only change with the iteration.  A memo: filling it
 * changes nothing the student sees, so the panes may fill it while they
 * only read the rest of the app. */
struct plan_cache {
	long iteration;     /* of the plans of computed tensors */
	int precision;
	size_t n;           /* net->n_tensors */
	struct numfmt *f;
	unsigned char *ok;  /* f[i] is valid */
};

struct lesson_entry {
	char path[PATH_MAX];
	char title[160];
	bool bundled;  /* from lessons/ beside the executable */
};

/* Predictions on the lesson's test data (tui/fit.h): the test net and
 * one forward pass of it, remade when the iteration changes. */
struct fit {
	bool on;               /* the lesson has test data and a test net */
	struct lesson view;    /* net_init_test's shallow copy of the lesson
	                          (its data the test data); never freed as a
	                          lesson, it owns nothing */
	struct net net;
	struct trace trace;    /* the forward and loss phases of `iteration` */
	long iteration;        /* whose parameters trace used; -1: none */
	bool failed;           /* out of memory in the last pass */
	struct step_result res;  /* res.loss: the loss on the test data */
	double *raw_x;         /* (n_test) each test sample's input 0 in
	                          the data's units: the plot's x */
	double train_lo, train_hi; /* input 0's training range, data units */
	double test_lo, test_hi;   /* and its test range */
};

/* A long untraced replay by the cursor (End on a 60,000-iteration lesson,
 * go to iteration N) while it runs.  The cursor's progress callback fills
 * it, polls the keyboard and redraws the status and hint lines from it;
 * it is inactive between moves. */
struct fast_forward {
	bool active;           /* inside a cursor move */
	bool shown;            /* it lasted long enough to show progress */
	bool cancelled;        /* Esc, Ctrl-C or a signal stopped it */
	bool resized;          /* the terminal changed size meanwhile */
	long from, target;     /* iterations: where the student was, going */
	long done, total;      /* untraced iterations replayed, to replay */
	long start_ms, drawn_ms, polled_ms; /* monotonic clock */
	double rate;           /* iterations a second so far */
};

/* Run speeds, operations per second. */
#define APP_SPEEDS 9
extern const int app_speeds[APP_SPEEDS];

struct app {
	const struct tui_options *opt;
	struct diags *diags;       /* fatal errors, for main to print */
	int status;                /* exit status once quit is set */

	/* The lesson and the position in its run. */
	bool loaded;
	bool plain;                /* --plain: no windows, no curses */
	char path[PATH_MAX];       /* absolute: the key of the saved state */
	struct lesson lesson;
	struct net net;
	struct cursor cur;
	struct script script;      /* cues of the current iteration */
	struct state state;        /* answers (score) and saved position */
	struct fit fit;            /* predictions on the test data */
	struct fast_forward ff;    /* a long replay in progress */
	char state_file[PATH_MAX]; /* "" when there is nowhere to save */
	char notice[DIAG_MSG_MAX]; /* shown once: e.g. a corrupt state file */

	/* Display. */
	bool utf8, color;
	int precision;             /* decimals shown, 0..17 */
	int show_plot, show_network; /* 1 on, 0 off, -1 by terminal size */
	int rows, cols;
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	struct rect win_rect[PANE_COUNT];
	WINDOW *overlay;
	struct plan_cache *plans;  /* see struct plan_cache */
	int lesson_scroll;         /* first narration line shown */

	/* Modes. */
	enum mode mode;
	char input[32];            /* what is typed on the hint line */
	size_t input_len;
	int overlay_scroll;
	bool q_active;             /* a question is asked at this step: its
	                              result is hidden */
	size_t q_cue;              /* index into lesson cues */
	int q_tries;               /* wrong answers so far */
	bool running;              /* animating */
	int speed;                 /* index into app_speeds */
	long run_due_ms;           /* monotonic time of the next run step */
	struct lesson_entry *entries;
	size_t n_entries, list_sel;

	/* A one-line message on the hint bar until the next move. */
	char msg[256];
	int msg_role;              /* enum theme_role */

	bool quit;
};

/* The signal that asked the player to stop (SIGINT, SIGTERM, SIGHUP), or
 * 0.  Set only by the handler; the main loop polls it.  The program's one
 * piece of global mutable state. */
extern volatile sig_atomic_t tui_caught;

/* The numfmt plan of tensor t at the display precision, from the memo
 * (which it fills when needed).  Valid until the next move. */
const struct numfmt *app_plan(const struct app *a, int t);

/* Whether the plot / network panes show now. */
bool app_plot_shown(const struct app *a);
bool app_network_shown(const struct app *a);

/* Whether the current operation's result is hidden (a question waits). */
bool app_hiding(const struct app *a);

/* Loads the lesson at `path` (made absolute), its network and cursor, and
 * its saved state (unless fresh).  On failure returns -1 with errors in d
 * and leaves a previously loaded lesson in place. */
int app_open(struct app *a, const char *path, bool fresh, struct diags *d);

/* Frees the lesson and everything hanging off it (windows excepted). */
void app_close(struct app *a);

/* Saves the position and answers; errors are ignored (a message says so
 * when the screen is up). */
void app_save(struct app *a);

/* Called after every cursor move: re-attaches the script when the
 * iteration changed, resets scrolling, and when moving forward asks a
 * pending question.  Returns whether a question or pause stops a run. */
bool app_moved(struct app *a, bool forward);

/* Performs an action of the key table. */
void app_act(struct app *a, enum action act);

/* The status line's text for a fast-forward, e.g. "fast-forward 45%
 * 1.2M it/s": done of total iterations (the percentage rounded down, so
 * 100% only at the end) and the rate, left out when not yet known
 * (rate <= 0).  Returns the length written (cut to cap - 1). */
size_t app_progress_text(char *buf, size_t cap, long done, long total,
                         double rate);

/* Handles one key in the current mode. */
void app_key(struct app *a, int key);

/* Sets the hint-bar message. */
void app_msg(struct app *a, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Deletes the pane windows (after a resize, or before endwin). */
void app_drop_windows(struct app *a);

/* Redraws every pane from state: one wnoutrefresh each, one doupdate. */
void app_frame(struct app *a);

/* One step of a run, when it is due; returns the milliseconds until the
 * next one (or -1 when not running). */
int app_run_tick(struct app *a, long now_ms);

/* The plain player (plain.c): one operation per line on stdout, commands
 * from stdin.  Returns the exit status. */
int plain_run(struct app *a, FILE *in, FILE *out);

/* The lesson list (lesson_list.c): scans bundled lessons and *.lesson in
 * the current folder into a->entries.  Returns the number found. */
size_t list_scan(struct app *a);
void list_key(struct app *a, int key);

/* Questions (predict.c). */
/* Index of an unanswered predict cue at the current step, or -1. */
long predict_pending(const struct app *a);
/* Parses an answer like "-0.5463", "1e-3", ".5"; returns 0 or -1. */
int predict_parse(const char *s, double *out);
/* Handles a key while a question waits. */
void predict_key(struct app *a, int key);

#endif
