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
	int mw = layout_main_width(rows, cols, plot, network);
	l->side = mw < cols;

	int op_h = rows >= 40 ? OP_ROWS_TALL : OP_ROWS;
	int matrix_max = body_h - op_h - LESSON_MIN;
	int matrix_h = matrix_need;
	if (matrix_h > matrix_max)
		matrix_h = matrix_max;
	if (matrix_h < MATRIX_MIN)
		matrix_h = MATRIX_MIN;
	int lesson_h = body_h - op_h - matrix_h;

	l->pane[PANE_MATRIX] = rect(body_y, 0, matrix_h, mw);
	l->pane[PANE_OP] = rect(body_y + matrix_h, 0, op_h, mw);
	int lesson_y = body_y + matrix_h + op_h;

	if (l->side) {
		int sx = mw + 1, sw = cols - sx;
		l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, mw);
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
	if (!plot && !network) {
		l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, cols);
		return;
	}
	/* Narrow: the lesson pane shares its rows with the side panes. */
	int lw = cols / 2, sx = lw + 1, sw = cols - sx;
	l->pane[PANE_LESSON] = rect(lesson_y, 0, lesson_h, lw);
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
