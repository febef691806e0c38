/* Engine tests: the networks of the seeds, built directly as lesson
 * structs (the lesson parser has its own tests), checked against the
 * numbers the seeds print and against finite differences. */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/engine.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "model/trace.h"

#include "lesson_text.h"

static char *dup(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	strcpy(p, s);
	return p;
}

static void set_default_names(struct layer_spec *ls, int k)
{
	static const char *const fmt[ROLE_COUNT] = {
		"W%d", "b%d", "z%d", "exp%d", "sum%d", "a%d", "error%d",
		"deriv%d", "delta%d", "dW%d", "db%d", "W%d_new", "b%d_new",
		"deriv%d_wrong", "deriv%d_other", "deriv%d_numeric"};
	for (int r = 0; r < ROLE_COUNT; r++) {
		char buf[32];
		snprintf(buf, sizeof buf, fmt[r], k);
		ls->name[r] = dup(buf);
	}
}

static void set_name(struct layer_spec *ls, enum role r, const char *name)
{
	free(ls->name[r]);
	ls->name[r] = dup(name);
}

static const double trask_x[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};

/* Seed 002: the annotated 11-line network, syn0 from seed 123. */
static void make_trask11(struct lesson *l, const double *y, long iterations)
{
	memset(l, 0, sizeof *l);
	l->path = dup("trask-11.lesson");
	l->n_samples = 4;
	l->n_inputs = 3;
	l->n_outputs = 1;
	l->x = malloc(sizeof trask_x);
	memcpy(l->x, trask_x, sizeof trask_x);
	l->y = malloc(4 * sizeof *l->y);
	memcpy(l->y, y, 4 * sizeof *y);
	l->data_integral = true;
	l->input_name = dup("l0");
	l->target_name = dup("y");
	l->loss_name = dup("loss");
	l->accuracy_name = dup("accuracy");
	l->conv = CONV_ROWS;
	l->n_layers = 1;
	struct layer_spec *ls = &l->layers[0];
	ls->units = 1;
	ls->act = ACT_SIGMOID;
	ls->bias = false;
	ls->init = INIT_UNIFORM;
	ls->init_low = -1;
	ls->init_high = 1;
	ls->deriv = DERIV_FROM_OUTPUT;
	ls->deriv_scale = 1;
	set_default_names(ls, 1);
	set_name(ls, ROLE_W, "syn0");
	set_name(ls, ROLE_A, "l1");
	set_name(ls, ROLE_ERROR, "l1_error");
	set_name(ls, ROLE_DELTA, "l1_delta");
	l->has_seed = true;
	l->seed = 123;
	l->loss = LOSS_ERROR;
	l->reduction = REDUCE_MEAN;
	l->learning_rate = 1;
	l->iterations = iterations;
	l->precision = 8;
}

static void free_lesson(struct lesson *l)
{
	for (int k = 0; k < l->n_layers; k++)
		for (int r = 0; r < ROLE_COUNT; r++)
			free(l->layers[k].name[r]);
	free(l->path);
	free(l->x);
	free(l->y);
	free(l->input_name);
	free(l->target_name);
	free(l->loss_name);
	free(l->accuracy_name);
}

/* Values of a tensor by name from a trace. */
static const double *tensor_values(const struct trace *t, const char *name)
{
	int i = net_find(t->net, name);
	assert_true(i >= 0);
	return t->values + t->net->tensors[i].offset;
}

/* The seed prints 8 decimals: equal when rounded to 8 decimals. */
static void assert_8dp(double got, double want)
{
	char a[64], b[64];
	snprintf(a, sizeof a, "%.8f", got);
	snprintf(b, sizeof b, "%.8f", want);
	assert_string_equal(a, b);
}

static void test_trask11_iteration0(void **state)
{
	(void)state;
	static const double y[] = {0, 0, 1, 1};
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct diags d = {0};
	make_trask11(&l, y, 10000);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	struct step_result r;
	assert_int_equal(engine_step(&e, &t, &r), 0);
	assert_false(r.nonfinite);

	/* All from seed 002 as listed in REFERENCE.md. */
	static const double w0[] = {0.39293837, -0.42772133, -0.54629709};
	static const double dot[] = {-0.54629709, -0.97401842, -0.15335872,
	                             -0.58108005};
	static const double l1[] = {0.36672394, 0.27408027, 0.46173529,
	                            0.35868411};
	static const double err[] = {-0.36672394, -0.27408027, 0.53826471,
	                             0.64131589};
	/* The article prints 0.21876263 as the 4th value, a typo:
	 * 0.35868411 * (1 - 0.35868411) = 0.23002982 (REFERENCE.md). */
	static const double deriv[] = {0.23223749, 0.19896028, 0.24853581,
	                               0.23002982};
	static const double delta[] = {-0.08516705, -0.05453109, 0.13377806,
	                               0.14752178};
	static const double w1[] = {0.67423821, -0.33473064, -0.40469539};
	for (int i = 0; i < 3; i++) {
		assert_8dp(tensor_values(&t, "syn0")[i], w0[i]);
		assert_8dp(tensor_values(&t, "W1_new")[i], w1[i]);
	}
	for (int i = 0; i < 4; i++) {
		assert_8dp(tensor_values(&t, "z1")[i], dot[i]);
		assert_8dp(tensor_values(&t, "l1")[i], l1[i]);
		assert_8dp(tensor_values(&t, "l1_error")[i], err[i]);
		assert_8dp(tensor_values(&t, "deriv1")[i], deriv[i]);
		assert_8dp(tensor_values(&t, "l1_delta")[i], delta[i]);
	}
	/* The first operation is the first dot product, reading row 0 of l0
	 * and column 0 of syn0. */
	assert_int_equal(t.ops[0].kind, OP_DOT);
	assert_int_equal(t.ops[0].n_refs, 6);
	assert_int_equal(t.ops[0].phase, PHASE_FORWARD);
	/* 4 dots, 4 sigmoids, 4 errors, loss, 4 derivs, 4 deltas, 3
	 * gradients, 3 updates. */
	assert_int_equal(t.n_ops, 4 + 4 + 4 + 1 + 4 + 4 + 3 + 3);
	assert_int_equal(e.iteration, 1);

	trace_free(&t);
	engine_free(&e);
	net_free(&n);
	free_lesson(&l);
	diags_free(&d);
}

/* Untraced steps run a dedicated kernel (kernel.c), traced ones
 * engine.c's per-operation code: they must agree to the bit.  Every lesson
 * that loads, bundled or test, runs side by side both ways for
 * min(iterations, 300) iterations, comparing the parameters, the loss,
 * the accuracy and the non-finite verdict after every step.  Between
 * them the lessons cover both conventions, biases or none, every
 * activation, every loss, softmax (which falls back to engine.c's code)
 * and compare-derivatives; the non-finite ones must stop at the same
 * iteration both ways. */
static bool fast_equals_traced(const char *path)
{
	struct lesson l;
	struct net n;
	struct engine a, b;
	struct trace t;
	struct diags d = {0};
	if (lesson_load(&l, path, &d) != 0) {
		diags_free(&d);
		return false;
	}
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&a, &n), 0);
	assert_int_equal(engine_init(&b, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	long iters = l.iterations < 300 ? l.iterations : 300;
	for (long i = 0; i < iters; i++) {
		struct step_result ra, rb;
		memset(&ra, 0, sizeof ra);
		memset(&rb, 0, sizeof rb);
		assert_int_equal(engine_step(&a, &t, &ra), 0);
		assert_int_equal(engine_step(&b, NULL, &rb), 0);
		if (ra.nonfinite != rb.nonfinite ||
		    memcmp(&ra.loss, &rb.loss, sizeof ra.loss) != 0 ||
		    memcmp(&ra.accuracy, &rb.accuracy, sizeof ra.accuracy) ||
		    memcmp(a.params, b.params, n.n_params * sizeof(double)))
			fail_msg("%s: fast and traced differ at iteration %ld",
			         path, i);
		assert_int_equal(a.iteration, b.iteration);
		if (ra.nonfinite)
			break;
	}
	trace_free(&t);
	engine_free(&a);
	engine_free(&b);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
	return true;
}

/* A lesson wide enough for the vectorised kernel (kernel.c: layers past 4
 * inputs or units run their products four cells to a vector), written to
 * a temporary file: 5 inputs into 13, 9 and 6 units, so that every
 * product has whole blocks of 8 and of 4 cells and a rest, over 23
 * samples (blocks of 4 and of 8 samples, and a rest).  `conv` and the
 * other settings vary per call; the samples are fixed fractions. */
static void write_wide(char *path, const char *conv, const char *extra)
{
	strcpy(path, "/tmp/nntrace-wide-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "title Wide\nconvention %s\n", conv);
	for (int s = 0; s < 23; s++) {
		fprintf(f, "sample");
		for (int i = 0; i < 5; i++)
			fprintf(f, " %g", (double)((s * 7 + i * 3) % 11) / 8 - 0.6);
		fprintf(f, " ->");
		for (int o = 0; o < 6; o++)
			fprintf(f, " %g", (double)((s + o * 5) % 7) / 6);
		fprintf(f, "\n");
	}
	fprintf(f, "%s\nseed 3\nloss squared\nlearning-rate 0.05\n"
	           "iterations 40\n", extra);
	assert_int_equal(fclose(f), 0);
}

/* The vectorised kernel against the per-operation code, bit for bit, at
 * every iteration (fast_equals_traced), in both conventions, for the
 * activations whose derivative it takes from the output (tanh, sigmoid
 * from z) and for others, with and without biases, and on shuffled
 * mini-batches that do not divide the samples. */
static void test_fast_equals_traced_wide(void **state)
{
	(void)state;
	static const char *const nets[] = {
		"layer 13 tanh\nlayer 9 sigmoid\nlayer 6 identity",
		"layer 13 sigmoid\nderivative from-output\nlayer 9 relu\n"
		"layer 6 tanh\nbias no",
		"layer 13 elu\nlayer 9 leaky-relu\nlayer 6 softplus",
		"layer 13 tanh\nlayer 9 tanh\nlayer 6 sigmoid\nbatch-size 10\n"
		"shuffle yes",
	};
	static const char *const convs[] = {"rows", "columns"};
	for (size_t c = 0; c < 2; c++)
		for (size_t i = 0; i < sizeof nets / sizeof *nets; i++) {
			char path[64];
			write_wide(path, convs[c], nets[i]);
			bool ran = fast_equals_traced(path);
			remove(path);
			assert_true(ran);
		}
}

static void test_fast_equals_traced(void **state)
{
	(void)state;
	static const char *const pattern[] = {
		"lessons/*.lesson", "tests/lessons/*.lesson",
		"tests/lessons-nonfinite/*.lesson"};
	size_t runs = 0;
	for (size_t p = 0; p < sizeof pattern / sizeof *pattern; p++) {
		glob_t g;
		if (glob(pattern[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++)
			runs += fast_equals_traced(g.gl_pathv[i]);
		globfree(&g);
	}
	/* The 8 bundled, 8 test and 2 non-finite lessons were found and
	 * loaded (the tests run from the repository's root). */
	assert_true(runs >= 18);

	/* And the seed's network built by hand, as before. */
	static const double y[] = {0, 0, 1, 1};
	struct lesson l;
	struct net n;
	struct engine a, b;
	struct trace t;
	struct diags d = {0};
	make_trask11(&l, y, 100);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&a, &n), 0);
	assert_int_equal(engine_init(&b, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	struct step_result r;
	for (int i = 0; i < 50; i++) {
		assert_int_equal(engine_step(&a, &t, &r), 0);
		assert_int_equal(engine_step(&b, NULL, &r), 0);
		assert_memory_equal(a.params, b.params,
		                    n.n_params * sizeof(double));
	}
	trace_free(&t);
	engine_free(&a);
	engine_free(&b);
	net_free(&n);
	free_lesson(&l);
	diags_free(&d);
}

/* Trask's original post (seed 1): "Output After Training" is l1 of the
 * last of 10,000 iterations (computed before that iteration's update):
 * 0.00966449, 0.00786506, 0.99358898, 0.99211957 (issue 2, the published
 * output; numpy 1.24 prints the same). */
static void test_trask11_original(void **state)
{
	(void)state;
	static const double y[] = {0, 0, 1, 1};
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct diags d = {0};
	make_trask11(&l, y, 10000);
	l.seed = 1;
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	struct step_result r;
	for (int i = 0; i < 9999; i++)
		assert_int_equal(engine_step(&e, NULL, &r), 0);
	assert_int_equal(engine_step(&e, &t, &r), 0);
	static const double want[] = {0.00966449, 0.00786506, 0.99358898,
	                              0.99211957};
	for (int i = 0; i < 4; i++)
		assert_8dp(tensor_values(&t, "l1")[i], want[i]);
	trace_free(&t);
	engine_free(&e);
	net_free(&n);
	free_lesson(&l);
	diags_free(&d);
}

/* Seed 003's MLP: layers [2,4,3,1] relu/relu/sigmoid, randn * 0.1 from
 * seed 42, binary cross-entropy summed, dsigmoid with a factor 2, bias
 * gradient averaged, learning rate 0.005, on the 1,000 circles. */
static void make_mlp(struct lesson *l)
{
	memset(l, 0, sizeof *l);
	l->path = dup("mlp.lesson");
	l->n_samples = 1000;
	l->n_inputs = 2;
	l->n_outputs = 1;
	l->x = malloc(2000 * sizeof *l->x);
	l->y = malloc(1000 * sizeof *l->y);
	FILE *f = fopen("datasets/circles.csv", "r");
	if (!f)
		f = fopen("../shared/data/circles.csv", "r");
	assert_non_null(f);
	char head[64];
	assert_non_null(fgets(head, sizeof head, f));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(fscanf(f, "%lf,%lf,%lf", &l->x[2 * i],
		                        &l->x[2 * i + 1], &l->y[i]),
		                 3);
	fclose(f);
	l->input_name = dup("X");
	l->target_name = dup("y");
	l->loss_name = dup("loss");
	l->accuracy_name = dup("accuracy");
	l->conv = CONV_ROWS;
	l->n_layers = 3;
	static const int units[] = {4, 3, 1};
	static const enum activation act[] = {ACT_RELU, ACT_RELU, ACT_SIGMOID};
	for (int k = 0; k < 3; k++) {
		struct layer_spec *ls = &l->layers[k];
		ls->units = units[k];
		ls->act = act[k];
		ls->bias = true;
		ls->init = INIT_NORMAL;
		ls->init_scale = 0.1;
		ls->deriv = DERIV_FROM_Z;
		ls->deriv_scale = k == 2 ? 2 : 1;
		set_default_names(ls, k + 1);
	}
	l->has_seed = true;
	l->seed = 42;
	l->loss = LOSS_BCE;
	l->reduction = REDUCE_SUM;
	l->bias_grad = REDUCE_MEAN;
	l->learning_rate = 0.005;
	l->iterations = 150;
	l->clip_sigmoid = 500;
	l->clip_probability = 2.220446049250313e-16;
	l->accuracy = true;
	l->accuracy_threshold = 0.5;
	l->precision = 8;
}

static void test_mlp_circles(void **state)
{
	(void)state;
	struct lesson l;
	struct net n;
	struct engine e;
	struct diags d = {0};
	make_mlp(&l);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	/* Seed 003 prints: iteration 0 693.62972747 accuracy 0.5; 1:
	 * 693.62166655; 145: 664.60120828 and 0.818; 149: 683.6170298 and
	 * 0.614 (REFERENCE.md). */
	char buf[64];
	for (int i = 0; i < 150; i++) {
		struct step_result r;
		assert_int_equal(engine_step(&e, NULL, &r), 0);
		snprintf(buf, sizeof buf, "%.8f %.3f", r.loss, r.accuracy);
		if (i == 0)
			assert_string_equal(buf, "693.62972747 0.500");
		if (i == 1)
			assert_string_equal(buf, "693.62166655 0.500");
		if (i == 145)
			assert_string_equal(buf, "664.60120828 0.818");
		if (i == 149)
			assert_string_equal(buf, "683.61702980 0.614");
	}
	engine_free(&e);
	net_free(&n);
	free_lesson(&l);
	diags_free(&d);
}

/* =====================================================================
 * Lessons written here, not bundled: the engine knows no lesson by name.
 * ===================================================================== */

static const char four_samples[] =
	"sample 0.5 -1 2 -> 1 0\n"
	"sample 1.5 0.25 -0.5 -> 0 1\n"
	"sample -0.75 1 0 -> 0 1\n"
	"sample 0 -0.5 1 -> 1 0\n";

static int parse(struct lesson *l, const char *text)
{
	return lesson_from_text(l, "test.lesson", text);
}

/* A 3-5-2 tanh/softmax network, cross-entropy averaged over 4 samples,
 * uniform then normal initialisation from seed 7, 200 iterations at a
 * learning rate of 0.1.  Expected values from numpy 1.24 (Debian 12) with
 * the same computation written out by hand (z = X @ W + b, softmax as
 * e / e.sum(axis=1), d2 = (a2 - Y) / 4, dW = a.T @ d, db = d.sum(0)):
 * loss at iteration 0 0.4259403494045495, at 199 0.010632346230527546,
 * after training W1[0,0] -0.9265386503406928, W2[4,1] -0.5788378064744962.
 * Sums of 4 products may round differently from BLAS, so compare to 1e-12
 * relative. */
static void test_custom_tanh_softmax(void **state)
{
	(void)state;
	char text[2048];
	snprintf(text, sizeof text,
	         "title custom\n%s"
	         "layer 5 tanh\ninit uniform -1 1\n"
	         "layer 2 softmax\ninit normal 0.5\n"
	         "seed 7\nloss cross-entropy\nreduction mean\n"
	         "learning-rate 0.1\niterations 200\n",
	         four_samples);
	struct lesson l;
	struct net n;
	struct engine e;
	struct diags d = {0};
	assert_int_equal(parse(&l, text), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	struct step_result r;
	for (int i = 0; i < 200; i++) {
		assert_int_equal(engine_step(&e, NULL, &r), 0);
		if (i == 0)
			assert_true(fabs(r.loss - 0.4259403494045495) <
			            1e-12 * 0.43);
	}
	assert_true(fabs(r.loss - 0.010632346230527546) < 1e-12 * 0.0107);
	const struct tensor *w1 = &n.tensors[net_find(&n, "W1")];
	const struct tensor *w2 = &n.tensors[net_find(&n, "W2")];
	assert_true(fabs(e.params[w1->offset] - -0.9265386503406928) < 1e-12);
	assert_true(fabs(e.params[w2->offset + 4 * 2 + 1] -
	                 -0.5788378064744962) < 1e-12);
	engine_free(&e);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
}

/* The loss of the network with its parameters at `params`. */
static double loss_at(struct engine *e, const double *params)
{
	struct step_result r;
	engine_restore(e, params, 0);
	assert_int_equal(engine_step(e, NULL, &r), 0);
	return r.loss;
}

/* Every gradient the backward phase computes (dW and db of every layer)
 * against a central finite difference of the loss the engine reports.
 * `scale` relates the two: 1 when the gradient is dL/dW; for the error
 * loss, whose deltas are -dL/dz of L = sum (y - a)^2 / 2, a sister
 * lesson with the squared loss (sum) gives L' = 2L, so scale = -1/2. */
static void check_gradients(const char *lesson_text, const char *fd_text,
                            double scale)
{
	struct lesson l, lf;
	struct net n, nf;
	struct engine e, ef;
	struct trace t;
	struct diags d = {0};
	assert_int_equal(parse(&l, lesson_text), 0);
	assert_int_equal(parse(&lf, fd_text ? fd_text : lesson_text), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(net_init(&nf, &lf, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(engine_init(&ef, &nf), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	assert_int_equal(n.n_params, nf.n_params);
	double *p0 = malloc(n.n_params * sizeof *p0);
	double *p = malloc(n.n_params * sizeof *p);
	memcpy(p0, e.params, n.n_params * sizeof *p0);
	struct step_result r;
	assert_int_equal(engine_step(&e, &t, &r), 0);
	int checked = 0;
	for (int k = 1; k <= l.n_layers; k++)
		for (int role = ROLE_W; role <= ROLE_B; role++) {
			int pi = n.layer_tensor[k][role];
			if (pi < 0)
				continue;
			int gi = n.layer_tensor[k][role == ROLE_W ? ROLE_DW
			                                          : ROLE_DB];
			const struct tensor *pt = &n.tensors[pi];
			const struct tensor *gt = &n.tensors[gi];
			for (size_t i = 0; i < pt->rows * pt->cols; i++) {
				const double h = 1e-6;
				memcpy(p, p0, n.n_params * sizeof *p);
				p[pt->offset + i] += h;
				double up = loss_at(&ef, p);
				p[pt->offset + i] -= 2 * h;
				double down = loss_at(&ef, p);
				double fd = scale * (up - down) / (2 * h);
				double g = t.values[gt->offset + i];
				if (fabs(fd - g) > 1e-6 * (1 + fabs(g))) {
					print_error("%s[%zu]: gradient %.12g, "
					            "finite difference %.12g\n",
					            gt->name, i, g, fd);
					fail();
				}
				checked++;
			}
		}
	assert_true(checked > 0);
	free(p);
	free(p0);
	trace_free(&t);
	engine_free(&e);
	engine_free(&ef);
	net_free(&n);
	net_free(&nf);
	lesson_free(&l);
	lesson_free(&lf);
	diags_free(&d);
}

static void gradient_lesson(char *buf, size_t cap, const char *conv,
                            const char *layers, const char *loss)
{
	snprintf(buf, cap,
	         "title gradient check\n%s"
	         "convention %s\n%s"
	         "seed 3\n%s\nlearning-rate 0.1\niterations 1\n",
	         four_samples, conv, layers, loss);
}

static void test_gradients_softmax_simplified(void **state)
{
	(void)state;
	char a[1024];
	gradient_lesson(a, sizeof a, "rows",
	                "layer 3 tanh\nlayer 2 softmax\n",
	                "loss cross-entropy");
	check_gradients(a, NULL, 1);
	gradient_lesson(a, sizeof a, "columns",
	                "layer 3 softplus\nlayer 2 softmax\n",
	                "loss cross-entropy\nreduction sum");
	check_gradients(a, NULL, 1);
}

static void test_gradients_softmax_jacobian(void **state)
{
	(void)state;
	char a[1024];
	gradient_lesson(a, sizeof a, "rows",
	                "layer 4 sigmoid\nlayer 2 softmax\n",
	                "loss cross-entropy\nsoftmax-backward jacobian");
	check_gradients(a, NULL, 1);
	gradient_lesson(a, sizeof a, "rows",
	                "layer 3 tanh\nderivative from-output\n"
	                "layer 2 softmax\n",
	                "loss squared\nsoftmax-backward jacobian");
	check_gradients(a, NULL, 1);
}

static void test_gradients_regression(void **state)
{
	(void)state;
	char a[1024];
	gradient_lesson(a, sizeof a, "rows",
	                "layer 3 tanh\nlayer 2 identity\n", "loss squared");
	check_gradients(a, NULL, 1);
	gradient_lesson(a, sizeof a, "columns",
	                "layer 4 sigmoid\nderivative from-output\n"
	                "layer 2 identity\n",
	                "loss absolute\nreduction sum");
	check_gradients(a, NULL, 1);
}

/* leaky-relu and elu, at their default parameters and at parameters of
 * their own, their slopes from z and from the output, in both
 * conventions. */
static void test_gradients_leaky_relu_elu(void **state)
{
	(void)state;
	char a[1024];
	gradient_lesson(a, sizeof a, "rows",
	                "layer 4 leaky-relu slope 0.1\n"
	                "layer 3 elu\nderivative from-output\n"
	                "layer 2 identity\n",
	                "loss squared");
	check_gradients(a, NULL, 1);
	gradient_lesson(a, sizeof a, "columns",
	                "layer 3 elu alpha 0.5\n"
	                "layer 4 leaky-relu\nderivative from-output\n"
	                "layer 2 tanh\n",
	                "loss squared\nreduction sum");
	check_gradients(a, NULL, 1);
}

static void test_gradients_binary_cross_entropy(void **state)
{
	(void)state;
	/* One output: the target is the first column of four_samples'
	 * targets, written again with a single target. */
	char a[1024];
	snprintf(a, sizeof a,
	         "title bce\n"
	         "sample 0.5 -1 2 -> 1\nsample 1.5 0.25 -0.5 -> 0\n"
	         "sample -0.75 1 0 -> 0\nsample 0 -0.5 1 -> 1\n"
	         "layer 3 softplus\nlayer 2 tanh\nlayer 1 sigmoid\n"
	         "seed 5\nloss binary-cross-entropy\nlearning-rate 1\n"
	         "iterations 1\n");
	check_gradients(a, NULL, 1);
}

static void test_gradients_error_loss(void **state)
{
	(void)state;
	/* The 11-line networks' loss: deltas are -dL/dz of L = sum(y-a)^2/2;
	 * the finite difference is taken of the squared loss (sum), 2L. */
	char a[1024], b[1024];
	gradient_lesson(a, sizeof a, "rows",
	                "layer 4 sigmoid\nbias no\nderivative from-output\n"
	                "layer 2 sigmoid\nbias no\nderivative from-output\n",
	                "loss error");
	gradient_lesson(b, sizeof b, "rows",
	                "layer 4 sigmoid\nbias no\nderivative from-output\n"
	                "layer 2 sigmoid\nbias no\nderivative from-output\n",
	                "loss squared\nreduction sum");
	check_gradients(a, b, -0.5);
}

/* Seed 000's erratum, computed: at z = 0 the wrong z(1 - z) is 0 while
 * the true slope is 1/4; the finite difference matches the true
 * derivative to about 1e-10 everywhere and never the wrong one (except
 * where both happen to cross). */
static void test_compare_derivatives(void **state)
{
	(void)state;
	const char *text =
		"title erratum\n"
		"sample -2 -> 0\nsample 0 -> 1\nsample 3 -> 1\n"
		"layer 1 sigmoid\nbias no\nweights [[1]]\n"
		"derivative from-output\ncompare-derivatives yes\n"
		"loss error\nlearning-rate 1\niterations 1\n";
	struct lesson l;
	struct net n;
	struct engine e;
	struct trace t;
	struct diags d = {0};
	assert_int_equal(parse(&l, text), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	struct step_result r;
	assert_int_equal(engine_step(&e, &t, &r), 0);
	const double *right = tensor_values(&t, "deriv1");
	const double *other = tensor_values(&t, "deriv1_other");
	const double *wrong = tensor_values(&t, "deriv1_wrong");
	const double *fd = tensor_values(&t, "deriv1_numeric");
	/* z(1 - z) at -2, 0, 3: -6, 0, -6 (by hand). */
	assert_true(wrong[0] == -6.0 && wrong[1] == 0.0 && wrong[2] == -6.0);
	assert_true(right[1] == 0.25 && other[1] == 0.25);
	/* sigma(-2)(1 - sigma(-2)) = 0.10499358540350652 (numpy 1.24:
	 * s = 1/(1+np.exp(2)); s*(1-s)). */
	assert_true(fabs(right[0] - 0.10499358540350652) < 1e-16);
	for (int i = 0; i < 3; i++) {
		assert_true(fabs(fd[i] - right[i]) < 1e-9);
		assert_true(fabs(other[i] - right[i]) < 1e-16);
	}
	trace_free(&t);
	engine_free(&e);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
}

/* Predictions (test-data): the forward and loss phases on the test
 * samples with given parameters.  On the training inputs they must give
 * exactly the traced iteration's outputs; the residual is a - y. */
static void test_forward_on_test_data(void **state)
{
	(void)state;
	struct lesson l, view;
	struct net n, tn;
	struct engine e;
	struct trace t, tt;
	struct diags d = {0};
	assert_int_equal(lesson_load(&l, "tests/lessons/predict.lesson", &d), 0);
	assert_int_equal(l.n_test, 3);
	/* scale x 0 2: the test input 2 is read as 1 (outside [0, 0.5]). */
	assert_true(l.test_x[2] == 1.0 && l.test_y[2] == 4.0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(net_init_test(&tn, &view, &l, &d), 0);
	assert_int_equal(tn.n_params, n.n_params);
	assert_true(tn.residual >= 0 && n.residual < 0);
	assert_int_equal(engine_init(&e, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	assert_int_equal(trace_init(&tt, &tn), 0);
	struct step_result r, rt;
	assert_int_equal(engine_step(&e, &t, &r), 0);
	/* Parameters at the start of the traced iteration lead its values. */
	assert_int_equal(engine_forward(&tn, t.values, &tt, &rt), 0);
	const double *a = tensor_values(&t, "a2");
	const double *at = tensor_values(&tt, "a2");
	const double *res = tensor_values(&tt, "residual");
	/* Training x = 0, 0.5, 1 scale to 0, 0.25, 0.5; test x = 0, 1, 2
	 * scale to 0, 0.5, 1: test sample 0 is training sample 0 and test
	 * sample 1 is training sample 2. */
	assert_true(at[0] == a[0]);
	assert_true(at[1] == a[2]);
	for (int i = 0; i < 3; i++)
		assert_true(res[i] == at[i] - l.test_y[i]);
	/* Only forward and loss operations. */
	for (size_t i = 0; i < tt.n_ops; i++)
		assert_true(tt.ops[i].phase == PHASE_FORWARD ||
		            tt.ops[i].phase == PHASE_LOSS);
	trace_free(&t);
	trace_free(&tt);
	engine_free(&e);
	net_free(&n);
	net_free(&tn);
	lesson_free(&l);
	diags_free(&d);
}

/* Values shown only never stop training (docs/lesson-format.md: the
 * metrics and compare-derivatives are shown, not trained on).  The two
 * test lessons' comments work the numbers out by hand: a = sigmoid(z)
 * is 1.0 exactly, so the metric binary-cross-entropy -ln(1 - a) is inf
 * and, with z = 1e155, the published z (1 - z) is -inf; the gradient
 * a (1 - a) is 0, so the weight stays, and the loss (1 - 0)^2 is 1.
 * Every iteration runs, traced and untraced (metric-inf's on the dense
 * kernel, shown-inf's on the per-operation code), and no trace marks a
 * step as the one where training stopped. */
static void shown_only(const char *path, double w, bool compared)
{
	struct lesson l;
	struct net n;
	struct engine a, b;
	struct trace t;
	struct diags d = {0};
	assert_int_equal(lesson_load(&l, path, &d), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&a, &n), 0);
	assert_int_equal(engine_init(&b, &n), 0);
	assert_int_equal(trace_init(&t, &n), 0);
	assert_true((b.kernel != NULL) == !compared);
	for (long i = 0; i < l.iterations; i++) {
		struct step_result ra, rb;
		assert_int_equal(engine_step(&a, &t, &ra), 0);
		assert_int_equal(engine_step(&b, NULL, &rb), 0);
		assert_false(ra.nonfinite);
		assert_false(rb.nonfinite);
		assert_int_equal(t.nonfinite_step, -1);
		assert_true(ra.loss == 1.0 && rb.loss == 1.0);
		assert_true(isinf(tensor_values(&t, "loss_binary_cross_entropy")[0]));
		if (compared)
			assert_true(tensor_values(&t, "deriv1_wrong")[0] ==
			            -INFINITY);
		assert_true(a.params[0] == w && b.params[0] == w);
	}
	assert_int_equal(a.iteration, l.iterations);
	assert_int_equal(b.iteration, l.iterations);
	trace_free(&t);
	engine_free(&a);
	engine_free(&b);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
}

static void test_shown_only_nonfinite(void **state)
{
	(void)state;
	shown_only("tests/lessons/metric-inf.lesson", 40, false);
	shown_only("tests/lessons/shown-inf.lesson", 1e155, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trask11_iteration0),
		cmocka_unit_test(test_fast_equals_traced),
		cmocka_unit_test(test_fast_equals_traced_wide),
		cmocka_unit_test(test_trask11_original),
		cmocka_unit_test(test_mlp_circles),
		cmocka_unit_test(test_custom_tanh_softmax),
		cmocka_unit_test(test_gradients_softmax_simplified),
		cmocka_unit_test(test_gradients_softmax_jacobian),
		cmocka_unit_test(test_gradients_regression),
		cmocka_unit_test(test_gradients_leaky_relu_elu),
		cmocka_unit_test(test_gradients_binary_cross_entropy),
		cmocka_unit_test(test_gradients_error_loss),
		cmocka_unit_test(test_compare_derivatives),
		cmocka_unit_test(test_forward_on_test_data),
		cmocka_unit_test(test_shown_only_nonfinite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
