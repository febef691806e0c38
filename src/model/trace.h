/* trace: the operations of one iteration, in the order they ran.
 *
 * The engine appends one struct op per scalar result; views read them.
 * Because every computed cell is written once per iteration, an
 * operand's value is the value of its cell in `values` (parameters and
 * data never change within an iteration).
 *
 * The operands themselves are not stored: they follow from the
 * operation's kind, its cell and the net's shape (model/operands.h), and
 * trace_refs writes them when a view asks.  What one iteration holds is
 * then bounded by its tensors (values, written_at, one struct op per
 * cell written), not by its multiply-adds.
 */
#ifndef NNTRACE_TRACE_H
#define NNTRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/net.h"
#include "model/operands.h"
#include "core/op.h"

struct op {
	uint32_t tensor;    /* the cell this operation writes */
	uint32_t index;
	uint32_t n_refs;    /* how many operands (trace_refs lists them) */
	uint8_t phase;      /* enum phase */
	uint8_t kind;       /* enum op_kind */
	double value;       /* the exact result */
};

/* The operand list trace_refs last wrote, for which step. */
struct trace_operands {
	long step;             /* -1: none */
	struct cell_ref *refs; /* (operands_max(net)) */
};

struct trace {
	const struct net *net;
	long iteration;
	struct op *ops;
	size_t n_ops, cap_ops;
	struct trace_operands *operands; /* trace_refs' buffer */
	/* With keep_refs (tests only, off by default) trace_push also
	 * stores the operands the engine passes, refs[first_ref[i] ..
	 * first_ref[i] + ops[i].n_refs) for op i (trace_kept_refs), to be
	 * compared with trace_refs' lists. */
	bool keep_refs;
	struct cell_ref *refs;
	size_t n_refs, cap_refs;
	uint32_t *first_ref;
	size_t cap_first;
	double *values;      /* (net->n_values) every tensor, this iteration */
	int32_t *written_at; /* (net->n_values) step that wrote a cell; -1 for
	                        given cells and cells not written */
	size_t phase_start[PHASE_COUNT + 1]; /* first step of each phase;
	                        phase_start[PHASE_COUNT] == n_ops */
	long nonfinite_step; /* first op whose value is NaN or infinite, -1 */
	/* A mini-batch lesson's iteration (model/batch.h): its epoch, its
	 * batch within the epoch (of per_epoch), and the data's samples in
	 * the batch, in the order of the input's rows.  samples is NULL
	 * for a lesson that trains on all its samples in order. */
	long epoch, batch, per_epoch;
	uint32_t *samples;   /* (net->lesson->n_samples) or NULL */
	bool oom;            /* an append failed: the trace is incomplete */
};

int trace_init(struct trace *t, const struct net *n);
void trace_free(struct trace *t);

/* Forgets the operations (keeps the allocations) for a new iteration. */
void trace_reset(struct trace *t, long iteration);

/* Appends an operation writing `value` to cell (tensor, index) that read
 * n_refs operands; records written_at and the value, and the operands
 * themselves only with keep_refs (refs may then be NULL without it).
 * Used by the engine only.  Returns 0, or -1 (and sets oom) when memory
 * runs out. */
int trace_push(struct trace *t, enum phase phase, enum op_kind kind,
               uint32_t tensor, uint32_t index, double value,
               const struct cell_ref *refs, size_t n_refs);

/* Value of a cell in this iteration (operand or result). */
static inline double trace_value(const struct trace *t, struct cell_ref c)
{
	return t->values[t->net->tensors[c.tensor].offset + c.index];
}

/* True when the cell is known after `step` ran: given, or written at or
 * before step.  Use step = -1 for "before the first operation". */
bool trace_known(const struct trace *t, long step, uint32_t tensor,
                 size_t index);

/* The operands of op i, t->ops[i].n_refs of them, written into a buffer
 * the trace owns: valid until trace_refs is asked for another operation
 * or the trace changes (a view walking operands recursively asks again
 * after each descent).  Asking for the same operation again costs
 * nothing. */
const struct cell_ref *trace_refs(const struct trace *t, size_t i);

/* The operands trace_push kept for op i (keep_refs only). */
static inline const struct cell_ref *trace_kept_refs(const struct trace *t,
                                                     size_t i)
{
	return t->refs + t->first_ref[i];
}


#endif
