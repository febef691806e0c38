/* picture_pane: a sample as a picture, and the confusion matrix
 * (picture_pane.h). */
#include "tui/panes/picture_pane.h"

#include <stdio.h>
#include <string.h>

#include "model/confusion.h"
#include "render/numfmt.h"
#include "render/picture.h"
#include "tui/panes/draw.h"
#include "tui/panes/text.h"

/* Lines of text beside the picture: sample, row, label, guess, output. */
#define SIDE_LINES 5

/* Rows of the matrix: the line naming the network, the header, a row a
 * class. */
static int matrix_rows(const struct view_classes *c)
{
	return c->counts && c->matrix ? 2 + (int)c->matrix->k : 0;
}

static int picture_rows(const struct view_classes *c)
{
	if (!c->picture)
		return 0;
	return (int)c->rows > SIDE_LINES ? (int)c->rows : SIDE_LINES;
}

int picture_pane_min(const struct view *v)
{
	const struct view_classes *c = &v->classes;
	if (!v->loaded || !c->on)
		return 0;
	return 1 + (c->picture ? picture_rows(c) : matrix_rows(c));
}

int picture_pane_need(const struct view *v)
{
	const struct view_classes *c = &v->classes;
	if (!v->loaded || !c->on)
		return 0;
	return 1 + picture_rows(c) + matrix_rows(c);
}

/* The first of the forms that fits `cols`, at (y, x); a number is never
 * cut: when none fits, nothing. */
static void put_first(WINDOW *w, const struct view *v, int y, int x,
                      int cols, enum theme_role r, const char *const *forms,
                      int n)
{
	for (int i = 0; i < n; i++)
		if (forms[i][0] && text_width(forms[i]) <= cols) {
			draw_text(w, v, y, x, forms[i], cols, r);
			return;
		}
}

/* What is known of the sample, beside its picture. */
static void side_text(WINDOW *w, const struct view *v, int y, int x,
                      int cols)
{
	const struct view_classes *c = &v->classes;
	char a[64], b[64], num[NUMFMT_CELL_MAX];
	snprintf(a, sizeof a, "sample %zu", c->sample);
	snprintf(b, sizeof b, "#%zu", c->sample);
	put_first(w, v, y, x, cols, THEME_NAME, (const char *[]){a, b}, 2);
	snprintf(a, sizeof a, "row %zu of %zu", c->pos, c->batch);
	snprintf(b, sizeof b, "row %zu", c->pos);
	put_first(w, v, y + 1, x, cols, THEME_INDEX, (const char *[]){a, b}, 2);
	if (!c->classes)
		return;
	snprintf(a, sizeof a, "label %zu", c->label);
	put_first(w, v, y + 2, x, cols, THEME_NORMAL, (const char *[]){a}, 1);
	if (!c->guessed) {
		put_first(w, v, y + 3, x, cols, THEME_DIM,
		          (const char *[]){"guess: not yet", "guess ?"}, 2);
		return;
	}
	bool right = c->guess == c->label;
	snprintf(a, sizeof a, "guess %zu%s", c->guess, right ? "" : " (wrong)");
	snprintf(b, sizeof b, "guess %zu", c->guess);
	put_first(w, v, y + 3, x, cols, right ? THEME_RIGHT : THEME_WRONG,
	          (const char *[]){a, b}, 2);
	numfmt_scalar(num, sizeof num, c->prob, v->precision);
	snprintf(a, sizeof a, "output %s", num);
	put_first(w, v, y + 4, x, cols, THEME_NORMAL,
	          (const char *[]){a, num}, 2);
}

/* The sample's pixels, as the handout draws them. */
static void picture(WINDOW *w, const struct view *v, int y, int h, int width)
{
	const struct view_classes *c = &v->classes;
	struct plot_grid g = {0};
	if (picture_grid(&g, c->pixels, c->rows, c->cols, c->lo, c->hi,
	                 v->utf8))
		return;
	int pw = g.width < width - 2 ? g.width : width - 2;
	for (int r = 0; r < g.height && r < h; r++)
		for (int col = 0; col < pw; col++) {
			const struct plot_cell *cell =
				&g.cells[(size_t)r * (size_t)g.width + (size_t)col];
			draw_text(w, v, y + r, 1 + col, cell->glyph, 1,
			          THEME_NORMAL);
		}
	int x = 1 + g.width + 2;
	plot_grid_free(&g);
	if (x < width - 1)
		side_text(w, v, y, x, width - 1 - x);
}

/* Columns of a count: the widest, then a blank. */
static int count_width(const struct confusion *m)
{
	size_t most = m->k ? m->k - 1 : 0;
	for (size_t i = 0; i < m->k * m->k; i++)
		most = m->count[i] > most ? m->count[i] : most;
	char num[24];
	return snprintf(num, sizeof num, "%zu", most) + 1;
}

/* The matrix: which network, then "t\p" and the predicted classes, then
 * a row a true class; the diagonal in the colour of a right answer. */
static void matrix(WINDOW *w, const struct view *v, int y, int h, int width)
{
	const struct view_classes *c = &v->classes;
	const struct confusion *m = c->matrix;
	char a[96], b[96], d[96], e[64];
	const char *when = c->after ? "after" : "at";
	snprintf(a, sizeof a, "test data %s iteration %ld: %zu of %zu right",
	         when, c->iteration, m->right, m->n);
	snprintf(b, sizeof b, "test %s iteration %ld: %zu/%zu", when,
	         c->iteration, m->right, m->n);
	snprintf(d, sizeof d, "%s it. %ld: %zu/%zu", when, c->iteration,
	         m->right, m->n);
	snprintf(e, sizeof e, "%zu/%zu right", m->right, m->n);
	put_first(w, v, y, 1, width - 2, THEME_NAME,
	          (const char *[]){a, b, d, e}, 4);
	int cw = count_width(m), lw = 3;
	int need = lw + cw * (int)m->k;
	if (need > width - 2) {
		snprintf(a, sizeof a, "(the matrix needs %d columns)", need + 2);
		put_first(w, v, y + 1, 1, width - 2, THEME_DIM,
		          (const char *[]){a, "(too narrow)"}, 2);
		return;
	}
	draw_text(w, v, y + 1, 1, "t\\p", lw, THEME_INDEX);
	for (size_t j = 0; j < m->k; j++) {
		snprintf(a, sizeof a, "%*zu", cw, j);
		draw_text(w, v, y + 1, 1 + lw + cw * (int)j, a, cw, THEME_INDEX);
	}
	for (size_t t = 0; t < m->k && 2 + (int)t < h; t++) {
		int row = y + 2 + (int)t;
		snprintf(a, sizeof a, "%*zu", lw, t);
		draw_text(w, v, row, 1, a, lw, THEME_INDEX);
		for (size_t j = 0; j < m->k; j++) {
			size_t n = m->count[t * m->k + j];
			snprintf(a, sizeof a, "%*zu", cw, n);
			enum theme_role r = t == j ? THEME_RIGHT
			                    : n     ? THEME_NORMAL
			                            : THEME_DIM;
			draw_text(w, v, row, 1 + lw + cw * (int)j, a, cw, r);
		}
	}
}

void picture_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	const struct view_classes *c = &v->classes;
	draw_rule(w, v, c->picture ? "Sample" : "Confusion matrix");
	int h = getmaxy(w) - 1, width = getmaxx(w), y = 1;
	if (!v->loaded || !c->on) {
		wnoutrefresh(w);
		return;
	}
	if (c->picture) {
		picture(w, v, y, h, width);
		y += picture_rows(c);
		h -= picture_rows(c);
	}
	if (c->counts && h > 0) {
		if (c->failed)
			draw_text(w, v, y, 1, "No matrix: out of memory.",
			          width - 2, THEME_ERROR);
		else if (c->matrix && h >= matrix_rows(c))
			matrix(w, v, y, h, width);
		else if (c->matrix)
			put_first(w, v, y, 1, width - 2, THEME_DIM,
			          (const char *[]){"(the confusion matrix needs "
			                           "a taller terminal)",
			                           "(no room for the matrix)"},
			          2);
	}
	wnoutrefresh(w);
}
