/* picture: inputs as a picture of shaded cells (picture.h). */
#include "render/picture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const shades_utf8[] = {" ", "\u2591", "\u2592",
                                          "\u2593", "\u2588"};
static const char *const shades_ascii[] = {" ", ".", ":", "#"};

const char *picture_shade(double v, double lo, double hi, bool utf8)
{
	if (isnan(v))
		return "?";
	const char *const *s = utf8 ? shades_utf8 : shades_ascii;
	int n = utf8 ? 5 : 4;
	/* n equal bands of [lo, hi]; the lowest is blank, so that the
	 * background (0 ink) stays empty. */
	double f = hi > lo ? (v - lo) / (hi - lo) : 0;
	int k = f <= 0 ? 0 : f >= 1 ? n - 1 : (int)(f * n);
	return s[k < n ? k : n - 1];
}

void picture_range(const double *x, size_t n, size_t stride, double *lo,
                   double *hi)
{
	bool any = false;
	*lo = 0;
	*hi = 1;
	for (size_t i = 0; i < n; i++) {
		double v = x[i * stride];
		if (isnan(v))
			continue;
		if (!any || v < *lo)
			*lo = v;
		if (!any || v > *hi)
			*hi = v;
		any = true;
	}
}

int picture_grid(struct plot_grid *g, const double *v, size_t rows,
                 size_t cols, double lo, double hi, bool utf8)
{
	memset(g, 0, sizeof *g);
	if (!rows || !cols || cols > 4096 || rows > 4096)
		return -1;
	g->cells = calloc(rows * cols * 2, sizeof *g->cells);
	if (!g->cells)
		return -1;
	g->width = (int)(cols * 2);
	g->height = (int)rows;
	g->area_width = g->width;
	g->area_height = g->height;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols * 2; c++) {
			struct plot_cell *cell = &g->cells[r * cols * 2 + c];
			const char *s = picture_shade(v[r * cols + c / 2], lo, hi,
			                              utf8);
			strncpy(cell->glyph, s, sizeof cell->glyph - 1);
			cell->role = PLOT_DATA;
		}
	return 0;
}

int picture_text(struct plot_grid *g, const char *const *lines, size_t n)
{
	memset(g, 0, sizeof *g);
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w = strlen(lines[i]) > w ? strlen(lines[i]) : w;
	if (!n || !w || w > 4096 || n > 4096)
		return -1;
	g->cells = calloc(n * w, sizeof *g->cells);
	if (!g->cells)
		return -1;
	g->width = g->area_width = (int)w;
	g->height = g->area_height = (int)n;
	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; c < w; c++) {
			struct plot_cell *cell = &g->cells[r * w + c];
			cell->glyph[0] = c < strlen(lines[r]) ? lines[r][c] : ' ';
			cell->role = PLOT_LABEL;
		}
	return 0;
}
