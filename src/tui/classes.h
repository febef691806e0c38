/* classes: what the picture pane shows of a lesson whose inputs are an
 * image (`image ROWS COLS`) or whose targets are classes: the sample the
 * cursor is on, and the confusion matrix on the test data.
 *
 * The sample follows the cursor: an operation on a cell of one sample of
 * the batch (an input, a weighted sum, an output, an error) shows that
 * sample, one on the parameters or the loss keeps the last;
 * classes_next_sample steps through the batch by hand.  The network's
 * guess for it is read from the output tensor once every output of its
 * row is computed at the cursor, never before.
 *
 * The confusion matrix counts model/confusion's argmax over the test
 * data for the network at the cursor: the parameters the iteration
 * starts with (the prediction plot's own run, tui/fit.h), and once the
 * cursor is on the iteration's last operation, where the update has
 * computed every new parameter, the parameters after it (its own run of
 * the test net), as the handout counts the trained network after the
 * last iteration.  Computed when the cursor moves, never while drawing.
 */
#ifndef NNTRACE_TUI_CLASSES_H
#define NNTRACE_TUI_CLASSES_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "model/confusion.h"
#include "model/cursor.h"
#include "model/predictions.h"
#include "tui/fit.h"
#include "tui/panes/view.h"

struct classes {
	bool picture;          /* inputs are an image of the lesson's size */
	bool counts;           /* a classifier with test data: a matrix */
	double lo, hi;         /* the training inputs' range: the shading */
	size_t pos;            /* the batch row shown */
	/* The matrix and the network it counted. */
	struct confusion c;
	long iteration;        /* -1: none yet */
	bool after;            /* after that iteration's update */
	bool failed;           /* out of memory counting */
	/* The test net for the parameters after an update; laid out on
	 * first use. */
	struct predictions p;
	bool p_ready;
};

/* Sets up k for lesson l (the lesson with every sample), which must keep
 * its address until classes_close.  Nothing to show: k->picture and
 * k->counts false. */
void classes_open(struct classes *k, const struct lesson *l);
void classes_close(struct classes *k);

/* Whether the picture pane has anything to show. */
static inline bool classes_on(const struct classes *k)
{
	return k->picture || k->counts;
}

/* After a move: the sample of the cursor's operation, and the matrix of
 * the network at the cursor (f must have been synced first: its run is
 * the one at the start of the iteration). */
void classes_sync(struct classes *k, const struct lesson *l,
                  const struct fit *f, const struct cursor *c);

/* The next row of the batch (wrapping), until the cursor moves onto a
 * cell of another sample. */
void classes_next_sample(struct classes *k, const struct cursor *c);

/* What the pane shows, at the cursor; `hiding`: a question waits for
 * the current operation's result, which then counts as not computed. */
void classes_view(const struct classes *k, const struct lesson *l,
                  const struct cursor *c, bool hiding,
                  struct view_classes *out);

#endif
