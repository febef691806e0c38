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

/* The fewest rows, title included, with which a side pane says something
 * useful: a loss plot's label, four rows of dots and its axis; two
 * connections of the network (or four of one row each).  A pane that
 * would get fewer is not drawn and its rows go to the others
 * (docs/player.md, the layout rule). */
#define LAYOUT_PLOT_MIN 7
#define LAYOUT_NETWORK_MIN 5

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

/* What the panes would like. */
struct layout_want {
	bool plot, network;   /* the side panes toggled on */
	bool prefer_network;  /* when only one of them fits: the network
	                         (toggled on last), else the plot */
	int matrix_need;      /* rows the matrix pane would like, title
	                         included */
	int op_need;          /* rows the operation pane needs to show its
	                         sentence, symbols and calculation whole */
	bool picture;         /* the picture pane toggled on (with rows to
	                         ask for: tui/panes/picture_pane.h), */
	int picture_need;     /* the rows it would like, title included, */
	int picture_min;      /* and the fewest it is of use in */
};

struct layout {
	int rows, cols;
	bool too_small;
	bool side;               /* side panes in a right-hand column */
	bool dropped[PANE_COUNT]; /* on, but too few rows to be of use */
	struct rect pane[PANE_COUNT];
};

/* Whether a terminal of this size shows the plot and network panes by
 * default. */
bool layout_roomy(int rows, int cols);

/* Rows of the operation pane when its text is short: the title and four
 * lines, six from 40 rows on (long sums then show more terms). */
int layout_op_rows(int rows);

/* Width of the main column (matrix, operation and lesson panes) for these
 * settings: the matrix pane packs its tensors into it before asking for a
 * height. */
int layout_main_width(int rows, int cols, bool plot, bool network);

/* Lays out the panes.  The operation pane gets the rows it needs
 * (at least layout_op_rows), taken from the lesson pane, then from the
 * matrix pane, down to their minimum; the matrix pane gets what it would
 * like of what is left after a minimum lesson pane, and the lesson pane
 * the rest.  From 120 columns the side panes toggled on fill a right-hand
 * column; narrower, they share the lesson pane's rows, whose minimum
 * then grows to hold them (the matrix pane shows fewer tensors).  A side
 * pane that would get fewer than its minimum is left out, marked in
 * l->dropped (when both are on and only one fits, the preferred one
 * stays).  The picture pane heads the side column: the plot and the
 * network are chosen as without it, and it takes the rows it would like
 * of what leaves them their minimum (the whole column alone); narrow,
 * its minimum counts in the lesson pane's. */
void layout_compute(struct layout *l, int rows, int cols,
                    const struct layout_want *want);

/* Size of the centred overlays (help, why, the lesson list). */
int layout_overlay_width(int cols);
int layout_overlay_height(int rows);

#endif
