/* standin: a lesson with errors, for `nntrace check` -- what of it was
 * read without error, and stand-ins for the rest, so that the script's
 * names can still be checked against the network in the same run
 * (docs/lesson-format.md, "Errors").
 *
 * Only which tensors exist, their shapes and the operations that compute
 * them matter to the script; no value does.  So the stand-ins are zeros:
 * every weight and bias (whatever `init`, `weights` or `seed` said), and,
 * when the data are unknown, one sample of zeros.  A layer whose line had
 * an error becomes an identity layer (of one unit if its size was wrong):
 * enough to lay out its other tensors, whose names do not depend on it;
 * lesson_known says which may or may not exist. */
#include "lesson/parser.h"

#include <stdlib.h>
#include <string.h>

/* The directives whose errors may hide a tensor or change its name:
 * an unknown keyword close to one of them makes every name uncertain. */
static const enum dir decide_tensors[] = {
	D_NAME, D_LAYER, D_BIAS, D_COMPARE_DERIVATIVES, D_LOSS,
	D_SOFTMAX_BACKWARD, D_ACCURACY, D_METRICS,
};

/* The directives that decide the tensors' shapes (with the layers). */
static const enum dir decide_shapes[] = {
	D_DATA, D_INPUTS, D_TARGETS, D_ONE_HOT, D_SAMPLE, D_CONVENTION,
};

static bool any_failed(const struct parser *p, const enum dir *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p->dir_failed[v[i]])
			return true;
	return false;
}

bool standin_decides_tensors(enum dir d)
{
	for (size_t i = 0; i < sizeof decide_tensors / sizeof *decide_tensors;
	     i++)
		if (decide_tensors[i] == d)
			return true;
	return false;
}

/* Which tensors of layer k may exist or not, for an error on one of its
 * lines or on a line that decides its tensors; whether any may. */
static bool layer_maybe(const struct parser *p, int k, bool last_unknown,
                        bool *maybe)
{
	const struct layer_extra *lx = &p->lx[k];
	bool any = false;
	bool last = k == p->l->n_layers - 1;
	if (lx->act_bad) { /* softmax or not, compared or not */
		static const enum role act_roles[] = {
			ROLE_EXP, ROLE_SUM, ROLE_DERIV, ROLE_DERIV_WRONG,
			ROLE_DERIV_OTHER, ROLE_DERIV_NUMERIC};
		for (size_t i = 0; i < sizeof act_roles / sizeof *act_roles; i++)
			maybe[act_roles[i]] = true;
		maybe[ROLE_ERROR] = last;
		any = true;
	}
	if (lx->failed[D_BIAS])
		any = maybe[ROLE_B] = maybe[ROLE_DB] = maybe[ROLE_B_NEW] = true;
	if (lx->failed[D_COMPARE_DERIVATIVES])
		any = maybe[ROLE_DERIV_WRONG] = maybe[ROLE_DERIV_OTHER] =
			maybe[ROLE_DERIV_NUMERIC] = true;
	/* The last layer's error is not there for a softmax trained by
	 * cross-entropy with the simplified delta. */
	if (last_unknown && last)
		any = maybe[ROLE_ERROR] = true;
	return any;
}

void standin_known(struct parser *p, struct lesson_known *k)
{
	memset(k, 0, sizeof *k);
	if (!p->failed) {
		k->network = k->all_names = k->operations = k->shapes =
			k->iterations = true;
		return;
	}
	k->iterations = (p->line_of[D_ITERATIONS] &&
	                 !p->dir_failed[D_ITERATIONS] &&
	                 !p->line_of[D_EPOCHS]) ||
	                (p->line_of[D_EPOCHS] && !p->dir_failed[D_EPOCHS] &&
	                 !p->line_of[D_ITERATIONS] && p->data_ok);
	if (p->oom)
		return;
	const struct lesson *l = p->l;
	k->network = l->n_layers > 0 && !p->layout_doubt;
	if (!k->network)
		return;
	/* A line not read (bad bytes) may have said anything: a layer, a
	 * name, a sample. */
	k->all_names = !p->names_doubt && !p->too_many_layers &&
	               !p->dir_failed[D_NAME] && !p->skipped;
	bool loss_known = p->line_of[D_LOSS] && !p->dir_failed[D_LOSS];
	bool maybe = false, bad_layer = false, bad_size = false;
	for (int i = 0; i < l->n_layers; i++) {
		maybe |= layer_maybe(p, i, !loss_known ||
		                           p->dir_failed[D_SOFTMAX_BACKWARD],
		                     k->maybe[i]);
		bad_layer |= p->lx[i].bad;
		bad_size |= l->layers[i].units < 1; /* never set: an error */
	}
	k->maybe_accuracy = p->dir_failed[D_ACCURACY] ||
	                    (!loss_known && !p->line_of[D_ACCURACY]);
	k->maybe_metrics = p->dir_failed[D_METRICS];
	k->operations = k->all_names && !maybe && !k->maybe_accuracy &&
	                !k->maybe_metrics && loss_known && !bad_layer &&
	                !p->ops_doubt;
	k->shapes = p->data_ok && !p->shapes_doubt && !bad_size &&
	            !p->skipped &&
	            !any_failed(p, decide_shapes,
	                        sizeof decide_shapes / sizeof *decide_shapes);
}

/* Sets x, y and the sizes to one sample of zeros, `outputs` targets. */
static void zero_data(struct parser *p, size_t outputs)
{
	struct lesson *l = p->l;
	free(l->x);
	free(l->y);
	if (l->input_cols)
		for (size_t j = 0; j < l->n_inputs; j++)
			free(l->input_cols[j].name);
	free(l->input_cols);
	l->input_cols = NULL;
	l->n_samples = 1;
	l->n_inputs = 1;
	l->n_outputs = outputs;
	l->x = calloc(1, sizeof *l->x);
	l->y = calloc(outputs, sizeof *l->y);
	if (!l->x || !l->y)
		p->oom = true;
}

/* Weights and biases the network would have with these data: no more
 * than a lesson may have, or the stand-in is not laid out either. */
static bool within_limits(const struct lesson *l)
{
	unsigned long long params = 0, in = l->n_inputs;
	unsigned long long width = l->n_inputs + l->n_outputs;
	for (int k = 0; k < l->n_layers; k++) {
		unsigned long long u = (unsigned)l->layers[k].units;
		params += in * u + (l->layers[k].bias ? u : 0);
		in = u;
		width += u;
	}
	return params <= (unsigned long long)LESSON_MAX_PARAMS &&
	       params * l->n_samples <= (unsigned long long)LESSON_MAX_WORK &&
	       width * l->n_samples <= (unsigned long long)LESSON_MAX_CELLS;
}

void standin_complete(struct parser *p, struct lesson_known *k)
{
	struct lesson *l = p->l;
	if (!k->network)
		return;
	for (int i = 0; i < l->n_layers; i++) {
		struct layer_spec *ls = &l->layers[i];
		free(ls->given_w);
		free(ls->given_b);
		ls->given_w = ls->given_b = NULL;
		ls->init = INIT_ZEROS;
		/* Either source gives the same operations; from z, any
		 * activation has one. */
		ls->deriv = DERIV_FROM_Z;
		ls->deriv_scale = 1;
		if (p->lx[i].act_bad)
			ls->act = ACT_IDENTITY;
		if (ls->units < 1)
			ls->units = 1;
		if (ls->act != ACT_SIGMOID)
			ls->compare_derivatives = false;
	}
	free(l->test_x);
	free(l->test_y);
	free(l->test_path);
	l->test_x = l->test_y = NULL;
	l->test_path = NULL;
	l->n_test = 0;
	l->learning_rate = 1;
	l->clip_sigmoid = l->clip_probability = 0;
	if (!k->iterations)
		l->iterations = 1;
	if (!k->shapes)
		zero_data(p, (size_t)l->layers[l->n_layers - 1].units);
	/* A batch the data cannot fill: the whole data. */
	if (l->batch_size == 0 || l->batch_size > l->n_samples)
		l->batch_size = l->n_samples;
	if (p->oom || !within_limits(l))
		k->network = k->operations = k->shapes = false;
}
