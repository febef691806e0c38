/* Tests for dataset: the bundled CSV files and one test per error kind,
 * each checking the message text, line, column and exit code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lesson/dataset.h"
#include "core/diag.h"

/* Tests run from the repository root (tests/run-all.sh cds there). */
#ifndef NNTRACE_SRCDIR
#define NNTRACE_SRCDIR "."
#endif

/* =====================================================================
 * Fixture: a temporary directory per test
 * ===================================================================== */

struct fx {
	char dir[64];
	char path[128]; /* the last file written */
	struct dataset ds;
	struct diags d;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/nntrace-dataset-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* Removes path and everything under it (a locale built by a test is a
 * folder of folders). */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ?
	                   opendir(path) : NULL;
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[PATH_MAX];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(dir);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int teardown(void **state)
{
	struct fx *f = *state;
	dataset_free(&f->ds);
	diags_free(&f->d);
	/* A test that set a locale and failed did not set it back. */
	setlocale(LC_NUMERIC, "C");
	unsetenv("LOCPATH");
	remove_tree(f->dir);
	free(f);
	return 0;
}

/* Writes len bytes to a new file in the fixture directory (mkstemp, so
 * every call gets its own) and leaves its name in f->path. */
static void write_file(struct fx *f, const char *data, size_t len)
{
	snprintf(f->path, sizeof f->path, "%s/data-XXXXXX", f->dir);
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		assert_true(n > 0);
		done += (size_t)n;
	}
	assert_int_equal(close(fd), 0);
}

/* Writes text to a temp file and loads it; returns dataset_load's result. */
static int load_bytes(struct fx *f, const char *data, size_t len)
{
	dataset_free(&f->ds);
	diags_free(&f->d);
	write_file(f, data, len);
	return dataset_load(&f->ds, f->path, &f->d);
}

static int load_text(struct fx *f, const char *text)
{
	return load_bytes(f, text, strlen(text));
}

/* Error i is exactly this, in f->path. */
static void check_error(const struct fx *f, size_t i, int line, int col,
                        int code, const char *msg)
{
	assert_true(i < f->d.n);
	const struct diag *e = &f->d.items[i];
	assert_string_equal(e->msg, msg);
	assert_string_equal(e->file, f->path);
	assert_int_equal(e->line, line);
	assert_int_equal(e->col, col);
	assert_int_equal(e->code, code);
}

/* Loads text that must parse, then converts column `name` into out. */
static int numbers_of(struct fx *f, const char *name, double *out)
{
	int col = dataset_column(&f->ds, name);
	assert_true(col >= 0);
	return dataset_numbers(&f->ds, col, out, 1, &f->d);
}

/* =====================================================================
 * The bundled data sets
 * ===================================================================== */

static void check_trask(struct fx *f, const char *file, const double *y)
{
	/* Inputs of Trask's 11-line network, seed 002. */
	static const double x[4][3] = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1},
	                               {1, 1, 1}};
	static const char *const names[] = {"x1", "x2", "x3", "y"};
	double v[4];

	assert_int_equal(dataset_load(&f->ds, file, &f->d), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->ds.n_cols, 4);
	assert_int_equal(f->ds.n_rows, 4);
	for (int c = 0; c < 4; c++) {
		assert_string_equal(f->ds.names[c], names[c]);
		assert_int_equal(dataset_column(&f->ds, names[c]), c);
		assert_int_equal(dataset_numbers(&f->ds, c, v, 1, &f->d), 0);
		for (int r = 0; r < 4; r++)
			assert_true(v[r] == (c < 3 ? x[r][c] : y[r]));
	}
	for (int r = 0; r < 4; r++)
		assert_int_equal(f->ds.line_of_row[r], r + 2);
}

static void test_trask(void **state)
{
	static const double y[4] = {0, 0, 1, 1}; /* seed 002 */
	check_trask(*state, NNTRACE_SRCDIR "/datasets/trask.csv", y);
}

static void test_trask_xor(void **state)
{
	static const double y[4] = {0, 1, 1, 0}; /* Trask's hidden-layer net */
	check_trask(*state, NNTRACE_SRCDIR "/datasets/trask-xor.csv", y);
}

static void test_circles(void **state)
{
	struct fx *f = *state;
	static double xy[1000 * 3];

	assert_int_equal(
		dataset_load(&f->ds, NNTRACE_SRCDIR "/datasets/circles.csv", &f->d),
		0);
	assert_int_equal(f->ds.n_cols, 3);
	assert_int_equal(f->ds.n_rows, 1000);
	assert_string_equal(f->ds.names[0], "x1");
	assert_string_equal(f->ds.names[1], "x2");
	assert_string_equal(f->ds.names[2], "y");
	/* Row-major with stride 3, as the engine lays out a batch. */
	for (int c = 0; c < 3; c++)
		assert_int_equal(dataset_numbers(&f->ds, c, xy + c, 3, &f->d), 0);
	assert_int_equal(f->d.n, 0);
	/* First and last lines of data/circles.csv (make_circles, seed 0). */
	assert_true(xy[0] == 0.54149549065539249);
	assert_true(xy[1] == 0.011964244574963104);
	assert_true(xy[2] == 1);
	assert_true(xy[999 * 3 + 0] == -0.39446615190315448);
	assert_true(xy[999 * 3 + 1] == 0.31042065991720674);
	assert_true(xy[999 * 3 + 2] == 1);
	int ones = 0;
	for (int r = 0; r < 1000; r++)
		ones += xy[r * 3 + 2] == 1;
	assert_int_equal(ones, 500); /* make_circles splits evenly */
	assert_int_equal(f->ds.line_of_row[0], 2);
	assert_int_equal(f->ds.line_of_row[999], 1001);
}

/* =====================================================================
 * Accepted forms
 * ===================================================================== */

static void test_crlf_bom_accepted(void **state)
{
	struct fx *f = *state;
	double v[2];

	assert_int_equal(load_text(f, "\xef\xbb\xbfx,y\r\n1,2\r\n3,4\r\n"), 0);
	assert_string_equal(f->ds.names[0], "x"); /* BOM is not in the name */
	assert_int_equal(numbers_of(f, "y", v), 0);
	assert_true(v[0] == 2 && v[1] == 4);
	assert_string_equal(f->ds.cells[3], "4"); /* no stray \r */

	/* The BOM takes no column; CRLF does not shift lines. */
	assert_int_equal(load_text(f, "\xef\xbb\xbfx,x\r\n1,2\r\n"), -1);
	check_error(f, 0, 1, 3, 65,
	            "duplicate column name 'x' (column 1 has it too; names "
	            "must be unique)");
	assert_int_equal(load_text(f, "x,y\r\n1,2\r\n3,abc\r\n"), 0);
	assert_int_equal(numbers_of(f, "y", v), -1);
	check_error(f, 0, 3, 3, 65, "'abc' is not a number in column 'y'");

	/* Old Mac line ends (CR alone) count as lines too. */
	assert_int_equal(load_text(f, "x,y\r1,2\r3,abc\r"), 0);
	assert_int_equal(numbers_of(f, "y", v), -1);
	check_error(f, 0, 3, 3, 65, "'abc' is not a number in column 'y'");
}

static void test_endings_accepted(void **state)
{
	struct fx *f = *state;
	double v[2];

	/* No newline at the end. */
	assert_int_equal(load_text(f, "x\n1\n2"), 0);
	assert_int_equal(f->ds.n_rows, 2);
	assert_int_equal(numbers_of(f, "x", v), 0);
	assert_true(v[0] == 1 && v[1] == 2);
	/* Blank and blank-looking lines at the end. */
	assert_int_equal(load_text(f, "x\n1\n2\n\n  \n\t\r\n\n"), 0);
	assert_int_equal(f->ds.n_rows, 2);
	assert_int_equal(f->d.n, 0);
}

static void test_quoted_numbers_accepted(void **state)
{
	struct fx *f = *state;
	double v[2];

	assert_int_equal(load_text(f, "\"x\",\"y\"\n\"1.5\",\" 2 \"\n"
	                              "  \"-3e2\"  , 4 \n"), 0);
	assert_int_equal(numbers_of(f, "x", v), 0);
	assert_true(v[0] == 1.5 && v[1] == -300);
	assert_int_equal(numbers_of(f, "y", v), 0);
	assert_true(v[0] == 2 && v[1] == 4);
	assert_int_equal(f->ds.pos[2].line, 3);
	assert_int_equal(f->ds.pos[2].col, 3); /* the opening quote */
	assert_int_equal(f->ds.pos[3].col, 13);
}

static void test_number_forms(void **state)
{
	struct fx *f = *state;
	static const double want[] = {
		0.5, 5, 2, -1.5e-3, 1000, 7, 0, -0.0,
		0.54149549065539249, 4.9406564584124654e-324, 1e-320,
		1.7976931348623157e308,
	};
	double v[12];

	assert_int_equal(load_text(f, "x\n.5\n5.\n+2\n-1.5e-3\n1E3\n\" 7 \"\n"
	                              "0\n-0.0\n0.54149549065539249\n"
	                              "4.9406564584124654e-324\n1e-320\n"
	                              "1.7976931348623157e308\n"), 0);
	assert_int_equal(numbers_of(f, "x", v), 0);
	for (int i = 0; i < 12; i++)
		assert_memory_equal(&v[i], &want[i], sizeof v[i]);
}

extern char **environ;

/* Builds de_DE.UTF-8 into dir/de_DE.UTF-8 with localedef (from Debian's
 * locales package, as are the sources it reads), quietly.  0 if built:
 * its status 1 means warnings only. */
static int build_de_locale(const char *dir)
{
	char out[PATH_MAX];
	snprintf(out, sizeof out, "%s/de_DE.UTF-8", dir);
	char *argv[] = {"localedef", "-i", "de_DE", "-f", "UTF-8", out, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	pid_t pid;
	int st = 0;
	int rc = posix_spawnp(&pid, "localedef", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) <= 1 ? 0 : -1;
}

/* Sets LC_NUMERIC to a locale whose decimal point is a comma: the
 * machine's German or French one, or else de_DE.UTF-8 built into the
 * fixture's folder and found through LOCPATH (which glibc reads at each
 * setlocale; teardown unsets it).  NULL if set, else why not. */
static const char *set_comma_locale(struct fx *f)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8",
	                                    "fr_FR.UTF-8", "fr_FR.utf8"};
	for (size_t i = 0; i < 4; i++)
		if (setlocale(LC_NUMERIC, names[i]))
			return NULL;
	char dir[sizeof f->dir + 16];
	snprintf(dir, sizeof dir, "%s/locale", f->dir);
	if (mkdir(dir, 0700) != 0 || build_de_locale(dir) != 0)
		return "no de_DE or fr_FR locale here, and localedef could "
		       "not build one (Debian's locales package has it)";
	setenv("LOCPATH", dir, 1);
	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8"))
		return "localedef built de_DE.UTF-8, but setlocale refused it";
	return NULL;
}

static void test_decimal_point_ignores_locale(void **state)
{
	struct fx *f = *state;
	double v[1];
	const char *why = set_comma_locale(f);
	if (why) {
		print_message("skipped: %s\n", why);
		skip();
	}
	/* The comma is in force: strtod alone would stop at the '.'. */
	assert_string_equal(localeconv()->decimal_point, ",");
	assert_int_equal(load_text(f, "x\n2.5\n"), 0);
	int rc = numbers_of(f, "x", v);
	setlocale(LC_NUMERIC, "C");
	assert_int_equal(rc, 0);
	assert_true(v[0] == 2.5);
}

static void test_unused_columns_may_hold_text(void **state)
{
	struct fx *f = *state;
	double v[2];
	char text[DATASET_MAX_FIELD + 64];

	/* A cell of exactly DATASET_MAX_FIELD bytes is within the limit. */
	int n = snprintf(text, sizeof text, "name,x\n\"");
	memset(text + n, 'a', DATASET_MAX_FIELD);
	snprintf(text + n + DATASET_MAX_FIELD, sizeof text - n - DATASET_MAX_FIELD,
	         "\",1\n\"b, with \"\"quotes\"\"\",2\n");
	assert_int_equal(load_text(f, text), 0);
	assert_int_equal(strlen(f->ds.cells[0]), DATASET_MAX_FIELD);
	assert_string_equal(f->ds.cells[2], "b, with \"quotes\"");
	assert_int_equal(numbers_of(f, "x", v), 0);
	assert_true(v[0] == 1 && v[1] == 2);
}

static void test_column_lookup(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load_text(f, "a,b,c\n1,2,3\n"), 0);
	assert_int_equal(dataset_column(&f->ds, "a"), 0);
	assert_int_equal(dataset_column(&f->ds, "c"), 2);
	assert_int_equal(dataset_column(&f->ds, "d"), -1);
	assert_int_equal(dataset_column(&f->ds, "A"), -1);
	assert_int_equal(dataset_column(&f->ds, NULL), -1);
	double v[1];
	assert_int_equal(dataset_numbers(&f->ds, 3, v, 1, &f->d), -1);
	assert_int_equal(f->d.items[0].code, 70);
	assert_string_equal(f->d.items[0].msg, "internal error: no column 3");
}

static void test_free_is_safe(void **state)
{
	(void)state;
	struct dataset ds;
	struct diags d = {0};
	memset(&ds, 0, sizeof ds);
	dataset_free(&ds);
	dataset_free(&ds);
	dataset_free(NULL);
	assert_int_equal(dataset_parse(&ds, "mem.csv", "x\n1\n", 4, &d), 0);
	assert_string_equal(ds.path, "mem.csv");
	dataset_free(&ds);
	dataset_free(&ds);
	assert_null(ds.cells);
	assert_int_equal(d.n, 0);
	diags_free(&d);
}

/* =====================================================================
 * File-level errors
 * ===================================================================== */

static void test_missing_file(void **state)
{
	struct fx *f = *state;
	snprintf(f->path, sizeof f->path, "%s/nope.csv", f->dir);
	assert_int_equal(dataset_load(&f->ds, f->path, &f->d), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 0, 0, 66, "no such file (a CSV data set is expected)");
	assert_int_equal(diags_code(&f->d), 66);
	assert_null(f->ds.cells);
}

static void test_directory(void **state)
{
	struct fx *f = *state;
	snprintf(f->path, sizeof f->path, "%s/sub.csv", f->dir);
	assert_int_equal(mkdir(f->path, 0700), 0);
	assert_int_equal(dataset_load(&f->ds, f->path, &f->d), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 0, 0, 66, "is a directory (a CSV file is expected)");
}

static void test_too_many_bytes(void **state)
{
	struct fx *f = *state;
	/* A sparse file: the size check must come before reading it. */
	write_file(f, "x\n", 2);
	assert_int_equal(truncate(f->path, DATASET_MAX_BYTES + 1), 0);
	assert_int_equal(dataset_load(&f->ds, f->path, &f->d), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 0, 0, 65,
	            "file is too large: 67108865 bytes, the limit is 67108864 "
	            "bytes (64 MiB, DATASET_MAX_BYTES)");
}

/* =====================================================================
 * Content errors
 * ===================================================================== */

static void test_empty_file(void **state)
{
	struct fx *f = *state;
	static const char *const empties[] = {"", "\xef\xbb\xbf", "\n\n",
	                                      "  \r\n\t\n"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(load_text(f, empties[i]), -1);
		assert_int_equal(f->d.n, 1);
		check_error(f, 0, 1, 1, 65,
		            "empty file (a header row is expected)");
		assert_null(f->ds.names);
	}
}

static void test_header_only(void **state)
{
	struct fx *f = *state;
	static const char *const texts[] = {"x1,x2,y\n", "x1,x2,y",
	                                    "x1,x2,y\r\n\r\n\n"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(load_text(f, texts[i]), -1);
		assert_int_equal(f->d.n, 1);
		check_error(f, 0, 2, 1, 65,
		            "no data rows (at least one row is expected after "
		            "the header)");
	}
}

static void test_ragged_rows(void **state)
{
	struct fx *f = *state;

	/* Every ragged row is reported, not only the first. */
	assert_int_equal(load_text(f, "a,b,c\n1,2,3\n1,2,3\n1,2,3\n1,2\n"
	                              "1,2,3,4\n1\n1,2,3\n"), -1);
	assert_int_equal(f->d.n, 3);
	check_error(f, 0, 5, 1, 65,
	            "row has 2 fields, the header has 3 (ragged row)");
	check_error(f, 1, 6, 1, 65,
	            "row has 4 fields, the header has 3 (ragged row)");
	check_error(f, 2, 7, 1, 65,
	            "row has 1 field, the header has 3 (ragged row)");
	assert_null(f->ds.cells);
	assert_int_equal(f->ds.n_rows, 0);
}

static void test_blank_line_in_middle(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load_text(f, "x,y\n1,2\n\n \n3,4\n5,6\n\n7,8\n\n"), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 3, 1, 65,
	            "blank line between rows (only the end of the file may "
	            "have blank lines)");
	check_error(f, 1, 7, 1, 65,
	            "blank line between rows (only the end of the file may "
	            "have blank lines)");

	assert_int_equal(load_text(f, "\r\n  \nx\n1\n"), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 1, 1, 65,
	            "blank line before the header row (the header must be the "
	            "first line)");

	/* A blank line inside a quoted cell is part of the cell. */
	assert_int_equal(load_text(f, "x,note\n1,\"a\n\nb\"\n2,c\n"), 0);
	assert_string_equal(f->ds.cells[1], "a\n\nb");
	assert_int_equal(f->ds.line_of_row[1], 5);
}

static void test_unclosed_quote(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load_text(f, "x,y\n1,2\n3,4\n1234567,\"abc\n"), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 4, 9, 65,
	            "unclosed quote (the quoted field starting here has no "
	            "closing quote)");

	/* The quote may open lines before the end of the file. */
	assert_int_equal(load_text(f, "x,y\n1,2\n3,  \"4\n5,6\n7,8"), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 3, 5, 65,
	            "unclosed quote (the quoted field starting here has no "
	            "closing quote)");
}

static void test_stray_quote(void **state)
{
	struct fx *f = *state;

	/* Two kinds, each on its own row; the rows between are still read
	 * and checked (line 5 is ragged). */
	assert_int_equal(load_text(f, "x,y\n1,2\"3\n4,5\n6,\"7\"8\n9\n"
	                              "10,\"11\" \"\n"), -1);
	assert_int_equal(f->d.n, 4);
	check_error(f, 0, 2, 4, 65,
	            "stray quote in an unquoted field (quote the whole field "
	            "and write \"\" for each quote inside it)");
	check_error(f, 1, 4, 6, 65,
	            "text after the closing quote of a field (write \"\" for a "
	            "quote inside a quoted field)");
	check_error(f, 2, 5, 1, 65,
	            "row has 1 field, the header has 2 (ragged row)");
	check_error(f, 3, 6, 9, 65,
	            "text after the closing quote of a field (write \"\" for a "
	            "quote inside a quoted field)");

	/* In the header it ends the checks: rows need its width. */
	assert_int_equal(load_text(f, "x,\"y\"z\n1,2,3\n4\n"), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 1, 6, 65,
	            "text after the closing quote of a field (write \"\" for a "
	            "quote inside a quoted field)");
}

static void test_nul_byte(void **state)
{
	struct fx *f = *state;
	static const char text[] = "x,y\n1,2\n3,45\0\n6,\x00" "7\n";

	assert_int_equal(load_bytes(f, text, sizeof text - 1), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 3, 5, 65,
	            "NUL byte in the data (a CSV text file is expected)");
	check_error(f, 1, 4, 3, 65,
	            "NUL byte in the data (a CSV text file is expected)");

	/* Inside a quoted cell as well. */
	static const char quoted[] = "x\n\"a\0b\"\n";
	assert_int_equal(load_bytes(f, quoted, sizeof quoted - 1), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 2, 3, 65,
	            "NUL byte in the data (a CSV text file is expected)");
}

static void test_field_too_long(void **state)
{
	struct fx *f = *state;
	size_t cap = 3 * DATASET_MAX_FIELD + 256;
	char *text = malloc(cap);
	assert_non_null(text);

	/* One byte over, unquoted, then quoted: both reported, and the row
	 * after them is still checked. */
	int n = snprintf(text, cap, "name,x\n");
	memset(text + n, 'a', DATASET_MAX_FIELD + 1);
	n += DATASET_MAX_FIELD + 1;
	n += snprintf(text + n, cap - n, ",1\n2,  \"");
	memset(text + n, 'b', DATASET_MAX_FIELD + 1);
	n += DATASET_MAX_FIELD + 1;
	n += snprintf(text + n, cap - n, "\"\n3\n");
	assert_int_equal(load_bytes(f, text, (size_t)n), -1);
	assert_int_equal(f->d.n, 3);
	check_error(f, 0, 2, 1, 65,
	            "cell is longer than 4096 bytes (the limit, "
	            "DATASET_MAX_FIELD)");
	check_error(f, 1, 3, 5, 65,
	            "cell is longer than 4096 bytes (the limit, "
	            "DATASET_MAX_FIELD)");
	check_error(f, 2, 4, 1, 65,
	            "row has 1 field, the header has 2 (ragged row)");

	/* Far over the limit: libcsv's buffer stops growing at the cap. */
	n = snprintf(text, cap, "x\n1\n");
	memset(text + n, 'c', 2 * DATASET_MAX_FIELD);
	n += 2 * DATASET_MAX_FIELD;
	n += snprintf(text + n, cap - n, "\n2\n");
	assert_int_equal(load_bytes(f, text, (size_t)n), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 3, 1, 65,
	            "cell is longer than 4096 bytes (the limit, "
	            "DATASET_MAX_FIELD)");

	/* An unclosed quote early in a long file swallows the rest: one
	 * error at the quote, nothing invented after it. */
	n = snprintf(text, cap, "x,y\n1,2\n3,\"4\n");
	for (int i = 0; i < 1000; i++)
		n += snprintf(text + n, cap - n, "%d,%d\n", i, i);
	assert_int_equal(load_bytes(f, text, (size_t)n), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 3, 3, 65,
	            "quoted cell is longer than 4096 bytes (the limit, "
	            "DATASET_MAX_FIELD); is a closing quote missing?");
	free(text);
}

static void test_duplicate_and_empty_names(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load_text(f, "x,y,x,\n1,2,3,4\n"), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 1, 5, 65,
	            "duplicate column name 'x' (column 1 has it too; names "
	            "must be unique)");
	check_error(f, 1, 1, 7, 65,
	            "column 4 has an empty name (the header row names every "
	            "column)");
}

static void test_not_a_number(void **state)
{
	struct fx *f = *state;
	double v[6];

	assert_int_equal(load_text(f, "x1,x2,x3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n"
	                              "1,2,3\n1,abc,3\n"), 0);
	assert_int_equal(numbers_of(f, "x1", v), 0);
	assert_int_equal(numbers_of(f, "x3", v), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(numbers_of(f, "x2", v), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 7, 3, 65, "'abc' is not a number in column 'x2'");

	/* One error per bad cell; long or multi-line cells are shortened. */
	assert_int_equal(load_text(f, "x,y\n1.5.2,1\n1e,1\n.,1\n"
	                              "\"a\nb\",1\n1 2,1\n"
	                              "12345678901234567890123456789012345678901"
	                              "23456789x,1\n"), 0);
	assert_int_equal(numbers_of(f, "x", v), -1);
	assert_int_equal(f->d.n, 6);
	check_error(f, 0, 2, 1, 65, "'1.5.2' is not a number in column 'x'");
	check_error(f, 1, 3, 1, 65, "'1e' is not a number in column 'x'");
	check_error(f, 2, 4, 1, 65, "'.' is not a number in column 'x'");
	check_error(f, 3, 5, 1, 65, "'a\\x0ab' is not a number in column 'x'");
	check_error(f, 4, 7, 1, 65, "'1 2' is not a number in column 'x'");
	check_error(f, 5, 8, 1, 65,
	            "'1234567890123456789012345678901234567890...' is not a "
	            "number in column 'x'");
}

/* A quoted cell is cut at 40 bytes, or sooner when its \xNN escapes fill
 * the message's 80-byte buffer (each takes 4 bytes, and 8 must stay
 * free); a cut that would split a character moves back before it. */
static void test_quote_cut_keeps_characters(void **state)
{
	struct fx *f = *state;
	double v[2];

	/* Row 2: 39 'a', then 'é' (C3 A9) at bytes 39-40: byte 40 is the
	 * second half of 'é', so the cut moves back to byte 39.
	 * Row 3: 'x', 17 bytes 0x01 (4 message bytes each: 69 in all), 'aa'
	 * (71), then the C3 of 'é' makes 72, where 72 + 8 reaches the 80
	 * bytes: the quote stops before the A9 and so drops the C3 too. */
	assert_int_equal(load_text(f, "x\n"
	                              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                              "\xc3\xa9" "z\n"
	                              "\"x\x01\x01\x01\x01\x01\x01\x01\x01"
	                              "\x01\x01\x01\x01\x01\x01\x01\x01\x01"
	                              "aa\xc3\xa9" "z\"\n"), 0);
	assert_int_equal(numbers_of(f, "x", v), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 2, 1, 65,
	            "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is not a "
	            "number in column 'x'");
	check_error(f, 1, 3, 1, 65,
	            "'x\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01"
	            "\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01aa...' is "
	            "not a number in column 'x'");
}

static void test_empty_cell(void **state)
{
	struct fx *f = *state;
	double v[3];

	assert_int_equal(load_text(f, "x,y\n1,\n2,\"\"\n3,\"  \"\n"), 0);
	assert_int_equal(numbers_of(f, "y", v), -1);
	assert_int_equal(f->d.n, 3);
	check_error(f, 0, 2, 3, 65,
	            "empty cell in column 'y' (a number is expected)");
	check_error(f, 1, 3, 3, 65,
	            "empty cell in column 'y' (a number is expected)");
	check_error(f, 2, 4, 3, 65,
	            "empty cell in column 'y' (a number is expected)");
}

static void test_nonfinite_hex_overflow(void **state)
{
	struct fx *f = *state;
	double v[9];

	assert_int_equal(load_text(f, "x\nnan\n-inf\nInfinity\nNaN(1)\n0x1p3\n"
	                              "-0X10\n1e999\n-1e309\n1\n"), 0);
	assert_int_equal(numbers_of(f, "x", v), -1);
	assert_int_equal(f->d.n, 8);
	check_error(f, 0, 2, 1, 65,
	            "'nan' in column 'x' is not a finite number (nan and inf "
	            "are not allowed)");
	check_error(f, 1, 3, 1, 65,
	            "'-inf' in column 'x' is not a finite number (nan and inf "
	            "are not allowed)");
	check_error(f, 2, 4, 1, 65,
	            "'Infinity' in column 'x' is not a finite number (nan and "
	            "inf are not allowed)");
	check_error(f, 3, 5, 1, 65,
	            "'NaN(1)' in column 'x' is not a finite number (nan and "
	            "inf are not allowed)");
	check_error(f, 4, 6, 1, 65,
	            "'0x1p3' in column 'x' is a hexadecimal number (write it "
	            "in decimal)");
	check_error(f, 5, 7, 1, 65,
	            "'-0X10' in column 'x' is a hexadecimal number (write it "
	            "in decimal)");
	check_error(f, 6, 8, 1, 65,
	            "'1e999' in column 'x' is too large for a double (the "
	            "limit is about 1.8e308)");
	check_error(f, 7, 9, 1, 65,
	            "'-1e309' in column 'x' is too large for a double (the "
	            "limit is about 1.8e308)");
	assert_true(v[8] == 1); /* good cells are still converted */
}

static void test_quoted_field_spanning_lines(void **state)
{
	struct fx *f = *state;
	double v[3];

	/* The row's line is where it starts; cells after the line break and
	 * rows after it keep their true positions. */
	assert_int_equal(load_text(f, "x,note,y\n1,\"two\nlines\",q\n"
	                              "2,ok,abc\n3,\"x\r\ny\",4\n"), 0);
	assert_int_equal(f->ds.n_rows, 3);
	assert_int_equal(f->ds.line_of_row[0], 2);
	assert_int_equal(f->ds.line_of_row[1], 4);
	assert_int_equal(f->ds.line_of_row[2], 5);
	assert_string_equal(f->ds.cells[1], "two\nlines");
	assert_string_equal(f->ds.cells[7], "x\r\ny");
	assert_int_equal(numbers_of(f, "x", v), 0);
	assert_int_equal(numbers_of(f, "y", v), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 3, 8, 65, "'q' is not a number in column 'y'");
	check_error(f, 1, 4, 6, 65, "'abc' is not a number in column 'y'");
	assert_true(v[2] == 4);

	/* Errors after such a row are placed right too. */
	assert_int_equal(load_text(f, "x,note\n1,\"a\nb\nc\"\n2\n3,\"d\"e\n"), -1);
	assert_int_equal(f->d.n, 2);
	check_error(f, 0, 5, 1, 65,
	            "row has 1 field, the header has 2 (ragged row)");
	check_error(f, 1, 6, 6, 65,
	            "text after the closing quote of a field (write \"\" for a "
	            "quote inside a quoted field)");
}

static void test_columns_count_characters(void **state)
{
	struct fx *f = *state;
	double v[1];

	/* "naïve," is 7 bytes but 6 characters. */
	assert_int_equal(load_text(f, "naïve,y\nnaïve,abc\n"), 0);
	assert_int_equal(numbers_of(f, "y", v), -1);
	check_error(f, 0, 2, 7, 65, "'abc' is not a number in column 'y'");
}

static void test_too_many_columns(void **state)
{
	struct fx *f = *state;
	char *text = malloc(16 * (DATASET_MAX_COLUMNS + 2));
	assert_non_null(text);
	size_t n = 0;
	int col = 0;
	for (int i = 0; i <= DATASET_MAX_COLUMNS; i++) {
		if (i == DATASET_MAX_COLUMNS)
			col = (int)n + 2; /* after the comma */
		n += (size_t)sprintf(text + n, "%sc%d", i ? "," : "", i);
	}
	n += (size_t)sprintf(text + n, "\n");
	assert_int_equal(load_bytes(f, text, n), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, 1, col, 65,
	            "more than 1024 columns (the limit, DATASET_MAX_COLUMNS)");
	free(text);
}

static void test_too_many_rows(void **state)
{
	struct fx *f = *state;
	size_t cap = 2 * (DATASET_MAX_ROWS + 2) + 8;
	char *text = malloc(cap);
	assert_non_null(text);
	memcpy(text, "x\n", 2);
	for (size_t i = 0; i < DATASET_MAX_ROWS + 1; i++)
		memcpy(text + 2 + 2 * i, "1\n", 2);

	/* Exactly the limit is fine... */
	assert_int_equal(load_bytes(f, text, 2 + 2 * (size_t)DATASET_MAX_ROWS),
	                 0);
	assert_int_equal(f->ds.n_rows, DATASET_MAX_ROWS);
	/* ...one more is not. */
	assert_int_equal(
		load_bytes(f, text, 2 + 2 * ((size_t)DATASET_MAX_ROWS + 1)), -1);
	assert_int_equal(f->d.n, 1);
	check_error(f, 0, DATASET_MAX_ROWS + 2, 1, 65,
	            "more than 1000000 data rows (the limit, DATASET_MAX_ROWS)");
	free(text);
}

static void test_all_errors_collected(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load_text(f, "a,a\n1,2,3\n\n4,5\"\n\"6\",\"7\"x\n"
	                              "8,9\n1,\"open\n"), -1);
	assert_int_equal(f->d.n, 6);
	check_error(f, 0, 1, 3, 65,
	            "duplicate column name 'a' (column 1 has it too; names "
	            "must be unique)");
	check_error(f, 1, 2, 1, 65,
	            "row has 3 fields, the header has 2 (ragged row)");
	check_error(f, 2, 3, 1, 65,
	            "blank line between rows (only the end of the file may "
	            "have blank lines)");
	check_error(f, 3, 4, 4, 65,
	            "stray quote in an unquoted field (quote the whole field "
	            "and write \"\" for each quote inside it)");
	check_error(f, 4, 5, 8, 65,
	            "text after the closing quote of a field (write \"\" for a "
	            "quote inside a quoted field)");
	check_error(f, 5, 7, 3, 65,
	            "unclosed quote (the quoted field starting here has no "
	            "closing quote)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_trask),
		T(test_trask_xor),
		T(test_circles),
		T(test_crlf_bom_accepted),
		T(test_endings_accepted),
		T(test_quoted_numbers_accepted),
		T(test_number_forms),
		T(test_decimal_point_ignores_locale),
		T(test_unused_columns_may_hold_text),
		T(test_column_lookup),
		T(test_free_is_safe),
		T(test_missing_file),
		T(test_directory),
		T(test_too_many_bytes),
		T(test_empty_file),
		T(test_header_only),
		T(test_ragged_rows),
		T(test_blank_line_in_middle),
		T(test_unclosed_quote),
		T(test_stray_quote),
		T(test_nul_byte),
		T(test_field_too_long),
		T(test_duplicate_and_empty_names),
		T(test_not_a_number),
		T(test_quote_cut_keeps_characters),
		T(test_empty_cell),
		T(test_nonfinite_hex_overflow),
		T(test_quoted_field_spanning_lines),
		T(test_columns_count_characters),
		T(test_too_many_columns),
		T(test_too_many_rows),
		T(test_all_errors_collected),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
