/* classes_section: the confusion matrix and the test pictures
 * (classes_section.h). */
#include "dump/classes_section.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump/format.h"
#include "dump/writer.h"
#include "model/confusion.h"
#include "render/picture.h"

/* A grid through the format's plot piece: a code block in Markdown,
 * the lines as they are in text. */
static void put_grid(struct handout *h, const struct plot_grid *g)
{
	size_t cap = PLOT_ROW_BYTES(g->width);
	char *row = malloc(cap);
	if (!row) {
		handout_oom(h);
		return;
	}
	writer_gap(&h->w);
	h->fmt->plot(h, g, row, cap);
	free(row);
}

/* The matrix as lines of text: a header of predicted classes, then a
 * row per true class, counts right-aligned. */
static int confusion_grid(struct plot_grid *g, const struct confusion *c)
{
	/* Narrow enough for a handout of 40 columns with 10 classes: a
	 * label column of 9, then the widest number and one blank. */
	size_t k = c->k, w = 3;
	char num[24];
	for (size_t i = 0; i < k * k; i++) {
		size_t d = (size_t)snprintf(num, sizeof num, "%zu", c->count[i]);
		w = d + 1 > w ? d + 1 : w;
	}
	size_t lw = (size_t)snprintf(num, sizeof num, "%zu", k - 1);
	lw = lw > 9 ? lw : 9;
	char **lines = calloc(k + 1, sizeof *lines);
	size_t cap = lw + 1 + (k + 1) * (w + 2);
	int rc = -1;
	if (!lines)
		return -1;
	for (size_t r = 0; r <= k; r++)
		if (!(lines[r] = malloc(cap)))
			goto out;
	size_t n = (size_t)snprintf(lines[0], cap, "%-*s", (int)lw, "true\\pred");
	for (size_t j = 0; j < k && n < cap; j++)
		n += (size_t)snprintf(lines[0] + n, cap - n, "%*zu", (int)w, j);
	for (size_t t = 0; t < k; t++) {
		n = (size_t)snprintf(lines[t + 1], cap, "%*zu", (int)lw, t);
		for (size_t j = 0; j < k && n < cap; j++)
			n += (size_t)snprintf(lines[t + 1] + n, cap - n, "%*zu",
			                      (int)w, c->count[t * k + j]);
	}
	rc = picture_text(g, (const char *const *)lines, k + 1);
out:
	for (size_t r = 0; r <= k; r++)
		free(lines[r]);
	free(lines);
	return rc;
}

static int confusion_section(struct handout *h, const struct predictions *p)
{
	struct confusion c;
	struct plot_grid g = {0};
	if (confusion_from_predictions(&c, p))
		return -1;
	char line[256], acc[48];
	handout_scalar(h, acc, sizeof acc, c.n ? (double)c.right /
	                                         (double)c.n : 0);
	handout_section(h, "Confusion matrix");
	snprintf(line, sizeof line, "The %zu test samples by true class (a "
	         "row) and the class the trained network predicts (a column: "
	         "its largest output): true\\pred. The diagonal holds the %zu "
	         "it gets right (%s).", c.n, c.right, acc);
	writer_gap(&h->w);
	handout_prose(h, "", 0, line);
	int rc = confusion_grid(&g, &c);
	if (!rc)
		put_grid(h, &g);
	plot_grid_free(&g);
	confusion_free(&c);
	return rc;
}

static int pictures_section(struct handout *h, const struct predictions *p)
{
	const struct lesson *l = h->net->data;
	size_t rows = l->image_rows, cols = l->image_cols;
	size_t shown = p->n < CLASSES_PICTURES ? p->n : CLASSES_PICTURES;
	double lo, hi;
	picture_range(l->x, l->n_samples * l->n_inputs, 1, &lo, &hi);
	double *v = malloc(rows * cols * sizeof *v);
	if (!v)
		return -1;
	handout_section(h, "Pictures");
	char line[256];
	snprintf(line, sizeof line, "The first %zu test samples as the "
	         "network sees them: %zu x %zu pixels, a denser shade for "
	         "a larger input (from %g to %g).", shown, rows, cols, lo, hi);
	writer_gap(&h->w);
	handout_prose(h, "", 0, line);
	int rc = 0;
	for (size_t s = 0; s < shown && !rc; s++) {
		double t[LESSON_MAX_UNITS], o[LESSON_MAX_UNITS];
		for (size_t j = 0; j < p->no; j++) {
			t[j] = predictions_target(p, s, j);
			o[j] = predictions_output(p, s, j);
		}
		size_t label = confusion_argmax(t, p->no, 1);
		size_t guess = confusion_argmax(o, p->no, 1);
		char prob[48];
		handout_scalar(h, prob, sizeof prob, o[guess]);
		snprintf(line, sizeof line, "Test sample %zu: class %zu, "
		         "predicted %zu (output %s)%s.", s, label, guess, prob,
		         label == guess ? "" : ": wrong");
		writer_gap(&h->w);
		handout_prose(h, "", 0, line);
		for (size_t i = 0; i < rows * cols; i++)
			v[i] = predictions_input(p, s, i);
		struct plot_grid g = {0};
		rc = picture_grid(&g, v, rows, cols, lo, hi, h->utf8);
		if (!rc)
			put_grid(h, &g);
		plot_grid_free(&g);
	}
	free(v);
	return rc;
}

int classes_section_write(struct handout *h, const struct predictions *p,
                          struct diags *d)
{
	const struct lesson *l = h->net->data;
	int rc = 0;
	if (!h->fmt->prose || !confusion_applies(l))
		return 0;
	rc = confusion_section(h, p);
	if (!rc && l->image_rows && l->image_rows * l->image_cols == p->ni)
		rc = pictures_section(h, p);
	if (rc)
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE, "out of memory writing the confusion matrix");
	return rc;
}
