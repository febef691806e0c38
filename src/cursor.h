/* cursor: a position (iteration, operation) in a lesson's training run.
 *
 * Views move the cursor; it keeps the current iteration fully traced and
 * reaches any other iteration by restoring the nearest checkpoint of the
 * parameters and running forward untraced, so memory does not grow with
 * the iteration count and stepping backwards is exact.
 */
#ifndef NNTRACE_CURSOR_H
#define NNTRACE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "net.h"
#include "trace.h"

/* Called during long untraced runs; return non-zero to cancel. */
typedef int (*cursor_progress_fn)(void *ctx, long done, long total);

struct cursor {
	const struct net *net;
	struct engine engine;  /* parameters after the current iteration */
	struct trace trace;    /* the current iteration, traced */
	size_t step;           /* the current operation in trace */
	long last;             /* last iteration that can be shown: the
	                          lesson's last, or the one where a non-finite
	                          value stopped training */
	bool stopped;          /* training stopped on a non-finite value */

	long checkpoint_every; /* iterations between saved parameters */
	double *checkpoints;   /* (n_checkpoints, net->n_params) */
	size_t n_checkpoints;  /* checkpoints[k] is at k * checkpoint_every */

	/* Loss and accuracy of every iteration reached so far, for plots:
	 * history[i] for i < history_len. */
	double *loss_history, *accuracy_history;
	long history_len, history_cap;

	cursor_progress_fn progress;
	void *progress_ctx;
};

/* Starts at iteration 0 on its first operation (step 0, which counts as
 * computed: trace_known(&c->trace, 0, ...) is true for its target).
 * Returns 0, or -1 with an error in d. */
int cursor_init(struct cursor *c, const struct net *n, struct diags *d);
void cursor_free(struct cursor *c);

/* Goes to operation `step` of `iteration` (clamped to what exists; use
 * CURSOR_END for the last operation).  Returns 0; -1 when out of memory;
 * 1 when cancelled through the progress callback (the cursor then stays
 * where it was). */
#define CURSOR_END ((size_t)-1)
int cursor_goto(struct cursor *c, long iteration, size_t step);

/* Single moves; each returns 0 when it moved, 1 at an end (no move), -1
 * on error.  They cross iteration boundaries. */
int cursor_next_op(struct cursor *c);
int cursor_prev_op(struct cursor *c);
int cursor_next_phase(struct cursor *c);
int cursor_prev_phase(struct cursor *c);
int cursor_next_iteration(struct cursor *c); /* same step kept */
int cursor_prev_iteration(struct cursor *c);

static inline long cursor_iteration(const struct cursor *c)
{
	return c->trace.iteration;
}

static inline const struct op *cursor_op(const struct cursor *c)
{
	return &c->trace.ops[c->step];
}

#endif
