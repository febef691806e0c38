/* activation: what each activation computes, cell by cell, and its
 * derivative -- the formulas of every activation but softmax (which
 * spans a sample's cells; engine.c computes it as exp, sum and divide).
 *
 * Private to the engine (engine.c) and its dense kernel (kernel.c), which
 * both take these formulas from here: the same IEEE operations whichever
 * path runs.  Everything is inline and meant to be called with a constant
 * `act`, so that each caller's loop compiles to the one formula.
 */
#ifndef NNTRACE_ACTIVATION_H
#define NNTRACE_ACTIVATION_H

#include <math.h>
#include <stdbool.h>

#include "core/op.h"
#include "lesson/lesson.h"

/* The sigmoid, its input first clipped to [-clip, clip] when clip > 0
 * (the lesson's `clip sigmoid-input`).  The clip is a value, not the
 * lesson, so that a loop reads it once: a lesson field would be read
 * again after every exp(). */
static inline double activation_sigmoid(double clip, double z)
{
	if (clip > 0) {
		if (z < -clip)
			z = -clip;
		else if (z > clip)
			z = clip;
	}
	return 1.0 / (1.0 + exp(-z));
}

/* a = act(z), for a cell of a layer whose activation is not softmax. */
static inline double activation_value(enum activation act, double clip,
                                      double z)
{
	switch (act) {
	case ACT_SIGMOID:
		return activation_sigmoid(clip, z);
	case ACT_TANH:
		return tanh(z);
	case ACT_RELU: /* np.maximum(0, z) keeps NaN */
		return isnan(z) ? z : (z > 0 ? z : 0.0);
	case ACT_SOFTPLUS:
		return log(1.0 + exp(z));
	default:
		return z;
	}
}

/* The kind of operation that computes act(z) in a trace. */
static inline enum op_kind activation_op(enum activation act)
{
	static const enum op_kind kinds[ACT_COUNT] = {
		[ACT_IDENTITY] = OP_IDENTITY, [ACT_SIGMOID] = OP_SIGMOID,
		[ACT_TANH] = OP_TANH,         [ACT_RELU] = OP_RELU,
		[ACT_SOFTPLUS] = OP_SOFTPLUS,
	};
	return kinds[act];
}

/* The derivative of act at a cell, times the layer's scale k, taken from
 * the activation a when from_a (`derivative from-output`), else from z. */
static inline double activation_derivative(enum activation act, double clip,
                                           double k, bool from_a, double z,
                                           double a)
{
	switch (act) {
	case ACT_SIGMOID: {
		/* 002: x*(1-x) on the activation; 003: 2*s*(1-s), s=sig(z) */
		double s = from_a ? a : activation_sigmoid(clip, z);
		return k * s * (1.0 - s);
	}
	case ACT_TANH: {
		double t = from_a ? a : tanh(z);
		return k * (1.0 - t * t);
	}
	case ACT_RELU:
		return k * ((from_a ? a : z) > 0 ? 1.0 : 0.0);
	case ACT_SOFTPLUS:
		return k * activation_sigmoid(clip, z);
	default:
		return k * 1.0;
	}
}

#endif
