#include "model/cursor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parameters are saved every checkpoint_every iterations, so reaching any
 * iteration replays at most that many untraced iterations.  The interval
 * is the smallest power of two that keeps memory bounded whatever the
 * iteration count: at most CHECKPOINTS_MAX sets of parameters and
 * CHECKPOINT_BYTES in all.  A short run of a big network (mlp-circles:
 * 150 iterations of 40,000 operations) so keeps every iteration, and a
 * step back across an iteration boundary replays none. */
#define CHECKPOINTS_MAX 1024
#define CHECKPOINT_BYTES (4L << 20)

static int save_checkpoint(struct cursor *c)
{
	/* The engine's params are those at the start of e->iteration. */
	long it = c->engine.iteration;
	if (it % c->checkpoint_every != 0)
		return 0;
	size_t k = (size_t)(it / c->checkpoint_every);
	if (k < c->n_checkpoints)
		return 0;
	if (k != c->n_checkpoints) /* only ever appended in order */
		return 0;
	size_t np = c->net->n_params;
	double *p = realloc(c->checkpoints, (k + 1) * np * sizeof *p);
	if (!p && np)
		return -1;
	c->checkpoints = p;
	memcpy(c->checkpoints + k * np, c->engine.params, np * sizeof *p);
	c->n_checkpoints = k + 1;
	return 0;
}

/* Halves the points: every 4 become the lowest and highest of them, in
 * the order they came (non-finite values only when nothing else is
 * there; plots skip them). */
static void history_merge(double *v, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i += 4) {
		size_t end = i + 4 < n ? i + 4 : n, lo = i, hi = i;
		for (size_t j = i; j < end; j++) {
			if (isfinite(v[j]) && (!isfinite(v[lo]) || v[j] < v[lo]))
				lo = j;
			if (isfinite(v[j]) && (!isfinite(v[hi]) || v[j] > v[hi]))
				hi = j;
		}
		double a = v[lo < hi ? lo : hi], b = v[lo < hi ? hi : lo];
		v[out++] = a;
		v[out++] = b;
	}
}

/* Adds iteration `it`'s value to a merged pair (a, b) = (v[0], v[1]). */
static void history_fold(double *v, double x)
{
	if (!isfinite(x))
		return;
	double lo = fmin(v[0], v[1]), hi = fmax(v[0], v[1]);
	if (!isfinite(v[0]) || !isfinite(v[1])) {
		v[0] = isfinite(v[0]) ? v[0] : isfinite(v[1]) ? v[1] : x;
		v[1] = x;
	} else if (x < lo) {
		v[0] = hi;
		v[1] = x;
	} else if (x > hi) {
		v[0] = lo;
		v[1] = x;
	}
}

static int record_history(struct cursor *c, long it,
                          const struct step_result *r)
{
	/* Iterations are reached in order from 0, so only the next one is
	 * new. */
	if (it != c->history_len)
		return 0;
	int s = c->history_shift;
	bool pair_start = s == 0 || (it & ((2L << s) - 1)) == 0;
	if (pair_start && c->history_points + (s ? 2 : 1) > CURSOR_HISTORY_MAX) {
		history_merge(c->loss_history, c->history_points);
		history_merge(c->accuracy_history, c->history_points);
		/* 4 points to 2, rounded up to whole pairs */
		c->history_points = (c->history_points + 3) / 4 * 2;
		c->history_shift = ++s;
		pair_start = (it & ((2L << s) - 1)) == 0;
	}
	if (pair_start && c->history_points + 2 > c->history_cap) {
		size_t cap = c->history_cap ? c->history_cap * 2 : 1024;
		if (cap > CURSOR_HISTORY_MAX)
			cap = CURSOR_HISTORY_MAX;
		double *l = realloc(c->loss_history, cap * sizeof *l);
		if (!l)
			return -1;
		c->loss_history = l;
		double *a = realloc(c->accuracy_history, cap * sizeof *a);
		if (!a)
			return -1;
		c->accuracy_history = a;
		c->history_cap = cap;
	}
	size_t p = c->history_points;
	if (s == 0) {
		c->loss_history[p] = r->loss;
		c->accuracy_history[p] = r->accuracy;
		c->history_points = p + 1;
	} else if (pair_start) {
		c->loss_history[p] = c->loss_history[p + 1] = r->loss;
		c->accuracy_history[p] = c->accuracy_history[p + 1] = r->accuracy;
		c->history_points = p + 2;
	} else {
		history_fold(c->loss_history + p - 2, r->loss);
		history_fold(c->accuracy_history + p - 2, r->accuracy);
	}
	c->history_len = it + 1;
	return 0;
}

size_t cursor_history_points(const struct cursor *c, long n)
{
	if (n <= 0)
		return 0;
	if (c->history_shift == 0)
		return (size_t)n;
	/* whole pairs: a pair begun by iteration n - 1 counts */
	size_t pts = (size_t)(((n - 1) >> (c->history_shift + 1)) + 1) * 2;
	return pts < c->history_points ? pts : c->history_points;
}

size_t cursor_history_point(const struct cursor *c, long it)
{
	return it < 0 ? 0 : (size_t)(it >> c->history_shift);
}

/* One step of the engine from where it is, traced or not, keeping the
 * checkpoints and the history.  Returns 0, 1 when training stopped on a
 * non-finite value (the engine does not advance), -1 on error. */
static int advance(struct cursor *c, struct trace *t)
{
	long it = c->engine.iteration;
	if (save_checkpoint(c))
		return -1;
	struct step_result r;
	if (engine_step(&c->engine, t, &r))
		return -1;
	if (record_history(c, it, &r))
		return -1;
	if (r.nonfinite) {
		c->stopped = true;
		c->last = it;
		return 1;
	}
	return 0;
}

int cursor_init(struct cursor *c, const struct net *n, struct diags *d)
{
	memset(c, 0, sizeof *c);
	c->net = n;
	const struct lesson *l = n->lesson;
	c->last = l->iterations - 1;
	long set_bytes = (long)((n->n_params ? n->n_params : 1) * sizeof(double));
	long max_sets = CHECKPOINT_BYTES / set_bytes;
	if (max_sets > CHECKPOINTS_MAX)
		max_sets = CHECKPOINTS_MAX;
	if (max_sets < 1)
		max_sets = 1;
	c->checkpoint_every = 1;
	while (l->iterations / c->checkpoint_every >= max_sets &&
	       c->checkpoint_every < l->iterations)
		c->checkpoint_every *= 2;
	if (engine_init(&c->engine, n) || trace_init(&c->trace, n))
		goto oom;
	int rc = advance(c, &c->trace);
	if (rc < 0)
		goto oom;
	c->step = 0;
	return 0;
oom:
	diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
	cursor_free(c);
	return -1;
}

void cursor_free(struct cursor *c)
{
	engine_free(&c->engine);
	trace_free(&c->trace);
	free(c->checkpoints);
	free(c->loss_history);
	free(c->accuracy_history);
	memset(c, 0, sizeof *c);
}

/* Brings the engine to the start of `it` (it <= last). */
static int reach(struct cursor *c, long it)
{
	long have = c->engine.iteration;
	if (have > it) {
		long k = it / c->checkpoint_every;
		if ((size_t)k >= c->n_checkpoints)
			k = (long)c->n_checkpoints - 1;
		engine_restore(&c->engine,
		               c->checkpoints + (size_t)k * c->net->n_params,
		               k * c->checkpoint_every);
		have = c->engine.iteration;
	} else {
		/* Going forward: a later checkpoint may save work. */
		long k = it / c->checkpoint_every;
		if ((size_t)k < c->n_checkpoints &&
		    k * c->checkpoint_every > have) {
			engine_restore(&c->engine,
			               c->checkpoints +
			                       (size_t)k * c->net->n_params,
			               k * c->checkpoint_every);
			have = c->engine.iteration;
		}
	}
	long start = have, total = it - have;
	while (c->engine.iteration < it) {
		int rc = advance(c, NULL);
		if (rc)
			return rc;
		long done = c->engine.iteration - start;
		if (c->progress && (done & 1023) == 0 &&
		    c->progress(c->progress_ctx, done, total))
			return 2;
	}
	return 0;
}

int cursor_goto(struct cursor *c, long iteration, size_t step)
{
	if (iteration < 0)
		iteration = 0;
	if (iteration > c->last)
		iteration = c->last;
	if (iteration != c->trace.iteration) {
		long from = c->trace.iteration;
		int rc = reach(c, iteration);
		if (rc == 1) {
			/* Training stopped before `iteration`: show where. */
			iteration = c->last;
			rc = reach(c, iteration);
		}
		if (rc == 2) {
			/* Cancelled: back to where we were, which cannot be
			 * cancelled in turn (it replays from the nearest
			 * checkpoint, so it is short). */
			cursor_progress_fn progress = c->progress;
			c->progress = NULL;
			rc = reach(c, from);
			c->progress = progress;
			if (rc < 0)
				return -1;
			if (advance(c, &c->trace) < 0)
				return -1;
			return 1;
		}
		if (rc < 0)
			return -1;
		if (advance(c, &c->trace) < 0)
			return -1;
	}
	if (c->trace.n_ops == 0)
		c->step = 0;
	else if (step >= c->trace.n_ops)
		c->step = c->trace.n_ops - 1;
	else
		c->step = step;
	return 0;
}

int cursor_next_op(struct cursor *c)
{
	if (c->step + 1 < c->trace.n_ops) {
		c->step++;
		return 0;
	}
	if (c->trace.iteration >= c->last)
		return 1;
	return cursor_goto(c, c->trace.iteration + 1, 0);
}

int cursor_prev_op(struct cursor *c)
{
	if (c->step > 0) {
		c->step--;
		return 0;
	}
	if (c->trace.iteration == 0)
		return 1;
	return cursor_goto(c, c->trace.iteration - 1, CURSOR_END);
}

static int phase_of(const struct cursor *c, size_t step)
{
	return c->trace.ops[step].phase;
}

int cursor_next_phase(struct cursor *c)
{
	int p = phase_of(c, c->step);
	for (size_t s = c->step + 1; s < c->trace.n_ops; s++)
		if (phase_of(c, s) != p) {
			c->step = s;
			return 0;
		}
	if (c->trace.iteration >= c->last)
		return 1;
	return cursor_goto(c, c->trace.iteration + 1, 0);
}

int cursor_prev_phase(struct cursor *c)
{
	/* To the start of this phase, or of the previous one when already
	 * there. */
	size_t s = c->step;
	int p = phase_of(c, s);
	while (s > 0 && phase_of(c, s - 1) == p)
		s--;
	if (s != c->step) {
		c->step = s;
		return 0;
	}
	if (s == 0) {
		if (c->trace.iteration == 0)
			return 1;
		int rc = cursor_goto(c, c->trace.iteration - 1, CURSOR_END);
		if (rc)
			return rc;
		s = c->step;
	} else {
		s--;
	}
	p = phase_of(c, s);
	while (s > 0 && phase_of(c, s - 1) == p)
		s--;
	c->step = s;
	return 0;
}

int cursor_next_iteration(struct cursor *c)
{
	if (c->trace.iteration >= c->last)
		return 1;
	return cursor_goto(c, c->trace.iteration + 1, c->step);
}

int cursor_prev_iteration(struct cursor *c)
{
	if (c->trace.iteration == 0)
		return 1;
	return cursor_goto(c, c->trace.iteration - 1, c->step);
}
