/* reflectivity: writes the angle-dependent reflectivity data sets.
 *
 * Seed 000 trains an MLP to reproduce the P-wave reflection coefficient
 * R(theta) of one interface and asks it to predict beyond the angles it saw.
 * Its data came from well logs through Python tools we do not have, so this
 * program computes the same kind of curve from two elastic layers instead:
 * the exact Zoeppritz PP coefficient (the target, column `rc`) and the
 * three-term Aki-Richards approximation beside it (column `rc_aki`).
 *
 *   usage: reflectivity [DIR]     writes DIR/reflectivity-*.csv (default
 *                                 "datasets"); `make datasets` runs it
 *
 * Not part of nntrace: the Makefile builds it into build/tools/.  The test
 * (tests/test_reflectivity.c) compiles this file with REFLECTIVITY_NO_MAIN
 * defined to call the functions below, so they are all static and prefixed
 * reflectivity_, and none prints.
 *
 * The output must be byte-for-byte reproducible, because the shipped files
 * are checked against it: numbers are printed with %.17g (every double
 * reads back exactly) under the "C" locale whatever the caller set, and the
 * arithmetic is plain doubles built with -ffp-contract=off.  sin, cos, asin
 * come from the C library: glibc's (which Python's math module also calls)
 * made the shipped files; another libm might differ in the last bit, and
 * the test would report it.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* One elastic layer.  Only ratios of like quantities enter the formulas, so
 * any consistent units do; the tables below use m/s and g/cm^3. */
struct reflectivity_layer {
	double vp;  /* P-wave velocity, m/s */
	double vs;  /* S-wave velocity, m/s */
	double rho; /* density, g/cm^3 */
};

/* Typical values for a soft shale over a high-porosity gas sand: the sand's
 * impedance is lower than the shale's (R(0) < 0) and the amplitude grows
 * with angle, an AVO class III response.  The sand is faster than the shale,
 * so there is a P critical angle, asin(2438/2600) = 69.7 degrees, far beyond
 * the 50 degrees written. */
static const struct reflectivity_layer reflectivity_shale = {2438, 1006, 2.25};
static const struct reflectivity_layer reflectivity_gas_sand = {2600, 1700,
                                                                1.85};

/* Typical values for a more compacted shale over a limestone: a clear
 * impedance increase (R(0) = +0.128) that weakens with angle, AVO class I.
 * The limestone is kept moderately fast so the P critical angle,
 * asin(3200/3900) = 55.1 degrees, stays beyond the 50 degrees written and
 * every coefficient stays real; near it the exact curve turns up steeply. */
static const struct reflectivity_layer reflectivity_deep_shale = {3200, 1550,
                                                                  2.45};
static const struct reflectivity_layer reflectivity_limestone = {3900, 2050,
                                                                 2.60};

/* The files `make datasets` writes: name, interface, last angle. */
static const struct reflectivity_file {
	const char *name;
	const struct reflectivity_layer *upper;
	const struct reflectivity_layer *lower;
	int max_deg; /* angles 0..max_deg degrees, step 1 */
} reflectivity_files[] = {
	{"reflectivity-train.csv", &reflectivity_shale, &reflectivity_gas_sand, 30},
	{"reflectivity-test.csv", &reflectivity_shale, &reflectivity_gas_sand, 50},
	{"reflectivity-limestone.csv", &reflectivity_deep_shale,
	 &reflectivity_limestone, 50},
};

#define REFLECTIVITY_N_FILES \
	(sizeof reflectivity_files / sizeof reflectivity_files[0])

/* Written out rather than M_PI, which strict C11 does not promise. */
#define REFLECTIVITY_PI 3.14159265358979323846

/* Degrees to radians the way numpy's np.radians does it, x * (pi / 180),
 * so a numpy check of these numbers starts from the same angle bits. */
static double reflectivity_radians(double deg)
{
	return deg * (REFLECTIVITY_PI / 180.0);
}

/* =====================================================================
 * Aki-Richards
 * ===================================================================== */

/* The three-term Aki-Richards approximation of the PP reflection
 * coefficient at incidence angle deg (degrees), in the form usually quoted
 * from Aki & Richards (1980), Quantitative Seismology, eq. 5.44:
 *
 *   R(theta) ~ 1/2 (1 - 4 p^2 Vs^2) drho/rho
 *            + dVp / (2 Vp cos^2 theta)
 *            - 4 p^2 Vs^2 dVs/Vs
 *
 * where d* = lower - upper, Vp, Vs, rho are the means of the two layers,
 * p = sin(theta1) / Vp1 is the ray parameter of the incident wave, and
 * theta = (theta1 + theta2) / 2 is the mean of the incidence angle and the
 * transmitted P angle, sin(theta2) = Vp2 p (Snell).  This is the form of
 * bruges' akirichards().  It is linear in the contrasts, so even at normal
 * incidence it gives 1/2 (dVp/Vp + drho/rho), not the exact
 * (I2 - I1) / (I2 + I1): the two differ by a second-order term.
 *
 * Stores the value in *r and returns 0, or returns -1 when the transmitted
 * P wave is at or past its critical angle (theta2 would not be real). */
static int reflectivity_aki_richards(const struct reflectivity_layer *up,
                                     const struct reflectivity_layer *down,
                                     double deg, double *r)
{
	double t1 = reflectivity_radians(deg);
	double s2 = down->vp / up->vp * sin(t1);
	if (!(s2 < 1.0))
		return -1;
	double t2 = asin(s2);
	double theta = (t1 + t2) / 2.0;
	double vp = (up->vp + down->vp) / 2.0;
	double vs = (up->vs + down->vs) / 2.0;
	double rho = (up->rho + down->rho) / 2.0;
	double p = sin(t1) / up->vp;
	double k = 4.0 * p * p * vs * vs; /* 4 p^2 Vs^2, twice in the formula */
	double c = cos(theta);

	*r = 0.5 * (1.0 - k) * (down->rho - up->rho) / rho
	     + (down->vp - up->vp) / (2.0 * vp * c * c)
	     - k * (down->vs - up->vs) / vs;
	return 0;
}

/* =====================================================================
 * Zoeppritz
 * ===================================================================== */

/* Solves a x = b for a 4x4 system by Gaussian elimination with partial
 * pivoting (the largest remaining entry of each column becomes the pivot,
 * which keeps the rounding small when a leading entry is zero, as sin 0 is
 * at normal incidence).  Overwrites a and b.  Returns 0, or -1 when the
 * matrix is singular. */
static int reflectivity_solve4(double x[4], double a[4][4], double b[4])
{
	for (int k = 0; k < 4; k++) {
		int piv = k;
		for (int i = k + 1; i < 4; i++)
			if (fabs(a[i][k]) > fabs(a[piv][k]))
				piv = i;
		if (a[piv][k] == 0.0)
			return -1;
		if (piv != k) {
			for (int j = 0; j < 4; j++) {
				double t = a[k][j];
				a[k][j] = a[piv][j];
				a[piv][j] = t;
			}
			double t = b[k];
			b[k] = b[piv];
			b[piv] = t;
		}
		for (int i = k + 1; i < 4; i++) {
			double m = a[i][k] / a[k][k];
			for (int j = k; j < 4; j++)
				a[i][j] -= m * a[k][j];
			b[i] -= m * b[k];
		}
	}
	for (int i = 3; i >= 0; i--) {
		double s = b[i];
		for (int j = i + 1; j < 4; j++)
			s -= a[i][j] * x[j];
		x[i] = s / a[i][i];
	}
	return 0;
}

/* The exact plane-wave coefficients for a P wave striking a welded planar
 * interface between two elastic half-spaces at deg degrees.  The Zoeppritz
 * equations say that displacement and traction (normal and tangential) are
 * continuous across the interface; with the reflected P and S and the
 * transmitted P and S waves as unknowns that is four linear equations:
 *
 *   [ -sin t1    -cos f1          sin t2               cos f2        ] [Rp]   [ sin t1  ]
 *   [  cos t1    -sin f1          cos t2              -sin f2        ] [Rs] = [ cos t1  ]
 *   [ sin 2t1  a1/b1 cos 2f1  r2 b2^2 a1/(r1 b1^2 a2) sin 2t2  r2 b2 a1/(r1 b1^2) cos 2f2 ] [Tp]   [ sin 2t1 ]
 *   [-cos 2f1  b1/a1 sin 2f1  r2 a2/(r1 a1) cos 2f2  -r2 b2/(r1 a1) sin 2f2 ] [Ts]   [ cos 2f1 ]
 *
 * with a = Vp, b = Vs, r = rho, t1 the incidence angle, and Snell's law
 * sin t2 / a2 = sin f1 / b1 = sin f2 / b2 = sin t1 / a1 for the transmitted
 * P (t2), reflected S (f1) and transmitted S (f2) angles.  Rp has the sign
 * of (I2 - I1) / (I2 + I1) at normal incidence, I = rho Vp.
 *
 * Past a critical angle one of those sines exceeds 1, the cosine becomes
 * imaginary and so do the coefficients (an evanescent wave).  This solver
 * is real-valued on purpose, the data sets stay below every critical angle,
 * so it refuses such angles instead of returning a complex number.
 *
 * Stores Rp, Rs, Tp, Ts in out[0..3] and returns 0, or returns -1 at or past
 * a critical angle (or for a singular system). */
static int reflectivity_zoeppritz(const struct reflectivity_layer *up,
                                  const struct reflectivity_layer *down,
                                  double deg, double out[4])
{
	double a1 = up->vp, b1 = up->vs, r1 = up->rho;
	double a2 = down->vp, b2 = down->vs, r2 = down->rho;
	double t1 = reflectivity_radians(deg);
	double s = sin(t1);
	double st2 = a2 / a1 * s, sf1 = b1 / a1 * s, sf2 = b2 / a1 * s;
	if (!(st2 < 1.0 && sf1 < 1.0 && sf2 < 1.0))
		return -1;
	double t2 = asin(st2), f1 = asin(sf1), f2 = asin(sf2);

	double m[4][4] = {
		{-sin(t1), -cos(f1), sin(t2), cos(f2)},
		{cos(t1), -sin(f1), cos(t2), -sin(f2)},
		{sin(2.0 * t1), a1 / b1 * cos(2.0 * f1),
		 r2 * b2 * b2 * a1 / (r1 * b1 * b1 * a2) * sin(2.0 * t2),
		 r2 * b2 * a1 / (r1 * b1 * b1) * cos(2.0 * f2)},
		{-cos(2.0 * f1), b1 / a1 * sin(2.0 * f1),
		 r2 * a2 / (r1 * a1) * cos(2.0 * f2),
		 -r2 * b2 / (r1 * a1) * sin(2.0 * f2)},
	};
	double rhs[4] = {sin(t1), cos(t1), sin(2.0 * t1), cos(2.0 * f1)};
	return reflectivity_solve4(out, m, rhs);
}

/* =====================================================================
 * The CSV files
 * ===================================================================== */

/* Writes one data set to f: the header `angle,rc,rc_aki`, then one row per
 * whole degree 0..max_deg.  Returns 0, -1 when an angle is at or past a
 * critical angle, or -2 on a write error (errno set). */
static int reflectivity_write(FILE *f, const struct reflectivity_layer *up,
                              const struct reflectivity_layer *down,
                              int max_deg)
{
	if (fputs("angle,rc,rc_aki\n", f) == EOF)
		return -2;
	for (int deg = 0; deg <= max_deg; deg++) {
		double z[4], aki;
		if (reflectivity_zoeppritz(up, down, deg, z) != 0 ||
		    reflectivity_aki_richards(up, down, deg, &aki) != 0)
			return -1;
		if (fprintf(f, "%d,%.17g,%.17g\n", deg, z[0], aki) < 0)
			return -2;
	}
	return 0;
}

/* Writes every file of reflectivity_files into dir, formatting in the "C"
 * locale even if the caller set another (a decimal comma would break the
 * CSV and the byte-for-byte check).  Returns 0, or -1 with a message in err
 * (cap bytes) naming the file. */
static int reflectivity_write_all(const char *dir, char *err, size_t cap)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c == (locale_t)0) {
		snprintf(err, cap, "cannot make the C locale: %s", strerror(errno));
		return -1;
	}
	locale_t old = uselocale(c);
	int status = 0;

	for (size_t i = 0; i < REFLECTIVITY_N_FILES && status == 0; i++) {
		const struct reflectivity_file *rf = &reflectivity_files[i];
		char path[4096];
		int n = snprintf(path, sizeof path, "%s/%s", dir, rf->name);
		if (n < 0 || (size_t)n >= sizeof path) {
			snprintf(err, cap, "%s/%s: path too long", dir, rf->name);
			status = -1;
			break;
		}
		FILE *f = fopen(path, "w");
		if (!f) {
			snprintf(err, cap, "%s: %s", path, strerror(errno));
			status = -1;
			break;
		}
		int w = reflectivity_write(f, rf->upper, rf->lower, rf->max_deg);
		int saved = errno;
		if (fclose(f) != 0 && w == 0) {
			saved = errno;
			w = -2;
		}
		if (w == -1)
			snprintf(err, cap, "%s: an angle up to %d degrees is past a "
			         "critical angle", path, rf->max_deg);
		else if (w == -2)
			snprintf(err, cap, "%s: %s", path, strerror(saved));
		if (w != 0)
			status = -1;
	}

	uselocale(old);
	freelocale(c);
	return status;
}

#ifndef REFLECTIVITY_NO_MAIN
int main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fputs("usage: reflectivity [DIR]   (writes DIR/reflectivity-*.csv, "
		      "default DIR: datasets)\n", stderr);
		return 2;
	}
	char err[4200];
	if (reflectivity_write_all(argc == 2 ? argv[1] : "datasets", err,
	                           sizeof err) != 0) {
		fprintf(stderr, "reflectivity: %s\n", err);
		return 1;
	}
	return 0;
}
#endif
