/* Formula tests: every kind of operation in words, symbolically and as a
 * hand calculation, against text written out here.
 *
 * Each test runs one iteration of a small lesson written inline, with
 * weights chosen so that the numbers can be worked out by hand: mostly
 * halves and quarters, which are exact in binary, so every sum and product
 * below is exact and its text needs no rounding.  Where a transcendental
 * enters (a sigmoid of a number other than 0, tanh, softplus, exp, ln) the
 * value was computed with numpy (/usr/bin/python3) by the expression quoted
 * beside it and written at 8 decimals with '%.8f' (half-even on the exact
 * binary value, as numfmt_scalar rounds), trailing zeros cut.  Nothing
 * here was copied from nntrace's own output.
 *
 * The texts must be the calculation that was done: brackets where an
 * average or a scale covers a whole expression, and where a lesson's clip
 * changed an operand, the clip and the bound used ("σ(clip(4, −2, 2))",
 * "max(0.09003057, 0.1)").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/engine.h"
#include "render/formula.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "model/trace.h"

/* The styles: the player's (UTF-8, 8 decimals), the ASCII handout's,
 * other precisions and truncated sums. */
static const struct formula_style U8 = {8, true, 0, NULL, NULL, NULL};
static const struct formula_style ASCII = {8, false, 0, NULL, NULL, NULL};
static const struct formula_style P1 = {1, true, 0, NULL, NULL, NULL};
static const struct formula_style P2 = {2, true, 0, NULL, NULL, NULL};
static const struct formula_style P3 = {3, true, 0, NULL, NULL, NULL};
static const struct formula_style MAX1 = {8, true, 1, NULL, NULL, NULL};
static const struct formula_style MAX2 = {8, true, 2, NULL, NULL, NULL};
static const struct formula_style MAX1_ASCII = {8, false, 1, NULL, NULL, NULL};

/* One traced iteration of a lesson. */
struct run {
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct step_result r;
};

/* Parses `text` (the path anchors a data file, if any), lays out the
 * net and traces iteration 0. */
static struct run *run_at(const char *path, const char *text)
{
	struct run *f = calloc(1, sizeof *f);
	struct diags d = {0};
	assert_non_null(f);
	int rc = lesson_parse(&f->l, path, text, strlen(text), &d);
	if (rc) {
		char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
		for (size_t i = 0; i < d.n; i++) {
			diags_format(&d, i, line, sizeof line);
			print_error("%s\n", line);
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(net_init(&f->n, &f->l, &d), 0);
	diags_free(&d);
	assert_int_equal(engine_init(&f->e, &f->n), 0);
	assert_int_equal(trace_init(&f->t, &f->n), 0);
	assert_int_equal(engine_step(&f->e, &f->t, &f->r), 0);
	assert_false(f->t.oom);
	return f;
}

static struct run *run(const char *text)
{
	return run_at("tests/formula.lesson", text);
}

/* The same with a format and arguments filled in. */
static struct run *runf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static struct run *runf(const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof text);
	return run(text);
}

static void done(struct run *f)
{
	trace_free(&f->t);
	engine_free(&f->e);
	net_free(&f->n);
	lesson_free(&f->l);
	free(f);
}

/* The step that wrote cell (row, col) of the tensor called `name`, which
 * must be an operation of kind `kind`. */
static size_t step_of(const struct trace *t, const char *name, size_t row,
                      size_t col, enum op_kind kind)
{
	int ti = net_find(t->net, name);
	if (ti < 0)
		fail_msg("no tensor '%s'", name);
	const struct tensor *tt = &t->net->tensors[ti];
	assert_true(row < tt->rows && col < tt->cols);
	for (size_t i = 0; i < t->n_ops; i++)
		if (t->ops[i].tensor == (uint32_t)ti &&
		    t->ops[i].index == row * tt->cols + col) {
			assert_int_equal(t->ops[i].kind, kind);
			return i;
		}
	fail_msg("no operation writes %s[%zu,%zu]", name, row, col);
	return 0;
}

/* The three renderings of that operation; NULL skips one (words do not
 * depend on the style, so the tests of other styles leave them out). */
static void expect(const struct trace *t, const struct formula_style *s,
                   const char *name, size_t row, size_t col,
                   enum op_kind kind, const char *words, const char *symbolic,
                   const char *numeric)
{
	char buf[4096];
	size_t i = step_of(t, name, row, col, kind);
	if (words) {
		size_t n = formula_words(buf, sizeof buf, t, i);
		assert_string_equal(buf, words);
		assert_int_equal(n, strlen(buf));
	}
	if (symbolic) {
		size_t n = formula_symbolic(buf, sizeof buf, t, i, s);
		assert_string_equal(buf, symbolic);
		assert_int_equal(n, strlen(buf));
	}
	if (numeric) {
		size_t n = formula_numeric(buf, sizeof buf, t, i, s);
		assert_string_equal(buf, numeric);
		assert_int_equal(n, strlen(buf));
	}
}

/* =====================================================================
 * Two layers, relu then identity, squared loss
 * ===================================================================== */

/* x = [[1, 2], [-1, 0.5]], y = [[0.5], [0]].  By hand:
 *   z1 = x W1 + b1 = [[1*0.5 + 2*0.25 + 0,  1*-0.25 + 2*0.5 + 0.25],
 *                     [-1*0.5 + 0.5*0.25 + 0, -1*-0.25 + 0.5*0.5 + 0.25]]
 *      = [[1, 1], [-0.375, 0.75]]
 *   a1 = relu(z1) = [[1, 1], [0, 0.75]]
 *   z2 = a1 W2 + b2 = [[1*0.5 + 1*-1 + 0.25], [0*0.5 + 0.75*-1 + 0.25]]
 *      = [[-0.25], [-0.5]] = a2 (identity)
 *   a2 - y = [[-0.75], [-0.5]]
 * With reduction mean (n = 2), error2 = 2 (a2 - y) / 2 = [[-0.75], [-0.5]],
 * the loss ((-0.75)^2 + (-0.5)^2) / 2 = (0.5625 + 0.25) / 2 = 0.40625 and
 * the absolute metric (0.75 + 0.5) / 2 = 0.625.  Backward (identity'
 * = 1): delta2 = error2; dW2 = a1^T delta2 = [[1*-0.75 + 0*-0.5],
 * [1*-0.75 + 0.75*-0.5]] = [[-0.75], [-1.125]]; db2 = -0.75 + -0.5 =
 * -1.25; error1 = delta2 W2^T = [[-0.375, 0.75], [-0.25, 0.5]]; relu'(z1)
 * = [[1, 1], [0, 1]]; delta1 = [[-0.375, 0.75], [-0 (shown 0), 0.5]];
 * dW1 = x^T delta1 = [[1*-0.375 + -1*-0, 1*0.75 + -1*0.5],
 * [2*-0.375 + 0.5*-0, 2*0.75 + 0.5*0.5]] = [[-0.375, 0.25], [-0.75, 1.75]];
 * db1 = [-0.375, 1.25].  Updates at rate 0.5: W1_new[1,1] = 0.5 - 0.5 *
 * 1.75 = -0.375, W2_new[0,0] = 0.5 - 0.5 * -0.75 = 0.875, b2_new = 0.25 -
 * 0.5 * -1.25 = 0.875, b1_new[0,0] = 0 - 0.5 * -0.375 = 0.1875. */
static const char relu_fmt[] =
	"title relu then identity\n"
	"sample 1 2 -> 0.5\n"
	"sample -1 0.5 -> 0\n"
	"layer 2 relu\n"
	"weights [[0.5, -0.25], [0.25, 0.5]]\n"
	"biases [0, 0.25]\n"
	"layer 1 identity\n"
	"weights [[0.5], [-1]]\n"
	"biases [0.25]\n"
	"loss squared\n"
	"reduction %s\n"
	"bias-gradient %s\n"
	"metrics absolute\n"
	"learning-rate 0.5\n"
	"iterations 1\n";

static void test_forward_dot_relu_identity(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &U8, "z1", 0, 0, OP_DOT,
	       "Weighted sum: x[0,:] times W1[:,0], element by element, "
	       "added up, plus the bias.",
	       "z1[0,0] = x[0,:] · W1[:,0] + b1[0,0]",
	       "(1 × 0.5) + (2 × 0.25) + 0 = 1");
	expect(t, &U8, "z1", 1, 0, OP_DOT, NULL,
	       "z1[1,0] = x[1,:] · W1[:,0] + b1[0,0]",
	       "(−1 × 0.5) + (0.5 × 0.25) + 0 = −0.375");
	expect(t, &U8, "z1", 1, 1, OP_DOT, NULL,
	       "z1[1,1] = x[1,:] · W1[:,1] + b1[0,1]",
	       "(−1 × −0.25) + (0.5 × 0.5) + 0.25 = 0.75");
	expect(t, &U8, "a1", 1, 0, OP_RELU,
	       "ReLU keeps a positive sum and turns a negative one into 0.",
	       "a1[1,0] = relu(z1[1,0])", "max(0, −0.375) = 0");
	expect(t, &U8, "a1", 0, 1, OP_RELU, NULL, "a1[0,1] = relu(z1[0,1])",
	       "max(0, 1) = 1");
	/* b2 is 1x1: a bare name */
	expect(t, &U8, "z2", 1, 0, OP_DOT,
	       "Weighted sum: a1[1,:] times W2[:,0], element by element, "
	       "added up, plus the bias.",
	       "z2[1,0] = a1[1,:] · W2[:,0] + b2",
	       "(0 × 0.5) + (0.75 × −1) + 0.25 = −0.5");
	expect(t, &U8, "a2", 0, 0, OP_IDENTITY,
	       "Identity activation: the output is the weighted sum.",
	       "a2[0,0] = (z2[0,0])", "−0.25 = −0.25");
	done(f);
}

static void test_loss_phase_squared_mean(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &U8, "error2", 0, 0, OP_ERROR,
	       "Derivative of the squared loss with respect to this output.",
	       "error2[0,0] = dL/da2[0,0]",
	       "2 × (−0.25 − 0.5) / 2 = −0.75");
	expect(t, &U8, "error2", 1, 0, OP_ERROR, NULL,
	       "error2[1,0] = dL/da2[1,0]", "2 × (−0.5 − 0) / 2 = −0.5");
	expect(t, &U8, "loss", 0, 0, OP_LOSS,
	       "The squared loss of this iteration's predictions.",
	       "loss = mean((a2 − y)²)",
	       "((−0.25 − 0.5)² + (−0.5 − 0)²) / 2 = 0.40625");
	expect(t, &U8, "loss_absolute", 0, 0, OP_METRIC,
	       "Also reported: the absolute loss.",
	       "loss_absolute = mean(|a2 − y|)",
	       "(|−0.25 − 0.5| + |−0.5 − 0|) / 2 = 0.625");
	done(f);
}

/* The same network summed: error2 = 2 (a2 - y) = [[-1.5], [-1]], loss
 * 0.5625 + 0.25 = 0.8125, absolute 0.75 + 0.5 = 1.25; with bias-gradient
 * mean db2 = (-1.5 + -1) / 2 = -1.25, and error1[:,1] = delta2 * W2[1] =
 * [1.5, 1] with relu' 1, so db1[0,1] = (1.5 + 1) / 2 = 1.25. */
static void test_loss_phase_squared_sum(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "sum", "mean");
	const struct trace *t = &f->t;
	expect(t, &U8, "error2", 0, 0, OP_ERROR, NULL, NULL,
	       "2 × (−0.25 − 0.5) = −1.5");
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, "loss = Σ (a2 − y)²",
	       "((−0.25 − 0.5)² + (−0.5 − 0)²) = 0.8125");
	expect(t, &U8, "loss_absolute", 0, 0, OP_METRIC, NULL,
	       "loss_absolute = Σ |a2 − y|",
	       "(|−0.25 − 0.5| + |−0.5 − 0|) = 1.25");
	/* a negative term after a sign is subtracted: −1.5 − 1 */
	expect(t, &U8, "db2", 0, 0, OP_BIAS_GRAD,
	       "Bias gradient: the deltas, averaged over the samples.",
	       "db2 = mean delta2[:,0]", "(−1.5 − 1) / 2 = −1.25");
	expect(t, &U8, "db1", 0, 1, OP_BIAS_GRAD, NULL,
	       "db1[0,1] = mean delta1[:,1]", "(1.5 + 1) / 2 = 1.25");
	done(f);
}

static void test_backward_and_update(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &U8, "deriv2", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "weighted sum z.",
	       "deriv2[0,0] = 1", "1 = 1");
	expect(t, &U8, "delta2", 1, 0, OP_DELTA,
	       "Delta: how much this unit's weighted sum should change.",
	       "delta2[1,0] = error2[1,0] × deriv2[1,0]", "−0.5 × 1 = −0.5");
	expect(t, &U8, "dW2", 1, 0, OP_GRAD,
	       "Weight gradient: inputs times deltas, summed over the "
	       "samples.",
	       "dW2[1,0] = a1[:,1] · delta2[:,0]",
	       "(1 × −0.75) + (0.75 × −0.5) = −1.125");
	expect(t, &U8, "db2", 0, 0, OP_BIAS_GRAD,
	       "Bias gradient: the deltas, summed over the samples.",
	       "db2 = Σ delta2[:,0]", "(−0.75 − 0.5) = −1.25");
	expect(t, &U8, "error1", 0, 1, OP_BACKPROP,
	       "Error sent back: the deltas above, weighted by the "
	       "connections they came through.",
	       "error1[0,1] = delta2[0,0] · W2[1,0]", "(−0.75 × −1) = 0.75");
	expect(t, &U8, "deriv1", 1, 0, OP_DERIV, NULL,
	       "deriv1[1,0] = (z1[1,0] > 0 ? 1 : 0)",
	       "(−0.375 > 0 ? 1 : 0) = 0");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "(1 > 0 ? 1 : 0) = 1");
	/* -0.25 x 0 is -0, written 0 */
	expect(t, &U8, "delta1", 1, 0, OP_DELTA, NULL,
	       "delta1[1,0] = error1[1,0] × deriv1[1,0]", "−0.25 × 0 = 0");
	expect(t, &U8, "dW1", 0, 0, OP_GRAD, NULL,
	       "dW1[0,0] = x[:,0] · delta1[:,0]",
	       "(1 × −0.375) + (−1 × 0) = −0.375");
	expect(t, &U8, "dW1", 1, 1, OP_GRAD, NULL,
	       "dW1[1,1] = x[:,1] · delta1[:,1]",
	       "(2 × 0.75) + (0.5 × 0.5) = 1.75");
	expect(t, &U8, "db1", 0, 1, OP_BIAS_GRAD, NULL,
	       "db1[0,1] = Σ delta1[:,1]", "(0.75 + 0.5) = 1.25");
	expect(t, &U8, "W1_new", 1, 1, OP_UPDATE,
	       "Update: the parameter moves against its gradient, scaled by "
	       "the learning rate.",
	       "W1_new[1,1] = W1[1,1] − rate × dW1[1,1]",
	       "0.5 − 0.5 × 1.75 = −0.375");
	expect(t, &U8, "W2_new", 0, 0, OP_UPDATE, NULL,
	       "W2_new[0,0] = W2[0,0] − rate × dW2[0,0]",
	       "0.5 − 0.5 × −0.75 = 0.875");
	expect(t, &U8, "b2_new", 0, 0, OP_UPDATE, NULL,
	       "b2_new = b2 − rate × db2", "0.25 − 0.5 × −1.25 = 0.875");
	expect(t, &U8, "b1_new", 0, 0, OP_UPDATE, NULL,
	       "b1_new[0,0] = b1[0,0] − rate × db1[0,0]",
	       "0 − 0.5 × −0.375 = 0.1875");
	done(f);
}

/* ASCII: * for the times sign, - for the minus, ^2, sum, ".". */
static void test_ascii(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &ASCII, "z1", 0, 0, OP_DOT, NULL,
	       "z1[0,0] = x[0,:] . W1[:,0] + b1[0,0]",
	       "(1 * 0.5) + (2 * 0.25) + 0 = 1");
	expect(t, &ASCII, "z1", 1, 1, OP_DOT, NULL, NULL,
	       "(-1 * -0.25) + (0.5 * 0.5) + 0.25 = 0.75");
	expect(t, &ASCII, "a1", 1, 0, OP_RELU, NULL, NULL,
	       "max(0, -0.375) = 0");
	expect(t, &ASCII, "error2", 0, 0, OP_ERROR, NULL, NULL,
	       "2 * (-0.25 - 0.5) / 2 = -0.75");
	expect(t, &ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "((-0.25 - 0.5)^2 + (-0.5 - 0)^2) / 2 = 0.40625");
	expect(t, &ASCII, "loss_absolute", 0, 0, OP_METRIC, NULL, NULL,
	       "(|-0.25 - 0.5| + |-0.5 - 0|) / 2 = 0.625");
	expect(t, &ASCII, "delta2", 1, 0, OP_DELTA, NULL,
	       "delta2[1,0] = error2[1,0] * deriv2[1,0]", "-0.5 * 1 = -0.5");
	expect(t, &ASCII, "db2", 0, 0, OP_BIAS_GRAD, NULL,
	       "db2 = sum delta2[:,0]", "(-0.75 - 0.5) = -1.25");
	expect(t, &ASCII, "loss", 0, 0, OP_LOSS, NULL,
	       "loss = mean((a2 - y)^2)", NULL);
	expect(t, &ASCII, "W1_new", 1, 1, OP_UPDATE, NULL,
	       "W1_new[1,1] = W1[1,1] - rate * dW1[1,1]",
	       "0.5 - 0.5 * 1.75 = -0.375");
	done(f);
}

/* Other precisions, rounded half-even on the exact binary value:
 * 0.375 -> 0.38 (2 decimals) and 0.4 (1), 1.125 -> 1.12 (2), 1.75 -> 1.8
 * (1), 0.1875 -> 0.2 (1), 0.40625 -> 0.406 (3). */
static void test_precision(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &P2, "z1", 1, 0, OP_DOT, NULL, NULL,
	       "(−1 × 0.5) + (0.5 × 0.25) + 0 = −0.38");
	expect(t, &P2, "dW2", 1, 0, OP_GRAD, NULL, NULL,
	       "(1 × −0.75) + (0.75 × −0.5) = −1.12");
	expect(t, &P1, "W1_new", 1, 1, OP_UPDATE, NULL, NULL,
	       "0.5 − 0.5 × 1.8 = −0.4");
	expect(t, &P1, "b1_new", 0, 0, OP_UPDATE, NULL, NULL,
	       "0 − 0.5 × −0.4 = 0.2");
	expect(t, &P3, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "((−0.25 − 0.5)² + (−0.5 − 0)²) / 2 = 0.406");
	done(f);
}

/* A cache keyed by the bits and the precision: the same value at two
 * precisions through one cache gives each its own text. */
static void test_cache(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	struct formula_cache *cache = calloc(1, sizeof *cache);
	assert_non_null(cache);
	struct formula_style c8 = {.precision = 8, .utf8 = true, .cache = cache};
	struct formula_style c2 = {.precision = 2, .utf8 = true, .cache = cache};
	for (int pass = 0; pass < 2; pass++) {
		expect(&f->t, &c8, "z1", 1, 0, OP_DOT, NULL, NULL,
		       "(−1 × 0.5) + (0.5 × 0.25) + 0 = −0.375");
		expect(&f->t, &c2, "z1", 1, 0, OP_DOT, NULL, NULL,
		       "(−1 × 0.5) + (0.5 × 0.25) + 0 = −0.38");
	}
	free(cache);
	done(f);
}

/* max_terms: the first terms, then "… (N more)"; a sum of exactly
 * max_terms terms is shown whole. */
static void test_max_terms(void **state)
{
	(void)state;
	struct run *f = runf(relu_fmt, "mean", "sum");
	const struct trace *t = &f->t;
	expect(t, &MAX1, "z1", 0, 0, OP_DOT, NULL,
	       "z1[0,0] = x[0,:] · W1[:,0] + b1[0,0]",
	       "(1 × 0.5) + … (1 more) + 0 = 1");
	expect(t, &MAX2, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 × 0.5) + (2 × 0.25) + 0 = 1");
	expect(t, &MAX1_ASCII, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 * 0.5) + ... (1 more) + 0 = 1");
	expect(t, &MAX1, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "((−0.25 − 0.5)² + … (1 more)) / 2 = 0.40625");
	expect(t, &MAX1, "loss_absolute", 0, 0, OP_METRIC, NULL, NULL,
	       "(|−0.25 − 0.5| + … (1 more)) / 2 = 0.625");
	expect(t, &MAX1, "dW2", 1, 0, OP_GRAD, NULL, NULL,
	       "(1 × −0.75) + … (1 more) = −1.125");
	expect(t, &MAX1, "db2", 0, 0, OP_BIAS_GRAD, NULL, NULL,
	       "(−0.75 + … (1 more)) = −1.25");
	done(f);
}

/* =====================================================================
 * One unit: the activations and the forms of the derivative
 * ===================================================================== */

/* One sample x = 1 with target 1, one unit with weight w and no bias, so
 * z1 = w; every tensor is 1x1 and named without an index.  The squared
 * loss summed: error1 = 2 (a1 - 1), loss (a1 - 1)^2. */
static const char unit_fmt[] =
	"title one unit\n"
	"sample 1 -> 1\n"
	"layer 1 %s\n"
	"bias no\n"
	"weights [[%s]]\n"
	"%s\n"
	"loss squared\n"
	"reduction sum\n"
	"learning-rate 1\n"
	"iterations 1\n";

/* z1 = -0.5.  numpy: a = 1/(1+np.exp(0.5)) = 0.3775406687981454 ->
 * 0.37754067; 2*(a-1) -> -1.24491866; (a-1)**2 -> 0.38745562;
 * a*(1-a) -> 0.23500371; 2*(a-1)*a*(1-a) -> -0.29256051; the update
 * -0.5 - 1 * that -> -0.20743949. */
static void test_sigmoid_from_z(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "sigmoid", "-0.5", "derivative from-z");
	const struct trace *t = &f->t;
	expect(t, &U8, "z1", 0, 0, OP_DOT,
	       "Weighted sum: x times W1, element by element, added up.",
	       "z1 = x · W1", "(1 × −0.5) = −0.5");
	expect(t, &U8, "a1", 0, 0, OP_SIGMOID,
	       "The sigmoid squashes the weighted sum into (0, 1).",
	       "a1 = σ(z1)", "σ(−0.5) = 1 / (1 + e^0.5) = 0.37754067");
	expect(t, &ASCII, "a1", 0, 0, OP_SIGMOID, NULL, "a1 = sigmoid(z1)",
	       "sigmoid(-0.5) = 1 / (1 + e^0.5) = 0.37754067");
	expect(t, &U8, "error1", 0, 0, OP_ERROR, NULL, "error1 = dL/da1",
	       "2 × (0.37754067 − 1) = −1.24491866");
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "((0.37754067 − 1)²) = 0.38745562");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "weighted sum z.",
	       "deriv1 = σ(z1) × (1 − σ(z1))",
	       "σ(−0.5) × (1 − σ(−0.5)) = 0.23500371");
	expect(t, &ASCII, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "sigmoid(-0.5) * (1 - sigmoid(-0.5)) = 0.23500371");
	expect(t, &U8, "delta1", 0, 0, OP_DELTA, NULL,
	       "delta1 = error1 × deriv1",
	       "−1.24491866 × 0.23500371 = −0.29256051");
	expect(t, &U8, "dW1", 0, 0, OP_GRAD, NULL, "dW1 = x · delta1",
	       "(1 × −0.29256051) = −0.29256051");
	expect(t, &U8, "W1_new", 0, 0, OP_UPDATE, NULL,
	       "W1_new = W1 − rate × dW1",
	       "−0.5 − 1 × −0.29256051 = −0.20743949");
	done(f);
}

/* z1 = 0: e^-0 is written e^0; sigma(0) = 1 / (1 + 1) = 0.5 and its
 * derivative 0.5 * 0.5 = 0.25, by hand. */
static void test_sigmoid_at_zero(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "sigmoid", "0", "");
	const struct trace *t = &f->t;
	expect(t, &U8, "a1", 0, 0, OP_SIGMOID, NULL, NULL,
	       "σ(0) = 1 / (1 + e^0) = 0.5");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "σ(0) × (1 − σ(0)) = 0.25");
	done(f);
}

/* numpy as above: a*(1-a) -> 0.23500371, 2*a*(1-a) -> 0.47000742. */
static void test_sigmoid_from_output_and_scale(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "sigmoid", "-0.5",
	                     "derivative from-output");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "activation's output.",
	       "deriv1 = a1 × (1 − a1)", "0.37754067 × (1 − 0.37754067) = 0.23500371");
	done(f);
	f = runf(unit_fmt, "sigmoid", "-0.5", "derivative from-z scale 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 2 × σ(z1) × (1 − σ(z1))",
	       "2 × σ(−0.5) × (1 − σ(−0.5)) = 0.47000742");
	done(f);
	f = runf(unit_fmt, "sigmoid", "-0.5", "derivative from-output scale 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 2 × a1 × (1 − a1)",
	       "2 × 0.37754067 × (1 − 0.37754067) = 0.47000742");
	done(f);
}

/* compare-derivatives beside a from-output derivative.  By hand the
 * published z(1 - z) = -0.5 * 1.5 = -0.75; numpy: the other source
 * s*(1-s) with s = 1/(1+np.exp(0.5)) -> 0.23500371, and the central
 * difference (sig(-0.5+1e-5) - sig(-0.5-1e-5)) / 2e-5 -> 0.23500371. */
static void test_compare_derivatives(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "sigmoid", "-0.5",
	                     "derivative from-output\ncompare-derivatives yes");
	const struct trace *t = &f->t;
	/* what it computes, z(1 - z), not f'(z) */
	expect(t, &U8, "deriv1_wrong", 0, 0, OP_DERIV,
	       "The published (wrong) formula z(1 - z), applied to z itself.",
	       "deriv1_wrong = z1 × (1 − z1)", "−0.5 × (1 + 0.5) = −0.75");
	expect(t, &ASCII, "deriv1_wrong", 0, 0, OP_DERIV, NULL,
	       "deriv1_wrong = z1 * (1 - z1)", "-0.5 * (1 + 0.5) = -0.75");
	expect(t, &U8, "deriv1_other", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "weighted sum z.",
	       "deriv1_other = σ(z1) × (1 − σ(z1))",
	       "σ(−0.5) × (1 − σ(−0.5)) = 0.23500371");
	expect(t, &U8, "deriv1_numeric", 0, 0, OP_DERIV,
	       "Numerical check: the sigmoid's rise over a tiny step on each "
	       "side of z.",
	       "deriv1_numeric = (σ(z1 + 0.00001) − σ(z1 − 0.00001)) / 0.00002",
	       "(σ(−0.5 + 0.00001) − σ(−0.5 − 0.00001)) / 0.00002 = "
	       "0.23500371");
	done(f);
	/* Beside a from-z derivative the other source is the output. */
	f = runf(unit_fmt, "sigmoid", "-0.5", "compare-derivatives yes");
	expect(&f->t, &U8, "deriv1_other", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "activation's output.",
	       "deriv1_other = a1 × (1 − a1)",
	       "0.37754067 × (1 − 0.37754067) = 0.23500371");
	done(f);
}

/* z1 = 1.2.  numpy: np.tanh(1.2) = 0.8336546070121552 -> 0.83365461;
 * 1 - np.tanh(1.2)**2 -> 0.30502 (0.305019996...); half of it,
 * 0.5*(1-np.tanh(1.2)**2) = 0.15250999810370452 -> 0.15251.  Scaled, the
 * scale multiplies the whole 1 - t^2: 0.5 x (1 - t^2), not 0.5 x 1 - t^2
 * (which would be 0.5 - 0.69497... = -0.19498). */
static void test_tanh(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "tanh", "1.2", "derivative from-z");
	const struct trace *t = &f->t;
	expect(t, &U8, "a1", 0, 0, OP_TANH,
	       "tanh squashes the weighted sum into (-1, 1).", "a1 = tanh(z1)",
	       "tanh(1.2) = 0.83365461");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 1 − tanh(z1)²",
	       "1 − tanh(1.2)² = 0.30502");
	expect(t, &ASCII, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "1 - tanh(1.2)^2 = 0.30502");
	done(f);
	f = runf(unit_fmt, "tanh", "1.2", "derivative from-output");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 1 − a1²",
	       "1 − 0.83365461² = 0.30502");
	done(f);
	f = runf(unit_fmt, "tanh", "1.2", "derivative from-z scale 0.5");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 0.5 × (1 − tanh(z1)²)",
	       "0.5 × (1 − tanh(1.2)²) = 0.15251");
	expect(&f->t, &ASCII, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "0.5 * (1 - tanh(1.2)^2) = 0.15251");
	done(f);
	f = runf(unit_fmt, "tanh", "1.2", "derivative from-output scale 0.5");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = 0.5 × (1 − a1²)",
	       "0.5 × (1 − 0.83365461²) = 0.15251");
	done(f);
}

/* z1 = -0.5.  numpy: np.log(1+np.exp(-0.5)) -> 0.47407698; its
 * derivative sigma(-0.5) = 1/(1+np.exp(0.5)) -> 0.37754067, scaled by 2
 * 2/(1+np.exp(0.5)) -> 0.75508134. */
static void test_softplus(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "softplus", "-0.5", "");
	const struct trace *t = &f->t;
	expect(t, &U8, "a1", 0, 0, OP_SOFTPLUS,
	       "Softplus, a smooth ReLU: ln(1 + e^z).", "a1 = softplus(z1)",
	       "ln(1 + e^−0.5) = 0.47407698");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = σ(z1)",
	       "σ(−0.5) = 0.37754067");
	done(f);
	f = runf(unit_fmt, "softplus", "-0.5", "derivative from-z scale 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "2 × σ(−0.5) = 0.75508134");
	done(f);
}

/* relu from the output (a = max(0, -0.5) = 0, so 0 > 0 is false) and
 * from z scaled by 2 (2 x 1); identity scaled by 3 (3 x 1), by hand. */
static void test_relu_identity_derivatives(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "relu", "-0.5", "derivative from-output");
	expect(&f->t, &U8, "a1", 0, 0, OP_RELU, NULL, "a1 = relu(z1)",
	       "max(0, −0.5) = 0");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "activation's output.",
	       "deriv1 = (a1 > 0 ? 1 : 0)", "(0 > 0 ? 1 : 0) = 0");
	done(f);
	f = runf(unit_fmt, "relu", "0.5", "derivative from-z scale 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "2 × (0.5 > 0 ? 1 : 0) = 2");
	done(f);
	f = runf(unit_fmt, "identity", "-0.5", "derivative from-z scale 3");
	expect(&f->t, &U8, "a1", 0, 0, OP_IDENTITY, NULL, "a1 = (z1)",
	       "−0.5 = −0.5");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL, "3 × 1 = 3");
	done(f);
	f = runf(unit_fmt, "identity", "-0.5", "derivative from-output");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "activation's output.",
	       "deriv1 = 1", "1 = 1");
	done(f);
}

/* Leaky ReLU, by hand: at z1 = -0.5 the default slope gives 0.01 x -0.5
 * = -0.005 and a slope of 0.25 gives -0.125; its slope is the slope
 * itself, 0.25 (from -0.125, negative, when taken from the output), 2 x
 * 0.25 = 0.5 scaled by 2; at z1 = 1.5 the output is z1 itself. */
static void test_leaky_relu(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "leaky-relu", "-0.5", "");
	expect(&f->t, &U8, "a1", 0, 0, OP_LEAKY_RELU,
	       "Leaky ReLU keeps a positive sum and multiplies a negative one "
	       "by a small slope.",
	       "a1 = leaky-relu(z1)",
	       "(−0.5 > 0 ? −0.5 : 0.01 × −0.5) = −0.005");
	expect(&f->t, &ASCII, "a1", 0, 0, OP_LEAKY_RELU, NULL,
	       "a1 = leaky-relu(z1)",
	       "(-0.5 > 0 ? -0.5 : 0.01 * -0.5) = -0.005");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = (z1 > 0 ? 1 : 0.01)",
	       "(−0.5 > 0 ? 1 : 0.01) = 0.01");
	done(f);
	f = runf(unit_fmt, "leaky-relu slope 0.25", "-0.5",
	         "derivative from-output");
	expect(&f->t, &U8, "a1", 0, 0, OP_LEAKY_RELU, NULL, NULL,
	       "(−0.5 > 0 ? −0.5 : 0.25 × −0.5) = −0.125");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = (a1 > 0 ? 1 : 0.25)",
	       "(−0.125 > 0 ? 1 : 0.25) = 0.25");
	done(f);
	f = runf(unit_fmt, "leaky-relu slope 0.25", "-0.5",
	         "derivative from-z scale 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "2 × (−0.5 > 0 ? 1 : 0.25) = 0.5");
	done(f);
	f = runf(unit_fmt, "leaky-relu", "1.5", "");
	expect(&f->t, &U8, "a1", 0, 0, OP_LEAKY_RELU, NULL, NULL,
	       "(1.5 > 0 ? 1.5 : 0.01 × 1.5) = 1.5");
	done(f);
}

/* ELU.  numpy: np.exp(-0.5)-1 -> -0.39346934, np.exp(-0.5) ->
 * 0.60653066 (and a + 1 the same); with alpha 0.5 at z1 = -1.5,
 * 0.5*(np.exp(-1.5)-1) -> -0.38843492 and 0.5*np.exp(-1.5) ->
 * 0.11156508 (a + 0.5 the same); at z1 = 2 the output is z1 and the
 * slope 1, by hand. */
static void test_elu(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "elu", "-0.5", "");
	expect(&f->t, &U8, "a1", 0, 0, OP_ELU,
	       "ELU keeps a positive sum and bends a negative one smoothly "
	       "towards minus alpha.",
	       "a1 = elu(z1)",
	       "(−0.5 > 0 ? −0.5 : 1 × (e^−0.5 − 1)) = −0.39346934");
	expect(&f->t, &ASCII, "a1", 0, 0, OP_ELU, NULL, "a1 = elu(z1)",
	       "(-0.5 > 0 ? -0.5 : 1 * (e^-0.5 - 1)) = -0.39346934");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = (z1 > 0 ? 1 : 1 × e^z1)",
	       "(−0.5 > 0 ? 1 : 1 × e^−0.5) = 0.60653066");
	done(f);
	f = runf(unit_fmt, "elu", "-0.5", "derivative from-output");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, "deriv1 = (a1 > 0 ? 1 : a1 + 1)",
	       "(−0.39346934 > 0 ? 1 : −0.39346934 + 1) = 0.60653066");
	expect(&f->t, &ASCII, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "(-0.39346934 > 0 ? 1 : -0.39346934 + 1) = 0.60653066");
	done(f);
	f = runf(unit_fmt, "elu alpha 0.5", "-1.5", "derivative from-output");
	expect(&f->t, &U8, "a1", 0, 0, OP_ELU, NULL, NULL,
	       "(−1.5 > 0 ? −1.5 : 0.5 × (e^−1.5 − 1)) = −0.38843492");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "(−0.38843492 > 0 ? 1 : −0.38843492 + 0.5) = 0.11156508");
	done(f);
	f = runf(unit_fmt, "elu alpha 0.5", "-1.5", "");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "(−1.5 > 0 ? 1 : 0.5 × e^−1.5) = 0.11156508");
	done(f);
	f = runf(unit_fmt, "elu alpha 0.5", "2", "");
	expect(&f->t, &U8, "a1", 0, 0, OP_ELU, NULL, NULL,
	       "(2 > 0 ? 2 : 0.5 × (e^2 − 1)) = 2");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "(2 > 0 ? 1 : 0.5 × e^2) = 1");
	done(f);
}

/* =====================================================================
 * Softmax
 * ===================================================================== */

/* Three classes, one input, W1 = [[1, 0, -1]], no bias.  Sample 0 is
 * x = 1, so z1[0,:] = [1, 0, -1]; sample 1 is x = 0, so z1[1,:] = 0 and
 * by hand exp = 1, their sum 3 and every output 1/3 (0.33333333).
 * numpy for sample 0: np.exp(1) -> 2.71828183, np.exp(-1) ->
 * 0.36787944, their sum with 1 (in that order from 0.0) -> 4.08616127,
 * and the outputs e/s -> 0.66524096, 0.24472847, 0.09003057. */
static const char softmax_fmt[] =
	"title softmax\n"
	"sample 1 -> %s\n"
	"sample 0 -> 1 0 0\n"
	"layer 3 softmax\n"
	"bias no\n"
	"weights [[1, 0, -1]]\n"
	"loss %s\n"
	"reduction %s\n"
	"softmax-backward %s\n"
	"%s\n"
	"learning-rate 1\n"
	"iterations 1\n";

static void test_softmax_forward(void **state)
{
	(void)state;
	struct run *f = runf(softmax_fmt, "0 1 0", "cross-entropy", "sum",
	                     "simplified", "");
	const struct trace *t = &f->t;
	expect(t, &U8, "z1", 0, 2, OP_DOT, NULL, "z1[0,2] = x[0,0] · W1[0,2]",
	       "(1 × −1) = −1");
	/* 0 x -1 is -0, written 0 */
	expect(t, &U8, "z1", 1, 2, OP_DOT, NULL, NULL, "(0 × −1) = 0");
	expect(t, &U8, "exp1", 0, 0, OP_EXP,
	       "Softmax, step 1: exponentiate each score.",
	       "exp1[0,0] = exp(z1[0,0])", "e^1 = 2.71828183");
	expect(t, &U8, "exp1", 0, 2, OP_EXP, NULL, NULL, "e^−1 = 0.36787944");
	expect(t, &U8, "exp1", 1, 2, OP_EXP, NULL, NULL, "e^0 = 1");
	/* one sum per sample: sum1 is (2, 1) */
	expect(t, &U8, "sum1", 0, 0, OP_SUM,
	       "Softmax, step 2: add the exponentials of this sample.",
	       "sum1[0,0] = Σ exp1[0,:]", "2.71828183 + 1 + 0.36787944 = "
	                                  "4.08616127");
	expect(t, &ASCII, "sum1", 1, 0, OP_SUM, NULL, "sum1[1,0] = sum exp1[1,:]",
	       "1 + 1 + 1 = 3");
	expect(t, &MAX2, "sum1", 0, 0, OP_SUM, NULL, NULL,
	       "2.71828183 + 1 + … (1 more) = 4.08616127");
	expect(t, &U8, "a1", 0, 1, OP_DIV,
	       "Softmax, step 3: divide by the sum, so the outputs add up to 1.",
	       "a1[0,1] = exp1[0,1] / sum1[0,0]", "1 / 4.08616127 = 0.24472847");
	expect(t, &U8, "a1", 1, 0, OP_DIV, NULL, NULL, "1 / 3 = 0.33333333");
	done(f);
}

/* Cross-entropy with targets [0 1 0] and [1 0 0]: numpy
 * -(np.log(0.24472847...) + np.log(1/3)) -> 2.50621825 summed, 1.25310913
 * averaged.  Accuracy: sample 0 predicts class 0 (0.665 is the largest)
 * for class 1, wrong; sample 1's outputs tie, the first (0) counts, and
 * it is class 0, right: 1 of 2 = 0.5, by hand.  The simplified delta is
 * a - y: 0.24472847 - 1 -> -0.75527153 (numpy), 1/3 - 1 -> -0.66666667
 * and 0.09003057 - 0.  dW1[0,1] = 1 x -0.75527153 + 0 x 1/3 and the
 * update 0 - 1 x dW1[0,1]. */
static void test_softmax_cross_entropy(void **state)
{
	(void)state;
	struct run *f = runf(softmax_fmt, "0 1 0", "cross-entropy", "sum",
	                     "simplified", "");
	const struct trace *t = &f->t;
	expect(t, &U8, "loss", 0, 0, OP_LOSS,
	       "The cross-entropy loss of this iteration's predictions.",
	       "loss = −Σ y ln a1",
	       "−(0 ln 0.66524096 + 1 ln 0.24472847 + 0 ln 0.09003057 + "
	       "1 ln 0.33333333 + 0 ln 0.33333333 + 0 ln 0.33333333) = "
	       "2.50621825");
	expect(t, &ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "-(0 ln 0.66524096 + 1 ln 0.24472847 + 0 ln 0.09003057 + "
	       "1 ln 0.33333333 + 0 ln 0.33333333 + 0 ln 0.33333333) = "
	       "2.50621825");
	expect(t, &MAX2, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "−(0 ln 0.66524096 + 1 ln 0.24472847 + … (4 more)) = "
	       "2.50621825");
	expect(t, &U8, "accuracy", 0, 0, OP_ACCURACY,
	       "Accuracy: the share of the 2 samples classified right.",
	       "accuracy = share of samples classified right",
	       "right answers / 2 = 0.5");
	expect(t, &U8, "delta1", 0, 1, OP_DELTA,
	       "Delta: how much this unit's weighted sum should change.",
	       "delta1[0,1] = a1[0,1] − y[0,1]", "0.24472847 − 1 = −0.75527153");
	expect(t, &U8, "delta1", 1, 0, OP_DELTA, NULL, NULL,
	       "0.33333333 − 1 = −0.66666667");
	expect(t, &ASCII, "delta1", 0, 2, OP_DELTA, NULL,
	       "delta1[0,2] = a1[0,2] - y[0,2]", "0.09003057 - 0 = 0.09003057");
	expect(t, &U8, "dW1", 0, 1, OP_GRAD, NULL,
	       "dW1[0,1] = x[:,0] · delta1[:,1]",
	       "(1 × −0.75527153) + (0 × 0.33333333) = −0.75527153");
	expect(t, &U8, "W1_new", 0, 1, OP_UPDATE, NULL,
	       "W1_new[0,1] = W1[0,1] − rate × dW1[0,1]",
	       "0 − 1 × −0.75527153 = 0.75527153");
	done(f);

	f = runf(softmax_fmt, "0 1 0", "cross-entropy", "mean", "simplified",
	         "");
	t = &f->t;
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "−(0 ln 0.66524096 + 1 ln 0.24472847 + 0 ln 0.09003057 + "
	       "1 ln 0.33333333 + 0 ln 0.33333333 + 0 ln 0.33333333) / 2 = "
	       "1.25310913");
	/* (a - y) / 2, numpy (a[1]-1)/2 -> -0.37763576 and a[2]/2 ->
	 * 0.04501529; without the brackets the text would read a - (y / 2). */
	expect(t, &U8, "delta1", 0, 1, OP_DELTA, NULL,
	       "delta1[0,1] = (a1[0,1] − y[0,1]) / n",
	       "(0.24472847 − 1) / 2 = −0.37763576");
	expect(t, &ASCII, "delta1", 0, 2, OP_DELTA, NULL,
	       "delta1[0,2] = (a1[0,2] - y[0,2]) / n",
	       "(0.09003057 - 0) / 2 = 0.04501529");
	done(f);
}

/* The Jacobian, under the squared loss summed.  Sample 1 by hand: a =
 * 1/3 each, y = [1, 0, 0], error = 2 (a - y) = [-4/3, 2/3, 2/3];
 * delta_i = sum_j e_j a_j (d_ij - a_i):
 *   delta_0 = -4/3 1/3 2/3 + 2/3 1/3 (-1/3) + 2/3 1/3 (-1/3)
 *           = (-8 - 2 - 2) / 27 = -4/9 -> -0.44444444
 *   delta_1 = -4/3 1/3 (-1/3) + 2/3 1/3 2/3 + 2/3 1/3 (-1/3)
 *           = (4 + 4 - 2) / 27 = 2/9 -> 0.22222222 */
static void test_softmax_jacobian(void **state)
{
	(void)state;
	struct run *f = runf(softmax_fmt, "0 1 0", "squared", "sum", "jacobian",
	                     "");
	const struct trace *t = &f->t;
	expect(t, &U8, "error1", 1, 0, OP_ERROR, NULL, "error1[1,0] = dL/da1[1,0]",
	       "2 × (0.33333333 − 1) = −1.33333333");
	expect(t, &U8, "delta1", 1, 0, OP_DELTA,
	       "Delta: how much this unit's weighted sum should change.",
	       "delta1[1,0] = Σ_j error1[1,:] × J",
	       "−1.33333333 × 0.33333333 × (1 − 0.33333333) + "
	       "0.66666667 × 0.33333333 × (0 − 0.33333333) + "
	       "0.66666667 × 0.33333333 × (0 − 0.33333333) = −0.44444444");
	expect(t, &U8, "delta1", 1, 1, OP_DELTA, NULL, NULL,
	       "−1.33333333 × 0.33333333 × (0 − 0.33333333) + "
	       "0.66666667 × 0.33333333 × (1 − 0.33333333) + "
	       "0.66666667 × 0.33333333 × (0 − 0.33333333) = 0.22222222");
	expect(t, &ASCII, "delta1", 1, 0, OP_DELTA, NULL,
	       "delta1[1,0] = sum_j error1[1,:] * J",
	       "-1.33333333 * 0.33333333 * (1 - 0.33333333) + "
	       "0.66666667 * 0.33333333 * (0 - 0.33333333) + "
	       "0.66666667 * 0.33333333 * (0 - 0.33333333) = -0.44444444");
	expect(t, &MAX1, "delta1", 1, 0, OP_DELTA, NULL, NULL,
	       "−1.33333333 × 0.33333333 × (1 − 0.33333333) + … (2 more) = "
	       "−0.44444444");
	done(f);
	/* Cross-entropy through the Jacobian, averaged: error = -y / a / 2;
	 * by hand -1 / (1/3) / 2 = -1.5 and -0 / (1/3) / 2 = -0, its -y
	 * (y = 0) written 0. */
	f = runf(softmax_fmt, "0 1 0", "cross-entropy", "mean", "jacobian", "");
	expect(&f->t, &U8, "error1", 1, 0, OP_ERROR,
	       "Derivative of the cross-entropy loss with respect to this "
	       "output.",
	       "error1[1,0] = dL/da1[1,0]", "−1 / 0.33333333 / 2 = −1.5");
	expect(&f->t, &U8, "error1", 1, 1, OP_ERROR, NULL, NULL,
	       "0 / 0.33333333 / 2 = 0");
	done(f);
}

/* clip probability 0.1 with sample 0's target [0 0 1]: its output
 * 0.09003057 is below 0.1, so the loss takes ln 0.1 (shown as the clip,
 * max(0.09003057, 0.1)); the other outputs are not below 0.1 and stay
 * bare.  numpy: -(np.log(0.1) + np.log(1/3)) -> 3.40119738.  Through the
 * Jacobian the error -y / a divides by the clipped value: -1 / 0.1 = -10
 * by hand, and -0 / 0.66524096 = -0: -y with y = 0 is written 0, as is the result. */
static void test_cross_entropy_clipped(void **state)
{
	(void)state;
	struct run *f = runf(softmax_fmt, "0 0 1", "cross-entropy", "sum",
	                     "simplified", "clip probability 0.1");
	expect(&f->t, &U8, "loss", 0, 0, OP_LOSS,
	       "The cross-entropy loss of this iteration's predictions. A "
	       "probability below the lesson's clip was raised to it.",
	       "loss = −Σ y ln a1",
	       "−(0 ln 0.66524096 + 0 ln 0.24472847 + "
	       "1 ln max(0.09003057, 0.1) + 1 ln 0.33333333 + "
	       "0 ln 0.33333333 + 0 ln 0.33333333) = 3.40119738");
	expect(&f->t, &ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "-(0 ln 0.66524096 + 0 ln 0.24472847 + "
	       "1 ln max(0.09003057, 0.1) + 1 ln 0.33333333 + "
	       "0 ln 0.33333333 + 0 ln 0.33333333) = 3.40119738");
	done(f);
	f = runf(softmax_fmt, "0 0 1", "cross-entropy", "sum", "jacobian",
	         "clip probability 0.1");
	expect(&f->t, &U8, "error1", 0, 2, OP_ERROR,
	       "Derivative of the cross-entropy loss with respect to this "
	       "output. A probability below the lesson's clip was raised to "
	       "it.",
	       "error1[0,2] = dL/da1[0,2]", "−1 / max(0.09003057, 0.1) = −10");
	/* an operand the clip left alone: no clip shown, none said */
	expect(&f->t, &U8, "error1", 0, 0, OP_ERROR,
	       "Derivative of the cross-entropy loss with respect to this "
	       "output.",
	       NULL, "0 / 0.66524096 = 0");
	done(f);
}

/* =====================================================================
 * The error loss (the 11-line network's), with the lesson's names
 * ===================================================================== */

/* Weights 0, so every z is 0 and every output sigma(0) = 0.5 (by hand).
 * The error is y - a = [0.5, -0.5]; the loss the mean of |error| (0.5)
 * or their sum (1); accuracy: 0.5 is not above the threshold 0.5, so
 * both predict 0, right for sample 1 only: 0.5.  Derivative a (1 - a) =
 * 0.25, delta = [0.125, -0.125], syn0_update[0,0] = 1 x 0.125 + -1 x
 * -0.125 = 0.25, [1,0] = 2 x 0.125 + 0.5 x -0.125 = 0.1875; the update
 * adds: 0 + 1 x 0.25 = 0.25. */
static const char error_fmt[] =
	"title the error loss\n"
	"sample 1 2 -> 1\n"
	"sample -1 0.5 -> 0\n"
	"name input l0\n"
	"layer 1 sigmoid\n"
	"bias no\n"
	"weights [[0], [0]]\n"
	"derivative from-output\n"
	"name weights syn0\n"
	"name z l1_dot\n"
	"name output l1\n"
	"name error l1_error\n"
	"name derivative l1_deriv\n"
	"name delta l1_delta\n"
	"name weight-gradient syn0_update\n"
	"name new-weights syn0_new\n"
	"loss error\n"
	"reduction %s\n"
	"accuracy yes\n"
	"learning-rate 1\n"
	"iterations 1\n";

static void test_error_loss(void **state)
{
	(void)state;
	struct run *f = runf(error_fmt, "mean");
	const struct trace *t = &f->t;
	expect(t, &U8, "l1_dot", 1, 0, OP_DOT,
	       "Weighted sum: l0[1,:] times syn0[:,0], element by element, "
	       "added up.",
	       "l1_dot[1,0] = l0[1,:] · syn0[:,0]", "(−1 × 0) + (0.5 × 0) = 0");
	expect(t, &U8, "l1", 0, 0, OP_SIGMOID, NULL, "l1[0,0] = σ(l1_dot[0,0])",
	       "σ(0) = 1 / (1 + e^0) = 0.5");
	expect(t, &U8, "l1_error", 1, 0, OP_ERROR,
	       "Error: the target minus the prediction.",
	       "l1_error[1,0] = y[1,0] − l1[1,0]", "0 − 0.5 = −0.5");
	expect(t, &ASCII, "l1_error", 0, 0, OP_ERROR, NULL,
	       "l1_error[0,0] = y[0,0] - l1[0,0]", "1 - 0.5 = 0.5");
	expect(t, &U8, "loss", 0, 0, OP_LOSS,
	       "The error loss of this iteration's predictions.",
	       "loss = mean(|y − l1|)", "mean(|0.5|, |−0.5|) = 0.5");
	expect(t, &U8, "accuracy", 0, 0, OP_ACCURACY, NULL, NULL,
	       "right answers / 2 = 0.5");
	expect(t, &U8, "l1_deriv", 0, 0, OP_DERIV, NULL,
	       "l1_deriv[0,0] = l1[0,0] × (1 − l1[0,0])", "0.5 × (1 − 0.5) = 0.25");
	expect(t, &U8, "l1_delta", 1, 0, OP_DELTA, NULL,
	       "l1_delta[1,0] = l1_error[1,0] × l1_deriv[1,0]",
	       "−0.5 × 0.25 = −0.125");
	expect(t, &U8, "syn0_update", 0, 0, OP_GRAD, NULL,
	       "syn0_update[0,0] = l0[:,0] · l1_delta[:,0]",
	       "(1 × 0.125) + (−1 × −0.125) = 0.25");
	expect(t, &U8, "syn0_update", 1, 0, OP_GRAD, NULL, NULL,
	       "(2 × 0.125) + (0.5 × −0.125) = 0.1875");
	expect(t, &U8, "syn0_new", 0, 0, OP_UPDATE,
	       "Update: the parameter moves along its gradient, scaled by the "
	       "learning rate.",
	       "syn0_new[0,0] = syn0[0,0] + rate × syn0_update[0,0]",
	       "0 + 1 × 0.25 = 0.25");
	expect(t, &ASCII, "syn0_new", 1, 0, OP_UPDATE, NULL,
	       "syn0_new[1,0] = syn0[1,0] + rate * syn0_update[1,0]",
	       "0 + 1 * 0.1875 = 0.1875");
	/* cut after one term, the list keeps its commas */
	expect(t, &MAX1, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "mean(|0.5|, … (1 more)) = 0.5");
	expect(t, &MAX1_ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "mean(|0.5|, ... (1 more)) = 0.5");
	done(f);
	f = runf(error_fmt, "sum");
	expect(&f->t, &U8, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "sum(|0.5|, |−0.5|) = 1");
	done(f);
}

/* =====================================================================
 * Binary cross-entropy
 * ===================================================================== */

/* W1 = 0, b1 = 0: z = 0 and a = 0.5 for both samples (x = 1 -> 1,
 * x = 3 -> 0).  By hand: error = -y/a + (1-y)/(1-a) = [-2, 2]; loss
 * -(ln 0.5 + ln 0.5) = 2 ln 2, numpy 2*np.log(2) -> 1.38629436 (summed),
 * np.log(2) -> 0.69314718 (averaged); the cross-entropy metric
 * -(1 ln 0.5) -> 0.69314718, halved 0.34657359 (numpy np.log(2)/2); the
 * squared metric 0.25 + 0.25 = 0.5 (0.25 averaged).  Backward, summed:
 * deriv 0.25, delta = [-0.5, 0.5], dW1 = 1 x -0.5 + 3 x 0.5 = 1,
 * db1 = -0.5 + 0.5 = 0; at rate 0.5, W1_new = 0 - 0.5 x 1 = -0.5. */
static const char bce_fmt[] =
	"title binary cross-entropy\n"
	"sample 1 -> 1\n"
	"sample 3 -> 0\n"
	"layer 1 sigmoid\n"
	"weights [[0]]\n"
	"biases [0]\n"
	"loss binary-cross-entropy\n"
	"reduction %s\n"
	"metrics cross-entropy squared\n"
	"learning-rate 0.5\n"
	"iterations 1\n";

static void test_binary_cross_entropy(void **state)
{
	(void)state;
	struct run *f = runf(bce_fmt, "sum");
	const struct trace *t = &f->t;
	expect(t, &U8, "z1", 1, 0, OP_DOT,
	       "Weighted sum: x[1,0] times W1, element by element, added up, "
	       "plus the bias.",
	       "z1[1,0] = x[1,0] · W1 + b1", "(3 × 0) + 0 = 0");
	expect(t, &U8, "error1", 0, 0, OP_ERROR,
	       "Derivative of the binary-cross-entropy loss with respect to "
	       "this output.",
	       "error1[0,0] = dL/da1[0,0]",
	       "−1 / 0.5 + (1 − 1) / (1 − 0.5) = −2");
	expect(t, &U8, "error1", 1, 0, OP_ERROR, NULL, NULL,
	       "0 / 0.5 + (1 − 0) / (1 − 0.5) = 2");
	expect(t, &U8, "loss", 0, 0, OP_LOSS,
	       "The binary-cross-entropy loss of this iteration's predictions.",
	       "loss = −Σ [y ln a1 + (1 − y) ln(1 − a1)]",
	       "−([1 ln 0.5 + (1 − 1) ln(1 − 0.5)] + "
	       "[0 ln 0.5 + (1 − 0) ln(1 − 0.5)]) = 1.38629436");
	expect(t, &ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "-([1 ln 0.5 + (1 - 1) ln(1 - 0.5)] + "
	       "[0 ln 0.5 + (1 - 0) ln(1 - 0.5)]) = 1.38629436");
	expect(t, &MAX1, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "−([1 ln 0.5 + (1 − 1) ln(1 − 0.5)] + … (1 more)) = "
	       "1.38629436");
	/* metrics come in the order of the loss kinds: squared, then
	 * cross-entropy */
	expect(t, &U8, "loss_squared", 0, 0, OP_METRIC,
	       "Also reported: the squared loss.", "loss_squared = Σ (a1 − y)²",
	       "((0.5 − 1)² + (0.5 − 0)²) = 0.5");
	expect(t, &U8, "loss_cross_entropy", 0, 0, OP_METRIC,
	       "Also reported: the cross-entropy loss.",
	       "loss_cross_entropy = −Σ y ln a1",
	       "−(1 ln 0.5 + 0 ln 0.5) = 0.69314718");
	expect(t, &U8, "accuracy", 0, 0, OP_ACCURACY, NULL, NULL,
	       "right answers / 2 = 0.5");
	expect(t, &U8, "deriv1", 1, 0, OP_DERIV, NULL, NULL,
	       "σ(0) × (1 − σ(0)) = 0.25");
	expect(t, &U8, "delta1", 0, 0, OP_DELTA, NULL, NULL,
	       "−2 × 0.25 = −0.5");
	expect(t, &U8, "dW1", 0, 0, OP_GRAD, NULL, "dW1 = x[:,0] · delta1[:,0]",
	       "(1 × −0.5) + (3 × 0.5) = 1");
	expect(t, &U8, "db1", 0, 0, OP_BIAS_GRAD, NULL, "db1 = Σ delta1[:,0]",
	       "(−0.5 + 0.5) = 0");
	expect(t, &U8, "W1_new", 0, 0, OP_UPDATE, NULL, NULL,
	       "0 − 0.5 × 1 = −0.5");
	expect(t, &U8, "b1_new", 0, 0, OP_UPDATE, NULL, NULL,
	       "0 − 0.5 × 0 = 0");
	done(f);

	f = runf(bce_fmt, "mean");
	t = &f->t;
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "−([1 ln 0.5 + (1 − 1) ln(1 − 0.5)] + "
	       "[0 ln 0.5 + (1 − 0) ln(1 − 0.5)]) / 2 = 0.69314718");
	expect(t, &U8, "loss_squared", 0, 0, OP_METRIC, NULL, NULL,
	       "((0.5 − 1)² + (0.5 − 0)²) / 2 = 0.25");
	expect(t, &U8, "loss_cross_entropy", 0, 0, OP_METRIC, NULL, NULL,
	       "−(1 ln 0.5 + 0 ln 0.5) / 2 = 0.34657359");
	/* The whole sum is averaged: (-1/0.5 + 0/0.5) / 2 = -1 and
	 * (-0/0.5 + 1/0.5) / 2 = 1, by hand (without the brackets only the
	 * last term would be halved). */
	expect(t, &U8, "error1", 0, 0, OP_ERROR, NULL,
	       "error1[0,0] = dL/da1[0,0]",
	       "(−1 / 0.5 + (1 − 1) / (1 − 0.5)) / 2 = −1");
	expect(t, &U8, "error1", 1, 0, OP_ERROR, NULL, NULL,
	       "(0 / 0.5 + (1 − 0) / (1 − 0.5)) / 2 = 1");
	expect(t, &ASCII, "error1", 1, 0, OP_ERROR, NULL, NULL,
	       "(0 / 0.5 + (1 - 0) / (1 - 0.5)) / 2 = 1");
	done(f);
}

/* The absolute loss averaged: one identity unit, W1 = 0.5, b1 = 0, so
 * a = 0.5 x [1, 3] = [0.5, 1.5] against y = [1, 0]; by hand dL/da =
 * sign(a - y) / 2 = [-0.5, 0.5], written left to right as computed. */
static void test_absolute_mean(void **state)
{
	(void)state;
	struct run *f = run("title absolute\n"
	                    "sample 1 -> 1\n"
	                    "sample 3 -> 0\n"
	                    "layer 1 identity\n"
	                    "weights [[0.5]]\n"
	                    "biases [0]\n"
	                    "loss absolute\n"
	                    "reduction mean\n"
	                    "learning-rate 1\n"
	                    "iterations 1\n");
	expect(&f->t, &U8, "error1", 0, 0, OP_ERROR,
	       "Derivative of the absolute loss with respect to this output.",
	       "error1[0,0] = dL/da1[0,0]", "sign(0.5 − 1) / 2 = −0.5");
	expect(&f->t, &U8, "error1", 1, 0, OP_ERROR, NULL, NULL,
	       "sign(1.5 − 0) / 2 = 0.5");
	done(f);
}

/* One sample, x = 1, one sigmoid unit with weight w, no bias, target y. */
static const char clip_fmt[] =
	"title clipped\n"
	"sample 1 -> %s\n"
	"layer 1 sigmoid\n"
	"bias no\n"
	"weights [[%s]]\n"
	"loss binary-cross-entropy\n"
	"reduction sum\n"
	"clip %s\n"
	"learning-rate 1\n"
	"iterations 1\n";

static const char clipped_z[] =
	" The sigmoid's input was outside the lesson's clip range; the "
	"nearer bound was used in its place.";
static const char clipped_p[] =
	" A probability below the lesson's clip was raised to it.";

/* The sigmoid's input clipped to [-2, 2].  z = 4 becomes 2: numpy
 * s = 1/(1+np.exp(-2)) -> 0.88079708 (not sigma(4) -> 0.98201379), the
 * derivative from z s*(1-s) -> 0.10499359; z = -4 becomes -2:
 * 1/(1+np.exp(2)) -> 0.11920292.  z = 1 is inside and left alone:
 * 1/(1+np.exp(-1)) -> 0.73105858, s*(1-s) -> 0.19661193. */
static void test_clipped_sigmoid(void **state)
{
	(void)state;
	struct run *f = runf(clip_fmt, "1", "4", "sigmoid-input 2");
	const struct trace *t = &f->t;
	char words[512];
	snprintf(words, sizeof words, "%s%s",
	         "The sigmoid squashes the weighted sum into (0, 1).",
	         clipped_z);
	expect(t, &U8, "a1", 0, 0, OP_SIGMOID, words,
	       "a1 = σ(clip(z1, −2, 2))",
	       "σ(clip(4, −2, 2)) = σ(2) = 1 / (1 + e^−2) = 0.88079708");
	expect(t, &ASCII, "a1", 0, 0, OP_SIGMOID, NULL,
	       "a1 = sigmoid(clip(z1, -2, 2))",
	       "sigmoid(clip(4, -2, 2)) = sigmoid(2) = 1 / (1 + e^-2) = "
	       "0.88079708");
	snprintf(words, sizeof words, "%s%s",
	         "Slope of the activation at this cell, computed from the "
	         "weighted sum z.",
	         clipped_z);
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV, words,
	       "deriv1 = σ(clip(z1, −2, 2)) × (1 − σ(clip(z1, −2, 2)))",
	       "σ(clip(4, −2, 2)) × (1 − σ(clip(4, −2, 2))) = 0.10499359");
	done(f);

	f = runf(clip_fmt, "1", "-4", "sigmoid-input 2");
	expect(&f->t, &U8, "a1", 0, 0, OP_SIGMOID, NULL, NULL,
	       "σ(clip(−4, −2, 2)) = σ(−2) = 1 / (1 + e^2) = 0.11920292");
	done(f);

	f = runf(clip_fmt, "1", "1", "sigmoid-input 2");
	t = &f->t;
	expect(t, &U8, "a1", 0, 0, OP_SIGMOID,
	       "The sigmoid squashes the weighted sum into (0, 1).",
	       "a1 = σ(z1)", "σ(1) = 1 / (1 + e^−1) = 0.73105858");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "weighted sum z.",
	       "deriv1 = σ(z1) × (1 − σ(z1))", "σ(1) × (1 − σ(1)) = 0.19661193");
	done(f);
}

/* compare-derivatives under the clip, beside a from-output derivative
 * (so the other one takes sigma of z).  z = 4: both steps 4 +- 1e-5 clip
 * to 2, so the difference is sigma(2) - sigma(2) = 0 (by hand); the other
 * derivative is s*(1-s) with s = sigma(2) -> 0.10499359 (numpy, above),
 * the published z(1 - z) = 4 x -3 = -12 takes z unclipped, and the
 * derivative in use, from a = 0.88079708, has nothing clipped.  z = 2: only
 * the upper step 2 + 1e-5 is clipped (to 2); numpy
 * (1/(1+np.exp(-2)) - 1/(1+np.exp(-(2-1e-5)))) / 2e-5 -> 0.05249699. */
static void test_clipped_compare_derivatives(void **state)
{
	(void)state;
	static const char extra[] = "derivative from-output\n"
	                            "compare-derivatives yes\n"
	                            "clip sigmoid-input 2";
	struct run *f = runf(unit_fmt, "sigmoid", "4", extra);
	const struct trace *t = &f->t;
	char words[512];
	snprintf(words, sizeof words, "%s%s",
	         "Numerical check: the sigmoid's rise over a tiny step on each "
	         "side of z.",
	         clipped_z);
	expect(t, &U8, "deriv1_numeric", 0, 0, OP_DERIV, words,
	       "deriv1_numeric = (σ(z1 + 0.00001) − σ(z1 − 0.00001)) / 0.00002",
	       "(σ(clip(4 + 0.00001, −2, 2)) − σ(clip(4 − 0.00001, −2, 2))) / "
	       "0.00002 = 0");
	expect(t, &ASCII, "deriv1_numeric", 0, 0, OP_DERIV, NULL, NULL,
	       "(sigmoid(clip(4 + 0.00001, -2, 2)) - "
	       "sigmoid(clip(4 - 0.00001, -2, 2))) / 0.00002 = 0");
	expect(t, &U8, "deriv1_other", 0, 0, OP_DERIV, NULL,
	       "deriv1_other = σ(clip(z1, −2, 2)) × (1 − σ(clip(z1, −2, 2)))",
	       "σ(clip(4, −2, 2)) × (1 − σ(clip(4, −2, 2))) = 0.10499359");
	expect(t, &U8, "deriv1_wrong", 0, 0, OP_DERIV,
	       "The published (wrong) formula z(1 - z), applied to z itself.",
	       "deriv1_wrong = z1 × (1 − z1)", "4 × (1 − 4) = −12");
	expect(t, &U8, "deriv1", 0, 0, OP_DERIV,
	       "Slope of the activation at this cell, computed from the "
	       "activation's output.",
	       "deriv1 = a1 × (1 − a1)", "0.88079708 × (1 − 0.88079708) = 0.10499359");
	done(f);
	f = runf(unit_fmt, "sigmoid", "2", extra);
	expect(&f->t, &U8, "deriv1_numeric", 0, 0, OP_DERIV, NULL, NULL,
	       "(σ(clip(2 + 0.00001, −2, 2)) − σ(2 − 0.00001)) / 0.00002 = "
	       "0.05249699");
	expect(&f->t, &U8, "deriv1_other", 0, 0, OP_DERIV, NULL,
	       "deriv1_other = σ(z1) × (1 − σ(z1))", "σ(2) × (1 − σ(2)) = 0.10499359");
	done(f);
}

/* softplus itself is not clipped (numpy np.log(1+np.exp(4)) ->
 * 4.01814993), its derivative sigma(z) is: sigma(2) -> 0.88079708. */
static void test_clipped_softplus(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "softplus", "4", "clip sigmoid-input 2");
	expect(&f->t, &U8, "a1", 0, 0, OP_SOFTPLUS,
	       "Softplus, a smooth ReLU: ln(1 + e^z).", "a1 = softplus(z1)",
	       "ln(1 + e^4) = 4.01814993");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL,
	       "deriv1 = σ(clip(z1, −2, 2))", "σ(clip(4, −2, 2)) = 0.88079708");
	done(f);
}

/* Probabilities clipped below at 1e-6 under binary cross-entropy.
 * z = 40: 1/(1+np.exp(-40)) is 1.0 in float64, so 1 - a = 0, which the
 * clip raises to 1e-6: the loss -(0 ln 1 + 1 ln 1e-6), numpy
 * -np.log(1e-6) -> 13.81551056, and the error 1 / 1e-6 -> 1000000
 * (999999.9999999999 rounded at 8 decimals); a = 1 itself is not below
 * the clip and stays bare.  z = -40: a = 1/(1+np.exp(40)) =
 * 4.24835425529159e-18 ('%.7e': 4.2483543e-18, numfmt's 8 significant
 * digits), raised to 1e-6: the same loss, and the error -1 / 1e-6 + 0 ->
 * -1000000; 1 - a is 1.0, not clipped. */
static void test_clipped_probability(void **state)
{
	(void)state;
	struct run *f = runf(clip_fmt, "0", "40", "probability 0.000001");
	const struct trace *t = &f->t;
	char words[512];
	snprintf(words, sizeof words, "%s%s",
	         "The binary-cross-entropy loss of this iteration's "
	         "predictions.",
	         clipped_p);
	expect(t, &U8, "loss", 0, 0, OP_LOSS, words, NULL,
	       "−([0 ln 1 + (1 − 0) ln max(1 − 1, 0.000001)]) = 13.81551056");
	expect(t, &ASCII, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "-([0 ln 1 + (1 - 0) ln max(1 - 1, 0.000001)]) = 13.81551056");
	snprintf(words, sizeof words, "%s%s",
	         "Derivative of the binary-cross-entropy loss with respect to "
	         "this output.",
	         clipped_p);
	expect(t, &U8, "error1", 0, 0, OP_ERROR, words,
	       "error1 = dL/da1",
	       "0 / 1 + (1 − 0) / max(1 − 1, 0.000001) = 1000000");
	done(f);

	f = runf(clip_fmt, "1", "-40", "probability 0.000001");
	t = &f->t;
	expect(t, &U8, "a1", 0, 0, OP_SIGMOID, NULL, NULL,
	       "σ(−40) = 1 / (1 + e^40) = 4.2483543e-18");
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, NULL,
	       "−([1 ln max(4.2483543e-18, 0.000001) + "
	       "(1 − 1) ln(1 − 4.2483543e-18)]) = 13.81551056");
	expect(t, &U8, "error1", 0, 0, OP_ERROR, NULL, NULL,
	       "−1 / max(4.2483543e-18, 0.000001) + "
	       "(1 − 1) / (1 − 4.2483543e-18) = −1000000");
	done(f);
}

/* =====================================================================
 * The residual of a prediction (test nets only)
 * ===================================================================== */

/* tests/lessons/predict-test.csv: x = 0, 1, 2 with y = 0, 1, 4.  With
 * W1 = 2 and b1 = -1 the prediction is 2x - 1 = -1, 1, 3, and the
 * residual a - y = -1, 0, -1, by hand. */
static void test_residual(void **state)
{
	(void)state;
	static const char text[] =
		"title residual\n"
		"data predict-train.csv\n"
		"test-data predict-test.csv\n"
		"inputs x\n"
		"targets y\n"
		"layer 1 identity\n"
		"weights [[2]]\n"
		"biases [-1]\n"
		"loss squared\n"
		"learning-rate 0.1\n"
		"iterations 1\n";
	struct run *f = run_at("tests/lessons/formula.lesson", text);
	struct lesson view;
	struct net tn;
	struct trace tt;
	struct step_result r;
	struct diags d = {0};
	assert_int_equal(net_init_test(&tn, &view, &f->l, &d), 0);
	assert_int_equal(trace_init(&tt, &tn), 0);
	/* The parameters at the start of iteration 0 lead its values. */
	assert_int_equal(engine_forward(&tn, f->t.values, &tt, &r), 0);
	expect(&tt, &U8, "residual", 0, 0, OP_ERROR,
	       "Residual: the prediction minus the target.",
	       "residual[0,0] = a1[0,0] − y[0,0]", "−1 − 0 = −1");
	expect(&tt, &U8, "residual", 1, 0, OP_ERROR, NULL, NULL, "1 − 1 = 0");
	expect(&tt, &ASCII, "residual", 2, 0, OP_ERROR, NULL,
	       "residual[2,0] = a1[2,0] - y[2,0]", "3 - 4 = -1");
	trace_free(&tt);
	net_free(&tn);
	diags_free(&d);
	done(f);
}

/* =====================================================================
 * Every kind written
 * ===================================================================== */

/* =====================================================================
 * Issue 12: numbers a beginner can reconcile
 * ===================================================================== */

/* The layouts a handout gives its tensors (dump/handout.c): numpy's plan
 * of each tensor it prints as an array -- the data, the parameters, and
 * every tensor of more than one cell -- and none for a 1-cell result. */
struct layouts {
	const struct trace *t;
	struct numfmt f[16];
	bool printed[16];
};

static const struct numfmt *test_layout(void *arg, int tensor)
{
	struct layouts *ly = arg;
	return ly->printed[tensor] ? &ly->f[tensor] : NULL;
}

/* A style of `precision` decimals in UTF-8 whose layouts ly plans from
 * trace t. */
static struct formula_style laid_out(struct layouts *ly, const struct trace *t,
                                     int precision)
{
	const struct net *n = t->net;
	assert_true(n->n_tensors <= 16);
	ly->t = t;
	for (size_t i = 0; i < n->n_tensors; i++) {
		const struct tensor *te = &n->tensors[i];
		ly->printed[i] = te->given || te->rows * te->cols > 1;
		numfmt_plan_shown(&ly->f[i], t->values + te->offset,
		                  te->vector ? 0 : te->rows,
		                  te->vector ? te->rows * te->cols : te->cols,
		                  precision, te->integral);
	}
	return (struct formula_style){.precision = precision, .utf8 = true,
	                              .layout = test_layout, .layout_arg = ly};
}

static const char tiny_fmt[] =
	"title tiny weights\n"
	"sample 1 2 -> 0\n"
	"layer 1 identity\n"
	"bias no\n"
	"weights [[%s], [%s]]\n"
	"loss squared\n"
	"reduction sum\n"
	"learning-rate 1\n"
	"iterations 1\n";

/* W1 = [[3e-05], [0.5]]: numpy prints it '[[3.e-05]\n [5.e-01]]'
 * (str(np.array([[3e-05], [0.5]]))), scientific since 3e-05 < 1e-4; so
 * its cells are written "3.e-05" and "5.e-01" in the calculation too.
 * The data, whole numbers, print as integers; z1 = 3e-05 + 1 = 1.00003
 * (by hand) is one cell, printed only here, as a scalar.  Without
 * layouts every number is a scalar, as before. */
static void test_tensor_style_scientific(void **state)
{
	(void)state;
	struct run *f = runf(tiny_fmt, "0.00003", "0.5");
	const struct trace *t = &f->t;
	struct layouts ly;
	struct formula_style s = laid_out(&ly, t, 8);
	expect(t, &s, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 × 3.e-05) + (2 × 5.e-01) = 1.00003");
	expect(t, &U8, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 × 0.00003) + (2 × 0.5) = 1.00003");
	size_t i = step_of(t, "z1", 0, 0, OP_DOT);
	int w1 = net_find(t->net, "W1"), x = net_find(t->net, "x");
	assert_true(formula_scientific(t, i, &s, w1));
	assert_true(formula_scientific(t, i, &s, -1));
	assert_false(formula_scientific(t, i, &s, x));
	assert_false(formula_scientific(t, i, &U8, -1));
	/* the why overlay's values: the cell as the calculations write it */
	char buf[64];
	formula_value(buf, sizeof buf, t, (struct cell_ref){(uint32_t)w1, 1},
	              &s);
	assert_string_equal(buf, "5.e-01");
	done(f);
}

/* W1 = [[-0.001], [0.04]] at 2 decimals: numpy
 * (np.set_printoptions(precision=2)) prints '[[-0.  ]\n [ 0.04]]',
 * positional, -0.001 rounded to nothing.  The calculation writes it as
 * the tensor shows it, without the sign: 0 (a scalar would be "−1e-03",
 * another notation).  z1 = -0.001 + 0.08 = 0.079 -> 0.08. */
static void test_tensor_style_rounds_to_zero(void **state)
{
	(void)state;
	struct run *f = runf(tiny_fmt, "-0.001", "0.04");
	struct layouts ly;
	struct formula_style s = laid_out(&ly, &f->t, 2);
	expect(&f->t, &s, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 × 0) + (2 × 0.04) = 0.08");
	expect(&f->t, &P2, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 × −1e-03) + (2 × 0.04) = 0.08");
	done(f);
}

static const char bias_fmt[] =
	"title a negative bias\n"
	"sample 1 -> 1\n"
	"layer 1 %s\n"
	"weights [[0.5]]\n"
	"biases [%s]\n"
	"%s\n"
	"loss squared\n"
	"reduction sum\n"
	"learning-rate 1\n"
	"iterations 1\n";

/* A negative term after a sign: "0.5 − 0.25", not "0.5 + −0.25"; the
 * published z(1 − z) at z = 0.5 − 1.25 = −0.75 (by hand) is
 * "−0.75 × (1 + 0.75)" = −1.3125; its ASCII twin likewise. */
static void test_signed_terms(void **state)
{
	(void)state;
	struct run *f = runf(bias_fmt, "sigmoid", "-0.25",
	                     "compare-derivatives yes");
	expect(&f->t, &U8, "z1", 0, 0, OP_DOT, NULL, "z1 = x · W1 + b1",
	       "(1 × 0.5) − 0.25 = 0.25");
	expect(&f->t, &ASCII, "z1", 0, 0, OP_DOT, NULL, NULL,
	       "(1 * 0.5) - 0.25 = 0.25");
	done(f);
	f = runf(bias_fmt, "sigmoid", "-1.25", "compare-derivatives yes");
	expect(&f->t, &U8, "deriv1_wrong", 0, 0, OP_DERIV, NULL, NULL,
	       "−0.75 × (1 + 0.75) = −1.3125");
	expect(&f->t, &ASCII, "deriv1_wrong", 0, 0, OP_DERIV, NULL, NULL,
	       "-0.75 * (1 + 0.75) = -1.3125");
	done(f);
}

/* tanh's slope from a negative output squares the number shown:
 * "1 − (−0.83365461)²".  numpy: np.tanh(-1.2) -> -0.83365461,
 * 1 - np.tanh(-1.2)**2 -> 0.30502. */
static void test_negative_squared(void **state)
{
	(void)state;
	struct run *f = runf(unit_fmt, "tanh", "-1.2", "derivative from-output");
	expect(&f->t, &U8, "deriv1", 0, 0, OP_DERIV, NULL,
	       "deriv1 = 1 − a1²", "1 − (−0.83365461)² = 0.30502");
	expect(&f->t, &ASCII, "deriv1", 0, 0, OP_DERIV, NULL, NULL,
	       "1 - (-0.83365461)^2 = 0.30502");
	done(f);
}

static const char columns_fmt[] =
	"title one column sample\n"
	"convention columns\n"
	"sample 1 0 -> 1 0\n"
	"layer 2 identity\n"
	"bias no\n"
	"weights [[0.5, 0.25], [1, -1]]\n"
	"loss squared\n"
	"reduction %s\n"
	"learning-rate 1\n"
	"iterations 1\n";

/* Convention columns, one sample: x, z1, a1 and y are vectors, drawn
 * 1-D as numpy code with column vectors writes them, and indexed 1-D.
 * By hand z1 = W1 x = [0.5 x 1 + 0.25 x 0, 1 x 1 - 1 x 0] = [0.5, 1];
 * the loss (0.5 - 1)^2 + (1 - 0)^2 = 1.25, over 1 sample.  Two outputs
 * per sample: a mean over the samples is "Σ ... / n". */
static void test_vectors_one_d(void **state)
{
	(void)state;
	struct run *f = runf(columns_fmt, "sum");
	const struct trace *t = &f->t;
	/* the pairs (x_j, W1[1,j]); a negative inside a product's brackets
	 * stays there */
	expect(t, &U8, "z1", 1, 0, OP_DOT,
	       "Weighted sum: x[:] times W1[1,:], element by element, added "
	       "up.",
	       "z1[1] = x[:] · W1[1,:]", "(1 × 1) + (0 × −1) = 1");
	expect(t, &U8, "error1", 0, 0, OP_ERROR, NULL,
	       "error1[0] = dL/da1[0]", "2 × (0.5 − 1) = −1");
	expect(t, &U8, "loss", 0, 0, OP_LOSS, NULL, "loss = Σ (a1 − y)²",
	       "((0.5 − 1)² + (1 − 0)²) = 1.25");
	done(f);
	f = runf(columns_fmt, "mean");
	expect(&f->t, &U8, "loss", 0, 0, OP_LOSS, NULL,
	       "loss = Σ (a1 − y)² / n", "((0.5 − 1)² + (1 − 0)²) / 1 = 1.25");
	done(f);
}

/* The binary cross-entropy averaged over one output per sample is the
 * mean of its terms: "−mean(y ln a1 + (1 − y) ln(1 − a1))". */
static void test_loss_symbolic_mean(void **state)
{
	(void)state;
	struct run *f = runf(bce_fmt, "mean");
	expect(&f->t, &U8, "loss", 0, 0, OP_LOSS, NULL,
	       "loss = −mean(y ln a1 + (1 − y) ln(1 − a1))", NULL);
	expect(&f->t, &ASCII, "loss", 0, 0, OP_LOSS, NULL,
	       "loss = -mean(y ln a1 + (1 - y) ln(1 - a1))", NULL);
	done(f);
}

/* The kinds of a trace's loss phase, in order, as letters: E error, L
 * loss, A accuracy, M metric. */
static void loss_phase_kinds(const struct trace *t, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n_ops && k + 1 < cap; i++) {
		if (t->ops[i].phase != PHASE_LOSS)
			continue;
		switch (t->ops[i].kind) {
		case OP_ERROR: out[k++] = 'E'; break;
		case OP_LOSS: out[k++] = 'L'; break;
		case OP_ACCURACY: out[k++] = 'A'; break;
		case OP_METRIC: out[k++] = 'M'; break;
		default: out[k++] = '?'; break;
		}
	}
	out[k] = '\0';
}

/* The loss phase says what the loss is (then the accuracy and the
 * metrics) before the error it sends back; the 11-line network's loss is
 * the mean of |error|, so its errors come first.  Two samples, one
 * output each: two error operations. */
static void test_loss_phase_order(void **state)
{
	(void)state;
	char kinds[16];
	struct run *f = runf(relu_fmt, "mean", "sum");
	loss_phase_kinds(&f->t, kinds, sizeof kinds);
	assert_string_equal(kinds, "LMEE");
	done(f);
	f = runf(bce_fmt, "sum");
	loss_phase_kinds(&f->t, kinds, sizeof kinds);
	assert_string_equal(kinds, "LAMMEE");
	done(f);
	f = runf(error_fmt, "mean");
	loss_phase_kinds(&f->t, kinds, sizeof kinds);
	assert_string_equal(kinds, "EELA");
	done(f);
}

/* formula.c writes each kind of operation from its row of one table: a
 * kind left out of it would render as "cell = " and " = result" alone,
 * and its words as nothing.  Every operation of these lessons, which
 * between them run every kind (checked), must have all three texts as
 * formula.h describes them: a sentence, "cell = <something>" and
 * "<something> = result". */
static void test_every_kind_written(void **state)
{
	(void)state;
	struct run *runs[] = {
		runf(relu_fmt, "mean", "mean"),
		runf(unit_fmt, "sigmoid", "-0.5", ""),
		runf(unit_fmt, "tanh", "-0.5", ""),
		runf(unit_fmt, "softplus", "-0.5", ""),
		runf(unit_fmt, "leaky-relu", "-0.5", ""),
		runf(unit_fmt, "elu", "-0.5", ""),
		runf(softmax_fmt, "0 1 0", "cross-entropy", "mean", "simplified",
		     ""),
		runf(softmax_fmt, "0 1 0", "squared", "mean", "jacobian", ""),
	};
	bool seen[OP_KIND_COUNT] = {false};
	char buf[4096], name[256];
	for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
		const struct trace *t = &runs[k]->t;
		for (size_t i = 0; i < t->n_ops; i++) {
			const struct op *op = &t->ops[i];
			seen[op->kind] = true;
			const char *kind = op_kind_name(op->kind);
			formula_words(buf, sizeof buf, t, i);
			if (strlen(buf) < 2 || buf[strlen(buf) - 1] != '.')
				fail_msg("%s: words \"%s\"", kind, buf);
			size_t n = formula_cell_name(name, sizeof name, t->net,
			                             (struct cell_ref){op->tensor,
			                                               op->index});
			formula_symbolic(buf, sizeof buf, t, i, &U8);
			if (strncmp(buf, name, n) != 0 ||
			    strncmp(buf + n, " = ", 3) != 0 || !buf[n + 3])
				fail_msg("%s: symbolic \"%s\"", kind, buf);
			formula_numeric(buf, sizeof buf, t, i, &U8);
			if (strncmp(buf, " = ", 3) == 0 || !strstr(buf, " = "))
				fail_msg("%s: numeric \"%s\"", kind, buf);
		}
		done(runs[k]);
	}
	for (int k = 0; k < OP_KIND_COUNT; k++)
		if (!seen[k])
			fail_msg("no lesson here runs a %s operation",
			         op_kind_name((enum op_kind)k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forward_dot_relu_identity),
		cmocka_unit_test(test_loss_phase_squared_mean),
		cmocka_unit_test(test_loss_phase_squared_sum),
		cmocka_unit_test(test_backward_and_update),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_max_terms),
		cmocka_unit_test(test_sigmoid_from_z),
		cmocka_unit_test(test_sigmoid_at_zero),
		cmocka_unit_test(test_sigmoid_from_output_and_scale),
		cmocka_unit_test(test_compare_derivatives),
		cmocka_unit_test(test_tanh),
		cmocka_unit_test(test_softplus),
		cmocka_unit_test(test_relu_identity_derivatives),
		cmocka_unit_test(test_leaky_relu),
		cmocka_unit_test(test_elu),
		cmocka_unit_test(test_softmax_forward),
		cmocka_unit_test(test_softmax_cross_entropy),
		cmocka_unit_test(test_softmax_jacobian),
		cmocka_unit_test(test_cross_entropy_clipped),
		cmocka_unit_test(test_error_loss),
		cmocka_unit_test(test_binary_cross_entropy),
		cmocka_unit_test(test_absolute_mean),
		cmocka_unit_test(test_clipped_sigmoid),
		cmocka_unit_test(test_clipped_compare_derivatives),
		cmocka_unit_test(test_clipped_softplus),
		cmocka_unit_test(test_clipped_probability),
		cmocka_unit_test(test_residual),
		cmocka_unit_test(test_every_kind_written),
		cmocka_unit_test(test_tensor_style_scientific),
		cmocka_unit_test(test_tensor_style_rounds_to_zero),
		cmocka_unit_test(test_signed_terms),
		cmocka_unit_test(test_negative_squared),
		cmocka_unit_test(test_vectors_one_d),
		cmocka_unit_test(test_loss_symbolic_mean),
		cmocka_unit_test(test_loss_phase_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
