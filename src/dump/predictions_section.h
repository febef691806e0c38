/* predictions_section: how a prose handout ends when its lesson has test
 * data -- the trained network run forward on it (model/predictions.h),
 * the prediction furthest from its target worked out by hand, a table of
 * every prediction with whether its sample lies inside the training
 * range, the loss on the test data and, for one input and one output, a
 * plot of target and prediction against the input. */
#ifndef NNTRACE_PREDICTIONS_SECTION_H
#define NNTRACE_PREDICTIONS_SECTION_H

#include "core/diag.h"

struct handout;

/* Writes the section with the engine's parameters (h->e).  Returns 0 or
 * -1 with an error in d (out of memory, or a test net that cannot be laid
 * out). */
int predictions_section_write(struct handout *h, struct diags *d);

#endif
