/* column: where a byte of a line is, as the 1-based character column an
 * error message shows (an editor's column: UTF-8 characters, not bytes).
 *
 * Both readers of the lesson folder, the lesson parser and the CSV reader,
 * point their errors with it.  The offsets asked for mostly grow along a
 * line, so the cursor remembers the last one: a long line with many
 * errors stays linear. */
#ifndef NNTRACE_LESSON_COLUMN_H
#define NNTRACE_LESSON_COLUMN_H

#include <stddef.h>

struct column {
	const char *line; /* the line's bytes, not owned */
	size_t len;       /* its length, without the line end */
	size_t off;       /* the last offset asked for ... */
	int col;          /* ... and its column */
};

/* Starts a cursor on a new line. */
void column_start(struct column *c, const char *line, size_t len);

/* The column of byte `off` (offsets past the end count as the end):
 * 1 plus the characters before it, counted as utf8_count does. */
int column_of(struct column *c, size_t off);

#endif
