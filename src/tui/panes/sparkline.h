/* sparkline: the plot pane's series of values (the loss, the accuracy
 * over the iterations) drawn as a line in a grid of characters -- braille
 * dots (2x4 per cell) in UTF-8, '*' otherwise.  Pure, for tests.  (The
 * prediction plot is render/plot.h's, shared with the handouts.) */
#ifndef NNTRACE_TUI_PANES_SPARKLINE_H
#define NNTRACE_TUI_PANES_SPARKLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of one rendered row of w cells, NUL included. */
#define SPARKLINE_ROW_BYTES(w) ((size_t)(w) * 3 + 1)

/* Draws v[0..n) (non-finite values skipped) scaled to [lo, hi] from the
 * bottom row to the top one into h rows of w cells; row r starts at
 * out + r * SPARKLINE_ROW_BYTES(w) and is NUL-terminated.  Each column covers
 * an equal share of the values and shows their range, joined to the
 * column before, so oscillations stay visible.  Empty cells are spaces
 * (the blank braille pattern is not used, so copying text stays clean). */
void sparkline_render(char *out, const double *v, size_t n, int w, int h,
                  double lo, double hi, bool utf8);

/* The cell column showing value i of n in a plot w cells wide. */
int sparkline_column(size_t i, size_t n, int w, bool utf8);

/* The range of the finite values of v[0..n): returns false if none. */
bool sparkline_range(const double *v, size_t n, double *lo, double *hi);

#endif
