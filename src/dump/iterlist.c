#include "dump/iterlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"

/* Reads a decimal iteration number or "last" from s[0..n).  Returns 0 or
 * -1. */
static int parse_bound(const char *s, size_t n, long *out)
{
	if (n == 4 && strncmp(s, "last", 4) == 0) {
		*out = ITER_LAST;
		return 0;
	}
	if (n == 0 || n > 12)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

long iterlist_parse(const char *list, struct iterlist_range *r, char *err,
                    size_t cap)
{
	if (!list || !*list) {
		snprintf(err, cap, "empty iteration list");
		return -1;
	}
	if (strcmp(list, "all") == 0) {
		if (r)
			r[0] = (struct iterlist_range){0, ITER_LAST};
		return 1;
	}
	long count = 0;
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *dash = memchr(p, '-', n);
		struct iterlist_range x;
		int bad;
		if (n == 3 && strncmp(p, "all", 3) == 0) {
			snprintf(err, cap,
			         "'all' stands alone, not in a list like '%s'",
			         list);
			return -1;
		}
		if (dash) {
			size_t a = (size_t)(dash - p);
			bad = parse_bound(p, a, &x.from) ||
			      parse_bound(dash + 1, n - a - 1, &x.to) ||
			      x.from == ITER_LAST;
		} else {
			bad = parse_bound(p, n, &x.from);
			x.to = x.from;
		}
		if (n == 0) {
			snprintf(err, cap, "empty item in the iteration list "
			         "'%s'", list);
			return -1;
		}
		if (bad) {
			snprintf(err, cap,
			         "bad iteration '%.*s' in '%s' (items are N, "
			         "A-B, last or A-last; or the single word all)",
			         (int)(n > 40 ? 40 : n), p, list);
			return -1;
		}
		if (x.to != ITER_LAST && x.from > x.to) {
			snprintf(err, cap, "iterations %ld-%ld run backwards",
			         x.from, x.to);
			return -1;
		}
		if (x.from >= LESSON_MAX_ITERATIONS ||
		    x.to >= LESSON_MAX_ITERATIONS) {
			snprintf(err, cap,
			         "iteration '%.*s' is past any lesson's last "
			         "(%ld)",
			         (int)(n > 40 ? 40 : n), p,
			         LESSON_MAX_ITERATIONS - 1);
			return -1;
		}
		if (r)
			r[count] = x;
		count++;
		if (!p[n])
			break;
		p += n + 1;
	}
	return count;
}

static int cmp_range(const void *a, const void *b)
{
	const struct iterlist_range *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

long iterlist_resolve(struct iterlist_range *r, long n, long last, long *past)
{
	for (long i = 0; i < n; i++) {
		if (r[i].from == ITER_LAST)
			r[i].from = last;
		if (r[i].to == ITER_LAST)
			r[i].to = last;
		if (r[i].to > last) {
			*past = r[i].from > last ? r[i].from : r[i].to;
			return -1;
		}
	}
	qsort(r, (size_t)n, sizeof *r, cmp_range);
	long m = 0;
	for (long i = 0; i < n; i++) {
		if (m && r[i].from <= r[m - 1].to + 1) {
			if (r[i].to > r[m - 1].to)
				r[m - 1].to = r[i].to;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

size_t iterlist_items(const char *list)
{
	size_t items = 1;
	for (const char *p = list; *p; p++)
		items += *p == ',';
	return items;
}
