/* lesson: a struct lesson's life -- read from a file (lesson_load, and
 * lesson_load_all for `check`; the text is parsed in parse.c), asked for
 * its inputs in the data's units, and freed. */
#include "lesson/lesson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/infile.h"

int lesson_load(struct lesson *l, const char *path, struct diags *d)
{
	return lesson_load_all(l, path, d, NULL);
}

int lesson_load_all(struct lesson *l, const char *path, struct diags *d,
                    struct lesson_known *k)
{
	memset(l, 0, sizeof *l);
	if (k)
		memset(k, 0, sizeof *k);
	struct stat st;
	int fd = infile_open(path, &st);
	if (fd == INFILE_SPECIAL) {
		/* Never opened: reading a FIFO or a terminal would wait for
		 * ever. */
		diags_add(d, path, 0, 0, EXIT_NOINPUT, "not a regular file (%s)",
		          infile_kind(st.st_mode));
		return -1;
	}
	if (fd < 0) {
		diags_add(d, "", 0, 0, EXIT_NOINPUT, "cannot open lesson '%s': "
		          "%s", path, strerror(errno));
		return -1;
	}
	/* One byte past the limit is enough for lesson_parse to refuse it;
	 * a larger file is never read in full. */
	size_t cap = (size_t)LESSON_MAX_BYTES + 1, len = 0;
	if ((size_t)st.st_size < cap)
		cap = (size_t)st.st_size + 1;
	char *buf = malloc(cap);
	if (!buf) {
		diags_add(d, "", 0, 0, EXIT_SOFTWARE, "out of memory");
		close(fd);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap > (size_t)LESSON_MAX_BYTES)
				break;
			size_t nc = cap * 2 > (size_t)LESSON_MAX_BYTES + 1 ?
			            (size_t)LESSON_MAX_BYTES + 1 : cap * 2;
			char *t = realloc(buf, nc);
			if (!t) {
				diags_add(d, "", 0, 0, EXIT_SOFTWARE,
				          "out of memory");
				free(buf);
				close(fd);
				return -1;
			}
			buf = t;
			cap = nc;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diags_add(d, "", 0, 0, EXIT_IOERR, "cannot read lesson "
			          "'%s': %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	int rc = lesson_parse_all(l, path, buf, len, d, k);
	free(buf);
	return rc;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->path);
	free(l->title);
	free(l->source);
	free(l->description);
	free(l->data_path);
	free(l->test_path);
	free(l->test_x);
	free(l->test_y);
	free(l->x);
	free(l->y);
	free(l->input_name);
	free(l->target_name);
	if (l->input_cols)
		for (size_t j = 0; j < l->n_inputs; j++)
			free(l->input_cols[j].name);
	free(l->input_cols);
	free(l->loss_name);
	free(l->accuracy_name);
	free(l->handout);
	for (int k = 0; k < LESSON_MAX_LAYERS; k++) {
		free(l->layers[k].given_w);
		free(l->layers[k].given_b);
		for (int r = 0; r < ROLE_COUNT; r++)
			free(l->layers[k].name[r]);
	}
	for (size_t i = 0; i < l->n_cues; i++) {
		free(l->cues[i].sel.tensor);
		free(l->cues[i].text);
		free(l->cues[i].hint);
	}
	free(l->cues);
	for (size_t i = 0; i < l->n_reports; i++)
		free(l->reports[i].label);
	free(l->reports);
	memset(l, 0, sizeof *l);
}

double lesson_data_units(const struct lesson *l, size_t j, double x)
{
	if (!l->input_cols)
		return x;
	return x * l->input_cols[j].divisor + l->input_cols[j].offset;
}
