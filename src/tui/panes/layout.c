#include "tui/panes/layout.h"

#include <string.h>

#define OP_ROWS 5       /* title + four lines of calculation */
#define OP_ROWS_TALL 7  /* with room to spare, long sums wrap less */
#define LESSON_MIN 4    /* title + three lines of narration */
#define MATRIX_MIN 4

bool layout_roomy(int rows, int cols)
{
	return cols >= LAYOUT_WIDE_COLS && rows >= LAYOUT_TALL_ROWS;
}

int layout_op_rows(int rows)
{
	return rows >= 40 ? OP_ROWS_TALL : OP_ROWS;
}

static int side_width(int cols)
{
	int w = cols / 3;
	if (w < 40)
		w = 40;
	if (w > 72)
		w = 72;
	return w;
}

int layout_main_width(int rows, int cols, bool plot, bool network)
{
	if (cols >= LAYOUT_WIDE_COLS && rows >= LAYOUT_MIN_ROWS &&
	    (plot || network))
		return cols - side_width(cols) - 1;
	return cols;
}

int layout_overlay_width(int cols)
{
	return cols - 6 < 100 ? cols - 6 : 100;
}

int layout_overlay_height(int rows)
{
	return rows - 4;
}

static struct rect rect(int y, int x, int h, int w)
{
	if (h < 0)
		h = 0;
	if (w < 0)
		w = 0;
	return (struct rect){y, x, h, w};
}

/* The plot and network panes in a column of `h` rows from row y: both
 * when each gets its minimum, else the preferred one alone, else
 * neither.  Sets l->dropped for a pane on that does not fit. */
static void plot_and_network(struct layout *l, const struct layout_want *w,
                             int y, int x, int h, int width)
{
	bool plot = w->plot, net = w->network;
	if (plot && net && h < LAYOUT_PLOT_MIN + LAYOUT_NETWORK_MIN) {
		/* One of them: the preferred one if it fits, else the other. */
		bool keep_net = w->prefer_network ? h >= LAYOUT_NETWORK_MIN
		                                  : h < LAYOUT_PLOT_MIN;
		l->dropped[keep_net ? PANE_PLOT : PANE_NETWORK] = true;
		plot = !keep_net;
		net = keep_net;
	}
	if (plot && h < LAYOUT_PLOT_MIN) {
		l->dropped[PANE_PLOT] = true;
		plot = false;
	}
	if (net && h < LAYOUT_NETWORK_MIN) {
		l->dropped[PANE_NETWORK] = true;
		net = false;
	}
	if (plot && net) {
		int ph = h / 2;
		if (ph < LAYOUT_PLOT_MIN)
			ph = LAYOUT_PLOT_MIN;
		l->pane[PANE_PLOT] = rect(y, x, ph, width);
		l->pane[PANE_NETWORK] = rect(y + ph, x, h - ph, width);
	} else if (plot) {
		l->pane[PANE_PLOT] = rect(y, x, h, width);
	} else if (net) {
		l->pane[PANE_NETWORK] = rect(y, x, h, width);
	}
}

/* Rows the plot and network panes keep in a column of h rows: the
 * minimum of those plot_and_network draws there. */
static int plot_and_network_min(const struct layout_want *w, int h)
{
	struct layout probe;
	memset(&probe, 0, sizeof probe);
	plot_and_network(&probe, w, 0, 0, h, 1);
	return (probe.pane[PANE_PLOT].h ? LAYOUT_PLOT_MIN : 0) +
	       (probe.pane[PANE_NETWORK].h ? LAYOUT_NETWORK_MIN : 0);
}

/* The side panes in a column of `h` rows from row y, top to bottom: the
 * picture pane, the plot, the network.  The plot and network are chosen
 * as without the picture; the picture takes the rows it would like of
 * what leaves them their minimum (all of them alone), and is left out
 * (l->dropped) when that is below its own minimum. */
static void side_column(struct layout *l, const struct layout_want *w,
                        int y, int x, int h, int width)
{
	if (w->picture) {
		int others = plot_and_network_min(w, h);
		int ph = others ? w->picture_need : h;
		if (ph > h - others)
			ph = h - others;
		if (ph < w->picture_min) {
			l->dropped[PANE_PICTURE] = true;
		} else {
			l->pane[PANE_PICTURE] = rect(y, x, ph, width);
			y += ph;
			h -= ph;
		}
	}
	plot_and_network(l, w, y, x, h, width);
}

/* Rows of the main column.  The operation pane's first: the rows its
 * text needs, leaving the others their minimum; then the lesson pane's
 * `lesson_min` (more than LESSON_MIN when side panes share its rows)
 * as far as the matrix pane's minimum allows; then the matrix pane's,
 * what it would like of the rest. */
static void main_rows(const struct layout_want *w, int rows, int body_h,
                      int lesson_min, int *matrix_h, int *op_h)
{
	int op = layout_op_rows(rows);
	int op_max = body_h - MATRIX_MIN - LESSON_MIN;
	if (w->op_need > op)
		op = w->op_need < op_max ? w->op_need : op_max;
	if (lesson_min > body_h - MATRIX_MIN - op)
		lesson_min = body_h - MATRIX_MIN - op;
	if (lesson_min < LESSON_MIN)
		lesson_min = LESSON_MIN;
	int matrix_max = body_h - op - lesson_min;
	int m = w->matrix_need;
	if (m > matrix_max)
		m = matrix_max;
	if (m < MATRIX_MIN)
		m = MATRIX_MIN;
	*matrix_h = m;
	*op_h = op;
}

void layout_compute(struct layout *l, int rows, int cols,
                    const struct layout_want *w)
{
	memset(l, 0, sizeof *l);
	l->rows = rows;
	l->cols = cols;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		l->too_small = true;
		return;
	}
	l->pane[PANE_STATUS] = rect(0, 0, 1, cols);
	l->pane[PANE_HINTS] = rect(rows - 1, 0, 1, cols);
	int body_y = 1, body_h = rows - 2;
	int mw = layout_main_width(rows, cols, w->plot,
	                           w->network || w->picture);
	l->side = mw < cols;

	/* Narrow, the side panes share the lesson pane's rows: toggled on,
	 * they keep the rows they need to be of use, from the matrix pane
	 * (it then shows fewer tensors). */
	int lesson_min = LESSON_MIN;
	if (!l->side) {
		int side = (w->plot ? LAYOUT_PLOT_MIN : 0) +
		           (w->network ? LAYOUT_NETWORK_MIN : 0) +
		           (w->picture ? w->picture_min : 0);
		lesson_min = side > lesson_min ? side : lesson_min;
	}
	int matrix_h, op_h;
	main_rows(w, rows, body_h, lesson_min, &matrix_h, &op_h);
	int lesson_h = body_h - op_h - matrix_h;
	l->pane[PANE_MATRIX] = rect(body_y, 0, matrix_h, mw);
	l->pane[PANE_OP] = rect(body_y + matrix_h, 0, op_h, mw);
	int lesson_y = body_y + matrix_h + op_h;

	if (l->side) {
		l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, mw);
		side_column(l, w, body_y, mw + 1, body_h, cols - mw - 1);
		return;
	}
	/* Narrow: the lesson pane shares its rows with the side panes. */
	int lw = cols / 2;
	side_column(l, w, lesson_y, lw + 1, lesson_h, cols - lw - 1);
	bool any = l->pane[PANE_PLOT].h || l->pane[PANE_NETWORK].h ||
	           l->pane[PANE_PICTURE].h;
	l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, any ? lw : cols);
}
