#include "tui/panes/why_overlay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/formula.h"
#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/plans.h"

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
	int ind = l->depth * 2;
	switch (l->kind) {
	case 0:
		formula_symbolic(body, sizeof body, t,
		                 (size_t)t->written_at[te->offset +
		                                       l->cell.index],
		                 &fs);
		snprintf(buf, cap, "%*s%s = %s", ind, "", body, val);
		break;
	case 1:
		snprintf(buf, cap, "%*s%s = %s  (%s)", ind, "", name, val,
		         (int)l->cell.tensor == v->net->input ||
		                         (int)l->cell.tensor == v->net->target
		                 ? "data"
		                 : "parameter");
		break;
	case 2:
		snprintf(buf, cap, "%*s%s = %s  (see above)", ind, "", name, val);
		break;
	default:
		formula_numeric(body, sizeof body, t,
		                (size_t)t->written_at[te->offset + l->cell.index],
		                &fs);
		snprintf(buf, cap, "%*s  %s", ind, "", body);
		break;
	}
}

int why_overlay_lines(const struct view *v)
{
	struct why w;
	if (build(v, &w))
		return 0;
	int n = (int)w.n;
	free(w.lines);
	free(w.seen);
	return n;
}

void why_overlay_draw(WINDOW *win, const struct view *v)
{
	char title[256], name[LESSON_NAME_MAX + 48];
	const struct op *op = v->cur->trace.n_ops ? cursor_op(v->cur) : NULL;
	if (op)
		formula_cell_name(name, sizeof name, v->net,
		                  (struct cell_ref){op->tensor, op->index});
	snprintf(title, sizeof title, "Why %s? Where it came from", op ? name : "");
	draw_box(win, v, title);
	struct why w;
	if (build(v, &w)) {
		wnoutrefresh(win);
		return;
	}
	int h = getmaxy(win), width = getmaxx(win);
	char buf[4096];
	for (int y = 1; y < h - 1; y++) {
		size_t i = (size_t)(v->overlay_scroll + y - 1);
		if (i >= w.n)
			break;
		line_text(v, &w.lines[i], buf, sizeof buf);
		enum theme_role r = w.lines[i].kind == 0 ? THEME_NAME
		                    : w.lines[i].kind == 3 ? THEME_NORMAL
		                                           : THEME_DIM;
		if (i == 0)
			r = THEME_CURRENT;
		draw_text(win, v, y, 2, buf, width - 4, r);
	}
	if (w.n >= WHY_MAX_LINES)
		draw_text(win, v, h - 1, 2, " (cut at 400 lines) ", width - 4,
		          THEME_DIM);
	free(w.lines);
	free(w.seen);
	wnoutrefresh(win);
}
