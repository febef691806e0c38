#include "tui/panes/matrix_pane.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/plans.h"
#include "tui/panes/text.h"

#define GAP 2            /* columns between two tensors */
#define SMALL_ROWS 12    /* up to this size, numpy's brackets; beyond, */
#define SMALL_COLS 6     /* row and column indices */
#define SHELF_MIN 3      /* rows each row of tensors gets when short:
                            a header, indices, the cell in focus */

struct box {
	int tensor;
	int x, y, w, h;        /* in the pane's content area; h with header */
	int nat_h;             /* rows it would take in full */
	bool indexed;          /* indices instead of brackets */
	bool flat;             /* a vector shown 1-D, as numpy: [1.2  1.01] */
	int idxw;              /* characters of the row indices */
	int shelf;
	struct numfmt fmt;
	size_t row0, nrows;    /* the rows and columns in view */
	size_t col0, ncols;
	size_t grid_rows;      /* the tensor's rows and columns as shown */
	size_t grid_cols;      /* (a flat vector is one row) */
};

/* The tensors in the order the source computes them: the inputs, each
 * layer's weights next to the products they feed, then the targets and
 * the net's order for the rest (errors, backward, update). */
static size_t order(const struct net *n, int *out)
{
	size_t k = 0;
	bool *seen = calloc(n->n_tensors ? n->n_tensors : 1, 1);
	if (!seen)
		return 0;
#define ADD(t)                                                               \
	do {                                                                 \
		int t_ = (t);                                                \
		if (t_ >= 0 && !seen[t_]) {                                  \
			seen[t_] = true;                                     \
			out[k++] = t_;                                       \
		}                                                            \
	} while (0)
	ADD(n->input);
	static const enum role fwd[] = {ROLE_W, ROLE_B, ROLE_Z,
	                                ROLE_EXP, ROLE_SUM, ROLE_A};
	for (int l = 1; l <= n->lesson->n_layers; l++)
		for (size_t r = 0; r < sizeof fwd / sizeof *fwd; r++)
			ADD(n->layer_tensor[l][fwd[r]]);
	ADD(n->target);
	for (size_t i = 0; i < n->n_tensors; i++)
		ADD((int)i);
#undef ADD
	free(seen);
	return k;
}

static bool op_touches(const struct trace *t, size_t step, int tensor)
{
	const struct op *op = &t->ops[step];
	if ((int)op->tensor == tensor)
		return true;
	const struct cell_ref *r = trace_refs(t, step);
	for (uint32_t i = 0; i < op->n_refs; i++)
		if ((int)r[i].tensor == tensor)
			return true;
	return false;
}

static bool in_level(const struct view *v, int tensor, enum matrix_level lv)
{
	const struct trace *t = &v->cur->trace;
	if (!t->n_ops)
		return lv == MATRIX_ALL;
	if (lv == MATRIX_ALL)
		return true;
	if (op_touches(t, v->cur->step, tensor))
		return true;
	if (lv == MATRIX_ACTIVE)
		return false;
	return (int)v->net->tensors[tensor].phase == cursor_op(v->cur)->phase;
}

static int digits(size_t v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static void header(char *buf, size_t cap, const struct view *v,
                   const struct tensor *t)
{
	snprintf(buf, cap, "%s %zu%s%zu", t->name, t->rows,
	         glyphs_for(v->utf8)->by, t->cols);
}

/* Natural size of a tensor's box, its width clamped to maxw. */
static void measure(const struct view *v, int tensor, int maxw, struct box *b)
{
	const struct tensor *t = &v->net->tensors[tensor];
	memset(b, 0, sizeof *b);
	b->tensor = tensor;
	b->fmt = *plans_get(v->plans, &v->cur->trace, v->precision, tensor);
	int cw = b->fmt.width;
	size_t n = t->rows * t->cols;
	if (t->vector && n <= 2 * SMALL_COLS &&
	    2 + (int)n * (cw + 1) - 1 <= maxw) {
		/* What the source prints for its column vectors: one row. */
		char hb[LESSON_NAME_MAX + 64];
		snprintf(hb, sizeof hb, "%s (%zu)", t->name, n);
		int w = 2 + (int)n * (cw + 1) - 1, hw = text_width(hb);
		b->flat = true;
		b->w = w > hw ? w : hw;
		if (b->w > maxw)
			b->w = maxw;
		b->nrows = 1;
		b->ncols = n;
		b->nat_h = b->h = 2;
		return;
	}
	b->indexed = t->rows > SMALL_ROWS || t->cols > SMALL_COLS;
	b->idxw = digits(t->rows ? t->rows - 1 : 0);
	int fixed = b->indexed ? b->idxw + 1 : 4;
	int w = fixed + (int)t->cols * (cw + 1) - (b->indexed ? 0 : 1);
	size_t ncols = t->cols;
	if (w > maxw) {
		/* Too wide: show as many columns as fit, with indices. */
		if (!b->indexed) {
			b->indexed = true;
			fixed = b->idxw + 1;
		}
		long fit = (maxw - fixed) / (cw + 1);
		ncols = fit < 1 ? 1 : (size_t)fit;
		w = fixed + (int)ncols * (cw + 1);
	}
	char hb[LESSON_NAME_MAX + 64];
	header(hb, sizeof hb, v, t);
	int hw = text_width(hb);
	b->w = w > hw ? w : hw;
	if (b->w > maxw)
		b->w = maxw;
	b->ncols = ncols;
	b->nrows = t->rows;
	b->nat_h = 1 + (b->indexed ? 1 : 0) + (int)t->rows;
	b->h = b->nat_h;
}

#define SHELVES_MAX 64   /* shelves given rows; more are not shown */

/* Measures the tensors of a level, in the source's order, and places
 * them left to right in rows of tensors ("shelves") across `width`.
 * Returns the number of boxes; *shelves gets the number of shelves. */
static size_t shelve(const struct view *v, int width, enum matrix_level lv,
                     struct box *boxes, int *shelves)
{
	const struct net *n = v->net;
	int *ord = malloc((n->n_tensors ? n->n_tensors : 1) * sizeof *ord);
	*shelves = 0;
	if (!ord)
		return 0;
	size_t no = order(n, ord), k = 0;
	int x = 0, shelf = 0;
	for (size_t i = 0; i < no; i++) {
		if (!in_level(v, ord[i], lv))
			continue;
		struct box *b = &boxes[k];
		measure(v, ord[i], width, b);
		if (x > 0 && x + b->w > width) {
			shelf++;
			x = 0;
		}
		b->x = x;
		b->shelf = shelf;
		x += b->w + GAP;
		k++;
	}
	free(ord);
	*shelves = k ? shelf + 1 : 0;
	return k;
}

/* Shares `height` rows, fewer than the shelves' natural heights nat[],
 * into alloc[]: first up to SHELF_MIN rows each -- the shelf with the
 * cell being computed first, later ones dropped when even that does not
 * fit -- then what is left, in the same order, up to each one's natural
 * height. */
static void share_short(const struct view *v, const struct box *boxes,
                        size_t k, int shelves, const int *nat, int height,
                        int *alloc)
{
	int first = 0;
	const struct trace *tr = &v->cur->trace;
	for (size_t i = 0; i < k && tr->n_ops; i++)
		if (boxes[i].tensor == (int)cursor_op(v->cur)->tensor)
			first = boxes[i].shelf < SHELVES_MAX ? boxes[i].shelf : 0;
	int rem = height;
	for (int j = -1; j < shelves; j++) {
		int s = j < 0 ? first : j;
		if (j >= 0 && s == first)
			continue;
		int want = nat[s] < SHELF_MIN ? nat[s] : SHELF_MIN;
		if (want > rem)
			continue;
		alloc[s] = want;
		rem -= want;
	}
	for (int j = -1; j < shelves && rem > 0; j++) {
		int s = j < 0 ? first : j;
		if (!alloc[s] || (j >= 0 && s == first))
			continue;
		int extra = nat[s] - alloc[s];
		if (extra > rem)
			extra = rem;
		alloc[s] += extra;
		rem -= extra;
	}
}

/* Gives each box its shelf's row ys[] and at most its rows alloc[]; a
 * box cut short shows fewer rows, with indices, or nothing (h 0) when
 * not even one row of cells fits. */
static void clip_boxes(struct box *boxes, size_t k, const int *ys,
                       const int *alloc)
{
	for (size_t i = 0; i < k; i++) {
		struct box *b = &boxes[i];
		int s = b->shelf < SHELVES_MAX ? b->shelf : SHELVES_MAX - 1;
		b->y = ys[s];
		b->h = b->nat_h < alloc[s] ? b->nat_h : alloc[s];
		int content = b->h - 1 - (b->indexed ? 1 : 0);
		if (content < 1) {
			b->h = 0;
			continue;
		}
		if ((size_t)content < b->nrows) {
			b->nrows = (size_t)content;
			if (!b->indexed) {
				/* Clipped: brackets would lie; use indices. */
				b->indexed = true;
				b->nrows = content > 1 ? (size_t)content - 1 : 1;
				if (b->h < 3)
					b->h = 0;
			}
		}
	}
}

/* Places the boxes of a level in shelves across `width`; with `height`
 * > 0, shares that many rows among the shelves (share_short) and clips
 * the boxes.  Returns the rows used. */
static int pack(const struct view *v, int width, int height,
                enum matrix_level lv, struct box *boxes, size_t *nb)
{
	int shelves;
	size_t k = shelve(v, width, lv, boxes, &shelves);
	*nb = k;
	int nat[SHELVES_MAX] = {0}, alloc[SHELVES_MAX] = {0};
	if (shelves > SHELVES_MAX)
		shelves = SHELVES_MAX;
	for (size_t i = 0; i < k; i++)
		if (boxes[i].shelf < SHELVES_MAX &&
		    boxes[i].nat_h > nat[boxes[i].shelf])
			nat[boxes[i].shelf] = boxes[i].nat_h;
	int total = 0;
	for (int s = 0; s < shelves; s++)
		total += nat[s] + (s ? 1 : 0);
	/* Short of rows: no blank line between shelves, and the shelf with
	 * the cell being computed is served first. */
	bool tight = height > 0 && total > height;
	int gap = tight ? 0 : 1;
	if (tight)
		share_short(v, boxes, k, shelves, nat, height, alloc);
	else
		memcpy(alloc, nat, sizeof alloc);
	int y = 0, used = 0;
	int ys[SHELVES_MAX];
	for (int s = 0; s < shelves; s++) {
		ys[s] = y;
		if (alloc[s]) {
			used = y + alloc[s];
			y += alloc[s] + gap;
		}
	}
	clip_boxes(boxes, k, ys, alloc);
	return used;
}

/* A lower bound of the rows a level needs, without planning numbers:
 * its tallest tensor. */
static int bound(const struct view *v, enum matrix_level lv)
{
	int most = 0;
	for (size_t i = 0; i < v->net->n_tensors; i++) {
		if (!in_level(v, (int)i, lv))
			continue;
		const struct tensor *t = &v->net->tensors[i];
		bool indexed = t->rows > SMALL_ROWS || t->cols > SMALL_COLS;
		long h = 1 + (long)t->rows + (indexed ? 1 : 0);
		if (h > most)
			most = h > INT_MAX / 2 ? INT_MAX / 2 : (int)h;
	}
	return most + 1;
}

int matrix_pane_need(const struct view *v, int width, enum matrix_level level,
                int max)
{
	if (!v->loaded)
		return 1;
	int b = bound(v, level);
	if (b > max && level != MATRIX_ACTIVE)
		return b;
	struct box *boxes = malloc((v->net->n_tensors + 1) * sizeof *boxes);
	if (!boxes)
		return 1;
	size_t nb;
	int rows = pack(v, width, 0, level, boxes, &nb);
	free(boxes);
	return rows + 1;
}

/* The cell to keep in view in tensor t: the one written, else the first
 * one read, else the same sample as the one written. */
static void focus(const struct view *v, int tensor, size_t *fr, size_t *fc)
{
	const struct trace *tr = &v->cur->trace;
	const struct tensor *t = &v->net->tensors[tensor];
	*fr = *fc = 0;
	if (!tr->n_ops)
		return;
	const struct op *op = cursor_op(v->cur);
	const struct tensor *tt = &v->net->tensors[op->tensor];
	if ((int)op->tensor == tensor) {
		*fr = op->index / t->cols;
		*fc = op->index % t->cols;
		return;
	}
	const struct cell_ref *r = trace_refs(tr, v->cur->step);
	for (uint32_t i = 0; i < op->n_refs; i++)
		if ((int)r[i].tensor == tensor) {
			*fr = r[i].index / t->cols;
			*fc = r[i].index % t->cols;
			return;
		}
	if (t->rows == tt->rows && t->rows > 1)
		*fr = op->index / tt->cols;
	if (t->cols == tt->cols && t->cols > 1)
		*fc = op->index % tt->cols;
}

static size_t window_start(size_t focus, size_t shown, size_t total)
{
	if (shown >= total)
		return 0;
	size_t half = shown / 2;
	size_t s = focus > half ? focus - half : 0;
	if (s + shown > total)
		s = total - shown;
	return s;
}

/* The name and shape over a box: "W1 8×1", or "b1 (4)" for a vector
 * shown flat. */
static void box_title(const struct view *v, WINDOW *w, const struct box *b,
                      int y)
{
	const struct tensor *t = &v->net->tensors[b->tensor];
	char hb[LESSON_NAME_MAX + 64];
	if (b->flat)
		snprintf(hb, sizeof hb, "%s (%zu)", t->name, b->ncols);
	else
		header(hb, sizeof hb, v, t);
	int nl = (int)strlen(t->name);
	draw_textn(w, v, y, b->x, hb, (size_t)nl, b->w, THEME_NAME);
	draw_text(w, v, y, b->x + nl, hb + nl, b->w - nl, THEME_DIM);
}

/* Which visible cells of b the current operation read, row by row
 * (nrows x ncols); the caller frees it.  NULL when out of memory. */
static bool *read_cells(const struct view *v, const struct box *b)
{
	const struct trace *tr = &v->cur->trace;
	size_t nvis = b->nrows * b->ncols;
	bool *read = calloc(nvis ? nvis : 1, 1);
	if (!read || !tr->n_ops)
		return read;
	const struct op *op = cursor_op(v->cur);
	const struct cell_ref *r = trace_refs(tr, v->cur->step);
	for (uint32_t i = 0; i < op->n_refs; i++) {
		if ((int)r[i].tensor != b->tensor)
			continue;
		size_t rr = r[i].index / b->grid_cols,
		       cc = r[i].index % b->grid_cols;
		if (rr >= b->row0 && rr < b->row0 + b->nrows &&
		    cc >= b->col0 && cc < b->col0 + b->ncols)
			read[(rr - b->row0) * b->ncols + cc - b->col0] = 1;
	}
	return read;
}

/* Cell idx of b's tensor as shown, cw wide, into cell: blank until
 * computed, "?" while a question hides it.  Returns its role: the cell
 * just computed, one the operation read, or neither. */
static enum theme_role cell_text(const struct view *v, const struct box *b,
                                 size_t idx, bool was_read, char *cell,
                                 size_t cap)
{
	const struct tensor *t = &v->net->tensors[b->tensor];
	const struct trace *tr = &v->cur->trace;
	const struct op *op = tr->n_ops ? cursor_op(v->cur) : NULL;
	long step = tr->n_ops ? (long)v->cur->step : -1;
	int cw = b->fmt.width;
	bool cur = op && (int)op->tensor == b->tensor && op->index == idx;
	if (cur && v->hiding) {
		snprintf(cell, cap, "%*s", cw, "?");
		return THEME_CURRENT;
	}
	if (!trace_known(tr, step, (uint32_t)b->tensor, idx)) {
		snprintf(cell, cap, "%*s", cw, "");
		return THEME_NORMAL;
	}
	numfmt_cell_unsigned_zero(cell, cap, tr->values[t->offset + idx],
	                          &b->fmt);
	return cur ? THEME_CURRENT : was_read ? THEME_OPERAND : THEME_NORMAL;
}

/* The column indices over an indexed box, at row y. */
static void index_row(const struct view *v, WINDOW *w, const struct box *b,
                      int y)
{
	int cw = b->fmt.width, cx = b->x + b->idxw + 1;
	char cell[NUMFMT_CELL_MAX + 8];
	for (size_t c = 0; c < b->ncols; c++) {
		snprintf(cell, sizeof cell, "%*zu", cw, b->col0 + c);
		draw_text(w, v, y, cx, cell, cw, THEME_INDEX);
		cx += cw + 1;
	}
}

/* Visible row r of b at row y: its index and a rule, or numpy's
 * brackets, around the cells. */
static void cell_row(const struct view *v, WINDOW *w, const struct box *b,
                     int y, size_t r, const bool *read)
{
	size_t row = b->row0 + r;
	int cw = b->fmt.width, cx = b->x;
	char cell[NUMFMT_CELL_MAX + 8];
	if (b->indexed) {
		snprintf(cell, sizeof cell, "%*zu", b->idxw, row);
		draw_text(w, v, y, cx, cell, b->idxw, THEME_INDEX);
		draw_text(w, v, y, cx + b->idxw, glyphs_for(v->utf8)->vline, 1,
		          THEME_DIM);
		cx += b->idxw + 1;
	} else {
		const char *open = b->flat ? "["
		                   : b->grid_rows == 1 || row == 0 ? "[["
		                                                   : " [";
		cx += draw_text(w, v, y, cx, open, 2, THEME_NORMAL);
	}
	for (size_t c = 0; c < b->ncols; c++) {
		size_t idx = row * b->grid_cols + b->col0 + c;
		enum theme_role role = cell_text(v, b, idx,
		                                 read && read[r * b->ncols + c],
		                                 cell, sizeof cell);
		if (c)
			cx++;
		draw_text(w, v, y, cx, cell, cw, role);
		cx += cw;
	}
	if (!b->indexed) {
		const char *close = b->flat || row + 1 < b->grid_rows ? "]"
		                                                      : "]]";
		draw_text(w, v, y, cx, close, 2, THEME_NORMAL);
	}
}

/* Draws box b with its top at row oy + b->y, scrolled to keep the cell
 * in focus in view. */
static void draw_box_cells(const struct view *v, WINDOW *w, struct box *b,
                           int oy)
{
	const struct tensor *t = &v->net->tensors[b->tensor];
	size_t fr, fc;
	focus(v, b->tensor, &fr, &fc);
	b->row0 = b->flat ? 0 : window_start(fr, b->nrows, t->rows);
	b->col0 = b->flat ? 0 : window_start(fc, b->ncols, t->cols);
	/* A flat vector's cell c is its flat index c. */
	b->grid_rows = b->flat ? 1 : t->rows;
	b->grid_cols = b->flat ? b->ncols : t->cols;
	int y = oy + b->y;
	box_title(v, w, b, y++);
	bool *read = read_cells(v, b);
	if (b->indexed)
		index_row(v, w, b, y++);
	for (size_t r = 0; r < b->nrows; r++)
		cell_row(v, w, b, y++, r, read);
	free(read);
}

void matrix_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w), width = getmaxx(w);
	char title[512];
	const struct trace *tr = &v->cur->trace;
	if (!v->loaded || !tr->n_ops) {
		draw_rule(w, v, "Tensors");
		wnoutrefresh(w);
		return;
	}
	enum phase ph = (enum phase)cursor_op(v->cur)->phase;
	int len = snprintf(title, sizeof title, "Tensors %s %s phase",
	                   glyphs_for(v->utf8)->dot, phase_name(ph));
	/* A mini-batch lesson's rows are this batch's samples: which ones
	 * (from 0, in the data's order), as far as the rule has room (it
	 * ends a long title with … at a space, never inside a number). */
	size_t bs = v->net->lesson->n_samples;
	if (tr->samples && len > 0)
		len += snprintf(title + len, sizeof title - (size_t)len,
		                " %s sample%s", glyphs_for(v->utf8)->dot,
		                bs == 1 ? "" : "s");
	for (size_t i = 0; tr->samples && i < bs && len > 0 &&
	                   (size_t)len < sizeof title - 16 && len < width; i++)
		len += snprintf(title + len, sizeof title - (size_t)len,
		                "%s%u", i ? ", " : " ", tr->samples[i]);
	draw_rule(w, v, title);
	struct box *boxes = malloc((v->net->n_tensors + 1) * sizeof *boxes);
	if (!boxes) {
		wnoutrefresh(w);
		return;
	}
	size_t nb = 0;
	for (int lv = 0; lv < MATRIX_LEVELS; lv++) {
		if (lv != MATRIX_ACTIVE && bound(v, (enum matrix_level)lv) > h)
			continue;
		int rows = pack(v, width, 0, (enum matrix_level)lv, boxes, &nb);
		if (rows <= h - 1 || lv == MATRIX_ACTIVE) {
			if (rows > h - 1)
				pack(v, width, h - 1, (enum matrix_level)lv,
				     boxes, &nb);
			break;
		}
	}
	for (size_t i = 0; i < nb; i++)
		if (boxes[i].h > 0)
			draw_box_cells(v, w, &boxes[i], 1);
	free(boxes);
	wnoutrefresh(w);
}
