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

static struct rect rect(int y, int x, int h, int w)
{
	if (h < 0)
		h = 0;
	if (w < 0)
		w = 0;
	return (struct rect){y, x, h, w};
}

void layout_compute(struct layout *l, int rows, int cols, bool plot,
                    bool network, int matrix_need)
{
	layout_compute_picture(l, rows, cols, plot, network, matrix_need, 0,
	                       0);
}

/* The fewest rows left to the plot and network panes below the picture
 * pane in a side column. */
#define SIDE_MIN 5

/* The picture pane at the top of the side column (y, x, h, w): returns
 * the rows it takes. */
static int picture_top(struct layout *l, int y, int x, int h, int w,
                       int others, int need, int min)
{
	int ph = others ? need : h;
	if (ph > h - others * SIDE_MIN)
		ph = h - others * SIDE_MIN;
	if (ph < min) {
		l->dropped[PANE_PICTURE] = true;
		return 0;
	}
	l->pane[PANE_PICTURE] = rect(y, x, ph, w);
	return ph;
}

void layout_compute_picture(struct layout *l, int rows, int cols, bool plot,
                            bool network, int matrix_need, int picture_need,
                            int picture_min)
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
	bool pic = picture_need > 0;
	int mw = layout_main_width(rows, cols, plot, network || pic);
	l->side = mw < cols;

	int op_h = rows >= 40 ? OP_ROWS_TALL : OP_ROWS;
	int matrix_max = body_h - op_h - LESSON_MIN;
	int matrix_h = matrix_need;
	if (matrix_h > matrix_max)
		matrix_h = matrix_max;
	if (matrix_h < MATRIX_MIN)
		matrix_h = MATRIX_MIN;
	/* Narrow, the picture shares the lesson pane's rows. */
	if (pic && !l->side && matrix_h > body_h - op_h - picture_min &&
	    body_h - op_h - picture_min >= MATRIX_MIN)
		matrix_h = body_h - op_h - picture_min;
	int lesson_h = body_h - op_h - matrix_h;

	l->pane[PANE_MATRIX] = rect(body_y, 0, matrix_h, mw);
	l->pane[PANE_OP] = rect(body_y + matrix_h, 0, op_h, mw);
	int lesson_y = body_y + matrix_h + op_h;

	if (l->side) {
		int sx = mw + 1, sw = cols - sx;
		l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, mw);
		if (pic) {
			int ph = picture_top(l, body_y, sx, body_h, sw,
			                     plot + network, picture_need,
			                     picture_min);
			body_y += ph;
			body_h -= ph;
		}
		if (!plot && !network)
			return;
		if (plot && network) {
			int ph = body_h / 2;
			l->pane[PANE_PLOT] = rect(body_y, sx, ph, sw);
			l->pane[PANE_NETWORK] =
				rect(body_y + ph, sx, body_h - ph, sw);
		} else if (plot) {
			l->pane[PANE_PLOT] = rect(body_y, sx, body_h, sw);
		} else {
			l->pane[PANE_NETWORK] = rect(body_y, sx, body_h, sw);
		}
		return;
	}
	if (!plot && !network && !pic) {
		l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, cols);
		return;
	}
	/* Narrow: the lesson pane shares its rows with the side panes. */
	int lw = cols / 2, sx = lw + 1, sw = cols - sx;
	l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, lw);
	if (pic) {
		int ph = picture_top(l, lesson_y, sx, lesson_h, sw,
		                     plot + network, picture_need, picture_min);
		lesson_y += ph;
		lesson_h -= ph;
		if (!ph && !plot && !network)
			l->pane[PANE_LESSON].w = cols;
	}
	if (!plot && !network)
		return;
	if (plot && network) {
		int ph = lesson_h / 2;
		l->pane[PANE_PLOT] = rect(lesson_y, sx, ph, sw);
		l->pane[PANE_NETWORK] =
			rect(lesson_y + ph, sx, lesson_h - ph, sw);
	} else if (plot) {
		l->pane[PANE_PLOT] = rect(lesson_y, sx, lesson_h, sw);
	} else {
		l->pane[PANE_NETWORK] = rect(lesson_y, sx, lesson_h, sw);
	}
}
