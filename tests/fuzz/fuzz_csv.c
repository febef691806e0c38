/* libFuzzer harness for the CSV loader: any bytes through dataset_parse,
 * the function dataset_load calls on a file's contents, then every column
 * through dataset_numbers as a lesson would read it.
 *
 * Besides the sanitizers' checks it asserts what the header promises:
 * failure comes with at least one error, success with none; every error is
 * a content error (65) whose position lies inside the input; a parsed data
 * set has a header, at least one row and cells that are NUL-terminated
 * strings inside its text block.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/dataset.h"
#include "core/diag.h"

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz_csv: %s:%d: check failed: %s\n", \
			        __FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* Physical lines as the loader counts them: LF, CRLF and a lone CR each
 * end one. */
static long count_lines(const uint8_t *buf, size_t len)
{
	long n = 1;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			n++;
		else if (buf[i] == '\r') {
			n++;
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		}
	}
	return n;
}

static void check_diags(const struct diags *d, const uint8_t *buf, size_t len)
{
	long lines = count_lines(buf, len);
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *e = &d->items[i];
		CHECK(e->code == EXIT_DATAERR);
		CHECK(e->line >= 0 && e->line <= lines + 1);
		CHECK(e->line == 0 || e->col >= 1);
		CHECK(e->col <= (long)len + 1);
		CHECK(e->msg[0] != '\0');
		diags_format(d, i, line, sizeof line);
		CHECK(strlen(line) < sizeof line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dataset ds;
	struct diags d = {0};

	int rc = dataset_parse(&ds, "fuzz.csv", (const char *)data, size, &d);
	if (rc != 0) {
		CHECK(rc == -1);
		CHECK(d.n > 0);
		CHECK(ds.text == NULL && ds.cells == NULL && ds.n_rows == 0);
		check_diags(&d, data, size);
		diags_free(&d);
		return 0;
	}
	CHECK(d.n == 0);
	CHECK(ds.n_cols >= 1 && ds.n_cols <= DATASET_MAX_COLUMNS);
	CHECK(ds.n_rows >= 1 && ds.n_rows <= DATASET_MAX_ROWS);
	for (size_t c = 0; c < ds.n_cols; c++) {
		CHECK(ds.names[c][0] != '\0');
		/* Names are unique, so each finds its own column. */
		CHECK(dataset_column(&ds, ds.names[c]) == (int)c);
	}
	for (size_t i = 0; i < ds.n_rows * ds.n_cols; i++) {
		CHECK(ds.cells[i] >= ds.text);
		CHECK(strlen(ds.cells[i]) <= DATASET_MAX_FIELD);
		CHECK(ds.pos[i].line >= 1 && ds.pos[i].col >= 1);
	}
	for (size_t r = 1; r < ds.n_rows; r++)
		CHECK(ds.line_of_row[r] > ds.line_of_row[r - 1]);

	double *col = malloc(ds.n_rows * sizeof *col);
	if (col) {
		for (size_t c = 0; c < ds.n_cols; c++) {
			size_t before = d.n + d.dropped;
			int nrc = dataset_numbers(&ds, (int)c, col, 1, &d);
			CHECK(nrc == 0 ? d.n + d.dropped == before
			               : d.n + d.dropped > before);
			for (size_t r = 0; nrc == 0 && r < ds.n_rows; r++)
				CHECK(isfinite(col[r]));
		}
		free(col);
	}
	check_diags(&d, data, size);
	dataset_free(&ds);
	CHECK(ds.text == NULL && ds.n_rows == 0);
	dataset_free(&ds); /* safe twice, as documented */
	diags_free(&d);
	return 0;
}
