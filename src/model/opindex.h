/* opindex: the operations of one traced iteration, bucketed by tensor,
 * phase, kind and cell, so that the first operation a selector's terms
 * match is found without scanning the iteration.
 *
 * A lesson within every limit traces about two million operations an
 * iteration and may hold over a hundred thousand cues; a scan per cue
 * made `check` take minutes.  The index is built in one pass over the
 * trace (a few milliseconds for the largest network) and answers each
 * query in constant time, or in the few operations that write one cell.
 * Only model/script.c uses it. */
#ifndef NNTRACE_OPINDEX_H
#define NNTRACE_OPINDEX_H

#include <stdint.h>

#include "model/trace.h"

struct opindex {
	const struct trace *t;
	/* The first step of every (tensor, phase, kind), each term also
	 * "any": first[slot] with slot = ((tensor + 1) * (PHASE_COUNT + 1)
	 * + phase + 1) * (OP_KIND_COUNT + 1) + kind + 1; -1 when none. */
	int32_t *first;
	/* The steps that write each value cell, in order: those of cell v
	 * (a tensor's offset plus its flat index) are
	 * cell_steps[cell_start[v] .. cell_start[v + 1]). */
	uint32_t *cell_start; /* (n_values + 1) */
	uint32_t *cell_steps; /* (n_ops) */
};

/* Indexes the operations of trace t, which must stay unchanged while the
 * index is used.  Returns 0, or -1 when out of memory (x then holds
 * nothing to free). */
int opindex_build(struct opindex *x, const struct trace *t);

void opindex_free(struct opindex *x);

/* The first step of the trace whose operation has the phase (-1: any),
 * the kind (-1: any), writes the tensor (-1: any) and, when cell >= 0,
 * that flat cell of it (cell needs a tensor); -1 when none does.  The
 * same step a scan of every operation in order finds. */
long opindex_first(const struct opindex *x, int phase, int kind, int tensor,
                   long cell);

#endif
