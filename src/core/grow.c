#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *grow_to(void *arr, size_t *cap, size_t need, size_t size,
              size_t first)
{
	size_t c = *cap ? *cap : first ? first : 1;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	if (size && c > SIZE_MAX / size)
		return NULL;
	void *t = realloc(arr, c * size);
	if (!t)
		return NULL;
	*cap = c;
	return t;
}
