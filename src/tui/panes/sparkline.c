#include "tui/panes/sparkline.h"

#include <math.h>
#include <stdlib.h>

#include "core/utf8.h"

bool sparkline_range(const double *v, size_t n, double *lo, double *hi)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		if (!any || v[i] < *lo)
			*lo = v[i];
		if (!any || v[i] > *hi)
			*hi = v[i];
		any = true;
	}
	return any;
}

int sparkline_column(size_t i, size_t n, int w, bool utf8)
{
	int W = utf8 ? 2 * w : w;
	if (n <= 1 || W <= 1)
		return 0;
	/* The inverse of the bucket mapping in sparkline_render. */
	long px = (long)((double)i * (double)(W - 1) / (double)(n - 1) + 0.5);
	if (px >= W)
		px = W - 1;
	return (int)(utf8 ? px / 2 : px);
}

static int to_row(double v, double lo, double hi, int H)
{
	if (hi <= lo)
		return H / 2;
	double f = (hi - v) / (hi - lo);
	int r = (int)lround(f * (H - 1));
	return r < 0 ? 0 : r >= H ? H - 1 : r;
}

/* The values of v[0..n) whose position rounds to dot column px of W:
 * [*i0, *i1); with fewer values than columns, the nearest one. */
static void column_values(size_t n, int px, int W, size_t *i0, size_t *i1)
{
	if (n == 1) {
		*i0 = 0;
		*i1 = 1;
		return;
	}
	double a0 = (px - 0.5) * (double)(n - 1) / (W - 1);
	double a1 = (px + 0.5) * (double)(n - 1) / (W - 1);
	*i0 = a0 <= 0 ? 0 : (size_t)ceil(a0);
	*i1 = a1 < 0 ? 0 : (size_t)floor(a1) + 1;
	if (*i1 > n)
		*i1 = n;
	if (*i0 >= *i1) {
		size_t k = (size_t)lround(px * (double)(n - 1) / (W - 1));
		*i0 = k;
		*i1 = k + 1;
	}
}

/* Sets the dots (W x H, row by row) of the line through v[0..n): each
 * dot column spans the range of its values, joined to the column
 * before, so oscillations stay visible. */
static void plot_dots(unsigned char *dots, const double *v, size_t n,
                      int W, int H, double lo, double hi)
{
	int prev = -1;
	/* One value: one dot, not a line. */
	int columns = n == 1 ? 1 : W;
	for (int px = 0; px < columns; px++) {
		size_t i0, i1;
		column_values(n, px, W, &i0, &i1);
		int top = H, bot = -1;
		for (size_t i = i0; i < i1; i++) {
			if (!isfinite(v[i]))
				continue;
			int r = to_row(v[i], lo, hi, H);
			top = r < top ? r : top;
			bot = r > bot ? r : bot;
		}
		if (bot < 0) {
			prev = -1;
			continue;
		}
		/* Join to the previous column's last value. */
		if (prev >= 0) {
			if (prev < top)
				top = prev + 1 < top ? prev + 1 : top;
			if (prev > bot)
				bot = prev - 1 > bot ? prev - 1 : bot;
		}
		for (int r = top; r <= bot; r++)
			dots[(size_t)r * (size_t)W + (size_t)px] = 1;
		size_t last = i1 - 1;
		prev = isfinite(v[last]) ? to_row(v[last], lo, hi, H) : bot;
	}
}

/* Cell c of row r as text at out: '*' or ' ' in ASCII (one dot a cell),
 * else the braille block of its 2x4 dots, or ' ' when it has none.
 * Returns the bytes written. */
static size_t cell_text(char *out, const unsigned char *dots, int W, int r,
                        int c, bool utf8)
{
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
	                                    {0x08, 0x10, 0x20, 0x80}};
	if (!utf8) {
		bool on = dots && dots[(size_t)r * (size_t)W + (size_t)c];
		*out = on ? '*' : ' ';
		return 1;
	}
	unsigned pat = 0;
	for (int dx = 0; dx < 2; dx++)
		for (int dy = 0; dy < 4; dy++)
			if (dots && dots[(size_t)(4 * r + dy) * (size_t)W +
			                 (size_t)(2 * c + dx)])
				pat |= bits[dx][dy];
	if (!pat) {
		*out = ' ';
		return 1;
	}
	/* The braille block: one dot per bit. */
	return utf8_encode(out, 0x2800 + pat);
}

void sparkline_render(char *out, const double *v, size_t n, int w, int h,
                      double lo, double hi, bool utf8)
{
	if (w <= 0 || h <= 0)
		return;
	int W = utf8 ? 2 * w : w, H = utf8 ? 4 * h : h;
	unsigned char *dots = calloc((size_t)W * (size_t)H, 1);
	if (dots && n)
		plot_dots(dots, v, n, W, H, lo, hi);
	for (int r = 0; r < h; r++) {
		char *row = out + (size_t)r * SPARKLINE_ROW_BYTES(w);
		size_t k = 0;
		for (int c = 0; c < w; c++)
			k += cell_text(row + k, dots, W, r, c, utf8);
		row[k] = '\0';
	}
	free(dots);
}
