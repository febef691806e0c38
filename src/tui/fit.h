/* fit: the player's predictions on a lesson's test data (`test-data`).
 *
 * The engine runs the forward and loss phases of the lesson's test net
 * (net_init_test) with the parameters at the start of the current
 * iteration -- the first net->n_params values of the cursor's trace --
 * and the plot pane draws the target and the prediction from that trace
 * against the input.  The player only maps the input back to the data's
 * units for the axis (lesson_data_units) and picks values to show; it never
 * computes a network value itself.
 */
#ifndef NNTRACE_TUI_FIT_H
#define NNTRACE_TUI_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"

struct app;

/* How the plot pane shares `rows` rows (its title excluded) between the
 * prediction plot and the loss plot: both from 16 rows on (the loss gets
 * a third, at least 5), below that the predictions alone. */
void fit_split(int rows, int *fit_rows, int *loss_rows);

/* Lays out the test net of a->lesson, when it has test data, and the
 * data's input range; a->fit.on says whether it did.  A test net that
 * cannot be laid out only leaves the predictions off.  Call after
 * a->lesson has its final address (the test net points into it). */
void fit_open(struct app *a);

/* Frees what fit_open made; before the lesson is freed. */
void fit_close(struct app *a);

/* Runs the test net again when the cursor's iteration differs from the
 * one a->fit.trace holds (a memo by iteration).  Cheap when it does not. */
void fit_sync(struct app *a);

/* Whether the current predictions can be plotted: one input, one output,
 * a finished forward pass. */
bool fit_plottable(const struct app *a);

#endif
