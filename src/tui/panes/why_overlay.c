#include "tui/panes/why_overlay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/formula.h"
#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/layout.h"
#include "tui/panes/plans.h"
#include "tui/panes/text.h"

#define WHY_MAX_LINES 400
#define WHY_MAX_DEPTH 12

struct why_line {
	int depth;
	struct cell_ref cell;
	int kind;  /* 0 computed, 1 given, 2 shown above, 3 the calculation */
};

struct why {
	struct why_line *lines;
	size_t n;
	bool *seen;  /* (net->n_values) cells already listed */
};

static void add(struct why *w, int depth, struct cell_ref c, int kind)
{
	if (w->n < WHY_MAX_LINES)
		w->lines[w->n++] = (struct why_line){depth, c, kind};
}

static void walk(const struct view *v, struct why *w, struct cell_ref c,
                 int depth)
{
	const struct trace *t = &v->cur->trace;
	const struct tensor *te = &v->net->tensors[c.tensor];
	size_t at = te->offset + c.index;
	if (w->n >= WHY_MAX_LINES)
		return;
	int32_t step = te->given ? -1 : t->written_at[at];
	if (step < 0 || step > (int32_t)v->cur->step) {
		add(w, depth, c, 1);
		return;
	}
	if (w->seen[at]) {
		add(w, depth, c, 2);
		return;
	}
	w->seen[at] = true;
	add(w, depth, c, 0);
	if (depth == 0)
		add(w, depth, c, 3);
	if (depth >= WHY_MAX_DEPTH)
		return;
	const struct op *op = &t->ops[step];
	const struct cell_ref *r = trace_refs(t, (size_t)step);
	for (uint32_t i = 0; i < op->n_refs; i++)
		walk(v, w, r[i], depth + 1);
}

/* Builds the tree for the current operation; the caller frees lines and
 * seen. */
static int build(const struct view *v, struct why *w)
{
	memset(w, 0, sizeof *w);
	if (!v->loaded || !v->cur->trace.n_ops)
		return 0;
	w->lines = malloc(WHY_MAX_LINES * sizeof *w->lines);
	w->seen = calloc(v->net->n_values ? v->net->n_values : 1, 1);
	if (!w->lines || !w->seen) {
		free(w->lines);
		free(w->seen);
		memset(w, 0, sizeof *w);
		return -1;
	}
	const struct op *op = cursor_op(v->cur);
	walk(v, w, (struct cell_ref){op->tensor, op->index}, 0);
	return 0;
}

/* The text of tree line l without its indent. */
static void line_text(const struct view *v, const struct why_line *l,
                      char *buf, size_t cap)
{
	const struct trace *t = &v->cur->trace;
	const struct tensor *te = &v->net->tensors[l->cell.tensor];
	struct formula_style fs = {.precision = v->precision, .utf8 = v->utf8,
	                           .max_terms = 6};
	plans_style(v->plans, t, v->precision, &fs);
	char name[LESSON_NAME_MAX + 48];
	char val[NUMFMT_CELL_MAX + 8], body[2048];
	formula_cell_name(name, sizeof name, v->net, l->cell);
	/* as the formulas write it: its tensor's style, a true minus */
	formula_value(val, sizeof val, t, l->cell, &fs);
	switch (l->kind) {
	case 0:
		formula_symbolic(body, sizeof body, t,
		                 (size_t)t->written_at[te->offset +
		                                       l->cell.index],
		                 &fs);
		snprintf(buf, cap, "%s = %s", body, val);
		break;
	case 1:
		snprintf(buf, cap, "%s = %s  (%s)", name, val,
		         (int)l->cell.tensor == v->net->input ||
		                         (int)l->cell.tensor == v->net->target
		                 ? "data"
		                 : "parameter");
		break;
	case 2:
		snprintf(buf, cap, "%s = %s  (see above)", name, val);
		break;
	default:
		formula_numeric(body, sizeof body, t,
		                (size_t)t->written_at[te->offset + l->cell.index],
		                &fs);
		snprintf(buf, cap, "%s", body);
		break;
	}
}

/* Columns of a tree line's indent: two a level, two more for the
 * calculation under its operation. */
static int indent(const struct why_line *l)
{
	return l->depth * 2 + (l->kind == 3 ? 2 : 0);
}

/* Columns inside the overlay's frame, as the app sizes it. */
static int inner_width(const struct view *v)
{
	return layout_overlay_width(v->cols) - 4;
}

/* Tree line l wrapped into `width` columns: a line too long goes on over
 * more, indented two more (a number is never cut).  Returns the lines;
 * with w, draws those of them between the overlay's rows [*y, h - 1),
 * counting from visual line *vis (the first shown is overlay_scroll). */
static int wrap_line(WINDOW *w, const struct view *v, const struct why_line *l,
                     bool first, int width, int *vis, int *y, int h)
{
	char buf[4096];
	line_text(v, l, buf, sizeof buf);
	int ind = indent(l);
	int room = width - ind;
	if (room < 16)
		room = 16; /* deep in a narrow popup: drawn cut at the frame */
	struct text_line parts[64];
	size_t n = text_wrap(buf, room, parts, 64);
	/* Continuation lines are indented two more: wrap all to fit them. */
	if (n > 1)
		n = text_wrap(buf, room - 2, parts, 64);
	if (n > 64)
		n = 64;
	enum theme_role r = l->kind == 0 ? THEME_NAME
	                    : l->kind == 3 ? THEME_NORMAL
	                                   : THEME_DIM;
	if (first)
		r = THEME_CURRENT;
	for (size_t i = 0; i < n; i++, (*vis)++) {
		if (!w || *vis < v->overlay_scroll || *y >= h - 1)
			continue;
		int x = 2 + ind + (i ? 2 : 0);
		draw_textn(w, v, *y, x, buf + parts[i].start, parts[i].len,
		           width + 2 - x, r);
		(*y)++;
	}
	return (int)n;
}

int why_overlay_lines(const struct view *v)
{
	struct why w;
	if (build(v, &w))
		return 0;
	int vis = 0, y = 0;
	for (size_t i = 0; i < w.n; i++)
		wrap_line(NULL, v, &w.lines[i], i == 0, inner_width(v), &vis,
		          &y, 0);
	free(w.lines);
	free(w.seen);
	return vis;
}

/* "Why l1_dot[3,0]? Where it came from", or as much of it as fits in
 * `cols`: the name is never cut. */
static void title_text(const struct view *v, char *buf, size_t cap, int cols)
{
	const struct op *op = v->cur->trace.n_ops ? cursor_op(v->cur) : NULL;
	char name[LESSON_NAME_MAX + 48] = "";
	if (op)
		formula_cell_name(name, sizeof name, v->net,
		                  (struct cell_ref){op->tensor, op->index});
	snprintf(buf, cap, "Why %s? Where it came from", name);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "Why %s?", name);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "Why?");
}

void why_overlay_draw(WINDOW *win, const struct view *v)
{
	int h = getmaxy(win), width = getmaxx(win);
	char title[256];
	title_text(v, title, sizeof title, width - 6);
	draw_box(win, v, title);
	struct why w;
	if (build(v, &w)) {
		wnoutrefresh(win);
		return;
	}
	int vis = 0, y = 1;
	for (size_t i = 0; i < w.n && y < h - 1; i++)
		wrap_line(win, v, &w.lines[i], i == 0, width - 4, &vis, &y, h);
	if (w.n >= WHY_MAX_LINES)
		draw_text(win, v, h - 1, 2, " (cut at 400 lines) ", width - 4,
		          THEME_DIM);
	free(w.lines);
	free(w.seen);
	wnoutrefresh(win);
}
