/* app: all of the player's state in one struct, what happens when the
 * cursor moves, and one frame of drawing.
 *
 * Keys change the app through tui/action.h, moves go through
 * tui/move.h; a frame fills a view (tui/panes/view.h) from the app and
 * hands it to the panes, which only read it.  Nothing else is global
 * except the signal flag (app_signal) and, in tui.c, what a crash handler
 * needs to give the terminal back. */
#ifndef NNTRACE_TUI_APP_H
#define NNTRACE_TUI_APP_H

#include <curses.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "lesson/lesson.h"
#include "model/cursor.h"
#include "model/net.h"
#include "model/script.h"
#include "tui/classes.h"
#include "tui/fit.h"
#include "tui/panes/layout.h"
#include "tui/panes/view.h"
#include "tui/state.h"

/* A long untraced replay by the cursor (End on a 60,000-iteration lesson,
 * go to iteration N) while it runs.  The cursor's progress callback
 * (tui/move.c) fills it, polls the keyboard and redraws the status and
 * hint lines from it; it is inactive between moves. */
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
	const char *exe_dir;       /* where bundled lessons are looked for
	                              (the lesson list); NULL: "." */
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
	struct classes classes;    /* the picture pane's sample and matrix */
	struct fast_forward ff;    /* a long replay in progress */
	char state_file[PATH_MAX]; /* "" when there is nowhere to save */
	char notice[DIAG_MSG_MAX]; /* shown once: e.g. a corrupt state file */
	char reload_error[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	                           /* the saved file's first error, shown
	                              until a save fixes it (tui/reload.h);
	                              "" when none */

	/* Display. */
	bool utf8, color;
	int precision;             /* decimals shown, 0..17 */
	int show_plot, show_network; /* 1 on, 0 off, -1 by terminal size */
	int show_picture;          /* the same, for a lesson with one */
	int rows, cols;
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	struct rect win_rect[PANE_COUNT];
	WINDOW *overlay;
	struct plans *plans;       /* number layouts (tui/panes/plans.h) */
	struct op_memo {           /* rows the operation pane needs in a */
		long iteration;    /* phase (app.c's op_need) */
		int phase, width, rows, precision;
		int need;
	} op_memo;
	bool side_was[PANE_COUNT]; /* the side panes on in the last frame */
	bool prefer_network;       /* toggled on after the plot */
	bool side_dropped[PANE_COUNT]; /* on, but without room, last frame */
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
	size_t n_entries, list_sel;  /* list_sel == n_entries: the row for
	                                typing a path */
	bool list_typing;          /* typing a lesson's path in the list */
	char list_path[PATH_MAX];
	size_t list_path_len;

	/* A one-line message on the hint bar until the next move. */
	char msg[256];
	int msg_role;              /* enum theme_role */

	bool quit;
};

/* The signal that asked the player to stop (any of core/termsig.h), or
 * 0.  Set only by tui.c's handler; the main loop, the plain player and a
 * fast-forward poll it.  The program's one piece of global mutable
 * state. */
extern volatile sig_atomic_t app_signal;

/* Whether the plot / network / picture panes show now (the picture
 * pane only for a lesson with a picture or a confusion matrix). */
bool app_plot_shown(const struct app *a);
bool app_network_shown(const struct app *a);
bool app_picture_shown(const struct app *a);

/* Loads the lesson at `path` (made absolute), its network and cursor, and
 * its saved state (unless fresh).  On failure returns -1 with errors in d
 * and leaves a previously loaded lesson in place. */
int app_open(struct app *a, const char *path, bool fresh, struct diags *d);

/* Frees the lesson and everything hanging off it (windows excepted). */
void app_close(struct app *a);

/* Saves the position and answers.  Returns 0, or -1 with the reason in
 * a->msg and a->status set to EXIT_CANTCREAT (unless it held another
 * status): the player says so when it quits. */
int app_save(struct app *a);

/* Gives up on an out-of-memory error while replaying: quits with
 * EXIT_SOFTWARE and a message for main. */
void app_fatal(struct app *a);

/* Called after every cursor move: re-attaches the script and runs the
 * test net when the iteration changed, resets scrolling, and when moving
 * forward asks a pending question.  Returns whether a question or pause
 * stops a run. */
bool app_moved(struct app *a, bool forward);

/* The last operation worth showing: where a non-finite value stopped
 * training (in the last iteration), or CURSOR_END. */
size_t app_last_step(const struct app *a);

/* Whether the cursor is on that operation of the last iteration. */
bool app_at_end(const struct app *a);

/* The message at the end: the score, or where training stopped. */
void app_end_message(struct app *a);

/* Starts or stops the animation (not past the end). */
void app_toggle_run(struct app *a);

/* One step of a run, when it is due; returns the milliseconds until the
 * next one (or -1 when not running). */
int app_run_tick(struct app *a, long now_ms);

/* Sets the hint-bar message. */
void app_msg(struct app *a, int role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fills v with what a frame shows of a; valid until a changes. */
void app_view(struct app *a, struct view *v);

/* Deletes the pane windows (after a resize, or before endwin). */
void app_drop_windows(struct app *a);

/* Lays the panes out for the terminal's size and redraws every one from
 * state: one wnoutrefresh each, one doupdate.  Only reads the lesson and
 * the run (it places windows, fills the memos of number layouts and of
 * the operation pane's rows, and says on the hint line when a side pane
 * toggled on has no room). */
void app_frame(struct app *a);

#endif
