/* datafile: a lesson's data after its last line -- the CSV files of
 * `data` and `test-data` found and read into the lesson's columns, or
 * the `sample` lines taken as they are. */
#include "lesson/parser.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/infile.h"
#include "lesson/dataset.h"
#include "lesson/folders.h"

/* =====================================================================
 * Finding the file
 * ===================================================================== */

/* Joins dir and name; dir "" is the current directory. */
static char *path_join(struct parser *p, const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *r = malloc(a + b + 2);
	if (!r) {
		p->oom = true;
		return NULL;
	}
	if (a == 0) {
		memcpy(r, name, b + 1);
		return r;
	}
	memcpy(r, dir, a);
	size_t o = a;
	if (dir[a - 1] != '/')
		r[o++] = '/';
	memcpy(r + o, name, b + 1);
	return r;
}

/* The datasets/ folder beside folder `dir` ("" = the current one).  When
 * dir's last part is a real folder (not a symlink, not "." or ".."),
 * "dir/.." is the folder holding it, so "lessons/../datasets" can be
 * written "datasets"; otherwise the ".." is kept for the kernel to
 * resolve. */
static char *sibling_datasets(struct parser *p, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (dir[i] == '/')
			slash = dir + i;
	const char *last = slash ? slash + 1 : dir;
	size_t last_len = n - (size_t)(last - dir);
	bool dots = (last_len == 1 && last[0] == '.') ||
	            (last_len == 2 && last[0] == '.' && last[1] == '.');
	struct stat st;
	if (n == 0)
		return parser_strdup(p, "../datasets");
	if (dots || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return path_join(p, dir, "../datasets");
	if (!slash)
		return parser_strdup(p, "datasets");
	char *parent = parser_strndup(p, dir, slash == dir ? 1 :
	                                      (size_t)(slash - dir));
	char *r = parent ? path_join(p, parent, "datasets") : NULL;
	free(parent);
	return r;
}

/* dir/arg when it exists (caller frees), else NULL. */
static char *existing(struct parser *p, const char *dir, const char *arg,
                      struct stat *st)
{
	char *c = dir ? path_join(p, dir, arg) : NULL;
	if (c && stat(c, st) == 0)
		return c;
	free(c);
	return NULL;
}

/* The lesson's folder ("" for the current one); caller frees. */
static char *lesson_dir(struct parser *p)
{
	const char *slash = strrchr(p->file, '/');
	return slash ? parser_strndup(p, p->file, slash == p->file ? 1 :
	                              (size_t)(slash - p->file)) :
	               parser_strdup(p, "");
}

/* A relative data path: next to the lesson, in the datasets/ folder
 * beside the lesson's folder, then in each folder of $NNTRACE_DATASETS. */
static char *find_relative(struct parser *p, const char *arg,
                           struct stat *st)
{
	char *dir = lesson_dir(p);
	if (!dir)
		return NULL;
	char *sib = sibling_datasets(p, dir);
	char *found = existing(p, dir, arg, st);
	if (!found)
		found = existing(p, sib, arg, st);
	free(dir);
	free(sib);
	/* Not the bundled data sets: a lesson finds those beside its own
	 * folder (lessons/../datasets). */
	struct folders it;
	char e[PATH_MAX];
	folders_start(&it, "NNTRACE_DATASETS", "datasets", NULL);
	while (!found && folders_next(&it, e, sizeof e))
		found = existing(p, e, arg, st);
	return found;
}

/* =====================================================================
 * Where data may come from
 * ===================================================================== */

struct lesson_trust lesson_trust;

/* Whether the resolved path `real` lies below folder `dir` (resolved
 * too; "" is the current folder).  False when dir is not there. */
static bool below(const char *real, const char *dir)
{
	char top[PATH_MAX];
	if (!dir || !realpath(dir[0] ? dir : ".", top))
		return false;
	size_t n = strlen(top);
	if (n == 1)
		return true; /* "/" */
	return strncmp(real, top, n) == 0 && (real[n] == '/' || !real[n]);
}

/* Whether the lesson may read `found` (struct lesson_trust): below the
 * lesson's folder, the datasets/ beside it, a folder of
 * $NNTRACE_DATASETS or a bundled one, once symbolic links and ".." are
 * resolved, so that a link in a shared folder cannot lead out of it. */
static bool data_allowed(struct parser *p, const char *found)
{
	if (lesson_trust.data_anywhere)
		return true;
	char real[PATH_MAX];
	if (!realpath(found, real))
		return false;
	char *dir = lesson_dir(p);
	char *sib = dir ? sibling_datasets(p, dir) : NULL;
	bool ok = below(real, dir) || below(real, sib);
	free(dir);
	free(sib);
	struct folders it;
	char e[PATH_MAX];
	folders_start(&it, "NNTRACE_DATASETS", "datasets", lesson_trust.exe_dir);
	while (!ok && folders_next(&it, e, sizeof e))
		ok = below(real, e);
	return ok;
}

/* The data file named `arg`: the first path that exists, may be read
 * and opens (caller frees), or NULL after an error at the `data` line.
 * Nothing outside the folders above is opened, and nothing but a regular
 * file: a FIFO or a terminal would keep the read waiting. */
static char *resolve_data(struct parser *p, const char *arg,
                          struct src_pos pos)
{
	char *found = NULL;
	struct stat st;
	if (arg[0] == '/') {
		if (stat(arg, &st) == 0)
			found = parser_strdup(p, arg);
	} else {
		found = find_relative(p, arg, &st);
	}
	if (!found) {
		parser_error_code_at(p, pos, EXIT_NOINPUT, "cannot open data file "
		                     "'%s': %s", arg, strerror(ENOENT));
		return NULL;
	}
	if (!data_allowed(p, found)) {
		parser_error_code_at(p, pos, EXIT_NOINPUT, "data file '%s' is "
		                     "not below the lesson's folder or a data-set "
		                     "folder (see --allow-data-anywhere)", arg);
		free(found);
		return NULL;
	}
	int fd = infile_open(found, &st);
	if (fd == INFILE_SPECIAL)
		parser_error_code_at(p, pos, EXIT_NOINPUT, "cannot open data file "
		                     "'%s': not a regular file (%s)", arg,
		                     infile_kind(st.st_mode));
	else if (fd < 0)
		parser_error_code_at(p, pos, EXIT_NOINPUT, "cannot open data file "
		                     "'%s': %s", arg, strerror(errno));
	if (fd < 0) {
		free(found);
		return NULL;
	}
	close(fd);
	return found;
}

/* =====================================================================
 * Reading its columns
 * ===================================================================== */

/* "x1, x2, x3" into buf, cut with "..." when long. */
static void list_columns(const struct dataset *ds, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ds->n_cols; i++) {
		const char *sep = i ? ", " : "";
		if (o + strlen(sep) + strlen(ds->names[i]) + 5 >= cap) {
			snprintf(buf + o, cap - o, "%s...", sep);
			return;
		}
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", sep,
		                      ds->names[i]);
	}
}

static int find_column(struct parser *p, const struct dataset *ds,
                       const struct colref *c)
{
	int k = dataset_column(ds, c->name);
	if (k < 0) {
		char cols[200];
		list_columns(ds, cols, sizeof cols);
		parser_error_at(p, c->pos, "no column '%s' in %s (columns: %s)",
		                parser_show(c->name).s, ds->path, cols);
	}
	return k;
}

/* The columns the lesson names, into in_col (inputs), tg (targets) or
 * *label (the one-hot column); every `scale` must name an input.  False
 * after the errors. */
static bool find_columns(struct parser *p, const struct dataset *ds,
                         int *in_col, int *tg, int *label)
{
	bool ok = true;
	for (size_t j = 0; j < p->n_in_names; j++)
		ok &= (in_col[j] = find_column(p, ds, &p->inputs[j])) >= 0;
	if (p->targets) {
		for (size_t j = 0; j < p->n_tg_names; j++)
			ok &= (tg[j] = find_column(p, ds, &p->targets[j])) >= 0;
	} else {
		ok &= (*label = find_column(p, ds, &p->onehot)) >= 0;
	}
	for (size_t s = 0; s < p->n_scales; s++) {
		bool is_input = false;
		for (size_t j = 0; j < p->n_in_names; j++)
			is_input |= strcmp(p->scales[s].col,
			                   p->inputs[j].name) == 0;
		if (!is_input) {
			parser_error_at(p, p->scales[s].pos, "'scale' names '%s', "
			                "which is not an input column",
			                parser_show(p->scales[s].col).s);
			ok = false;
		}
	}
	return ok;
}

/* The one-hot targets y, (rows, no), from the integer labels of column
 * `label`; an error at each label out of 0..no-1. */
static bool one_hot(struct parser *p, const struct dataset *ds, int label,
                    size_t no, double *y)
{
	double *labels = calloc(ds->n_rows, sizeof *labels);
	if (!labels) {
		p->oom = true;
		return false;
	}
	if (dataset_numbers(ds, label, labels, 1, p->d) != 0) {
		free(labels);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < ds->n_rows; i++) {
		size_t cell = i * ds->n_cols + (size_t)label;
		double v = labels[i];
		if (v == floor(v) && v >= 0 && v < (double)no) {
			y[i * no + (size_t)v] = 1;
			continue;
		}
		diags_add(p->d, ds->path, ds->pos[cell].line, ds->pos[cell].col,
		          EXIT_DATAERR, v == floor(v) ?
		          "label '%s' in column '%s' is out of range (one-hot "
		          "with %zu classes takes 0 to %zu)" :
		          "label '%s' in column '%s' is not a whole number "
		          "(one-hot with %zu classes takes 0 to %zu)",
		          parser_show(ds->cells[cell]).s,
		          parser_show(p->onehot.name).s, no, no - 1);
		ok = false;
	}
	free(labels);
	return ok;
}

/* x = (raw - offset) / divisor for every scaled input column of the
 * rows read from ds (inputs in_col).  A value the scale takes past the
 * largest double would reach the network as inf, which the CSV reader
 * refuses in a file: it is an error at the `scale` line, naming the
 * first such cell.  False after the errors. */
static bool apply_scales(struct parser *p, const struct dataset *ds,
                         const int *in_col, double *x, size_t n, size_t ni)
{
	bool ok = true;
	for (size_t s = 0; s < p->n_scales; s++) {
		const struct scale_spec *sc = &p->scales[s];
		size_t j = 0;
		while (strcmp(sc->col, p->inputs[j].name) != 0)
			j++;
		bool reported = false;
		for (size_t i = 0; i < n; i++) {
			double *v = &x[i * ni + j];
			*v = (*v - sc->offset) / sc->divisor;
			if (isfinite(*v) || reported)
				continue;
			size_t cell = i * ds->n_cols + (size_t)in_col[j];
			parser_error_at(p, sc->pos, "'scale' makes '%s' in column "
			                "'%s' (%s:%d:%d) too large for a double: "
			                "(x - %g) / %g is %s (the limit is about "
			                "1.8e308)", parser_show(ds->cells[cell]).s,
			                parser_show(sc->col).s, ds->path,
			                ds->pos[cell].line, ds->pos[cell].col,
			                sc->offset, sc->divisor,
			                *v > 0 ? "inf" : "-inf");
			reported = true;
			ok = false;
		}
	}
	return ok;
}

/* The numbers of the named columns into *out_x (rows, ni) and *out_y
 * (rows, no), which the lesson owns from then on. */
static bool read_numbers(struct parser *p, const struct dataset *ds,
                         const int *in_col, const int *tg, int label,
                         double **out_x, double **out_y)
{
	size_t n = ds->n_rows, ni = p->n_in_names;
	size_t no = p->targets ? p->n_tg_names : (size_t)p->classes;
	if (n > SIZE_MAX / sizeof(double) / (ni > no ? ni : no)) {
		p->oom = true;
		return false;
	}
	double *x = *out_x = calloc(n * ni, sizeof *x);
	double *y = *out_y = calloc(n * no, sizeof *y);
	if (!x || !y) {
		p->oom = true;
		return false;
	}
	bool ok = true;
	for (size_t j = 0; j < ni; j++)
		ok &= dataset_numbers(ds, in_col[j], x + j, ni, p->d) == 0;
	if (p->targets) {
		for (size_t j = 0; j < no; j++)
			ok &= dataset_numbers(ds, tg[j], y + j, no, p->d) == 0;
	} else {
		ok &= one_hot(p, ds, label, no, y);
	}
	if (!ok) {
		p->failed = true;
		return false;
	}
	if (!apply_scales(p, ds, in_col, x, n, ni)) {
		p->failed = true;
		return false;
	}
	return true;
}

/* Loads the CSV named `arg` (at `pos`) into *out_x and *out_y, with its
 * resolved path in *out_path and its row count in *out_n.  Returns false
 * on any error. */
static bool load_csv(struct parser *p, const char *arg, struct src_pos pos,
                     char **out_path, double **out_x, double **out_y,
                     size_t *out_n)
{
	char *path = resolve_data(p, arg, pos);
	if (!path)
		return false;
	*out_path = path;
	struct dataset ds;
	if (dataset_load(&ds, path, p->d) != 0) {
		p->failed = true;
		return false;
	}
	size_t no = p->targets ? p->n_tg_names : (size_t)p->classes;
	int *in_col = calloc(p->n_in_names, sizeof *in_col);
	int *tg = calloc(p->targets ? no : 1, sizeof *tg);
	int label = -1;
	bool ok = false;
	if (!in_col || !tg)
		p->oom = true;
	else
		ok = find_columns(p, &ds, in_col, tg, &label) &&
		     read_numbers(p, &ds, in_col, tg, label, out_x, out_y);
	if (ok)
		*out_n = ds.n_rows;
	free(in_col);
	free(tg);
	dataset_free(&ds);
	return ok;
}

/* =====================================================================
 * The lesson's data
 * ===================================================================== */

/* Names and scales of the input columns, kept so that views can show
 * inputs in the data's own units.  Returns false when out of memory. */
static bool input_columns(struct parser *p, struct lesson *l)
{
	struct input_column *c = calloc(p->n_in_names, sizeof *c);
	if (!c) {
		p->oom = true;
		return false;
	}
	l->input_cols = c;
	for (size_t j = 0; j < p->n_in_names; j++) {
		c[j].name = parser_strdup(p, p->inputs[j].name);
		c[j].divisor = 1;
		for (size_t s = 0; s < p->n_scales; s++)
			if (strcmp(p->scales[s].col, p->inputs[j].name) == 0) {
				c[j].offset = p->scales[s].offset;
				c[j].divisor = p->scales[s].divisor;
			}
	}
	return !p->oom;
}

/* `scale-all` as one scale per input column that has no `scale` of
 * its own, at the `scale-all` line: from here on the two are one.
 * Returns false when out of memory. */
static bool scale_all_columns(struct parser *p)
{
	if (!p->scale_all.line)
		return true;
	for (size_t j = 0; j < p->n_in_names; j++) {
		bool own = false;
		for (size_t s = 0; s < p->n_scales; s++)
			own |= strcmp(p->scales[s].col, p->inputs[j].name) == 0;
		if (own)
			continue;
		struct scale_spec *s = parser_grow(p, p->scales, &p->scales_cap,
		                                   p->n_scales + 1, sizeof *s);
		if (!s)
			return false;
		p->scales = s;
		s = &p->scales[p->n_scales];
		*s = p->scale_all;
		s->col = parser_strdup(p, p->inputs[j].name);
		if (!s->col)
			return false;
		p->n_scales++;
	}
	return true;
}

/* A lesson with `data`: its columns named, then read. */
static bool load_data(struct parser *p)
{
	struct lesson *l = p->l;
	if (p->bad[D_DATA] || p->bad[D_INPUTS] || p->bad[D_TARGETS] ||
	    p->bad[D_ONE_HOT])
		return false;
	if (!p->line_of[D_INPUTS]) {
		parser_error_at(p, (struct src_pos){p->last_line, 1},
		                "no 'inputs' line (a lesson with 'data' names its "
		                "input columns)");
		return false;
	}
	if (!p->line_of[D_TARGETS] && !p->line_of[D_ONE_HOT]) {
		parser_error_at(p, (struct src_pos){p->last_line, 1},
		                "no 'targets' or 'one-hot' line (a lesson with "
		                "'data' names its target columns)");
		return false;
	}
	if (!p->data_arg || !p->inputs || (!p->targets && !p->onehot.name))
		return false; /* out of memory, reported later */
	if (!scale_all_columns(p))
		return false;
	if (!load_csv(p, p->data_arg, p->data_pos, &l->data_path, &l->x,
	              &l->y, &l->n_samples))
		return false;
	l->n_inputs = p->n_in_names;
	l->n_outputs = p->targets ? p->n_tg_names : (size_t)p->classes;
	if (!input_columns(p, l))
		return false;
	if (p->test_arg && !p->bad[D_TEST_DATA])
		return load_csv(p, p->test_arg, p->test_pos, &l->test_path,
		                &l->test_x, &l->test_y, &l->n_test);
	return true;
}

/* A lesson without `data`: its `sample` lines, and no line that names
 * CSV columns. */
static bool take_samples(struct parser *p)
{
	struct lesson *l = p->l;
	bool ok = true;
	static const enum dir csv_only[] = {D_INPUTS, D_TARGETS, D_ONE_HOT};
	for (size_t i = 0; i < 3; i++) {
		if (p->line_of[csv_only[i]]) {
			parser_error_at(p, (struct src_pos){p->line_of[csv_only[i]],
			                                    1},
			                "'%s' names CSV columns, but there is no "
			                "'data' line", directive_keyword(csv_only[i]));
			ok = false;
		}
	}
	for (size_t s = 0; s < p->n_scales; s++) {
		parser_error_at(p, (struct src_pos){p->scales[s].line, 1},
		                "'scale' works on CSV columns, but there is no "
		                "'data' line");
		ok = false;
	}
	if (p->scale_all.line) {
		parser_error_at(p, (struct src_pos){p->scale_all.line, 1},
		                "'scale-all' works on CSV columns, but there is "
		                "no 'data' line");
		ok = false;
	}
	if (p->line_of[D_TEST_DATA]) {
		/* Its columns are found by the names `inputs` and `targets`
		 * give, which samples written in the lesson do not have. */
		parser_error_at(p, (struct src_pos){p->line_of[D_TEST_DATA], 1},
		                "'test-data' is read by the column names of "
		                "'inputs' and 'targets', but there is no 'data' "
		                "line");
		ok = false;
	}
	if (!p->s_count) {
		if (!p->skipped)
			parser_error_at(p, (struct src_pos){p->last_line, 1},
			                "no data: add a 'data' line or 'sample' "
			                "lines");
		return false;
	}
	if (!ok)
		return false;
	l->x = p->sx;
	l->y = p->sy;
	p->sx = p->sy = NULL;
	l->n_samples = p->s_count;
	l->n_inputs = p->s_ni;
	l->n_outputs = p->s_no;
	return true;
}

bool datafile_load(struct parser *p)
{
	return p->line_of[D_DATA] ? load_data(p) : take_samples(p);
}
