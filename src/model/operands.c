/* The operand lists of model/engine.c's operations, one function per
 * shape of list.  Each mirrors the loop in engine.c that emits the kind
 * (named in its comment); the order of the cells is the engine's. */
#include "model/operands.h"

#include "core/op.h"

/* Where the lists are written, and the net they are written for. */
struct list {
	const struct net *n;
	const struct lesson *l;
	bool rows;            /* the rows convention */
	struct cell_ref *out;
	size_t len;
};

static void put(struct list *x, int ti, size_t idx)
{
	x->out[x->len++] = (struct cell_ref){(uint32_t)ti, (uint32_t)idx};
}

/* Flat index of (sample s, unit u) of a per-sample tensor, or of
 * (input s, output u) of weights: engine.c's at_su and vidx. */
static size_t su(const struct list *x, int ti, size_t s, size_t u)
{
	size_t cols = x->n->tensors[ti].cols;
	return x->rows ? s * cols + u : u * cols + s;
}

/* The (sample, unit) of a per-sample tensor's flat index. */
static void split_su(const struct list *x, uint32_t ti, uint32_t idx,
                     size_t *s, size_t *u)
{
	size_t cols = x->n->tensors[ti].cols;
	*s = x->rows ? idx / cols : idx % cols;
	*u = x->rows ? idx % cols : idx / cols;
}

static int lt(const struct list *x, int k, int role)
{
	return x->n->layer_tensor[k][role];
}

/* weighted_sums: a[s, :] . W[:, o], then b[o]. */
static void dot_operands(struct list *x, int k, uint32_t ti, uint32_t idx)
{
	size_t s, o;
	split_su(x, ti, idx, &s, &o);
	int a = net_layer_input(x->n, k), w = lt(x, k, ROLE_W);
	size_t n_in = net_layer_in_units(x->l, k);
	for (size_t i = 0; i < n_in; i++) {
		put(x, a, su(x, a, s, i));
		put(x, w, su(x, w, i, o));
	}
	if (x->l->layers[k - 1].bias)
		put(x, lt(x, k, ROLE_B), o);
}

/* softmax's sum: the exps of sample s. */
static void sum_operands(struct list *x, int k, uint32_t ti, uint32_t idx)
{
	size_t s, zero;
	split_su(x, ti, idx, &s, &zero);
	int e = lt(x, k, ROLE_EXP);
	for (size_t o = 0; o < (size_t)x->l->layers[k - 1].units; o++)
		put(x, e, su(x, e, s, o));
}

/* softmax's division: e[s, o] / sum[s]. */
static void div_operands(struct list *x, int k, uint32_t ti, uint32_t idx)
{
	size_t s, o;
	split_su(x, ti, idx, &s, &o);
	put(x, lt(x, k, ROLE_EXP), idx);
	put(x, lt(x, k, ROLE_SUM), su(x, lt(x, k, ROLE_SUM), s, 0));
}

/* loss_value: |error| for the error loss, else a and y cell by cell. */
static void loss_operands(struct list *x, int kind)
{
	int L = x->l->n_layers;
	int a = lt(x, L, ROLE_A), y = x->n->target;
	size_t n = x->n->tensors[a].rows * x->n->tensors[a].cols;
	for (size_t i = 0; i < n; i++) {
		if (kind == LOSS_ERROR) {
			put(x, lt(x, L, ROLE_ERROR), i);
			continue;
		}
		put(x, a, i);
		put(x, y, i);
	}
}

/* accuracy_value: each sample's outputs and targets. */
static void accuracy_operands(struct list *x)
{
	int a = lt(x, x->l->n_layers, ROLE_A), y = x->n->target;
	for (size_t s = 0; s < x->l->n_samples; s++)
		for (size_t o = 0; o < x->l->n_outputs; o++) {
			put(x, a, su(x, a, s, o));
			put(x, y, su(x, y, s, o));
		}
}

/* derive and compare_derivatives: one cell of z or a. */
static void deriv_operands(struct list *x, int k, int role, uint32_t idx)
{
	bool from_a = x->l->layers[k - 1].deriv == DERIV_FROM_OUTPUT;
	bool z = role == ROLE_DERIV_WRONG || role == ROLE_DERIV_NUMERIC ||
	         (role == ROLE_DERIV && !from_a) ||
	         (role == ROLE_DERIV_OTHER && from_a);
	put(x, lt(x, k, z ? ROLE_Z : ROLE_A), idx);
}

/* softmax_delta_simplified, softmax_delta_jacobian, activation_delta. */
static void delta_operands(struct list *x, int k, uint32_t ti, uint32_t idx)
{
	if (x->l->layers[k - 1].act != ACT_SOFTMAX) {
		put(x, lt(x, k, ROLE_ERROR), idx);
		put(x, lt(x, k, ROLE_DERIV), idx);
		return;
	}
	if (lt(x, k, ROLE_ERROR) < 0) {
		put(x, lt(x, k, ROLE_A), idx);
		put(x, x->n->target, idx);
		return;
	}
	size_t s, o;
	split_su(x, ti, idx, &s, &o);
	int e = lt(x, k, ROLE_ERROR), a = lt(x, k, ROLE_A);
	for (size_t j = 0; j < (size_t)x->l->layers[k - 1].units; j++) {
		put(x, e, su(x, e, s, j));
		put(x, a, su(x, a, s, j));
	}
	put(x, a, su(x, a, s, o));
}

/* weight_grads: a[:, i] . delta[:, o] over the samples. */
static void grad_operands(struct list *x, int k, uint32_t ti, uint32_t idx)
{
	size_t cols = x->n->tensors[ti].cols;
	size_t r = idx / cols, q = idx % cols;
	size_t i = x->rows ? r : q, o = x->rows ? q : r;
	int a = net_layer_input(x->n, k), d = lt(x, k, ROLE_DELTA);
	for (size_t s = 0; s < x->l->n_samples; s++) {
		put(x, a, su(x, a, s, i));
		put(x, d, su(x, d, s, o));
	}
}

/* bias_grads: delta[:, o]. */
static void bias_grad_operands(struct list *x, int k, uint32_t idx)
{
	int d = lt(x, k, ROLE_DELTA);
	for (size_t s = 0; s < x->l->n_samples; s++)
		put(x, d, su(x, d, s, idx));
}

/* error_below: the error of layer k - 1 is delta[s, :] . W[j, :] of
 * layer k. */
static void backprop_operands(struct list *x, int k, uint32_t ti,
                              uint32_t idx)
{
	size_t s, j;
	split_su(x, ti, idx, &s, &j);
	int d = lt(x, k, ROLE_DELTA), w = lt(x, k, ROLE_W);
	for (size_t o = 0; o < (size_t)x->l->layers[k - 1].units; o++) {
		put(x, d, su(x, d, s, o));
		put(x, w, su(x, w, j, o));
	}
}

size_t operands_max(const struct net *n)
{
	const struct lesson *l = n->lesson;
	size_t maxu = l->n_inputs;
	for (int k = 0; k < l->n_layers; k++)
		if ((size_t)l->layers[k].units > maxu)
			maxu = (size_t)l->layers[k].units;
	size_t no = l->n_outputs ? l->n_outputs : 1;
	/* a loss or the accuracy (two cells per output and sample) bounds
	 * the gradients (two per sample); a sum, two per unit and one */
	return 2 * l->n_samples * no + 2 * maxu + 2;
}

size_t operands_list(const struct net *n, int kind, uint32_t tensor,
                     uint32_t index, struct cell_ref *out)
{
	struct list x = {n, n->lesson, n->lesson->conv == CONV_ROWS, out, 0};
	const struct tensor *t = &n->tensors[tensor];
	int k = t->layer, L = n->lesson->n_layers;
	switch (kind) {
	case OP_DOT:
		dot_operands(&x, k, tensor, index);
		break;
	case OP_EXP:
		put(&x, lt(&x, k, ROLE_Z), index);
		break;
	case OP_SUM:
		sum_operands(&x, k, tensor, index);
		break;
	case OP_DIV:
		div_operands(&x, k, tensor, index);
		break;
	case OP_ERROR:
		/* the residual reads a then y; output_error y then a */
		if ((int)tensor == n->residual) {
			put(&x, lt(&x, L, ROLE_A), index);
			put(&x, n->target, index);
		} else {
			put(&x, n->target, index);
			put(&x, lt(&x, L, ROLE_A), index);
		}
		break;
	case OP_LOSS:
		loss_operands(&x, n->lesson->loss);
		break;
	case OP_METRIC:
		loss_operands(&x, t->metric_loss);
		break;
	case OP_ACCURACY:
		accuracy_operands(&x);
		break;
	case OP_DERIV:
		deriv_operands(&x, k, t->role, index);
		break;
	case OP_DELTA:
		delta_operands(&x, k, tensor, index);
		break;
	case OP_GRAD:
		grad_operands(&x, k, tensor, index);
		break;
	case OP_BIAS_GRAD:
		bias_grad_operands(&x, k, index);
		break;
	case OP_BACKPROP:
		/* written into layer k's error by layer k + 1 */
		backprop_operands(&x, k + 1, tensor, index);
		break;
	case OP_UPDATE:
		put(&x, lt(&x, k, t->role == ROLE_W_NEW ? ROLE_W : ROLE_B),
		    index);
		put(&x, lt(&x, k, t->role == ROLE_W_NEW ? ROLE_DW : ROLE_DB),
		    index);
		break;
	default: /* an activation: a = f(z), cell by cell */
		put(&x, lt(&x, k, ROLE_Z), index);
		break;
	}
	return x.len;
}
