/* operands: the cells an operation reads, worked out from its kind, the
 * cell it writes and the net's shape -- a weighted sum z[s, o] reads row
 * s of its layer's input and column o of W, a weight gradient column i
 * of the input and column o of delta over the samples, and so on.
 *
 * A traced iteration used to store every operand reference, 16 bytes per
 * multiply-add (841 MiB for a 2 -> 128 -> 128 -> 1 network on 1,000
 * rows); now it stores none and model/trace hands the views the list
 * this module writes when they ask (trace_refs).  The lists are the ones
 * model/engine.c reads, in its order; test_trace compares the two for
 * every operation of every bundled and test lesson.
 * Only model/trace.c uses this module. */
#ifndef NNTRACE_OPERANDS_H
#define NNTRACE_OPERANDS_H

#include <stddef.h>
#include <stdint.h>

#include "model/net.h"

struct cell_ref {
	uint32_t tensor; /* index into net->tensors */
	uint32_t index;  /* flat cell index within that tensor */
};

/* Most operands any operation of the net reads (at least 1). */
size_t operands_max(const struct net *n);

/* Writes the operands of the operation of kind `kind` (enum op_kind) that
 * writes cell `index` of tensor `tensor` into out (operands_max(n)
 * long); returns how many. */
size_t operands_list(const struct net *n, int kind, uint32_t tensor,
                     uint32_t index, struct cell_ref *out);

#endif
