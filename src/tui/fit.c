/* fit: the test net and its forward pass for the prediction plot. */
#include "tui/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fit_open(struct fit *f, const struct lesson *l)
{
	memset(f, 0, sizeof *f);
	f->iteration = -1;
	if (!l->n_test || !l->test_x || !l->n_samples || !l->n_inputs)
		return;
	/* A test net that cannot be laid out costs the predictions only:
	 * the lesson itself loaded. */
	struct diags d = {0};
	int rc = predictions_init(&f->p, l, &d);
	diags_free(&d);
	if (rc) {
		predictions_free(&f->p);
		memset(f, 0, sizeof *f);
		f->iteration = -1;
		return;
	}
	f->on = true;
}

void fit_close(struct fit *f)
{
	predictions_free(&f->p);
	memset(f, 0, sizeof *f);
	f->iteration = -1;
}

void fit_sync(struct fit *f, const struct trace *t)
{
	if (!f->on || t->iteration == f->iteration)
		return;
	/* The parameters come first in every value array: those of the
	 * cursor's trace are the ones this iteration starts with. */
	f->failed = predictions_run(&f->p, t->values, NULL) != 0;
	f->iteration = t->iteration;
}

bool fit_plottable(const struct fit *f, const struct lesson *l)
{
	return f->on && !f->failed && f->iteration >= 0 &&
	       l->n_inputs == 1 && l->n_outputs == 1;
}

/* Values of tensor t of the test trace: with one output, cell s of the
 * target, prediction and residual is sample s whatever the convention. */
static const double *values(const struct fit *f, int t)
{
	return f->p.trace.values + f->p.net.tensors[t].offset;
}

void fit_view(const struct fit *f, const struct lesson *l,
              struct view_fit *out)
{
	memset(out, 0, sizeof *out);
	out->on = f->on;
	out->iteration = f->iteration;
	if (!f->on)
		return;
	const struct predictions *p = &f->p;
	const struct net *n = &p->net;
	int pred = n->layer_tensor[l->n_layers][ROLE_A];
	out->failed = f->failed;
	out->plottable = fit_plottable(f, l);
	out->loss = p->res.loss;
	out->n = p->n;
	out->x = p->plot_x;
	out->target = values(f, n->target);
	out->prediction = pred >= 0 ? values(f, pred) : NULL;
	out->residual = n->residual >= 0 ? values(f, n->residual) : NULL;
	out->x_name = l->input_cols ? l->input_cols[0].name
	                            : n->tensors[n->input].name;
	out->target_name = n->tensors[n->target].name;
	out->prediction_name = pred >= 0 ? n->tensors[pred].name : NULL;
	out->residual_name = n->residual >= 0 ? n->tensors[n->residual].name
	                                      : NULL;
	out->train_lo = lesson_data_units(l, 0, p->train_lo[0]);
	out->train_hi = lesson_data_units(l, 0, p->train_hi[0]);
	out->n_rules = predictions_rules(p, out->rules);
	out->worst = p->worst;
	out->worst_outside = p->n && p->outside[p->worst];
}
