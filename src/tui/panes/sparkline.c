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

void sparkline_render(char *out, const double *v, size_t n, int w, int h,
                  double lo, double hi, bool utf8)
{
	if (w <= 0 || h <= 0)
		return;
	int W = utf8 ? 2 * w : w, H = utf8 ? 4 * h : h;
	unsigned char *dots = calloc((size_t)W * (size_t)H, 1);
	if (dots && n) {
		int prev = -1;
		for (int px = 0; px < W; px++) {
			/* Values whose position rounds to this column. */
			size_t i0, i1;
			if (n == 1) {
				/* One value: one dot, not a line. */
				if (px > 0)
					break;
				i0 = 0;
				i1 = 1;
			} else {
				double a0 = (px - 0.5) * (double)(n - 1) / (W - 1);
				double a1 = (px + 0.5) * (double)(n - 1) / (W - 1);
				i0 = a0 <= 0 ? 0 : (size_t)ceil(a0);
				i1 = a1 < 0 ? 0 : (size_t)floor(a1) + 1;
				if (i1 > n)
					i1 = n;
				if (i0 >= i1) {
					/* Fewer values than columns: the
					 * nearest one. */
					size_t k = (size_t)lround(
						px * (double)(n - 1) / (W - 1));
					i0 = k;
					i1 = k + 1;
				}
			}
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
			prev = isfinite(v[last]) ? to_row(v[last], lo, hi, H)
			                         : bot;
		}
	}
	static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40},
	                                    {0x08, 0x10, 0x20, 0x80}};
	for (int r = 0; r < h; r++) {
		char *row = out + (size_t)r * SPARKLINE_ROW_BYTES(w);
		size_t k = 0;
		for (int c = 0; c < w; c++) {
			if (!utf8) {
				bool on = dots && dots[(size_t)r * (size_t)W +
				                       (size_t)c];
				row[k++] = on ? '*' : ' ';
				continue;
			}
			unsigned pat = 0;
			for (int dx = 0; dx < 2; dx++)
				for (int dy = 0; dy < 4; dy++)
					if (dots && dots[(size_t)(4 * r + dy) *
					                         (size_t)W +
					                 (size_t)(2 * c + dx)])
						pat |= bits[dx][dy];
			if (!pat) {
				row[k++] = ' ';
				continue;
			}
			/* The braille block: one dot per bit. */
			k += utf8_encode(row + k, 0x2800 + pat);
		}
		row[k] = '\0';
	}
	free(dots);
}
