/* net: the tensors of a lesson's network, laid out for one iteration.
 *
 * Built from a parsed lesson: every tensor the engine reads or writes in an
 * iteration (data, parameters, pre-activations, activations, errors,
 * derivatives, deltas, gradients, new parameters, loss scalars) gets a
 * name, a shape in the lesson's convention, and a slice of one value array.
 * Every computed cell is written exactly once per iteration, so a value
 * array plus "which step wrote this cell" is the whole state of the screen.
 *
 * The order of the tensors, which is also the order of their slices: the
 * parameters (each layer's weights, then its bias), so that a checkpoint
 * is one copy; the data (input, target); each layer's forward tensors (z,
 * then exp and sum for softmax, then a); a test net's residual; the
 * output layer's error; the loss, the accuracy and the metrics; from the
 * last layer down, each layer's backward tensors (derivative, the three
 * compared derivatives, delta, weight and bias gradients) followed by the
 * error of the layer below; each layer's new weights and new bias.
 * Absent tensors take no place.
 */
#ifndef NNTRACE_NET_H
#define NNTRACE_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "lesson/lesson.h"
#include "core/op.h"

/* Roles of the tensors that belong to no layer. */
enum global_role {
	GLOBAL_INPUT = ROLE_COUNT, /* the data's inputs (layer 0 activation) */
	GLOBAL_TARGET,             /* the data's targets */
	GLOBAL_LOSS,               /* 1x1: the training loss */
	GLOBAL_ACCURACY,           /* 1x1, when the lesson asks for it */
	GLOBAL_METRIC,             /* 1x1 each: extra losses (metric_loss) */
	GLOBAL_RESIDUAL,           /* test nets only: prediction - target */
};

struct tensor {
	char name[LESSON_NAME_MAX + 1];
	int role;            /* enum role or enum global_role */
	int layer;           /* 1..n_layers for layer roles, 0 otherwise */
	int metric_loss;     /* GLOBAL_METRIC: which enum loss_kind */
	enum phase phase;    /* phase whose operations write it (or read it
	                        first, for given tensors) */
	bool given;          /* known at the start of the iteration: data and
	                        the parameters; never written by an op */
	bool integral;       /* data of whole numbers: shown as integers */
	bool vector;         /* shown as a 1-D array, as numpy code with
	                        column vectors writes them: [1.2  1.01 1.14] */
	size_t rows, cols;   /* as the lesson's convention displays it */
	size_t offset;       /* first value in a value array */
};

struct net {
	const struct lesson *lesson; /* what the tensors are laid out for:
	                                the lesson, or for a mini-batch
	                                lesson (lesson_batched) batch_view */
	const struct lesson *data;   /* the lesson with every sample, whose
	                                x and y the engine loads batches
	                                from (model/batch.h) */
	struct lesson *batch_view;   /* owned: the lesson with n_samples =
	                                batch_size, or NULL */
	struct tensor *tensors;
	size_t n_tensors;
	size_t n_values;  /* doubles in one value array, all tensors */
	size_t n_params;  /* the parameters come first: [0, n_params) */
	/* Tensor index by layer (1-based) and role, or -1 when absent. */
	int layer_tensor[LESSON_MAX_LAYERS + 1][ROLE_COUNT];
	int input, target, loss, accuracy; /* -1 when absent */
	int residual;                      /* test nets only, else -1 */
	int metric[LOSS_COUNT];            /* -1 when absent */
};

/* Lays out the tensors of `l` (which must outlive the net) for one
 * iteration's samples: all of them, or a mini-batch of l->batch_size.
 * Fails (65) on duplicate tensor names or sizes past the limits.
 * Returns 0 / -1. */
int net_init(struct net *n, const struct lesson *l, struct diags *d);
void net_free(struct net *n);

/* Lays out the same network for the lesson's test data (test-data): the
 * same layers, names and parameter layout, with n_test samples.  `view`
 * receives a shallow copy of l whose data are the test data; it must
 * outlive n and is not to be lesson_free'd.  Returns 0 / -1. */
int net_init_test(struct net *n, struct lesson *view, const struct lesson *l,
                  struct diags *d);

/* Tensor index by name, or -1. */
int net_find(const struct net *n, const char *name);

/* Units of layer k's input (k from 1): the data's inputs for layer 1,
 * the units of layer k - 1 otherwise. */
static inline size_t net_layer_in_units(const struct lesson *l, int k)
{
	return k == 1 ? l->n_inputs : (size_t)l->layers[k - 2].units;
}

/* Tensor index of layer k's input: the data's inputs for layer 1, the
 * output of layer k - 1 otherwise. */
static inline int net_layer_input(const struct net *n, int k)
{
	return k == 1 ? n->input : n->layer_tensor[k - 1][ROLE_A];
}

/* Flat index of cell (r, c) of tensor t within its own slice. */
static inline size_t net_cell(const struct tensor *t, size_t r, size_t c)
{
	return r * t->cols + c;
}

#endif
