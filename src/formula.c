#include "formula.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "numfmt.h"

/* A bounded string builder: appends never overflow, the result is always
 * terminated, and `len` counts what fitted. */
struct out {
	char *buf;
	size_t cap, len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	if (o->len + 1 >= o->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->len += (size_t)n;
	if (o->len >= o->cap)
		o->len = o->cap - 1;
}

struct glyphs {
	const char *times, *minus, *sigma, *sum, *dot, *ell, *squared;
};

static const struct glyphs utf8_glyphs = {"×", "−", "σ", "Σ", "·", "…", "²"};
static const struct glyphs ascii_glyphs = {"*", "-", "sigmoid", "sum", ".",
                                           "...", "^2"};

static const struct glyphs *glyphs(const struct formula_style *s)
{
	return s->utf8 ? &utf8_glyphs : &ascii_glyphs;
}

/* A number at the style's precision; in UTF-8 a true minus sign. */
static void num(struct out *o, const struct formula_style *s, double v)
{
	char b[NUMFMT_CELL_MAX];
	numfmt_scalar(b, sizeof b, v, s->precision);
	if (b[0] == '-' && s->utf8)
		put(o, "−%s", b + 1);
	else
		put(o, "%s", b);
}

/* A number with the sign flipped, for e^(-z) written as e^z'. */
static void neg_num(struct out *o, const struct formula_style *s, double v)
{
	num(o, s, v == 0 ? 0.0 : -v);
}

size_t formula_cell_name(char *buf, size_t cap, const struct net *n,
                         struct cell_ref c)
{
	const struct tensor *t = &n->tensors[c.tensor];
	int len;
	if (t->rows == 1 && t->cols == 1)
		len = snprintf(buf, cap, "%s", t->name);
	else
		len = snprintf(buf, cap, "%s[%zu,%zu]", t->name,
		               (size_t)c.index / t->cols,
		               (size_t)c.index % t->cols);
	return len < 0 ? 0 : (size_t)len;
}

static void cell(struct out *o, const struct net *n, struct cell_ref c)
{
	char b[LESSON_NAME_MAX + 48];
	formula_cell_name(b, sizeof b, n, c);
	put(o, "%s", b);
}

/* How many terms of a long sum to show. */
static size_t shown(const struct formula_style *s, size_t n)
{
	return s->max_terms > 0 && n > (size_t)s->max_terms ? (size_t)s->max_terms
	                                                    : n;
}

static void more(struct out *o, const struct formula_style *s, size_t n,
                 size_t k)
{
	if (k < n)
		put(o, " + %s (%zu more)", glyphs(s)->ell, n - k);
}

/* (a1 x b1) + (a2 x b2) + ... over operand pairs [first, first+2n). */
static void products(struct out *o, const struct trace *t,
                     const struct cell_ref *r, size_t pairs,
                     const struct formula_style *s)
{
	size_t k = shown(s, pairs);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put(o, " + ");
		put(o, "(");
		num(o, s, trace_value(t, r[2 * i]));
		put(o, " %s ", glyphs(s)->times);
		num(o, s, trace_value(t, r[2 * i + 1]));
		put(o, ")");
	}
	more(o, s, pairs, k);
}

static void terms(struct out *o, const struct trace *t,
                  const struct cell_ref *r, size_t n, const char *sep,
                  const char *wrap_l, const char *wrap_r,
                  const struct formula_style *s)
{
	size_t k = shown(s, n);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put(o, "%s", sep);
		put(o, "%s", wrap_l);
		num(o, s, trace_value(t, r[i]));
		put(o, "%s", wrap_r);
	}
	more(o, s, n, k);
}

static void loss_terms(struct out *o, const struct trace *t,
                       const struct op *op, enum loss_kind kind,
                       const struct formula_style *s)
{
	const struct lesson *l = t->net->lesson;
	const struct glyphs *g = glyphs(s);
	const struct cell_ref *r = t->refs + op->first_ref;
	size_t n = op->n_refs;
	bool mean = l->reduction == REDUCE_MEAN;
	if (kind == LOSS_ERROR) {
		put(o, "%s(", mean ? "mean" : "sum");
		terms(o, t, r, n, ", ", "|", "|", s);
		put(o, ")");
		return;
	}
	/* operands alternate a, y */
	size_t pairs = n / 2, k = shown(s, pairs);
	if (kind == LOSS_BCE || kind == LOSS_CCE)
		put(o, "%s(", g->minus);
	else
		put(o, "(");
	for (size_t i = 0; i < k; i++) {
		double a = trace_value(t, r[2 * i]), y = trace_value(t, r[2 * i + 1]);
		if (i)
			put(o, " + ");
		switch (kind) {
		case LOSS_SQUARED:
			put(o, "(");
			num(o, s, a);
			put(o, " %s ", g->minus);
			num(o, s, y);
			put(o, ")%s", glyphs(s)->squared);
			break;
		case LOSS_ABSOLUTE:
			put(o, "|");
			num(o, s, a);
			put(o, " %s ", g->minus);
			num(o, s, y);
			put(o, "|");
			break;
		case LOSS_BCE:
			put(o, "[");
			num(o, s, y);
			put(o, " ln ");
			num(o, s, a);
			put(o, " + (1 %s ", g->minus);
			num(o, s, y);
			put(o, ") ln(1 %s ", g->minus);
			num(o, s, a);
			put(o, ")]");
			break;
		default:
			num(o, s, y);
			put(o, " ln ");
			num(o, s, a);
			break;
		}
	}
	more(o, s, pairs, k);
	put(o, ")");
	if (mean)
		put(o, " / %zu", l->n_samples);
}

size_t formula_numeric(char *buf, size_t cap, const struct trace *t,
                       size_t step, const struct formula_style *s)
{
	struct out o = {buf, cap, 0};
	if (cap)
		buf[0] = '\0';
	const struct op *op = &t->ops[step];
	const struct net *n = t->net;
	const struct lesson *l = n->lesson;
	const struct tensor *tt = &n->tensors[op->tensor];
	const struct layer_spec *ls = tt->layer ? &l->layers[tt->layer - 1]
	                                        : NULL;
	const struct glyphs *g = glyphs(s);
	const struct cell_ref *r = t->refs + op->first_ref;
	size_t nr = op->n_refs;
	double mean_div = l->reduction == REDUCE_MEAN ? (double)l->n_samples : 1;

	switch (op->kind) {
	case OP_DOT:
		products(&o, t, r, nr / 2, s);
		if (nr % 2) {
			put(&o, " + ");
			num(&o, s, trace_value(t, r[nr - 1]));
		}
		break;
	case OP_BACKPROP:
	case OP_GRAD:
		products(&o, t, r, nr / 2, s);
		break;
	case OP_IDENTITY:
		num(&o, s, trace_value(t, r[0]));
		break;
	case OP_SIGMOID:
		put(&o, "%s(", g->sigma);
		num(&o, s, trace_value(t, r[0]));
		put(&o, ") = 1 / (1 + e^");
		neg_num(&o, s, trace_value(t, r[0]));
		put(&o, ")");
		break;
	case OP_TANH:
		put(&o, "tanh(");
		num(&o, s, trace_value(t, r[0]));
		put(&o, ")");
		break;
	case OP_RELU:
		put(&o, "max(0, ");
		num(&o, s, trace_value(t, r[0]));
		put(&o, ")");
		break;
	case OP_SOFTPLUS:
		put(&o, "ln(1 + e^");
		num(&o, s, trace_value(t, r[0]));
		put(&o, ")");
		break;
	case OP_EXP:
		put(&o, "e^");
		num(&o, s, trace_value(t, r[0]));
		break;
	case OP_SUM:
		terms(&o, t, r, nr, " + ", "", "", s);
		break;
	case OP_DIV:
		num(&o, s, trace_value(t, r[0]));
		put(&o, " / ");
		num(&o, s, trace_value(t, r[1]));
		break;
	case OP_ERROR: {
		if (tt->role == GLOBAL_RESIDUAL) {
			num(&o, s, trace_value(t, r[0]));
			put(&o, " %s ", g->minus);
			num(&o, s, trace_value(t, r[1]));
			break;
		}
		double y = trace_value(t, r[0]), a = trace_value(t, r[1]);
		switch (l->loss) {
		case LOSS_ERROR:
			num(&o, s, y);
			put(&o, " %s ", g->minus);
			num(&o, s, a);
			break;
		case LOSS_SQUARED:
			put(&o, "2 %s (", g->times);
			num(&o, s, a);
			put(&o, " %s ", g->minus);
			num(&o, s, y);
			put(&o, ")");
			break;
		case LOSS_ABSOLUTE:
			put(&o, "sign(");
			num(&o, s, a);
			put(&o, " %s ", g->minus);
			num(&o, s, y);
			put(&o, ")");
			break;
		case LOSS_BCE:
			put(&o, "%s", g->minus);
			num(&o, s, y);
			put(&o, " / ");
			num(&o, s, a);
			put(&o, " + (1 %s ", g->minus);
			num(&o, s, y);
			put(&o, ") / (1 %s ", g->minus);
			num(&o, s, a);
			put(&o, ")");
			break;
		default:
			put(&o, "%s", g->minus);
			num(&o, s, y);
			put(&o, " / ");
			num(&o, s, a);
			break;
		}
		if (l->loss != LOSS_ERROR && mean_div != 1)
			put(&o, " / %zu", l->n_samples);
		break;
	}
	case OP_DERIV: {
		double v = trace_value(t, r[0]);
		bool from_a = ls && ls->deriv == DERIV_FROM_OUTPUT;
		if (tt->role == ROLE_DERIV_WRONG) {
			num(&o, s, v);
			put(&o, " %s (1 %s ", g->times, g->minus);
			num(&o, s, v);
			put(&o, ")");
			break;
		}
		if (tt->role == ROLE_DERIV_NUMERIC) {
			put(&o, "(%s(", g->sigma);
			num(&o, s, v);
			put(&o, " + 0.00001) %s %s(", g->minus, g->sigma);
			num(&o, s, v);
			put(&o, " %s 0.00001)) / 0.00002", g->minus);
			break;
		}
		if (tt->role == ROLE_DERIV_OTHER)
			from_a = !from_a;
		if (ls && ls->deriv_scale != 1) {
			num(&o, s, ls->deriv_scale);
			put(&o, " %s ", g->times);
		}
		switch (ls ? ls->act : ACT_IDENTITY) {
		case ACT_SIGMOID:
			if (from_a) {
				num(&o, s, v);
				put(&o, " %s (1 %s ", g->times, g->minus);
				num(&o, s, v);
				put(&o, ")");
			} else {
				put(&o, "%s(", g->sigma);
				num(&o, s, v);
				put(&o, ") %s (1 %s %s(", g->times, g->minus,
				    g->sigma);
				num(&o, s, v);
				put(&o, "))");
			}
			break;
		case ACT_TANH:
			put(&o, "1 %s ", g->minus);
			if (from_a) {
				num(&o, s, v);
				put(&o, "%s", g->squared);
			} else {
				put(&o, "tanh(");
				num(&o, s, v);
				put(&o, ")%s", g->squared);
			}
			break;
		case ACT_RELU:
			put(&o, "(");
			num(&o, s, v);
			put(&o, " > 0 ? 1 : 0)");
			break;
		case ACT_SOFTPLUS:
			put(&o, "%s(", g->sigma);
			num(&o, s, v);
			put(&o, ")");
			break;
		default:
			put(&o, "1");
			break;
		}
		break;
	}
	case OP_DELTA:
		if (ls && ls->act == ACT_SOFTMAX && nr == 2) {
			num(&o, s, trace_value(t, r[0]));
			put(&o, " %s ", g->minus);
			num(&o, s, trace_value(t, r[1]));
			if (mean_div != 1)
				put(&o, " / %zu", l->n_samples);
		} else if (ls && ls->act == ACT_SOFTMAX) {
			/* pairs (error_j, a_j), then a_i */
			size_t pairs = (nr - 1) / 2, k = shown(s, pairs);
			double ai = trace_value(t, r[nr - 1]);
			for (size_t j = 0; j < k; j++) {
				if (j)
					put(&o, " + ");
				num(&o, s, trace_value(t, r[2 * j]));
				put(&o, " %s ", g->times);
				num(&o, s, trace_value(t, r[2 * j + 1]));
				put(&o, " %s (%s %s ", g->times,
				    r[2 * j + 1].index == r[nr - 1].index ? "1"
				                                          : "0",
				    g->minus);
				num(&o, s, ai);
				put(&o, ")");
			}
			more(&o, s, pairs, k);
		} else {
			num(&o, s, trace_value(t, r[0]));
			put(&o, " %s ", g->times);
			num(&o, s, trace_value(t, r[1]));
		}
		break;
	case OP_BIAS_GRAD:
		put(&o, "(");
		terms(&o, t, r, nr, " + ", "", "", s);
		put(&o, ")");
		if (l->bias_grad == REDUCE_MEAN)
			put(&o, " / %zu", l->n_samples);
		break;
	case OP_UPDATE:
		num(&o, s, trace_value(t, r[0]));
		put(&o, " %s ", l->loss == LOSS_ERROR ? "+" : g->minus);
		num(&o, s, l->learning_rate);
		put(&o, " %s ", g->times);
		num(&o, s, trace_value(t, r[1]));
		break;
	case OP_LOSS:
		loss_terms(&o, t, op, l->loss, s);
		break;
	case OP_METRIC:
		loss_terms(&o, t, op, (enum loss_kind)tt->metric_loss, s);
		break;
	case OP_ACCURACY:
		put(&o, "right answers / %zu", l->n_samples);
		break;
	default:
		break;
	}
	put(&o, " = ");
	num(&o, s, op->value);
	return o.len;
}

/* "l0[2,:]" when the cells share a row, "syn0[:,0]" when they share a
 * column, the tensor's name otherwise: a slice of operand refs r[i*step]. */
static void slice(struct out *o, const struct net *n, const struct cell_ref *r,
                  size_t count, size_t stride)
{
	const struct tensor *t = &n->tensors[r[0].tensor];
	size_t row = r[0].index / t->cols, col = r[0].index % t->cols;
	bool same_row = true, same_col = true;
	for (size_t i = 1; i < count; i++) {
		size_t idx = r[i * stride].index;
		same_row &= idx / t->cols == row;
		same_col &= idx % t->cols == col;
	}
	if (count == 1)
		cell(o, n, r[0]);
	else if (same_row)
		put(o, "%s[%zu,:]", t->name, row);
	else if (same_col)
		put(o, "%s[:,%zu]", t->name, col);
	else
		put(o, "%s", t->name);
}

size_t formula_symbolic(char *buf, size_t cap, const struct trace *t,
                        size_t step, const struct formula_style *s)
{
	struct out o = {buf, cap, 0};
	if (cap)
		buf[0] = '\0';
	const struct op *op = &t->ops[step];
	const struct net *n = t->net;
	const struct lesson *l = n->lesson;
	const struct glyphs *g = glyphs(s);
	const struct cell_ref *r = t->refs + op->first_ref;
	size_t nr = op->n_refs;
	struct cell_ref target = {op->tensor, op->index};

	cell(&o, n, target);
	put(&o, " = ");
	switch (op->kind) {
	case OP_DOT:
	case OP_BACKPROP:
	case OP_GRAD:
		if (nr >= 2) {
			slice(&o, n, r, nr / 2, 2);
			put(&o, " %s ", g->dot);
			slice(&o, n, r + 1, nr / 2, 2);
		}
		if (nr % 2) {
			put(&o, " + ");
			cell(&o, n, r[nr - 1]);
		}
		break;
	case OP_SIGMOID:
	case OP_TANH:
	case OP_RELU:
	case OP_SOFTPLUS:
	case OP_EXP:
	case OP_IDENTITY: {
		static const char *fn[OP_KIND_COUNT] = {
			[OP_TANH] = "tanh", [OP_RELU] = "relu",
			[OP_SOFTPLUS] = "softplus", [OP_EXP] = "exp",
			[OP_IDENTITY] = ""};
		put(&o, "%s(", op->kind == OP_SIGMOID ? g->sigma : fn[op->kind]);
		cell(&o, n, r[0]);
		put(&o, ")");
		break;
	}
	case OP_SUM:
		put(&o, "%s ", g->sum);
		slice(&o, n, r, nr, 1);
		break;
	case OP_DIV:
		cell(&o, n, r[0]);
		put(&o, " / ");
		cell(&o, n, r[1]);
		break;
	case OP_ERROR:
		if (n->tensors[op->tensor].role == GLOBAL_RESIDUAL) {
			cell(&o, n, r[0]);
			put(&o, " %s ", g->minus);
			cell(&o, n, r[1]);
		} else if (l->loss == LOSS_ERROR) {
			cell(&o, n, r[0]);
			put(&o, " %s ", g->minus);
			cell(&o, n, r[1]);
		} else {
			put(&o, "dL/d");
			cell(&o, n, r[1]);
		}
		break;
	case OP_DERIV:
		put(&o, "f'(");
		cell(&o, n, r[0]);
		put(&o, ")");
		break;
	case OP_DELTA:
		if (nr == 2) {
			cell(&o, n, r[0]);
			put(&o, " %s ", op->n_refs == 2 && n->tensors[r[1].tensor].role ==
			                         GLOBAL_TARGET
			                 ? g->minus
			                 : g->times);
			cell(&o, n, r[1]);
		} else {
			put(&o, "%s_j ", g->sum);
			slice(&o, n, r, (nr - 1) / 2, 2);
			put(&o, " %s J", g->times);
		}
		break;
	case OP_BIAS_GRAD:
		put(&o, "%s ", l->bias_grad == REDUCE_MEAN ? "mean" : g->sum);
		slice(&o, n, r, nr, 1);
		break;
	case OP_UPDATE:
		cell(&o, n, r[0]);
		put(&o, " %s %s %s ", l->loss == LOSS_ERROR ? "+" : g->minus,
		    "rate", g->times);
		cell(&o, n, r[1]);
		break;
	case OP_LOSS:
		put(&o, "%s loss", loss_name(l->loss));
		break;
	case OP_METRIC:
		put(&o, "%s loss",
		    loss_name((enum loss_kind)n->tensors[op->tensor].metric_loss));
		break;
	case OP_ACCURACY:
		put(&o, "share of samples classified right");
		break;
	default:
		break;
	}
	return o.len;
}

size_t formula_words(char *buf, size_t cap, const struct trace *t,
                     size_t step)
{
	struct out o = {buf, cap, 0};
	if (cap)
		buf[0] = '\0';
	const struct op *op = &t->ops[step];
	const struct net *n = t->net;
	const struct lesson *l = n->lesson;
	const struct tensor *tt = &n->tensors[op->tensor];
	const struct cell_ref *r = t->refs + op->first_ref;
	size_t nr = op->n_refs;

	switch (op->kind) {
	case OP_DOT:
		put(&o, "Weighted sum: ");
		slice(&o, n, r, nr / 2, 2);
		put(&o, " times ");
		slice(&o, n, r + 1, nr / 2, 2);
		put(&o, ", element by element, added up%s.",
		    nr % 2 ? ", plus the bias" : "");
		break;
	case OP_SIGMOID:
		put(&o, "The sigmoid squashes the weighted sum into (0, 1).");
		break;
	case OP_TANH:
		put(&o, "tanh squashes the weighted sum into (-1, 1).");
		break;
	case OP_RELU:
		put(&o, "ReLU keeps a positive sum and turns a negative one into 0.");
		break;
	case OP_SOFTPLUS:
		put(&o, "Softplus, a smooth ReLU: ln(1 + e^z).");
		break;
	case OP_IDENTITY:
		put(&o, "Identity activation: the output is the weighted sum.");
		break;
	case OP_EXP:
		put(&o, "Softmax, step 1: exponentiate each score.");
		break;
	case OP_SUM:
		put(&o, "Softmax, step 2: add the exponentials of this sample.");
		break;
	case OP_DIV:
		put(&o, "Softmax, step 3: divide by the sum, so the outputs add up to 1.");
		break;
	case OP_ERROR:
		if (tt->role == GLOBAL_RESIDUAL)
			put(&o, "Residual: the prediction minus the target.");
		else if (l->loss == LOSS_ERROR)
			put(&o, "Error: the target minus the prediction.");
		else
			put(&o, "Derivative of the %s loss with respect to this output.",
			    loss_name(l->loss));
		break;
	case OP_DERIV:
		if (tt->role == ROLE_DERIV_WRONG)
			put(&o, "The published (wrong) formula z(1 - z), applied "
			        "to z itself.");
		else if (tt->role == ROLE_DERIV_NUMERIC)
			put(&o, "Numerical check: the sigmoid's rise over a tiny "
			        "step on each side of z.");
		else
			put(&o, "Slope of the activation at this cell, computed "
			        "from %s.",
			    (l->layers[tt->layer - 1].deriv == DERIV_FROM_OUTPUT) !=
			                    (tt->role == ROLE_DERIV_OTHER)
			            ? "the activation's output"
			            : "the weighted sum z");
		break;
	case OP_DELTA:
		put(&o, "Delta: how much this unit's weighted sum should change.");
		break;
	case OP_BACKPROP:
		put(&o, "Error sent back: the deltas above, weighted by the connections they came through.");
		break;
	case OP_GRAD:
		put(&o, "Weight gradient: inputs times deltas, summed over the samples.");
		break;
	case OP_BIAS_GRAD:
		put(&o, "Bias gradient: the deltas, %s over the samples.",
		    l->bias_grad == REDUCE_MEAN ? "averaged" : "summed");
		break;
	case OP_UPDATE:
		put(&o, "Update: the parameter moves %s its gradient, scaled by the learning rate.",
		    l->loss == LOSS_ERROR ? "along" : "against");
		break;
	case OP_LOSS:
		put(&o, "The %s loss of this iteration's predictions.",
		    loss_name(l->loss));
		break;
	case OP_METRIC:
		put(&o, "Also reported: the %s loss.",
		    loss_name((enum loss_kind)tt->metric_loss));
		break;
	case OP_ACCURACY:
		put(&o, "Accuracy: the share of the %zu samples classified right.",
		    l->n_samples);
		break;
	default:
		break;
	}
	return o.len;
}
