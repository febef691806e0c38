/* Tests of the table of activations (core/activation.h): every entry,
 * whatever it is, against what its own entry claims.
 *
 * Expected values:
 *   - the names and their order: docs/lesson-format.md's list of
 *     activations, written out here by hand;
 *   - the derivatives: central finite differences of the activation's
 *     own forward function, and the derivative from the output against
 *     the one from z at a = f(z);
 *   - the forward function and both derivatives: the entry's numpy
 *     expressions, evaluated by Debian's numpy (/usr/bin/python3, or
 *     $NNTRACE_PYTHON), an independent implementation of the same
 *     formulas;
 *   - the clip: `clip sigmoid-input` C makes f(z) = f(C) for z > C in an
 *     activation that `clips_input` and changes nothing in one that does
 *     not (the formula's definition, docs/lesson-format.md).
 * A new activation is checked by all of them once it has its line in
 * ACTIVATIONS and its entry. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/activation.h"
#include "core/op.h"

/* The cell-by-cell activations, as function pointers: the functions are
 * inline and meant for constant arguments; here they are called through
 * the dispatchers with each value of the enum. */
static double value(enum activation a, double clip, double p, double z)
{
	return activation_value(a, clip, p, z);
}

static double from_z(enum activation a, double clip, double p, double k,
                     double z)
{
	return activation_derivative(a, clip, p, k, false, z, NAN);
}

static double from_a(enum activation a, double p, double k, double av)
{
	return activation_derivative(a, 0, p, k, true, NAN, av);
}

/* The parameter values an entry is tried with: its default and one more
 * inside its range (none: 0). */
static size_t params_of(enum activation a, double out[2])
{
	const struct activation_param *pm = &activation_info(a)->param;
	if (!pm->name) {
		out[0] = 0;
		return 1;
	}
	out[0] = pm->fallback;
	out[1] = isinf(pm->high) ? pm->fallback * 3
	                         : (pm->fallback + pm->high) / 2;
	return 2;
}

/* Points away from 0, where relu-like activations bend. */
static const double grid[] = {-6, -2.5, -1, -0.3, -0.01, 0.02, 0.4,
                              1.1, 2.75, 7};
#define GRID_N (sizeof grid / sizeof *grid)

/* The names, in the table's order, as docs/lesson-format.md lists them
 * (softmax last: it spans a sample's cells). */
static void test_names_and_kinds(void **state)
{
	(void)state;
	static const char *const names[] = {
		"identity", "sigmoid", "tanh", "relu", "softplus",
		"leaky-relu", "elu", "softmax"};
	assert_int_equal(ACT_COUNT, sizeof names / sizeof *names);
	assert_int_equal(ACT_SOFTMAX, ACT_COUNT - 1);
	for (int a = 0; a < ACT_COUNT; a++) {
		assert_string_equal(activation_name(a), names[a]);
		assert_int_equal(activation_from_name(names[a]), a);
		enum op_kind k = op_kind_of_activation(a);
		assert_int_equal(op_kind_activation(k), a);
		/* selectors and the CSV's `op` column name the kind after
		 * the activation; softmax's first step is exp */
		assert_string_equal(op_kind_name(k),
		                    a == ACT_SOFTMAX ? "exp" : names[a]);
		assert_int_equal(op_kind_from_name(op_kind_name(k)), (int)k);
	}
	assert_null(activation_name(ACT_COUNT));
	assert_int_equal(activation_from_name("sigmoyd"), -1);
	assert_int_equal(op_kind_activation(OP_DOT), -1);
	assert_int_equal(op_kind_activation(OP_SUM), -1);
}

/* The fields a text may hold, as activation.h lists them. */
static void check_fields(const char *name, const char *t, bool symbolic)
{
	static const char *const fields[] = {"{x}", "{-x}", "{p}", "{σ(x)}"};
	if (!t)
		return;
	for (const char *b = strchr(t, '{'); b; b = strchr(b + 1, '{')) {
		bool known = false;
		for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
			known |= strncmp(b, fields[i], strlen(fields[i])) == 0;
		if (!known)
			fail_msg("%s: unknown field in \"%s\"", name, t);
	}
	if (symbolic && !strstr(t, "{x}"))
		fail_msg("%s: \"%s\" does not name its cell", name, t);
}

/* Every entry has what its users read: texts for the hand calculation,
 * a sentence, numpy formulas for every cell-by-cell activation, a
 * from-output text exactly when it has a from-output formula, and a
 * default inside its parameter's range. */
static void test_entries_complete(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++) {
		const struct activation_info *ai = activation_info(a);
		const struct activation_texts *t = &ai->text;
		assert_non_null(t->symbolic);
		assert_non_null(t->numeric);
		assert_non_null(t->words);
		assert_true(t->words[strlen(t->words) - 1] == '.');
		check_fields(ai->name, t->symbolic, true);
		check_fields(ai->name, t->numeric, false);
		check_fields(ai->name, t->slope_from_z, false);
		check_fields(ai->name, t->slope_from_a, false);
		if (a != ACT_SOFTMAX) {
			assert_non_null(ai->numpy);
			assert_non_null(ai->numpy_from_z);
			assert_non_null(t->slope_from_z);
		}
		assert_true(!ai->numpy_from_a == !t->slope_from_a);
		assert_true(activation_from_output(a) == !!ai->numpy_from_a);
		const struct activation_param *pm = &ai->param;
		if (pm->name) {
			assert_true(pm->low < pm->fallback);
			assert_true(pm->fallback < pm->high);
		} else {
			assert_true(pm->fallback == 0);
		}
	}
}

/* k f'(z) against (f(z + h) - f(z - h)) / 2h, whose error is about
 * h^2 |f'''| / 6 plus the rounding of f, eps |f| / h: well inside 1e-7
 * (1 + |f|) for h = 1e-6 at these points.  A wrong derivative (1 - t for
 * 1 - t^2, a missing factor) misses by 1e-2 or more. */
static void test_derivatives_finite_differences(void **state)
{
	(void)state;
	const double h = 1e-6;
	for (int a = 0; a < ACT_SOFTMAX; a++) {
		double ps[2];
		size_t np = params_of(a, ps);
		for (size_t j = 0; j < np; j++)
			for (size_t i = 0; i < GRID_N; i++) {
				double z = grid[i], p = ps[j];
				double fd = (value(a, 0, p, z + h) -
				             value(a, 0, p, z - h)) / (2 * h);
				double tol = 1e-7 * (1 + fabs(value(a, 0, p, z)));
				double d = from_z(a, 0, p, 1, z);
				if (fabs(d - fd) > tol)
					fail_msg("%s (p %g) at %g: derivative %.17g, "
					         "finite difference %.17g",
					         activation_name(a), p, z, d, fd);
				/* the scale multiplies the whole slope */
				double d3 = from_z(a, 0, p, 3, z);
				if (fabs(d3 - 3 * fd) > 3 * tol)
					fail_msg("%s at %g: scaled by 3, %.17g",
					         activation_name(a), z, d3);
			}
	}
}

/* From the output a = f(z), the same slope as from z, up to the
 * rounding of a (1e-12 (1 + |f'|): elu's a + alpha loses the digits of
 * a tiny e^z to cancellation, as a tutorial's code does). */
static void test_derivative_from_output(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_SOFTMAX; a++) {
		if (!activation_from_output(a))
			continue;
		double ps[2];
		size_t np = params_of(a, ps);
		for (size_t j = 0; j < np; j++)
			for (size_t i = 0; i < GRID_N; i++) {
				double z = grid[i], p = ps[j];
				double dz = from_z(a, 0, p, 2, z);
				double da = from_a(a, p, 2, value(a, 0, p, z));
				if (fabs(dz - da) > 1e-12 * (1 + fabs(dz)))
					fail_msg("%s (p %g) at %g: from z %.17g, "
					         "from a %.17g", activation_name(a),
					         p, z, dz, da);
			}
	}
}

/* `clip sigmoid-input 2`: z = 4 and -4 become 2 and -2 where the entry
 * clips its input, and nothing changes where it does not.  The slope
 * from z reads the clip exactly where its text writes {σ(x)} (which
 * shows it). */
static void test_clip(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_SOFTMAX; a++) {
		const struct activation_info *ai = activation_info(a);
		double p = ai->param.fallback;
		for (double z = -4; z <= 4; z += 8) {
			double bound = z < 0 ? -2 : 2;
			double want = value(a, 0, p, ai->clips_input ? bound : z);
			assert_true(value(a, 2, p, z) == want);
			bool reads = strstr(ai->text.slope_from_z, "{σ(x)}");
			assert_true(reads == (from_z(a, 2, p, 1, z) !=
			                      from_z(a, 0, p, 1, z)));
		}
	}
}

/* =====================================================================
 * Numpy
 * ===================================================================== */

/* The numpy program: for every cell-by-cell activation, its parameter
 * bound to its name, z the grid, and one line per formula, "A WHAT v...",
 * where a (for the from-output formula) is numpy's own f(z). */
static void write_program(FILE *f)
{
	fputs("import numpy as np\nnp.seterr(all='ignore')\n"
	      "def show(a, what, v):\n"
	      "    v = np.broadcast_to(np.asarray(v, dtype=np.float64), z.shape)\n"
	      "    print(a, what, ' '.join('%.17g' % x for x in v))\n"
	      "z = np.array([", f);
	for (size_t i = 0; i < GRID_N; i++)
		fprintf(f, "%s%.17g", i ? ", " : "", grid[i]);
	fputs("], dtype=np.float64)\n", f);
	for (int a = 0; a < ACT_SOFTMAX; a++) {
		const struct activation_info *ai = activation_info(a);
		if (ai->param.name)
			fprintf(f, "%s = %.17g\n", ai->param.name,
			        ai->param.fallback);
		fprintf(f, "a = %s\nshow(%d, 'value', a)\n", ai->numpy, a);
		fprintf(f, "show(%d, 'from_z', %s)\n", a, ai->numpy_from_z);
		if (ai->numpy_from_a)
			fprintf(f, "show(%d, 'from_a', %s)\nshow(%d, 'a', a)\n",
			        a, ai->numpy_from_a, a);
	}
}

/* numpy's value against ours: numpy's own exp, log and tanh (SIMD on
 * this machine) differ from glibc's in the last bit for some inputs, and
 * a difference like 1 - t^2 or e^z - 1 carries that last bit of a number
 * near 1 into a small result.  So a few units in the last place of 1 and
 * of the result; a wrong formula misses by far more. */
static void check_close(int a, const char *what, double z, double ours,
                        double np)
{
	double scale = 1 + fmax(fabs(ours), fabs(np));
	if (fabs(ours - np) > 8 * DBL_EPSILON * scale)
		fail_msg("%s %s at z = %g: %.17g, numpy %.17g",
		         activation_name(a), what, z, ours, np);
}

/* One output line of the program, checked. */
static void check_line(int a, const char *what, const double *v,
                       const double *a_np)
{
	double p = activation_info(a)->param.fallback;
	for (size_t i = 0; i < GRID_N; i++) {
		double z = grid[i], ours;
		if (strcmp(what, "value") == 0)
			ours = value(a, 0, p, z);
		else if (strcmp(what, "from_z") == 0)
			ours = from_z(a, 0, p, 1, z);
		else /* from_a, at numpy's own a */
			ours = from_a(a, p, 1, a_np[i]);
		check_close(a, what, z, ours, v[i]);
	}
}

/* The texts the hand calculation writes for the numerical derivative's
 * step are that step and twice it, read back exactly. */
static void test_numeric_step_texts(void **state)
{
	(void)state;
	assert_true(strtod(ACTIVATION_NUMERIC_STEP_TEXT, NULL) ==
	            ACTIVATION_NUMERIC_STEP);
	assert_true(strtod(ACTIVATION_NUMERIC_SPAN_TEXT, NULL) ==
	            2 * ACTIVATION_NUMERIC_STEP);
}

static void test_numpy_expressions(void **state)
{
	(void)state;
	const char *py = getenv("NNTRACE_PYTHON");
	if (!py)
		py = "/usr/bin/python3";
	char path[] = "/tmp/nntrace-activation-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	write_program(f);
	assert_int_equal(fclose(f), 0);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s %s 2>&1", py, path);
	FILE *in = popen(cmd, "r");
	assert_non_null(in);
	/* Lines come in the program's order: value, from_z, then from_a
	 * and a, whose a the from_a line is checked at. */
	int a, lines = 0, expected = 0;
	char what[16];
	double v[ACT_COUNT][3][GRID_N], a_np[GRID_N];
	char kinds[ACT_COUNT][3] = {{0}};
	while (fscanf(in, "%d %15s", &a, what) == 2) {
		assert_true(a >= 0 && a < ACT_SOFTMAX);
		int w = strcmp(what, "value") == 0    ? 0
		        : strcmp(what, "from_z") == 0 ? 1
		        : strcmp(what, "from_a") == 0 ? 2
		                                      : 3;
		double *dst = w == 3 ? a_np : v[a][w];
		for (size_t i = 0; i < GRID_N; i++)
			assert_int_equal(fscanf(in, "%lf", &dst[i]), 1);
		if (w < 3) {
			kinds[a][w] = 1;
			lines++;
		} else {
			check_line(a, "from_a", v[a][2], a_np);
		}
	}
	int rc = pclose(in);
	unlink(path);
	if (rc != 0)
		fail_msg("%s failed (exit %d): run sh tests/deps.sh for numpy",
		         py, rc);
	for (a = 0; a < ACT_SOFTMAX; a++) {
		expected += activation_from_output(a) ? 3 : 2;
		assert_true(kinds[a][0] && kinds[a][1]);
		check_line(a, "value", v[a][0], NULL);
		check_line(a, "from_z", v[a][1], NULL);
	}
	assert_int_equal(lines, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_kinds),
		cmocka_unit_test(test_entries_complete),
		cmocka_unit_test(test_derivatives_finite_differences),
		cmocka_unit_test(test_derivative_from_output),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_numeric_step_texts),
		cmocka_unit_test(test_numpy_expressions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
