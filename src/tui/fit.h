/* fit: the player's predictions on a lesson's test data (`test-data`).
 *
 * The engine runs the forward and loss phases of the lesson's test net
 * (net_init_test) with the parameters at the start of the current
 * iteration -- the first net->n_params values of the cursor's trace --
 * and the plot pane draws the target and the prediction from that trace
 * against the input.  The player only maps the input back to the data's
 * units for the axis (lesson_data_units) and picks values to show; it never
 * computes a network value itself.  The app runs it when the cursor moves,
 * never while drawing.
 */
#ifndef NNTRACE_TUI_FIT_H
#define NNTRACE_TUI_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/trace.h"
#include "tui/panes/view.h"

/* Predictions on the lesson's test data: the test net and one forward
 * pass of it, remade when the iteration changes. */
struct fit {
	bool on;               /* the lesson has test data and a test net */
	struct lesson test;    /* net_init_test's shallow copy of the lesson
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

/* Lays out the test net of lesson l, when it has test data, and the
 * data's input range; f->on says whether it did.  A test net that cannot
 * be laid out only leaves the predictions off.  l must keep its address
 * until fit_close (the test net points into it). */
void fit_open(struct fit *f, const struct lesson *l);

/* Frees what fit_open made; before the lesson is freed. */
void fit_close(struct fit *f);

/* Runs the test net again when the iteration of t (the cursor's trace)
 * differs from the one f->trace holds (a memo by iteration): the
 * parameters are the first values of t.  Cheap when it does not. */
void fit_sync(struct fit *f, const struct trace *t);

/* Whether the current predictions can be plotted: one input, one output
 * (of lesson l), a finished forward pass. */
bool fit_plottable(const struct fit *f, const struct lesson *l);

/* What the plot pane shows of f, for lesson l. */
void fit_view(const struct fit *f, const struct lesson *l,
              struct view_fit *out);

#endif
