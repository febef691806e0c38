#include "core/op.h"

#include <string.h>

/* The activations' kinds sit between OP_DOT and OP_EXP in the order of
 * their table: so the kind of activation a is OP_DOT + 1 + a. */
_Static_assert(OP_EXP == OP_DOT + 1 + ACT_SOFTMAX,
               "one operation kind per cell-by-cell activation");

static const char *const phase_names[PHASE_COUNT] = {
	[PHASE_FORWARD] = "forward",
	[PHASE_LOSS] = "loss",
	[PHASE_BACKWARD] = "backward",
	[PHASE_UPDATE] = "update",
};

/* The activations' kinds are named by their table. */
static const char *const kind_names[OP_KIND_COUNT] = {
	[OP_DOT] = "dot",
	[OP_EXP] = "exp",           [OP_SUM] = "sum",
	[OP_DIV] = "div",           [OP_ERROR] = "error",
	[OP_DERIV] = "derivative",  [OP_DELTA] = "delta",
	[OP_BACKPROP] = "backprop", [OP_GRAD] = "gradient",
	[OP_BIAS_GRAD] = "bias-gradient", [OP_UPDATE] = "update",
	[OP_LOSS] = "loss",         [OP_METRIC] = "metric",
	[OP_ACCURACY] = "accuracy",
};

const char *phase_name(enum phase p)
{
	return (unsigned)p < PHASE_COUNT ? phase_names[p] : NULL;
}

int phase_from_name(const char *name)
{
	for (int i = 0; i < PHASE_COUNT; i++)
		if (strcmp(name, phase_names[i]) == 0)
			return i;
	return -1;
}

const char *op_kind_name(enum op_kind k)
{
	if ((unsigned)k >= OP_KIND_COUNT)
		return NULL;
	int act = op_kind_activation(k);
	return act >= 0 && act != ACT_SOFTMAX
	               ? activation_name((enum activation)act)
	               : kind_names[k];
}

int op_kind_from_name(const char *name)
{
	for (int i = 0; i < OP_KIND_COUNT; i++)
		if (strcmp(name, op_kind_name((enum op_kind)i)) == 0)
			return i;
	return -1;
}
