#include "tui/panes/network_pane.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/plans.h"
#include "tui/panes/text.h"

/* The pane lists items: per layer a header, then in*units weights, then
 * units biases.  A weight or bias item takes one row when its line fits
 * ("l0 1 ●─ -0.42772133 → -0.33473064 ─▶● l1 0"), else two (the
 * connection, then its values under it) or three (the new value on a row
 * of its own); the same for every item of the pane, chosen for the
 * widest line it may have once the update has run, so that rows do not
 * move when the new values appear. */

static size_t layer_in(const struct lesson *l, int k)
{
	return k == 1 ? l->n_inputs : (size_t)l->layers[k - 2].units;
}

static size_t layer_items(const struct net *n, int k)
{
	const struct lesson *l = n->lesson;
	size_t units = (size_t)l->layers[k - 1].units;
	size_t items = 1 + layer_in(l, k) * units;
	if (n->layer_tensor[k][ROLE_B] >= 0)
		items += units;
	return items;
}

/* Flat index in W of the weight from input i to unit j. */
static size_t w_index(const struct lesson *l, int k, size_t i, size_t j)
{
	size_t units = (size_t)l->layers[k - 1].units;
	return l->conv == CONV_ROWS ? i * units + j : j * layer_in(l, k) + i;
}

/* How the current operation touches cell idx of a layer's parameter
 * (W or B; the gradient and new value count too): 2 written, 1 read. */
static int touch(const struct view *v, int k, enum role base, size_t idx)
{
	const struct trace *t = &v->cur->trace;
	if (!t->n_ops)
		return 0;
	const struct op *op = cursor_op(v->cur);
	enum role grad = base == ROLE_W ? ROLE_DW : ROLE_DB;
	enum role next = base == ROLE_W ? ROLE_W_NEW : ROLE_B_NEW;
	const enum role roles[3] = {base, grad, next};
	int best = 0;
	for (int r = 0; r < 3; r++) {
		int ti = v->net->layer_tensor[k][roles[r]];
		if (ti < 0)
			continue;
		if ((int)op->tensor == ti && op->index == idx)
			return 2;
		const struct cell_ref *refs = trace_refs(t, v->cur->step);
		for (uint32_t i = 0; i < op->n_refs; i++)
			if ((int)refs[i].tensor == ti && refs[i].index == idx)
				best = 1;
	}
	return best;
}

/* First item the current operation touches, or 0. */
static size_t active_item(const struct view *v)
{
	const struct lesson *l = v->lesson;
	size_t base = 0;
	for (int k = 1; k <= l->n_layers; k++) {
		size_t in = layer_in(l, k), units = (size_t)l->layers[k - 1].units;
		for (size_t j = 0; j < units; j++)
			for (size_t i = 0; i < in; i++)
				if (touch(v, k, ROLE_W, w_index(l, k, i, j)))
					return base + 1 + j * in + i;
		if (v->net->layer_tensor[k][ROLE_B] >= 0)
			for (size_t j = 0; j < units; j++)
				if (touch(v, k, ROLE_B, j))
					return base + 1 + in * units + j;
		base += layer_items(v->net, k);
	}
	return 0;
}

/* What an item shows, in pieces: the source ("l0 1", "bias"), the
 * destination ("l1 0"), the value at the start of the iteration and the
 * new one ("" until the update computed it). */
struct item {
	int layer;             /* 1 .. n_layers */
	bool header;
	char src[LESSON_NAME_MAX + 24], dst[LESSON_NAME_MAX + 24];
	char old[NUMFMT_CELL_MAX], nv[NUMFMT_CELL_MAX];
	int touch;
};

/* The format of layer k's weights (bias false) or biases. */
static const struct numfmt *format(const struct view *v, int k, bool bias)
{
	static const struct numfmt none;
	int ti = v->net->layer_tensor[k][bias ? ROLE_B : ROLE_W];
	return ti >= 0 ? plans_get(v->plans, &v->cur->trace, v->precision, ti)
	               : &none;
}

static void values(const struct view *v, struct item *it, int k,
                   enum role base, size_t idx)
{
	const struct trace *t = &v->cur->trace;
	const struct net *n = v->net;
	const struct numfmt *f = format(v, k, base == ROLE_B);
	int ti = n->layer_tensor[k][base];
	int ni = n->layer_tensor[k][base == ROLE_W ? ROLE_W_NEW : ROLE_B_NEW];
	/* No zero with a sign: the tensor pane writes -0 as 0 too. */
	numfmt_cell_unsigned_zero(it->old, sizeof it->old,
	                          t->values[n->tensors[ti].offset + idx], f);
	long step = t->n_ops ? (long)v->cur->step : -1;
	it->nv[0] = '\0';
	if (ni >= 0 && trace_known(t, step, (uint32_t)ni, idx)) {
		const double *nw = t->values + n->tensors[ni].offset;
		numfmt_cell_unsigned_zero(it->nv, sizeof it->nv, nw[idx], f);
	}
	it->touch = touch(v, k, base, idx);
}

/* Item number `item` (counted over all layers). */
static void item_at(const struct view *v, size_t item, struct item *it)
{
	const struct lesson *l = v->lesson;
	const struct net *n = v->net;
	memset(it, 0, sizeof *it);
	for (int k = 1; k <= l->n_layers; k++) {
		size_t li = layer_items(n, k);
		if (item >= li) {
			item -= li;
			continue;
		}
		it->layer = k;
		if (item == 0) {
			it->header = true;
			return;
		}
		item--;
		const char *src = k == 1 ? n->tensors[n->input].name
		                         : n->tensors[n->layer_tensor[k - 1][ROLE_A]].name;
		const char *dst = n->tensors[n->layer_tensor[k][ROLE_A]].name;
		size_t in = layer_in(l, k), units = (size_t)l->layers[k - 1].units;
		if (item < in * units) {
			size_t j = item / in, i = item % in;
			snprintf(it->src, sizeof it->src, "%s %zu", src, i);
			snprintf(it->dst, sizeof it->dst, "%s %zu", dst, j);
			values(v, it, k, ROLE_W, w_index(l, k, i, j));
		} else {
			size_t j = item - in * units;
			snprintf(it->src, sizeof it->src, "bias");
			snprintf(it->dst, sizeof it->dst, "%s %zu", dst, j);
			values(v, it, k, ROLE_B, j);
		}
		return;
	}
}

/* Columns of layer k's widest connection line, new value included when
 * the lesson updates it: "src i ●─ old → new ─▶● dst j". */
static int widest_line(const struct view *v, int k, int *values_w)
{
	const struct net *n = v->net;
	const struct lesson *l = n->lesson;
	int node = text_width(glyphs_for(v->utf8)->node);
	int cw = format(v, k, false)->width, bw = format(v, k, true)->width;
	cw = bw > cw ? bw : cw;
	bool updates = n->layer_tensor[k][ROLE_W_NEW] >= 0;
	int vw = updates ? 2 * cw + 3 : cw;
	const char *src = k == 1 ? n->tensors[n->input].name
	                         : n->tensors[n->layer_tensor[k - 1][ROLE_A]].name;
	const char *dst = n->tensors[n->layer_tensor[k][ROLE_A]].name;
	char b[32];
	int iw = snprintf(b, sizeof b, "%zu", layer_in(l, k));
	int jw = snprintf(b, sizeof b, "%d", l->layers[k - 1].units);
	int sw = text_width(src) + 1 + iw;
	sw = sw > 4 ? sw : 4; /* "bias" */
	*values_w = vw;
	return sw + 1 + node + 1 + 1 + vw + 1 + 1 + 1 + node + 1 +
	       text_width(dst) + 1 + jw;
}

/* Rows each connection takes in a pane `cols` columns wide for its
 * lines (the marker column excluded): 1, 2 or 3. */
static int rows_per_item(const struct view *v, int cols)
{
	int rows = 1;
	for (int k = 1; k <= v->lesson->n_layers; k++) {
		int vw, lw = widest_line(v, k, &vw);
		if (lw > cols && rows < 2)
			rows = 2;
		if (4 + vw > cols)
			rows = 3;
	}
	return rows;
}

/* Layer k's header, as much of it as fits: "layer 1: 3 → 4, sigmoid,
 * syn0", then without the weights' name, then without the activation. */
static void header_text(const struct view *v, int k, char *buf, size_t cap,
                        int cols)
{
	const struct lesson *l = v->lesson;
	const struct glyphs *g = glyphs_for(v->utf8);
	size_t in = layer_in(l, k), units = (size_t)l->layers[k - 1].units;
	const char *act = activation_name(l->layers[k - 1].act);
	const char *wn = v->net->tensors[v->net->layer_tensor[k][ROLE_W]].name;
	snprintf(buf, cap, "layer %d: %zu %s %zu, %s, %s", k, in, g->arrow,
	         units, act, wn);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "layer %d: %zu %s %zu, %s", k, in, g->arrow, units,
	         act);
	if (text_width(buf) <= cols)
		return;
	snprintf(buf, cap, "layer %d: %zu %s %zu", k, in, g->arrow, units);
}

/* Row r (0 .. per - 1) of item it at row y. */
static void draw_item_row(const struct view *v, WINDOW *w, int y,
                          const struct item *it, int r, int per)
{
	const struct glyphs *g = glyphs_for(v->utf8);
	int width = getmaxx(w);
	char buf[512];
	if (it->header) {
		if (r == 0) {
			header_text(v, it->layer, buf, sizeof buf, width - 2);
			draw_text(w, v, y, 1, buf, width - 2, THEME_NAME);
		}
		return;
	}
	char val[2 * NUMFMT_CELL_MAX + 8];
	if (it->nv[0])
		snprintf(val, sizeof val, "%s %s %s", it->old, g->arrow, it->nv);
	else
		snprintf(val, sizeof val, "%s", it->old);
	if (per == 1)
		snprintf(buf, sizeof buf, "%s %s%s %s %s%s%s %s", it->src,
		         g->node, g->hline, val, g->hline, g->pointer, g->node,
		         it->dst);
	else if (r == 0)
		snprintf(buf, sizeof buf, "%s %s%s%s%s%s %s", it->src, g->node,
		         g->hline, g->hline, g->pointer, g->node, it->dst);
	else if (per == 2)
		snprintf(buf, sizeof buf, "    %s", val);
	else if (r == 1)
		snprintf(buf, sizeof buf, "    %s", it->old);
	else if (it->nv[0])
		snprintf(buf, sizeof buf, "    %s %s", g->arrow, it->nv);
	else
		buf[0] = '\0';
	enum theme_role role = it->touch == 2   ? THEME_CURRENT
	                       : it->touch == 1 ? THEME_OPERAND
	                                        : THEME_NORMAL;
	/* A marker besides the attribute: not by colour alone. */
	if (r == 0)
		draw_text(w, v, y, 0,
		          it->touch == 2 ? g->pointer : it->touch == 1 ? "*" : " ",
		          1, THEME_KEY);
	draw_text(w, v, y, 2, buf, width - 3, role);
}

/* The first row of item i (counted over all layers) when each
 * connection takes `per` rows: every header before it takes one. */
static size_t item_row(const struct view *v, size_t i, int per)
{
	size_t row = 0;
	for (int k = 1; k <= v->lesson->n_layers; k++) {
		size_t li = layer_items(v->net, k);
		if (i < li)
			return row + (i ? 1 + (i - 1) * (size_t)per : 0);
		row += 1 + (li - 1) * (size_t)per;
		i -= li;
	}
	return row;
}

void network_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w), width = getmaxx(w);
	draw_rule(w, v, "Network: weights on connections");
	if (!v->loaded) {
		wnoutrefresh(w);
		return;
	}
	int per = rows_per_item(v, width - 3);
	size_t items = 0;
	for (int k = 1; k <= v->lesson->n_layers; k++)
		items += layer_items(v->net, k);
	size_t rows = h > 1 ? (size_t)h - 1 : 0;
	size_t total = item_row(v, items, per);
	size_t act_row = item_row(v, active_item(v), per);
	/* The connection in use about the middle, whole. */
	size_t first = 0;
	if (total > rows && act_row + (size_t)per > rows / 2)
		first = act_row + (size_t)per - rows / 2;
	if (total > rows && first + rows > total)
		first = total - rows;
	/* Whole items only: one cut at the top or the bottom is left out
	 * (the list scrolls to it when it is in use). */
	int y = 1;
	struct item it;
	for (size_t i = 0; i < items && y < h; i++) {
		size_t row = item_row(v, i, per);
		if (row < first)
			continue;
		item_at(v, i, &it);
		int n = it.header ? 1 : per;
		if (y + n > h)
			break;
		for (int r = 0; r < n; r++)
			draw_item_row(v, w, y++, &it, r, n);
	}
	wnoutrefresh(w);
}
