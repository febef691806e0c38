/* view: everything one frame of the player shows, and all the panes read.
 *
 * The app (tui/app.h) fills a view from its state before it draws
 * (app_view); each pane and overlay reads the view and draws into the
 * window it is given.  A pane never changes the app -- it cannot reach
 * it -- and never runs the engine: the predictions below were computed
 * when the cursor moved.  The one thing a pane may fill is the memo of
 * number layouts (plans), which changes nothing the student sees.
 *
 * Pointers point into the app's state: a view is valid until the app
 * next changes, so it is made afresh for every frame. */
#ifndef NNTRACE_TUI_PANES_VIEW_H
#define NNTRACE_TUI_PANES_VIEW_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "model/cursor.h"
#include "model/net.h"
#include "model/script.h"
#include "tui/panes/answers.h"

struct plans;
struct confusion;

/* What the keys do now, and which overlay shows. */
enum mode {
	MODE_NORMAL,
	MODE_GOTO,    /* typing an iteration number on the hint line */
	MODE_PREDICT, /* a question waits for an answer */
	MODE_HELP,    /* the key table overlay */
	MODE_WHY,     /* provenance of the current value */
	MODE_LIST,    /* choosing another lesson */
	MODE_RESUME,  /* offering to resume a saved position */
};

/* One lesson of the lesson list (tui/lesson_list.h fills them). */
struct lesson_entry {
	char path[PATH_MAX];
	char title[160];
	bool bundled;  /* from lessons/ beside the executable */
};

/* A long untraced replay while it runs (tui/move.c): shown on the status
 * and hint lines once it has lasted long enough to be worth a note. */
struct view_progress {
	bool shown;            /* running, and long enough to show */
	long target;           /* the iteration it goes to */
	long done, total;      /* untraced iterations replayed, to replay */
	double rate;           /* iterations a second so far; 0 unknown */
};

/* The predictions on the lesson's test data (tui/fit.h computes them
 * when the cursor's iteration changes). */
struct view_fit {
	bool on;               /* the lesson has test data and a test net */
	bool failed;           /* out of memory in the last pass */
	bool plottable;        /* one input, one output, a finished pass */
	long iteration;        /* whose parameters made them; -1: none yet */
	double loss;           /* the loss on the test data */
	size_t n;              /* test samples */
	const double *x;       /* (n) each sample's input 0, data units */
	const double *target, *prediction; /* (n) when plottable */
	const double *residual;            /* (n) or NULL: no residual */
	const char *x_name, *target_name, *prediction_name, *residual_name;
	double train_lo, train_hi; /* input 0's training range, data units */
	double rules[2];       /* where that range ends inside the test
	                          data's, data units: the plot's rules */
	size_t n_rules;
	size_t worst;          /* the sample missed by the most */
	bool worst_outside;    /* it lies outside the training range */
};

/* The picture pane (tui/classes.h fills it at the cursor): a sample of
 * the batch drawn as a picture, its class and the network's guess, and
 * the confusion matrix on the test data. */
struct view_classes {
	bool on;               /* the lesson has a picture or a matrix */
	bool picture;          /* its inputs are an image */
	size_t rows, cols;     /* of the image */
	const double *pixels;  /* (rows * cols) the sample's inputs, as the
	                          network sees them */
	double lo, hi;         /* the training inputs' range: the shades */
	size_t sample;         /* the sample shown, numbered in the data */
	size_t pos, batch;     /* its row of the batch, of batch rows */
	bool classes;          /* several outputs: a label and a guess */
	size_t label;          /* its class: the target's largest entry */
	bool guessed;          /* every output of its row is computed */
	size_t guess;          /* then the largest output, */
	double prob;           /* and its value */
	bool counts;           /* a classifier with test data */
	bool failed;           /* out of memory counting */
	const struct confusion *matrix; /* NULL: not counted */
	long iteration;        /* the network counted: at the start of this
	                          iteration, */
	bool after;            /* or after its update */
};

struct view {
	/* The lesson and the place in its run (loaded is false before a
	 * lesson is open: the objects are then empty). */
	bool loaded;
	const struct lesson *lesson;
	const struct net *net;
	const struct cursor *cur;
	const struct script *script; /* the cues of the cursor's iteration */
	struct plans *plans;         /* number layouts, filled on first use */

	/* How to draw. */
	bool utf8, color;
	int precision;               /* decimals shown, 0..17 */
	int rows, cols;              /* the terminal's size */

	/* What the student is doing. */
	enum mode mode;
	const char *input;           /* typed on the hint line */
	const char *msg;             /* the hint line's message, or "" */
	int msg_role;                /* its enum theme_role */
	const char *reload_error;    /* the saved lesson's first error, shown
	                                on the status line; NULL or "" */
	int lesson_scroll;           /* first narration line shown */
	int overlay_scroll;          /* first line of the help or why overlay */
	int run_speed;               /* operations a second when running,
	                                0 when not */

	/* Questions and answers. */
	bool hiding;                 /* a question waits here: the current
	                                operation's result is hidden */
	size_t question;             /* the waiting question's cue */
	int tries;                   /* wrong answers to it so far */
	const struct answer *answers; /* (n_answers) every answer given */
	size_t n_answers;
	long saved_iteration;        /* the saved place the resume offer */
	long saved_step;             /* names (step counted from 0) */

	struct view_progress ff;     /* a fast-forward in progress */
	struct view_fit fit;         /* predictions on the test data */
	struct view_classes classes; /* the picture pane */

	/* The lesson list. */
	const struct lesson_entry *entries;
	size_t n_entries, list_sel;  /* list_sel == n_entries: the row for
	                                typing a path */
	const char *list_path;       /* the path being typed, or NULL */
};

#endif
