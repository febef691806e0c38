#include "tui/panes/answers.h"

const struct answer *answers_find(const struct answer *a, size_t n, long it,
                                  uint32_t cue)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].iteration == it && a[i].cue == cue)
			return &a[i];
	return NULL;
}

size_t answers_right(const struct answer *a, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += a[i].result == ANSWER_RIGHT;
	return k;
}
