/* picture: a sample's inputs drawn as a picture of character cells, for
 * a lesson whose inputs are an image (`image ROWS COLS`, row-major).
 *
 * Each pixel is two cells wide (a terminal cell is about twice as tall
 * as wide), shaded by where its value lies in [lo, hi], the range of the
 * lesson's inputs: five shades ' ░▒▓█' in UTF-8, four ' .:#' in ASCII
 * (no-colour and non-UTF-8 terminals, and handouts without glyphs).  A
 * value that is not a number is '?'.  The handouts and the player's
 * picture pane draw the same grid. */
#ifndef NNTRACE_PICTURE_H
#define NNTRACE_PICTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "render/plot.h"

/* The shade of value v in [lo, hi] (clamped), a NUL-terminated glyph. */
const char *picture_shade(double v, double lo, double hi, bool utf8);

/* The smallest and largest of the n values x[0], x[stride], ... (NaN
 * skipped); 0 and 1 when there is none. */
void picture_range(const double *x, size_t n, size_t stride, double *lo,
                   double *hi);

/* The picture of v (rows x cols values, row-major) into g, 2 * cols cells
 * wide and rows high, every cell PLOT_DATA.  Returns 0, or -1 when out
 * of memory (g is then empty).  g's earlier cells are not freed;
 * plot_grid_free releases these. */
int picture_grid(struct plot_grid *g, const double *v, size_t rows,
                 size_t cols, double lo, double hi, bool utf8);

/* Lines of plain ASCII text (a table) as a grid of PLOT_LABEL cells, as
 * wide as the longest, so that a view draws it where it draws a
 * picture.  Returns 0, or -1 when out of memory (g is then empty). */
int picture_text(struct plot_grid *g, const char *const *lines, size_t n);

#endif
