/* diag: error reports that carry a position, collected instead of printed.
 *
 * Modules never print or exit: they append to a struct diags and return a
 * status.  main.c prints each entry as
 *     file:line:col: error: message
 * (line/col 0 mean "no position": "file: error: message").
 */
#ifndef NNTRACE_DIAG_H
#define NNTRACE_DIAG_H

#include <stddef.h>

/* sysexits(3) codes used across the program. */
enum {
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_UNAVAILABLE = 69,
	EXIT_SOFTWARE = 70,
	EXIT_CANTCREAT = 73,
	EXIT_IOERR = 74,
};

#define DIAG_MSG_MAX 512
#define DIAG_FILE_MAX 512

struct diag {
	char file[DIAG_FILE_MAX]; /* as the user named it; "" for none */
	int line;                 /* 1-based; 0 = no position */
	int col;                  /* 1-based, in characters; 0 = none */
	int code;                 /* sysexits code this error maps to */
	char msg[DIAG_MSG_MAX];
};

struct diags {
	struct diag *items;
	size_t n, cap;
	size_t dropped; /* errors not kept once DIAGS_MAX was reached */
};

#define DIAGS_MAX 200

/* Appends one error; formats like printf.  Never fails: on allocation
 * failure or past DIAGS_MAX the error is counted in `dropped`. */
void diags_add(struct diags *d, const char *file, int line, int col, int code,
               const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The exit code of the first error, 0 when there is none. */
int diags_code(const struct diags *d);

/* Formats item i as "file:line:col: error: msg" into buf (no newline). */
void diags_format(const struct diags *d, size_t i, char *buf, size_t cap);

/* Puts items [from, n) in the order a reader meets them: those of file
 * `first` (the lesson; "" too, an error of no file) by line, then column,
 * then those of each other file (a data file) by line and column, files in
 * the order they first appear.  Equal positions keep the order they were
 * found in. */
void diags_sort(struct diags *d, size_t from, const char *first);

/* Levenshtein distance between two words, for "did you mean" hints; a
 * large number (99) when it is surely more than 2, since the words are
 * keywords and names and long ones are never close. */
size_t diags_distance(const char *a, const char *b);

/* "Did you mean": the closest of the candidates offered so far, if one is
 * at most two edits away (the first of equals).  Start from
 * DIAGS_CLOSEST_INIT and offer each candidate; best is NULL when none is
 * close. */
struct diags_closest {
	const char *best;
	size_t distance;
};
#define DIAGS_CLOSEST_INIT ((struct diags_closest){NULL, 3})
void diags_closest_offer(struct diags_closest *c, const char *word,
                         const char *candidate);

void diags_clear(struct diags *d);
void diags_free(struct diags *d);

#endif
