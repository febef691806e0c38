/* Predictions tests: a lesson's network run forward on its test data, the
 * training ranges and which test samples lie outside them.
 *
 * The small lessons here have written weights and an identity layer, so
 * every prediction is a hand calculation (each comment shows it); their
 * CSV files are written to a temporary folder.  The reflectivity lesson's
 * ranges come from its data (datasets/README.md: angles 0 to 30 in
 * training, 0 to 50 in the test file) and its worst sample from
 * tests/reference/reflectivity.py (numpy). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lesson/lesson.h"
#include "model/confusion.h"
#include "model/engine.h"
#include "model/net.h"
#include "model/predictions.h"

/* Training data: x1 from 0 to 2, x2 from 0 to 4. */
static const char train_csv[] =
	"x1,x2,y1,y2\n"
	"0,0,0,0\n"
	"1,2,1,1\n"
	"2,4,0,1\n";

/* Sample 0 inside both ranges, 1 past x1's, 2 past x2's, 3 below both. */
static const char test_csv[] =
	"x1,x2,y1,y2\n"
	"1,1,1,2\n"
	"3,1,0,0\n"
	"1,5,2,1\n"
	"-1,-1,0,0\n";

/* out1 = x1 + 3 x2 + 0.5, out2 = 2 x1 - x2 - 0.5, in either convention:
 * W is (inputs, units) in rows and (units, inputs) in columns. */
static const char rows_lesson[] =
	"title        two by two\n"
	"data         train.csv\n"
	"test-data    test.csv\n"
	"inputs       x1 x2\n"
	"targets      y1 y2\n"
	"convention   rows\n"
	"layer        2 identity\n"
	"weights      [[1, 2], [3, -1]]\n"
	"biases       [0.5, -0.5]\n"
	"loss         squared\n"
	"learning-rate 0.1\n"
	"iterations   1\n";

static const char columns_lesson[] =
	"title        two by two\n"
	"data         train.csv\n"
	"test-data    test.csv\n"
	"inputs       x1 x2\n"
	"targets      y1 y2\n"
	"convention   columns\n"
	"layer        2 identity\n"
	"weights      [[1, 3], [2, -1]]\n"
	"biases       [0.5, -0.5]\n"
	"loss         squared\n"
	"learning-rate 0.1\n"
	"iterations   1\n";

/* x1 enters as (x1 - 1) / 2. */
static const char scaled_lesson[] =
	"title        scaled\n"
	"data         train.csv\n"
	"test-data    test.csv\n"
	"inputs       x1 x2\n"
	"targets      y1 y2\n"
	"scale        x1 1 2\n"
	"convention   rows\n"
	"layer        2 identity\n"
	"weights      [[1, 2], [3, -1]]\n"
	"biases       [0.5, -0.5]\n"
	"loss         squared\n"
	"learning-rate 0.1\n"
	"iterations   1\n";

struct fixture {
	char dir[64];
	struct lesson l;
	struct net n;
	struct engine e;  /* its params: the written weights and biases */
	struct predictions p;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

/* Parses `text` as DIR/p.lesson next to the two CSV files and lays out
 * its predictions. */
static struct fixture *load(const char *text)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diags d = {0};
	char path[96];
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/nntrace-predictions-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	write_file(f->dir, "train.csv", train_csv);
	write_file(f->dir, "test.csv", test_csv);
	snprintf(path, sizeof path, "%s/p.lesson", f->dir);
	assert_int_equal(lesson_parse(&f->l, path, text, strlen(text), &d), 0);
	assert_int_equal(net_init(&f->n, &f->l, &d), 0);
	assert_int_equal(engine_init(&f->e, &f->n), 0);
	assert_int_equal(predictions_init(&f->p, &f->l, &d), 0);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	return f;
}

static void unload(struct fixture *f)
{
	predictions_free(&f->p);
	engine_free(&f->e);
	net_free(&f->n);
	lesson_free(&f->l);
	remove_file(f->dir, "train.csv");
	remove_file(f->dir, "test.csv");
	rmdir(f->dir);
	free(f);
}

/* The hand calculation, sample by sample: inputs, targets, predictions
 * (out1 = x1 + 3 x2 + 0.5, out2 = 2 x1 - x2 - 0.5), residuals. */
static const double want_x[4][2] = {{1, 1}, {3, 1}, {1, 5}, {-1, -1}};
static const double want_y[4][2] = {{1, 2}, {0, 0}, {2, 1}, {0, 0}};
static const double want_a[4][2] = {
	{4.5, 0.5}, {6.5, 4.5}, {16.5, -3.5}, {-3.5, -1.5}};
static const double want_res[4][2] = {
	{3.5, -1.5}, {6.5, 4.5}, {14.5, -4.5}, {-3.5, -1.5}};

static void check_two_by_two(struct fixture *f)
{
	struct predictions *p = &f->p;
	assert_int_equal(p->n, 4);
	assert_int_equal(p->ni, 2);
	assert_int_equal(p->no, 2);
	assert_int_equal(predictions_run(p, f->e.params, NULL), 0);
	assert_true(p->ran);
	for (size_t s = 0; s < 4; s++)
		for (size_t k = 0; k < 2; k++) {
			assert_true(predictions_input(p, s, k) == want_x[s][k]);
			assert_true(predictions_target(p, s, k) == want_y[s][k]);
			assert_true(predictions_output(p, s, k) == want_a[s][k]);
			assert_true(predictions_residual(p, s, k) ==
			            want_res[s][k]);
		}
	/* |14.5| of sample 2 is the largest residual. */
	assert_int_equal(p->worst, 2);
	/* Squared, mean over the 4 samples: (3.5^2 + 1.5^2 + 6.5^2 + 4.5^2 +
	 * 14.5^2 + 4.5^2 + 3.5^2 + 1.5^2) / 4 = 322 / 4. */
	assert_true(p->res.loss == 80.5);
}

static void check_ranges(const struct predictions *p)
{
	/* Training: x1 0 to 2, x2 0 to 4; test: x1 -1 to 3, x2 -1 to 5. */
	assert_true(p->train_lo[0] == 0 && p->train_hi[0] == 2);
	assert_true(p->train_lo[1] == 0 && p->train_hi[1] == 4);
	assert_true(p->test_lo[0] == -1 && p->test_hi[0] == 3);
	assert_true(p->test_lo[1] == -1 && p->test_hi[1] == 5);
	static const bool out[4] = {false, true, true, true};
	for (size_t s = 0; s < 4; s++)
		assert_int_equal(p->outside[s], out[s]);
	assert_int_equal(p->n_outside, 3);
}

static void check_lesson(const char *text)
{
	struct fixture *f = load(text);
	check_ranges(&f->p);
	check_two_by_two(f);
	/* x1's training range, 0 to 2, ends inside its test range at both
	 * ends. */
	double rules[2];
	assert_int_equal(predictions_rules(&f->p, rules), 2);
	assert_true(rules[0] == 0 && rules[1] == 2);
	unload(f);
}

static void test_rows(void **state)
{
	(void)state;
	check_lesson(rows_lesson);
}

/* The same network with samples as columns: every value is read from
 * its own cell. */
static void test_columns(void **state)
{
	(void)state;
	check_lesson(columns_lesson);
}

/* Ranges in the network's units, the plot's x in the data's. */
static void test_scaled(void **state)
{
	(void)state;
	struct fixture *f = load(scaled_lesson);
	const struct predictions *p = &f->p;
	/* x1 = (x1 - 1) / 2: training 0..2 becomes -0.5..0.5, the test
	 * inputs 1, 3, 1, -1 become 0, 1, 0, -1. */
	assert_true(p->train_lo[0] == -0.5 && p->train_hi[0] == 0.5);
	assert_true(p->test_lo[0] == -1 && p->test_hi[0] == 1);
	static const double net_x1[4] = {0, 1, 0, -1};
	static const double data_x1[4] = {1, 3, 1, -1};
	for (size_t s = 0; s < 4; s++) {
		assert_true(predictions_input(p, s, 0) == net_x1[s]);
		assert_true(p->plot_x[s] == data_x1[s]);
	}
	assert_int_equal(p->n_outside, 3);
	/* The rules in the data's units: x1 0 and 2. */
	double rules[2];
	assert_int_equal(predictions_rules(p, rules), 2);
	assert_true(rules[0] == 0 && rules[1] == 2);
	unload(f);
}

/* Each run uses the parameters it is given; the worst sample is the
 * first of equals and never one whose residual is NaN. */
static void test_worst_sample(void **state)
{
	(void)state;
	struct fixture *f = load(rows_lesson);
	struct predictions *p = &f->p;
	/* W (2 x 2) then b (2): six parameters. */
	assert_int_equal(f->n.n_params, 6);
	double params[6] = {0};

	/* All zero: every prediction is 0 and each residual minus its
	 * target; |-2| is the largest, first in sample 0 (y2) and again in
	 * sample 2 (y1). */
	assert_int_equal(predictions_run(p, params, NULL), 0);
	assert_true(predictions_output(p, 2, 0) == 0);
	assert_true(predictions_residual(p, 0, 1) == -2);
	assert_int_equal(p->worst, 0);

	/* The written weights with b1 NaN: out1 is NaN for every sample,
	 * so out2's residuals decide: |4.5| in samples 1 and 2, the first
	 * being 1 (out1 would have chosen sample 2). */
	memcpy(params, f->e.params, sizeof params);
	params[4] = NAN;
	assert_int_equal(predictions_run(p, params, NULL), 0);
	assert_true(isnan(predictions_residual(p, 2, 0)));
	assert_true(predictions_residual(p, 1, 1) == 4.5);
	assert_int_equal(p->worst, 1);
	unload(f);
}

/* Which sample a cell of the test net belongs to. */
static void test_sample_of(void **state)
{
	(void)state;
	const char *lessons[2] = {rows_lesson, columns_lesson};
	for (int k = 0; k < 2; k++) {
		struct fixture *f = load(lessons[k]);
		const struct predictions *p = &f->p;
		const struct net *n = &p->net;
		const struct tensor *z = &n->tensors[n->layer_tensor[1][ROLE_Z]];
		/* Rows: z is (4, 2), cell 5 is (2, 1), sample 2; columns: z
		 * is (2, 4), cell 5 is (1, 1), sample 1. */
		assert_int_equal(predictions_sample_of(p, z, 5), k ? 1 : 2);
		assert_int_equal(predictions_sample_of(p, z, 0), 0);
		/* The loss and the weights belong to no one sample. */
		assert_int_equal(predictions_sample_of(p, &n->tensors[n->loss], 0),
		                 -1);
		assert_int_equal(predictions_sample_of(
		                         p, &n->tensors[n->layer_tensor[1][ROLE_W]],
		                         3),
		                 -1);
		unload(f);
	}
}

/* The bundled reflectivity lesson, trained: 31 angles in training (0 to
 * 30), 51 in the test file (0 to 50), so the 20 from 31 on lie outside;
 * numpy's run (tests/reference/reflectivity.py) misses most at 50
 * degrees (residual[0,50] = -0.15561521161384012). */
static void test_reflectivity(void **state)
{
	(void)state;
	struct lesson l;
	struct net n;
	struct engine e;
	struct predictions p;
	struct diags d = {0};
	struct step_result r;
	assert_int_equal(lesson_load(&l, "lessons/reflectivity.lesson", &d), 0);
	assert_int_equal(net_init(&n, &l, &d), 0);
	assert_int_equal(engine_init(&e, &n), 0);
	for (long i = 0; i < l.iterations; i++)
		assert_int_equal(engine_step(&e, NULL, &r), 0);
	assert_int_equal(predictions_init(&p, &l, &d), 0);
	assert_int_equal(predictions_run(&p, e.params, &d), 0);
	/* `scale angle 15 15`: angles 0..30 are -1..1, 0..50 are -1..7/3. */
	assert_true(p.train_lo[0] == -1 && p.train_hi[0] == 1);
	assert_true(p.test_lo[0] == -1);
	assert_true(fabs(p.test_hi[0] - 35.0 / 15) < 1e-15);
	assert_int_equal(p.n_outside, 20);
	for (size_t s = 0; s < 51; s++) {
		assert_int_equal(p.outside[s], s > 30);
		assert_true(fabs(p.plot_x[s] - (double)s) < 1e-12);
	}
	assert_int_equal(p.worst, 50);
	/* Both ranges start at 0 degrees: one rule, at 30. */
	double rules[2];
	assert_int_equal(predictions_rules(&p, rules), 1);
	assert_true(fabs(rules[0] - 30) < 1e-12);
	assert_true(fabs(predictions_residual(&p, 50, 0) -
	                 -0.15561521161384012) < 1e-12);
	predictions_free(&p);
	engine_free(&e);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
}

/* The confusion matrix's counts and numpy's argmax: five samples of three
 * classes, counted by hand (true 0 -> 0, 0 -> 2, 1 -> 1, 2 -> 1 and a
 * tie 2 -> 0, since argmax takes the first of equals); numpy gives
 * np.argmax([0.4, 0.4, 0.2]) == 0 and np.argmax([1, nan, 2]) == 1. */
static void test_confusion(void **state)
{
	(void)state;
	static const double target[] = {1, 0, 0, 1, 0, 0, 0, 1, 0,
	                                0, 0, 1, 0, 0, 1};
	static const double output[] = {0.7, 0.2, 0.1, 0.1, 0.3, 0.6,
	                                0.2, 0.5, 0.3, 0.1, 0.8, 0.1,
	                                0.4, 0.3, 0.4};
	struct confusion c;
	assert_int_equal(confusion_count(&c, 3, 5, target, output), 0);
	static const size_t want[] = {1, 0, 1, 0, 1, 0, 1, 1, 0};
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(c.count[i], want[i]);
	assert_int_equal(c.right, 2);
	assert_int_equal(c.n, 5);
	confusion_free(&c);

	const double tie[] = {0.4, 0.4, 0.2}, nan_mid[] = {1, NAN, 2};
	assert_int_equal(confusion_argmax(tie, 3, 1), 0);
	assert_int_equal(confusion_argmax(nan_mid, 3, 1), 1);
	/* A stride reads a column: 5, 9, 7 of a (3, 2) matrix. */
	const double m[] = {5, 0, 9, 0, 7, 0};
	assert_int_equal(confusion_argmax(m, 3, 2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_scaled),
		cmocka_unit_test(test_worst_sample),
		cmocka_unit_test(test_sample_of),
		cmocka_unit_test(test_reflectivity),
		cmocka_unit_test(test_confusion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
