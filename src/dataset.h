/* dataset: a CSV file of numbers with a header row, read with libcsv.
 *
 * Every cell is kept as text until a column is asked for as numbers, so a
 * bad cell in a column the lesson does not use is no error.  Errors carry
 * file:line:col (col = 1-based field number).
 */
#ifndef NNTRACE_DATASET_H
#define NNTRACE_DATASET_H

#include <stddef.h>

#include "diag.h"

/* Documented limits (datasets/README.md): larger files are refused. */
#define DATASET_MAX_BYTES (64L << 20) /* 64 MiB */
#define DATASET_MAX_FIELD 4096        /* bytes in one cell */
#define DATASET_MAX_COLUMNS 1024
#define DATASET_MAX_ROWS 1000000

struct dataset {
	char *path;       /* as named in errors */
	size_t n_cols;    /* from the header */
	size_t n_rows;    /* data rows, header excluded */
	char **names;     /* (n_cols) column names */
	char **cells;     /* (n_rows, n_cols) row-major cell texts */
	int *line_of_row; /* (n_rows) 1-based physical line of each row */
};

/* Parses CSV text from a buffer (need not be NUL-terminated).  Checks:
 * an empty file, a missing header, ragged rows, unclosed/stray quotes,
 * NUL bytes, over-long fields, too many rows/columns, size limits,
 * duplicate or empty column names.  Returns 0, or -1 with errors in d
 * (all of them where it can go on; code 65) and the dataset freed. */
int dataset_parse(struct dataset *ds, const char *path, const char *buf,
                  size_t len, struct diags *d);

/* Reads a file and parses it: 66 if missing or a directory, 74 on read
 * errors, 65 for content. */
int dataset_load(struct dataset *ds, const char *path, struct diags *d);

/* Index of a column by name, or -1. */
int dataset_column(const struct dataset *ds, const char *name);

/* Converts column `col` to numbers into out[i * stride] for every row.
 * Errors (one per bad cell, code 65): "'abc' is not a number in column
 * 'x2'", empty cells, non-finite values (nan, inf).  Returns 0 or -1. */
int dataset_numbers(const struct dataset *ds, int col, double *out,
                    size_t stride, struct diags *d);

void dataset_free(struct dataset *ds);

#endif
