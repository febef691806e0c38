#include "lesson/template.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "lesson/dataset.h"
#include "lesson/lesson.h"

/* =====================================================================
 * Pieces
 * ===================================================================== */

int template_shape_parse(struct template_shape *s, const char *text,
                         char *err, size_t cap)
{
	s->n = 0;
	const char *p = text;
	for (;;) {
		char *end;
		errno = 0;
		long v = strtol(p, &end, 10);
		bool digits = end != p && *p >= '0' && *p <= '9';
		if (!digits || errno || v < 1 || v > 4096 ||
		    (*end && *end != ',')) {
			snprintf(err, cap, "--layers takes widths from 1 to 4096 "
			         "separated by commas, input first (2,3,1), not "
			         "'%s'", text);
			return -1;
		}
		if (s->n == TEMPLATE_MAX_WIDTHS) {
			snprintf(err, cap, "--layers: at most 16 layers after the "
			         "input, not '%s'", text);
			return -1;
		}
		s->width[s->n++] = (int)v;
		if (!*end)
			break;
		p = end + 1;
	}
	if (s->n < 2) {
		snprintf(err, cap, "--layers needs the input's width and at "
		         "least one layer's (2,1), not '%s'", text);
		return -1;
	}
	return 0;
}

/* The real path of the folder holding `path` (which need not exist). */
static int folder_of(const char *path, char *out)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	return realpath(dir, out) ? 0 : -1;
}

static bool same_folder(const char *a, const char *b)
{
	char fa[PATH_MAX], fb[PATH_MAX];
	return folder_of(a, fa) == 0 && folder_of(b, fb) == 0 &&
	       strcmp(fa, fb) == 0;
}

/* Whether `w` can stand as one word of a lesson line: valid UTF-8, no
 * white space or control character, not read as a comment. */
static bool lesson_word(const char *w)
{
	size_t len = strlen(w);
	if (!len || w[0] == '#')
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(w + i, len - i, &cp);
		if (!n || cp <= ' ' || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return false;
		i += n;
	}
	return true;
}

/* Free text for a title or comment: control characters and bytes that
 * are not UTF-8 become '?', so the line stays one valid line. */
static void clean_text(char *out, size_t cap, const char *in, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 5 < cap;) {
		uint32_t cp;
		size_t n = utf8_decode(in + i, len - i, &cp);
		if (!n || cp < ' ' || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			out[o++] = '?';
			i += n ? n : 1;
			continue;
		}
		memcpy(out + o, in + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
}

/* The lesson's name: its file name without the folder and ".lesson". */
static void title_of(char *out, size_t cap, const char *dest)
{
	const char *base = strrchr(dest, '/');
	base = base ? base + 1 : dest;
	size_t len = strlen(base);
	if (len > 7 && strcmp(base + len - 7, ".lesson") == 0)
		len -= 7;
	clean_text(out, cap, base, len);
}

/* How the `data` line names the CSV: its file name when it is beside the
 * lesson (the first place a lesson's data is looked for), else its real
 * path.  -1 when neither can be written as one word. */
static int data_ref(char *out, size_t cap, const char *csv, const char *dest)
{
	const char *base = strrchr(csv, '/');
	base = base ? base + 1 : csv;
	if (same_folder(csv, dest))
		snprintf(out, cap, "%s", base);
	else if (!realpath(csv, out))
		return -1;
	return lesson_word(out) ? 0 : -1;
}

/* =====================================================================
 * A new lesson
 * ===================================================================== */

static void write_header(FILE *out, const char *dest,
                         const struct template_shape *s)
{
	char title[256];
	title_of(title, sizeof title, dest);
	fprintf(out,
	        "# A new lesson, written by 'nntrace new'.  Change any line:\n"
	        "# 'nntrace check' says what is wrong, and the player reloads "
	        "the file\n# each time it is saved.  Every line is described "
	        "in 'man 5 nntrace-lesson'\n# (docs/lesson-format.md).\n"
	        "title        %s\n"
	        "description  A network of",
	        title[0] ? title : "A new lesson");
	for (int i = 0; i < s->n; i++)
		fprintf(out, "%s%d", i ? "-" : " ", s->width[i]);
	fprintf(out, " units (the inputs first).  Write the introduction "
	        "here.\n\n");
}

/* Samples for a lesson without a CSV: every pattern of 0s and 1s over
 * the inputs (the first 16 past four inputs); target 1 is 1 when an odd
 * number of inputs are 1 (XOR for two), each further target the opposite
 * of the one before. */
static void write_samples(FILE *out, const struct template_shape *s)
{
	int in = s->width[0], targets = s->width[s->n - 1];
	int rows = in <= 4 ? 1 << in : 16;
	fprintf(out,
	        "# The data, written here: every pattern of 0s and 1s over the "
	        "%d input%s%s.\n"
	        "# The first target is 1 when an odd number of inputs are 1"
	        "%s%s.\n# Replace them with 'data FILE.csv', 'inputs' and "
	        "'targets' lines to\n# train on a CSV file "
	        "('nntrace new --data FILE.csv' writes those).\n",
	        in, in == 1 ? "" : "s", in <= 4 ? "" : " (the first 16)",
	        in == 2 ? " (XOR)" : "",
	        targets > 1 ? "; each further target is the opposite of the "
	                      "one before" : "");
	for (int r = 0; r < rows; r++) {
		int ones = 0;
		fputs("sample      ", out);
		for (int i = 0; i < in; i++) {
			int bit = i < 31 && in - 1 - i < 31 ?
			                  (r >> (in - 1 - i)) & 1 : 0;
			ones += bit;
			fprintf(out, " %d", bit);
		}
		fputs(" ->", out);
		for (int t = 0; t < targets; t++)
			fprintf(out, " %d", (ones + t) % 2);
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* The columns used must be numbers; returns whether the targets all lie
 * in [0, 1] (a sigmoid output can reach them). */
static int check_columns(const struct dataset *ds, int in, int targets,
                         bool *unit, struct diags *d)
{
	size_t n = ds->n_rows ? ds->n_rows : 1;
	double *v = malloc(n * sizeof *v);
	if (!v) {
		diags_add(d, "", 0, 0, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	int bad = 0;
	int first_target = (int)ds->n_cols - targets;
	*unit = true;
	for (int c = 0; c < (int)ds->n_cols; c++) {
		if (c >= in && c < first_target)
			continue;
		if (dataset_numbers(ds, c, v, 1, d)) {
			bad = 1;
			continue;
		}
		for (size_t r = 0; c >= first_target && r < ds->n_rows; r++)
			if (!(v[r] >= 0 && v[r] <= 1))
				*unit = false;
	}
	free(v);
	return bad ? -1 : 0;
}

/* The column names from..to-1, each checked to be one word. */
static int write_names(FILE *out, const struct dataset *ds, int from, int to,
                       struct diags *d)
{
	for (int c = from; c < to; c++) {
		if (!lesson_word(ds->names[c])) {
			diags_add(d, ds->path, 1, 0, EXIT_DATAERR,
			          "column '%s' cannot be named in a lesson (white "
			          "space, a control character or a leading '#'): "
			          "rename it", ds->names[c]);
			return -1;
		}
		fprintf(out, " %s", ds->names[c]);
	}
	fputc('\n', out);
	return 0;
}

static int write_data(FILE *out, const char *csv, const char *dest,
                      struct template_shape *s, bool *unit,
                      struct diags *d)
{
	struct dataset ds;
	if (dataset_load(&ds, csv, d))
		return diags_code(d);
	int cols = (int)ds.n_cols, rc = EXIT_DATAERR;
	if (!s->n && cols >= 2)
		*s = (struct template_shape){3, {cols - 1, 4, 1}};
	int in = s->n ? s->width[0] : 1, targets = s->n ? s->width[s->n - 1] : 1;
	char ref[PATH_MAX];
	if (in + targets > cols)
		diags_add(d, "", 0, 0, EXIT_DATAERR,
		          "'%s' has %d column%s; a network of %d input%s and %d "
		          "output%s needs %d (the inputs, then the targets)",
		          csv, cols, cols == 1 ? "" : "s", in, in == 1 ? "" : "s",
		          targets, targets == 1 ? "" : "s", in + targets);
	else if (!ds.n_rows)
		diags_add(d, "", 0, 0, EXIT_DATAERR, "'%s' has no rows of data",
		          csv);
	else if (data_ref(ref, sizeof ref, csv, dest))
		diags_add(d, "", 0, 0, EXIT_DATAERR,
		          "'%s' cannot be written on a 'data' line (white space, "
		          "a control character or a leading '#' in its path)",
		          csv);
	else if (check_columns(&ds, in, targets, unit, d) == 0)
		rc = 0;
	if (rc) {
		dataset_free(&ds);
		return rc;
	}
	fprintf(out,
	        "# The data: %zu rows of %s.  The first %d column%s %s "
	        "proposed as the\n# inputs and the last %d as the targets, as "
	        "many as the last layer has units.\n",
	        ds.n_rows, ref, in, in == 1 ? "" : "s", in == 1 ? "is" : "are",
	        targets);
	if (in + targets < cols)
		fprintf(out, "# %d column%s between them %s not used.\n",
		        cols - in - targets, cols - in - targets == 1 ? "" : "s",
		        cols - in - targets == 1 ? "is" : "are");
	fprintf(out, "data         %s\ninputs      ", ref);
	if (write_names(out, &ds, 0, in, d) == 0) {
		fputs("targets     ", out);
		rc = write_names(out, &ds, cols - targets, cols, d) ? EXIT_DATAERR
		                                                    : 0;
	} else {
		rc = EXIT_DATAERR;
	}
	fputc('\n', out);
	dataset_free(&ds);
	return rc;
}

static void write_network(FILE *out, const struct template_shape *s,
                          bool unit)
{
	fprintf(out, "# The network: one 'layer' line per layer after the "
	        "%d input%s; each starts\n# with weights drawn from [-1, 1) "
	        "by numpy's generator seeded below.\n",
	        s->width[0], s->width[0] == 1 ? "" : "s");
	for (int i = 1; i < s->n; i++) {
		bool last = i == s->n - 1;
		fprintf(out, "layer        %d %s\n", s->width[i],
		        !last || unit ? "sigmoid" : "identity");
		if (last)
			fprintf(out, "# %s\n", unit ?
			        "Sigmoid outputs: every target is from 0 to 1." :
			        "Identity outputs: some targets lie outside 0 to 1, "
			        "which a sigmoid never reaches.");
	}
	fprintf(out,
	        "\nseed         1\n"
	        "loss         squared\n"
	        "learning-rate 0.5   # lower it if the loss grows\n"
	        "iterations   1000\n"
	        "handout      0,last\n\n");
}

static void write_script(FILE *out)
{
	fputs("# The script: narration from the first operation on, and a "
	      "question.\n"
	      "say iteration 0 forward: The first operation of the first "
	      "iteration:\n"
	      "  sample 0's inputs times the first column of W1, plus the "
	      "bias b1[0,0],\n"
	      "  make z1[0,0].  Write what the student should notice here.\n"
	      "predict iteration 0 forward a1[0,0]: What is a1[0,0], the "
	      "sigmoid of z1[0,0]?\n"
	      "hint         a1 = 1 / (1 + e^-z1): a negative z1 gives less "
	      "than 0.5.\n", out);
}

int template_write(FILE *out, const char *dest, const char *csv,
                   const struct template_shape *shape, struct diags *d)
{
	struct template_shape s = *shape;
	bool unit = true;
	char *text = NULL;
	size_t len = 0;
	/* The data first, into memory: it may settle the shape. */
	FILE *data = open_memstream(&text, &len);
	if (!data) {
		diags_add(d, "", 0, 0, EXIT_SOFTWARE, "out of memory");
		return EXIT_SOFTWARE;
	}
	int rc = 0;
	if (!csv && !s.n)
		s = (struct template_shape){3, {2, 3, 1}};
	if (csv)
		rc = write_data(data, csv, dest, &s, &unit, d);
	else
		write_samples(data, &s);
	if (fclose(data) != 0 && !rc) {
		diags_add(d, "", 0, 0, EXIT_SOFTWARE, "out of memory");
		rc = EXIT_SOFTWARE;
	}
	if (!rc) {
		write_header(out, dest, &s);
		fwrite(text, 1, len, out);
		write_network(out, &s, unit);
		write_script(out);
	}
	free(text);
	return rc;
}

/* =====================================================================
 * A copy
 * ===================================================================== */

/* Whether the line starts with the directive `kw` and white space. */
static bool directive_is(const char *line, size_t len, const char *kw)
{
	size_t k = strlen(kw);
	return len > k && strncmp(line, kw, k) == 0 &&
	       (line[k] == ' ' || line[k] == '\t');
}

/* Copies the text line by line, giving `data` and `test-data` the paths
 * the lesson's loader found. */
static int copy_lines(FILE *out, const char *text, size_t len,
                      const struct lesson *l, bool keep_paths,
                      struct diags *d)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text - i) + 1 : len - i;
		const char *line = text + i;
		const char *found = NULL, *kw = NULL;
		if (!keep_paths && directive_is(line, n, "data"))
			found = l->data_path, kw = "data";
		else if (!keep_paths && directive_is(line, n, "test-data"))
			found = l->test_path, kw = "test-data";
		char abs[PATH_MAX];
		if (found && (!realpath(found, abs) || !lesson_word(abs))) {
			diags_add(d, "", 0, 0, EXIT_DATAERR,
			          "the data file '%s' cannot be named from the new "
			          "lesson's folder (white space, a control character "
			          "or a leading '#' in its path)", found);
			return EXIT_DATAERR;
		}
		if (found)
			fprintf(out, "# (its path made absolute: the copy is not "
			        "in the original's folder)\n%-12s %s\n", kw, abs);
		else
			fwrite(line, 1, n, out);
		i += n;
	}
	if (len && text[len - 1] != '\n')
		fputc('\n', out);
	return 0;
}

int template_copy(FILE *out, const char *src, const char *dest,
                  struct diags *d)
{
	struct lesson l;
	if (lesson_load(&l, src, d))
		return diags_code(d) ? diags_code(d) : EXIT_DATAERR;
	int rc = EXIT_IOERR;
	char *text = NULL;
	long size = -1;
	FILE *in = fopen(src, "rb");
	if (in && fseek(in, 0, SEEK_END) == 0 && (size = ftell(in)) >= 0 &&
	    fseek(in, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) &&
	    fread(text, 1, (size_t)size, in) == (size_t)size)
		rc = 0;
	if (in)
		fclose(in);
	if (rc) {
		diags_add(d, "", 0, 0, rc, "cannot read '%s': %s", src,
		          strerror(errno ? errno : EIO));
	} else {
		char abs[PATH_MAX], where[PATH_MAX + 16];
		if (!realpath(src, abs))
			snprintf(abs, sizeof abs, "%s", src);
		clean_text(where, sizeof where, abs, strlen(abs));
		fprintf(out, "# Copied by 'nntrace new' from %s.\n", where);
		/* A byte-order mark would now stand after the comment. */
		size_t skip = size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0
		                      ? 3 : 0;
		rc = copy_lines(out, text + skip, (size_t)size - skip, &l,
		                same_folder(src, dest), d);
	}
	free(text);
	lesson_free(&l);
	return rc;
}
