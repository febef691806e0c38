#include "tui/panes/network_pane.h"

#include <stdio.h>
#include <string.h>

#include "core/glyphs.h"
#include "render/numfmt.h"
#include "tui/panes/draw.h"
#include "tui/panes/plans.h"

/* Lines of layer k: a header, then in*units weights, then units biases. */
static size_t layer_in(const struct lesson *l, int k)
{
	return k == 1 ? l->n_inputs : (size_t)l->layers[k - 2].units;
}

static size_t layer_lines(const struct net *n, int k)
{
	const struct lesson *l = n->lesson;
	size_t units = (size_t)l->layers[k - 1].units;
	size_t lines = 1 + layer_in(l, k) * units;
	if (n->layer_tensor[k][ROLE_B] >= 0)
		lines += units;
	return lines;
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

/* First line the current operation touches, or 0. */
static size_t active_line(const struct view *v)
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
		base += layer_lines(v->net, k);
	}
	return 0;
}

static void value_text(const struct view *v, char *buf, size_t cap, int k,
                       enum role base, size_t idx, const struct numfmt *f)
{
	const struct trace *t = &v->cur->trace;
	const struct net *n = v->net;
	int ti = n->layer_tensor[k][base];
	int ni = n->layer_tensor[k][base == ROLE_W ? ROLE_W_NEW : ROLE_B_NEW];
	char old[NUMFMT_CELL_MAX], nv[NUMFMT_CELL_MAX];
	numfmt_cell_unsigned_zero(old, sizeof old,
	                          t->values[n->tensors[ti].offset + idx], f);
	long step = t->n_ops ? (long)v->cur->step : -1;
	if (ni >= 0 && trace_known(t, step, (uint32_t)ni, idx)) {
		const double *nw = t->values + n->tensors[ni].offset;
		numfmt_cell_unsigned_zero(nv, sizeof nv, nw[idx], f);
		snprintf(buf, cap, "%s %s %s", old,
		         glyphs_for(v->utf8)->arrow, nv);
	} else {
		snprintf(buf, cap, "%s", old);
	}
}

static void draw_line(const struct view *v, WINDOW *w, int y, size_t line,
                      const struct numfmt *fw, const struct numfmt *fb)
{
	const struct lesson *l = v->lesson;
	const struct net *n = v->net;
	const struct glyphs *g = glyphs_for(v->utf8);
	int width = getmaxx(w);
	char buf[512], val[2 * NUMFMT_CELL_MAX + 8];
	for (int k = 1; k <= l->n_layers; k++) {
		size_t ll = layer_lines(n, k);
		if (line >= ll) {
			line -= ll;
			continue;
		}
		const char *src = k == 1 ? n->tensors[n->input].name
		                         : n->tensors[n->layer_tensor[k - 1][ROLE_A]].name;
		const char *dst = n->tensors[n->layer_tensor[k][ROLE_A]].name;
		size_t in = layer_in(l, k), units = (size_t)l->layers[k - 1].units;
		if (line == 0) {
			snprintf(buf, sizeof buf, "layer %d: %zu %s %zu, %s, %s", k,
			         in, g->arrow, units,
			         activation_name(l->layers[k - 1].act),
			         n->tensors[n->layer_tensor[k][ROLE_W]].name);
			draw_text(w, v, y, 1, buf, width - 2, THEME_NAME);
			return;
		}
		line--;
		int t;
		if (line < in * units) {
			size_t j = line / in, i = line % in;
			size_t idx = w_index(l, k, i, j);
			value_text(v, val, sizeof val, k, ROLE_W, idx, fw);
			snprintf(buf, sizeof buf, "%s %zu %s%s %s %s%s%s %s %zu",
			         src, i, g->node, g->hline, val, g->hline,
			         g->pointer, g->node, dst, j);
			t = touch(v, k, ROLE_W, idx);
		} else {
			size_t j = line - in * units;
			value_text(v, val, sizeof val, k, ROLE_B, j, fb);
			snprintf(buf, sizeof buf, "bias %s%s %s %s%s%s %s %zu",
			         g->node, g->hline, val, g->hline,
			         g->pointer, g->node, dst, j);
			t = touch(v, k, ROLE_B, j);
		}
		/* A marker besides the attribute: not by colour alone. */
		draw_text(w, v, y, 0, t == 2 ? g->pointer : t == 1 ? "*" : " ", 1,
		          THEME_KEY);
		draw_text(w, v, y, 2, buf, width - 3,
		          t == 2 ? THEME_CURRENT : t == 1 ? THEME_OPERAND
		                                          : THEME_NORMAL);
		return;
	}
}

void network_pane_draw(WINDOW *w, const struct view *v)
{
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w);
	draw_rule(w, v, "Network: weights on connections");
	if (!v->loaded) {
		wnoutrefresh(w);
		return;
	}
	size_t total = 0;
	for (int k = 1; k <= v->lesson->n_layers; k++)
		total += layer_lines(v->net, k);
	size_t rows = h > 1 ? (size_t)h - 1 : 0;
	size_t act = active_line(v), first = 0;
	if (total > rows && act > rows / 2)
		first = act - rows / 2;
	if (total > rows && first + rows > total)
		first = total - rows;
	for (size_t r = 0; r < rows && first + r < total; r++) {
		/* Plan each line's format over its own tensor, as numpy. */
		size_t line = first + r, rest = line;
		int k = 1;
		for (; k <= v->lesson->n_layers; k++) {
			size_t ll = layer_lines(v->net, k);
			if (rest < ll)
				break;
			rest -= ll;
		}
		struct numfmt fb = {0};
		int bi = v->net->layer_tensor[k][ROLE_B];
		if (bi >= 0)
			fb = *plans_get(v->plans, &v->cur->trace, v->precision, bi);
		draw_line(v, w, 1 + (int)r, line,
		          plans_get(v->plans, &v->cur->trace, v->precision,
		                    v->net->layer_tensor[k][ROLE_W]), &fb);
	}
	wnoutrefresh(w);
}
