/* layout: where each pane goes for a terminal size.  Pure arithmetic, so
 * the unit tests can check it for many sizes without a terminal. */
#ifndef NNTRACE_TUI_PANES_LAYOUT_H
#define NNTRACE_TUI_PANES_LAYOUT_H

#include <stdbool.h>

/* Below this the player shows only a "terminal too small" screen. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 16

/* From this size on the plot and network panes show unless toggled off. */
#define LAYOUT_WIDE_COLS 120
#define LAYOUT_TALL_ROWS 30

/* A rectangle of the screen; h == 0 means the pane is hidden.  Every pane
 * but the status and hint lines spends its first row on a title rule. */
struct rect {
	int y, x, h, w;
};

enum pane {
	PANE_STATUS,
	PANE_MATRIX,
	PANE_OP,
	PANE_LESSON,
	PANE_PLOT,
	PANE_NETWORK,
	PANE_PICTURE,
	PANE_HINTS,
	PANE_COUNT
};

struct layout {
	int rows, cols;
	bool too_small;
	bool side;               /* plot/network in a right-hand column */
	bool dropped[PANE_COUNT]; /* on, but too few rows to be of use */
	struct rect pane[PANE_COUNT];
};

/* Whether a terminal of this size shows the plot and network panes by
 * default. */
bool layout_roomy(int rows, int cols);

/* Width of the main column (matrix, operation and lesson panes) for these
 * settings: the matrix pane packs its tensors into it before asking for a
 * height. */
int layout_main_width(int rows, int cols, bool plot, bool network);

/* Lays out the panes.  `matrix_need` is the number of rows the matrix pane
 * would like (title included); it gets what is left after the operation
 * pane and a minimum lesson pane, and the lesson pane takes the rest. */
void layout_compute(struct layout *l, int rows, int cols, bool plot,
                    bool network, int matrix_need);

/* The same with the picture pane (tui/panes/picture_pane.h), which would
 * like `picture_need` rows and is of no use in fewer than `picture_min`
 * (0 and 0: off).  It takes the top of the side panes' column, as many
 * rows as it would like of what leaves the others theirs; narrow, the
 * lesson pane's rows are kept at least picture_min for it.  A picture
 * pane that would get fewer than picture_min is left out and marked in
 * l->dropped. */
void layout_compute_picture(struct layout *l, int rows, int cols, bool plot,
                            bool network, int matrix_need, int picture_need,
                            int picture_min);

#endif
