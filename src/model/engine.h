/* engine: runs a lesson's network one iteration at a time.
 *
 * It holds the parameters at the start of the next iteration.  An iteration
 * runs traced (every scalar result recorded as an operation, by
 * engine.c's per-operation code) or untraced (nothing recorded).  An
 * untraced iteration runs the dense kernel (kernel.h) when the net has no
 * softmax layer and compares no derivatives, else the same per-operation
 * code with the recording compiled out.  Kernel and per-operation code
 * are two implementations, not one: they compute every cell with the same
 * IEEE operations in the same order, taking their formulas from the same
 * inline functions (core/activation.h, model/numpy.h) and the loss phase
 * from the same code, and test_fast_equals_traced (tests/test_engine.c)
 * proves them equal bit for bit on every bundled and test lesson.  The
 * engine never prints.
 */
#ifndef NNTRACE_ENGINE_H
#define NNTRACE_ENGINE_H

#include <stdbool.h>

#include "model/batch.h"
#include "model/net.h"
#include "model/trace.h"

struct kernel;

struct engine {
	const struct net *net;
	long iteration;  /* the iteration the next engine_step runs */
	double *params;  /* (net->n_params) parameters at its start */
	double *work;    /* (net->n_values) scratch values of a fast step;
	                    its data cells are loaded once, in engine_init */
	double *scratch; /* (n_samples * n_outputs) per-cell loss terms */
	struct cell_ref *refs; /* operands of one traced operation, kept
	                          only for a trace with keep_refs (tests) */
	struct kernel *kernel; /* runs the untraced steps on e->work, or
	                          NULL: the net needs the per-operation
	                          code (kernel.h) */
	struct batch batch;    /* the samples of each iteration */
};

/* What one iteration measured, traced or not. */
struct step_result {
	double loss;      /* the training loss of the forward pass */
	double accuracy;  /* NaN when the lesson has no accuracy */
	bool nonfinite;   /* some result training uses was NaN or
	                     infinite: training must stop; the parameters
	                     were not advanced.  Values shown only (the
	                     metrics, compare-derivatives) never set it */
};

/* Initialises the parameters as the lesson says (numpy's generator, given
 * values or zeros) at iteration 0, and the batches from the generator as
 * the initialisation left it.  Returns 0 or -1 (out of memory). */
int engine_init(struct engine *e, const struct net *n);
void engine_free(struct engine *e);

/* Runs iteration e->iteration on its batch's samples.  With t non-NULL,
 * every operation is recorded in t (reset first), t->values holds every
 * tensor and, for a mini-batch lesson, t->epoch, batch and samples say
 * which samples the input holds.  On a
 * finite result advances params and iteration; on a non-finite one leaves
 * them as they were and sets res->nonfinite.  Returns 0, or -1 when the
 * trace ran out of memory. */
int engine_step(struct engine *e, struct trace *t, struct step_result *res);

/* Predictions: runs only the forward and loss phases of `test` (a net
 * with the same layers, usually net_init_test's) with the given
 * parameters (n_params values, e.g. the first values of a trace, which
 * are the parameters at the start of its iteration), recorded in t (a
 * trace of `test`).  Returns 0 or -1 (out of memory). */
int engine_forward(const struct net *test, const double *params,
                   struct trace *t, struct step_result *res);

/* Sets the parameters to `params` as at the start of `iteration` (for
 * restoring a checkpoint). */
void engine_restore(struct engine *e, const double *params, long iteration);

#endif
