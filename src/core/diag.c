#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/sanitize.h"

/* Messages quote what the user wrote, which may be any bytes: whatever
 * a terminal would act on, or that would hide or reorder text, is made
 * visible (core/sanitize.h), so that a message is always one clean line
 * of text. */
static void sanitize(char *msg, size_t cap)
{
	char out[DIAG_MSG_MAX];
	if (!sanitize_needed(msg, strlen(msg)))
		return;
	sanitize_text(out, sizeof out, msg, strlen(msg));
	snprintf(msg, cap, "%s", out);
}

void diags_add(struct diags *d, const char *file, int line, int col, int code,
               const char *fmt, ...)
{
	if (d->n >= DIAGS_MAX) {
		d->dropped++;
		return;
	}
	struct diag *items = grow(d->items, &d->cap, d->n + 1, sizeof *items, 8);
	if (!items) {
		d->dropped++;
		return;
	}
	d->items = items;
	struct diag *e = &d->items[d->n++];
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
	e->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	sanitize(e->msg, sizeof e->msg);
}

int diags_code(const struct diags *d)
{
	return d->n ? d->items[0].code : 0;
}

void diags_format(const struct diags *d, size_t i, char *buf, size_t cap)
{
	const struct diag *e = &d->items[i];
	/* A file's name is somebody else's bytes too. */
	char file[4 * DIAG_FILE_MAX];
	sanitize_text(file, sizeof file, e->file, strlen(e->file));
	if (!e->file[0])
		snprintf(buf, cap, "error: %s", e->msg);
	else if (e->line <= 0)
		snprintf(buf, cap, "%s: error: %s", file, e->msg);
	else if (e->col <= 0)
		snprintf(buf, cap, "%s:%d: error: %s", file, e->line, e->msg);
	else
		snprintf(buf, cap, "%s:%d:%d: error: %s", file, e->line, e->col,
		         e->msg);
}

/* An item's place in the order of diags_sort. */
struct diag_key {
	size_t file;  /* 0 for the first file, then by first appearance */
	int line, col;
	size_t found; /* index before sorting: keeps the sort stable */
};

static int cmp_diag_key(const void *a, const void *b)
{
	const struct diag_key *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->found < y->found ? -1 : x->found > y->found;
}

void diags_sort(struct diags *d, size_t from, const char *first)
{
	if (from >= d->n || d->n - from < 2)
		return;
	size_t n = d->n - from;
	struct diag_key *key = malloc(n * sizeof *key);
	struct diag *sorted = malloc(n * sizeof *sorted);
	if (key && sorted) {
		/* A file's rank: 0 for the first file or none, else 1, 2, ...
		 * in the order the files first appear. */
		size_t files = 0;
		for (size_t i = 0; i < n; i++) {
			const struct diag *e = &d->items[from + i];
			size_t rank = 0;
			if (e->file[0] && strcmp(e->file, first ? first : "") != 0) {
				size_t j = 0;
				while (j < i && strcmp(d->items[from + j].file,
				                       e->file) != 0)
					j++;
				rank = j < i ? key[j].file : ++files;
			}
			key[i] = (struct diag_key){rank, e->line, e->col, i};
		}
		qsort(key, n, sizeof *key, cmp_diag_key);
		for (size_t i = 0; i < n; i++)
			sorted[i] = d->items[from + key[i].found];
		memcpy(d->items + from, sorted, n * sizeof *sorted);
	}
	/* Out of memory the errors stay in the order they were found. */
	free(key);
	free(sorted);
}

void diags_clear(struct diags *d)
{
	d->n = 0;
	d->dropped = 0;
}

void diags_free(struct diags *d)
{
	free(d->items);
	d->items = NULL;
	d->n = d->cap = d->dropped = 0;
}

void diags_closest_offer(struct diags_closest *c, const char *word,
                         const char *candidate)
{
	size_t d = diags_distance(word, candidate);
	if (d < c->distance) {
		c->distance = d;
		c->best = candidate;
	}
}

size_t diags_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64 || (n > m ? n - m : m - n) > 2)
		return 99;
	size_t row[65];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}
