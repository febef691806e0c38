#include "render/numfmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/digits.h"

/* numpy's defaults (np.get_printoptions()). */
#define LINEWIDTH 75
#define THRESHOLD NUMFMT_THRESHOLD
#define EDGEITEMS NUMFMT_EDGEITEMS

/* A shortest repr has at most 17 significant digits, so in positional
 * layouts (every non-zero |v| >= 1e-4) it never needs more than 20
 * decimals, nor more than 16 in a mantissa: beyond 20, numpy's 'maxprec'
 * output no longer changes.  The cap keeps float cells inside
 * NUMFMT_CELL_MAX. */
#define PRECISION_MAX 20

/* Room for any integer-valued double ("%.0f" of 1.8e308 is 309 digits). */
#define WIDE_CELL 400

/* =====================================================================
 * Small string helpers
 * ===================================================================== */

/* Writes n bytes of s at buf[pos] as far as cap allows, keeping buf
 * NUL-terminated; returns the position after them as if nothing had been
 * cut, so callers can chain calls and finish() at the end. */
static size_t put(char *buf, size_t cap, size_t pos, const char *s, size_t n)
{
	if (cap == 0)
		return pos + n;
	if (pos + 1 >= cap) {
		buf[cap - 1] = '\0';
	} else {
		size_t k = cap - 1 - pos < n ? cap - 1 - pos : n;
		memcpy(buf + pos, s, k);
		buf[pos + k] = '\0';
	}
	return pos + n;
}

/* The length actually left in buf after put() calls that reached pos. */
static size_t finish(size_t cap, size_t pos)
{
	if (cap == 0)
		return 0;
	return pos < cap ? pos : cap - 1;
}

static size_t put_spaces(char *buf, size_t cap, size_t pos, int n)
{
	for (; n > 0; n--)
		pos = put(buf, cap, pos, " ", 1);
	return pos;
}

static int clamp_precision(int precision)
{
	if (precision < 0)
		return 0;
	return precision > PRECISION_MAX ? PRECISION_MAX : precision;
}

/* =====================================================================
 * Numpy's float formats
 * ===================================================================== */

/* numpy's dragon4_positional(|v|, precision, unique=True, trim='.'):
 * the shortest repr if it needs at most `precision` decimals, else the
 * exact value rounded half-even to `precision` decimals (what glibc's
 * printf does), then trailing zeros cut, point kept ("2.", "0.5").
 * Writes no sign. */
static void positional(char *out, size_t cap, double a, int precision)
{
	struct digits x;

	if (a == 0.0) {
		snprintf(out, cap, "0.");
		return;
	}
	/* Most computed values need 16 or 17 digits, far more decimals than
	 * shown: then a * 10^precision is no whole number, by more than the
	 * 2^-52 of it that rounding a shorter decimal to binary and the
	 * multiplication can account for, and the shortest digits are not
	 * needed (they cost a printf and up to three strtod). */
	bool more = false;
	if (precision <= 22) {
		static const double p10[23] = {
			1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
			1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}; /* exact */
		double s = a * p10[precision];
		more = s < 0x1p52 && fabs(s - nearbyint(s)) > s * 0x1p-50;
	}
	int frac = 0;
	if (!more) {
		digits_shortest(&x, a);
		frac = x.n - 1 - x.e;
	}
	if (more || frac > precision) {
		/* printf's '#' keeps the point when precision is 0 ("15.") */
		if (digits_fixed(out, cap, a, precision)) {
			if (precision == 0)
				put(out, cap, strlen(out), ".", 1);
		} else {
			snprintf(out, cap, "%#.*f", precision, a);
		}
		size_t len = strlen(out);
		while (len > 0 && out[len - 1] == '0')
			out[--len] = '\0';
		return;
	}

	size_t pos = 0;
	if (x.e < 0) {
		pos = put(out, cap, pos, "0.", 2);
		for (int i = 0; i < -x.e - 1; i++)
			pos = put(out, cap, pos, "0", 1);
		put(out, cap, pos, x.d, (size_t)x.n);
		return;
	}
	for (int i = 0; i <= x.e; i++)
		pos = put(out, cap, pos, i < x.n ? &x.d[i] : "0", 1);
	pos = put(out, cap, pos, ".", 1);
	if (x.n > x.e + 1)
		put(out, cap, pos, x.d + x.e + 1, (size_t)(x.n - x.e - 1));
}

/* Mantissa and exponent of |v| in scientific notation, numpy's way:
 * with `mant_digits` < 0 as dragon4_scientific(unique=True, trim='.')
 * (shortest, or rounded to `precision` decimals, trailing zeros cut);
 * otherwise exactly `mant_digits` decimals, exactly rounded (numpy's
 * min_digits carries on with the exact digits past the shortest ones). */
static void scientific_parts(struct digits *x, double a, int precision,
                             int mant_digits)
{
	if (a == 0.0) {
		x->d[0] = '0';
		x->n = mant_digits > 0 ? 1 + mant_digits : 1;
		memset(x->d, '0', (size_t)x->n);
		x->d[x->n] = '\0';
		x->e = 0;
		return;
	}
	if (mant_digits >= 0) {
		digits_rounded(x, a, mant_digits);
		return;
	}
	digits_shortest(x, a);
	if (x->n - 1 > precision) {
		digits_rounded(x, a, precision);
		digits_trim(x);
	}
}

static int exponent_digits(int e)
{
	int n = 2; /* numpy, like printf, writes at least two */
	for (int m = e < 0 ? -e : e; m >= 100; m /= 10)
		n++;
	return n;
}

/* "1.5e-05" from parts, the exponent zero-padded to `exp_digits`; with
 * `dot` false a one-digit mantissa gets no point (Python's "1e-05"),
 * with `dot` true it keeps one (numpy's "1.e-05"). */
static size_t scientific_text(char *out, size_t cap, const struct digits *x,
                              int exp_digits, bool dot)
{
	size_t pos = put(out, cap, 0, x->d, 1);
	if (dot || x->n > 1)
		pos = put(out, cap, pos, ".", 1);
	pos = put(out, cap, pos, x->d + 1, (size_t)(x->n - 1));
	/* numpy caps the padding at 5 digits; a double needs at most 3 */
	int pad = exp_digits < 2 ? 2 : exp_digits > 5 ? 5 : exp_digits;
	unsigned mag = (unsigned)(x->e < 0 ? -x->e : x->e) % 100000U;
	/* "e+05": by hand, as printf's "e%c%0*u" writes it */
	char ebuf[16], dig[8];
	size_t nd = digits_u64(dig, mag), n = 0;
	ebuf[n++] = 'e';
	ebuf[n++] = x->e < 0 ? '-' : '+';
	for (size_t z = nd; z < (size_t)pad; z++)
		ebuf[n++] = '0';
	memcpy(ebuf + n, dig, nd);
	return put(out, cap, pos, ebuf, n + nd);
}

static const char *nonfinite(double v)
{
	if (isnan(v))
		return "nan";
	return v < 0 ? "-inf" : "inf";
}

/* =====================================================================
 * Layout
 * ===================================================================== */

/* Characters before the point in a formatted (unpadded) cell. */
static int int_part_len(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (int)(dot - s) : (int)strlen(s);
}

/* The length of the integer part of positional(a, precision) without
 * writing it: floor(a)'s digits, unless rounding to `precision` decimals
 * could carry into it (a within 2 10^-precision of the next integer, or
 * precisions whose 10^-precision is lost next to 1).  Returns false
 * when it cannot tell. */
static bool int_len(double a, int precision, int *len)
{
	static const double ulp10[16] = {
		1e0, 1e-1, 1e-2, 1e-3, 1e-4,  1e-5,  1e-6,  1e-7,
		1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15};
	if (precision > 15 || !(a < 1e15))
		return false;
	double fl = floor(a);
	if (a - fl >= 1.0 - 2.0 * ulp10[precision])
		return false;
	int n = 1;
	for (unsigned long long k = (unsigned long long)fl; k >= 10; k /= 10)
		n++;
	*len = n;
	return true;
}

/* What the layout of an array depends on beyond its cells' texts: the
 * range of its non-zero magnitudes and which non-finite values it holds. */
struct extent {
	double max_abs, min_abs; /* of the finite non-zero values */
	bool any_nonzero, any_finite;
	bool any_nan, any_neginf, any_posinf;
};

static struct extent extent_of(const double *v, size_t n)
{
	struct extent x = {0.0, 0.0, false, false, false, false, false};
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i])) {
			x.any_nan = true;
			continue;
		}
		if (isinf(v[i])) {
			if (v[i] < 0)
				x.any_neginf = true;
			else
				x.any_posinf = true;
			continue;
		}
		x.any_finite = true;
		double a = fabs(v[i]);
		if (a == 0.0)
			continue;
		if (!x.any_nonzero || a > x.max_abs)
			x.max_abs = a;
		if (!x.any_nonzero || a < x.min_abs)
			x.min_abs = a;
		x.any_nonzero = true;
	}
	return x;
}

/* What every cell of a float layout must hold: characters before the
 * point (sign included) and after it, and of those the decimals (of the
 * mantissa, in scientific cells). */
struct pads {
	int left, right, frac;
};

/* Scientific cells: the widest mantissa and exponent, "1.5e-05". */
static struct pads scientific_pads(const struct numfmt *f, const double *v,
                                   size_t n)
{
	struct pads p = {0, 0, 0};
	int frac = 0, expd = 2;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		int left = signbit(v[i]) ? 2 : 1;
		if (left > p.left)
			p.left = left;
		/* Once some value needs every decimal, the others can only
		 * widen the exponent, which has 2 digits (rounding included)
		 * from 1e-98 to 1e98. */
		double a = fabs(v[i]);
		if (frac == f->precision && a >= 1e-98 && a < 1e98)
			continue;
		struct digits x;
		scientific_parts(&x, a, f->precision, -1);
		if (x.n - 1 > frac)
			frac = x.n - 1;
		if (exponent_digits(x.e) > expd)
			expd = exponent_digits(x.e);
	}
	/* "e-05": the point, then 'e' and the exponent's sign */
	p.right = frac + 2 + expd;
	p.frac = frac;
	return p;
}

/* Positional cells: the longest integer part and fraction, keeping each
 * value's text in bodies[i] when bodies is not NULL. */
static struct pads positional_pads(const struct numfmt *f, const double *v,
                                   size_t n, char (*bodies)[NUMFMT_CELL_MAX])
{
	struct pads p = {0, 0, 0};
	char buf[WIDE_CELL];
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		/* Once some value needs every decimal only the integer parts
		 * matter (see int_len). */
		int ilen;
		if (!bodies && p.right == f->precision &&
		    int_len(fabs(v[i]), f->precision, &ilen)) {
			int left = ilen + (signbit(v[i]) ? 1 : 0);
			if (left > p.left)
				p.left = left;
			continue;
		}
		/* Without scientific notation every |v| < 1e8: the text fits
		 * a cell. */
		char *b = bodies ? bodies[i] : buf;
		positional(b, bodies ? NUMFMT_CELL_MAX : sizeof buf, fabs(v[i]),
		           f->precision);
		int left = int_part_len(b) + (signbit(v[i]) ? 1 : 0);
		int right = (int)strlen(b) - int_part_len(b) - 1;
		if (left > p.left)
			p.left = left;
		if (right > p.right)
			p.right = right;
	}
	p.frac = p.right;
	return p;
}

/* A nan or inf is right-aligned in the whole cell: the integer part
 * widened when the cell is too narrow for it. */
static void fit_nonfinite(struct pads *p, const struct extent *x)
{
	int offset = p->right + 1;
	int nanlen = x->any_nan ? 3 : 0;
	int inflen = x->any_neginf ? 4 : x->any_posinf ? 3 : 0;
	if (nanlen - offset > p->left)
		p->left = nanlen - offset;
	if (inflen - offset > p->left)
		p->left = inflen - offset;
}

/* numpy's IntegerFormat: right-aligned to the longest. */
/* The width of whole number v (within int64) as "%.0f" writes it: its
 * digits and a minus sign, counted without printing -- a handout plans
 * its data tensors' layouts every iteration. */
static int whole_width(double v)
{
	long long i = (long long)v;
	unsigned long long m = i < 0 ? 0ULL - (unsigned long long)i
	                             : (unsigned long long)i;
	int w = i < 0;
	do {
		w++;
		m /= 10;
	} while (m);
	return w;
}

static void plan_integral(struct numfmt *f, const double *v, size_t n)
{
	char buf[WIDE_CELL];
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		/* a value that is not whole is printed rounded: ask printf */
		int len = v[i] == (double)(long long)v[i]
		                  ? whole_width(v[i])
		                  : (int)numfmt_cell(buf, sizeof buf, v[i], f);
		if (len > w)
			w = len;
	}
	f->int_width = w;
	f->width = w;
}

/* Whether every value fits numpy's int64, -2^63 <= v < 2^63: whole
 * numbers written in a numpy program make an int64 array only then (and
 * print as integers); past it numpy holds them as float64, which prints
 * 1e308 as "1.e+308", not as 309 digits. */
static bool fits_int64(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(v[i] >= -0x1p63 && v[i] < 0x1p63))
			return false;
	return true;
}

/* numfmt_plan, keeping the positional text of every finite v[i] in
 * bodies[i] when bodies is not NULL (unset for nan and inf, and unused
 * by integral and scientific layouts), so that numfmt_array does not
 * format each number twice.  The float layouts are numpy's
 * FloatingFormat.fillFormat with suppress=False. */
static void plan(struct numfmt *f, const double *v, size_t n, int precision,
                 bool integral, char (*bodies)[NUMFMT_CELL_MAX])
{
	memset(f, 0, sizeof *f);
	f->precision = clamp_precision(precision);
	f->integral = integral && fits_int64(v, n);
	if (f->integral) {
		plan_integral(f, v, n);
		return;
	}
	struct extent x = extent_of(v, n);
	f->scientific = x.any_nonzero &&
	                (x.max_abs >= 1e8 || x.min_abs < 0.0001 ||
	                 x.max_abs / x.min_abs > 1000.0);
	struct pads p = {0, 0, 0}; /* without finite values, only nan and
	                              inf decide the width */
	if (x.any_finite)
		p = f->scientific ? scientific_pads(f, v, n)
		                  : positional_pads(f, v, n, bodies);
	if (x.any_nan || x.any_neginf || x.any_posinf)
		fit_nonfinite(&p, &x);
	f->frac_digits = p.frac;
	f->int_width = p.left;
	f->width = p.left + 1 + p.right;
}

void numfmt_plan(struct numfmt *f, const double *v, size_t n, int precision,
                 bool integral)
{
	plan(f, v, n, precision, integral, NULL);
}

/* A positional cell from the text of |v|: sign, then padding on both
 * sides to the layout's integer and fraction widths. */
static size_t pad_positional(char *buf, size_t cap, double v, const char *body,
                             const struct numfmt *f)
{
	const char *sign = signbit(v) ? "-" : "";
	size_t blen = strlen(body);
	int ipart = int_part_len(body);
	int left = (int)strlen(sign) + ipart;
	int right = (int)blen - ipart - 1;
	size_t pos = put_spaces(buf, cap, 0, f->int_width - left);
	pos = put(buf, cap, pos, sign, strlen(sign));
	pos = put(buf, cap, pos, body, blen);
	return finish(cap, put_spaces(buf, cap, pos, f->frac_digits - right));
}

size_t numfmt_cell(char *buf, size_t cap, double v, const struct numfmt *f)
{
	char body[WIDE_CELL];
	size_t pos = 0;

	if (cap)
		buf[0] = '\0';

	if (!isfinite(v)) {
		const char *s = nonfinite(v);
		pos = put_spaces(buf, cap, pos, f->width - (int)strlen(s));
		return finish(cap, put(buf, cap, pos, s, strlen(s)));
	}

	if (f->integral) {
		/* An integer array has no negative zero. */
		snprintf(body, sizeof body, "%.0f", v == 0.0 ? 0.0 : v);
		pos = put_spaces(buf, cap, pos, f->width - (int)strlen(body));
		return finish(cap, put(buf, cap, pos, body, strlen(body)));
	}

	const char *sign = signbit(v) ? "-" : "";
	if (f->scientific) {
		struct digits x;
		int expd = f->width - f->int_width - 1 - f->frac_digits - 2;
		scientific_parts(&x, fabs(v), f->precision, f->frac_digits);
		scientific_text(body, sizeof body, &x, expd < 2 ? 2 : expd,
		                true);
		int left = (int)strlen(sign) + 1;
		pos = put_spaces(buf, cap, pos, f->int_width - left);
		pos = put(buf, cap, pos, sign, strlen(sign));
		return finish(cap, put(buf, cap, pos, body, strlen(body)));
	}

	positional(body, sizeof body, fabs(v), f->precision);
	return pad_positional(buf, cap, v, body, f);
}

size_t numfmt_cell_unsigned_zero(char *buf, size_t cap, double v,
                                 const struct numfmt *f)
{
	size_t n = numfmt_cell(buf, cap, v, f);
	if (!signbit(v) || !isfinite(v))
		return n;
	/* The digits before any exponent: all zeros, the value reads 0. */
	char *minus = strchr(buf, '-');
	if (!minus)
		return n;
	for (const char *p = minus + 1; *p && *p != 'e'; p++)
		if (*p >= '1' && *p <= '9')
			return n;
	*minus = ' ';
	return n;
}

/* =====================================================================
 * Whole arrays
 * ===================================================================== */

/* A growing string (the caller's buffer, kept between arrays); `failed`
 * sticks once an allocation has failed. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool failed;
};

/* Room for n more bytes and a NUL; false once that failed. */
static bool sb_room(struct sbuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 1024;
	while (b->len + n + 1 > cap)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static inline void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (!sb_room(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void sb_spaces(struct sbuf *b, size_t n)
{
	if (!sb_room(b, n))
		return;
	memset(b->p + b->len, ' ', n);
	b->len += n;
}

/* Which indices of an axis of length n are shown: all, or the first and
 * last EDGEITEMS around a "..." when the array is summarised. */
struct axis {
	size_t n;
	bool summary;
};

static size_t axis_shown(const struct axis *ax)
{
	return ax->summary ? 2 * EDGEITEMS : ax->n;
}

static size_t axis_index(const struct axis *ax, size_t k)
{
	if (!ax->summary || k < EDGEITEMS)
		return k;
	return ax->n - 2 * EDGEITEMS + k;
}

/* numpy's rule (arrayprint's _leading_trailing): an array of more than
 * `threshold` values is summarised, and then each axis longer than twice
 * the edge items shows only its ends. */
static struct axis axis_of(size_t n, size_t size, size_t threshold)
{
	return (struct axis){n, size > threshold && n > 2 * EDGEITEMS};
}

size_t numfmt_axis_shown(size_t n, size_t size, size_t threshold)
{
	struct axis ax = axis_of(n, size, threshold);
	return axis_shown(&ax);
}

size_t numfmt_axis_index(size_t n, size_t size, size_t threshold, size_t k)
{
	struct axis ax = axis_of(n, size, threshold);
	return axis_index(&ax, k);
}

/* The row being laid out in `out`: its current line began at byte
 * `start`, and counts `lead` columns more than the bytes after it (the
 * first line's indent, which the "[" replaces: see format_row). */
struct row_line {
	size_t start, lead;
};

/* Appends one word to a row the way numpy's _extendLine does: the line is
 * broken first if the word would pass `limit` columns, unless the line
 * holds nothing but the hanging indent (breaking would not help). */
static void row_extend(struct sbuf *out, struct row_line *ln,
                       const char *word, size_t wlen, size_t hang,
                       size_t limit)
{
	size_t len = ln->lead + (out->len - ln->start);
	if (len + wlen > limit && len > hang) {
		/* numpy's line.rstrip() before the break */
		while (out->len > ln->start && out->p[out->len - 1] == ' ')
			out->len--;
		sb_add(out, "\n", 1);
		ln->start = out->len;
		ln->lead = 0;
		sb_spaces(out, hang);
	}
	sb_add(out, word, wlen);
}

/* One row as numpy's _formatArray prints the last axis: cells joined by
 * spaces, continuation lines starting with `hang` spaces, no line longer
 * than `width` columns counting the closing bracket.  numpy lays the
 * first line out with the same indent and then swaps it for the "["; here
 * the "[" is written and the indent only counted. */
static void format_row(struct sbuf *out, const double *row,
                       const struct axis *cols, const struct numfmt *f,
                       char (*bodies)[NUMFMT_CELL_MAX], size_t hang,
                       size_t width)
{
	char cell[WIDE_CELL];
	size_t shown = axis_shown(cols);
	size_t limit = width - 1; /* room for the ']' */

	sb_add(out, "[", 1);
	struct row_line ln = { out->len, hang };
	for (size_t k = 0; k < shown; k++) {
		if (cols->summary && k == EDGEITEMS) {
			row_extend(out, &ln, "...", 3, hang, limit);
			sb_add(out, " ", 1);
		}
		double v = row[axis_index(cols, k)];
		size_t n;
		if (bodies && isfinite(v))
			n = pad_positional(cell, sizeof cell, v, bodies[k], f);
		else
			n = numfmt_cell(cell, sizeof cell, v, f);
		row_extend(out, &ln, cell, n, hang, limit);
		if (k + 1 < shown)
			sb_add(out, " ", 1);
	}
	sb_add(out, "]", 1);
}

/* The plan of the values shown along axes ra and ca (rows of ca->n
 * values): numpy plans the layout on the values it prints, not on the
 * ones hidden behind "...", at most 6 x 6 of them then.  bodies as for
 * plan(), indexed by shown value. */
static void plan_shown(struct numfmt *f, const double *v,
                       const struct axis *ra, const struct axis *ca,
                       int precision, bool integral,
                       char (*bodies)[NUMFMT_CELL_MAX])
{
	if (!ra->summary && !ca->summary) {
		plan(f, v, ra->n * ca->n, precision, integral, bodies);
		return;
	}
	double shown[4 * EDGEITEMS * EDGEITEMS];
	size_t m = 0;
	for (size_t i = 0; i < axis_shown(ra); i++)
		for (size_t j = 0; j < axis_shown(ca); j++)
			shown[m++] = v[axis_index(ra, i) * ca->n +
			               axis_index(ca, j)];
	plan(f, shown, m, precision, integral, bodies);
}

void numfmt_plan_shown_at(struct numfmt *f, const double *v, size_t rows,
                          size_t cols, int precision, bool integral,
                          size_t threshold)
{
	size_t nrows = rows ? rows : 1;
	struct axis ra = axis_of(nrows, nrows * cols, threshold);
	struct axis ca = axis_of(cols, nrows * cols, threshold);
	plan_shown(f, v, &ra, &ca, precision, integral, NULL);
}

void numfmt_plan_shown(struct numfmt *f, const double *v, size_t rows,
                       size_t cols, int precision, bool integral)
{
	numfmt_plan_shown_at(f, v, rows, cols, precision, integral, THRESHOLD);
}

/* The array's text appended to b. */
static void array_text(struct sbuf *b, const double *v, size_t rows,
                       size_t cols, int precision, bool integral, int indent,
                       size_t threshold)
{
	bool one_d = rows == 0;
	size_t nrows = one_d ? 1 : rows;
	size_t size = nrows * cols;
	size_t margin = indent > 0 ? (size_t)indent : 0;

	if (size == 0) {
		sb_add(b, "[]\n", 3);
		return;
	}

	struct axis ra = axis_of(nrows, size, threshold);
	struct axis ca = axis_of(cols, size, threshold);

	struct numfmt f;
	/* The text of each shown value, made once by the plan and padded
	 * by the rows; without memory for it the rows format again.  Most
	 * arrays of a lesson are small: their texts stay on the stack. */
	size_t n_shown = axis_shown(&ra) * axis_shown(&ca);
	char small[64][NUMFMT_CELL_MAX];
	char (*bodies)[NUMFMT_CELL_MAX] =
		n_shown <= 64 ? small : malloc(n_shown * sizeof *bodies);
	plan_shown(&f, v, &ra, &ca, precision, integral, bodies);
	char (*cell_bodies)[NUMFMT_CELL_MAX] =
		f.integral || f.scientific ? NULL : bodies;

	/* The first line begins after `indent` columns of caller's text and
	 * the bracket; lines after it are indented to match. */
	size_t hang = margin + 1;
	size_t row_cells = axis_shown(&ca);
	if (one_d) {
		format_row(b, v, &ca, &f, cell_bodies, hang, LINEWIDTH);
	} else {
		sb_add(b, "[", 1);
		size_t shown = axis_shown(&ra);
		for (size_t k = 0; k < shown; k++) {
			if (k > 0)
				sb_spaces(b, hang);
			if (ra.summary && k == EDGEITEMS) {
				sb_add(b, "...\n", 4);
				sb_spaces(b, hang);
			}
			format_row(b, v + axis_index(&ra, k) * cols, &ca, &f,
			           cell_bodies ? cell_bodies + k * row_cells
			                       : NULL,
			           hang + 1, LINEWIDTH - 1);
			if (k + 1 < shown)
				sb_add(b, "\n", 1);
		}
		sb_add(b, "]", 1);
	}
	sb_add(b, "\n", 1);
	if (bodies != small)
		free(bodies);
}

int numfmt_array_text_at(char **buf, size_t *cap, size_t *len,
                         const double *v, size_t rows, size_t cols,
                         int precision, bool integral, int indent,
                         size_t threshold)
{
	struct sbuf b = { *buf, 0, *cap, false };
	array_text(&b, v, rows, cols, precision, integral, indent, threshold);
	*buf = b.p;
	*cap = b.cap;
	*len = b.failed ? 0 : b.len;
	if (b.p)
		b.p[*len] = '\0';
	return b.failed ? -1 : 0;
}

int numfmt_array_text(char **buf, size_t *cap, size_t *len, const double *v,
                      size_t rows, size_t cols, int precision, bool integral,
                      int indent)
{
	return numfmt_array_text_at(buf, cap, len, v, rows, cols, precision,
	                            integral, indent, THRESHOLD);
}

int numfmt_array(FILE *out, const double *v, size_t rows, size_t cols,
                 int precision, bool integral, int indent)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int rc = numfmt_array_text(&buf, &cap, &len, v, rows, cols, precision,
	                           integral, indent);
	if (rc == 0 && fwrite(buf, 1, len, out) != len)
		rc = -1;
	free(buf);
	return rc;
}

/* =====================================================================
 * Scalars
 * ===================================================================== */

/* 10^-p for p = 0..PRECISION_MAX, as pow(10.0, -p) gives them (the
 * correctly rounded values, which the decimal literals are too;
 * test_numfmt checks they agree).  A table: numfmt_scalar runs once per
 * number of every hand calculation. */
static const double tenth_powers[] = {
	1e-0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,
	1e-7,  1e-8,  1e-9,  1e-10, 1e-11, 1e-12, 1e-13,
	1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20,
};
_Static_assert(sizeof tenth_powers / sizeof tenth_powers[0] ==
                       PRECISION_MAX + 1,
               "one power of ten per precision");

size_t numfmt_decimal(char *out, unsigned long long v)
{
	return digits_u64(out, v);
}

double numfmt_tenth_power(int p)
{
	return tenth_powers[clamp_precision(p)];
}

size_t numfmt_scalar(char *buf, size_t cap, double v, int precision)
{
	char body[WIDE_CELL];
	int p = clamp_precision(precision);

	if (!isfinite(v)) {
		const char *s = nonfinite(v);
		return finish(cap, put(buf, cap, 0, s, strlen(s)));
	}
	if (v == 0.0)
		return finish(cap, put(buf, cap, 0, "0", 1));

	double a = fabs(v);
	bool minus = v < 0;
	size_t len;
	if (a >= 1e16 || a < tenth_powers[p]) {
		/* `precision` significant digits, at least one. */
		struct digits x;
		digits_rounded(&x, a, p > 0 ? p - 1 : 0);
		digits_trim(&x);
		scientific_text(body, sizeof body, &x, 2, false);
		len = strlen(body);
	} else {
		len = digits_fixed(body, sizeof body, a, p);
		if (!len) {
			snprintf(body, sizeof body, "%.*f", p, a);
			len = strlen(body);
		}
		if (p > 0) { /* a point: trailing zeros and the point go */
			while (body[len - 1] == '0')
				len--;
			if (body[len - 1] == '.')
				len--;
		}
		if (len == 1 && body[0] == '0')
			minus = false; /* never "-0" */
	}
	size_t pos = minus ? put(buf, cap, 0, "-", 1) : 0;
	return finish(cap, put(buf, cap, pos, body, len));
}

size_t numfmt_repr(char *buf, size_t cap, double v)
{
	char body[64];
	struct digits x;

	if (isnan(v))
		return finish(cap, put(buf, cap, 0, "nan", 3));
	const char *sign = signbit(v) ? "-" : "";
	size_t pos = put(buf, cap, 0, sign, strlen(sign));
	if (isinf(v))
		return finish(cap, put(buf, cap, pos, "inf", 3));
	if (v == 0.0)
		return finish(cap, put(buf, cap, pos, "0.0", 3));

	digits_shortest(&x, fabs(v));
	/* Python's float_repr_style 'short': positional for exponents
	 * -4..15, else scientific with at least two exponent digits. */
	if (x.e < -4 || x.e >= 16) {
		scientific_text(body, sizeof body, &x, 2, false);
	} else {
		positional(body, sizeof body, fabs(v), PRECISION_MAX + 16);
		size_t len = strlen(body);
		if (len > 0 && body[len - 1] == '.')
			put(body, sizeof body, len, "0", 1);
	}
	return finish(cap, put(buf, cap, pos, body, strlen(body)));
}

size_t numfmt_g17(char *buf, size_t cap, double v)
{
	if (isnan(v))
		return finish(cap, put(buf, cap, 0, signbit(v) ? "-nan" : "nan",
		                       signbit(v) ? 4 : 3));
	size_t pos = signbit(v) ? put(buf, cap, 0, "-", 1) : 0;
	double a = fabs(v);
	if (isinf(a))
		return finish(cap, put(buf, cap, pos, "inf", 3));
	if (a == 0)
		return finish(cap, put(buf, cap, pos, "0", 1));
	/* %g's 17 significant digits, trailing zeros cut */
	struct digits x;
	digits_rounded(&x, a, 16);
	digits_trim(&x);
	char b[48];
	size_t n = 0;
	if (x.e >= -4 && x.e < 17) { /* printf's %f style */
		if (x.e < 0) {
			b[n++] = '0';
			b[n++] = '.';
			for (int z = 0; z < -x.e - 1; z++)
				b[n++] = '0';
			memcpy(b + n, x.d, (size_t)x.n);
			n += (size_t)x.n;
		} else {
			int ip = x.e + 1; /* digits before the point */
			for (int i = 0; i < ip; i++)
				b[n++] = i < x.n ? x.d[i] : '0';
			if (x.n > ip) {
				b[n++] = '.';
				memcpy(b + n, x.d + ip, (size_t)(x.n - ip));
				n += (size_t)(x.n - ip);
			}
		}
	} else { /* %e style: at least two exponent digits */
		b[n++] = x.d[0];
		if (x.n > 1) {
			b[n++] = '.';
			memcpy(b + n, x.d + 1, (size_t)(x.n - 1));
			n += (size_t)(x.n - 1);
		}
		b[n++] = 'e';
		b[n++] = x.e < 0 ? '-' : '+';
		unsigned mag = (unsigned)(x.e < 0 ? -x.e : x.e);
		if (mag < 10)
			b[n++] = '0';
		n += digits_u64(b + n, mag);
	}
	return finish(cap, put(buf, cap, pos, b, n));
}
