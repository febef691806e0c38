#include "model/batch.h"

#include <stdlib.h>
#include <string.h>

int batch_init(struct batch *b, const struct lesson *l,
               const struct rng *after_init)
{
	memset(b, 0, sizeof *b);
	b->n = l->n_samples;
	b->size = l->batch_size && l->batch_size <= b->n ? l->batch_size
	                                                  : b->n;
	b->per_epoch = b->size ? (long)(b->n / b->size) : 1;
	b->shuffle = l->shuffle;
	b->start = *after_init;
	b->rng = *after_init;
	b->epoch = -1;
	b->order = malloc((b->n ? b->n : 1) * sizeof *b->order);
	if (!b->order)
		return -1;
	for (size_t i = 0; i < b->n; i++)
		b->order[i] = (uint32_t)i;
	return 0;
}

void batch_free(struct batch *b)
{
	free(b->order);
	b->order = NULL;
}

/* Brings `order` to epoch e: one permutation per epoch, each drawn
 * whole (numpy draws the permutation of an epoch before its first
 * batch), so the stream is the same however the epochs are visited. */
static void reach_epoch(struct batch *b, long e)
{
	if (e < b->epoch) {
		b->rng = b->start;
		b->epoch = -1;
	}
	while (b->epoch < e) {
		rng_permutation(&b->rng, b->order, b->n);
		b->epoch++;
	}
}

const uint32_t *batch_samples(struct batch *b, long iteration)
{
	if (b->shuffle)
		reach_epoch(b, batch_epoch(b, iteration));
	size_t at = (size_t)(iteration % b->per_epoch) * b->size;
	return b->order + at;
}
