/* op: the vocabulary of the trace -- phases and kinds of operations.
 *
 * Shared by the engine (which records operations), the lesson parser
 * (whose script selects operations by phase and kind) and the views. */
#ifndef NNTRACE_OP_H
#define NNTRACE_OP_H

#include "core/activation.h"

enum phase {
	PHASE_FORWARD,
	PHASE_LOSS,
	PHASE_BACKWARD,
	PHASE_UPDATE,
	PHASE_COUNT
};

enum op_kind {
	OP_DOT,       /* z = sum_j a_j w_j (+ b): a forward weighted sum */
	/* a = f(z) for each cell-by-cell activation, OP_IDENTITY,
	 * OP_SIGMOID, ..., in the order of its table (core/activation.h),
	 * which names them */
#define OP_KIND_OF_ACTIVATION(ID, id) OP_##ID,
	ACTIVATIONS(OP_KIND_OF_ACTIVATION)
#undef OP_KIND_OF_ACTIVATION
	OP_EXP,       /* e = exp(z), first step of softmax */
	OP_SUM,       /* s = sum_i e_i, second step of softmax */
	OP_DIV,       /* a = e / s, last step of softmax */
	OP_ERROR,     /* output error: y - a (trask) or dL/da */
	OP_DERIV,     /* the activation's derivative at this cell */
	OP_DELTA,     /* delta = error x derivative (or a - y, or Jacobian) */
	OP_BACKPROP,  /* error of a hidden layer: sum_k delta_k w_k */
	OP_GRAD,      /* weight gradient: sum over samples a_prev x delta */
	OP_BIAS_GRAD, /* bias gradient: sum or mean over samples of delta */
	OP_UPDATE,    /* new parameter = old -/+ rate x gradient */
	OP_LOSS,      /* the training loss of this iteration */
	OP_METRIC,    /* an extra loss reported beside the training one */
	OP_ACCURACY,  /* fraction of samples classified right */
	OP_KIND_COUNT
};

/* Lower-case names as lessons write them ("forward", "sigmoid"); an
 * activation's kind is named after it.  Return NULL / -1 for out-of-range
 * values / unknown names. */
const char *phase_name(enum phase p);
int phase_from_name(const char *name);
const char *op_kind_name(enum op_kind k);
int op_kind_from_name(const char *name);

/* The kind of operation an activation applies to each cell of z: its own
 * kind, or OP_EXP for softmax's first step.  Inline, for the engine's
 * loops. */
static inline enum op_kind op_kind_of_activation(enum activation act)
{
	return act == ACT_SOFTMAX ? OP_EXP : (enum op_kind)(OP_DOT + 1 + act);
}

/* The activation whose kind k is (OP_EXP: softmax), or -1 for a kind
 * that is none's. */
static inline int op_kind_activation(enum op_kind k)
{
	if (k == OP_EXP)
		return ACT_SOFTMAX;
	return k > OP_DOT && k < OP_EXP ? (int)k - (OP_DOT + 1) : -1;
}

#endif
