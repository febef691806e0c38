/* dataset: a CSV file of numbers with a header row, read with libcsv.
 *
 * Every cell is kept as text until a column is asked for as numbers, so a
 * bad cell in a column the lesson does not use is no error.  Errors carry
 * file:line:col: the 1-based physical line and the 1-based column in
 * characters (UTF-8 code points; a BOM is not counted), as an editor shows.
 */
#ifndef NNTRACE_DATASET_H
#define NNTRACE_DATASET_H

#include <stddef.h>

#include "core/diag.h"

/* Documented limits (datasets/README.md): larger files are refused. */
#define DATASET_MAX_BYTES (64L << 20) /* 64 MiB */
#define DATASET_MAX_FIELD 4096        /* bytes in one cell */
#define DATASET_MAX_COLUMNS 1024
#define DATASET_MAX_ROWS 1000000

/* Where a cell starts: its first character after leading blanks, or its
 * opening quote.  A row's later cells can be on later lines than the row
 * when a quoted cell spans lines. */
struct dataset_pos {
	int line; /* 1-based physical line */
	int col;  /* 1-based column in characters */
};

struct dataset {
	char *path;       /* as named in errors */
	size_t n_cols;    /* from the header */
	size_t n_rows;    /* data rows, header excluded */
	char **names;     /* (n_cols) column names, pointers into text */
	char **cells;     /* (n_rows, n_cols) row-major cell texts, into text */
	int *line_of_row; /* (n_rows) 1-based physical line where each row starts */
	struct dataset_pos *pos; /* (n_rows, n_cols) where each cell starts */
	char *text;       /* one block holding every name and cell, NUL-ended */
};

/* Parses CSV text from a buffer (need not be NUL-terminated) into ds,
 * which need not be initialised (it is overwritten).  Checks:
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
 * Cells are plain decimals, [+-]digits[.digits][e[+-]digits], with blanks
 * around allowed, read with '.' as the decimal point whatever the locale.
 * Errors (one per bad cell, code 65, at the cell): "'abc' is not a number
 * in column 'x2'", empty cells, nan/inf, hexadecimal, overflow.  Returns 0
 * or -1; good cells are converted either way. */
int dataset_numbers(const struct dataset *ds, int col, double *out,
                    size_t stride, struct diags *d);

/* Frees everything ds owns and zeroes it; safe on a zeroed or freed ds. */
void dataset_free(struct dataset *ds);

#endif
