/* loss: the table of losses -- each described once, as far as the
 * renderers and the lesson parser need: its name (in LOSSES), how it
 * moves the weights, whether accuracy comes with it, and the texts its
 * hand calculations are written from (in loss.c).
 *
 * The engine's arithmetic of each loss (model/engine.c, loss_value and
 * loss_phase) stays there: the losses add up in shapes of their own to
 * give numpy's bits -- two running dot products for the binary
 * cross-entropy, the mean of |error| for the error loss, numpy's
 * pairwise sum of per-cell terms for the others. */
#ifndef NNTRACE_LOSS_H
#define NNTRACE_LOSS_H

#include <stdbool.h>

/* X(ID, name): LOSS_ID and the name lessons write. */
#define LOSSES(X)                          \
	X(ERROR, "error")                  \
	X(SQUARED, "squared")              \
	X(ABSOLUTE, "absolute")            \
	X(BCE, "binary-cross-entropy")     \
	X(CCE, "cross-entropy")

enum loss_kind {
	/* LOSS_ERROR: the 11-line network's error = y - a, weights += ...;
	 * LOSS_SQUARED, LOSS_ABSOLUTE: the sum or mean of (a - y)^2, |a - y|;
	 * LOSS_BCE: binary cross-entropy; LOSS_CCE: categorical
	 * cross-entropy, -sum y log a */
#define LOSS_ENUM(ID, name) LOSS_##ID,
	LOSSES(LOSS_ENUM)
#undef LOSS_ENUM
	LOSS_COUNT
};

/* The texts of a loss's hand calculations and of its symbolic form,
 * written as the UTF-8 rendering shows them (render/formula.c puts ×,
 * −, ² in ASCII outside a UTF-8 locale), with the fields
 *
 *   {a}, {y}    the prediction and the target of one output;
 *   {p(a)}      a, written max(a, EPS) where `clip probability EPS`
 *               raised it;
 *   {1-a}       (1 − a), or max(1 − a, EPS) where the clip raised it;
 *   {ln(1-a)}   ln(1 − a), or ln max(1 − a, EPS).
 *
 * A text that writes a clipped field gets the clip's note after the
 * words; a slope that is a sum is bracketed when it is averaged. */
struct loss_info {
	bool ascends;      /* its error is y - a, added to the weights (the
	                      11-line network); every other loss is a
	                      gradient the weights move against */
	bool accuracy;     /* measured unless the lesson says otherwise */
	bool negated;      /* its sum of terms is written -(...) */
	const char *term;  /* one output's term of the loss; NULL for the
	                      error loss, written as the mean or sum of
	                      |error| */
	const char *slope; /* dL/da at one output, before its average; NULL
	                      for the error loss, whose error is y − a */
	const char *symbolic; /* what the loss adds up, written with the
	                         tensors' names for {a} and {y}: "({a} −
	                         {y})²" makes "loss = mean((a2 − y)²)" or
	                         "loss = Σ (a2 − y)²" */
};

/* The names lessons write, indexed by enum loss_kind. */
extern const char *const loss_names[LOSS_COUNT];

/* The name lessons write, or NULL outside the table. */
const char *loss_name(enum loss_kind k);

/* The table, indexed by enum loss_kind (loss.c). */
extern const struct loss_info loss_facts[LOSS_COUNT];

/* The facts of k; k must be below LOSS_COUNT. */
static inline const struct loss_info *loss_info(enum loss_kind k)
{
	return &loss_facts[k];
}

#endif
