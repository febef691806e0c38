/* Tests for tools/reflectivity.c, the generator of datasets/reflectivity-*.csv.
 *
 * The generator is not part of nntrace; its functions are compiled in here
 * by including its source with its main() left out.  Expected values are
 * either closed forms computed in the test, or literals printed by
 * /usr/bin/python3 (Python 3.11, numpy 1.24.2, Debian 12) with the
 * computation named in a comment:
 *   - "python AR": the three-term Aki-Richards formula written with the
 *     math module in the same order as the C code;
 *   - "numpy solve": the same 4x4 Zoeppritz matrix solved by
 *     numpy.linalg.solve (LAPACK), an independent solver;
 *   - "A&R explicit": the closed-form PP coefficient of Aki & Richards
 *     (1980) eq. 5.40, Rpp = [(b cos i1/a1 - c cos i2/a2) F
 *     - (a + d cos i1/a1 cos j2/b2) H p^2] / D, which solves the same
 *     physics without any matrix.
 * Tests run from the repository root (tests/run-all.sh cds there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/dataset.h"
#include "core/diag.h"

#define REFLECTIVITY_NO_MAIN
#include "../tools/reflectivity.c"

#ifndef NNTRACE_SRCDIR
#define NNTRACE_SRCDIR "."
#endif

/* The two interfaces, as (upper, lower). */
static const struct reflectivity_layer *const interfaces[][2] = {
	{&reflectivity_shale, &reflectivity_gas_sand},
	{&reflectivity_deep_shale, &reflectivity_limestone},
};

#define N_INTERFACES (sizeof interfaces / sizeof interfaces[0])

/* cmocka has no double comparison: |a - b| <= tol, or fail showing both
 * with every digit. */
#define assert_close(a, b, tol) \
	close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what,
                          const char *file, int line)
{
	if (!(fabs(a - b) <= tol))
		fail_msg("%s:%d: %s = %.17g, want %.17g within %g", file, line,
		         what, a, b, tol);
}

static double rp(const struct reflectivity_layer *up,
                 const struct reflectivity_layer *down, double deg)
{
	double z[4];
	assert_int_equal(reflectivity_zoeppritz(up, down, deg, z), 0);
	return z[0];
}

static double aki(const struct reflectivity_layer *up,
                  const struct reflectivity_layer *down, double deg)
{
	double r;
	assert_int_equal(reflectivity_aki_richards(up, down, deg, &r), 0);
	return r;
}

/* =====================================================================
 * Normal incidence
 * ===================================================================== */

/* At 0 degrees no S waves are made (Rs = Ts = 0) and the exact answer is
 * R = (I2 - I1) / (I2 + I1), T = 2 I1 / (I1 + I2), I = rho Vp.  The 4x4
 * elimination rounds differently from that quotient, so equality is to a
 * few units in the last place, well inside 1e-15. */
static void test_zoeppritz_normal_incidence(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_INTERFACES; i++) {
		const struct reflectivity_layer *u = interfaces[i][0];
		const struct reflectivity_layer *d = interfaces[i][1];
		double i1 = u->rho * u->vp, i2 = d->rho * d->vp;
		double z[4];
		assert_int_equal(reflectivity_zoeppritz(u, d, 0, z), 0);
		assert_close(z[0], (i2 - i1) / (i2 + i1), 1e-15);
		assert_close(z[1], 0.0, 1e-15);
		assert_close(z[2], 2.0 * i1 / (i1 + i2), 1e-15);
		assert_close(z[3], 0.0, 1e-15);
	}
	/* The same numbers as literals, (I2 - I1) / (I2 + I1) in python:
	 * (4810.0 - 5485.5) / (4810.0 + 5485.5) and
	 * (10140.0 - 7840.000000000001) / (10140.0 + 7840.000000000001). */
	assert_close(rp(&reflectivity_shale, &reflectivity_gas_sand, 0),
	                    -0.06561118935457239, 1e-15);
	assert_close(rp(&reflectivity_deep_shale, &reflectivity_limestone,
	                       0), 0.12791991101223577, 1e-15);
}

/* Aki-Richards is linear in the contrasts, so at 0 degrees it gives
 * 1/2 (dVp/Vp + drho/rho) with mean Vp and rho, which is NOT the exact
 * (I2 - I1) / (I2 + I1).  Algebra: rho dVp + Vp drho = I2 - I1 exactly,
 * but 2 rho Vp = I1 + I2 - 1/2 drho dVp, so
 *   R_AR(0) = (I2 - I1) / (I1 + I2 - 1/2 drho dVp),
 * off from the exact value by a second-order term: 0.31 % for the gas sand,
 * 0.29 % for the limestone.  Both identities are checked to 1e-15 and the
 * gap is checked to be that small and no smaller. */
static void test_aki_richards_normal_incidence(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_INTERFACES; i++) {
		const struct reflectivity_layer *u = interfaces[i][0];
		const struct reflectivity_layer *d = interfaces[i][1];
		double i1 = u->rho * u->vp, i2 = d->rho * d->vp;
		double dvp = d->vp - u->vp, drho = d->rho - u->rho;
		double vp = (u->vp + d->vp) / 2, rho = (u->rho + d->rho) / 2;
		double r = aki(u, d, 0);
		double exact = (i2 - i1) / (i2 + i1);
		assert_close(r, 0.5 * (dvp / vp + drho / rho), 1e-15);
		assert_close(r, (i2 - i1) / (i1 + i2 - 0.5 * drho * dvp),
		                    1e-15);
		double rel = fabs(r - exact) / fabs(exact);
		assert_true(rel > 1e-3 && rel < 5e-3);
	}
	/* python AR at 0 degrees. */
	assert_close(aki(&reflectivity_shale, &reflectivity_gas_sand, 0),
	                    -0.06540535830130034, 1e-15);
	assert_close(aki(&reflectivity_deep_shale, &reflectivity_limestone,
	                        0), 0.12829451959280433, 1e-15);
}

/* =====================================================================
 * 30 degrees
 * ===================================================================== */

/* Aki-Richards at 30 degrees, shale (2438 m/s, 1006 m/s, 2.25 g/cc) over
 * gas sand (2600, 1700, 1.85), by hand (values rounded here; the literals
 * below carry every digit):
 *   theta1 = 30 deg = 0.5235988 rad, sin theta1 = 0.5
 *   sin theta2 = 2600/2438 * 0.5 = 0.5332240, theta2 = 32.2235 deg
 *   theta = (30 + 32.2235) / 2 = 31.1118 deg, cos^2 theta = 0.7330116
 *   means: Vp = 2519, Vs = 1353, rho = 2.05
 *   differences: dVp = 162, dVs = 694, drho = -0.40
 *   p = 0.5 / 2438 = 2.050861e-4 s/m
 *   4 p^2 Vs^2 = 4 * (2.050861e-4 * 1353)^2 = 4 * 0.2774815^2 = 0.3079840
 *   drho/rho = -0.1951220, dVs/Vs = 0.5129342
 *   term 1 = 0.5 * (1 - 0.3079840) * -0.1951220 = -0.0675138
 *   term 2 = 162 / (2 * 2519 * 0.7330116)       =  0.0438678
 *   term 3 = -0.3079840 * 0.5129342               = -0.1579755
 *   R(30) = -0.0675138 + 0.0438678 - 0.1579755    = -0.1816215
 * python AR gives -0.18162148148151125 (terms -0.0675137536436345,
 * 0.04386781795370189, -0.15797554579157863).
 *
 * Deep shale (3200, 1550, 2.45) over limestone (3900, 2050, 2.60):
 *   sin theta2 = 3900/3200 * 0.5 = 0.609375, theta2 = 37.5443 deg
 *   theta = 33.7722 deg, cos^2 theta = 0.6909843
 *   means: Vp = 3550, Vs = 1800, rho = 2.525; dVp = 700, dVs = 500,
 *   drho = 0.15
 *   p = 0.5 / 3200 = 1.5625e-4 s/m, 4 p^2 Vs^2 = 4 * 0.28125^2 = 0.3164063
 *   term 1 = 0.5 * (1 - 0.3164063) * 0.0594059 =  0.0203048
 *   term 2 = 700 / (2 * 3550 * 0.6909843)      =  0.1426828
 *   term 3 = -0.3164063 * 0.2777778              = -0.0878906
 *   R(30) = 0.0750969; python AR gives 0.07509690444097683. */
static void test_aki_richards_30(void **state)
{
	(void)state;
	double r = aki(&reflectivity_shale, &reflectivity_gas_sand, 30);
	assert_close(r, -0.18162148148151125, 1e-15);
	assert_close(r, -0.0675138 + 0.0438678 - 0.1579755, 1e-7);
	r = aki(&reflectivity_deep_shale, &reflectivity_limestone, 30);
	assert_close(r, 0.07509690444097683, 1e-15);
	assert_close(r, 0.0203048 + 0.1426828 - 0.0878906, 1e-7);
}

/* The whole Zoeppritz solution at 30 and 50 degrees against numpy solve
 * (Rp, Rs, Tp, Ts), and Rp against A&R explicit. */
static void test_zoeppritz_against_numpy(void **state)
{
	(void)state;
	static const struct {
		int iface;
		double deg;
		double numpy[4]; /* numpy solve: Rp, Rs, Tp, Ts */
		double explicit_rp; /* A&R explicit */
	} cases[] = {
		{0, 30, {-0.15876273377656006, -0.14233610287644444,
		         1.0330181992287006, -0.28752622448748516},
		 -0.15876273377656022},
		{0, 50, {-0.288636900587392, -0.09439932584857019,
		         0.9938776368578092, -0.4217821333307704},
		 -0.28863690058739233},
		{1, 30, {0.08596735978205258, -0.12431391835974322,
		         0.9052531929320077, -0.13645770339529742},
		 0.08596735978205275},
		{1, 50, {0.19321614229878753, -0.036401789179473926,
		         1.132057141555853, -0.2027470949654452},
		 0.19321614229878756},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double z[4];
		assert_int_equal(reflectivity_zoeppritz(interfaces[cases[i].iface][0],
		                                        interfaces[cases[i].iface][1],
		                                        cases[i].deg, z), 0);
		for (int k = 0; k < 4; k++)
			assert_close(z[k], cases[i].numpy[k], 1e-14);
		assert_close(z[0], cases[i].explicit_rp, 1e-14);
	}
}

/* =====================================================================
 * Physics checks over every angle written
 * ===================================================================== */

/* The four outgoing waves carry away exactly the incident energy flux:
 *   Rp^2 + (b1 cos f1)/(a1 cos t1) Rs^2 + (r2 a2 cos t2)/(r1 a1 cos t1) Tp^2
 *        + (r2 b2 cos f2)/(r1 a1 cos t1) Ts^2 = 1.
 * A sign or factor slip in any matrix entry breaks this, so it checks all
 * sixteen entries at once, at every angle the data sets use. */
static void test_zoeppritz_energy(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_INTERFACES; i++) {
		const struct reflectivity_layer *u = interfaces[i][0];
		const struct reflectivity_layer *d = interfaces[i][1];
		for (int deg = 0; deg <= 50; deg++) {
			double z[4];
			assert_int_equal(reflectivity_zoeppritz(u, d, deg, z), 0);
			double s = sin(deg * (REFLECTIVITY_PI / 180.0));
			double c1 = sqrt(1 - s * s);
			double sin_t2 = d->vp / u->vp * s, sin_f1 = u->vs / u->vp * s,
			       sin_f2 = d->vs / u->vp * s;
			double ct2 = sqrt(1 - sin_t2 * sin_t2);
			double cf1 = sqrt(1 - sin_f1 * sin_f1);
			double cf2 = sqrt(1 - sin_f2 * sin_f2);
			double flux = z[0] * z[0]
			              + u->vs * cf1 / (u->vp * c1) * z[1] * z[1]
			              + d->rho * d->vp * ct2 / (u->rho * u->vp * c1)
			                    * z[2] * z[2]
			              + d->rho * d->vs * cf2 / (u->rho * u->vp * c1)
			                    * z[3] * z[3];
			assert_close(flux, 1.0, 1e-14);
		}
	}
}

/* Aki-Richards assumes small contrasts.  Within 10 degrees it stays within
 * 5 % of the exact value for both interfaces (at most 4.1 % for the gas
 * sand, whose shear contrast dVs/Vs = 0.51 is not small, 1.1 % for the
 * limestone).  By 30 degrees the gap is 14 % and 13 %: the reason the
 * data sets keep both columns. */
static void test_aki_richards_close_at_small_angles(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_INTERFACES; i++) {
		const struct reflectivity_layer *u = interfaces[i][0];
		const struct reflectivity_layer *d = interfaces[i][1];
		for (int deg = 0; deg <= 10; deg++) {
			double z = rp(u, d, deg), a = aki(u, d, deg);
			assert_true(fabs(a - z) <= 0.05 * fabs(z));
			assert_true(a * z > 0); /* same sign */
		}
		double z = rp(u, d, 30), a = aki(u, d, 30);
		assert_true(fabs(a - z) > 0.1 * fabs(z));
	}
}

/* Critical angles: asin(2438/2600) = 69.67 deg for the gas sand,
 * asin(3200/3900) = 55.14 deg for the limestone.  Below them both
 * functions answer; past them they refuse rather than return a number
 * that is really complex. */
static void test_critical_angle_refused(void **state)
{
	(void)state;
	double z[4], r;
	assert_int_equal(reflectivity_zoeppritz(&reflectivity_shale,
	                                        &reflectivity_gas_sand, 69.6, z), 0);
	assert_int_equal(reflectivity_zoeppritz(&reflectivity_shale,
	                                        &reflectivity_gas_sand, 69.7, z), -1);
	assert_int_equal(reflectivity_aki_richards(&reflectivity_shale,
	                                           &reflectivity_gas_sand, 69.6, &r),
	                 0);
	assert_int_equal(reflectivity_aki_richards(&reflectivity_shale,
	                                           &reflectivity_gas_sand, 69.7, &r),
	                 -1);
	assert_int_equal(reflectivity_zoeppritz(&reflectivity_deep_shale,
	                                        &reflectivity_limestone, 55.1, z), 0);
	assert_int_equal(reflectivity_zoeppritz(&reflectivity_deep_shale,
	                                        &reflectivity_limestone, 55.2, z), -1);
	assert_int_equal(reflectivity_aki_richards(&reflectivity_deep_shale,
	                                           &reflectivity_limestone, 55.2,
	                                           &r), -1);
	/* A singular system is refused rather than divided by zero. */
	double m[4][4] = {{0}}, b[4] = {1, 2, 3, 4};
	assert_int_equal(reflectivity_solve4(z, m, b), -1);
}

/* =====================================================================
 * The shipped files
 * ===================================================================== */

/* Reads a whole file into a malloc'd buffer; *len gets its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			char *p = realloc(buf, cap);
			assert_non_null(p);
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	*len = n;
	return buf;
}

/* `make datasets` must reproduce the shipped files byte for byte: the
 * generator writes into a fresh temporary directory and each file is
 * compared with datasets/ (so a changed formula, rock value or format
 * fails here until the files are regenerated and committed). */
static void test_shipped_files_match_generator(void **state)
{
	(void)state;
	char dir[] = "/tmp/nntrace-reflectivity-XXXXXX";
	char err[4200] = "";
	assert_non_null(mkdtemp(dir));
	int status = reflectivity_write_all(dir, err, sizeof err);
	if (status != 0)
		fail_msg("%s", err);
	for (size_t i = 0; i < REFLECTIVITY_N_FILES; i++) {
		char fresh[256], shipped[256];
		snprintf(fresh, sizeof fresh, "%s/%s", dir, reflectivity_files[i].name);
		snprintf(shipped, sizeof shipped, "%s/datasets/%s", NNTRACE_SRCDIR,
		         reflectivity_files[i].name);
		size_t na, nb;
		char *a = slurp(fresh, &na), *b = slurp(shipped, &nb);
		int same = na == nb && memcmp(a, b, na) == 0;
		free(a);
		free(b);
		assert_int_equal(unlink(fresh), 0);
		if (!same)
			fail_msg("%s differs from what the generator prints now "
			         "(run `make datasets`)", shipped);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* nntrace's own loader accepts the files, they have the promised shape,
 * and %.17g read back gives the generator's doubles bit for bit. */
static void test_shipped_files_load(void **state)
{
	(void)state;
	static const char *const names[] = {"angle", "rc", "rc_aki"};
	for (size_t i = 0; i < REFLECTIVITY_N_FILES; i++) {
		const struct reflectivity_file *rf = &reflectivity_files[i];
		char path[256];
		snprintf(path, sizeof path, "%s/datasets/%s", NNTRACE_SRCDIR, rf->name);
		struct dataset ds = {0};
		struct diags d = {0};
		assert_int_equal(dataset_load(&ds, path, &d), 0);
		assert_int_equal(ds.n_cols, 3);
		assert_int_equal(ds.n_rows, (size_t)rf->max_deg + 1);
		double v[3][51];
		for (int c = 0; c < 3; c++) {
			assert_string_equal(ds.names[c], names[c]);
			assert_int_equal(dataset_numbers(&ds, c, v[c], 1, &d), 0);
		}
		for (int deg = 0; deg <= rf->max_deg; deg++) {
			assert_true(v[0][deg] == deg);
			assert_true(v[1][deg] == rp(rf->upper, rf->lower, deg));
			assert_true(v[2][deg] == aki(rf->upper, rf->lower, deg));
		}
		dataset_free(&ds);
		diags_free(&d);
	}
}

/* Train and test are one curve over 0-30 and 0-50 degrees: the training
 * file is the test file's header and first 31 rows. */
static void test_train_is_prefix_of_test(void **state)
{
	(void)state;
	size_t ntrain, ntest;
	char *train = slurp(NNTRACE_SRCDIR "/datasets/reflectivity-train.csv",
	                    &ntrain);
	char *test = slurp(NNTRACE_SRCDIR "/datasets/reflectivity-test.csv",
	                   &ntest);
	int prefix = ntrain < ntest && memcmp(train, test, ntrain) == 0;
	int lines = 0;
	for (size_t i = 0; i < ntrain; i++)
		lines += train[i] == '\n';
	free(train);
	free(test);
	assert_true(prefix);
	assert_int_equal(lines, 1 + 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zoeppritz_normal_incidence),
		cmocka_unit_test(test_aki_richards_normal_incidence),
		cmocka_unit_test(test_aki_richards_30),
		cmocka_unit_test(test_zoeppritz_against_numpy),
		cmocka_unit_test(test_zoeppritz_energy),
		cmocka_unit_test(test_aki_richards_close_at_small_angles),
		cmocka_unit_test(test_critical_angle_refused),
		cmocka_unit_test(test_shipped_files_match_generator),
		cmocka_unit_test(test_shipped_files_load),
		cmocka_unit_test(test_train_is_prefix_of_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
