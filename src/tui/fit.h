/* fit: the player's predictions on a lesson's test data (`test-data`).
 *
 * model/predictions runs the lesson's test net with the parameters at
 * the start of the current iteration -- the first net->n_params values of
 * the cursor's trace -- as the handout's predictions section does, and
 * the plot pane draws the target and the prediction from that run against
 * the input.  The player only picks values to show; it never computes a
 * network value itself.  The app runs it when the cursor moves, never
 * while drawing.
 */
#ifndef NNTRACE_TUI_FIT_H
#define NNTRACE_TUI_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "model/predictions.h"
#include "model/trace.h"
#include "tui/panes/view.h"

/* Predictions on the lesson's test data (model/predictions), remade
 * when the iteration changes. */
struct fit {
	bool on;               /* the lesson has test data and a test net */
	struct predictions p;  /* the test net and its last forward pass */
	long iteration;        /* whose parameters p ran with; -1: none */
	bool failed;           /* out of memory in the last pass */
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
