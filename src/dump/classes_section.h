/* classes_section: what a handout says of a classifier's test data
 * after the last iteration: its confusion matrix (rows the true class,
 * columns the predicted one, counted by model/confusion) and, for a
 * lesson whose inputs are an image (`image ROWS COLS`), the first test
 * samples drawn as pictures (render/picture) with their label and the
 * network's guess.  Prose formats only: a CSV handout omits both. */
#ifndef NNTRACE_CLASSES_SECTION_H
#define NNTRACE_CLASSES_SECTION_H

#include "core/diag.h"
#include "dump/handout.h"
#include "model/predictions.h"

/* Pictures drawn in the handout: the first test samples. */
#define CLASSES_PICTURES 4

/* Both sections for p, a finished run of the test net.  Returns 0, or
 * -1 when out of memory (an error in d). */
int classes_section_write(struct handout *h, const struct predictions *p,
                          struct diags *d);

#endif
