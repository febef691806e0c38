/* plot: series of (x, y) values drawn with characters in a grid of cells,
 * with axes, tick labels and a legend.
 *
 * Lines are braille dots in UTF-8 (2 x 4 dots per cell) and ASCII
 * otherwise ('-' high in a cell, '_' low, '|' both); a series can instead
 * put one mark per point ('x').  Layout only: the module maps the numbers
 * it is given to cells and picks round numbers for the ticks; it computes
 * nothing about a network.  The handouts print the grid as text, a pane
 * can draw the same cells with a colour per role.  Every glyph is one
 * column wide, so a row of w cells is w characters on screen.
 */
#ifndef NNTRACE_PLOT_H
#define NNTRACE_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#define PLOT_GLYPH_MAX 5 /* bytes of one cell's glyph, NUL included */

/* Bytes that always hold one row of a grid `w` cells wide, with its NUL. */
#define PLOT_ROW_BYTES(w) ((size_t)(w) * (PLOT_GLYPH_MAX - 1) + 1)

/* With a frame, a grid smaller than this is drawn without one. */
#define PLOT_FRAME_MIN_WIDTH 24
#define PLOT_FRAME_MIN_HEIGHT 8

enum plot_style {
	PLOT_LINE,  /* consecutive points joined by a line of dots */
	PLOT_MARKS, /* one mark per point, drawn over lines and rules */
};

struct plot_series {
	const char *label;     /* legend text (UTF-8), or NULL: not listed */
	const double *x;       /* (n) x values, or NULL for 0, 1, ..., n-1 */
	const double *y;       /* (n) y values */
	size_t n;
	enum plot_style style;
	const char *mark;      /* PLOT_MARKS: one character, ASCII unless
	                          the grid is UTF-8; NULL for "x" */
};

/* What a cell shows, so a view can colour it. */
enum plot_role {
	PLOT_BLANK,
	PLOT_AXIS,  /* axis lines and tick marks */
	PLOT_LABEL, /* tick labels, axis names, legend text */
	PLOT_RULE,  /* a vertical rule (e.g. the end of the training range) */
	PLOT_DATA,  /* a series' dots or mark, or its key in the legend */
};

struct plot_cell {
	char glyph[PLOT_GLYPH_MAX]; /* one character, UTF-8, NUL-terminated */
	unsigned char role;         /* enum plot_role */
	unsigned char series;       /* PLOT_DATA: index of the series (the
	                               last drawn when dots of several share
	                               the cell) */
};

struct plot_options {
	bool utf8;            /* braille and box-drawing glyphs, else ASCII */
	bool frame;           /* axes, ticks, labels and legend around the
	                         data; false: the whole grid is data area */
	bool log_y;           /* y on a log10 scale; y <= 0 is not drawn */
	const char *x_name;   /* under the x axis, or NULL */
	const char *y_name;   /* above the y axis, or NULL */
	const double *rules;  /* (n_rules) x values of dotted vertical rules
	                         in empty cells (outside the x range: none) */
	size_t n_rules;
	const char *rule_label; /* the rules' legend text, or NULL */
	/* A fixed range, or NaN to take it from the data (then widened to
	 * round tick values, and padded when it has zero span). */
	double x_min, x_max, y_min, y_max;
};

struct plot_grid {
	int width, height;       /* in cells */
	struct plot_cell *cells; /* (height, width), row-major; owned */
	/* The data area: cells [left, left + w) x [top, top + h). */
	int area_left, area_top, area_width, area_height;
	/* The ranges mapped onto the area (y as given, also on a log
	 * scale): x_lo to its first column of dots, x_hi to its last, y_hi
	 * to its top row of dots, y_lo to its bottom one. */
	double x_lo, x_hi, y_lo, y_hi;
	bool log_y;
	int dots_x, dots_y;      /* dots per cell: 2 x 4 braille, 1 x 2 ASCII */
};

/* Draws the series into g (any previous content is freed first): a grid
 * of width x height cells, the series in order (a later one's dots and
 * marks cover an earlier one's), the rules in cells left empty, then the
 * frame.  Points with a non-finite x or y (or y <= 0 on a log scale) are
 * skipped and break a line.  Text that does not fit is cut.  Returns 0,
 * or -1 when out of memory or width or height is below 1 (g is then
 * empty).  plot_grid_free releases the cells. */
int plot_grid_render(struct plot_grid *g, int width, int height,
                     const struct plot_series *series, size_t n_series,
                     const struct plot_options *o);

/* Row r of the grid as UTF-8 text without its trailing blanks, in buf
 * (PLOT_ROW_BYTES(g->width) bytes always suffice; cut to cap - 1).
 * Returns the length written. */
size_t plot_grid_text(const struct plot_grid *g, int r, char *buf,
                      size_t cap);

/* The cell column of value x in the data area (a grid column), or -1 when
 * x is not finite or outside the x range: for a view that marks a point,
 * such as the player's current iteration. */
int plot_grid_column(const struct plot_grid *g, double x);

/* The cell row of value y (a grid row), or -1 as above. */
int plot_grid_row(const struct plot_grid *g, double y);

void plot_grid_free(struct plot_grid *g);

/* The same series as an SVG image (an <svg> element, no external
 * resource) `width` pixels wide, its plot `height` high and a row under
 * it per legend entry: axes with round ticks as the grid has them, the
 * names of both axes, lines as polylines, marks as small crosses, rules
 * dashed, and the legend.  Labels are escaped as XML text.  *buf (of
 * *cap bytes, NULL and 0 at first) grows as needed; *len gets the
 * text's length.  Returns 0, or -1 when out of memory. */
int plot_svg(char **buf, size_t *cap, size_t *len, int width, int height,
             const struct plot_series *series, size_t n_series,
             const struct plot_options *o);

#endif
