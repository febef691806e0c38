#include "model/trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

int trace_init(struct trace *t, const struct net *n)
{
	memset(t, 0, sizeof *t);
	t->net = n;
	t->nonfinite_step = -1;
	size_t nv = n->n_values ? n->n_values : 1;
	t->values = calloc(nv, sizeof *t->values);
	t->written_at = malloc(nv * sizeof *t->written_at);
	if (n->batch_view)
		t->samples = calloc(n->lesson->n_samples + 1,
		                    sizeof *t->samples);
	t->operands = malloc(sizeof *t->operands);
	if (t->operands) {
		t->operands->step = -1;
		t->operands->refs =
		        malloc(operands_max(n) * sizeof *t->operands->refs);
	}
	if (!t->values || !t->written_at || (n->batch_view && !t->samples) ||
	    !t->operands || !t->operands->refs) {
		trace_free(t);
		return -1;
	}
	trace_reset(t, 0);
	return 0;
}

void trace_free(struct trace *t)
{
	free(t->ops);
	free(t->refs);
	free(t->values);
	free(t->written_at);
	free(t->samples);
	free(t->first_ref);
	if (t->operands)
		free(t->operands->refs);
	free(t->operands);
	memset(t, 0, sizeof *t);
}

void trace_reset(struct trace *t, long iteration)
{
	t->iteration = iteration;
	t->n_ops = 0;
	t->n_refs = 0;
	t->nonfinite_step = -1;
	t->oom = false;
	t->operands->step = -1;
	for (size_t i = 0; i < t->net->n_values; i++)
		t->written_at[i] = -1;
	for (int p = 0; p <= PHASE_COUNT; p++)
		t->phase_start[p] = 0;
}

/* keep_refs: stores the operands of the op about to be pushed. */
static int keep(struct trace *t, const struct cell_ref *refs, size_t n_refs)
{
	uint32_t *fr = grow(t->first_ref, &t->cap_first, t->n_ops + 1,
	                    sizeof *fr, 256);
	if (!fr) {
		t->oom = true;
		return -1;
	}
	t->first_ref = fr;
	size_t need = t->n_refs + n_refs;
	struct cell_ref *rs = grow(t->refs, &t->cap_refs, need, sizeof *rs, 256);
	if (!rs && need > t->cap_refs) {
		t->oom = true;
		return -1;
	}
	t->refs = rs;
	t->first_ref[t->n_ops] = (uint32_t)t->n_refs;
	if (n_refs)
		memcpy(t->refs + t->n_refs, refs, n_refs * sizeof *refs);
	t->n_refs += n_refs;
	return 0;
}

int trace_push(struct trace *t, enum phase phase, enum op_kind kind,
               uint32_t tensor, uint32_t index, double value,
               const struct cell_ref *refs, size_t n_refs)
{
	if (t->oom)
		return -1;
	struct op *ops = grow(t->ops, &t->cap_ops, t->n_ops + 1, sizeof *ops,
	                      256);
	if (!ops) {
		t->oom = true;
		return -1;
	}
	t->ops = ops;
	if (t->keep_refs && keep(t, refs, n_refs))
		return -1;
	/* Phases only move forward within an iteration; the start of every
	 * later phase follows the ops pushed so far. */
	for (int p = (int)phase + 1; p <= PHASE_COUNT; p++)
		t->phase_start[p] = t->n_ops + 1;
	struct op *o = &t->ops[t->n_ops];
	o->tensor = tensor;
	o->index = index;
	o->n_refs = (uint32_t)n_refs;
	o->phase = (uint8_t)phase;
	o->kind = (uint8_t)kind;
	o->value = value;
	size_t at = t->net->tensors[tensor].offset + index;
	t->values[at] = value;
	t->written_at[at] = (int32_t)t->n_ops;
	if (t->nonfinite_step < 0 && !isfinite(value))
		t->nonfinite_step = (long)t->n_ops;
	t->n_ops++;
	t->operands->step = -1;
	return 0;
}

const struct cell_ref *trace_refs(const struct trace *t, size_t i)
{
	struct trace_operands *o = t->operands;
	if (o->step != (long)i) {
		const struct op *op = &t->ops[i];
		operands_list(t->net, op->kind, op->tensor, op->index, o->refs);
		o->step = (long)i;
	}
	return o->refs;
}

bool trace_known(const struct trace *t, long step, uint32_t tensor,
                 size_t index)
{
	const struct tensor *te = &t->net->tensors[tensor];
	if (te->given)
		return true;
	int32_t w = t->written_at[te->offset + index];
	return w >= 0 && w <= step;
}
