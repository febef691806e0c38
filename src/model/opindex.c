#include "model/opindex.h"

#include <stdlib.h>
#include <string.h>

#define PHASE_SLOTS (PHASE_COUNT + 1) /* "any", then each phase */
#define KIND_SLOTS (OP_KIND_COUNT + 1)

/* Term value v (-1 for any) as an offset into its slots. */
static size_t slot(int tensor, int phase, int kind)
{
	return ((size_t)(tensor + 1) * PHASE_SLOTS + (size_t)(phase + 1)) *
	               KIND_SLOTS +
	       (size_t)(kind + 1);
}

/* Every combination of "any" and the operation's own terms: the first
 * operation to reach a slot is its answer. */
static void note_first(int32_t *first, const struct op *op, int32_t step)
{
	int tensors[2] = {-1, (int)op->tensor};
	int phases[2] = {-1, op->phase};
	int kinds[2] = {-1, op->kind};
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			for (int c = 0; c < 2; c++) {
				int32_t *f = &first[slot(tensors[a], phases[b],
				                         kinds[c])];
				if (*f < 0)
					*f = step;
			}
}

/* The cells' lists of steps, by counting: how many operations write
 * each cell, where each cell's list starts, then the steps in order. */
static void fill_cells(struct opindex *x, const struct trace *t)
{
	const struct net *n = t->net;
	uint32_t *start = x->cell_start;
	for (size_t i = 0; i < t->n_ops; i++) {
		const struct op *op = &t->ops[i];
		start[n->tensors[op->tensor].offset + op->index + 1]++;
	}
	for (size_t v = 0; v < n->n_values; v++)
		start[v + 1] += start[v];
	/* cell_start[v] serves as the next free place of cell v's list,
	 * then is moved back to where the list starts. */
	for (size_t i = 0; i < t->n_ops; i++) {
		const struct op *op = &t->ops[i];
		size_t v = n->tensors[op->tensor].offset + op->index;
		x->cell_steps[start[v]++] = (uint32_t)i;
	}
	for (size_t v = n->n_values; v > 0; v--)
		start[v] = start[v - 1];
	start[0] = 0;
}

int opindex_build(struct opindex *x, const struct trace *t)
{
	const struct net *n = t->net;
	memset(x, 0, sizeof *x);
	x->t = t;
	size_t slots = slot((int)n->n_tensors, -1, -1);
	x->first = malloc(slots * sizeof *x->first);
	x->cell_start = calloc(n->n_values + 1, sizeof *x->cell_start);
	x->cell_steps = malloc((t->n_ops ? t->n_ops : 1) *
	                       sizeof *x->cell_steps);
	if (!x->first || !x->cell_start || !x->cell_steps) {
		opindex_free(x);
		return -1;
	}
	memset(x->first, 0xff, slots * sizeof *x->first); /* all -1 */
	for (size_t i = 0; i < t->n_ops; i++)
		note_first(x->first, &t->ops[i], (int32_t)i);
	fill_cells(x, t);
	return 0;
}

void opindex_free(struct opindex *x)
{
	free(x->first);
	free(x->cell_start);
	free(x->cell_steps);
	memset(x, 0, sizeof *x);
}

long opindex_first(const struct opindex *x, int phase, int kind, int tensor,
                   long cell)
{
	const struct trace *t = x->t;
	if (tensor < 0 || cell < 0)
		return x->first[slot(tensor, phase, kind)];
	const struct tensor *te = &t->net->tensors[tensor];
	if ((size_t)cell >= te->rows * te->cols)
		return -1;
	size_t v = te->offset + (size_t)cell;
	for (uint32_t i = x->cell_start[v]; i < x->cell_start[v + 1]; i++) {
		const struct op *op = &t->ops[x->cell_steps[i]];
		if ((phase < 0 || op->phase == phase) &&
		    (kind < 0 || op->kind == kind))
			return x->cell_steps[i];
	}
	return -1;
}
