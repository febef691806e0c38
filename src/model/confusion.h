/* confusion: a classifier's confusion matrix over its test data, and the
 * class a row of outputs or targets stands for.
 *
 * A lesson is a classifier when its targets are classes: several outputs
 * (softmax, or one-hot labels).  Its confusion matrix counts the test
 * samples (held out by `test-data` or `split`) by true class (the
 * target's largest entry) and predicted class (the output's largest), as
 * numpy's argmax picks them: the first of equal values, and the first
 * NaN before any number.  Views show it; they never count. */
#ifndef NNTRACE_CONFUSION_H
#define NNTRACE_CONFUSION_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "model/predictions.h"

struct confusion {
	size_t k;       /* classes */
	size_t n;       /* samples counted */
	size_t right;   /* on the diagonal */
	size_t *count;  /* (k, k) row-major: count[true * k + predicted] */
};

/* numpy's argmax of v[0], v[stride], ... v[(k - 1) * stride]. */
size_t confusion_argmax(const double *v, size_t k, size_t stride);

/* Whether a lesson has a confusion matrix: several outputs and test
 * data to count. */
bool confusion_applies(const struct lesson *l);

/* Counts n samples of k classes: targets and outputs (n, k) row-major.
 * Returns 0, or -1 when out of memory (c is then empty). */
int confusion_count(struct confusion *c, size_t k, size_t n,
                    const double *target, const double *output);

/* The same from a run of the test net (predictions_run). */
int confusion_from_predictions(struct confusion *c,
                               const struct predictions *p);

void confusion_free(struct confusion *c);

#endif
