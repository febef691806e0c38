#include "render/plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyphs.h"
#include "core/utf8.h"

/* Rows between y ticks and columns between x tick labels, at least. */
#define Y_TICK_ROWS 3
#define X_LABEL_GAP 2
/* Bytes of a tick label. */
#define LABEL_MAX 48
#define MAX_TICKS 64

/* =====================================================================
 * Axes: ranges and ticks
 * ===================================================================== */

struct axis {
	double lo, hi;    /* the range mapped (log10 units on a log axis) */
	bool log;
	size_t n_ticks;
	double ticks[MAX_TICKS]; /* in the axis' units */
	char labels[MAX_TICKS][LABEL_MAX];
};

/* A point is drawn when both coordinates are finite (and y > 0 on a log
 * scale). */
static bool point(const struct plot_series *s, size_t i, bool log_y,
                  double *x, double *y)
{
	*x = s->x ? s->x[i] : (double)i;
	*y = s->y[i];
	if (!isfinite(*x) || !isfinite(*y) || (log_y && *y <= 0))
		return false;
	if (log_y)
		*y = log10(*y);
	return true;
}

/* The range of the points' x (or y) values; false when there is none. */
static bool data_range(const struct plot_series *s, size_t ns, bool want_y,
                       bool log_y, double *lo, double *hi)
{
	bool any = false;
	for (size_t k = 0; k < ns; k++)
		for (size_t i = 0; i < s[k].n; i++) {
			double x, y;
			if (!point(&s[k], i, log_y, &x, &y))
				continue;
			double v = want_y ? y : x;
			if (!any || v < *lo)
				*lo = v;
			if (!any || v > *hi)
				*hi = v;
			any = true;
		}
	return any;
}

/* 1, 2 or 5 times a power of ten: the smallest that puts at most
 * `intervals` steps in `span`. */
static double nice_step(double span, int intervals)
{
	double raw = span / (intervals > 0 ? intervals : 1);
	double p = pow(10, floor(log10(raw)));
	static const double m[] = {1, 2, 5, 10};
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (m[i] * p >= raw * (1 - 1e-9))
			return m[i] * p;
	return 10 * p;
}

/* The number's text with a leading minus sign written as the glyph: "−"
 * in UTF-8. */
static void sign_glyph(char *buf, size_t cap, const char *num, bool utf8)
{
	bool minus = num[0] == '-';
	const char *sign = glyphs_for(utf8)->minus;
	size_t n = strlen(num + minus), at = minus ? strlen(sign) : 0;
	if (at + n + 1 > cap)
		n = cap > at + 1 ? cap - at - 1 : 0;
	if (minus)
		memcpy(buf, sign, at);
	memcpy(buf + at, num + minus, n);
	buf[at + n] = '\0';
}

/* The label of 10^k: plain between 0.001 and 10000 when the whole axis
 * is, else 10 with a superscript exponent (UTF-8) or 1eK. */
static void decade_label(char *buf, size_t cap, int k, bool plain, bool utf8)
{
	if (plain) {
		if (k >= 0)
			snprintf(buf, cap, "%.0f", pow(10, k));
		else
			snprintf(buf, cap, "%.*f", -k, pow(10, k));
		return;
	}
	if (!utf8) {
		snprintf(buf, cap, "1e%d", k);
		return;
	}
	static const char *const sup[] = {
		"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3",
		"\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7",
		"\xe2\x81\xb8", "\xe2\x81\xb9"};
	char digits[16];
	snprintf(digits, sizeof digits, "%d", k < 0 ? -k : k);
	snprintf(buf, cap, "10%s", k < 0 ? "\xe2\x81\xbb" : "");
	for (const char *d = digits; *d; d++)
		strncat(buf, sup[*d - '0'], cap - strlen(buf) - 1);
}

/* Pads a zero span: a constant has no scale of its own. */
static void pad_span(double *lo, double *hi, bool log)
{
	if (*hi > *lo)
		return;
	double v = *lo;
	double pad = log ? 1 : v != 0 ? fabs(v) / 2 : 1;
	*lo = v - pad;
	*hi = v + pad;
	if (!(*hi > *lo)) { /* |v| so large that v +- pad rounds to v */
		*lo = v - fabs(v);
		*hi = v + fabs(v);
	}
}

/* Settles the axis' range and ticks.  `fixed_lo`/`fixed_hi` are the
 * options' bounds (NaN: from the data); `cells` is the axis' length and
 * `per_tick` the cells wanted per tick interval.  With `round_out`, a
 * range from the data is widened to the ticks around it, so the axis
 * ends on labelled values; without, the data fill the axis. */
static void axis_plan(struct axis *a, double lo, double hi, double fixed_lo,
                      double fixed_hi, bool log, int cells, int per_tick,
                      bool round_out, bool utf8)
{
	bool derived_lo = isnan(fixed_lo) && round_out;
	bool derived_hi = isnan(fixed_hi) && round_out;
	if (!isnan(fixed_lo))
		lo = log ? (fixed_lo > 0 ? log10(fixed_lo) : lo) : fixed_lo;
	if (!isnan(fixed_hi))
		hi = log ? (fixed_hi > 0 ? log10(fixed_hi) : hi) : fixed_hi;
	if (hi < lo) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	pad_span(&lo, &hi, log);
	a->log = log;
	a->n_ticks = 0;
	/* Decade labels are short and few: they may come closer. */
	if (log && per_tick > 2)
		per_tick = 2;
	int intervals = cells / (per_tick > 0 ? per_tick : 1);
	if (intervals < 1)
		intervals = 1;

	if (log) {
		/* Whole decades, a tick every `every` of them from the
		 * bottom (the top may fall between two). */
		if (derived_lo)
			lo = floor(lo);
		if (derived_hi)
			hi = ceil(hi);
		long k0 = (long)ceil(lo - 1e-9), k1 = (long)floor(hi + 1e-9);
		long every = (k1 - k0 + intervals - 1) / intervals;
		if (every < 1)
			every = 1;
		a->lo = lo;
		a->hi = hi;
		bool plain = k0 >= -3 && k1 <= 4;
		for (long k = k0; k <= k1 && a->n_ticks < MAX_TICKS;
		     k += every) {
			a->ticks[a->n_ticks] = (double)k;
			decade_label(a->labels[a->n_ticks], LABEL_MAX, (int)k,
			             plain, utf8);
			a->n_ticks++;
		}
		return;
	}

	double span = hi * 0.5 - lo * 0.5; /* halves: no overflow */
	double step = 0;
	if (isfinite(span) && span > 0)
		step = nice_step(2 * span, intervals);
	if (!(step > 0) || !isfinite(step) || !isfinite(lo / step) ||
	    !isfinite(hi / step)) {
		/* Beyond round numbers: label the ends. */
		a->lo = lo;
		a->hi = hi;
		double ends[2] = {lo, hi};
		for (int i = 0; i < 2; i++) {
			char num[LABEL_MAX];
			snprintf(num, sizeof num, "%.3g", ends[i]);
			a->ticks[i] = ends[i];
			sign_glyph(a->labels[i], LABEL_MAX, num, utf8);
		}
		a->n_ticks = 2;
		return;
	}
	if (derived_lo)
		lo = floor(lo / step + 1e-9) * step;
	if (derived_hi)
		hi = ceil(hi / step - 1e-9) * step;
	a->lo = lo;
	a->hi = hi;
	double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
	/* Decimals that tell the ticks apart; %g beyond what %f prints
	 * well. */
	int dec = (int)ceil(-log10(step) - 1e-9);
	if (dec < 0)
		dec = 0;
	double big = fabs(k0 * step) > fabs(k1 * step) ? fabs(k0 * step)
	                                                : fabs(k1 * step);
	bool expo = dec > 6 || big >= 1e7;
	int sig = (int)ceil(log10(big / step + 1)) + 1;
	for (double k = k0; k <= k1 && a->n_ticks < MAX_TICKS; k++) {
		double v = k * step;
		char num[LABEL_MAX];
		if (expo)
			snprintf(num, sizeof num, "%.*g", sig, v);
		else
			snprintf(num, sizeof num, "%.*f", dec, v);
		/* No "-0". */
		if (num[0] == '-' && strspn(num + 1, "0.") == strlen(num + 1))
			memmove(num, num + 1, strlen(num));
		a->ticks[a->n_ticks] = v;
		sign_glyph(a->labels[a->n_ticks], LABEL_MAX, num, utf8);
		a->n_ticks++;
	}
}

/* =====================================================================
 * Cells and text
 * ===================================================================== */

/* The plot's glyphs that core/glyphs does not hold (its ASCII corner is
 * "`", a plot's is "+", as its tick marks are). */
struct plot_glyphs {
	const char *ytick, *xtick, *corner; /* ┤ ┬ └, or + */
	const char *rule;                   /* ┊ or : (a rule, and its key) */
	const char *line_key;               /* ⠒⠒ or --: a line's key */
};

static const struct plot_glyphs *plot_glyphs(bool utf8)
{
	static const struct plot_glyphs utf8_glyphs = {
		"\xe2\x94\xa4", "\xe2\x94\xac", "\xe2\x94\x94", "\xe2\x94\x8a",
		"\xe2\xa0\x92\xe2\xa0\x92"};
	static const struct plot_glyphs ascii_glyphs = {"+", "+", "+", ":",
	                                                "--"};
	return utf8 ? &utf8_glyphs : &ascii_glyphs;
}

/* The character at s (not at its end) as a cell shows it: its *len
 * bytes, or "?" for a byte that starts no valid UTF-8 sequence (drawn
 * as it is, it would make the row invalid UTF-8); either way the next
 * character is *len bytes on. */
static const char *char_at(const char *s, size_t *len)
{
	uint32_t cp;
	*len = utf8_decode(s, strnlen(s, UTF8_MAX), &cp);
	if (*len == 0) {
		*len = 1;
		return "?";
	}
	return s;
}

/* The cells text takes: one per character, and one per stray byte.
 * (utf8_count would count a stray continuation byte with the character
 * before it, where put_text gives it a cell of its own.) */
static int text_cols(const char *s)
{
	int n = 0;
	size_t len;
	for (; *s; s += len, n++)
		char_at(s, &len);
	return n;
}

static struct plot_cell *cell(struct plot_grid *g, int r, int c)
{
	return &g->cells[(size_t)r * (size_t)g->width + (size_t)c];
}

static void set_cell(struct plot_grid *g, int r, int c, const char *glyph,
                     size_t len, enum plot_role role, size_t series)
{
	if (r < 0 || r >= g->height || c < 0 || c >= g->width)
		return;
	struct plot_cell *x = cell(g, r, c);
	if (len >= PLOT_GLYPH_MAX)
		len = PLOT_GLYPH_MAX - 1;
	memcpy(x->glyph, glyph, len);
	x->glyph[len] = '\0';
	x->role = (unsigned char)role;
	x->series = (unsigned char)(series > 255 ? 255 : series);
}

/* Writes text from column c on, one character per cell, cut at the
 * grid's edge.  Returns the column after it. */
static int put_text(struct plot_grid *g, int r, int c, const char *s,
                    enum plot_role role, size_t series)
{
	size_t len;
	for (; *s && c < g->width; s += len, c++) {
		const char *glyph = char_at(s, &len);
		set_cell(g, r, c, glyph, len, role, series);
	}
	return c;
}

/* =====================================================================
 * Mapping values to dots
 * ===================================================================== */

/* The fraction of the way from lo to hi, in halves so a span near the
 * largest double does not overflow. */
static double frac(double v, double lo, double hi)
{
	return (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
}

/* Dot coordinates (columns from the left, rows from the top) of a point
 * in axis units, not rounded: the line clipper needs them exact. */
static void to_dots(const struct plot_grid *g, double x, double y, double *dc,
                    double *dr)
{
	int dw = g->area_width * g->dots_x, dh = g->area_height * g->dots_y;
	double ylo = g->log_y ? log10(g->y_lo) : g->y_lo;
	double yhi = g->log_y ? log10(g->y_hi) : g->y_hi;
	*dc = frac(x, g->x_lo, g->x_hi) * (dw - 1);
	*dr = (1 - frac(y, ylo, yhi)) * (dh - 1);
}

struct dots {
	int w, h;               /* in dots */
	unsigned char *on;      /* (h, w) */
	unsigned char *series;  /* (h, w): which series set the dot */
};

static void dot(struct dots *d, long c, long r, size_t series)
{
	if (c < 0 || r < 0 || c >= d->w || r >= d->h)
		return;
	size_t i = (size_t)r * (size_t)d->w + (size_t)c;
	d->on[i] = 1;
	d->series[i] = (unsigned char)(series > 255 ? 255 : series);
}

/* Clips the segment to [0, w-1] x [0, h-1] (Liang-Barsky); false when
 * none of it is inside. */
static bool clip(double *x0, double *y0, double *x1, double *y1, double w,
                 double h)
{
	double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {*x0, w - 1 - *x0, *y0, h - 1 - *y0};
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t1)
				return false;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return false;
			if (t < t1)
				t1 = t;
		}
	}
	double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
	double bx = *x0 + t1 * dx, by = *y0 + t1 * dy;
	*x0 = ax;
	*y0 = ay;
	*x1 = bx;
	*y1 = by;
	return true;
}

/* Bresenham between two dots, both inside the area. */
static void segment(struct dots *d, long x0, long y0, long x1, long y1,
                    size_t series)
{
	long dx = labs(x1 - x0), dy = -labs(y1 - y0);
	long sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;
	for (;;) {
		dot(d, x0, y0, series);
		if (x0 == x1 && y0 == y1)
			break;
		long e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

static void draw_line(const struct plot_grid *g, struct dots *d,
                      const struct plot_series *s, size_t k)
{
	bool have_prev = false;
	double pc = 0, pr = 0;
	for (size_t i = 0; i < s->n; i++) {
		double x, y, c, r;
		if (!point(s, i, g->log_y, &x, &y)) {
			have_prev = false;
			continue;
		}
		to_dots(g, x, y, &c, &r);
		bool alone = !have_prev;
		if (i + 1 < s->n) {
			double nx, ny;
			alone = alone && !point(s, i + 1, g->log_y, &nx, &ny);
		}
		if (alone && c > -0.5 && r > -0.5 && c < d->w - 0.5 &&
		    r < d->h - 0.5)
			dot(d, lround(c), lround(r), k);
		if (have_prev) {
			double x0 = pc, y0 = pr, x1 = c, y1 = r;
			if (clip(&x0, &y0, &x1, &y1, d->w, d->h))
				segment(d, lround(x0), lround(y0), lround(x1),
				        lround(y1), k);
		}
		have_prev = true;
		pc = c;
		pr = r;
	}
}

/* Turns the dots into the area's glyphs. */
static void dots_to_cells(struct plot_grid *g, const struct dots *d,
                          bool utf8)
{
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
	                                    {0x08, 0x10, 0x20, 0x80}};
	for (int r = 0; r < g->area_height; r++)
		for (int c = 0; c < g->area_width; c++) {
			unsigned pat = 0;
			size_t series = 0;
			for (int dy = 0; dy < g->dots_y; dy++) {
				size_t row = (size_t)(r * g->dots_y + dy) *
				             (size_t)d->w;
				for (int dx = 0; dx < g->dots_x; dx++) {
					size_t i = row + (size_t)(c * g->dots_x) +
					           (size_t)dx;
					if (!d->on[i])
						continue;
					pat |= utf8 ? bits[dx][dy] : 1u << dy;
					if (d->series[i] >= series)
						series = d->series[i];
				}
			}
			if (!pat)
				continue;
			int gr = g->area_top + r, gc = g->area_left + c;
			if (utf8) {
				unsigned cp = 0x2800 + pat;
				char u[3] = {(char)(0xe0 | (cp >> 12)),
				             (char)(0x80 | ((cp >> 6) & 0x3f)),
				             (char)(0x80 | (cp & 0x3f))};
				set_cell(g, gr, gc, u, 3, PLOT_DATA, series);
			} else {
				/* A dot high in the cell, low, or both. */
				const char *a = pat == 1   ? "-"
				                : pat == 2 ? "_"
				                           : "|";
				set_cell(g, gr, gc, a, 1, PLOT_DATA, series);
			}
		}
}

int plot_grid_column(const struct plot_grid *g, double x)
{
	if (!g->cells || !isfinite(x))
		return -1;
	double f = frac(x, g->x_lo, g->x_hi);
	int dw = g->area_width * g->dots_x;
	long dc = lround(f * (dw - 1));
	if (!(f >= -1e-9 && f <= 1 + 1e-9) || dc < 0 || dc >= dw)
		return -1;
	return g->area_left + (int)(dc / g->dots_x);
}

int plot_grid_row(const struct plot_grid *g, double y)
{
	if (!g->cells || !isfinite(y) || (g->log_y && y <= 0))
		return -1;
	double v = g->log_y ? log10(y) : y;
	double lo = g->log_y ? log10(g->y_lo) : g->y_lo;
	double hi = g->log_y ? log10(g->y_hi) : g->y_hi;
	double f = frac(v, lo, hi);
	int dh = g->area_height * g->dots_y;
	long dr = lround((1 - f) * (dh - 1));
	if (!(f >= -1e-9 && f <= 1 + 1e-9) || dr < 0 || dr >= dh)
		return -1;
	return g->area_top + (int)(dr / g->dots_y);
}

/* =====================================================================
 * Legend
 * ===================================================================== */

struct entry {
	char key[2 * PLOT_GLYPH_MAX];
	const char *label;
	enum plot_role role;
	size_t series;
	int cols; /* key, space and label */
};

static size_t legend_entries(struct entry *e, const struct plot_series *s,
                             size_t ns, const struct plot_options *o)
{
	size_t n = 0;
	for (size_t k = 0; k < ns; k++) {
		if (!s[k].label)
			continue;
		if (s[k].style == PLOT_MARKS)
			snprintf(e[n].key, sizeof e[n].key, "%s",
			         s[k].mark ? s[k].mark : "x");
		else
			snprintf(e[n].key, sizeof e[n].key, "%s",
			         plot_glyphs(o->utf8)->line_key);
		e[n].label = s[k].label;
		e[n].role = PLOT_DATA;
		e[n].series = k;
		n++;
	}
	if (o->rule_label && o->n_rules) {
		snprintf(e[n].key, sizeof e[n].key, "%s",
		         plot_glyphs(o->utf8)->rule);
		e[n].label = o->rule_label;
		e[n].role = PLOT_RULE;
		e[n].series = 0;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		e[i].cols = text_cols(e[i].key) + 1 + text_cols(e[i].label);
	return n;
}

/* Rows the legend takes with entries from column `indent` on, 3 blanks
 * apart; an entry too long for a row gets one of its own (cut).  With
 * g non-NULL, draws them from row `top`. */
static int legend(struct plot_grid *g, int top, const struct entry *e,
                  size_t n, int width, int indent)
{
	int rows = n ? 1 : 0, c = indent;
	for (size_t i = 0; i < n; i++) {
		if (c > indent && c + 3 + e[i].cols > width) {
			rows++;
			c = indent;
		}
		if (c > indent)
			c += 3;
		if (g) {
			int r = top + rows - 1;
			int x = put_text(g, r, c, e[i].key, e[i].role,
			                 e[i].series);
			put_text(g, r, x + 1, e[i].label, PLOT_LABEL, 0);
		}
		c += e[i].cols;
	}
	return rows;
}

/* =====================================================================
 * The grid
 * ===================================================================== */

void plot_grid_free(struct plot_grid *g)
{
	free(g->cells);
	memset(g, 0, sizeof *g);
}

/* The rows and columns the frame takes around the data area. */
struct frame {
	int top;          /* rows above the area (the y axis' name) */
	int bottom;       /* rows below it: axis, tick labels, x name */
	int legend_rows;
	int label_w;      /* columns of y tick labels */
};

/* How the grid is laid out: with a frame or without, and the axes. */
struct layout {
	bool framed;
	struct frame f;
	struct axis ya, xa;
};

/* Cells of the axis' widest tick label. */
static int widest_label(const struct axis *a)
{
	int w = 0;
	for (size_t i = 0; i < a->n_ticks; i++) {
		int n = text_cols(a->labels[i]);
		w = n > w ? n : w;
	}
	return w;
}

/* The frame's rows and the y axis.  Framed when o asks for a frame and
 * the grid has room for one with a data area of at least 2 rows and 8
 * columns; else the data fill the grid.  Sets the data area's place. */
static void plan_rows(struct plot_grid *g, struct layout *L, double ylo,
                      double yhi, const struct entry *ent, size_t n_ent,
                      const struct plot_options *o)
{
	struct frame *f = &L->f;
	*f = (struct frame){0};
	L->framed = o->frame && g->width >= PLOT_FRAME_MIN_WIDTH &&
	            g->height >= PLOT_FRAME_MIN_HEIGHT;
	if (L->framed) {
		f->legend_rows = legend(NULL, 0, ent, n_ent, g->width, 0);
		f->top = o->y_name ? 1 : 0;
		f->bottom = 2 + (o->x_name ? 1 : 0);
		int ah = g->height - f->top - f->bottom - f->legend_rows;
		if (ah < 2) {
			L->framed = false;
		} else {
			axis_plan(&L->ya, ylo, yhi, o->y_min, o->y_max, o->log_y,
			          ah - 1, Y_TICK_ROWS, true, o->utf8);
			f->label_w = widest_label(&L->ya);
			if (g->width - f->label_w - 1 < 8)
				L->framed = false;
			g->area_top = f->top;
			g->area_height = ah;
		}
	}
	if (!L->framed) {
		*f = (struct frame){0};
		g->area_top = 0;
		g->area_height = g->height;
		axis_plan(&L->ya, ylo, yhi, o->y_min, o->y_max, o->log_y,
		          g->height, Y_TICK_ROWS, false, o->utf8);
	}
	g->area_left = L->framed ? f->label_w + 1 : 0;
	g->area_width = g->width - g->area_left;
}

/* The x axis, with as many ticks as their labels leave room for; then
 * the ranges the area maps. */
static void plan_columns(struct plot_grid *g, struct layout *L, double xlo,
                         double xhi, const struct plot_options *o)
{
	int per = 8;
	for (int tries = 0; tries < 8; tries++) {
		axis_plan(&L->xa, xlo, xhi, o->x_min, o->x_max, false,
		          g->area_width - 1, per, L->framed, o->utf8);
		int lw = widest_label(&L->xa);
		if (!L->framed || lw + X_LABEL_GAP <= per)
			break;
		per = lw + X_LABEL_GAP;
	}
	g->x_lo = L->xa.lo;
	g->x_hi = L->xa.hi;
	g->y_lo = L->ya.log ? pow(10, L->ya.lo) : L->ya.lo;
	g->y_hi = L->ya.log ? pow(10, L->ya.hi) : L->ya.hi;
}

/* The PLOT_LINE series as dots, then as the area's glyphs.  Returns 0, or
 * -1 when out of memory. */
static int draw_lines(struct plot_grid *g, const struct plot_series *series,
                      size_t n_series, bool utf8)
{
	struct dots d = {g->area_width * g->dots_x, g->area_height * g->dots_y,
	                 NULL, NULL};
	size_t nd = (size_t)d.w * (size_t)d.h;
	d.on = calloc(nd, 1);
	d.series = calloc(nd, 1);
	int rc = -1;
	if (d.on && d.series) {
		for (size_t k = 0; k < n_series; k++)
			if (series[k].style == PLOT_LINE)
				draw_line(g, &d, &series[k], k);
		dots_to_cells(g, &d, utf8);
		rc = 0;
	}
	free(d.on);
	free(d.series);
	return rc;
}

/* The rules, in the cells of their columns the lines left empty. */
static void draw_rules(struct plot_grid *g, const struct plot_options *o)
{
	const char *rule = plot_glyphs(o->utf8)->rule;
	for (size_t i = 0; i < o->n_rules; i++) {
		int c = plot_grid_column(g, o->rules[i]);
		if (c < 0)
			continue;
		for (int r = g->area_top; r < g->area_top + g->area_height; r++)
			if (cell(g, r, c)->role == PLOT_BLANK)
				set_cell(g, r, c, rule, strlen(rule), PLOT_RULE,
				         0);
	}
}

/* One mark per point of the PLOT_MARKS series, over lines and rules. */
static void draw_marks(struct plot_grid *g, const struct plot_series *series,
                       size_t n_series)
{
	for (size_t k = 0; k < n_series; k++) {
		const struct plot_series *s = &series[k];
		if (s->style != PLOT_MARKS)
			continue;
		size_t len;
		const char *m = char_at(s->mark ? s->mark : "x", &len);
		for (size_t i = 0; i < s->n; i++) {
			double x, y;
			if (!point(s, i, g->log_y, &x, &y))
				continue;
			int c = plot_grid_column(g, x);
			int r = plot_grid_row(g, g->log_y ? pow(10, y) : y);
			if (c >= 0 && r >= 0)
				set_cell(g, r, c, m, len, PLOT_DATA, k);
		}
	}
}

/* The y axis left of the area: its line, its ticks with their labels
 * right-aligned to it, and its name above. */
static void draw_y_axis(struct plot_grid *g, const struct layout *L,
                        const struct plot_options *o)
{
	const char *vline = glyphs_for(o->utf8)->vline;
	const char *tick = plot_glyphs(o->utf8)->ytick;
	const struct axis *ya = &L->ya;
	int ax = L->f.label_w;
	if (o->y_name)
		put_text(g, 0, 0, o->y_name, PLOT_LABEL, 0);
	for (int r = g->area_top; r < g->area_top + g->area_height; r++)
		set_cell(g, r, ax, vline, strlen(vline), PLOT_AXIS, 0);
	for (size_t i = 0; i < ya->n_ticks; i++) {
		double v = ya->log ? pow(10, ya->ticks[i]) : ya->ticks[i];
		int r = plot_grid_row(g, v);
		if (r < 0)
			continue;
		set_cell(g, r, ax, tick, strlen(tick), PLOT_AXIS, 0);
		put_text(g, r, ax - text_cols(ya->labels[i]), ya->labels[i],
		         PLOT_LABEL, 0);
	}
}

/* The x axis under the area, from the corner: its line, its ticks, the
 * labels centred under them that do not run into the one before, and
 * its name centred under the area. */
static void draw_x_axis(struct plot_grid *g, const struct layout *L,
                        const struct plot_options *o)
{
	const char *hline = glyphs_for(o->utf8)->hline;
	const struct plot_glyphs *pg = plot_glyphs(o->utf8);
	const struct axis *xa = &L->xa;
	int row = g->area_top + g->area_height;
	set_cell(g, row, L->f.label_w, pg->corner, strlen(pg->corner),
	         PLOT_AXIS, 0);
	for (int c = L->f.label_w + 1; c < g->width; c++)
		set_cell(g, row, c, hline, strlen(hline), PLOT_AXIS, 0);
	int next_free = 0; /* first column a tick label may use */
	for (size_t i = 0; i < xa->n_ticks; i++) {
		int c = plot_grid_column(g, xa->ticks[i]);
		if (c < 0)
			continue;
		set_cell(g, row, c, pg->xtick, strlen(pg->xtick), PLOT_AXIS, 0);
		int w = text_cols(xa->labels[i]);
		int at = c - w / 2;
		if (at + w > g->width)
			at = g->width - w;
		if (at < 0)
			at = 0;
		if (at < next_free)
			continue;
		put_text(g, row + 1, at, xa->labels[i], PLOT_LABEL, 0);
		next_free = at + w + 1;
	}
	if (o->x_name) {
		int w = text_cols(o->x_name);
		int at = g->area_left + (g->area_width - w) / 2;
		put_text(g, row + 2, at > 0 ? at : 0, o->x_name, PLOT_LABEL, 0);
	}
}

/* The legend at the bottom, under the area when it fits in the rows
 * planned for it there, else from the left edge. */
static void draw_legend(struct plot_grid *g, const struct layout *L,
                        const struct entry *ent, size_t n_ent)
{
	int top = g->area_top + g->area_height + L->f.bottom;
	int indent = g->area_left;
	if (legend(NULL, 0, ent, n_ent, g->width, indent) != L->f.legend_rows)
		indent = 0;
	legend(g, top, ent, n_ent, g->width, indent);
}

/* A width x height grid of blank cells; false when out of memory. */
static bool grid_alloc(struct plot_grid *g, int width, int height)
{
	g->cells = malloc((size_t)width * (size_t)height * sizeof *g->cells);
	if (!g->cells)
		return false;
	g->width = width;
	g->height = height;
	for (int i = 0; i < width * height; i++)
		g->cells[i] = (struct plot_cell){" ", PLOT_BLANK, 0};
	return true;
}

int plot_grid_render(struct plot_grid *g, int width, int height,
                     const struct plot_series *series, size_t n_series,
                     const struct plot_options *o)
{
	plot_grid_free(g);
	if (width < 1 || height < 1 || !grid_alloc(g, width, height))
		return -1;
	g->log_y = o->log_y;
	g->dots_x = o->utf8 ? 2 : 1;
	g->dots_y = o->utf8 ? 4 : 2;

	double xlo = 0, xhi = 1, ylo = 0, yhi = 1;
	if (!data_range(series, n_series, false, o->log_y, &xlo, &xhi))
		xlo = 0, xhi = 1;
	if (!data_range(series, n_series, true, o->log_y, &ylo, &yhi))
		ylo = 0, yhi = 1;
	struct entry ent[256 + 1];
	size_t n_ent = legend_entries(ent, series, n_series < 256 ? n_series
	                                                          : 256, o);
	struct layout L;
	plan_rows(g, &L, ylo, yhi, ent, n_ent, o);
	plan_columns(g, &L, xlo, xhi, o);

	/* The data: lines, rules in the cells they left empty, marks. */
	if (draw_lines(g, series, n_series, o->utf8) != 0) {
		plot_grid_free(g);
		return -1;
	}
	draw_rules(g, o);
	draw_marks(g, series, n_series);
	if (L.framed) {
		draw_y_axis(g, &L, o);
		draw_x_axis(g, &L, o);
		draw_legend(g, &L, ent, n_ent);
	}
	return 0;
}

size_t plot_grid_text(const struct plot_grid *g, int r, char *buf,
                      size_t cap)
{
	if (!cap)
		return 0;
	buf[0] = '\0';
	if (!g->cells || r < 0 || r >= g->height)
		return 0;
	size_t n = 0, keep = 0;
	for (int c = 0; c < g->width; c++) {
		const struct plot_cell *x =
			&g->cells[(size_t)r * (size_t)g->width + (size_t)c];
		size_t len = strlen(x->glyph);
		if (n + len >= cap)
			break;
		memcpy(buf + n, x->glyph, len);
		n += len;
		if (strcmp(x->glyph, " ") != 0)
			keep = n;
	}
	buf[keep] = '\0';
	return keep;
}

/* =====================================================================
 * SVG
 * ===================================================================== */

/* A growing text: appends never fail silently (failed says so). */
struct svg_text {
	char *p;
	size_t len, cap;
	bool failed;
};

static void svg_add(struct svg_text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t c = t->cap ? t->cap : 4096;
		while (c < t->len + n + 1)
			c *= 2;
		char *q = realloc(t->p, c);
		if (!q) {
			t->failed = true;
			return;
		}
		t->p = q;
		t->cap = c;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void svg_fmt(struct svg_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void svg_fmt(struct svg_text *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		svg_add(t, buf, (size_t)n < sizeof buf ? (size_t)n
		                                       : sizeof buf - 1);
}

/* Text as XML character data: & < > and quotes escaped, a byte that
 * starts no valid UTF-8 sequence as "?". */
static void svg_escaped(struct svg_text *t, const char *s)
{
	size_t len;
	for (; *s; s += len) {
		const char *c = char_at(s, &len);
		const char *e = *c == '&'    ? "&amp;"
		                : *c == '<'  ? "&lt;"
		                : *c == '>'  ? "&gt;"
		                : *c == '"'  ? "&quot;"
		                : *c == '\'' ? "&#39;"
		                             : NULL;
		if (e)
			svg_add(t, e, strlen(e));
		else
			svg_add(t, c, c == s ? len : 1);
	}
}

/* A series' colour: distinct, and readable printed in grey. */
static const char *svg_colour(size_t k)
{
	static const char *const c[] = {"#1f4e9c", "#c0392b", "#2e7d32",
	                                "#6a1b9a"};
	return c[k % (sizeof c / sizeof *c)];
}

/* The plot's box inside the image, in pixels. */
struct svg_box {
	double left, top, width, height;
	double xlo, xhi, ylo, yhi; /* axis units (log10 for a log y) */
};

static double svg_x(const struct svg_box *b, double x)
{
	return b->left + frac(x, b->xlo, b->xhi) * b->width;
}

static double svg_y(const struct svg_box *b, double y)
{
	return b->top + (1 - frac(y, b->ylo, b->yhi)) * b->height;
}

static bool svg_inside(const struct svg_box *b, double x, double y)
{
	return x >= b->xlo && x <= b->xhi && y >= b->ylo && y <= b->yhi;
}

/* The lines: a polyline per stretch of drawable points inside the box. */
static void svg_line(struct svg_text *t, const struct svg_box *b,
                     const struct plot_series *s, size_t k, bool log_y)
{
	bool open = false;
	for (size_t i = 0; i < s->n; i++) {
		double x, y;
		if (!point(s, i, log_y, &x, &y) || !svg_inside(b, x, y)) {
			if (open)
				svg_add(t, "\"/>\n", 4);
			open = false;
			continue;
		}
		if (!open)
			svg_fmt(t, "<polyline class=\"series\" fill=\"none\" "
			        "stroke=\"%s\" stroke-width=\"1.5\" points=\"",
			        svg_colour(k));
		svg_fmt(t, "%s%.1f,%.1f", open ? " " : "", svg_x(b, x),
		        svg_y(b, y));
		open = true;
	}
	if (open)
		svg_add(t, "\"/>\n", 4);
}

/* The marks: a small cross per point. */
static void svg_marks(struct svg_text *t, const struct svg_box *b,
                      const struct plot_series *s, size_t k, bool log_y)
{
	svg_fmt(t, "<g stroke=\"%s\" stroke-width=\"1.2\">\n", svg_colour(k));
	for (size_t i = 0; i < s->n; i++) {
		double x, y;
		if (!point(s, i, log_y, &x, &y) || !svg_inside(b, x, y))
			continue;
		double px = svg_x(b, x), py = svg_y(b, y);
		svg_fmt(t, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"/>\n",
		        px - 3, py - 3, px + 3, py + 3, px - 3, py + 3, px + 3,
		        py - 3);
	}
	svg_add(t, "</g>\n", 5);
}

/* Axes with their ticks, labels and names. */
static void svg_axes(struct svg_text *t, const struct svg_box *b,
                     const struct axis *xa, const struct axis *ya,
                     const struct plot_options *o)
{
	double bottom = b->top + b->height, right = b->left + b->width;
	svg_fmt(t, "<path class=\"axis\" fill=\"none\" stroke=\"#333\" "
	        "d=\"M%.1f %.1fV%.1fH%.1f\"/>\n", b->left, b->top, bottom,
	        right);
	for (size_t i = 0; i < ya->n_ticks; i++) {
		double y = svg_y(b, ya->ticks[i]);
		svg_fmt(t, "<path stroke=\"#333\" d=\"M%.1f %.1fh-4\"/>\n",
		        b->left, y);
		svg_fmt(t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		        b->left - 6, y + 4);
		svg_escaped(t, ya->labels[i]);
		svg_add(t, "</text>\n", 8);
	}
	for (size_t i = 0; i < xa->n_ticks; i++) {
		double x = svg_x(b, xa->ticks[i]);
		svg_fmt(t, "<path stroke=\"#333\" d=\"M%.1f %.1fv4\"/>\n", x,
		        bottom);
		svg_fmt(t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		        x, bottom + 16);
		svg_escaped(t, xa->labels[i]);
		svg_add(t, "</text>\n", 8);
	}
	if (o->x_name) {
		svg_fmt(t, "<text class=\"axis-name\" x=\"%.1f\" y=\"%.1f\" "
		        "text-anchor=\"middle\">", b->left + b->width / 2,
		        bottom + 32);
		svg_escaped(t, o->x_name);
		svg_add(t, "</text>\n", 8);
	}
	if (o->y_name) {
		svg_fmt(t, "<text class=\"axis-name\" x=\"%.1f\" y=\"%.1f\">",
		        4.0, b->top - 10);
		svg_escaped(t, o->y_name);
		svg_add(t, "</text>\n", 8);
	}
}

/* The legend under the x axis' name: a key and a label per series (and
 * the rules'), one row each. */
static void svg_legend(struct svg_text *t, const struct svg_box *b,
                       const struct plot_series *s, size_t ns,
                       const struct plot_options *o, double top)
{
	double y = top;
	for (size_t k = 0; k < ns; k++) {
		if (!s[k].label)
			continue;
		double x = b->left;
		if (s[k].style == PLOT_MARKS)
			svg_fmt(t, "<path stroke=\"%s\" stroke-width=\"1.2\" "
			        "d=\"M%.1f %.1fl6 6M%.1f %.1fl6 -6\"/>\n",
			        svg_colour(k), x + 6, y - 7, x + 6, y - 1);
		else
			svg_fmt(t, "<path stroke=\"%s\" stroke-width=\"1.5\" "
			        "d=\"M%.1f %.1fh18\"/>\n", svg_colour(k), x, y - 4);
		svg_fmt(t, "<text x=\"%.1f\" y=\"%.1f\">", x + 24, y);
		svg_escaped(t, s[k].label);
		svg_add(t, "</text>\n", 8);
		y += 16;
	}
	if (o->rule_label && o->n_rules) {
		svg_fmt(t, "<path stroke=\"#777\" stroke-dasharray=\"3 3\" "
		        "d=\"M%.1f %.1fh18\"/>\n", b->left, y - 4);
		svg_fmt(t, "<text x=\"%.1f\" y=\"%.1f\">", b->left + 24, y);
		svg_escaped(t, o->rule_label);
		svg_add(t, "</text>\n", 8);
	}
}

/* Rows of the legend. */
static int svg_legend_rows(const struct plot_series *s, size_t ns,
                           const struct plot_options *o)
{
	int n = o->rule_label && o->n_rules ? 1 : 0;
	for (size_t k = 0; k < ns; k++)
		n += s[k].label != NULL;
	return n;
}

int plot_svg(char **buf, size_t *cap, size_t *len, int width, int height,
             const struct plot_series *series, size_t n_series,
             const struct plot_options *o)
{
	struct svg_text t = {*buf, 0, *cap, false};
	int legend_rows = svg_legend_rows(series, n_series, o);
	int total = height + 16 * legend_rows;
	struct svg_box b = {64, 24, width - 64 - 32, height - 24 - 44, 0, 0,
	                    0, 0};
	if (b.width < 40)
		b.width = 40;
	if (b.height < 40)
		b.height = 40;

	double xlo = 0, xhi = 1, ylo = 0, yhi = 1;
	if (!data_range(series, n_series, false, o->log_y, &xlo, &xhi))
		xlo = 0, xhi = 1;
	if (!data_range(series, n_series, true, o->log_y, &ylo, &yhi))
		ylo = 0, yhi = 1;
	struct axis xa, ya;
	/* about a tick every 80 pixels across, 40 up */
	axis_plan(&xa, xlo, xhi, o->x_min, o->x_max, false, (int)b.width / 10,
	          8, true, true);
	axis_plan(&ya, ylo, yhi, o->y_min, o->y_max, o->log_y,
	          (int)b.height / 10, 4, true, true);
	b.xlo = xa.lo;
	b.xhi = xa.hi;
	b.ylo = ya.lo;
	b.yhi = ya.hi;

	svg_fmt(&t, "<svg class=\"plot\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\" "
	        "font-size=\"11\" fill=\"#222\">\n", width, total, width,
	        total);
	svg_add(&t, "<title>", 7);
	svg_escaped(&t, o->y_name ? o->y_name : "plot");
	svg_add(&t, " against ", 9);
	svg_escaped(&t, o->x_name ? o->x_name : "x");
	svg_add(&t, "</title>\n", 9);
	for (size_t i = 0; i < o->n_rules; i++) {
		if (!(o->rules[i] >= b.xlo && o->rules[i] <= b.xhi))
			continue;
		double x = svg_x(&b, o->rules[i]);
		svg_fmt(&t, "<path class=\"rule\" stroke=\"#777\" "
		        "stroke-dasharray=\"3 3\" d=\"M%.1f %.1fV%.1f\"/>\n", x,
		        b.top, b.top + b.height);
	}
	for (size_t k = 0; k < n_series; k++) {
		if (series[k].style == PLOT_LINE)
			svg_line(&t, &b, &series[k], k, o->log_y);
		else
			svg_marks(&t, &b, &series[k], k, o->log_y);
	}
	svg_axes(&t, &b, &xa, &ya, o);
	svg_legend(&t, &b, series, n_series, o, (double)height + 4);
	svg_add(&t, "</svg>\n", 7);
	*buf = t.p;
	*cap = t.cap;
	*len = t.failed ? 0 : t.len;
	return t.failed ? -1 : 0;
}
