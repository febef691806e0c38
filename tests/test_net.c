/* Net tests: the tensors a small network gets, their shapes in both
 * conventions and their places in the value array.  Every expected shape
 * is read off docs/lesson-format.md ("convention rows: samples are rows,
 * W is (in, out)"; "columns: W is (out, in)"; the layer roles table) and
 * every offset is the running sum of the sizes before it, in the order
 * net.h lists, counted by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lesson/lesson.h"
#include "model/net.h"

#include "lesson_text.h"

/* 3 samples of 2 inputs and 1 target; a hidden layer of 4 tanh units
 * with a bias, an output layer of 1 sigmoid unit without one. */
static const char two_layers_fmt[] =
	"title net layout\n"
	"sample 1 2 -> 1\n"
	"sample 3 4 -> 0\n"
	"sample 5 6 -> 1\n"
	"convention %s\n"
	"layer 4 tanh\n"
	"layer 1 sigmoid\nbias no\n"
	"seed 1\nloss squared\nlearning-rate 0.1\niterations 1\n";

static void open_net(struct lesson *l, struct net *n, const char *text)
{
	struct diags d = {0};
	assert_int_equal(lesson_from_text(l, "net.lesson", text), 0);
	assert_int_equal(net_init(n, l, &d), 0);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

/* two_layers_fmt in convention `conv`. */
static void open_two_layers(struct lesson *l, struct net *n, const char *conv)
{
	char text[1024];
	snprintf(text, sizeof text, two_layers_fmt, conv);
	open_net(l, n, text);
}

struct want {
	const char *name;
	size_t rows, cols; /* under convention rows; columns swaps them */
	size_t offset;
	bool given;
};

/* The layout of two_layers_fmt, in net.h's order: parameters layer by
 * layer, the data, the forward tensors layer by layer, the output error
 * and the loss, the backward tensors from the last layer down (each
 * layer's error after the layer above it), the new parameters.  Sizes:
 * W1 2x4 = 8, b1 1x4 = 4, W2 4x1 = 4 (no b2), x 3x2 = 6, y 3x1 = 3, per
 * sample tensors 3 x units, the loss 1x1. */
static const struct want two_layers[] = {
	{"W1", 2, 4, 0, true},        {"b1", 1, 4, 8, true},
	{"W2", 4, 1, 12, true},       {"x", 3, 2, 16, true},
	{"y", 3, 1, 22, true},        {"z1", 3, 4, 25, false},
	{"a1", 3, 4, 37, false},      {"z2", 3, 1, 49, false},
	{"a2", 3, 1, 52, false},      {"error2", 3, 1, 55, false},
	{"loss", 1, 1, 58, false},    {"deriv2", 3, 1, 59, false},
	{"delta2", 3, 1, 62, false},  {"dW2", 4, 1, 65, false},
	{"error1", 3, 4, 69, false},  {"deriv1", 3, 4, 81, false},
	{"delta1", 3, 4, 93, false},  {"dW1", 2, 4, 105, false},
	{"db1", 1, 4, 113, false},    {"W1_new", 2, 4, 117, false},
	{"b1_new", 1, 4, 125, false}, {"W2_new", 4, 1, 129, false},
};
#define N_TWO_LAYERS (sizeof two_layers / sizeof *two_layers)

static void check_layout(const struct net *n, bool columns)
{
	assert_int_equal(n->n_tensors, N_TWO_LAYERS);
	/* W1 + b1 + W2 = 8 + 4 + 4; the last tensor ends at 129 + 4. */
	assert_int_equal(n->n_params, 16);
	assert_int_equal(n->n_values, 133);
	for (size_t i = 0; i < N_TWO_LAYERS; i++) {
		const struct want *w = &two_layers[i];
		const struct tensor *t = &n->tensors[i];
		assert_string_equal(t->name, w->name);
		assert_int_equal(t->rows, columns ? w->cols : w->rows);
		assert_int_equal(t->cols, columns ? w->rows : w->cols);
		assert_int_equal(t->offset, w->offset);
		assert_int_equal(t->given, w->given);
		assert_int_equal(net_find(n, w->name), (int)i);
	}
}

static void test_rows_layout(void **state)
{
	(void)state;
	struct lesson l;
	struct net n;
	open_two_layers(&l, &n, "rows");
	check_layout(&n, false);
	/* Vectors are shown 1-D only in the columns convention. */
	for (size_t i = 0; i < n.n_tensors; i++)
		assert_false(n.tensors[i].vector);
	/* Layer 2 has no bias: no b2, db2 or b2_new. */
	assert_int_equal(n.layer_tensor[2][ROLE_B], -1);
	assert_int_equal(n.layer_tensor[2][ROLE_DB], -1);
	assert_int_equal(n.layer_tensor[2][ROLE_B_NEW], -1);
	assert_int_equal(n.layer_tensor[1][ROLE_B], 1);
	assert_int_equal(n.layer_tensor[2][ROLE_A], 8);
	assert_int_equal(n.input, 3);
	assert_int_equal(n.target, 4);
	assert_int_equal(n.loss, 10);
	/* The squared loss measures no accuracy by default. */
	assert_int_equal(n.accuracy, -1);
	assert_int_equal(n.residual, -1);
	/* Layer 1 reads x (3 x 2), layer 2 reads a1 (3 x 4). */
	assert_int_equal(net_layer_input(&n, 1), 3);
	assert_int_equal(net_layer_input(&n, 2), 6);
	assert_int_equal(net_layer_in_units(&l, 1), 2);
	assert_int_equal(net_layer_in_units(&l, 2), 4);
	/* Cell (r, c) is r * cols + c in the tensor's own slice: a1 (3 x 4)
	 * cell (2, 1) is 9. */
	assert_int_equal(net_cell(&n.tensors[6], 2, 1), 9);
	net_free(&n);
	lesson_free(&l);
}

static void test_columns_layout(void **state)
{
	(void)state;
	struct lesson l;
	struct net n;
	open_two_layers(&l, &n, "columns");
	check_layout(&n, true);
	/* Column vectors (units x 1, units > 1) are shown 1-D: b1, db1 and
	 * b1_new (4 x 1); W2 is 1 x 4 and the per-sample tensors of layer 2
	 * are 1 x 3. */
	static const char *const vectors[] = {"b1", "db1", "b1_new"};
	size_t found = 0;
	for (size_t i = 0; i < n.n_tensors; i++) {
		bool want = false;
		for (size_t v = 0; v < 3; v++)
			want |= strcmp(n.tensors[i].name, vectors[v]) == 0;
		assert_int_equal(n.tensors[i].vector, want);
		found += want;
	}
	assert_int_equal(found, 3);
	/* a1 is 4 x 3 here: cell (2, 1) is 2 * 3 + 1. */
	assert_int_equal(net_cell(&n.tensors[6], 2, 1), 7);
	net_free(&n);
	lesson_free(&l);
}

/* A softmax output layer of 2 units over 3 samples: its exponentials are
 * per sample and unit, their sums one per sample.  With cross-entropy and
 * the simplified backward pass, delta = a - y needs no error tensor; the
 * Jacobian needs one.  Softmax has no derivative tensor either way. */
static const char softmax_fmt[] =
	"title softmax\n"
	"sample 1 2 -> 1 0\n"
	"sample 3 4 -> 0 1\n"
	"sample 5 6 -> 1 0\n"
	"convention %s\n"
	"layer 2 softmax\n"
	"seed 1\nloss cross-entropy\nsoftmax-backward %s\n"
	"learning-rate 0.1\niterations 1\n";

static void check_softmax(const char *conv, const char *backward)
{
	char text[1024];
	struct lesson l;
	struct net n;
	bool columns = strcmp(conv, "columns") == 0;
	snprintf(text, sizeof text, softmax_fmt, conv, backward);
	open_net(&l, &n, text);
	const struct tensor *e = &n.tensors[net_find(&n, "exp1")];
	const struct tensor *s = &n.tensors[net_find(&n, "sum1")];
	assert_int_equal(e->rows, columns ? 2 : 3);
	assert_int_equal(e->cols, columns ? 3 : 2);
	assert_int_equal(s->rows, columns ? 1 : 3);
	assert_int_equal(s->cols, columns ? 3 : 1);
	/* In net.h's order: W1 (2 x 2), b1 (2), x (6), y (6), z1 (6), then
	 * exp1 at 4 + 2 + 6 + 6 + 6 = 24, sum1 at 30 and a1 at 33. */
	assert_int_equal(net_find(&n, "z1"), 4);
	assert_int_equal(e->offset, 24);
	assert_int_equal(s->offset, 30);
	assert_int_equal(n.tensors[net_find(&n, "a1")].offset, 33);
	assert_int_equal(net_find(&n, "deriv1"), -1);
	if (strcmp(backward, "simplified") == 0)
		assert_int_equal(net_find(&n, "error1"), -1);
	else
		assert_true(net_find(&n, "error1") >= 0);
	/* Cross-entropy measures accuracy by default. */
	assert_true(n.accuracy >= 0);
	net_free(&n);
	lesson_free(&l);
}

static void test_softmax_tensors(void **state)
{
	(void)state;
	check_softmax("rows", "simplified");
	check_softmax("columns", "simplified");
	check_softmax("rows", "jacobian");
	check_softmax("columns", "jacobian");
}

/* The test-data net of lessons/reflectivity.lesson (columns, layers of 8
 * sigmoid and 1 identity unit, 1 input): the same parameters in the same
 * places as the training net, 51 samples (datasets/reflectivity-test.csv:
 * angles 0 to 50) where training has 31 (0 to 30), and a residual of
 * one cell per sample in the loss phase. */
static void test_test_net(void **state)
{
	(void)state;
	struct lesson l, view;
	struct net train, test;
	struct diags d = {0};
	assert_int_equal(lesson_load(&l, "lessons/reflectivity.lesson", &d), 0);
	assert_int_equal(net_init(&train, &l, &d), 0);
	assert_int_equal(net_init_test(&test, &view, &l, &d), 0);
	assert_int_equal(train.tensors[train.input].cols, 31);
	assert_int_equal(test.tensors[test.input].cols, 51);
	assert_int_equal(view.n_samples, 51);
	/* W1 8x1, b1 8x1, W2 1x8, b2 1x1. */
	assert_int_equal(test.n_params, 25);
	assert_int_equal(train.n_params, 25);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(test.tensors[i].name, train.tensors[i].name);
		assert_int_equal(test.tensors[i].offset, train.tensors[i].offset);
	}
	assert_int_equal(train.residual, -1);
	assert_true(test.residual >= 0);
	const struct tensor *r = &test.tensors[test.residual];
	assert_string_equal(r->name, "residual");
	assert_int_equal(r->rows, 1);
	assert_int_equal(r->cols, 51);
	assert_int_equal(r->phase, PHASE_LOSS);
	assert_false(r->given);
	net_free(&test);
	net_free(&train);
	lesson_free(&l);
	diags_free(&d);
}

static void test_find(void **state)
{
	(void)state;
	struct lesson l;
	struct net n;
	open_two_layers(&l, &n, "rows");
	assert_int_equal(net_find(&n, "b2"), -1); /* bias no */
	assert_int_equal(net_find(&n, "exp1"), -1); /* not softmax */
	assert_int_equal(net_find(&n, "accuracy"), -1);
	assert_int_equal(net_find(&n, ""), -1);
	assert_int_equal(net_find(&n, "W"), -1);  /* no prefix match */
	assert_int_equal(net_find(&n, "W1_"), -1);
	net_free(&n);
	lesson_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_layout),
		cmocka_unit_test(test_columns_layout),
		cmocka_unit_test(test_softmax_tensors),
		cmocka_unit_test(test_test_net),
		cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
