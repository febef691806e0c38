/* iterlist: the iterations a handout shows, as `--iterations` or a
 * lesson's `handout` line writes them ("0,1,last", "100-last", "all"). */
#ifndef NNTRACE_ITERLIST_H
#define NNTRACE_ITERLIST_H

#include <stddef.h>

struct iterlist_range {
	long from, to; /* inclusive; ITER_LAST until resolved */
};

/* Items in a list: one per comma plus one, the room iterlist_parse needs. */
size_t iterlist_items(const char *list);

/* Parses a list of comma-separated items, each N, A-B (A <= B) or
 * "last", B possibly "last"; or the single word "all".  Fills r when it
 * is non-NULL (room for iterlist_items(list) entries).  Returns the
 * number of ranges, or -1 with a message in err (always terminated, cut
 * to cap). */
long iterlist_parse(const char *list, struct iterlist_range *r, char *err,
                    size_t cap);

/* Replaces "last" by `last`, sorts and merges overlapping or touching
 * ranges: the engine only runs forward, so a handout shows its
 * iterations in order, each once.  Returns the number of ranges left, or
 * -1 with an iteration past the last in *past. */
long iterlist_resolve(struct iterlist_range *r, long n, long last, long *past);

#endif
