/* activation: THE table of activations -- each described once.
 *
 * An activation is
 *
 *   - a line of ACTIVATIONS below, which gives it its enum value
 *     (ACT_ID), its operation kind (OP_ID, core/op.h) and the names of
 *     its three inline functions;
 *   - those three functions, beside the list: a = f(z), and the
 *     derivative k f'(z) from z and from the output a, the same IEEE
 *     operations for the engine's traced code (model/engine.c) and its
 *     kernel (model/kernel.c), which call them with a constant
 *     activation so that each loop compiles to the one formula;
 *   - its facts in activation.c: the name lessons write (also its
 *     operation kind's name), its parameter, the numpy expressions of its
 *     formulas (test_activation checks them against the functions), the
 *     texts the hand calculations are written from (render/formula.c)
 *     and the handout's wording (dump/header.c).
 *
 * The lesson parser takes the names, the parameter and whether
 * `derivative from-output` is allowed from here.  Adding an activation
 * touches this file, activation.c, the tests and docs/lesson-format.md
 * ("How to add an activation"), nothing else.
 *
 * Softmax spans a sample's cells (exp, sum, divide) and stays a special
 * case of the engine; its name and texts are in the table all the same,
 * after the cell-by-cell ones.
 */
#ifndef NNTRACE_ACTIVATION_H
#define NNTRACE_ACTIVATION_H

#include <math.h>
#include <stdbool.h>

/* X(ID, id): ACT_ID, OP_ID and the functions activation_id_value,
 * activation_id_from_z and activation_id_from_a. */
#define ACTIVATIONS(X)            \
	X(IDENTITY, identity)     \
	X(SIGMOID, sigmoid)       \
	X(TANH, tanh)             \
	X(RELU, relu)             \
	X(SOFTPLUS, softplus)     \
	X(LEAKY_RELU, leaky_relu) \
	X(ELU, elu)

enum activation {
#define ACTIVATION_ENUM(ID, id) ACT_##ID,
	ACTIVATIONS(ACTIVATION_ENUM)
#undef ACTIVATION_ENUM
	ACT_SOFTMAX, /* spans a sample's cells: exp, sum, divide */
	ACT_COUNT
};

/* =====================================================================
 * The functions.  Every one takes the same arguments, used or not:
 *   z, a   the cell's weighted sum, or its activation;
 *   clip   the lesson's `clip sigmoid-input` C (0: none), which the
 *          sigmoid applies to z before anything else;
 *   p      the layer's parameter (leaky-relu's slope, elu's alpha), the
 *          table's default unless the lesson sets it;
 *   k      the layer's derivative scale (`derivative ... scale K`),
 *          multiplied in first, as the seeds' code does (2 * s * (1 - s)).
 * ===================================================================== */

static inline double activation_identity_value(double z, double clip,
                                               double p)
{
	(void)clip, (void)p;
	return z;
}

static inline double activation_identity_from_a(double a, double p, double k)
{
	(void)a, (void)p;
	return k * 1.0;
}

static inline double activation_identity_from_z(double z, double clip,
                                                double p, double k)
{
	(void)clip;
	return activation_identity_from_a(z, p, k);
}

/* The clip is a value, not the lesson, so that a loop reads it once: a
 * lesson field would be read again after every exp(). */
static inline double activation_sigmoid_value(double z, double clip, double p)
{
	(void)p;
	if (clip > 0) {
		if (z < -clip)
			z = -clip;
		else if (z > clip)
			z = clip;
	}
	return 1.0 / (1.0 + exp(-z));
}

/* 002: x*(1-x) on the activation; 003: 2*s*(1-s), s = sig(z). */
static inline double activation_sigmoid_from_a(double a, double p, double k)
{
	(void)p;
	return k * a * (1.0 - a);
}

static inline double activation_sigmoid_from_z(double z, double clip,
                                               double p, double k)
{
	return activation_sigmoid_from_a(activation_sigmoid_value(z, clip, p),
	                                 p, k);
}

static inline double activation_tanh_value(double z, double clip, double p)
{
	(void)clip, (void)p;
	return tanh(z);
}

static inline double activation_tanh_from_a(double a, double p, double k)
{
	(void)p;
	return k * (1.0 - a * a);
}

static inline double activation_tanh_from_z(double z, double clip, double p,
                                            double k)
{
	return activation_tanh_from_a(activation_tanh_value(z, clip, p), p, k);
}

/* np.maximum(0, z) keeps NaN. */
static inline double activation_relu_value(double z, double clip, double p)
{
	(void)clip, (void)p;
	return isnan(z) ? z : (z > 0 ? z : 0.0);
}

/* a > 0 exactly when z > 0. */
static inline double activation_relu_from_a(double a, double p, double k)
{
	(void)p;
	return k * (a > 0 ? 1.0 : 0.0);
}

static inline double activation_relu_from_z(double z, double clip, double p,
                                            double k)
{
	(void)clip;
	return activation_relu_from_a(z, p, k);
}

static inline double activation_softplus_value(double z, double clip,
                                               double p)
{
	(void)clip, (void)p;
	return log(1.0 + exp(z));
}

/* The sigmoid, clipped as a sigmoid layer's would be. */
static inline double activation_softplus_from_z(double z, double clip,
                                                double p, double k)
{
	return k * activation_sigmoid_value(z, clip, p);
}

/* Never called: the table gives softplus no from-output formula, so the
 * lesson parser refuses `derivative from-output` for it.  NaN would stop
 * the run if it were. */
static inline double activation_softplus_from_a(double a, double p, double k)
{
	(void)a, (void)p, (void)k;
	return NAN;
}

/* np.where(z > 0, z, slope*z): NaN stays NaN. */
static inline double activation_leaky_relu_value(double z, double clip,
                                                 double p)
{
	(void)clip;
	return z > 0 ? z : p * z;
}

/* With a positive slope, a > 0 exactly when z > 0. */
static inline double activation_leaky_relu_from_a(double a, double p,
                                                  double k)
{
	return k * (a > 0 ? 1.0 : p);
}

static inline double activation_leaky_relu_from_z(double z, double clip,
                                                  double p, double k)
{
	(void)clip;
	return activation_leaky_relu_from_a(z, p, k);
}

/* np.where(z > 0, z, alpha*(np.exp(z)-1)), as tutorials write it (not
 * expm1, which would round otherwise). */
static inline double activation_elu_value(double z, double clip, double p)
{
	(void)clip;
	return z > 0 ? z : p * (exp(z) - 1.0);
}

/* alpha e^z = a + alpha where z <= 0; with alpha > 0, a > 0 exactly when
 * z > 0. */
static inline double activation_elu_from_a(double a, double p, double k)
{
	return k * (a > 0 ? 1.0 : a + p);
}

static inline double activation_elu_from_z(double z, double clip, double p,
                                           double k)
{
	(void)clip;
	return k * (z > 0 ? 1.0 : p * exp(z));
}

/* =====================================================================
 * Dispatch: one case per line of ACTIVATIONS.  Called with a constant
 * `act`, each folds to its one function.
 * ===================================================================== */

/* a = act(z), for a cell of a layer whose activation is not softmax. */
static inline double activation_value(enum activation act, double clip,
                                      double p, double z)
{
	switch (act) {
#define ACTIVATION_VALUE(ID, id) \
	case ACT_##ID:           \
		return activation_##id##_value(z, clip, p);
		ACTIVATIONS(ACTIVATION_VALUE)
#undef ACTIVATION_VALUE
	default:
		return z;
	}
}

/* The derivative of act at a cell, times the layer's scale k, taken from
 * the activation a when from_a (`derivative from-output`), else from z. */
static inline double activation_derivative(enum activation act, double clip,
                                           double p, double k, bool from_a,
                                           double z, double a)
{
	switch (act) {
#define ACTIVATION_DERIVATIVE(ID, id)                               \
	case ACT_##ID:                                              \
		return from_a ? activation_##id##_from_a(a, p, k)   \
		              : activation_##id##_from_z(z, clip, p, k);
		ACTIVATIONS(ACTIVATION_DERIVATIVE)
#undef ACTIVATION_DERIVATIVE
	default:
		return k * 1.0;
	}
}

/* =====================================================================
 * The facts (activation.c)
 * ===================================================================== */

/* An activation's one optional setting, written on its layer line after
 * the activation: `layer 4 leaky-relu slope 0.02`. */
struct activation_param {
	const char *name;  /* as lessons write it; NULL: the activation has
	                      none */
	double fallback;   /* the value when the lesson gives none */
	double low, high;  /* a value must lie strictly between them (high
	                      may be INFINITY) */
};

/* The texts of the hand calculations, written as the UTF-8 rendering
 * shows them; render/formula.c puts the glyphs ×, −, σ and ² in their
 * ASCII forms (*, -, sigmoid, ^2) outside a UTF-8 locale, and fills in
 *
 *   {x}     the operand: in `symbolic`, its cell (z1[0,2]); elsewhere its
 *           value -- z, or a in `slope_from_a`;
 *   {-x}    the operand's value negated (e^{-x});
 *   {p}     the layer's parameter;
 *   {σ(x)}  the sigmoid of the operand, written σ(clip(x, −C, C)) where
 *           the lesson's sigmoid clip changed x (and then a note follows
 *           the words).
 *
 * When the lesson's clip changed the input of an activation that
 * `clips_input`, the calculation reads "symbolic with the clip = numeric
 * with the bound": σ(clip(4, −2, 2)) = σ(2) = 1 / (1 + e^−2).  A scale
 * K multiplies a slope as "K × slope", in brackets when the slope is a
 * sum ("0.5 × (1 − tanh(1.2)²)"). */
struct activation_texts {
	const char *symbolic;     /* after "a1 = ": "σ({x})" */
	const char *numeric;      /* before " = value": "tanh({x})" */
	const char *words;        /* one sentence, the same in every locale */
	const char *slope_from_z; /* the derivative's hand calculation */
	const char *slope_from_a; /* NULL when there is no from-output */
};

struct activation_info {
	const char *name; /* as lessons write it; also its operation
	                     kind's name in selectors and the CSV `op`
	                     column (softmax's first step is `exp`) */
	/* The formulas as a tutorial's numpy code writes them, in z, a and
	 * the parameter's name; numpy_from_a NULL: no `derivative
	 * from-output` (the lesson parser refuses it). */
	const char *numpy, *numpy_from_z, *numpy_from_a;
	struct activation_param param;
	struct activation_texts text;
	bool clips_input;        /* `clip sigmoid-input` clips its z */
	bool handout_derivative; /* the handout's layer line says when its
	                            derivative is taken from the output or
	                            scaled */
};

/* The table, indexed by enum activation (activation.c). */
extern const struct activation_info activation_table[ACT_COUNT];

/* The facts of act; act must be below ACT_COUNT.  Inline: the hand
 * calculations look an activation up for every operation they write. */
static inline const struct activation_info *
activation_info(enum activation act)
{
	return &activation_table[act];
}

/* compare-derivatives' central finite difference of the sigmoid (seed
 * 000's erratum): (σ(z + h) − σ(z − h)) / 2h with this h, which the
 * engine computes and the hand calculation writes as these texts. */
#define ACTIVATION_NUMERIC_STEP 1e-5
#define ACTIVATION_NUMERIC_STEP_TEXT "0.00001"
#define ACTIVATION_NUMERIC_SPAN_TEXT "0.00002" /* 2h */

/* The name lessons write, or NULL outside the table. */
const char *activation_name(enum activation act);

/* The activation lessons call `name`, or -1. */
int activation_from_name(const char *name);

/* Whether the layer's derivative may be taken from its output. */
bool activation_from_output(enum activation act);

#endif
