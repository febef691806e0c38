/* confusion: counts of true against predicted class (confusion.h). */
#include "model/confusion.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t confusion_argmax(const double *v, size_t k, size_t stride)
{
	size_t best = 0;
	/* numpy's argmax: a NaN is the largest of all, its first wins. */
	if (isnan(v[0]))
		return 0;
	for (size_t i = 1; i < k; i++) {
		double x = v[i * stride];
		if (isnan(x))
			return i;
		if (x > v[best * stride])
			best = i;
	}
	return best;
}

bool confusion_applies(const struct lesson *l)
{
	return l->n_outputs >= 2 && l->n_test > 0;
}

int confusion_count(struct confusion *c, size_t k, size_t n,
                    const double *target, const double *output)
{
	memset(c, 0, sizeof *c);
	c->count = calloc(k * k, sizeof *c->count);
	if (!c->count)
		return -1;
	c->k = k;
	c->n = n;
	for (size_t s = 0; s < n; s++) {
		size_t t = confusion_argmax(target + s * k, k, 1);
		size_t g = confusion_argmax(output + s * k, k, 1);
		c->count[t * k + g]++;
		c->right += t == g;
	}
	return 0;
}

int confusion_from_predictions(struct confusion *c,
                               const struct predictions *p)
{
	size_t k = p->no, n = p->n;
	double *t = malloc(n * k * sizeof *t), *o = malloc(n * k * sizeof *o);
	int rc = -1;
	if (t && o) {
		for (size_t s = 0; s < n; s++)
			for (size_t j = 0; j < k; j++) {
				t[s * k + j] = predictions_target(p, s, j);
				o[s * k + j] = predictions_output(p, s, j);
			}
		rc = confusion_count(c, k, n, t, o);
	} else {
		memset(c, 0, sizeof *c);
	}
	free(t);
	free(o);
	return rc;
}

void confusion_free(struct confusion *c)
{
	free(c->count);
	memset(c, 0, sizeof *c);
}
