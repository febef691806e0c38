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

#include "model/engine.h"
#include "model/net.h"
#include "model/trace.h"

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

	/* Loss and accuracy of the iterations reached so far (0 ..
	 * history_len - 1), for plots, in at most CURSOR_HISTORY_MAX points
	 * each so that memory does not grow with the iteration count.
	 * Point p stands for the iterations from p << history_shift on.
	 * With shift 0 every iteration has its own point (every bundled
	 * lesson but the 60,000-iteration one); with shift s > 0, points
	 * 2q and 2q + 1 hold the lowest and highest value of the 2^(s+1)
	 * iterations from q << (s + 1) on, in the order they came, so a
	 * plot still shows the range.  Exact values are in the trace. */
	double *loss_history, *accuracy_history;
	size_t history_points, history_cap;
	int history_shift;
	long history_len;

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

#define CURSOR_HISTORY_MAX 8192 /* even */

/* The number of history points that stand for iterations 0 .. n - 1
 * (n <= history_len), and the point of iteration it. */
size_t cursor_history_points(const struct cursor *c, long n);
size_t cursor_history_point(const struct cursor *c, long it);

static inline long cursor_iteration(const struct cursor *c)
{
	return c->trace.iteration;
}

static inline const struct op *cursor_op(const struct cursor *c)
{
	return &c->trace.ops[c->step];
}

#endif
