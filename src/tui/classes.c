/* classes: the picture pane's sample and confusion matrix (classes.h). */
#include "tui/classes.h"

#include <string.h>

#include "render/picture.h"

void classes_open(struct classes *k, const struct lesson *l)
{
	memset(k, 0, sizeof *k);
	k->iteration = -1;
	k->picture = l->image_rows && l->n_samples &&
	             l->image_rows * l->image_cols == l->n_inputs;
	k->counts = confusion_applies(l);
	if (k->picture)
		picture_range(l->x, l->n_samples * l->n_inputs, 1, &k->lo,
		              &k->hi);
}

void classes_close(struct classes *k)
{
	confusion_free(&k->c);
	if (k->p_ready)
		predictions_free(&k->p);
	memset(k, 0, sizeof *k);
	k->iteration = -1;
}

/* Whether a tensor of this role has a cell per sample of the batch (and
 * so a row of the batch for each cell); the parameters, their gradients
 * and the loss have not. */
static bool per_sample(int role)
{
	switch (role) {
	case GLOBAL_INPUT:
	case GLOBAL_TARGET:
	case GLOBAL_RESIDUAL:
	case ROLE_Z:
	case ROLE_EXP:
	case ROLE_SUM:
	case ROLE_A:
	case ROLE_ERROR:
	case ROLE_DERIV:
	case ROLE_DELTA:
	case ROLE_DERIV_WRONG:
	case ROLE_DERIV_OTHER:
	case ROLE_DERIV_NUMERIC:
		return true;
	default:
		return false;
	}
}

/* The batch row of cell `index` of a per-sample tensor t. */
static size_t row_of(const struct net *n, const struct tensor *t,
                     size_t index)
{
	return n->lesson->conv == CONV_ROWS ? index / t->cols
	                                    : index % t->cols;
}

/* The cursor on the iteration's last operation, every new parameter
 * computed: the network after the update is then known. */
static bool updated(const struct cursor *c)
{
	const struct trace *t = &c->trace;
	return t->n_ops && c->step + 1 >= t->n_ops && !t->oom &&
	       t->nonfinite_step < 0;
}

/* Counts the test data with params into k->c. */
static int count_with(struct classes *k, const struct lesson *l,
                      const double *params)
{
	if (!k->p_ready) {
		struct diags d = {0};
		int rc = predictions_init(&k->p, l, &d);
		diags_free(&d);
		if (rc) {
			predictions_free(&k->p);
			return -1;
		}
		k->p_ready = true;
	}
	if (predictions_run(&k->p, params, NULL))
		return -1;
	return confusion_from_predictions(&k->c, &k->p);
}

static void count(struct classes *k, const struct lesson *l,
                  const struct fit *f, const struct cursor *c)
{
	long it = c->trace.iteration;
	bool after = updated(c);
	if (k->iteration == it && k->after == after)
		return;
	confusion_free(&k->c);
	int rc;
	if (after)
		rc = count_with(k, l, c->engine.params);
	else if (f->on && f->iteration == it && !f->failed)
		rc = confusion_from_predictions(&k->c, &f->p);
	else
		rc = count_with(k, l, c->trace.values);
	k->failed = rc != 0;
	k->iteration = it;
	k->after = after;
}

void classes_sync(struct classes *k, const struct lesson *l,
                  const struct fit *f, const struct cursor *c)
{
	const struct trace *t = &c->trace;
	if (k->picture && t->n_ops) {
		const struct op *op = cursor_op(c);
		const struct tensor *te = &c->net->tensors[op->tensor];
		if (per_sample(te->role))
			k->pos = row_of(c->net, te, op->index);
	}
	if (k->counts)
		count(k, l, f, c);
}

void classes_next_sample(struct classes *k, const struct cursor *c)
{
	size_t rows = c->net->lesson->n_samples;
	k->pos = rows ? (k->pos + 1) % rows : 0;
}

/* The network's guess for batch row pos, when every output of the row
 * is computed at the cursor. */
static void guess(const struct cursor *c, size_t pos, bool hiding,
                  struct view_classes *out)
{
	const struct net *n = c->net;
	const struct trace *t = &c->trace;
	int o = n->layer_tensor[n->lesson->n_layers][ROLE_A];
	if (o < 0 || !t->n_ops)
		return;
	const struct tensor *te = &n->tensors[o];
	bool rows = n->lesson->conv == CONV_ROWS;
	size_t k = rows ? te->cols : te->rows;
	size_t first = rows ? pos * te->cols : pos;
	size_t stride = rows ? 1 : te->cols;
	const struct op *now = cursor_op(c);
	for (size_t j = 0; j < k; j++) {
		size_t cell = first + j * stride;
		if (!trace_known(t, (long)c->step, (uint32_t)o, cell))
			return;
		/* A question on this output: its value is the answer. */
		if (hiding && now->tensor == (uint32_t)o && now->index == cell)
			return;
	}
	const double *v = t->values + te->offset + first;
	out->guessed = true;
	out->guess = confusion_argmax(v, k, stride);
	out->prob = v[out->guess * stride];
}

void classes_view(const struct classes *k, const struct lesson *l,
                  const struct cursor *c, bool hiding,
                  struct view_classes *out)
{
	memset(out, 0, sizeof *out);
	out->on = classes_on(k);
	out->picture = k->picture;
	if (k->picture) {
		size_t rows = c->net->lesson->n_samples;
		size_t pos = k->pos < rows ? k->pos : 0;
		size_t s = c->trace.samples ? c->trace.samples[pos] : pos;
		out->rows = l->image_rows;
		out->cols = l->image_cols;
		out->pixels = l->x + s * l->n_inputs;
		out->lo = k->lo;
		out->hi = k->hi;
		out->sample = s;
		out->pos = pos;
		out->batch = rows;
		out->classes = l->n_outputs >= 2;
		if (out->classes) {
			out->label = confusion_argmax(l->y + s * l->n_outputs,
			                              l->n_outputs, 1);
			guess(c, pos, hiding, out);
		}
	}
	out->counts = k->counts;
	out->failed = k->failed;
	out->matrix = k->iteration >= 0 && !k->failed && k->c.count ? &k->c
	                                                            : NULL;
	out->iteration = k->iteration;
	out->after = k->after;
}
