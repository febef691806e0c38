/* Tests of the lesson parser: fixtures in tests/lessons/, lessons written
 * inline (they pretend to live in tests/lessons/ so that relative data
 * paths resolve there), and one test per error message, checked as the
 * exact "file:line:col: error: message" text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "lesson/parser.h"
#include "core/op.h"

/* Inline lessons are parsed as if they were this file. */
#define T "tests/lessons/t.lesson"

/* A minimal good lesson in three parts, so a test can put a line between
 * them or after them.  Lines 1-3, 4-5 and 6-8. */
#define SAMPLES "sample 0 1 -> 1\n" "sample 1 0 -> 0\n"
#define HEAD "title T\n" SAMPLES
#define NET "layer 1 sigmoid\n" "seed 1\n"
#define TRAIN "loss squared\n" "learning-rate 0.5\n" "iterations 10\n"
#define GOOD HEAD NET TRAIN
#define UNTITLED SAMPLES NET TRAIN /* GOOD without its first line */

/* =====================================================================
 * Helpers
 * ===================================================================== */

static int parse(struct lesson *l, struct diags *d, const char *text)
{
	return lesson_parse(l, T, text, strlen(text), d);
}

static void dump(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[1024];
		diags_format(d, i, buf, sizeof buf);
		print_message("  got: %s\n", buf);
	}
}

/* The parse of `len` bytes must fail with exactly the listed errors (a
 * NULL-terminated list of formatted lines), the first with `code`. */
static void check_errors_n(const char *text, size_t len, int code, va_list ap)
{
	struct diags d = {0};
	struct lesson l;
	assert_int_equal(lesson_parse(&l, T, text, len, &d), -1);
	const char *want;
	size_t i = 0;
	while ((want = va_arg(ap, const char *))) {
		char buf[1024] = "";
		if (i < d.n)
			diags_format(&d, i, buf, sizeof buf);
		if (strcmp(buf, want) != 0) {
			print_message("want: %s\n", want);
			dump(&d);
		}
		assert_string_equal(buf, want);
		i++;
	}
	if (d.n != i)
		dump(&d);
	assert_int_equal(d.n, i);
	assert_int_equal(diags_code(&d), code);
	/* A failed parse leaves nothing behind. */
	assert_null(l.title);
	assert_null(l.path);
	assert_int_equal(l.n_layers, 0);
	diags_free(&d);
}

static void check_errors(const char *text, int code, ...)
{
	va_list ap;
	va_start(ap, code);
	check_errors_n(text, strlen(text), code, ap);
	va_end(ap);
}

static void check_errors_len(const char *text, size_t len, int code, ...)
{
	va_list ap;
	va_start(ap, code);
	check_errors_n(text, len, code, ap);
	va_end(ap);
}

/* One error, code 65. */
static void check_error(const char *text, const char *want)
{
	check_errors(text, 65, want, (const char *)NULL);
}

static void parse_ok(struct lesson *l, const char *text)
{
	struct diags d = {0};
	int rc = parse(l, &d, text);
	if (rc != 0)
		dump(&d);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

static void load_ok(struct lesson *l, const char *path)
{
	struct diags d = {0};
	int rc = lesson_load(l, path, &d);
	if (rc != 0)
		dump(&d);
	assert_int_equal(rc, 0);
	diags_free(&d);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* Removes a temporary tree made by a test. */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ?
	           opendir(path) : NULL;
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[PATH_MAX];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(dir);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void make_temp(char *out, size_t cap)
{
	snprintf(out, cap, "/tmp/nntrace-lesson-XXXXXX");
	assert_non_null(mkdtemp(out));
}

/* =====================================================================
 * Good lessons
 * ===================================================================== */

static void test_trask_fixture(void **state)
{
	(void)state;
	struct lesson l;
	load_ok(&l, "tests/lessons/trask.lesson");

	assert_string_equal(l.path, "tests/lessons/trask.lesson");
	assert_string_equal(l.title, "The annotated 11-line network");
	/* '#' in free text is text; trailing blanks are dropped. */
	assert_string_equal(l.source, "Paul Singman, after Andrew Trask   "
	                              "# not a comment: free text");
	assert_string_equal(l.description,
	                    "Three inputs, one output. The first input "
	                    "decides the output.\nWe follow iteration 0 by "
	                    "hand.");

	/* Found next to the lesson. */
	assert_string_equal(l.data_path, "tests/lessons/trask.csv");
	assert_int_equal(l.n_samples, 4);
	assert_int_equal(l.n_inputs, 3);
	assert_int_equal(l.n_outputs, 1);
	static const double x[] = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
	static const double y[] = {0, 0, 1, 1};
	for (size_t i = 0; i < 12; i++)
		assert_true(l.x[i] == x[i]);
	for (size_t i = 0; i < 4; i++)
		assert_true(l.y[i] == y[i]);
	assert_true(l.data_integral);
	assert_string_equal(l.input_name, "l0");
	assert_string_equal(l.target_name, "y");
	assert_string_equal(l.loss_name, "loss");
	assert_string_equal(l.accuracy_name, "accuracy");

	assert_int_equal(l.conv, CONV_ROWS);
	assert_int_equal(l.n_layers, 1);
	const struct layer_spec *ls = &l.layers[0];
	assert_int_equal(ls->units, 1);
	assert_int_equal(ls->act, ACT_SIGMOID);
	assert_false(ls->bias);
	assert_int_equal(ls->init, INIT_UNIFORM);
	assert_true(ls->init_low == -1 && ls->init_high == 1);
	assert_int_equal(ls->deriv, DERIV_FROM_OUTPUT);
	assert_true(ls->deriv_scale == 1);
	assert_null(ls->given_w);
	assert_null(ls->given_b);
	assert_string_equal(ls->name[ROLE_W], "syn0");
	assert_string_equal(ls->name[ROLE_Z], "l1_dot");
	assert_string_equal(ls->name[ROLE_A], "l1");
	assert_string_equal(ls->name[ROLE_ERROR], "l1_error");
	assert_string_equal(ls->name[ROLE_DELTA], "l1_delta");
	assert_string_equal(ls->name[ROLE_W_NEW], "syn0_new");
	assert_string_equal(ls->name[ROLE_DW], "dW1");
	assert_string_equal(ls->name[ROLE_DERIV], "deriv1");
	assert_int_equal(ls->pos.line, 16);
	assert_int_equal(ls->pos.col, 1);

	assert_true(l.has_seed);
	assert_int_equal(l.seed, 123);
	assert_int_equal(l.loss, LOSS_ERROR);
	assert_int_equal(l.reduction, REDUCE_SUM);
	assert_int_equal(l.bias_grad, REDUCE_SUM);
	assert_true(l.learning_rate == 1);
	assert_int_equal(l.iterations, 10000);
	assert_false(l.accuracy); /* off by default for the error loss */
	assert_int_equal(l.metrics, 0);
	assert_int_equal(l.precision, 8);
	assert_string_equal(l.handout, "0,1,last");

	assert_int_equal(l.n_cues, 5);
	const struct cue *c = &l.cues[0];
	assert_int_equal(c->kind, CUE_SAY);
	assert_int_equal(c->sel.iter_from, 0);
	assert_int_equal(c->sel.iter_to, 0);
	assert_false(c->sel.every_iteration);
	assert_int_equal(c->sel.phase, PHASE_FORWARD);
	assert_int_equal(c->sel.kind, -1);
	assert_string_equal(c->sel.tensor, "l1_dot");
	assert_int_equal(c->sel.row, 0);
	assert_int_equal(c->sel.col, 0);
	assert_int_equal(c->pos.line, 35);
	assert_int_equal(c->sel.pos.line, 35);
	assert_int_equal(c->sel.pos.col, 5);
	assert_string_equal(c->text, "Each example is a row of l0. Its dot "
	                             "product with syn0 adds three products.");
	assert_null(c->hint);

	c = &l.cues[1]; /* no iteration term: iteration 0 */
	assert_int_equal(c->kind, CUE_PREDICT);
	assert_int_equal(c->sel.iter_from, 0);
	assert_int_equal(c->sel.iter_to, 0);
	assert_int_equal(c->sel.phase, -1);
	assert_string_equal(c->sel.tensor, "l1_dot");
	assert_int_equal(c->sel.row, 1);
	assert_int_equal(c->sel.col, 0);
	assert_string_equal(c->text, "What is the second dot product?");
	assert_string_equal(c->hint, "Only the inputs that are 1 count. Add "
	                             "two weights.");
	assert_true(c->tolerance == 0.0001);
	assert_int_equal(c->decimals, -1);

	c = &l.cues[2];
	assert_int_equal(c->kind, CUE_PAUSE);
	assert_null(c->text);
	assert_int_equal(c->sel.phase, PHASE_UPDATE);
	assert_string_equal(c->sel.tensor, "syn0_new");

	c = &l.cues[3];
	assert_int_equal(c->sel.iter_from, 1);
	assert_int_equal(c->sel.iter_to, ITER_LAST);
	assert_false(c->sel.every_iteration);
	assert_int_equal(c->sel.phase, PHASE_LOSS);
	assert_string_equal(c->sel.tensor, "l1_error");
	assert_int_equal(c->sel.row, 2);
	assert_int_equal(c->sel.col, SELECTOR_INDEX);
	assert_string_equal(c->text, "# is text here");

	c = &l.cues[4];
	assert_true(c->sel.every_iteration);
	assert_int_equal(c->sel.iter_from, 0);
	assert_int_equal(c->sel.iter_to, ITER_LAST);
	assert_int_equal(c->sel.kind, OP_SIGMOID);
	assert_null(c->sel.tensor);
	assert_int_equal(c->sel.row, -1);
	assert_int_equal(c->sel.col, -1);

	assert_int_equal(l.n_reports, 1);
	assert_int_equal(l.reports[0].what, REPORT_LOSS);
	assert_int_equal(l.reports[0].every, 1000);
	assert_string_equal(l.reports[0].label, "Error:");
	assert_int_equal(l.reports[0].pos.line, 44);
	lesson_free(&l);
}

static const double w1_cols[] = {0.2, 0.15, -0.01, 0.01, -0.1, -0.06,
                                 0.14, -0.2, -0.03};
static const double w2_cols[] = {0.08, 0.11, -0.3, 0.1, -0.15, 0.08,
                                 0.1, 0.1, -0.07};

/* Seed 001's network as written there: W . a, so (out, in). */
static void test_softmax_columns(void **state)
{
	(void)state;
	struct lesson l;
	load_ok(&l, "tests/lessons/softmax-333.lesson");
	assert_null(l.data_path);
	assert_int_equal(l.conv, CONV_COLUMNS);
	assert_int_equal(l.n_samples, 1);
	assert_int_equal(l.n_inputs, 3);
	assert_int_equal(l.n_outputs, 3);
	assert_true(l.x[0] == 1 && l.x[1] == 0 && l.x[2] == 0);
	assert_true(l.y[0] == 0 && l.y[1] == 1 && l.y[2] == 0);
	assert_true(l.data_integral);
	assert_int_equal(l.n_layers, 2);
	for (int k = 0; k < 2; k++) {
		const struct layer_spec *ls = &l.layers[k];
		const double *w = k == 0 ? w1_cols : w2_cols;
		assert_int_equal(ls->init, INIT_GIVEN);
		assert_int_equal(ls->units, 3);
		assert_non_null(ls->given_w);
		assert_non_null(ls->given_b);
		for (int i = 0; i < 9; i++)
			assert_true(ls->given_w[i] == w[i]);
	}
	assert_int_equal(l.layers[0].act, ACT_TANH);
	assert_int_equal(l.layers[1].act, ACT_SOFTMAX);
	for (int i = 0; i < 3; i++) {
		assert_true(l.layers[0].given_b[i] == 1);
		assert_true(l.layers[1].given_b[i] == (i == 1));
	}
	assert_string_equal(l.layers[1].name[ROLE_EXP], "exp2");
	assert_string_equal(l.layers[1].name[ROLE_SUM], "sum2");
	assert_int_equal(l.loss, LOSS_CCE);
	assert_true(l.accuracy); /* on by default for cross-entropy */
	assert_int_equal(l.softmax_backward, SOFTMAX_SIMPLIFIED);
	assert_int_equal(l.metrics, (1u << LOSS_SQUARED) | (1u << LOSS_ABSOLUTE));
	assert_false(l.has_seed);
	lesson_free(&l);
}

/* The same network with samples as rows: every matrix transposed, and
 * biases written as a (1, 3) row and as a (3, 1) column. */
static void test_softmax_rows(void **state)
{
	(void)state;
	struct lesson l;
	load_ok(&l, "tests/lessons/softmax-333-rows.lesson");
	assert_int_equal(l.conv, CONV_ROWS);
	for (int k = 0; k < 2; k++) {
		const double *w = k == 0 ? w1_cols : w2_cols;
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 3; c++)
				assert_true(l.layers[k].given_w[r * 3 + c] ==
				            w[c * 3 + r]);
	}
	for (int i = 0; i < 3; i++) {
		assert_true(l.layers[0].given_b[i] == 1);
		assert_true(l.layers[1].given_b[i] == (i == 1));
	}
	assert_int_equal(l.loss, LOSS_SQUARED);
	assert_int_equal(l.softmax_backward, SOFTMAX_JACOBIAN);
	assert_false(l.accuracy);
	lesson_free(&l);
}

/* Seed 003's MLP [2,4,3,1] with its quirks, on four of its points. */
static void test_circles(void **state)
{
	(void)state;
	struct lesson l;
	load_ok(&l, "tests/lessons/circles.lesson");
	assert_string_equal(l.data_path, "tests/lessons/circles.csv");
	assert_int_equal(l.n_samples, 4);
	assert_int_equal(l.n_inputs, 2);
	assert_int_equal(l.n_outputs, 1);
	/* x1 as in the file; x2 scaled by `scale x2 -1 2`. */
	assert_true(l.x[0] == 0.54149549065539249);
	assert_true(l.x[1] == (0.011964244574963104 - -1.0) / 2.0);
	assert_true(l.x[7] == (0.3165300247127299 - -1.0) / 2.0);
	assert_true(l.y[2] == 0 && l.y[3] == 1);
	assert_false(l.data_integral);

	assert_int_equal(l.n_layers, 3);
	static const int units[] = {4, 3, 1};
	static const enum activation acts[] = {ACT_RELU, ACT_RELU, ACT_SIGMOID};
	for (int k = 0; k < 3; k++) {
		assert_int_equal(l.layers[k].units, units[k]);
		assert_int_equal(l.layers[k].act, acts[k]);
		assert_int_equal(l.layers[k].init, INIT_NORMAL);
		assert_true(l.layers[k].init_scale == 0.1);
		assert_true(l.layers[k].bias);
	}
	assert_int_equal(l.layers[2].deriv, DERIV_FROM_Z);
	assert_true(l.layers[2].deriv_scale == 2);
	assert_string_equal(l.layers[2].name[ROLE_A], "yhat");
	assert_string_equal(l.layers[1].name[ROLE_A], "a2");

	assert_int_equal(l.seed, 42);
	assert_int_equal(l.loss, LOSS_BCE);
	assert_int_equal(l.reduction, REDUCE_SUM);
	assert_int_equal(l.bias_grad, REDUCE_MEAN);
	assert_true(l.learning_rate == 0.005);
	assert_int_equal(l.iterations, 150);
	assert_true(l.clip_sigmoid == 500);
	assert_true(l.clip_probability == 2.220446049250313e-16);
	assert_true(l.accuracy);
	assert_true(l.accuracy_threshold == 0.5);
	assert_int_equal(l.metrics, 1u << LOSS_SQUARED);
	assert_int_equal(l.n_reports, 2);
	assert_int_equal(l.reports[0].what, REPORT_ACCURACY);
	assert_int_equal(l.reports[0].every, 10);
	assert_string_equal(l.reports[0].label, "accuracy");
	assert_string_equal(l.reports[1].label, "loss value");
	lesson_free(&l);
}

static void test_one_hot(void **state)
{
	(void)state;
	struct lesson l;
	load_ok(&l, "tests/lessons/onehot.lesson");
	assert_int_equal(l.n_samples, 3);
	assert_int_equal(l.n_outputs, 3);
	static const double y[] = {1, 0, 0, 0, 0, 1, 0, 1, 0};
	for (int i = 0; i < 9; i++)
		assert_true(l.y[i] == y[i]);
	assert_int_equal(l.layers[0].init, INIT_ZEROS);
	assert_false(l.accuracy); /* "accuracy no" beats the default */
	lesson_free(&l);
}

static void test_defaults(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, HEAD "layer 2 tanh\n" "layer 1 identity\n" "seed 0\n"
	             TRAIN);
	assert_string_equal(l.path, T);
	assert_null(l.source);
	assert_null(l.description);
	assert_null(l.data_path);
	assert_int_equal(l.precision, 8);
	assert_string_equal(l.handout, "0,last");
	assert_string_equal(l.input_name, "x");
	assert_string_equal(l.target_name, "y");
	assert_string_equal(l.loss_name, "loss");
	assert_string_equal(l.accuracy_name, "accuracy");
	assert_int_equal(l.conv, CONV_ROWS);
	assert_int_equal(l.reduction, REDUCE_MEAN);
	assert_int_equal(l.bias_grad, REDUCE_SUM);
	assert_int_equal(l.softmax_backward, SOFTMAX_SIMPLIFIED);
	assert_false(l.accuracy);
	assert_true(l.accuracy_threshold == 0.5);
	assert_true(l.clip_sigmoid == 0 && l.clip_probability == 0);
	assert_int_equal(l.metrics, 0);
	assert_true(l.has_seed);
	assert_int_equal(l.seed, 0);
	assert_int_equal(l.n_cues, 0);
	assert_int_equal(l.n_reports, 0);
	assert_int_equal(l.n_samples, 2);
	assert_int_equal(l.n_inputs, 2);
	assert_int_equal(l.n_outputs, 1);

	static const char *const names[ROLE_COUNT] = {
		"W2", "b2", "z2", "exp2", "sum2", "a2", "error2", "deriv2",
		"delta2", "dW2", "db2", "W2_new", "b2_new", "deriv2_wrong",
		"deriv2_other", "deriv2_numeric",
	};
	const struct layer_spec *ls = &l.layers[1];
	for (int r = 0; r < ROLE_COUNT; r++)
		assert_string_equal(ls->name[r], names[r]);
	assert_true(ls->bias);
	assert_int_equal(ls->init, INIT_UNIFORM);
	assert_true(ls->init_low == -1 && ls->init_high == 1);
	assert_int_equal(ls->deriv, DERIV_FROM_Z);
	assert_true(ls->deriv_scale == 1);
	lesson_free(&l);
}

static void test_selectors(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, GOOD
	         "say: empty selector\n"                     /* 0 */
	         "say iteration last: x\n"                   /* 1 */
	         "say iterations 2-5 backward delta W1: x\n" /* 2 */
	         "pause W1[3]\n"                             /* 3 */
	         "say update: x\n"                           /* 4 */
	         "say accuracy: x\n"                         /* 5 */
	         "say foo_bar: an unknown word is a tensor\n" /* 6 */
	         "say iteration 1e2 W1[ 1 , 2 ]: x\n"        /* 7 */
	         "say\titeration\t7\tdot:\tx\n"              /* 8 */
	         "predict a1[0,0]: q\n"                      /* 9 */
	         "say loss loss: x\n"                        /* 10 */
	         "say loss loss loss: x\n"                   /* 11 */
	         "say iteration 3 loss accuracy: x\n"        /* 12 */
	         "say loss loss[0,0]: x\n"                   /* 13 */
	         "say update update: x\n");                  /* 14 */
	assert_int_equal(l.n_cues, 15);
	const struct selector *s = &l.cues[0].sel;
	assert_int_equal(s->iter_from, 0);
	assert_int_equal(s->iter_to, 0);
	assert_int_equal(s->phase, -1);
	assert_int_equal(s->kind, -1);
	assert_null(s->tensor);
	assert_int_equal(s->row, -1);
	assert_int_equal(s->col, -1);
	assert_string_equal(l.cues[0].text, "empty selector");

	s = &l.cues[1].sel;
	assert_int_equal(s->iter_from, ITER_LAST);
	assert_int_equal(s->iter_to, ITER_LAST);

	s = &l.cues[2].sel;
	assert_int_equal(s->iter_from, 2);
	assert_int_equal(s->iter_to, 5);
	assert_int_equal(s->phase, PHASE_BACKWARD);
	assert_int_equal(s->kind, OP_DELTA);
	assert_string_equal(s->tensor, "W1");

	s = &l.cues[3].sel;
	assert_int_equal(l.cues[3].kind, CUE_PAUSE);
	assert_int_equal(s->row, 3);
	assert_int_equal(s->col, SELECTOR_INDEX);

	/* "update" and "loss" are phases and kinds: the phase wins. */
	assert_int_equal(l.cues[4].sel.phase, PHASE_UPDATE);
	assert_int_equal(l.cues[4].sel.kind, -1);
	assert_int_equal(l.cues[5].sel.kind, OP_ACCURACY);
	assert_int_equal(l.cues[5].sel.phase, -1);
	assert_string_equal(l.cues[6].sel.tensor, "foo_bar");

	s = &l.cues[7].sel;
	assert_int_equal(s->iter_from, 100);
	assert_int_equal(s->row, 1);
	assert_int_equal(s->col, 2);

	s = &l.cues[8].sel;
	assert_int_equal(s->iter_from, 7);
	assert_int_equal(s->kind, OP_DOT);
	assert_string_equal(l.cues[8].text, "x");

	/* Neither tolerance nor decimals: both unset (the answer is judged
	 * to the decimals typed, at least LESSON_ANSWER_DECIMALS). */
	assert_int_equal(l.cues[9].kind, CUE_PREDICT);
	assert_true(l.cues[9].tolerance == -1);
	assert_int_equal(l.cues[9].decimals, -1);
	assert_null(l.cues[9].hint);

	/* A word fills the first free slot: phase, kind, then tensor (only
	 * "loss" and "accuracy" may name one). */
	s = &l.cues[10].sel;
	assert_int_equal(s->phase, PHASE_LOSS);
	assert_int_equal(s->kind, OP_LOSS);
	assert_null(s->tensor);
	s = &l.cues[11].sel;
	assert_int_equal(s->phase, PHASE_LOSS);
	assert_int_equal(s->kind, OP_LOSS);
	assert_string_equal(s->tensor, "loss");
	s = &l.cues[12].sel;
	assert_int_equal(s->phase, PHASE_LOSS);
	assert_int_equal(s->kind, OP_ACCURACY);
	s = &l.cues[13].sel;
	assert_int_equal(s->phase, PHASE_LOSS);
	assert_int_equal(s->kind, -1);
	assert_string_equal(s->tensor, "loss");
	assert_int_equal(s->row, 0);
	assert_int_equal(s->col, 0);
	s = &l.cues[14].sel;
	assert_int_equal(s->phase, PHASE_UPDATE);
	assert_int_equal(s->kind, OP_UPDATE);
	lesson_free(&l);
}

static void test_text_continuation(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, "title T\n"
	             "description\n"                /* text on later lines */
	             "  First   paragraph,\n"
	             "\tstill first.  \n"
	             "\n"                           /* blank: ignored */
	             "  # an indented comment is a comment\n"
	             "  .\n"
	             "  Second: #1 is text.\n"
	             "  .\n"
	             "  .\n"
	             "  Third.\n"
	             "  .\n"
	             UNTITLED
	             "say: a\n"
	             "  b\n"
	             "predict: q\n"
	             "hint h1\n"
	             "  h2\n"
	             "tolerance 0\n");
	assert_string_equal(l.description, "First   paragraph, still first.\n"
	                                   "Second: #1 is text.\n\nThird.");
	assert_string_equal(l.cues[0].text, "a b");
	assert_string_equal(l.cues[1].hint, "h1 h2");
	assert_true(l.cues[1].tolerance == 0);
	lesson_free(&l);
}

/* Tabs, CRLF and a BOM are all fine, and the BOM is no column. */
static void test_tabs_crlf_bom(void **state)
{
	(void)state;
	static const char text[] =
		"\xEF\xBB\xBFtitle\tT\r\n"
		"sample\t0 1\t->\t1\r\n"
		"layer\t1\tsigmoid   \t\r\n"
		"seed 1\r\n"
		"loss\tsquared\t# comment\r\n"
		"learning-rate 0.5\r\n"
		"iterations 10\r\n"
		"say iteration 0:\tCRLF\r\n"
		"  more\r\n";
	struct lesson l;
	parse_ok(&l, text);
	assert_string_equal(l.title, "T");
	assert_int_equal(l.layers[0].act, ACT_SIGMOID);
	assert_int_equal(l.iterations, 10);
	assert_string_equal(l.cues[0].text, "CRLF more");
	lesson_free(&l);

	check_error("\xEF\xBB\xBFlayr 1 sigmoid\r\n" "title T\r\n" UNTITLED,
	            T ":1:1: error: unknown keyword 'layr' (did you mean "
	            "'layer'?)");
	check_errors("\xEF\xBB\xBF" "title T\r\nlayer 1\tsigmod\r\nseed 1\r\n",
	             65,
	             T ":2:9: error: unknown activation 'sigmod' (did you "
	             "mean 'sigmoid'?)",
	             T ":3:1: error: no 'loss' line (every lesson needs one)",
	             T ":3:1: error: no 'learning-rate' line (every lesson "
	             "needs one)",
	             T ":3:1: error: no 'iterations' line (every lesson needs "
	             "one)",
	             T ":3:1: error: no data: add a 'data' line or 'sample' "
	             "lines", (const char *)NULL);
}

static void test_comments(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, "# a comment\n"
	             "   # an indented comment\n"
	             GOOD
	             "precision 4 # four decimals\n"
	             "handout all\t# every iteration\n");
	assert_int_equal(l.precision, 4);
	assert_string_equal(l.handout, "all");
	lesson_free(&l);
	/* A '#' that follows no blank is part of the word. */
	check_error(GOOD "precision 4#x\n",
	            T ":9:11: error: precision '4#x' is not a whole number");
}

/* The buffer need not end in NUL or a newline (valgrind checks that
 * nothing past its end is read). */
static void test_unterminated_buffer(void **state)
{
	(void)state;
	static const char text[] = GOOD "say: last line";
	size_t n = strlen(text);
	char *buf = malloc(n);
	assert_non_null(buf);
	memcpy(buf, text, n);
	struct lesson l;
	struct diags d = {0};
	assert_int_equal(lesson_parse(&l, T, buf, n, &d), 0);
	assert_string_equal(l.cues[0].text, "last line");
	lesson_free(&l);
	free(buf);
	diags_free(&d);
}

/* =====================================================================
 * Errors: the lexical level
 * ===================================================================== */

static void test_unknown_keyword(void **state)
{
	(void)state;
	check_error(GOOD "lyaer 2 relu\n",
	            T ":9:1: error: unknown keyword 'lyaer' (did you mean "
	            "'layer'?)");
	/* Its indented lines are not errors of their own. */
	check_error(GOOD "frobnicate the\n  lesson\n",
	            T ":9:1: error: unknown keyword 'frobnicate' "
	            "(docs/lesson-format.md lists the keywords)");
	check_error(GOOD "Title T\n",
	            T ":9:1: error: unknown keyword 'Title' (did you mean "
	            "'title'?)");
}

static void test_unknown_values(void **state)
{
	(void)state;
	check_error(HEAD "layer 1 sigmoyd\n" "seed 1\n" TRAIN,
	            T ":4:9: error: unknown activation 'sigmoyd' (did you "
	            "mean 'sigmoid'?)");
	check_error(HEAD NET "loss cubic\n" "learning-rate 0.5\n"
	                     "iterations 10\n",
	            T ":6:6: error: unknown loss 'cubic' (expected error, "
	            "squared, absolute, binary-cross-entropy or "
	            "cross-entropy)");
	check_error(GOOD "convention row\n",
	            T ":9:12: error: unknown convention 'row' (did you mean "
	            "'rows'?)");
	check_error(GOOD "bias maybe\n",
	            T ":9:6: error: unknown bias setting 'maybe' (expected "
	            "yes or no)");
	check_error(GOOD "init gaussian 1\n",
	            T ":9:6: error: unknown initialisation 'gaussian' "
	            "(expected uniform, normal or zeros)");
	check_error(GOOD "name outptu a\n",
	            T ":9:6: error: unknown tensor role 'outptu' (did you "
	            "mean 'output'?)");
	check_error(GOOD "reduction avg\n",
	            T ":9:11: error: unknown reduction 'avg' (expected sum "
	            "or mean)");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* "Café " is 5 characters but 6 bytes: the column counts
	 * characters. */
	check_error(GOOD "say: Caf\xC3\xA9 \xFF!\n",
	            T ":9:11: error: invalid UTF-8 byte 0xFF");
	check_error("title x\xC3\n" UNTITLED,
	            T ":1:8: error: invalid UTF-8: byte 0xC3 starts a "
	            "sequence that is cut short");
	check_error(GOOD "say: \xC0\xAF\n",
	            T ":9:6: error: invalid UTF-8 byte 0xC0 (an overlong or "
	            "out-of-range sequence)");
	check_error(GOOD "say: \xED\xA0\x80 surrogate\n",
	            T ":9:6: error: invalid UTF-8 byte 0xED (an overlong or "
	            "out-of-range sequence)");
	check_error(GOOD "say: \x1B[31mred\n",
	            T ":9:6: error: control character U+001B is not allowed");
	check_error(GOOD "say: a\rb\n",
	            T ":9:7: error: carriage return in the middle of a line");
}

static void test_nul_byte(void **state)
{
	(void)state;
	static const char text[] = GOOD "say: a\0b\n";
	check_errors_len(text, sizeof text - 1, 65,
	                 T ":9:7: error: NUL byte (a lesson is UTF-8 text)",
	                 (const char *)NULL);
}

/* A 10 MB line is refused by the size limit without being parsed.  (How
 * fast: `make bench`, bench/run.py item 7, times this line.) */
static void test_huge_line(void **state)
{
	(void)state;
	size_t n = 10u << 20;
	char *buf = malloc(n);
	assert_non_null(buf);
	memset(buf, 'a', n);
	check_errors_len(buf, n, 65,
	                 T ":1:1048577: error: the lesson is larger than "
	                 "1048576 bytes (1 MiB), the limit",
	                 (const char *)NULL);

	/* lesson_load reads no more than the limit allows. */
	char dir[64], path[128];
	make_temp(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/big.lesson", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	struct lesson l;
	struct diags d = {0};
	assert_int_equal(lesson_load(&l, path, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 1);
	assert_int_equal(d.items[0].col, 1048577);
	assert_int_equal(diags_code(&d), 65);
	diags_free(&d);
	remove_tree(dir);
	free(buf);
}

static void test_indented_line_continues_nothing(void **state)
{
	(void)state;
	check_error(GOOD "  stray\n",
	            T ":9:3: error: indented line continues nothing");
	check_error("title T\n  more title\n" UNTITLED,
	            T ":2:3: error: indented line continues nothing");
	check_error(GOOD "\tx\n",
	            T ":9:2: error: indented line continues nothing");
}

/* =====================================================================
 * Errors: header
 * ===================================================================== */

static void test_duplicate_directive(void **state)
{
	(void)state;
	check_error(GOOD "title again\n",
	            T ":9:1: error: duplicate 'title' (first given on line 1)");
	check_error(GOOD "bias no\nbias yes\n",
	            T ":10:1: error: duplicate 'bias' for layer 1 (first given "
	            "on line 9)");
	check_error(GOOD "name input a\nname input b\n",
	            T ":10:1: error: duplicate 'name input' (first given on "
	            "line 9)");
	check_error(GOOD "clip probability 0.1\nclip probability 0.2\n",
	            T ":10:1: error: duplicate 'clip probability' (first given "
	            "on line 9)");
	check_error(GOOD "description a\ndescription b\n  c\n",
	            T ":10:1: error: duplicate 'description' (first given on "
	            "line 9)");
}

static void test_missing_required(void **state)
{
	(void)state;
	/* Reported at the last line, column 1. */
	check_error(HEAD NET "learning-rate 0.5\n" "iterations 10\n",
	            T ":7:1: error: no 'loss' line (every lesson needs one)");
	check_errors("", 65,
	             T ":1:1: error: no 'title' line (every lesson needs one)",
	             T ":1:1: error: no 'loss' line (every lesson needs one)",
	             T ":1:1: error: no 'learning-rate' line (every lesson "
	             "needs one)",
	             T ":1:1: error: no 'iterations' line (every lesson needs "
	             "one)",
	             T ":1:1: error: no 'layer' line (every lesson needs at "
	             "least one)",
	             T ":1:1: error: no data: add a 'data' line or 'sample' "
	             "lines", (const char *)NULL);
	check_error("title\n" UNTITLED,
	            T ":1:1: error: 'title' needs some text");
	check_error("title T\n" "data trask.csv\n" "targets y\n" NET TRAIN,
	            T ":8:1: error: no 'inputs' line (a lesson with 'data' "
	            "names its input columns)");
	check_error("title T\n" "data trask.csv\n" "inputs x1\n" NET TRAIN,
	            T ":8:1: error: no 'targets' or 'one-hot' line (a lesson "
	            "with 'data' names its target columns)");
}

static void test_precision_handout(void **state)
{
	(void)state;
	check_error(GOOD "precision 18\n",
	            T ":9:11: error: precision must be from 0 to 17, not 18");
	check_error(GOOD "handout 0,,1\n",
	            T ":9:11: error: empty item in the 'handout' list");
	check_error(GOOD "handout 0-x\n",
	            T ":9:11: error: iteration 'x' is not a whole number");
	check_error(GOOD "handout 5-2\n",
	            T ":9:9: error: empty range 5-2 (the first iteration "
	            "comes first)");
	check_error(GOOD "handout all,1\n",
	            T ":9:9: error: 'all' cannot be mixed with other "
	            "iterations in 'handout'");
	check_error(GOOD "handout 0 1\n",
	            T ":9:9: error: '0 1' is not one iteration (separate them "
	            "with ',')");
	check_error(GOOD "handout\n",
	            T ":9:1: error: 'handout' needs a list of iterations, e.g. "
	            "'0,1,last'");
	struct lesson l;
	parse_ok(&l, GOOD "handout 0-2 , 9,last\n");
	assert_string_equal(l.handout, "0-2,9,last");
	lesson_free(&l);
	/* Iterations the lesson does not run (10: 0 to 9), each at its
	 * item, whatever the line order: `dump` would refuse the list. */
	check_errors(HEAD NET "handout 0, 50, 3-20,5-last\n" TRAIN, 65,
	             T ":6:12: error: iteration 50 does not exist (the lesson "
	             "runs iterations 0 to 9)",
	             T ":6:16: error: iteration 20 does not exist (the lesson "
	             "runs iterations 0 to 9)", (const char *)NULL);
	check_error(GOOD "handout 10\n",
	            T ":9:9: error: iteration 10 does not exist (the lesson "
	            "runs iterations 0 to 9)");
	/* Numbers written as the format allows them elsewhere are kept in
	 * the words `dump --iterations` reads: 1e0 = 1, +2 = 2, 3.0 = 3,
	 * 4e0-6 = 4-6 (by hand). */
	parse_ok(&l, GOOD "handout 1e0,+2, 3.0 ,4e0-6,7-last\n");
	assert_string_equal(l.handout, "1,2,3,4-6,7-last");
	assert_int_equal(l.handout_pos.line, 9);
	assert_int_equal(l.handout_pos.col, 9);
	lesson_free(&l);
	check_error(GOOD "handout 1e1\n",
	            T ":9:9: error: iteration 10 does not exist (the lesson "
	            "runs iterations 0 to 9)");
}

/* =====================================================================
 * Errors: data
 * ===================================================================== */

static void test_data_file_missing(void **state)
{
	(void)state;
	check_errors("title T\ndata  nope.csv\ninputs x1\ntargets y\n" NET TRAIN,
	             66,
	             T ":2:7: error: cannot open data file 'nope.csv': No such "
	             "file or directory", (const char *)NULL);
	/* A folder is no data file. */
	check_errors("title T\ndata .\ninputs x1\ntargets y\n" NET TRAIN, 66,
	             T ":2:6: error: cannot open data file '.': Is a "
	             "directory", (const char *)NULL);
}

/* `scale-all` scales every input without a `scale` of its own, `scale`
 * keeping its own; and `image` must cover every input.  Expected values
 * by hand from tests/lessons/trask.csv (rows 0 0 1, 0 1 1, 1 0 1, 1 1 1)
 * and the format's rules. */
static void test_scale_all_and_image(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, "title T\ndata trask.csv\ninputs x1 x2 x3\ntargets y\n"
	             "scale-all 1 4\nscale x2 0 2\nimage 1 3\n" NET TRAIN);
	/* Row 1 (0 1 1): x1 (0 - 1) / 4, x2 (1 - 0) / 2, x3 (1 - 1) / 4. */
	assert_true(l.x[3] == -0.25);
	assert_true(l.x[4] == 0.5);
	assert_true(l.x[5] == 0);
	assert_true(l.input_cols[0].offset == 1 &&
	            l.input_cols[0].divisor == 4);
	assert_true(l.input_cols[1].offset == 0 &&
	            l.input_cols[1].divisor == 2);
	assert_int_equal(l.image_rows, 1);
	assert_int_equal(l.image_cols, 3);
	lesson_free(&l);

	check_error("title T\ndata trask.csv\ninputs x1 x2 x3\ntargets y\n"
	            "image 2 2\n" NET TRAIN,
	            T ":5:7: error: 'image 2 2' has 4 pixels but the data have "
	            "3 inputs (ROWS x COLS must be the number of inputs)");
	check_error(GOOD "image 0 2\n",
	            T ":9:7: error: image rows must be from 1 to 4096, not 0");
	check_error(GOOD "image 1 2.5\n",
	            T ":9:9: error: image columns '2.5' is not a whole number");
	check_error(GOOD "image 1\n",
	            T ":9:1: error: 'image' needs ROWS COLS");
	check_error(GOOD "scale-all 0 0\n",
	            T ":9:13: error: the divisor of 'scale-all' must not be 0");
	check_error(GOOD "scale-all 0 1\n",
	            T ":9:1: error: 'scale-all' works on CSV columns, but there "
	            "is no 'data' line");
}

static void test_column_not_in_csv(void **state)
{
	(void)state;
	check_errors("title T\ndata trask.csv\ninputs x1 x4 x3\ntargets why\n"
	             NET TRAIN, 65,
	             T ":3:11: error: no column 'x4' in tests/lessons/trask.csv "
	             "(columns: x1, x2, x3, y)",
	             T ":4:9: error: no column 'why' in tests/lessons/trask.csv "
	             "(columns: x1, x2, x3, y)", (const char *)NULL);
	check_error("title T\ndata trask.csv\ninputs x1 x1\ntargets y\n"
	            NET TRAIN,
	            T ":3:11: error: column 'x1' is named twice");
	check_error("title T\ndata trask.csv\ninputs x1\ntargets y\n"
	            "scale x2 0 1\n" NET TRAIN,
	            T ":5:7: error: 'scale' names 'x2', which is not an input "
	            "column");
	check_error(GOOD "scale x1 0 0\n",
	            T ":9:12: error: the divisor of 'scale' must not be 0");
	/* A scale that takes a value past the largest double (about
	 * 1.8e308): trask.csv's x1 is 0, 0, 1, 1 (rows on lines 2-5), x2 is
	 * 0, 1, 0, 1.  (1 - 0) / 1e-308 = 1e308 fits; / 1e-309 is 1e309:
	 * inf, first at line 4.  (0 - 1e308) / 1e-300 is -1e608: -inf from
	 * line 2 on; one error per scale, at its column word. */
	check_errors("title T\ndata trask.csv\ninputs x1 x2\ntargets y\n"
	             "scale x1 0 1e-308\nscale x2 1e308 1e-300\n" NET TRAIN,
	             65,
	             T ":6:7: error: 'scale' makes '0' in column 'x2' "
	             "(tests/lessons/trask.csv:2:3) too large for a double: "
	             "(x - 1e+308) / 1e-300 is -inf (the limit is about "
	             "1.8e308)", (const char *)NULL);
	check_error("title T\ndata trask.csv\ninputs x1 x2\ntargets y\n"
	            "scale x1 0 1e-309\n" NET TRAIN,
	            T ":5:7: error: 'scale' makes '1' in column 'x1' "
	            "(tests/lessons/trask.csv:4:1) too large for a double: "
	            "(x - 0) / 1e-309 is inf (the limit is about 1.8e308)");
	check_error(GOOD "one-hot y 2\n",
	            T ":9:1: error: 'one-hot' names CSV columns, but there is no "
	            "'data' line");
}

/* Bad labels are errors of the CSV, at its own line and column. */
static void test_one_hot_labels(void **state)
{
	(void)state;
	check_errors("title T\ndata bad-labels.csv\ninputs x1 x2\n"
	             "one-hot label 3\nlayer 3 softmax\nseed 1\n"
	             "loss cross-entropy\nlearning-rate 1\niterations 1\n", 65,
	             "tests/lessons/bad-labels.csv:3:5: error: label '3' in "
	             "column 'label' is out of range (one-hot with 3 classes "
	             "takes 0 to 2)",
	             "tests/lessons/bad-labels.csv:4:5: error: label '0.5' in "
	             "column 'label' is not a whole number (one-hot with 3 "
	             "classes takes 0 to 2)", (const char *)NULL);
	check_error("title T\ndata bad-labels.csv\ninputs x1 x2\n"
	            "one-hot label 1\n" NET TRAIN,
	            T ":4:15: error: class count must be from 2 to 4096, not 1");
}

static void test_samples(void **state)
{
	(void)state;
	check_error(GOOD "sample 1 -> 0\n",
	            T ":9:1: error: this sample has 1 input and 1 target, but "
	            "the first one (line 2) has 2 and 1");
	check_error(GOOD "sample 1 1 0\n",
	            T ":9:1: error: 'sample' needs '->' between the inputs and "
	            "the targets, e.g. 'sample 0 1 -> 1'");
	check_error(GOOD "sample 1 1 ->\n",
	            T ":9:12: error: 'sample' needs at least one target after "
	            "'->'");
	check_error(GOOD "sample 1 x -> 1\n",
	            T ":9:10: error: sample value 'x' is not a number");
	check_error(GOOD "sample 1 nan -> 1\n",
	            T ":9:10: error: sample value 'nan' is not a number");
	check_error(GOOD "data trask.csv\n",
	            T ":9:1: error: 'data' cannot be mixed with 'sample' lines "
	            "(first on line 2)");
	check_error("title T\ndata trask.csv\ninputs x1 x2 x3\ntargets y\n"
	            "sample 1 -> 1\nsample 2 -> 2\n" NET TRAIN,
	            T ":5:1: error: 'sample' lines cannot be mixed with 'data' "
	            "(line 2)");
}

/* Data found in the datasets/ folder beside the lessons' folder, and in
 * $NNTRACE_DATASETS. */
static void test_data_resolution(void **state)
{
	(void)state;
	char root[64], p1[PATH_MAX], p2[PATH_MAX], lesson[PATH_MAX];
	make_temp(root, sizeof root);
	snprintf(p1, sizeof p1, "%s/lessons", root);
	assert_int_equal(mkdir(p1, 0700), 0);
	snprintf(p1, sizeof p1, "%s/datasets", root);
	assert_int_equal(mkdir(p1, 0700), 0);
	snprintf(p1, sizeof p1, "%s/datasets/sib.csv", root);
	write_file(p1, "a,b\n1,2\n");
	snprintf(p2, sizeof p2, "%s/env", root);
	assert_int_equal(mkdir(p2, 0700), 0);
	snprintf(p2, sizeof p2, "%s/env/far.csv", root);
	write_file(p2, "a,b\n3,4.5\n");
	snprintf(lesson, sizeof lesson, "%s/lessons/x.lesson", root);

	static const char body[] = "inputs a\ntargets b\nlayer 1 identity\n"
	                           "init zeros\nloss squared\n"
	                           "learning-rate 1\niterations 1\n";
	char text[PATH_MAX + 512];
	struct lesson l;
	struct diags d = {0};
	snprintf(text, sizeof text, "title S\ndata sib.csv\n%s", body);
	assert_int_equal(lesson_parse(&l, lesson, text, strlen(text), &d), 0);
	snprintf(p1, sizeof p1, "%s/datasets/sib.csv", root);
	assert_string_equal(l.data_path, p1);
	assert_true(l.x[0] == 1 && l.y[0] == 2);
	assert_true(l.data_integral);
	lesson_free(&l);

	/* Through a symlinked folder the ".." is left to the kernel. */
	snprintf(p1, sizeof p1, "%s/lessons", root);
	snprintf(p2, sizeof p2, "%s/link", root);
	assert_int_equal(symlink(p1, p2), 0);
	snprintf(p2, sizeof p2, "%s/link/x.lesson", root);
	assert_int_equal(lesson_parse(&l, p2, text, strlen(text), &d), 0);
	snprintf(p1, sizeof p1, "%s/link/../datasets/sib.csv", root);
	assert_string_equal(l.data_path, p1);
	lesson_free(&l);
	snprintf(p2, sizeof p2, "%s/env/far.csv", root);

	snprintf(text, sizeof text, "title S\ndata far.csv\n%s", body);
	assert_int_equal(lesson_parse(&l, lesson, text, strlen(text), &d), -1);
	assert_int_equal(diags_code(&d), 66);
	diags_clear(&d);
	snprintf(p1, sizeof p1, "/nonexistent:%s/env", root);
	setenv("NNTRACE_DATASETS", p1, 1);
	assert_int_equal(lesson_parse(&l, lesson, text, strlen(text), &d), 0);
	assert_string_equal(l.data_path, p2);
	assert_true(l.y[0] == 4.5);
	assert_false(l.data_integral);
	lesson_free(&l);
	unsetenv("NNTRACE_DATASETS");

	/* An absolute path is taken as it is, but only below the folders a
	 * lesson may read (lesson.h, struct lesson_trust): not env/ for a
	 * lesson elsewhere, unless the user allowed data anywhere. */
	snprintf(text, sizeof text, "title S\ndata %s\n%s", p2, body);
	assert_int_equal(lesson_parse(&l, T, text, strlen(text), &d), -1);
	assert_int_equal(diags_code(&d), 66);
	assert_non_null(strstr(d.items[0].msg, "is not below the lesson's "
	                                        "folder"));
	diags_clear(&d);
	lesson_trust.data_anywhere = true;
	assert_int_equal(lesson_parse(&l, T, text, strlen(text), &d), 0);
	lesson_trust.data_anywhere = false;
	assert_string_equal(l.data_path, p2);
	lesson_free(&l);
	diags_free(&d);
	remove_tree(root);
}

/* =====================================================================
 * Errors: network
 * ===================================================================== */

static void test_layer_sizes(void **state)
{
	(void)state;
	check_error(HEAD "layer 0 tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size must be from 1 to 4096, not 0");
	check_error(HEAD "layer -3 tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size must be from 1 to 4096, not -3");
	check_error(HEAD "layer 1000000000 tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size must be from 1 to 4096, not "
	            "1000000000");
	check_error(HEAD "layer 1e9 tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size must be from 1 to 4096, not 1e9");
	check_error(HEAD "layer 2.5 tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size '2.5' is not a whole number");
	check_error(HEAD "layer many tanh\nseed 1\n" TRAIN,
	            T ":4:7: error: layer size 'many' is not a whole number");
	check_error(HEAD "layer 3\nseed 1\n" TRAIN,
	            T ":4:1: error: 'layer' needs UNITS ACTIVATION");
	check_error(HEAD "layer 3 relu relu\nseed 1\n" TRAIN,
	            T ":4:14: error: unexpected 'relu': 'layer' takes UNITS "
	            "ACTIVATION");

	char text[2048] = HEAD "seed 1\n" TRAIN;
	for (int i = 0; i < LESSON_MAX_LAYERS + 2; i++)
		strcat(text, "layer 1 sigmoid\n");
	check_errors(text, 65,
	             T ":24:1: error: too many layers: a lesson has at most 16",
	             T ":25:1: error: too many layers: a lesson has at most 16",
	             (const char *)NULL);
}

static void test_layers_against_data(void **state)
{
	(void)state;
	/* Each layer is within the unit limit, together they are not. */
	check_error(HEAD "layer 4096 relu\ninit zeros\nlayer 4096 relu\n"
	            "init zeros\nlayer 1 sigmoid\ninit zeros\n" TRAIN,
	            T ":6:7: error: the network is too large: up to layer 2 it "
	            "has 16793600 weights and biases, more than the 1048576 "
	            "allowed (LESSON_MAX_PARAMS)");
	/* 1500 samples of 2 inputs and 1 target into 4096 units: by hand,
	 * 1500 x (2 + 1 + 4096) = 6148500 cells, past 2^22 = 4194304 (the
	 * work, 1500 x 12288 = 18432000, is within 2^28). */
	char *text = malloc(65536);
	assert_non_null(text);
	strcpy(text, "title T\n");
	for (int i = 0; i < 1500; i++)
		strcat(text, "sample 1 2 -> 0\n");
	strcat(text, "layer 4096 relu\ninit zeros\nlayer 1 identity\n"
	             "init zeros\n" TRAIN);
	check_error(text, T ":1502:7: error: the network's tensors are too "
	            "large for its data: up to layer 1, 1500 samples times "
	            "4099 inputs, targets and units is 6148500, more than the "
	            "4194304 allowed (LESSON_MAX_CELLS)");
	/* 600 samples into 512 then 1024 units: by hand, layer 1 has
	 * 2 x 512 + 512 = 1536 weights and biases, layer 2 512 x 1024 +
	 * 1024 = 525312, together 526848; times 600 is 316108800, past
	 * 2^28 = 268435456, with only 600 x (2 + 1 + 512 + 1024) = 923400
	 * cells. */
	strcpy(text, "title T\n");
	for (int i = 0; i < 600; i++)
		strcat(text, "sample 1 2 -> 0\n");
	strcat(text, "layer 512 relu\ninit zeros\nlayer 1024 relu\n"
	             "init zeros\nlayer 1 identity\ninit zeros\n" TRAIN);
	check_error(text, T ":604:7: error: the network is too large for its "
	            "data: up to layer 2, 600 samples times 526848 weights and "
	            "biases is 316108800, more than the 268435456 allowed "
	            "(LESSON_MAX_WORK)");
	free(text);
	check_error(HEAD "layer 2 sigmoid\nseed 1\n" TRAIN,
	            T ":4:7: error: the last layer has 2 units but the data "
	            "have 1 target column");
	check_error("title T\ndata trask.csv\ninputs x1 x2\ntargets x3 y\n"
	            "layer 3 tanh\nlayer 1 sigmoid\nseed 1\n" TRAIN,
	            T ":6:7: error: the last layer has 1 unit but the data "
	            "have 2 target columns");
}

static void test_weights_shape(void **state)
{
	(void)state;
	/* 2 inputs, 1 unit: rows wants (in, out) = 2x1. */
	check_error(HEAD "layer 1 sigmoid\nweights [[1, 2]]\nbiases [0]\n"
	            TRAIN,
	            T ":5:9: error: the weights of layer 1 are 1x2; under "
	            "'convention rows' they must be (in, out) = 2x1 (2 inputs, "
	            "1 unit)");
	check_error("convention columns\n" HEAD
	            "layer 1 sigmoid\nweights [[1], [2]]\nbiases [0]\n" TRAIN,
	            T ":6:9: error: the weights of layer 1 are 2x1; under "
	            "'convention columns' they must be (out, in) = 1x2 (2 "
	            "inputs, 1 unit)");
	struct lesson l;
	parse_ok(&l, "convention columns\n" HEAD
	             "layer 1 sigmoid\nweights [[1, 2]]\nbiases [0]\n" TRAIN);
	assert_true(l.layers[0].given_w[1] == 2);
	lesson_free(&l);
	/* The second layer's inputs are the first layer's units. */
	check_error(HEAD "layer 3 tanh\nseed 1\nlayer 1 sigmoid\n"
	            "weights [[1], [2]]\nbias no\n" TRAIN,
	            T ":7:9: error: the weights of layer 2 are 2x1; under "
	            "'convention rows' they must be (in, out) = 3x1 (3 inputs, "
	            "1 unit)");
	check_error(HEAD "layer 1 sigmoid\nweights [[1], [2]]\nbiases [0, 1]\n"
	            TRAIN,
	            T ":6:8: error: layer 1 has 1 unit but 'biases' gives 2 "
	            "values");
}

static void test_literal_errors(void **state)
{
	(void)state;
	check_error(HEAD "layer 1 sigmoid\nweights [[1, 2],\n  [3, 4]\n"
	            "biases [0]\n" TRAIN,
	            T ":5:9: error: unterminated matrix literal: 1 ']' missing "
	            "(the lines it goes on over must be indented)");
	check_errors(HEAD "layer 1 sigmoid\nweights [[1, 2],\n[3, 4]]\n"
	             "biases [0]\n" TRAIN, 65,
	             T ":5:9: error: unterminated matrix literal: 1 ']' missing "
	             "(the lines it goes on over must be indented)",
	             T ":6:1: error: unknown keyword '[3,' (docs/lesson-format.md "
	             "lists the keywords)", (const char *)NULL);
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[1], [2, 3]]\n"
	            TRAIN,
	            T ":6:15: error: row 2 has 2 values but row 1 has 1");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[1], [x]]\n" TRAIN,
	            T ":6:16: error: value 'x' is not a number");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [1, 2]\n" TRAIN,
	            T ":6:9: error: 'weights' needs a 2-D literal, one inner "
	            "[...] per row, e.g. [[1, 2], [3, 4]]");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[1],, [2]]\n"
	            TRAIN,
	            T ":6:14: error: unexpected ','");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[1], [2]] x\n"
	            TRAIN,
	            T ":6:20: error: unexpected 'x' after the literal");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[[1]]]\n" TRAIN,
	            T ":6:11: error: unexpected '[': a literal has at most 2 "
	            "dimensions");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights\n" TRAIN,
	            T ":6:1: error: 'weights' needs a literal such as [[1, 2], "
	            "[3, 4]]");
	check_error(HEAD "layer 1 sigmoid\nweights [[1], [2]]\n"
	            "biases [[1, 2], [3, 4]]\n" TRAIN,
	            T ":6:8: error: 'biases' needs one value per unit, e.g. [1, "
	            "2, 3], not a 2x2 matrix");
}

static void test_given_values_rules(void **state)
{
	(void)state;
	check_error(HEAD "layer 1 sigmoid\nweights [[1], [2]]\n" TRAIN,
	            T ":5:1: error: layer 1 has 'weights' but no 'biases' (add "
	            "'biases', or 'bias no' for a layer without bias)");
	/* `init` beside written-out values is one error for the layer, at
	 * the line that makes the mix (the later one), naming them all and
	 * what the values would still need: the student may keep either. */
	check_error(HEAD "layer 1 sigmoid\ninit zeros\nweights [[1], [2]]\n"
	            "biases [0]\n" TRAIN,
	            T ":6:1: error: layer 1 has both 'init' (line 5) and "
	            "written-out values ('weights', line 6; 'biases', line 7): "
	            "keep one or the other");
	check_error(HEAD "layer 1 sigmoid\ninit zeros\nbiases [0]\n" TRAIN,
	            T ":6:1: error: layer 1 has both 'init' (line 5) and "
	            "written-out values ('biases', line 6): keep one or the "
	            "other (written out, 'biases' needs 'weights' too)");
	check_error(HEAD "layer 1 sigmoid\nbiases [0]\ninit zeros\n" TRAIN,
	            T ":6:1: error: layer 1 has both 'init' (line 6) and "
	            "written-out values ('biases', line 5): keep one or the "
	            "other (written out, 'biases' needs 'weights' too)");
	check_error(HEAD "layer 1 sigmoid\ninit zeros\nweights [[1], [2]]\n"
	            TRAIN,
	            T ":6:1: error: layer 1 has both 'init' (line 5) and "
	            "written-out values ('weights', line 6): keep one or the "
	            "other (written out, 'weights' needs 'biases' too, or 'bias "
	            "no')");
	check_error(HEAD "layer 1 sigmoid\nbiases [0]\n" TRAIN,
	            T ":5:1: error: 'biases' needs 'weights' for layer 1 too (a "
	            "layer's values are given all or none)");
	check_error(HEAD "layer 1 sigmoid\nbias no\nweights [[1], [2]]\n"
	            "biases [0]\n" TRAIN,
	            T ":7:1: error: layer 1 has 'bias no' (line 5), so 'biases' "
	            "has nothing to set");
	check_error(GOOD "bias no\nweights [[1], [2]]\ninit zeros\n",
	            T ":11:1: error: layer 1 has both 'init' (line 11) and "
	            "written-out values ('weights', line 10): keep one or the "
	            "other");
	check_error("title T\nweights [[1]]\n" UNTITLED,
	            T ":2:1: error: 'weights' needs a 'layer' line before it");
	check_error("title T\nbias no\n" UNTITLED,
	            T ":2:1: error: 'bias' needs a 'layer' line before it");
}

static void test_init(void **state)
{
	(void)state;
	check_error(GOOD "init uniform 1 -1\n",
	            T ":9:16: error: 'init uniform' needs LOW < HIGH, not 1 "
	            "and -1");
	check_error(GOOD "init normal 0\n",
	            T ":9:13: error: 'init normal' needs a scale greater than "
	            "0, not 0");
	check_error(GOOD "init normal\n",
	            T ":9:1: error: 'init normal' needs normal SCALE");
	check_error(GOOD "init zeros 1\n",
	            T ":9:12: error: unexpected '1': write 'init zeros'");
	/* Random numbers need a seed to be replayed. */
	check_error(HEAD "layer 1 sigmoid\n" TRAIN,
	            T ":4:1: error: layer 1 starts from random weights ('init "
	            "uniform -1 1' is the default): add a 'seed' line");
	check_error(HEAD "layer 1 sigmoid\ninit normal 0.1\n" TRAIN,
	            T ":5:1: error: 'init normal' draws random numbers: add a "
	            "'seed' line");
	check_error(GOOD "seed 2\n",
	            T ":9:1: error: duplicate 'seed' (first given on line 5)");
	check_error(HEAD "layer 1 sigmoid\nseed 4294967296\n" TRAIN,
	            T ":5:6: error: seed must be from 0 to 4294967295, not "
	            "4294967296");
	struct lesson l;
	parse_ok(&l, HEAD "layer 1 sigmoid\nseed 4294967295\n" TRAIN);
	assert_int_equal(l.seed, 4294967295u);
	lesson_free(&l);
}

/* An activation's parameter on its layer line (docs/lesson-format.md,
 * "Activations"): leaky-relu's slope (default 0.01, 0 < slope < 1) and
 * elu's alpha (default 1, alpha > 0); the errors as the format's rules
 * for words and numbers make them. */
static void test_activation_parameter(void **state)
{
	(void)state;
	struct lesson l;
	parse_ok(&l, HEAD "layer 2 leaky-relu\nlayer 2 leaky-relu slope 0.02\n"
	             "layer 2 elu\nlayer 1 elu alpha 3\nseed 1\n" TRAIN);
	assert_int_equal(l.layers[0].act, ACT_LEAKY_RELU);
	assert_true(l.layers[0].act_param == 0.01);
	assert_true(l.layers[1].act_param == 0.02);
	assert_int_equal(l.layers[2].act, ACT_ELU);
	assert_true(l.layers[2].act_param == 1);
	assert_true(l.layers[3].act_param == 3);
	lesson_free(&l);
	/* An activation without a parameter takes two words, as before. */
	check_error(HEAD "layer 1 relu slope 0.1\nseed 1\n" TRAIN,
	            T ":4:14: error: unexpected 'slope': 'layer' takes UNITS "
	            "ACTIVATION");
	check_error(HEAD "layer 1 leaky-relu slope 0.1 more\nseed 1\n" TRAIN,
	            T ":4:30: error: unexpected 'more': 'layer' takes UNITS "
	            "leaky-relu [slope VALUE]");
	check_error(HEAD "layer 1 leaky-relu slop 0.1\nseed 1\n" TRAIN,
	            T ":4:20: error: unknown leaky-relu parameter 'slop' (did "
	            "you mean 'slope'?)");
	check_error(HEAD "layer 1 elu slope 0.1\nseed 1\n" TRAIN,
	            T ":4:13: error: unknown elu parameter 'slope' (expected "
	            "alpha)");
	check_error(HEAD "layer 1 leaky-relu slope\nseed 1\n" TRAIN,
	            T ":4:1: error: 'leaky-relu' needs a value after 'slope'");
	check_error(HEAD "layer 1 elu alpha x\nseed 1\n" TRAIN,
	            T ":4:19: error: alpha 'x' is not a number");
	check_error(HEAD "layer 1 leaky-relu slope 1\nseed 1\n" TRAIN,
	            T ":4:26: error: the slope of leaky-relu must be greater "
	            "than 0 and less than 1, not 1");
	check_error(HEAD "layer 1 leaky-relu slope 0\nseed 1\n" TRAIN,
	            T ":4:26: error: the slope of leaky-relu must be greater "
	            "than 0 and less than 1, not 0");
	check_error(HEAD "layer 1 elu alpha -2\nseed 1\n" TRAIN,
	            T ":4:19: error: the alpha of elu must be greater than 0, "
	            "not -2");
}

static void test_derivative(void **state)
{
	(void)state;
	check_error(HEAD "layer 1 softplus\nseed 1\nderivative from-output\n"
	            TRAIN,
	            T ":6:12: error: 'from-output' works only for sigmoid, "
	            "tanh, relu, leaky-relu, elu and identity layers; layer 1 "
	            "is softplus");
	check_error(GOOD "derivative from-z scale 0\n",
	            T ":9:25: error: the derivative scale must not be 0");
	check_error(GOOD "derivative from-z scael 2\n",
	            T ":9:19: error: unknown derivative option 'scael' (did "
	            "you mean 'scale'?)");
	check_error(GOOD "derivative from-x\n",
	            T ":9:12: error: unknown derivative source 'from-x' (did "
	            "you mean 'from-z'?)");
	check_error("title T\nsample 1 -> 1 0\nlayer 2 softmax\n"
	            "derivative from-z\nseed 1\nloss cross-entropy\n"
	            "learning-rate 1\niterations 1\n",
	            T ":4:1: error: a softmax layer takes no 'derivative' (see "
	            "'softmax-backward')");
}

static void test_network_rules(void **state)
{
	(void)state;
	check_error("title T\nsample 1 -> 1 0\nlayer 2 softmax\n"
	            "layer 2 softmax\nseed 1\nloss cross-entropy\n"
	            "learning-rate 1\niterations 1\n",
	            T ":3:9: error: softmax is only allowed on the last layer "
	            "(this is layer 1 of 2)");
	check_error("title T\nsample 1 -> 1\nlayer 1 softmax\nseed 1\n"
	            "loss cross-entropy\nlearning-rate 1\niterations 1\n",
	            T ":3:7: error: softmax needs at least 2 units (with 1 it "
	            "always outputs 1)");
	check_error(HEAD "layer 1 relu\nseed 1\nloss cross-entropy\n"
	            "learning-rate 1\niterations 1\n",
	            T ":6:6: error: loss 'cross-entropy' needs a softmax or "
	            "sigmoid last layer, not relu");
	check_error("title T\nsample 1 -> 1 0\nlayer 2 sigmoid\nseed 1\n"
	            "loss binary-cross-entropy\nlearning-rate 1\n"
	            "iterations 1\n",
	            T ":5:6: error: loss 'binary-cross-entropy' needs a last "
	            "layer of 1 sigmoid unit, not 2 sigmoid units");
	check_error("title T\nsample 1 -> 1 0\nlayer 2 softmax\nseed 1\n"
	            "loss squared\nlearning-rate 1\niterations 1\n",
	            T ":5:6: error: a softmax last layer with 'loss squared' "
	            "needs 'softmax-backward jacobian' (the simplified delta a "
	            "- y holds only for cross-entropy)");
	check_error(GOOD "softmax-backward jacobian\n",
	            T ":9:18: error: 'softmax-backward' needs a softmax last "
	            "layer (the last layer is sigmoid)");
}

static void test_names(void **state)
{
	(void)state;
	check_error(GOOD "name output W1\n",
	            T ":9:13: error: duplicate tensor name 'W1' (also the "
	            "weights of layer 1, its default name)");
	check_error(GOOD "name input foo\nname target foo\n",
	            T ":10:13: error: duplicate tensor name 'foo' (also the "
	            "input, named on line 9)");
	check_error(GOOD "name output x\n",
	            T ":9:13: error: duplicate tensor name 'x' (also the input, "
	            "its default name)");
	check_error(GOOD "name output sigmoid\n",
	            T ":9:13: error: 'sigmoid' cannot be a tensor name: it is "
	            "an operation kind, and a selector would read it as one");
	check_error(GOOD "name input loss\n",
	            T ":9:12: error: 'loss' cannot be a tensor name: it is a "
	            "phase name, and a selector would read it as one");
	check_error(GOOD "name z iteration\n",
	            T ":9:8: error: 'iteration' cannot be a tensor name: it is "
	            "a selector word, and a selector would read it as one");
	check_error(GOOD "name z 2x\n",
	            T ":9:8: error: '2x' is not a tensor name (letters, digits "
	            "and '_', not starting with a digit)");
	check_error(GOOD "name z a-b\n",
	            T ":9:8: error: 'a-b' is not a tensor name (letters, digits "
	            "and '_', not starting with a digit)");
	check_error(GOOD "name z "
	            "a2345678901234567890123456789012345678901234567890123456789"
	            "012345\n",
	            T ":9:8: error: tensor name "
	            "'a234567890123456789012345678901234567890...' is longer "
	            "than 64 bytes");
	check_error(GOOD "name exp e\n",
	            T ":9:6: error: layer 1 is sigmoid, not softmax: it has no "
	            "'exp' tensor");
	check_error(GOOD "bias no\nname bias c\n",
	            T ":10:11: error: layer 1 has 'bias no' (line 9), so it has "
	            "no 'bias' tensor to name");
	/* The loss and accuracy may keep their own words as names. */
	struct lesson l;
	parse_ok(&l, GOOD "name loss loss\nname accuracy accuracy\n"
	             "name bias B\nname new-bias B_after\n");
	assert_string_equal(l.layers[0].name[ROLE_B], "B");
	assert_string_equal(l.layers[0].name[ROLE_B_NEW], "B_after");
	lesson_free(&l);
	/* Names of tensors that do not exist clash with nothing. */
	parse_ok(&l, GOOD "bias no\nname output b1\n");
	lesson_free(&l);
}

/* =====================================================================
 * Errors: training
 * ===================================================================== */

static void test_learning_rate(void **state)
{
	(void)state;
	check_error(HEAD NET "loss squared\nlearning-rate fast\niterations 1\n",
	            T ":7:15: error: learning rate 'fast' is not a number");
	check_error(HEAD NET "loss squared\nlearning-rate nan\niterations 1\n",
	            T ":7:15: error: learning rate 'nan' is not a number");
	check_error(HEAD NET "loss squared\nlearning-rate 0\niterations 1\n",
	            T ":7:15: error: learning rate must be greater than 0 and "
	            "at most 1000000, not 0");
	check_error(HEAD NET "loss squared\nlearning-rate -0.1\niterations 1\n",
	            T ":7:15: error: learning rate must be greater than 0 and "
	            "at most 1000000, not -0.1");
	check_error(HEAD NET "loss squared\nlearning-rate 1e7\niterations 1\n",
	            T ":7:15: error: learning rate must be greater than 0 and "
	            "at most 1000000, not 1e7");
	check_error(HEAD NET "loss squared\nlearning-rate 1e999\niterations 1\n",
	            T ":7:15: error: learning rate '1e999' is too large");
	check_error(HEAD NET "loss squared\nlearning-rate 0x10\niterations 1\n",
	            T ":7:15: error: learning rate '0x10' is not a number");
	check_error(HEAD NET "loss squared\nlearning-rate\niterations 1\n",
	            T ":7:1: error: 'learning-rate' needs X");
}

static void test_iterations(void **state)
{
	(void)state;
	check_error(HEAD NET "loss squared\nlearning-rate 1\niterations 0\n",
	            T ":8:12: error: iteration count must be from 1 to "
	            "100000000, not 0");
	check_error(HEAD NET "loss squared\nlearning-rate 1\niterations 1.5\n",
	            T ":8:12: error: iteration count '1.5' is not a whole "
	            "number");
	check_error(HEAD NET "loss squared\nlearning-rate 1\niterations 1e9\n",
	            T ":8:12: error: iteration count must be from 1 to "
	            "100000000, not 1e9");
	check_error(HEAD NET "loss squared\nlearning-rate 1\niterations ten\n",
	            T ":8:12: error: iteration count 'ten' is not a whole "
	            "number");
	struct lesson l;
	parse_ok(&l, HEAD NET "loss squared\nlearning-rate 1\niterations 1e5\n");
	assert_int_equal(l.iterations, 100000);
	lesson_free(&l);
}

static void test_training_options(void **state)
{
	(void)state;
	check_error(GOOD "clip probability 0.5\n",
	            T ":9:18: error: 'clip probability' needs a value between "
	            "0 and 0.5 (both excluded), not 0.5");
	check_error(GOOD "clip sigmoid-input -1\n",
	            T ":9:20: error: 'clip sigmoid-input' needs a value greater "
	            "than 0, not -1");
	check_error(GOOD "clip z 1\n",
	            T ":9:6: error: unknown clip 'z' (expected sigmoid-input or "
	            "probability)");
	check_error(GOOD "accuracy no threshold 0.3\n",
	            T ":9:13: error: 'threshold' goes with 'accuracy yes'");
	check_error(GOOD "accuracy yes threshold\n",
	            T ":9:14: error: 'threshold' needs a value");
	check_error(GOOD "metrics error\n",
	            T ":9:9: error: 'error' cannot be a metric: it is one number "
	            "per output cell, not one per iteration");
	check_error(GOOD "metrics absolute absolute\n",
	            T ":9:18: error: metric 'absolute' is listed twice");
	check_error(GOOD "metrics squared\n",
	            T ":9:9: error: metric 'squared' is already the training "
	            "loss");
	check_error(GOOD "metrics cross-entropy binary-cross-entropy hinge\n",
	            T ":9:44: error: unknown metric 'hinge' (expected squared, "
	            "absolute, binary-cross-entropy or cross-entropy)");
	check_error(GOOD "report accuracy every 10 Acc:\n",
	            T ":9:1: error: 'report accuracy' needs accuracy: add "
	            "'accuracy yes'");
	check_error(GOOD "report loss every 0 Loss:\n",
	            T ":9:19: error: report interval must be from 1 to "
	            "100000000, not 0");
	check_error(GOOD "report loss each 10 Loss:\n",
	            T ":9:13: error: unknown word 'each' (expected every)");
	check_error(GOOD "report loss\n",
	            T ":9:1: error: 'report' needs loss or accuracy, 'every' N "
	            "and a label, e.g. 'report loss every 100 Loss:'");
	struct lesson l;
	parse_ok(&l, GOOD "accuracy yes threshold 0.7\n"
	             "report accuracy every 5\n");
	assert_true(l.accuracy);
	assert_true(l.accuracy_threshold == 0.7);
	assert_string_equal(l.reports[0].label, "");
	lesson_free(&l);
}

/* =====================================================================
 * Errors: script
 * ===================================================================== */

static void test_selector_errors(void **state)
{
	(void)state;
	check_error(GOOD "say l1[0,: text\n",
	            T ":9:5: error: cell 'l1[0,' has no closing ']'");
	check_error(GOOD "pause W1[a]\n",
	            T ":9:10: error: cell index 'a' is not a whole number");
	check_error(GOOD "pause W1[0,1,2]\n",
	            T ":9:7: error: cell 'W1[0,1,2]' needs one or two indices: "
	            "NAME[ROW,COL] or NAME[INDEX]");
	check_error(GOOD "pause W1[]\n",
	            T ":9:7: error: cell 'W1[]' needs one or two indices: "
	            "NAME[ROW,COL] or NAME[INDEX]");
	check_error(GOOD "pause W1[0]x\n",
	            T ":9:12: error: unexpected 'x' after the cell");
	check_error(GOOD "pause [0]\n",
	            T ":9:7: error: '[0]' has no tensor name before '['");
	check_error(GOOD "say iteration: x\n",
	            T ":9:5: error: 'iteration' needs a number or 'last' after "
	            "it");
	check_error(GOOD "say iteration 0-5: x\n",
	            T ":9:15: error: 'iteration' takes one number or 'last'; "
	            "for a range write 'iterations 0-5'");
	check_error(GOOD "say iterations 5: x\n",
	            T ":9:16: error: 'iterations' needs a range such as 0-9 or "
	            "10-last, not '5'");
	check_error(GOOD "say iterations 5-2: x\n",
	            T ":9:16: error: empty range 5-2 (the first iteration comes "
	            "first)");
	check_error(GOOD "say iterations last-5: x\n",
	            T ":9:16: error: a range cannot start at 'last'");
	check_error(GOOD "say every W1: x\n",
	            T ":9:5: error: 'every' must be followed by 'iteration'");
	check_error(GOOD "say iteration 1 iteration 2: x\n",
	            T ":9:17: error: a selector takes one iteration term; "
	            "'iteration' is a second");
	check_error(GOOD "say forward backward: x\n",
	            T ":9:13: error: a selector takes one phase; 'backward' is "
	            "a second");
	check_error(GOOD "say dot sigmoid: x\n",
	            T ":9:9: error: a selector takes one operation kind; "
	            "'sigmoid' is a second");
	check_error(GOOD "say update update update: x\n",
	            T ":9:19: error: a selector takes one phase; 'update' is a "
	            "second");
	check_error(GOOD "say sigmoid[0]: x\n",
	            T ":9:5: error: 'sigmoid' cannot be a tensor name: it is an "
	            "operation kind, and a selector would read it as one");
	check_error(GOOD "say W1 W2: x\n",
	            T ":9:8: error: a selector names one tensor; 'W2' is a "
	            "second");
	check_error(GOOD "say a-b: x\n",
	            T ":9:5: error: 'a-b' is not a tensor name (letters, digits "
	            "and '_', not starting with a digit)");
	/* A misspelt iteration word before its number: the word is what is
	 * wrong, not the number after it. */
	check_error(GOOD "say iteratoin 0: x\n",
	            T ":9:5: error: unknown word 'iteratoin' (did you mean "
	            "'iteration'?)");
	check_error(GOOD "say forward itrations 0-2: x\n",
	            T ":9:13: error: unknown word 'itrations' (did you mean "
	            "'iterations'?)");
	check_error(GOOD "say iteraton last: x\n",
	            T ":9:5: error: unknown word 'iteraton' (did you mean "
	            "'iteration'?)");
}

/* What `check` may still rely on in a lesson with errors, and the
 * stand-ins that complete it (docs/lesson-format.md, "Errors"). */
static void known_of(const char *text, struct lesson *l,
                     struct lesson_known *k, int want_rc)
{
	struct diags d = {0};
	assert_int_equal(lesson_parse_all(l, T, text, strlen(text), &d, k),
	                 want_rc);
	diags_free(&d);
}

static void test_known(void **state)
{
	(void)state;
	struct lesson l;
	struct lesson_known k;
	/* No error: everything is known, nothing stands in. */
	known_of(GOOD, &l, &k, 0);
	assert_true(k.network && k.all_names && k.operations && k.shapes &&
	            k.iterations);
	assert_int_equal(l.n_samples, 2);
	assert_int_equal(l.layers[0].init, INIT_UNIFORM);
	lesson_free(&l);
	/* A sample of the wrong size: the network is known whole, not the
	 * shapes; one sample of zeros with one input stands in, as many
	 * targets as the last layer's 1 unit, and zero weights. */
	known_of("title T\nsample 0 1 -> 1\nsample 1 -> 0\n" NET TRAIN, &l, &k,
	         -1);
	assert_true(k.network && k.all_names && k.operations && k.iterations);
	assert_false(k.shapes);
	assert_int_equal(l.n_samples, 1);
	assert_int_equal(l.n_inputs, 1);
	assert_int_equal(l.n_outputs, 1);
	assert_true(l.x[0] == 0 && l.y[0] == 0);
	assert_int_equal(l.layers[0].init, INIT_ZEROS);
	lesson_free(&l);
	/* An unknown activation: the layer stands in as the identity; its
	 * exp, sum, derivative and error may or may not exist, its output
	 * and weights surely do; the operations are not known. */
	known_of(HEAD "layer 1 sigmoyd\nseed 1\n" TRAIN, &l, &k, -1);
	assert_true(k.network && k.all_names && k.shapes);
	assert_false(k.operations);
	assert_true(k.maybe[0][ROLE_EXP] && k.maybe[0][ROLE_SUM] &&
	            k.maybe[0][ROLE_DERIV] && k.maybe[0][ROLE_ERROR]);
	assert_false(k.maybe[0][ROLE_A] || k.maybe[0][ROLE_W] ||
	             k.maybe[0][ROLE_B]);
	assert_int_equal(l.layers[0].act, ACT_IDENTITY);
	lesson_free(&l);
	/* A bad 'bias' line: the bias tensors are in doubt. */
	known_of(HEAD NET "bias maybe\n" TRAIN, &l, &k, -1);
	assert_true(k.maybe[0][ROLE_B] && k.maybe[0][ROLE_DB] &&
	            k.maybe[0][ROLE_B_NEW]);
	assert_false(k.operations);
	lesson_free(&l);
	/* A bad 'name' line, or a keyword mistyped for 'layer': any name
	 * may be the one it would have given. */
	known_of(GOOD "name output h1 h2\n", &l, &k, -1);
	assert_true(k.network);
	assert_false(k.all_names || k.operations);
	lesson_free(&l);
	known_of(GOOD "layr 2 relu\n", &l, &k, -1);
	assert_false(k.all_names);
	lesson_free(&l);
	/* A name twice: the network cannot be laid out at all. */
	known_of(GOOD "name output x\n", &l, &k, -1);
	assert_false(k.network || k.operations);
	lesson_free(&l);
	/* No loss: the last layer's error and the accuracy are in doubt. */
	known_of(HEAD NET "learning-rate 0.5\niterations 10\n", &l, &k, -1);
	assert_true(k.network && k.maybe[0][ROLE_ERROR] && k.maybe_accuracy);
	assert_false(k.operations);
	lesson_free(&l);
	/* A bad iteration count: one iteration stands in. */
	known_of(HEAD NET "loss squared\nlearning-rate 0.5\niterations 0\n",
	         &l, &k, -1);
	assert_true(k.operations && k.shapes);
	assert_false(k.iterations);
	assert_int_equal(l.iterations, 1);
	lesson_free(&l);
	/* Bad bytes: the line was not read and may have said anything (a
	 * layer, a name, a sample), so only the names the network has are
	 * known; the iterations were read. */
	known_of(GOOD "say: \x01\n", &l, &k, -1);
	assert_true(k.network && k.iterations);
	assert_false(k.all_names || k.operations || k.shapes);
	lesson_free(&l);
}

static void test_cue_errors(void **state)
{
	(void)state;
	check_error(GOOD "predict forward no colon\n  more\nhint h\n",
	            T ":9:1: error: 'predict' needs a ':' between the selector "
	            "and the text, e.g. 'predict iteration 0 forward: ...'");
	check_error(GOOD "say forward:\n",
	            T ":9:1: error: 'say' needs some text after the ':'");
	check_error(GOOD "hint h\n",
	            T ":9:1: error: 'hint' needs a 'predict' line before it");
	check_error(GOOD "tolerance 1\n",
	            T ":9:1: error: 'tolerance' needs a 'predict' line before "
	            "it");
	check_error(GOOD "predict: q\ntolerance -1\n",
	            T ":10:11: error: tolerance must not be negative, not -1");
	/* decimals: a whole number from 0 to 17, after a predict, not with
	 * a tolerance (one rule judges a question). */
	check_error(GOOD "decimals 2\n",
	            T ":9:1: error: 'decimals' needs a 'predict' line before "
	            "it");
	check_error(GOOD "predict: q\ndecimals 1.5\n",
	            T ":10:10: error: decimals '1.5' is not a whole number");
	check_error(GOOD "predict: q\ndecimals 18\n",
	            T ":10:10: error: decimals must be from 0 to 17, not 18");
	check_error(GOOD "predict: q\ntolerance 0.1\ndecimals 2\n",
	            T ":11:1: error: 'decimals' and 'tolerance' cannot both "
	            "judge one 'predict' ('tolerance' was given on line 10)");
	check_error(GOOD "predict: q\ndecimals 2\ntolerance 0.1\n",
	            T ":11:1: error: 'tolerance' and 'decimals' cannot both "
	            "judge one 'predict' ('decimals' was given on line 10)");
	check_error(GOOD "predict: q\nhint a\nhint b\n",
	            T ":11:1: error: duplicate 'hint' (first given on line 10 "
	            "for the same 'predict')");
	/* A hint belongs to the latest predict, even past a say. */
	struct lesson l;
	parse_ok(&l, GOOD "predict: q1\nhint a\npredict: q2\nsay: s\nhint b\n");
	assert_string_equal(l.cues[0].hint, "a");
	assert_string_equal(l.cues[1].hint, "b");
	assert_null(l.cues[2].hint);
	lesson_free(&l);
}

/* Every error is reported, each line on its own, in the order of the
 * lines and, on one line, of the columns (docs/lesson-format.md,
 * "Errors"): the missing seed, found after the last line, comes before
 * the activation on the same line, at column 1. */
static void test_many_errors(void **state)
{
	(void)state;
	check_errors("title T\n"
	             "layr 1 relu\n"
	             "layer 1 sigmoyd\n"
	             "learning-rate 0\n"
	             "say l1[: x\n"
	             "  continued\n"
	             "iterations 10\n"
	             "loss squared\n"
	             "sample 1 -> 1\n", 65,
	             T ":2:1: error: unknown keyword 'layr' (did you mean "
	             "'layer'?)",
	             T ":3:1: error: layer 1 starts from random weights ('init "
	             "uniform -1 1' is the default): add a 'seed' line",
	             T ":3:9: error: unknown activation 'sigmoyd' (did you mean "
	             "'sigmoid'?)",
	             T ":4:15: error: learning rate must be greater than 0 and "
	             "at most 1000000, not 0",
	             T ":5:5: error: cell 'l1[' has no closing ']'",
	             (const char *)NULL);
}

/* =====================================================================
 * Files
 * ===================================================================== */

static void test_load_errors(void **state)
{
	(void)state;
	struct lesson l;
	struct diags d = {0};
	char buf[512];
	assert_int_equal(lesson_load(&l, "tests/lessons/nope.lesson", &d), -1);
	diags_format(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "error: cannot open lesson "
	                         "'tests/lessons/nope.lesson': No such file or "
	                         "directory");
	assert_int_equal(diags_code(&d), 66);
	diags_clear(&d);
	assert_int_equal(lesson_load(&l, "tests/lessons", &d), -1);
	diags_format(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "error: cannot open lesson 'tests/lessons': "
	                         "Is a directory");
	assert_int_equal(diags_code(&d), 66);
	diags_free(&d);
	lesson_free(&l);
}

static void test_find(void **state)
{
	(void)state;
	char root[64], p[PATH_MAX], out[PATH_MAX];
	make_temp(root, sizeof root);
	snprintf(p, sizeof p, "%s/a", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/b", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/b/one.lesson", root);
	write_file(p, "x");
	snprintf(p, sizeof p, "%s/bin", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/bin/lessons", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/bin/lessons/two.lesson", root);
	write_file(p, "x");
	snprintf(p, sizeof p, "%s/share", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/share/nntrace", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/share/nntrace/lessons", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/share/nntrace/lessons/three.lesson", root);
	write_file(p, "x");

	/* An existing path is taken as it is. */
	assert_int_equal(lesson_find("tests/lessons/trask.lesson", NULL, out,
	                             sizeof out), 0);
	assert_string_equal(out, "tests/lessons/trask.lesson");
	assert_int_equal(lesson_find("tests/lessons/nope.lesson", NULL, out,
	                             sizeof out), -1);

	char env[PATH_MAX * 2 + 2], exe[PATH_MAX];
	snprintf(env, sizeof env, "%s/a::%s/b", root, root);
	setenv("NNTRACE_LESSONS", env, 1);
	snprintf(exe, sizeof exe, "%s/bin", root);
	assert_int_equal(lesson_find("one", exe, out, sizeof out), 0);
	snprintf(p, sizeof p, "%s/b/one.lesson", root);
	assert_string_equal(out, p);
	assert_int_equal(lesson_find("one.lesson", exe, out, sizeof out), 0);
	assert_string_equal(out, p);
	assert_int_equal(lesson_find("two", exe, out, sizeof out), 0);
	snprintf(p, sizeof p, "%s/bin/lessons/two.lesson", root);
	assert_string_equal(out, p);
	assert_int_equal(lesson_find("three", exe, out, sizeof out), 0);
	snprintf(p, sizeof p, "%s/bin/../share/nntrace/lessons/three.lesson",
	         root);
	assert_string_equal(out, p);
	assert_int_equal(lesson_find("four", exe, out, sizeof out), -1);
	assert_int_equal(lesson_find("three", NULL, out, sizeof out), -1);
	/* Too small an output buffer is "not found", never a cut path. */
	assert_int_equal(lesson_find("one", exe, out, 8), -1);
	unsetenv("NNTRACE_LESSONS");
	remove_tree(root);
}

static void test_free_and_names(void **state)
{
	(void)state;
	struct lesson l;
	memset(&l, 0, sizeof l);
	lesson_free(&l);
	lesson_free(&l);
	lesson_free(NULL);
	assert_string_equal(activation_name(ACT_SOFTPLUS), "softplus");
	assert_string_equal(activation_name(ACT_SOFTMAX), "softmax");
	assert_null(activation_name(ACT_COUNT));
	assert_string_equal(loss_name(LOSS_BCE), "binary-cross-entropy");
	assert_string_equal(loss_name(LOSS_ERROR), "error");
	assert_null(loss_name(LOSS_COUNT));
}

/* =====================================================================
 * The directive table
 * ===================================================================== */

/* The rules the table gives every directive (docs/lesson-format.md, "The
 * file" and "Errors"), checked before its handler runs: where a line may
 * stand, how often it may come, and whether the indented lines of a
 * refused line are skipped (a line that takes them) or errors. */
static void test_directive_rules(void **state)
{
	(void)state;
	struct lesson l;
	/* Once per predict: a later predict takes a tolerance again. */
	check_error(GOOD "predict: q\ntolerance 1\ntolerance 2\n",
	            T ":11:1: error: duplicate 'tolerance' (first given on "
	            "line 10 for the same 'predict')");
	parse_ok(&l, GOOD "predict: q1\ntolerance 1\npredict: q2\n"
	                  "tolerance 2\n");
	assert_true(l.cues[0].tolerance == 1);
	assert_true(l.cues[1].tolerance == 2);
	lesson_free(&l);
	/* decimals likewise, and a later predict may take the other rule. */
	check_error(GOOD "predict: q\ndecimals 1\ndecimals 2\n",
	            T ":11:1: error: duplicate 'decimals' (first given on "
	            "line 10 for the same 'predict')");
	parse_ok(&l, GOOD "predict: q1\ndecimals 4\npredict: q2\n"
	                  "tolerance 0.5\npredict: q3\ndecimals 0\n");
	assert_int_equal(l.cues[0].decimals, 4);
	assert_true(l.cues[0].tolerance == -1);
	assert_int_equal(l.cues[1].decimals, -1);
	assert_true(l.cues[1].tolerance == 0.5);
	assert_int_equal(l.cues[2].decimals, 0);
	lesson_free(&l);
	/* Once per layer: the next layer takes a bias line again. */
	parse_ok(&l, HEAD "layer 2 tanh\nbias no\nlayer 1 sigmoid\nbias no\n"
	                  "seed 1\n" TRAIN);
	assert_false(l.layers[0].bias);
	assert_false(l.layers[1].bias);
	lesson_free(&l);
	/* After a predict in error, its hint (with its indented line) and
	 * tolerance are not errors of their own. */
	check_error(GOOD "predict W9[: q\nhint h\n  more\ntolerance 1\n",
	            T ":9:9: error: cell 'W9[' has no closing ']'");
	/* A refused line that takes indented lines: they are skipped ... */
	check_error("title T\nweights [[1],\n  [2]]\n" SAMPLES NET TRAIN,
	            T ":2:1: error: 'weights' needs a 'layer' line before it");
	/* ... and after one that takes none, an indented line is an error. */
	check_errors(GOOD "title again\n  more\n", 65,
	             T ":9:1: error: duplicate 'title' (first given on line 1)",
	             T ":10:3: error: indented line continues nothing",
	             (const char *)NULL);
	/* Past the layer limit, a layer setting is not an error of its own:
	 * the layer line was. */
	char text[2048] = HEAD "seed 1\n" TRAIN;
	for (int i = 0; i < LESSON_MAX_LAYERS + 1; i++)
		strcat(text, "layer 1 sigmoid\n");
	strcat(text, "bias no\n");
	check_error(text,
	            T ":24:1: error: too many layers: a lesson has at most 16");
	/* Only a directive whose selector comes with text may glue its ':'
	 * to the keyword: say and predict, not pause. */
	check_error(GOOD "pause: forward\n",
	            T ":9:1: error: unknown keyword 'pause:' (did you mean "
	            "'pause'?)");
}

/* The table itself: every directive of enum dir has its row, and no
 * keyword is there twice. */
static void test_directive_table(void **state)
{
	(void)state;
	for (int d = 0; d < D_COUNT; d++) {
		const struct directive *dir = &directive_table[d];
		assert_non_null(dir->keyword);
		assert_non_null(dir->fn);
		assert_non_null(dir->doc);
		assert_string_equal(directive_keyword((enum dir)d), dir->keyword);
		for (int e = 0; e < d; e++)
			assert_string_not_equal(directive_table[e].keyword,
			                        dir->keyword);
	}
}

/* A directive row of docs/lesson-format.md: its keyword (the first word
 * of the first cell's `code`) and the heading its table stands under. */
struct doc_row {
	char keyword[32];
	char heading[64];
};

/* Every row of every table whose header starts "| Directive |" in the
 * document; returns how many. */
static size_t read_doc_rows(const char *path, struct doc_row *rows,
                            size_t cap)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096], heading[64] = "";
	bool in_table = false;
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#') {
			const char *h = line + strspn(line, "#");
			h += strspn(h, " ");
			snprintf(heading, sizeof heading, "%.*s",
			         (int)strcspn(h, "\n"), h);
		}
		if (strncmp(line, "| Directive |", 13) == 0) {
			in_table = true;
			continue;
		}
		if (line[0] != '|') {
			in_table = false;
			continue;
		}
		const char *code = strchr(line, '`');
		if (!in_table || strncmp(line, "| ---", 5) == 0 || !code)
			continue;
		assert_true(n < cap);
		snprintf(rows[n].keyword, sizeof rows[n].keyword, "%.*s",
		         (int)strcspn(code + 1, " `"), code + 1);
		snprintf(rows[n].heading, sizeof rows[n].heading, "%s", heading);
		n++;
	}
	fclose(f);
	return n;
}

/* The directive tables of the format's documentation and the parser's
 * table list the same keywords, each documented under the heading the
 * parser's table names: neither can gain or lose one alone. */
static void test_directives_documented(void **state)
{
	(void)state;
	struct doc_row rows[128];
	size_t n = read_doc_rows("docs/lesson-format.md", rows, 128);
	/* Every documented keyword is in the table. */
	for (size_t i = 0; i < n; i++) {
		int found = -1;
		for (int d = 0; d < D_COUNT; d++)
			if (strcmp(directive_table[d].keyword, rows[i].keyword) == 0)
				found = d;
		if (found < 0)
			print_message("documented, not in the table: '%s' (%s)\n",
			              rows[i].keyword, rows[i].heading);
		assert_true(found >= 0);
	}
	/* Every keyword of the table is documented, under its heading. */
	for (int d = 0; d < D_COUNT; d++) {
		const struct directive *dir = &directive_table[d];
		bool there = false;
		for (size_t i = 0; i < n; i++)
			there |= strcmp(rows[i].keyword, dir->keyword) == 0 &&
			         strcmp(rows[i].heading, dir->doc) == 0;
		if (!there)
			print_message("in the table, not documented under '%s': "
			              "'%s'\n", dir->doc, dir->keyword);
		assert_true(there);
	}
}

/* =====================================================================
 * Finding lessons
 * ===================================================================== */

/* Makes folder root/sub and, in it, a file for each name (NULL-ended). */
static void make_folder(const char *root, const char *sub, ...)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", root, sub);
	assert_int_equal(mkdir(p, 0700), 0);
	va_list ap;
	va_start(ap, sub);
	const char *name;
	while ((name = va_arg(ap, const char *))) {
		snprintf(p, sizeof p, "%s/%s/%s", root, sub, name);
		write_file(p, "x");
	}
	va_end(ap);
}

/* lesson_list over two folders of NNTRACE_LESSONS and the bundled one,
 * and lesson_find for every name it lists: the same lesson both ways.
 * The expected lists follow from the files made here and the documented
 * order (docs/lesson-format.md, "Finding a lesson"). */
static void test_list_two_folders(void **state)
{
	(void)state;
	char root[64], env[PATH_MAX], exe[PATH_MAX], out[PATH_MAX];
	char want[PATH_MAX];
	make_temp(root, sizeof root);
	make_folder(root, "d1", "same.lesson", "a.lesson", "notes.txt",
	            (const char *)NULL);
	make_folder(root, "d1/dir.lesson", (const char *)NULL);
	make_folder(root, "d2", "same.lesson", "b.lesson", (const char *)NULL);
	make_folder(root, "bin", (const char *)NULL);
	make_folder(root, "bin/lessons", "c.lesson", "a.lesson",
	            (const char *)NULL);
	snprintf(env, sizeof env, "%s/d1:%s/d2", root, root);
	setenv("NNTRACE_LESSONS", env, 1);
	snprintf(exe, sizeof exe, "%s/bin", root);

	/* d1 by name, then d2 (its "same" is d1's), then bin/lessons (its
	 * "a" is d1's); a folder named like a lesson and other files are
	 * not lessons. */
	static const char *const names[] = {"a", "same", "b", "c"};
	static const char *const dirs[] = {"d1", "d1", "d2", "bin/lessons"};
	struct lesson_files f = {0};
	assert_int_equal(lesson_list(exe, &f), 0);
	assert_int_equal(f.n, 4);
	for (size_t i = 0; i < 4; i++) {
		snprintf(want, sizeof want, "%s/%s/%s.lesson", root, dirs[i],
		         names[i]);
		assert_string_equal(f.v[i].name, names[i]);
		assert_string_equal(f.v[i].path, want);
		assert_int_equal(lesson_find(names[i], exe, out, sizeof out), 0);
		assert_string_equal(out, want);
	}
	lesson_files_free(&f);
	assert_int_equal(f.n, 0);

	/* One folder alone: all of it, shadowed or not. */
	snprintf(want, sizeof want, "%s/d2", root);
	assert_int_equal(lesson_list_folder(want, &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[0].name, "b");
	assert_string_equal(f.v[1].name, "same");
	lesson_files_free(&f);

	/* No folders at all: an empty list, not an error. */
	unsetenv("NNTRACE_LESSONS");
	assert_int_equal(lesson_list(NULL, &f), 0);
	assert_int_equal(f.n, 0);
	lesson_files_free(&f);
	remove_tree(root);
}

/* =====================================================================
 * Size
 * ===================================================================== */

/* A lesson just under 1 MiB parses, whatever its shape: many cues, one
 * long continued text, one long literal.  How fast is not asserted here
 * (a wall clock fails on a busy machine and under valgrind or ASan):
 * `make bench`, bench/run.py item 7, times these inputs against their
 * targets. */
static void test_big_lessons(void **state)
{
	(void)state;
	size_t cap = (size_t)LESSON_MAX_BYTES;
	char *buf = malloc(cap + 1);
	assert_non_null(buf);
	static const char *const lines[] = {
		"say iteration 3 forward W1[0,0]: Some narration of the step.\n",
		"  and a continuation line that goes on for a while\n",
		"  .\n",
		"predict iteration 0 a1[1]: What is it?\n",
		"hint Think.\n",
	};
	for (int shape = 0; shape < 3; shape++) {
		size_t n = (size_t)snprintf(buf, cap, "%s",
		                            shape == 2 ? HEAD NET TRAIN
		                            "layer 1 identity\nweights [[0, 0, 0, 0]" :
		                            GOOD "description x\n");
		for (size_t k = 0;; k++) {
			const char *s = shape == 0 ? lines[k % 5] :
			                shape == 1 ? "  word word word word\n" :
			                "\n  [0.125, -0.5, 1e-3, 7]";
			size_t m = strlen(s);
			if (n + m + 8 > cap)
				break;
			memcpy(buf + n, s, m);
			n += m;
		}
		if (shape == 2)
			n += (size_t)snprintf(buf + n, cap - n, "]\n");
		struct lesson l;
		struct diags d = {0};
		int rc = lesson_parse(&l, T, buf, n, &d);
		if (shape < 2) {
			if (rc)
				dump(&d);
			assert_int_equal(rc, 0);
		} else {
			/* The literal has the wrong shape, found at the end. */
			assert_int_equal(rc, -1);
			assert_true(d.n >= 1);
		}
		lesson_free(&l);
		diags_free(&d);
	}

	/* A file of errors, far more than are kept: DIAGS_MAX kept, the
	 * rest counted. */
	size_t n = 0;
	while (n + 2 <= cap) {
		buf[n++] = 'x';
		buf[n++] = '\n';
	}
	struct lesson l;
	struct diags d = {0};
	assert_int_equal(lesson_parse(&l, T, buf, n, &d), -1);
	assert_int_equal(d.n, DIAGS_MAX);
	assert_true(d.dropped > 0);
	diags_free(&d);
	free(buf);
}

static void test_data_units(void **state)
{
	(void)state;
	/* The reflectivity lesson's `scale angle 15 15`: x = (angle - 15)
	 * / 15, so x from -1 to 1 is 0 to 30 degrees and 35 degrees is
	 * x = 4/3. */
	struct input_column cols[2] = {{(char *)"angle", 15, 15},
	                               {(char *)"depth", -2, 0.5}};
	struct lesson l;
	memset(&l, 0, sizeof l);
	l.n_inputs = 2;
	l.input_cols = cols;
	assert_true(lesson_data_units(&l, 0, -1) == 0);
	assert_true(lesson_data_units(&l, 0, 0) == 15);
	assert_true(lesson_data_units(&l, 0, 1) == 30);
	assert_float_equal(lesson_data_units(&l, 0, (35.0 - 15) / 15), 35, 1e-12);
	assert_true(lesson_data_units(&l, 1, 4) == 0);
	/* Inline samples have no columns: the values are the data's. */
	l.input_cols = NULL;
	assert_true(lesson_data_units(&l, 0, 0.25) == 0.25);
	assert_true(isnan(lesson_data_units(&l, 1, NAN)));
}

/* =====================================================================
 * Training loops: batch-size, epochs, shuffle, split, zero-bias
 * ===================================================================== */

static void test_loop_errors(void **state)
{
	(void)state;
	/* GOOD has 2 samples and `iterations 10` on line 8. */
	check_error(GOOD "batch-size 3\n",
	            T ":9:12: error: batch size 3 is larger than the 2 samples "
	            "trained on");
	check_error(GOOD "batch-size 0\n",
	            T ":9:12: error: batch size must be from 1 to 100000000, "
	            "not 0");
	/* A full batch of 2 is 1 iteration an epoch. */
	check_error(GOOD "epochs 2\n",
	            T ":9:1: error: both 'epochs' (line 9) and 'iterations' "
	            "(line 8): give one, an epoch being 1 iteration here");
	check_error(GOOD "shuffle maybe\n",
	            T ":9:9: error: unknown shuffle setting 'maybe' (expected "
	            "yes or no)");
	check_error(GOOD "split 1.5\n",
	            T ":9:7: error: 'split' needs a fraction between 0 and 1 "
	            "(both excluded), not 1.5");
	/* round(0.1 * 2) = 0 held out, round(0.9 * 2) = 2: nothing left. */
	check_error(GOOD "split 0.1\n",
	            T ":9:7: error: 'split 0.1' of 2 samples leaves none held "
	            "out");
	check_error(GOOD "split 0.9\n",
	            T ":9:7: error: 'split 0.9' of 2 samples leaves none to "
	            "train on");
	check_error(HEAD "layer 1 sigmoid\ninit zeros zero-bias\n" TRAIN,
	            T ":5:12: error: unexpected 'zero-bias': write 'init "
	            "zeros'");
}

static void test_loop_settings(void **state)
{
	(void)state;
	struct lesson l;
	/* Defaults: the whole data, in order, no split. */
	parse_ok(&l, GOOD);
	assert_int_equal(l.batch_size, 2);
	assert_false(l.shuffle);
	assert_int_equal(l.epochs, 0);
	assert_int_equal(l.iterations, 10);
	lesson_free(&l);
	/* 3 epochs of batches of 1 out of 2 samples: 3 x 2 = 6 iterations. */
	parse_ok(&l, HEAD NET "loss squared\nlearning-rate 0.5\nepochs 3\n"
	                      "batch-size 1\nshuffle yes\n");
	assert_int_equal(l.batch_size, 1);
	assert_true(l.shuffle);
	assert_int_equal(l.epochs, 3);
	assert_int_equal(l.iterations, 6);
	lesson_free(&l);
	/* split 0.5 of 2: the last sample (1 0 -> 0) is held out. */
	parse_ok(&l, GOOD "split 0.5\n");
	assert_int_equal(l.n_samples, 1);
	assert_int_equal(l.n_test, 1);
	assert_true(l.test_x[0] == 1.0 && l.test_x[1] == 0.0);
	assert_true(l.test_y[0] == 0.0);
	assert_true(l.x[0] == 0.0 && l.x[1] == 1.0);
	lesson_free(&l);
	parse_ok(&l, HEAD "layer 1 sigmoid\ninit normal 0.01 zero-bias\n"
	                  "seed 1\n" TRAIN);
	assert_int_equal(l.layers[0].init, INIT_NORMAL);
	assert_true(l.layers[0].init_zero_bias);
	lesson_free(&l);
}

int main(int argc, char **argv)
{
	/* Fixtures are named from the repository root. */
	if (access("tests/lessons", F_OK) != 0 && argc > 0) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s", argv[0]);
		char *dir = dirname(path);
		char root[PATH_MAX];
		snprintf(root, sizeof root, "%s/../..", dir);
		if (chdir(root) != 0)
			return 70;
	}
	unsetenv("NNTRACE_DATASETS");
	unsetenv("NNTRACE_LESSONS");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_units),
		cmocka_unit_test(test_trask_fixture),
		cmocka_unit_test(test_softmax_columns),
		cmocka_unit_test(test_softmax_rows),
		cmocka_unit_test(test_circles),
		cmocka_unit_test(test_one_hot),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_text_continuation),
		cmocka_unit_test(test_tabs_crlf_bom),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_unterminated_buffer),
		cmocka_unit_test(test_unknown_keyword),
		cmocka_unit_test(test_unknown_values),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_indented_line_continues_nothing),
		cmocka_unit_test(test_duplicate_directive),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_precision_handout),
		cmocka_unit_test(test_data_file_missing),
		cmocka_unit_test(test_column_not_in_csv),
		cmocka_unit_test(test_one_hot_labels),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_data_resolution),
		cmocka_unit_test(test_layer_sizes),
		cmocka_unit_test(test_layers_against_data),
		cmocka_unit_test(test_weights_shape),
		cmocka_unit_test(test_literal_errors),
		cmocka_unit_test(test_given_values_rules),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_activation_parameter),
		cmocka_unit_test(test_derivative),
		cmocka_unit_test(test_network_rules),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_learning_rate),
		cmocka_unit_test(test_loop_errors),
		cmocka_unit_test(test_loop_settings),
		cmocka_unit_test(test_iterations),
		cmocka_unit_test(test_training_options),
		cmocka_unit_test(test_selector_errors),
		cmocka_unit_test(test_cue_errors),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_list_two_folders),
		cmocka_unit_test(test_directive_rules),
		cmocka_unit_test(test_directive_table),
		cmocka_unit_test(test_scale_all_and_image),
		cmocka_unit_test(test_directives_documented),
		cmocka_unit_test(test_free_and_names),
		cmocka_unit_test(test_big_lessons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
