/* predictions: a lesson's network run forward on its test data
 * (`test-data`), and where each test sample lies against the data the
 * network was trained on.
 *
 * The test net (net_init_test) has the lesson's layers and parameter
 * layout with the test samples as its data; predictions_run has the
 * engine run its forward and loss phases with given parameters, traced
 * like any iteration, so every prediction can be shown as the hand
 * calculation it was.  Inputs and ranges are in the network's units (the
 * lesson's `scale` applied); lesson_data_units maps them back.  The
 * handout's predictions and the player's prediction plot both read this.
 * It never prints. */
#ifndef NNTRACE_PREDICTIONS_H
#define NNTRACE_PREDICTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "lesson/lesson.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/trace.h"

struct predictions {
	struct lesson view;   /* net_init_test's shallow copy of the lesson,
	                         its data the test data; owns nothing */
	struct net net;       /* the test net; points into `view` */
	struct trace trace;   /* the forward and loss phases of the last run */
	struct step_result res; /* res.loss: the loss over the test samples */
	bool ran;             /* trace holds a complete run */
	size_t n, ni, no;     /* test samples, inputs, outputs */
	double *train_lo, *train_hi; /* (ni) each input's range in the
	                                training data */
	double *test_lo, *test_hi;   /* (ni) and in the test data */
	bool *outside;        /* (n) past the training range in some input */
	size_t n_outside;
	double *plot_x;       /* (n) input 0 of each test sample in the
	                         data's units: a plot's x axis */
	size_t worst;         /* after a run: the sample furthest from its
	                         target (the largest |residual| of any of its
	                         outputs; the first of equals; a NaN residual
	                         never counts), 0 when none is finite */
};

/* Lays out the test net of l (which must have test data, l->n_test > 0,
 * and outlive p) and works out the ranges.  p must stay where it is
 * while in use: its net points into it.  Returns 0, or -1 with an error
 * in d (a test net that cannot be laid out; 70 when out of memory);
 * predictions_free is safe either way. */
int predictions_init(struct predictions *p, const struct lesson *l,
                     struct diags *d);

void predictions_free(struct predictions *p);

/* Runs the test net forward with `params` (net->n_params values in the
 * lesson net's layout: an engine's params, or the first values of a
 * trace, which are the parameters at the start of its iteration) and
 * finds the worst sample.  Returns 0, or -1 when out of memory (then
 * p->ran is false), with an error in d when d is not NULL. */
int predictions_run(struct predictions *p, const double *params,
                    struct diags *d);

/* Input j of test sample s, as the network saw it. */
double predictions_input(const struct predictions *p, size_t s, size_t j);

/* Output o of test sample s after a run: its target, the network's
 * prediction and the residual (prediction - target). */
double predictions_target(const struct predictions *p, size_t s, size_t o);
double predictions_output(const struct predictions *p, size_t s, size_t o);
double predictions_residual(const struct predictions *p, size_t s, size_t o);

/* Where input 0's training range ends inside its test range, in the
 * data's units: the rules a plot against the input draws, in rules;
 * returns how many (0 to 2). */
size_t predictions_rules(const struct predictions *p, double rules[2]);

/* The test sample cell `index` of the test net's tensor t belongs to, or
 * -1 for a cell of no one sample (the loss, the parameters). */
long predictions_sample_of(const struct predictions *p,
                           const struct tensor *t, uint32_t index);

#endif
