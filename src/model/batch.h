/* batch: which samples each iteration trains on, and in which epoch.
 *
 * A lesson trains on mini-batches of l->batch_size samples (all of them
 * by default).  Epoch e is iterations e * per_epoch to (e + 1) *
 * per_epoch - 1, per_epoch = n_samples / batch_size rounded down;
 * iteration i of an epoch takes positions i * batch_size to (i + 1) *
 * batch_size - 1 of the epoch's order, and the samples past the last
 * whole batch sit that epoch out.  The order is 0, 1, ..., n - 1, or with
 * `shuffle yes` np.random.permutation(n) drawn at the epoch's start from
 * the generator the initialisation left -- a textbook loop's order:
 *
 *     np.random.seed(seed); W1 = ...; b1 = ...   (initialisation)
 *     for epoch in range(E):
 *         order = np.random.permutation(n)
 *         for i in range(n // bs):
 *             rows = order[i*bs:(i+1)*bs]
 *
 * The order of any epoch can be asked for at any time (the cursor jumps
 * back and forth): going forward draws on from the last one, going back
 * draws again from the start.  It never prints.
 */
#ifndef NNTRACE_BATCH_H
#define NNTRACE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "lesson/lesson.h"

struct batch {
	size_t n;          /* samples of the data */
	size_t size;       /* samples per iteration */
	long per_epoch;    /* iterations per epoch, at least 1 */
	int shuffle;       /* a new order every epoch */
	struct rng start;  /* the generator after the initialisation */
	struct rng rng;    /* the generator after epoch `epoch`'s draw */
	long epoch;        /* whose order `order` holds; -1 for none yet */
	uint32_t *order;   /* (n) this epoch's order of the samples */
};

/* The schedule of l (its n_samples, batch_size and shuffle), drawing
 * from a copy of `after_init`.  Returns 0, or -1 when out of memory. */
int batch_init(struct batch *b, const struct lesson *l,
               const struct rng *after_init);
void batch_free(struct batch *b);

/* The epoch of an iteration (from 0). */
static inline long batch_epoch(const struct batch *b, long iteration)
{
	return iteration / b->per_epoch;
}

/* The b->size samples (indices into the data) of an iteration, in the
 * order the network sees them; valid until the next call. */
const uint32_t *batch_samples(struct batch *b, long iteration);

#endif
