/* Tests for numfmt: numbers printed as numpy and Python print them.
 *
 * Unless a comment says otherwise, every expected string was produced by
 * numpy 1.24.2 (Debian 12, /usr/bin/python3) with default print options,
 * as the output of
 *   /usr/bin/python3 -c 'import numpy as np; print(repr(str(np.array(A))))'
 * where A is the input shown in the comment above the case, or of
 * np.array2string(A, prefix=" " * indent) where an indent is used.
 * Input doubles are written as their Python repr, so they are the same
 * bits numpy formatted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>

#include <cmocka.h>

#include "render/numfmt.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* numfmt_array's output as a malloc'd string (the caller frees it). */
static char *render_prec(const double *v, size_t rows, size_t cols,
                         int precision, bool integral, int indent)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(numfmt_array(f, v, rows, cols, precision, integral,
	                              indent), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* With numpy's default precision, 8. */
static char *render(const double *v, size_t rows, size_t cols, bool integral,
                    int indent)
{
	return render_prec(v, rows, cols, 8, integral, indent);
}

/* Compares a 1-D array printed with `precision` with numpy's
 * np.array2string(A, precision=P) plus the newline. */
static void check_prec(const double *v, size_t n, int precision,
                       const char *want)
{
	char *got = render_prec(v, 0, n, precision, false, 0);
	size_t len = strlen(want);
	if (strncmp(got, want, len) != 0 || strcmp(got + len, "\n") != 0)
		fail_msg("got:\n%s\nwant:\n%s\n", got, want);
	free(got);
}

/* Compares numfmt_array's output with numpy's str() plus the newline
 * numfmt_array adds. */
static void check_array(const double *v, size_t rows, size_t cols,
                        bool integral, int indent, const char *want)
{
	char *got = render(v, rows, cols, integral, indent);
	size_t n = strlen(want);
	if (strncmp(got, want, n) != 0 || strcmp(got + n, "\n") != 0)
		fail_msg("got:\n%s\nwant:\n%s\n", got, want);
	free(got);
}

#define CHECK_1D(vals, want) \
	check_array((vals), 0, ARRAY_LEN(vals), false, 0, (want))

/* =====================================================================
 * The seed documents
 * ===================================================================== */

static void test_seed002_weights(void **state)
{
	(void)state;
	/* syn0 = 2*np.random.RandomState(123).random((3,1)) - 1 */
	static const double syn0[] = {
		0.3929383711957233, -0.42772133009924107, -0.5462970928715938,
	};
	check_array(syn0, 3, 1, false, 0,
		"[[ 0.39293837]\n"
		" [-0.42772133]\n"
		" [-0.54629709]]");
}

static void test_seed002_dot_products(void **state)
{
	(void)state;
	/* np.dot(X, syn0) for the 4x3 inputs below */
	static const double dot[] = {
		-0.5462970928715938, -0.9740184229708349,
		-0.1533587216758705, -0.5810800517751116,
	};
	check_array(dot, 4, 1, false, 0,
		"[[-0.54629709]\n"
		" [-0.97401842]\n"
		" [-0.15335872]\n"
		" [-0.58108005]]");
}

static void test_seed002_inputs(void **state)
{
	(void)state;
	/* np.array([[0,0,1],[0,1,1],[1,0,1],[1,1,1]]) (an int array) */
	static const double x[] = {
		0, 0, 1,
		0, 1, 1,
		1, 0, 1,
		1, 1, 1,
	};
	check_array(x, 4, 3, true, 0,
		"[[0 0 1]\n"
		" [0 1 1]\n"
		" [1 0 1]\n"
		" [1 1 1]]");
}

static void test_seed001_z1(void **state)
{
	(void)state;
	/* [1.2, 1.01, 1.14]: fractions padded with spaces on the right */
	static const double z1[] = { 1.2, 1.01, 1.14 };
	CHECK_1D(z1, "[1.2  1.01 1.14]");
}

static void test_softmax_output(void **state)
{
	(void)state;
	/* z = np.array([0.5, 1.627, 0.7]); np.exp(z) / np.sum(np.exp(z)) */
	static const double y[] = {
		0.18840246410036926, 0.5814822466032674, 0.2301152892963634,
	};
	CHECK_1D(y, "[0.18840246 0.58148225 0.23011529]");
}

/* =====================================================================
 * Signs, zeros, rounding
 * ===================================================================== */

static void test_negative_zero(void **state)
{
	(void)state;
	/* [-0.0, 1.0] */
	static const double a[] = { -0.0, 1.0 };
	CHECK_1D(a, "[-0.  1.]");
	/* [-0.0, 0.0] */
	static const double b[] = { -0.0, 0.0 };
	CHECK_1D(b, "[-0.  0.]");
	/* [[-0.0], [0.5]] */
	static const double c[] = { -0.0, 0.5 };
	check_array(c, 2, 1, false, 0,
		"[[-0. ]\n"
		" [ 0.5]]");
}

static void test_whole_numbers(void **state)
{
	(void)state;
	/* [0.0, 0.0, 0.0] */
	static const double zeros[] = { 0.0, 0.0, 0.0 };
	CHECK_1D(zeros, "[0. 0. 0.]");
	/* [[1.5, -2], [3, 4]] */
	static const double m[] = { 1.5, -2, 3, 4 };
	check_array(m, 2, 2, false, 0,
		"[[ 1.5 -2. ]\n"
		" [ 3.   4. ]]");
	/* np.array([-5, 10, 300]) (an int array) */
	static const double ints[] = { -5, 10, 300 };
	check_array(ints, 0, 3, true, 0, "[ -5  10 300]");
}

static void test_maxprec_rounding(void **state)
{
	(void)state;
	/* [0.123456785, 1.0]: cut to 8 decimals, exactly rounded */
	static const double a[] = { 0.123456785, 1.0 };
	CHECK_1D(a, "[0.12345678 1.        ]");
	/* [0.999999999, 0.5]: rounds up to a whole number */
	static const double b[] = { 0.999999999, 0.5 };
	CHECK_1D(b, "[1.  0.5]");
	/* [0.125, 0.5] */
	static const double c[] = { 0.125, 0.5 };
	CHECK_1D(c, "[0.125 0.5  ]");
	/* [99999999.99999999] */
	static const double d[] = { 99999999.99999999 };
	CHECK_1D(d, "[99999999.99999999]");
}

static void test_other_precisions(void **state)
{
	(void)state;
	/* np.array2string(np.array([14.60519, -31.97553]), precision=0) */
	static const double a[] = { 14.60519, -31.97553 };
	check_prec(a, ARRAY_LEN(a), 0, "[ 15. -32.]");
	/* np.array2string(np.array([0.3929383711957233,
	 *     -0.42772133009924107, 0.5]), precision=4) */
	static const double b[] = {
		0.3929383711957233, -0.42772133009924107, 0.5,
	};
	check_prec(b, ARRAY_LEN(b), 4, "[ 0.3929 -0.4277  0.5   ]");
	/* np.array2string(np.array([0.0012345678901234567, 0.5]),
	 *                 precision=25): past 20 nothing changes */
	static const double c[] = { 0.0012345678901234567, 0.5 };
	check_prec(c, ARRAY_LEN(c), 25,
	           "[0.0012345678901234567 0.5                  ]");
	/* np.array2string(np.array([0.5, 1e-4]), precision=0) */
	static const double d[] = { 0.5, 1e-4 };
	check_prec(d, ARRAY_LEN(d), 0, "[5.e-01 1.e-04]");
}

/* =====================================================================
 * Scientific notation
 * ===================================================================== */

static void test_scientific(void **state)
{
	(void)state;
	/* [0.5, 0.0001]: the ratio passes 1e3 */
	static const double a[] = { 0.5, 0.0001 };
	CHECK_1D(a, "[5.e-01 1.e-04]");
	/* [1, 1.23456789e-05]: smallest below 1e-4, mantissas zero-padded */
	static const double b[] = { 1, 1.23456789e-05 };
	CHECK_1D(b, "[1.00000000e+00 1.23456789e-05]");
	/* [-1.5e-07, 2.5] */
	static const double c[] = { -1.5e-07, 2.5 };
	CHECK_1D(c, "[-1.5e-07  2.5e+00]");
	/* [100000000.0, 1.0]: largest >= 1e8 */
	static const double d[] = { 100000000.0, 1.0 };
	CHECK_1D(d, "[1.e+08 1.e+00]");
	/* [0.001, 2.0] */
	static const double e[] = { 0.001, 2.0 };
	CHECK_1D(e, "[1.e-03 2.e+00]");
}

/* Down to 1e-4 (and a ratio up to 1e3) numpy stays positional: str() of
 * these, numpy 1.24 (/usr/bin/python3). */
static void test_positional_down_to_1e_4(void **state)
{
	(void)state;
	static const double a[] = { 0.0005, 0.1 };
	CHECK_1D(a, "[0.0005 0.1   ]");
	static const double b[] = { 0.0001, 0.05 };
	CHECK_1D(b, "[0.0001 0.05  ]");
}

static void test_scientific_wide_exponents(void **state)
{
	(void)state;
	/* [1e-05, 1e+100]: every exponent padded to three digits */
	static const double a[] = { 1e-05, 1e+100 };
	CHECK_1D(a, "[1.e-005 1.e+100]");
	/* [5e-324, 1.0]: the smallest subnormal */
	static const double b[] = { 5e-324, 1.0 };
	CHECK_1D(b, "[5.e-324 1.e+000]");
	/* [1e300, -1e-300] */
	static const double c[] = { 1e300, -1e-300 };
	CHECK_1D(c, "[ 1.e+300 -1.e-300]");
}

/* =====================================================================
 * Nan and inf
 * ===================================================================== */

static void test_nonfinite(void **state)
{
	(void)state;
	/* [nan, 1.5] */
	static const double a[] = { NAN, 1.5 };
	CHECK_1D(a, "[nan 1.5]");
	/* [nan, 1.0]: the cell widens to hold "nan" */
	static const double b[] = { NAN, 1.0 };
	CHECK_1D(b, "[nan  1.]");
	/* [nan, inf] */
	static const double c[] = { NAN, INFINITY };
	CHECK_1D(c, "[nan inf]");
	/* [nan, -inf] */
	static const double d[] = { NAN, -INFINITY };
	CHECK_1D(d, "[ nan -inf]");
	/* [-inf, 1e-05] */
	static const double e[] = { -INFINITY, 1e-05 };
	CHECK_1D(e, "[  -inf 1.e-05]");
	/* [[nan]] */
	static const double f[] = { NAN };
	check_array(f, 1, 1, false, 0, "[[nan]]");
}

/* =====================================================================
 * Line wrapping
 * ===================================================================== */

static void fill_scaled(double *v, size_t n, double scale)
{
	for (size_t i = 0; i < n; i++)
		v[i] = (double)i * scale; /* np.arange(n) * scale */
}

static void test_wrap_1d(void **state)
{
	(void)state;
	double v[30];
	fill_scaled(v, 30, 1.1);
	/* np.arange(30) * 1.1 */
	check_array(v, 0, 30, false, 0,
		"[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 13.2 14.3\n"
		" 15.4 16.5 17.6 18.7 19.8 20.9 22.  23.1 24.2 25.3 26.4 27.5 28.6 29.7\n"
		" 30.8 31.9]");
}

static void test_wrap_1d_indent(void **state)
{
	(void)state;
	double v[30];
	fill_scaled(v, 30, 1.1);
	/* np.array2string(np.arange(30) * 1.1, prefix=" " * 7) */
	check_array(v, 0, 30, false, 7,
		"[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 13.2\n"
		"        14.3 15.4 16.5 17.6 18.7 19.8 20.9 22.  23.1 24.2 25.3 26.4 27.5\n"
		"        28.6 29.7 30.8 31.9]");
}

static void test_wrap_2d(void **state)
{
	(void)state;
	double v[40];
	fill_scaled(v, 40, 1.1);
	/* np.arange(40).reshape(2, 20) * 1.1 */
	check_array(v, 2, 20, false, 0,
		"[[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 13.2 14.3\n"
		"  15.4 16.5 17.6 18.7 19.8 20.9]\n"
		" [22.  23.1 24.2 25.3 26.4 27.5 28.6 29.7 30.8 31.9 33.  34.1 35.2 36.3\n"
		"  37.4 38.5 39.6 40.7 41.8 42.9]]");
}

static void test_wrap_2d_scientific_indent(void **state)
{
	(void)state;
	double v[40];
	/* 0 * -1.1e-9 is -0.0 in numpy too, hence "-0.00e+00" */
	fill_scaled(v, 40, -1.1e-9);
	/* np.array2string(np.arange(40).reshape(2, 20) * -1.1e-9,
	 *                 prefix=" " * 4) */
	check_array(v, 2, 20, false, 4,
		"[[-0.00e+00 -1.10e-09 -2.20e-09 -3.30e-09 -4.40e-09 -5.50e-09\n"
		"      -6.60e-09 -7.70e-09 -8.80e-09 -9.90e-09 -1.10e-08 -1.21e-08\n"
		"      -1.32e-08 -1.43e-08 -1.54e-08 -1.65e-08 -1.76e-08 -1.87e-08\n"
		"      -1.98e-08 -2.09e-08]\n"
		"     [-2.20e-08 -2.31e-08 -2.42e-08 -2.53e-08 -2.64e-08 -2.75e-08\n"
		"      -2.86e-08 -2.97e-08 -3.08e-08 -3.19e-08 -3.30e-08 -3.41e-08\n"
		"      -3.52e-08 -3.63e-08 -3.74e-08 -3.85e-08 -3.96e-08 -4.07e-08\n"
		"      -4.18e-08 -4.29e-08]]");
}

/* =====================================================================
 * Summarisation
 * ===================================================================== */

static void test_1000x1_not_summarised(void **state)
{
	(void)state;
	/* np.array([(i % 4) * 0.5 - 0.5 for i in range(1000)]).reshape(1000, 1)
	 * prints all 1000 rows; numpy's rows are these four cells in turn
	 * (checked in numpy: str(a) equals this construction). */
	static const char *const cells[] = { "-0.5", " 0. ", " 0.5", " 1. " };
	double v[1000];
	for (size_t i = 0; i < 1000; i++)
		v[i] = (double)(i % 4) * 0.5 - 0.5;

	char *got = render(v, 1000, 1, false, 0);
	const char *p = got;
	for (size_t i = 0; i < 1000; i++) {
		char want[16];
		snprintf(want, sizeof want, "%s[%s]%s\n", i ? " " : "[",
		         cells[i % 4], i == 999 ? "]" : "");
		size_t n = strlen(want);
		if (strncmp(p, want, n) != 0)
			fail_msg("row %zu: got \"%.*s\", want \"%s\"", i,
			         (int)n, p, want);
		p += n;
	}
	assert_string_equal(p, "");
	free(got);
}

static void test_1001x1_summarised(void **state)
{
	(void)state;
	double v[1001];
	fill_scaled(v, 1001, 1.0 / 8.0);
	/* (np.arange(1001) / 8.0).reshape(1001, 1): i * 0.125 is exact, so
	 * the same bits as numpy's division */
	check_array(v, 1001, 1, false, 0,
		"[[  0.   ]\n"
		" [  0.125]\n"
		" [  0.25 ]\n"
		" ...\n"
		" [124.75 ]\n"
		" [124.875]\n"
		" [125.   ]]");
	/* np.arange(1001) / 8.0 */
	check_array(v, 0, 1001, false, 0,
		"[  0.      0.125   0.25  ... 124.75  124.875 125.   ]");
	/* a = np.arange(1001) / 8.0; a[500] = 1e-9: a hidden value does not
	 * count when numpy plans the layout, so no scientific notation */
	v[500] = 1e-9;
	check_array(v, 0, 1001, false, 0,
		"[  0.      0.125   0.25  ... 124.75  124.875 125.   ]");
}

static void test_summarised_both_axes(void **state)
{
	(void)state;
	static double v[2000];
	for (size_t i = 0; i < 2000; i++)
		v[i] = (double)i / 3.0;
	/* np.arange(2000).reshape(40, 50) / 3.0: both axes summarised, each
	 * shown row still wrapped at 75 columns */
	check_array(v, 40, 50, false, 0,
		"[[0.00000000e+00 3.33333333e-01 6.66666667e-01 ... 1.56666667e+01\n"
		"  1.60000000e+01 1.63333333e+01]\n"
		" [1.66666667e+01 1.70000000e+01 1.73333333e+01 ... 3.23333333e+01\n"
		"  3.26666667e+01 3.30000000e+01]\n"
		" [3.33333333e+01 3.36666667e+01 3.40000000e+01 ... 4.90000000e+01\n"
		"  4.93333333e+01 4.96666667e+01]\n"
		" ...\n"
		" [6.16666667e+02 6.17000000e+02 6.17333333e+02 ... 6.32333333e+02\n"
		"  6.32666667e+02 6.33000000e+02]\n"
		" [6.33333333e+02 6.33666667e+02 6.34000000e+02 ... 6.49000000e+02\n"
		"  6.49333333e+02 6.49666667e+02]\n"
		" [6.50000000e+02 6.50333333e+02 6.50666667e+02 ... 6.65666667e+02\n"
		"  6.66000000e+02 6.66333333e+02]]");
}

static void test_empty(void **state)
{
	(void)state;
	/* np.zeros(0) and np.zeros((0, 3)) */
	static const double none[1] = { 0 };
	check_array(none, 0, 0, false, 0, "[]");
	check_array(none, 3, 0, false, 0, "[]");
}

static void test_write_error(void **state)
{
	(void)state;
	static const double v[] = { 1.0 };
	FILE *f = fopen("/dev/null", "r"); /* writes to it fail */
	assert_non_null(f);
	assert_int_equal(numfmt_array(f, v, 0, 1, 8, false, 0), -1);
	fclose(f);
}

/* =====================================================================
 * Single cells
 * ===================================================================== */

static void check_cell(const struct numfmt *f, double v, const char *want)
{
	char buf[NUMFMT_CELL_MAX];
	size_t n = numfmt_cell(buf, sizeof buf, v, f);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_int_equal(n, (size_t)f->width);
}

/* Cells expected below come from numpy's own cell formatter:
 *   import sys, numpy as np
 *   from numpy.core.arrayprint import FloatingFormat
 *   f = FloatingFormat(np.array(V), 8, 'maxprec', False, '-',
 *                      legacy=sys.maxsize); repr(f(x)) */
static void test_cell_positional(void **state)
{
	(void)state;
	struct numfmt f;
	static const double z1[] = { 1.2, 1.01, 1.14 };
	numfmt_plan(&f, z1, ARRAY_LEN(z1), 8, false);
	assert_false(f.scientific);
	assert_false(f.integral);
	assert_int_equal(f.int_width, 1);
	assert_int_equal(f.frac_digits, 2);
	assert_int_equal(f.width, 4);
	check_cell(&f, 1.2, "1.2 ");
	check_cell(&f, 1.01, "1.01");

	static const double w[] = { -0.42772133, 0.39293837 };
	numfmt_plan(&f, w, ARRAY_LEN(w), 8, false);
	assert_int_equal(f.int_width, 2);
	assert_int_equal(f.width, 11);
	check_cell(&f, 0.39293837, " 0.39293837");
}

static void test_cell_scientific(void **state)
{
	(void)state;
	struct numfmt f;
	static const double a[] = { 1e-05, 1e+100 };
	numfmt_plan(&f, a, ARRAY_LEN(a), 8, false);
	assert_true(f.scientific);
	assert_int_equal(f.frac_digits, 0);
	assert_int_equal(f.int_width, 1);
	assert_int_equal(f.width, 7);
	check_cell(&f, 1e-05, "1.e-005");
}

static void test_cell_nonfinite(void **state)
{
	(void)state;
	struct numfmt f;
	static const double a[] = { NAN, -INFINITY, 0.5 };
	numfmt_plan(&f, a, ARRAY_LEN(a), 8, false);
	assert_int_equal(f.width, 4);
	check_cell(&f, NAN, " nan");
	check_cell(&f, -INFINITY, "-inf");
	check_cell(&f, 0.5, " 0.5");
}

static void test_cell_integral(void **state)
{
	(void)state;
	struct numfmt f;
	/* np.array([-5, 10, 300]) prints as "[ -5  10 300]" */
	static const double a[] = { -5, 10, 300 };
	numfmt_plan(&f, a, ARRAY_LEN(a), 8, true);
	assert_true(f.integral);
	assert_int_equal(f.width, 3);
	check_cell(&f, -5, " -5");
	check_cell(&f, 300, "300");
	/* an integer array has no negative zero */
	check_cell(&f, -0.0, "  0");
}

/* Whole numbers past int64: numpy makes a float64 array of them (an int64
 * only holds -2^63 to 2^63 - 1), printed as floats, not as 309 digits.
 * numpy 1.24, str() of:
 *   np.array([0, 10.0**308])          '[0.e+000 1.e+308]'
 *   np.array([0., 2.0**63])           '[0.00000000e+00 9.22337204e+18]'
 *   np.array([-2**63, 0]) (int64)     '[-9223372036854775808                    0]'
 *   np.array([2**63-1024, 0]) (int64) '[9223372036854774784                   0]' */
static void test_integral_past_int64(void **state)
{
	(void)state;
	static const double huge[] = {0, 1e308};
	static const double edge[] = {0, 0x1p63};
	static const double low[] = {-0x1p63, 0};
	static const double high[] = {0x1p63 - 1024, 0};
	check_array(huge, 0, 2, true, 0, "[0.e+000 1.e+308]");
	check_array(edge, 0, 2, true, 0, "[0.00000000e+00 9.22337204e+18]");
	check_array(low, 0, 2, true, 0,
	            "[-9223372036854775808                    0]");
	check_array(high, 0, 2, true, 0,
	            "[9223372036854774784                   0]");
	struct numfmt f;
	numfmt_plan(&f, huge, 2, 8, true);
	assert_false(f.integral);
	numfmt_plan(&f, high, 2, 8, true);
	assert_true(f.integral);
}

/* The width an integral layout plans is that of the widest "%.0f" of its
 * values (printf is the independent count): whole numbers either side of
 * every power of ten, both signs, and a value that is not whole (printed
 * rounded, 9.5 as "10"). */
static void test_integral_widths(void **state)
{
	(void)state;
	char want[64];
	for (int e = 0; e <= 18; e++) {
		double p = 1;
		for (int k = 0; k < e; k++)
			p *= 10;
		const double cases[] = {p - 1, p, p + 1, -(p - 1), -p, -p - 1};
		for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
			double v = cases[c] == 0 ? 0.0 : cases[c];
			if (!(v >= -0x1p63 && v < 0x1p63))
				continue;
			struct numfmt f;
			numfmt_plan(&f, &v, 1, 8, true);
			assert_true(f.integral);
			snprintf(want, sizeof want, "%.0f", v);
			assert_int_equal(f.width, (int)strlen(want));
		}
	}
	static const double rounded[] = {9.5, 1};
	struct numfmt f;
	numfmt_plan(&f, rounded, 2, 8, true);
	snprintf(want, sizeof want, "%.0f", 9.5);
	assert_int_equal(f.width, (int)strlen(want));
}

/* numpy writes the sign of a cell that reads as zero; the player and the
 * hand calculations do not (numfmt_cell_unsigned_zero), in the same
 * width.  The numpy cells, from str() as at the top of this file:
 *   [-0.0, 0.5]                                   '[-0.   0.5]'
 *   [-0.00115026, 0.04400348, -0.03571691], np.set_printoptions(
 *     precision=2)                                '[-0.    0.04 -0.04]'
 *   [-0.0, 1e-5]                                  '[-0.e+00  1.e-05]'
 *   [-inf, 0.5]                                   '[-inf  0.5]' */
static void check_unsigned(const struct numfmt *f, double v,
                           const char *want)
{
	char buf[NUMFMT_CELL_MAX];
	size_t n = numfmt_cell_unsigned_zero(buf, sizeof buf, v, f);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_cell_unsigned_zero(void **state)
{
	(void)state;
	struct numfmt f;
	static const double a[] = {-0.0, 0.5};
	numfmt_plan(&f, a, ARRAY_LEN(a), 8, false);
	check_cell(&f, -0.0, "-0. ");
	check_unsigned(&f, -0.0, " 0. ");
	check_unsigned(&f, 0.5, " 0.5");
	static const double b[] = {-0.00115026, 0.04400348, -0.03571691};
	numfmt_plan(&f, b, ARRAY_LEN(b), 2, false);
	check_cell(&f, b[0], "-0.  ");
	check_unsigned(&f, b[0], " 0.  ");
	check_unsigned(&f, b[2], "-0.04");
	static const double c[] = {-0.0, 1e-5};
	numfmt_plan(&f, c, ARRAY_LEN(c), 8, false);
	check_cell(&f, -0.0, "-0.e+00");
	check_unsigned(&f, -0.0, " 0.e+00");
	static const double d[] = {-INFINITY, 0.5};
	numfmt_plan(&f, d, ARRAY_LEN(d), 8, false);
	check_unsigned(&f, -INFINITY, "-inf");
}

/* The plan of what numpy prints: a summarised array is planned on the
 * values it shows.  A (1001, 1) array of 0.5 with 0.25 in row 1, 1e-05
 * in row 500 and 0.75 in row 1000: numpy's str() hides row 500 and
 * prints '[[0.5 ]\n [0.25]\n [0.5 ]\n ...\n [0.5 ]\n [0.5 ]\n
 * [0.75]]'; with np.set_printoptions(threshold=10**6), every value
 * shown, '[[5.0e-01]\n [2.5e-01]\n ...'.  A 1-D array (rows 0) of the
 * same 1001 values is planned the same way. */
static void test_plan_shown(void **state)
{
	(void)state;
	double *v = malloc(1001 * sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < 1001; i++)
		v[i] = 0.5;
	v[1] = 0.25;
	v[500] = 1e-5;
	v[1000] = 0.75;
	struct numfmt f;
	numfmt_plan_shown(&f, v, 1001, 1, 8, false);
	assert_false(f.scientific);
	check_cell(&f, 0.5, "0.5 ");
	numfmt_plan_shown(&f, v, 0, 1001, 8, false);
	assert_false(f.scientific);
	numfmt_plan(&f, v, 1001, 8, false);
	assert_true(f.scientific);
	check_cell(&f, 0.5, "5.0e-01");
	/* 1000 values are not summarised: all of them count */
	numfmt_plan_shown(&f, v, 1000, 1, 8, false);
	assert_true(f.scientific);
	free(v);
}

static void test_cell_truncated(void **state)
{
	(void)state;
	struct numfmt f;
	static const double a[] = { 0.39293837 };
	char buf[5];
	numfmt_plan(&f, a, 1, 8, false);
	/* cut to cap - 1 bytes, still terminated */
	assert_int_equal(numfmt_cell(buf, sizeof buf, a[0], &f), 4);
	assert_string_equal(buf, "0.39");
}

/* =====================================================================
 * Scalars and repr
 * ===================================================================== */

/* numfmt_scalar follows the rules in numfmt.h (nntrace's own, not numpy's);
 * the rounded digits agree with Python's '%.{p}f' % v. */
static void check_scalar(double v, int precision, const char *want)
{
	char buf[64];
	size_t n = numfmt_scalar(buf, sizeof buf, v, precision);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_scalar(void **state)
{
	(void)state;
	check_scalar(0.28209, 4, "0.2821");
	check_scalar(-0.3929383711957233, 4, "-0.3929");
	check_scalar(0.5, 4, "0.5");
	check_scalar(1.0, 4, "1");
	check_scalar(123456.789, 4, "123456.789");
	check_scalar(0.125, 2, "0.12"); /* exact binary tie: half-even */
	check_scalar(2.675, 2, "2.67"); /* 2.67499999... in binary */
	check_scalar(0.21876263, 8, "0.21876263");
}

static void test_scalar_zero_and_sign(void **state)
{
	(void)state;
	check_scalar(0.0, 4, "0");
	check_scalar(-0.0, 4, "0");
	check_scalar(-0.0001, 4, "-0.0001");
}

static void test_scalar_scientific(void **state)
{
	(void)state;
	check_scalar(1.5e-12, 4, "1.5e-12");
	check_scalar(1e-12, 4, "1e-12");
	check_scalar(-0.00001, 4, "-1e-05");
	check_scalar(0.00012345678, 3, "1.23e-04"); /* 3 significant */
	check_scalar(1e16, 4, "1e+16");
	check_scalar(-2.5e20, 4, "-2.5e+20");
}

static void test_scalar_nonfinite(void **state)
{
	(void)state;
	check_scalar(NAN, 4, "nan");
	check_scalar(INFINITY, 4, "inf");
	check_scalar(-INFINITY, 4, "-inf");
}

/* Expected strings are Python 3.11's repr(float) (Debian 12):
 *   /usr/bin/python3 -c 'print(repr(V))' */
static void check_repr(double v, const char *want)
{
	char buf[32];
	size_t n = numfmt_repr(buf, sizeof buf, v);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_repr(void **state)
{
	(void)state;
	check_repr(0.1, "0.1");
	check_repr(1.0, "1.0");
	check_repr(-0.0, "-0.0");
	check_repr(0.30000000000000004, "0.30000000000000004");
	check_repr(0.3929383711957233, "0.3929383711957233");
	check_repr(0.0001, "0.0001");
	check_repr(1e-05, "1e-05");
	check_repr(1.5e-05, "1.5e-05");
	check_repr(1e15, "1000000000000000.0");
	check_repr(1e16, "1e+16");
	check_repr(123456789012345678.0, "1.2345678901234568e+17");
	check_repr(1.7976931348623157e+308, "1.7976931348623157e+308");
	check_repr(5e-324, "5e-324");
	check_repr(NAN, "nan");
	check_repr(INFINITY, "inf");
	check_repr(-INFINITY, "-inf");
}

static void test_repr_power_of_two(void **state)
{
	(void)state;
	/* 2**-1017: the closest 16-digit decimal (...044e-307) does not read
	 * back, because the gap below a power of two is half the gap above;
	 * the next one up does.  repr(2.0**-1017) */
	check_repr(ldexp(1.0, -1017), "7.120236347223045e-307");
	/* repr(2.0**-1007) */
	check_repr(ldexp(1.0, -1007), "7.291122019556398e-304");
}

/* The fast paths of issue 5 (shortest digits from the 15-digit
 * candidate, fixed-point text from 128-bit integers) against Python 3.11
 * on Debian 12: repr(V) and '%.{p}f' % V. */
static void test_fast_paths(void **state)
{
	(void)state;
	check_repr(9007199254740993.0, "9007199254740992.0");
	check_repr(1e23, "1e+23");
	check_repr(123456789012345.6, "123456789012345.6"); /* 16 digits */
	check_repr(ldexp(1.0, 60), "1.152921504606847e+18");
	check_repr(1.0 / 3.0, "0.3333333333333333");
	check_repr(ldexp(1.0, -1000), "9.332636185032189e-302");
	check_repr(ldexp(1.0, -44), "5.684341886080802e-14");
	check_repr(2.2250738585072014e-308, "2.2250738585072014e-308");
	check_repr(1.5e-323, "1.5e-323"); /* subnormal: searched from 1 */
	check_scalar(0.375, 2, "0.38");  /* exact tie, odd: up */
	check_scalar(2.5, 0, "2");       /* exact tie, even: down */
	check_scalar(3.5, 0, "4");
	check_scalar(1.0000000000000002, 16, "1.0000000000000002");
	check_scalar(0.1, 19, "0.1000000000000000056");
	check_scalar(123.456, 19, "123.4560000000000030695");
	check_scalar(1e15 + 0.3, 3, "1000000000000000.25");
	check_scalar(4503599627370495.5, 1, "4503599627370495.5");
}

/* Marsaglia's xorshift64: reproducible test values without rand(). */
static unsigned long long xorshift(unsigned long long x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* The fixed-point fast path against glibc's printf, an independent
 * implementation (multi-precision): 300,000 values spread over the
 * magnitudes the fast path takes (up to 2^53, down to where rounding
 * leaves nothing), with every precision 0..19, the values around ties
 * included (k / 2^j is an exact tie at j decimals' half unit). */
static void test_scalar_matches_printf(void **state)
{
	(void)state;
	unsigned long long x = 88172645463325252ULL;
	for (int i = 0; i < 300000; i++) {
		x = xorshift(x);
		int p = (int)(x % 20);
		double v;
		if (i % 3 == 0) /* ties and near-ties: k / 2^j */
			v = ldexp((double)(x >> 40), -(int)((x >> 8) % 40));
		else /* mantissa from the bits, exponent -30..52 */
			v = ldexp(1.0 + (double)(x >> 12) / 0x1p52,
			          (int)((x >> 3) % 83) - 30);
		if (i % 2)
			v = -v;
		double a = fabs(v);
		if (!(a > 0) || a >= 1e16 || a < pow(10.0, -p))
			continue; /* numfmt_scalar's scientific cases */
		char want[128], got[128];
		snprintf(want, sizeof want, "%.*f", p, v);
		size_t len = strlen(want);
		if (strchr(want, '.')) {
			while (want[len - 1] == '0')
				want[--len] = '\0';
			if (want[len - 1] == '.')
				want[--len] = '\0';
		}
		if (strcmp(want, "-0") == 0)
			strcpy(want, "0");
		numfmt_scalar(got, sizeof got, v, p);
		if (strcmp(got, want) != 0)
			fail_msg("%.17g at %d decimals: %s, printf %s", v, p,
			         got, want);
	}
}

/* printf's "%.*e" with the mantissa's trailing zeros (and a bare point)
 * cut: what numfmt_scalar writes in scientific notation. */
static void printf_scientific(char *out, size_t cap, double v, int digits)
{
	char b[128];
	snprintf(b, sizeof b, "%.*e", digits - 1, v);
	char *e = strchr(b, 'e');
	size_t m = (size_t)(e - b);
	if (memchr(b, '.', m)) {
		while (b[m - 1] == '0')
			m--;
		if (b[m - 1] == '.')
			m--;
	}
	snprintf(out, cap, "%.*s%s", (int)m, b, e);
}

/* numfmt's scientific digits, made exactly in 128-bit integers, against
 * glibc's printf (multi-precision, an independent implementation):
 * 300,000 values far below 10^-p and above 10^16, precisions 0..20, a
 * quarter of them exact ties (5 digits ending in 5, printed with 4). */
static void test_scientific_matches_printf(void **state)
{
	(void)state;
	unsigned long long x = 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 300000; i++) {
		x = xorshift(x);
		int p = (int)(x % 21);
		double v;
		if (i % 4 == 0) { /* exact ties: ddddd5 x 10^j, 4 digits */
			double d5 = (double)(1000 + (x >> 40) % 9000) * 10 + 5;
			v = d5 * pow(10.0, (double)(12 + (x >> 20) % 5));
			p = 4;
		} else if (i % 4 == 1) { /* few significant bits */
			v = ldexp((double)(x >> 50), (int)((x >> 8) % 120) - 140);
		} else {
			v = ldexp(1.0 + (double)(x >> 12) / 0x1p52,
			          (int)((x >> 3) % 1000) - 600);
		}
		if (i % 2)
			v = -v;
		double a = fabs(v);
		if (!(a > 0) || !(a >= 1e16 || a < pow(10.0, -p)))
			continue;
		char want[160], got[160];
		printf_scientific(want, sizeof want, v, p > 0 ? p : 1);
		numfmt_scalar(got, sizeof got, v, p);
		if (strcmp(got, want) != 0)
			fail_msg("%.17g at %d digits: %s, printf %s", v, p, got,
			         want);
	}
}

/* The significant digits of a decimal text, zeros at either end cut:
 * "-0.0012300e-5" is "123". */
static void significant(char *out, const char *s)
{
	size_t n = 0;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9' && (n || *s != '0'))
			out[n++] = *s;
	while (n > 1 && out[n - 1] == '0')
		n--;
	out[n] = '\0';
}

/* numfmt_repr's shortest digits (made in 128-bit and 192-bit integers)
 * against a search with glibc's printf and strtod: the first k whose
 * correctly rounded k digits read back as v.  Powers of two are left
 * out: there the closest k digits may fail where the next ones up read
 * back (test_repr_power_of_two has those). */
static void test_repr_matches_printf(void **state)
{
	(void)state;
	unsigned long long x = 0x2545F4914F6CDD1DULL;
	for (int i = 0; i < 100000; i++) {
		x = xorshift(x);
		double v = ldexp(1.0 + (double)(x >> 12) / 0x1p52,
		                 (int)((x >> 3) % 400) - 250);
		if ((x >> 12) == 0)
			continue;
		char want[64], got[64], b[64];
		for (int k = 1; k <= 17; k++) {
			snprintf(b, sizeof b, "%.*e", k - 1, v);
			if (strtod(b, NULL) == v)
				break;
		}
		significant(want, b);
		numfmt_repr(got, sizeof got, v);
		if (strtod(got, NULL) != v)
			fail_msg("%.17g: repr %s does not read back", v, got);
		significant(b, got);
		if (strcmp(b, want) != 0)
			fail_msg("%.17g: repr %s, printf search %s", v, got, want);
	}
}

/* numfmt_g17, the CSV handout's values, against printf's "%.17g":
 * 200,000 values of every magnitude (subnormals and the largest
 * included), both signs, and the special ones. */
static void test_g17_matches_printf(void **state)
{
	(void)state;
	const double special[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1e-5, 1e16,
	                          1e17, 123456789012345678.0, 5e-324,
	                          DBL_MAX, INFINITY, -INFINITY, 0.5, 1e-4,
	                          9.9999999999999995e-5};
	char want[64], got[64];
	for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
		snprintf(want, sizeof want, "%.17g", special[i]);
		numfmt_g17(got, sizeof got, special[i]);
		assert_string_equal(got, want);
	}
	unsigned long long x = 0x853C49E6748FEA9BULL;
	for (int i = 0; i < 200000; i++) {
		x = xorshift(x);
		double v;
		memcpy(&v, &x, sizeof v); /* any bit pattern */
		if (isnan(v))
			continue;
		if (i % 2) /* and many around 1 */
			v = ldexp(1.0 + (double)(x >> 12) / 0x1p52,
			          (int)((x >> 3) % 120) - 60);
		snprintf(want, sizeof want, "%.17g", v);
		size_t n = numfmt_g17(got, sizeof got, v);
		if (strcmp(got, want) != 0 || n != strlen(want))
			fail_msg("%a: %s, printf %s", v, got, want);
	}
}

/* numfmt_scalar's table of 10^-p against libm's pow (glibc's is
 * correctly rounded, as are the table's decimal literals). */
static void test_tenth_powers(void **state)
{
	(void)state;
	for (int p = 0; p <= 20; p++)
		assert_true(numfmt_tenth_power(p) == pow(10.0, -p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed002_weights),
		cmocka_unit_test(test_seed002_dot_products),
		cmocka_unit_test(test_seed002_inputs),
		cmocka_unit_test(test_seed001_z1),
		cmocka_unit_test(test_softmax_output),
		cmocka_unit_test(test_negative_zero),
		cmocka_unit_test(test_whole_numbers),
		cmocka_unit_test(test_maxprec_rounding),
		cmocka_unit_test(test_other_precisions),
		cmocka_unit_test(test_scientific),
		cmocka_unit_test(test_positional_down_to_1e_4),
		cmocka_unit_test(test_scientific_wide_exponents),
		cmocka_unit_test(test_nonfinite),
		cmocka_unit_test(test_wrap_1d),
		cmocka_unit_test(test_wrap_1d_indent),
		cmocka_unit_test(test_wrap_2d),
		cmocka_unit_test(test_wrap_2d_scientific_indent),
		cmocka_unit_test(test_1000x1_not_summarised),
		cmocka_unit_test(test_1001x1_summarised),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_scalar_matches_printf),
		cmocka_unit_test(test_tenth_powers),
		cmocka_unit_test(test_scientific_matches_printf),
		cmocka_unit_test(test_repr_matches_printf),
		cmocka_unit_test(test_g17_matches_printf),
		cmocka_unit_test(test_summarised_both_axes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_cell_positional),
		cmocka_unit_test(test_cell_scientific),
		cmocka_unit_test(test_cell_nonfinite),
		cmocka_unit_test(test_cell_integral),
		cmocka_unit_test(test_integral_past_int64),
		cmocka_unit_test(test_integral_widths),
		cmocka_unit_test(test_cell_truncated),
		cmocka_unit_test(test_cell_unsigned_zero),
		cmocka_unit_test(test_plan_shown),
		cmocka_unit_test(test_scalar),
		cmocka_unit_test(test_scalar_zero_and_sign),
		cmocka_unit_test(test_scalar_scientific),
		cmocka_unit_test(test_scalar_nonfinite),
		cmocka_unit_test(test_repr),
		cmocka_unit_test(test_repr_power_of_two),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
