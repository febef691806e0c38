/* fit: the test net and its forward pass for the prediction plot. */
#include "tui/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The smallest and largest of v[0..n) with the given stride. */
static void range(const double *v, size_t n, size_t stride, double *lo,
                  double *hi)
{
	*lo = *hi = v[0];
	for (size_t i = 1; i < n; i++) {
		double x = v[i * stride];
		*lo = x < *lo ? x : *lo;
		*hi = x > *hi ? x : *hi;
	}
}

void fit_open(struct fit *f, const struct lesson *l)
{
	memset(f, 0, sizeof *f);
	f->iteration = -1;
	if (!l->n_test || !l->test_x || !l->n_samples || !l->n_inputs)
		return;
	/* A test net that cannot be laid out costs the predictions only:
	 * the lesson itself loaded. */
	struct diags d = {0};
	int rc = net_init_test(&f->net, &f->test, l, &d);
	diags_free(&d);
	if (rc)
		return;
	f->raw_x = malloc(l->n_test * sizeof *f->raw_x);
	if (!f->raw_x || trace_init(&f->trace, &f->net)) {
		free(f->raw_x);
		net_free(&f->net);
		memset(f, 0, sizeof *f);
		f->iteration = -1;
		return;
	}
	/* Input 0's ranges, in the data's units: the dotted rules mark where
	 * the training data ends inside the test data. */
	size_t ni = l->n_inputs;
	range(l->x, l->n_samples, ni, &f->train_lo, &f->train_hi);
	range(l->test_x, l->n_test, ni, &f->test_lo, &f->test_hi);
	f->train_lo = lesson_data_units(l, 0, f->train_lo);
	f->train_hi = lesson_data_units(l, 0, f->train_hi);
	f->test_lo = lesson_data_units(l, 0, f->test_lo);
	f->test_hi = lesson_data_units(l, 0, f->test_hi);
	/* The test inputs never change: their place on the axis is mapped
	 * once (test_x is (n_test, n_inputs) whatever the convention). */
	for (size_t s = 0; s < l->n_test; s++)
		f->raw_x[s] = lesson_data_units(l, 0, l->test_x[s * ni]);
	f->on = true;
}

void fit_close(struct fit *f)
{
	if (f->on) {
		trace_free(&f->trace);
		net_free(&f->net);
	}
	free(f->raw_x);
	memset(f, 0, sizeof *f);
	f->iteration = -1;
}

void fit_sync(struct fit *f, const struct trace *t)
{
	if (!f->on || t->iteration == f->iteration)
		return;
	/* The parameters come first in every value array: those of the
	 * cursor's trace are the ones this iteration starts with. */
	f->failed = engine_forward(&f->net, t->values, &f->trace, &f->res) ||
	            f->trace.oom;
	f->iteration = t->iteration;
}

bool fit_plottable(const struct fit *f, const struct lesson *l)
{
	return f->on && !f->failed && f->iteration >= 0 &&
	       l->n_inputs == 1 && l->n_outputs == 1;
}

/* Values of tensor t of the test trace. */
static const double *values(const struct fit *f, int t)
{
	return f->trace.values + f->net.tensors[t].offset;
}

void fit_view(const struct fit *f, const struct lesson *l,
              struct view_fit *out)
{
	memset(out, 0, sizeof *out);
	out->on = f->on;
	out->iteration = f->iteration;
	if (!f->on)
		return;
	const struct net *n = &f->net;
	int pred = n->layer_tensor[l->n_layers][ROLE_A];
	out->failed = f->failed;
	out->plottable = fit_plottable(f, l);
	out->loss = f->res.loss;
	out->n = f->test.n_samples;
	out->x = f->raw_x;
	out->target = values(f, n->target);
	out->prediction = pred >= 0 ? values(f, pred) : NULL;
	out->residual = n->residual >= 0 ? values(f, n->residual) : NULL;
	out->x_name = l->input_cols ? l->input_cols[0].name
	                            : n->tensors[n->input].name;
	out->target_name = n->tensors[n->target].name;
	out->prediction_name = pred >= 0 ? n->tensors[pred].name : NULL;
	out->residual_name = n->residual >= 0 ? n->tensors[n->residual].name
	                                      : NULL;
	out->train_lo = f->train_lo;
	out->train_hi = f->train_hi;
	out->test_lo = f->test_lo;
	out->test_hi = f->test_hi;
}
