/* grow: arrays that double their capacity as they fill, grown in one
 * place.
 *
 *	struct answer *p = grow(s->answers, &s->cap, s->n + 1, sizeof *p, 16);
 *	if (!p)
 *		return -1;
 *	s->answers = p;
 */
#ifndef NNTRACE_GROW_H
#define NNTRACE_GROW_H

#include <stddef.h>

/* The out-of-line half of grow(). */
void *grow_to(void *arr, size_t *cap, size_t need, size_t size,
              size_t first);

/* Room for `need` elements of `size` bytes in arr, which has room for
 * *cap: arr itself when need <= *cap; otherwise arr reallocated to the
 * first of first, 2 first, 4 first, ... (doubling *cap when it is not 0)
 * that holds need, with *cap updated.  NULL when out of memory or when the
 * size would overflow; arr and *cap are then unchanged and still the
 * caller's. */
static inline void *grow(void *arr, size_t *cap, size_t need, size_t size,
                         size_t first)
{
	return need <= *cap ? arr : grow_to(arr, cap, need, size, first);
}

#endif
