#include "model/net.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/grow.h"

/* Which of a layer's tensors exist, given the lesson's settings. */
static bool layer_has(const struct lesson *l, int k, enum role r)
{
	const struct layer_spec *ls = &l->layers[k - 1];
	bool last = k == l->n_layers;
	bool softmax = ls->act == ACT_SOFTMAX;
	bool simplified = softmax && last && l->loss == LOSS_CCE &&
	                  l->softmax_backward == SOFTMAX_SIMPLIFIED;
	switch (r) {
	case ROLE_B:
	case ROLE_DB:
	case ROLE_B_NEW:
		return ls->bias;
	case ROLE_EXP:
	case ROLE_SUM:
		return softmax;
	case ROLE_ERROR:
		return !simplified;
	case ROLE_DERIV:
		return !softmax;
	case ROLE_DERIV_WRONG:
	case ROLE_DERIV_OTHER:
	case ROLE_DERIV_NUMERIC:
		return ls->compare_derivatives;
	default:
		return true;
	}
}

/* Shape of a per-sample tensor with `units` units, in the convention. */
static void sample_shape(const struct lesson *l, size_t units, size_t *rows,
                         size_t *cols)
{
	if (l->conv == CONV_ROWS) {
		*rows = l->n_samples;
		*cols = units;
	} else {
		*rows = units;
		*cols = l->n_samples;
	}
}

static void weight_shape(const struct lesson *l, size_t in, size_t out,
                         size_t *rows, size_t *cols)
{
	if (l->conv == CONV_ROWS) {
		*rows = in;
		*cols = out;
	} else {
		*rows = out;
		*cols = in;
	}
}

static int add_tensor(struct net *n, size_t *cap, const char *name, int role,
                      int layer, enum phase phase, bool given, size_t rows,
                      size_t cols, struct diags *d)
{
	for (size_t i = 0; i < n->n_tensors; i++)
		if (strcmp(n->tensors[i].name, name) == 0) {
			diags_add(d, n->lesson->path, 0, 0, EXIT_DATAERR,
			          "two tensors are named '%s'", name);
			return -1;
		}
	struct tensor *grown = grow(n->tensors, cap, n->n_tensors + 1,
	                            sizeof *grown, 32);
	if (!grown) {
		diags_add(d, n->lesson->path, 0, 0, EXIT_SOFTWARE,
		          "out of memory");
		return -1;
	}
	n->tensors = grown;
	struct tensor *t = &n->tensors[n->n_tensors];
	memset(t, 0, sizeof *t);
	strncpy(t->name, name, LESSON_NAME_MAX);
	t->role = role;
	t->layer = layer;
	t->phase = phase;
	t->given = given;
	t->rows = rows;
	t->cols = cols;
	t->offset = n->n_values;
	/* Column-vector code (seed 001) keeps vectors 1-D: a0, z1, b1. */
	t->vector = n->lesson->conv == CONV_COLUMNS && cols == 1 && rows > 1;
	n->n_values += rows * cols;
	return (int)n->n_tensors++;
}

static enum phase role_phase(enum role r)
{
	switch (r) {
	case ROLE_W:
	case ROLE_B:
	case ROLE_Z:
	case ROLE_EXP:
	case ROLE_SUM:
	case ROLE_A:
		return PHASE_FORWARD;
	case ROLE_W_NEW:
	case ROLE_B_NEW:
		return PHASE_UPDATE;
	default:
		return PHASE_BACKWARD;
	}
}

static int add_layer_tensor(struct net *n, size_t *cap, int k, enum role r,
                            struct diags *d)
{
	const struct lesson *l = n->lesson;
	if (!layer_has(l, k, r)) {
		n->layer_tensor[k][r] = -1;
		return 0;
	}
	size_t units = (size_t)l->layers[k - 1].units;
	size_t in = net_layer_in_units(l, k);
	size_t rows, cols;
	switch (r) {
	case ROLE_W:
	case ROLE_DW:
	case ROLE_W_NEW:
		weight_shape(l, in, units, &rows, &cols);
		break;
	case ROLE_B:
	case ROLE_DB:
	case ROLE_B_NEW:
		weight_shape(l, 1, units, &rows, &cols);
		break;
	case ROLE_SUM:
		sample_shape(l, 1, &rows, &cols);
		break;
	default:
		sample_shape(l, units, &rows, &cols);
		break;
	}
	enum phase ph = role_phase(r);
	/* The output layer's error is where the loss phase starts. */
	if (r == ROLE_ERROR && k == l->n_layers)
		ph = PHASE_LOSS;
	bool given = r == ROLE_W || r == ROLE_B;
	int i = add_tensor(n, cap, l->layers[k - 1].name[r], r, k, ph, given,
	                   rows, cols, d);
	if (i < 0)
		return -1;
	n->layer_tensor[k][r] = i;
	return 0;
}

/* The tensors of the loss phase: a test net's residual, the output
 * layer's error, the loss, the accuracy and the metrics. */
static int add_loss_tensors(struct net *n, size_t *cap, bool test,
                            struct diags *d)
{
	const struct lesson *l = n->lesson;
	size_t rows, cols;
	if (test) {
		/* What a prediction table shows: the model's miss. */
		sample_shape(l, l->n_outputs, &rows, &cols);
		n->residual = add_tensor(n, cap, "residual", GLOBAL_RESIDUAL, 0,
		                         PHASE_LOSS, false, rows, cols, d);
		if (n->residual < 0)
			return -1;
	}
	if (add_layer_tensor(n, cap, l->n_layers, ROLE_ERROR, d))
		return -1;
	n->loss = add_tensor(n, cap, l->loss_name, GLOBAL_LOSS, 0, PHASE_LOSS,
	                     false, 1, 1, d);
	if (n->loss < 0)
		return -1;
	if (l->accuracy) {
		n->accuracy = add_tensor(n, cap, l->accuracy_name,
		                         GLOBAL_ACCURACY, 0, PHASE_LOSS, false,
		                         1, 1, d);
		if (n->accuracy < 0)
			return -1;
	}
	for (int m = 0; m < LOSS_COUNT; m++) {
		if (!(l->metrics & (1u << m)))
			continue;
		char name[LESSON_NAME_MAX + 1];
		/* "loss_squared": named after the loss, so it cannot clash
		 * with a lesson's own names unless the lesson chose it. */
		snprintf(name, sizeof name, "%s_%s", l->loss_name, loss_name(m));
		for (char *p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		n->metric[m] = add_tensor(n, cap, name, GLOBAL_METRIC, 0,
		                          PHASE_LOSS, false, 1, 1, d);
		if (n->metric[m] < 0)
			return -1;
		n->tensors[n->metric[m]].metric_loss = m;
	}
	return 0;
}

static int layout(struct net *n, const struct lesson *l, bool test,
                  struct diags *d)
{
	memset(n, 0, sizeof *n);
	n->lesson = l;
	n->input = n->target = n->loss = n->accuracy = n->residual = -1;
	for (int i = 0; i < LOSS_COUNT; i++)
		n->metric[i] = -1;
	for (int k = 0; k <= LESSON_MAX_LAYERS; k++)
		for (int r = 0; r < ROLE_COUNT; r++)
			n->layer_tensor[k][r] = -1;

	size_t cap = 0, rows, cols;
	/* Parameters first and contiguous: a checkpoint is one memcpy. */
	for (int k = 1; k <= l->n_layers; k++)
		if (add_layer_tensor(n, &cap, k, ROLE_W, d) ||
		    add_layer_tensor(n, &cap, k, ROLE_B, d))
			goto fail;
	n->n_params = n->n_values;

	sample_shape(l, l->n_inputs, &rows, &cols);
	n->input = add_tensor(n, &cap, l->input_name, GLOBAL_INPUT, 0,
	                      PHASE_FORWARD, true, rows, cols, d);
	if (n->input < 0)
		goto fail;
	n->tensors[n->input].integral = l->data_integral;
	sample_shape(l, l->n_outputs, &rows, &cols);
	n->target = add_tensor(n, &cap, l->target_name, GLOBAL_TARGET, 0,
	                       PHASE_LOSS, true, rows, cols, d);
	if (n->target < 0)
		goto fail;
	n->tensors[n->target].integral = l->data_integral;

	static const enum role forward[] = {ROLE_Z, ROLE_EXP, ROLE_SUM,
	                                    ROLE_A};
	for (int k = 1; k <= l->n_layers; k++)
		for (size_t r = 0; r < sizeof forward / sizeof *forward; r++)
			if (add_layer_tensor(n, &cap, k, forward[r], d))
				goto fail;

	if (add_loss_tensors(n, &cap, test, d))
		goto fail;

	static const enum role backward[] = {
		ROLE_DERIV, ROLE_DERIV_WRONG, ROLE_DERIV_OTHER,
		ROLE_DERIV_NUMERIC, ROLE_DELTA, ROLE_DW, ROLE_DB};
	for (int k = l->n_layers; k >= 1; k--) {
		for (size_t r = 0; r < sizeof backward / sizeof *backward; r++)
			if (add_layer_tensor(n, &cap, k, backward[r], d))
				goto fail;
		if (k > 1 && add_layer_tensor(n, &cap, k - 1, ROLE_ERROR, d))
			goto fail;
	}
	for (int k = 1; k <= l->n_layers; k++)
		if (add_layer_tensor(n, &cap, k, ROLE_W_NEW, d) ||
		    add_layer_tensor(n, &cap, k, ROLE_B_NEW, d))
			goto fail;
	return 0;
fail:
	net_free(n);
	return -1;
}

int net_init(struct net *n, const struct lesson *l, struct diags *d)
{
	if (!lesson_batched(l)) {
		int rc = layout(n, l, false, d);
		n->data = l;
		return rc;
	}
	/* A mini-batch lesson: every per-sample tensor is batch_size
	 * samples, which is what the lesson the views see says. */
	struct lesson *view = malloc(sizeof *view);
	if (!view) {
		memset(n, 0, sizeof *n);
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	*view = *l;
	view->n_samples = l->batch_size;
	if (layout(n, view, false, d)) {
		free(view);
		return -1;
	}
	n->data = l;
	n->batch_view = view;
	return 0;
}

void net_free(struct net *n)
{
	free(n->tensors);
	free(n->batch_view);
	n->tensors = NULL;
	n->batch_view = NULL;
	n->n_tensors = 0;
}

int net_find(const struct net *n, const char *name)
{
	for (size_t i = 0; i < n->n_tensors; i++)
		if (strcmp(n->tensors[i].name, name) == 0)
			return (int)i;
	return -1;
}

int net_init_test(struct net *n, struct lesson *view, const struct lesson *l,
                  struct diags *d)
{
	*view = *l;
	view->x = l->test_x;
	view->y = l->test_y;
	view->n_samples = l->n_test;
	view->data_path = l->test_path;
	/* The test samples go forward together, in their order. */
	view->batch_size = l->n_test;
	view->shuffle = false;
	int rc = layout(n, view, true, d);
	n->data = view;
	return rc;
}
