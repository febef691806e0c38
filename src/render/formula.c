#include "render/formula.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lesson/lesson.h"
#include "render/numfmt.h"

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

/* The same bounded append without a format: most pieces of a formula
 * are literals and glyphs, and running them through vsnprintf cost more
 * than the numbers did.  Cuts exactly as put() does. */
static void put_n(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->cap)
		return;
	size_t room = o->cap - 1 - o->len;
	if (n > room)
		n = room;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static inline void put_s(struct out *o, const char *s)
{
	put_n(o, s, strlen(s));
}

/* Several pieces in a row: PUTS(o, " ", g->times, " "). */
static void put_all(struct out *o, const char *const *p)
{
	for (; *p; p++)
		put_s(o, *p);
}

#define PUTS(o, ...) put_all((o), (const char *const[]){__VA_ARGS__, NULL})

/* `lead` then n in decimal, as put(o, "<lead>%zu", n) writes it. */
static void put_zu(struct out *o, const char *lead, size_t n)
{
	char b[24];
	size_t k = numfmt_decimal(b, n);
	put_s(o, lead);
	put_n(o, b, k);
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

/* The text of v at `precision`, through the style's cache when it has
 * one; `tmp` holds it otherwise. */
static size_t scalar_text(const struct formula_style *s, double v,
                          char tmp[NUMFMT_CELL_MAX], const char **text)
{
	struct formula_cache *c = s->cache;
	if (!c) {
		*text = tmp;
		return numfmt_scalar(tmp, NUMFMT_CELL_MAX, v, s->precision);
	}
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	uint64_t h = (bits ^ (uint64_t)s->precision) * 0x9E3779B97F4A7C15ULL;
	struct formula_cache_entry *e = &c->e[h >> 55]; /* 9 bits: 512 */
	if (!e->used || e->precision != s->precision || e->bits != bits) {
		e->used = true;
		e->bits = bits;
		e->precision = s->precision;
		e->len = (unsigned char)numfmt_scalar(e->text, sizeof e->text,
		                                      v, s->precision);
	}
	*text = e->text;
	return e->len;
}

/* A number at the style's precision; in UTF-8 a true minus sign. */
static void num(struct out *o, const struct formula_style *s, double v)
{
	const char *b;
	char tmp[NUMFMT_CELL_MAX];
	size_t n = scalar_text(s, v, tmp, &b);
	if (n && b[0] == '-' && s->utf8) {
		put_n(o, "−", strlen("−"));
		put_n(o, b + 1, n - 1);
	} else {
		put_n(o, b, n);
	}
}

/* pre, the number, post: "tanh(0.5)", "e^2". */
static void num_in(struct out *o, const struct formula_style *s,
                   const char *pre, double v, const char *post)
{
	put_s(o, pre);
	num(o, s, v);
	put_s(o, post);
}

/* A number with the sign flipped, for e^(-z) written as e^z'. */
static void neg_num(struct out *o, const struct formula_style *s, double v)
{
	num(o, s, v == 0 ? 0.0 : -v);
}

/* Written by hand, not by snprintf: a handout names the cell of every
 * operation, and printf's format parsing took an eighth of its time.
 * Returns the length of the whole name, as snprintf would. */
size_t formula_cell_name(char *buf, size_t cap, const struct net *n,
                         struct cell_ref c)
{
	const struct tensor *t = &n->tensors[c.tensor];
	char name[LESSON_NAME_MAX + 48];
	size_t len = strnlen(t->name, LESSON_NAME_MAX);
	memcpy(name, t->name, len);
	if (t->rows != 1 || t->cols != 1) {
		name[len++] = '[';
		len += numfmt_decimal(name + len, (size_t)c.index / t->cols);
		name[len++] = ',';
		len += numfmt_decimal(name + len, (size_t)c.index % t->cols);
		name[len++] = ']';
	}
	if (cap) {
		size_t k = len < cap ? len : cap - 1;
		memcpy(buf, name, k);
		buf[k] = '\0';
	}
	return len;
}

static void cell(struct out *o, const struct net *n, struct cell_ref c)
{
	char b[LESSON_NAME_MAX + 48];
	formula_cell_name(b, sizeof b, n, c);
	put_s(o, b);
}

/* ---------------------------------------------------------------------
 * Clips.  Where the lesson's clip changed an operand, the text shows it
 * and the bound used in its place.  Whether it changed one is the
 * engine's own test (engine.c's sigmoid() and clip_low()) asked again of
 * the same doubles, so it answers as the engine did; the bound shown is
 * the lesson's, so the text still holds only given and recorded numbers.
 * ------------------------------------------------------------------- */

/* engine.c's step for the numerical derivative, written "0.00001". */
#define NUMERIC_STEP 1e-5

/* The sigmoid's input z lay outside [-C, C]. */
static bool z_clipped(const struct lesson *l, double z)
{
	return l->clip_sigmoid > 0 &&
	       (z < -l->clip_sigmoid || z > l->clip_sigmoid);
}

/* A probability (a, or 1 - a) lay below the clip and was raised to it. */
static bool p_clipped(const struct lesson *l, double p)
{
	return l->clip_probability > 0 && p < l->clip_probability;
}

/* ", −2, 2)": the rest of a clip of the sigmoid's input. */
static void clip_bounds(struct out *o, const struct formula_style *s,
                        const struct lesson *l)
{
	put_s(o, ", ");
	neg_num(o, s, l->clip_sigmoid);
	num_in(o, s, ", ", l->clip_sigmoid, ")");
}

/* The sigmoid's argument: "4", or "clip(4, −2, 2)" when `clipped`.  A
 * `step` sign ("+" or "−"; NULL for none) adds the numerical
 * derivative's step inside the clip: "clip(4 + 0.00001, −2, 2)". */
static void sig_arg(struct out *o, const struct formula_style *s,
                    const struct lesson *l, double z, const char *step,
                    bool clipped)
{
	if (clipped)
		put_s(o, "clip(");
	num(o, s, z);
	if (step)
		PUTS(o, " ", step, " 0.00001");
	if (clipped)
		clip_bounds(o, s, l);
}

/* "σ(4)", or "σ(clip(4, −2, 2))". */
static void sig_of(struct out *o, const struct formula_style *s,
                   const struct lesson *l, double z)
{
	PUTS(o, glyphs(s)->sigma, "(");
	sig_arg(o, s, l, z, NULL, z_clipped(l, z));
	put_s(o, ")");
}

/* A probability a as the cross-entropies use it: "0.5", or
 * "max(0.09003057, 0.1)" when the clip raised it. */
static void prob(struct out *o, const struct formula_style *s,
                 const struct lesson *l, double a)
{
	bool clipped = p_clipped(l, a);
	if (clipped)
		put_s(o, "max(");
	num(o, s, a);
	if (clipped)
		num_in(o, s, ", ", l->clip_probability, ")");
}

/* 1 - a likewise: "(1 − 0.5)", or "max(1 − 1, 0.000001)". */
static void one_minus(struct out *o, const struct formula_style *s,
                      const struct lesson *l, double a)
{
	bool clipped = p_clipped(l, 1.0 - a);
	PUTS(o, clipped ? "max(1 " : "(1 ", glyphs(s)->minus, " ");
	num(o, s, a);
	if (clipped)
		num_in(o, s, ", ", l->clip_probability, ")");
	else
		put_s(o, ")");
}

/* How many terms of a long sum to show. */
static size_t shown(const struct formula_style *s, size_t n)
{
	return s->max_terms > 0 && n > (size_t)s->max_terms ? (size_t)s->max_terms
	                                                    : n;
}

/* "… (N more)" after the first k of n terms, joined to them by the
 * separator the terms use, so a cut list reads like the whole one. */
static void more(struct out *o, const struct formula_style *s,
                 const char *sep, size_t n, size_t k)
{
	if (k < n) {
		PUTS(o, sep, glyphs(s)->ell);
		put_zu(o, " (", n - k);
		put_s(o, " more)");
	}
}

/* (a1 x b1) + (a2 x b2) + ... over operand pairs [first, first+2n). */
static void products(struct out *o, const struct trace *t,
                     const struct cell_ref *r, size_t pairs,
                     const struct formula_style *s)
{
	size_t k = shown(s, pairs);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put_s(o, " + ");
		put_s(o, "(");
		num(o, s, trace_value(t, r[2 * i]));
		PUTS(o, " ", glyphs(s)->times, " ");
		num(o, s, trace_value(t, r[2 * i + 1]));
		put_s(o, ")");
	}
	more(o, s, " + ", pairs, k);
}

static void terms(struct out *o, const struct trace *t,
                  const struct cell_ref *r, size_t n, const char *sep,
                  const char *wrap_l, const char *wrap_r,
                  const struct formula_style *s)
{
	size_t k = shown(s, n);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put_s(o, sep);
		put_s(o, wrap_l);
		num(o, s, trace_value(t, r[i]));
		put_s(o, wrap_r);
	}
	more(o, s, sep, n, k);
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
		PUTS(o, mean ? "mean" : "sum", "(");
		terms(o, t, r, n, ", ", "|", "|", s);
		put_s(o, ")");
		return;
	}
	/* operands alternate a, y */
	size_t pairs = n / 2, k = shown(s, pairs);
	if (kind == LOSS_BCE || kind == LOSS_CCE)
		PUTS(o, g->minus, "(");
	else
		put_s(o, "(");
	for (size_t i = 0; i < k; i++) {
		double a = trace_value(t, r[2 * i]), y = trace_value(t, r[2 * i + 1]);
		if (i)
			put_s(o, " + ");
		switch (kind) {
		case LOSS_SQUARED:
			put_s(o, "(");
			num(o, s, a);
			PUTS(o, " ", g->minus, " ");
			num(o, s, y);
			PUTS(o, ")", glyphs(s)->squared);
			break;
		case LOSS_ABSOLUTE:
			put_s(o, "|");
			num(o, s, a);
			PUTS(o, " ", g->minus, " ");
			num(o, s, y);
			put_s(o, "|");
			break;
		case LOSS_BCE:
			put_s(o, "[");
			num(o, s, y);
			put_s(o, " ln ");
			prob(o, s, l, a);
			PUTS(o, " + (1 ", g->minus, " ");
			num(o, s, y);
			put_s(o, p_clipped(l, 1.0 - a) ? ") ln " : ") ln");
			one_minus(o, s, l, a);
			put_s(o, "]");
			break;
		default:
			num(o, s, y);
			put_s(o, " ln ");
			prob(o, s, l, a);
			break;
		}
	}
	more(o, s, " + ", pairs, k);
	put_s(o, ")");
	if (mean)
		put_zu(o, " / ", l->n_samples);
}

/* The layer of the tensor op writes, or NULL for the global cells. */
static const struct layer_spec *layer_of(const struct net *n,
                                         const struct op *op)
{
	const struct tensor *tt = &n->tensors[op->tensor];
	return tt->layer ? &n->lesson->layers[tt->layer - 1] : NULL;
}

/* A derivative computed from the activation's output rather than from z;
 * the "other" one of compare-derivatives takes the other source. */
static bool deriv_from_a(const struct net *n, const struct op *op)
{
	const struct layer_spec *ls = layer_of(n, op);
	bool from_a = ls && ls->deriv == DERIV_FROM_OUTPUT;
	return n->tensors[op->tensor].role == ROLE_DERIV_OTHER ? !from_a
	                                                       : from_a;
}

enum clipped { CLIPPED_NONE, CLIPPED_Z, CLIPPED_P };

/* Which of the lesson's clips changed an operand of op `step`, if any:
 * the sigmoid's input (the sigmoid, and the derivatives that take a
 * sigmoid of z) or a probability (the cross-entropies' a and 1 - a). */
static enum clipped op_clipped(const struct trace *t, size_t step)
{
	const struct op *op = &t->ops[step];
	const struct net *n = t->net;
	const struct lesson *l = n->lesson;
	const struct layer_spec *ls = layer_of(n, op);
	const struct cell_ref *r = t->refs + op->first_ref;
	int role = n->tensors[op->tensor].role;
	int kind = l->loss;
	double v = op->n_refs ? trace_value(t, r[0]) : 0;

	switch (op->kind) {
	case OP_SIGMOID:
		return z_clipped(l, v) ? CLIPPED_Z : CLIPPED_NONE;
	case OP_DERIV:
		if (role == ROLE_DERIV_NUMERIC)
			return z_clipped(l, v + NUMERIC_STEP) ||
			                       z_clipped(l, v - NUMERIC_STEP)
			               ? CLIPPED_Z
			               : CLIPPED_NONE;
		if (role == ROLE_DERIV_WRONG || deriv_from_a(n, op) || !ls ||
		    (ls->act != ACT_SIGMOID && ls->act != ACT_SOFTPLUS))
			return CLIPPED_NONE;
		return z_clipped(l, v) ? CLIPPED_Z : CLIPPED_NONE;
	case OP_ERROR: /* operands y, a */
		if (role == GLOBAL_RESIDUAL || op->n_refs < 2)
			return CLIPPED_NONE;
		v = trace_value(t, r[1]);
		if (kind == LOSS_BCE)
			return p_clipped(l, v) || p_clipped(l, 1.0 - v)
			               ? CLIPPED_P
			               : CLIPPED_NONE;
		return kind == LOSS_CCE && p_clipped(l, v) ? CLIPPED_P
		                                           : CLIPPED_NONE;
	case OP_METRIC:
		kind = n->tensors[op->tensor].metric_loss;
		/* fall through */
	case OP_LOSS: /* operands alternate a, y */
		if (kind != LOSS_BCE && kind != LOSS_CCE)
			return CLIPPED_NONE;
		for (size_t i = 0; i + 1 < op->n_refs; i += 2) {
			v = trace_value(t, r[i]);
			if (p_clipped(l, v) ||
			    (kind == LOSS_BCE && p_clipped(l, 1.0 - v)))
				return CLIPPED_P;
		}
		return CLIPPED_NONE;
	default:
		return CLIPPED_NONE;
	}
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
	const struct layer_spec *ls = layer_of(n, op);
	const struct glyphs *g = glyphs(s);
	const struct cell_ref *r = t->refs + op->first_ref;
	size_t nr = op->n_refs;
	double mean_div = l->reduction == REDUCE_MEAN ? (double)l->n_samples : 1;

	switch (op->kind) {
	case OP_DOT:
		products(&o, t, r, nr / 2, s);
		if (nr % 2) {
			put_s(&o, " + ");
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
	case OP_SIGMOID: {
		double z = trace_value(t, r[0]);
		sig_of(&o, s, l, z);
		if (z_clipped(l, z)) {
			/* the bound it was clipped to, the lesson's C or -C */
			z = z < 0 ? -l->clip_sigmoid : l->clip_sigmoid;
			PUTS(&o, " = ", g->sigma, "(");
			num(&o, s, z);
			put_s(&o, ")");
		}
		put_s(&o, " = 1 / (1 + e^");
		neg_num(&o, s, z);
		put_s(&o, ")");
		break;
	}
	case OP_TANH:
		num_in(&o, s, "tanh(", trace_value(t, r[0]), ")");
		break;
	case OP_RELU:
		num_in(&o, s, "max(0, ", trace_value(t, r[0]), ")");
		break;
	case OP_SOFTPLUS:
		num_in(&o, s, "ln(1 + e^", trace_value(t, r[0]), ")");
		break;
	case OP_EXP:
		num_in(&o, s, "e^", trace_value(t, r[0]), "");
		break;
	case OP_SUM:
		terms(&o, t, r, nr, " + ", "", "", s);
		break;
	case OP_DIV:
		num(&o, s, trace_value(t, r[0]));
		put_s(&o, " / ");
		num(&o, s, trace_value(t, r[1]));
		break;
	case OP_ERROR: {
		if (tt->role == GLOBAL_RESIDUAL) {
			num(&o, s, trace_value(t, r[0]));
			PUTS(&o, " ", g->minus, " ");
			num(&o, s, trace_value(t, r[1]));
			break;
		}
		double y = trace_value(t, r[0]), a = trace_value(t, r[1]);
		switch (l->loss) {
		case LOSS_ERROR:
			num(&o, s, y);
			PUTS(&o, " ", g->minus, " ");
			num(&o, s, a);
			break;
		case LOSS_SQUARED:
			PUTS(&o, "2 ", g->times, " (");
			num(&o, s, a);
			PUTS(&o, " ", g->minus, " ");
			num(&o, s, y);
			put_s(&o, ")");
			break;
		case LOSS_ABSOLUTE:
			put_s(&o, "sign(");
			num(&o, s, a);
			PUTS(&o, " ", g->minus, " ");
			num(&o, s, y);
			put_s(&o, ")");
			break;
		case LOSS_BCE:
			/* the whole sum is averaged: bracket it */
			if (mean_div != 1)
				put_s(&o, "(");
			put_s(&o, g->minus);
			num(&o, s, y);
			put_s(&o, " / ");
			prob(&o, s, l, a);
			PUTS(&o, " + (1 ", g->minus, " ");
			num(&o, s, y);
			put_s(&o, ") / ");
			one_minus(&o, s, l, a);
			if (mean_div != 1)
				put_s(&o, ")");
			break;
		default:
			put_s(&o, g->minus);
			num(&o, s, y);
			put_s(&o, " / ");
			prob(&o, s, l, a);
			break;
		}
		if (l->loss != LOSS_ERROR && mean_div != 1)
			put_zu(&o, " / ", l->n_samples);
		break;
	}
	case OP_DERIV: {
		double v = trace_value(t, r[0]);
		bool from_a = deriv_from_a(n, op);
		if (tt->role == ROLE_DERIV_WRONG) {
			num(&o, s, v);
			PUTS(&o, " ", g->times, " (1 ", g->minus, " ");
			num(&o, s, v);
			put_s(&o, ")");
			break;
		}
		if (tt->role == ROLE_DERIV_NUMERIC) {
			PUTS(&o, "(", g->sigma, "(");
			sig_arg(&o, s, l, v, "+", z_clipped(l, v + NUMERIC_STEP));
			PUTS(&o, ") ", g->minus, " ", g->sigma, "(");
			sig_arg(&o, s, l, v, g->minus,
			        z_clipped(l, v - NUMERIC_STEP));
			put_s(&o, ")) / 0.00002");
			break;
		}
		bool scaled = ls && ls->deriv_scale != 1;
		if (scaled) {
			num(&o, s, ls->deriv_scale);
			PUTS(&o, " ", g->times, " ");
		}
		switch (ls ? ls->act : ACT_IDENTITY) {
		case ACT_SIGMOID:
			if (from_a) {
				num(&o, s, v);
				PUTS(&o, " ", g->times, " (1 ", g->minus, " ");
				num(&o, s, v);
				put_s(&o, ")");
			} else {
				sig_of(&o, s, l, v);
				PUTS(&o, " ", g->times, " (1 ", g->minus, " ");
				sig_of(&o, s, l, v);
				put_s(&o, ")");
			}
			break;
		case ACT_TANH:
			/* k (1 - t^2): the scale multiplies the difference */
			PUTS(&o, scaled ? "(1 " : "1 ", g->minus, " ");
			if (from_a) {
				num(&o, s, v);
				put_s(&o, g->squared);
			} else {
				put_s(&o, "tanh(");
				num(&o, s, v);
				PUTS(&o, ")", g->squared);
			}
			if (scaled)
				put_s(&o, ")");
			break;
		case ACT_RELU:
			put_s(&o, "(");
			num(&o, s, v);
			put_s(&o, " > 0 ? 1 : 0)");
			break;
		case ACT_SOFTPLUS:
			sig_of(&o, s, l, v);
			break;
		default:
			put_s(&o, "1");
			break;
		}
		break;
	}
	case OP_DELTA:
		if (ls && ls->act == ACT_SOFTMAX && nr == 2) {
			/* (a - y) / n: the difference is averaged */
			if (mean_div != 1)
				put_s(&o, "(");
			num(&o, s, trace_value(t, r[0]));
			PUTS(&o, " ", g->minus, " ");
			num(&o, s, trace_value(t, r[1]));
			if (mean_div != 1)
				put_zu(&o, ") / ", l->n_samples);
		} else if (ls && ls->act == ACT_SOFTMAX) {
			/* pairs (error_j, a_j), then a_i */
			size_t pairs = (nr - 1) / 2, k = shown(s, pairs);
			double ai = trace_value(t, r[nr - 1]);
			for (size_t j = 0; j < k; j++) {
				if (j)
					put_s(&o, " + ");
				num(&o, s, trace_value(t, r[2 * j]));
				PUTS(&o, " ", g->times, " ");
				num(&o, s, trace_value(t, r[2 * j + 1]));
				PUTS(&o, " ", g->times, " (",
				     r[2 * j + 1].index == r[nr - 1].index ? "1"
				                                           : "0",
				     " ", g->minus, " ");
				num(&o, s, ai);
				put_s(&o, ")");
			}
			more(&o, s, " + ", pairs, k);
		} else {
			num(&o, s, trace_value(t, r[0]));
			PUTS(&o, " ", g->times, " ");
			num(&o, s, trace_value(t, r[1]));
		}
		break;
	case OP_BIAS_GRAD:
		put_s(&o, "(");
		terms(&o, t, r, nr, " + ", "", "", s);
		put_s(&o, ")");
		if (l->bias_grad == REDUCE_MEAN)
			put_zu(&o, " / ", l->n_samples);
		break;
	case OP_UPDATE:
		num(&o, s, trace_value(t, r[0]));
		PUTS(&o, " ", l->loss == LOSS_ERROR ? "+" : g->minus, " ");
		num(&o, s, l->learning_rate);
		PUTS(&o, " ", g->times, " ");
		num(&o, s, trace_value(t, r[1]));
		break;
	case OP_LOSS:
		loss_terms(&o, t, op, l->loss, s);
		break;
	case OP_METRIC:
		loss_terms(&o, t, op, (enum loss_kind)tt->metric_loss, s);
		break;
	case OP_ACCURACY:
		put_zu(&o, "right answers / ", l->n_samples);
		break;
	default:
		break;
	}
	put_s(&o, " = ");
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
		put_s(o, t->name);
}

/* The operand cell c of op `step`, as "clip(z1, −2, 2)" when the
 * sigmoid's clip changed it. */
static void cell_clipped(struct out *o, const struct trace *t, size_t step,
                         struct cell_ref c, const struct formula_style *s)
{
	bool clipped = op_clipped(t, step) == CLIPPED_Z;
	if (clipped)
		put_s(o, "clip(");
	cell(o, t->net, c);
	if (clipped)
		clip_bounds(o, s, t->net->lesson);
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
	put_s(&o, " = ");
	switch (op->kind) {
	case OP_DOT:
	case OP_BACKPROP:
	case OP_GRAD:
		if (nr >= 2) {
			slice(&o, n, r, nr / 2, 2);
			PUTS(&o, " ", g->dot, " ");
			slice(&o, n, r + 1, nr / 2, 2);
		}
		if (nr % 2) {
			put_s(&o, " + ");
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
		PUTS(&o, op->kind == OP_SIGMOID ? g->sigma : fn[op->kind], "(");
		cell_clipped(&o, t, step, r[0], s);
		put_s(&o, ")");
		break;
	}
	case OP_SUM:
		PUTS(&o, g->sum, " ");
		slice(&o, n, r, nr, 1);
		break;
	case OP_DIV:
		cell(&o, n, r[0]);
		put_s(&o, " / ");
		cell(&o, n, r[1]);
		break;
	case OP_ERROR:
		if (n->tensors[op->tensor].role == GLOBAL_RESIDUAL) {
			cell(&o, n, r[0]);
			PUTS(&o, " ", g->minus, " ");
			cell(&o, n, r[1]);
		} else if (l->loss == LOSS_ERROR) {
			cell(&o, n, r[0]);
			PUTS(&o, " ", g->minus, " ");
			cell(&o, n, r[1]);
		} else {
			put_s(&o, "dL/d");
			cell(&o, n, r[1]);
		}
		break;
	case OP_DERIV:
		if (n->tensors[op->tensor].role == ROLE_DERIV_WRONG) {
			/* the published z(1 - z), whatever f is */
			cell(&o, n, r[0]);
			PUTS(&o, " ", g->times, " (1 ", g->minus, " ");
			cell(&o, n, r[0]);
			put_s(&o, ")");
			break;
		}
		put_s(&o, "f'(");
		if (n->tensors[op->tensor].role == ROLE_DERIV_NUMERIC)
			cell(&o, n, r[0]); /* z +- the step meets the clip,
			                       not z: the calculation shows it */
		else
			cell_clipped(&o, t, step, r[0], s);
		put_s(&o, ")");
		break;
	case OP_DELTA:
		if (nr == 2 && n->tensors[r[1].tensor].role == GLOBAL_TARGET) {
			/* softmax with cross-entropy: a - y, averaged under
			 * reduction mean */
			bool mean = l->reduction == REDUCE_MEAN;
			if (mean)
				put_s(&o, "(");
			cell(&o, n, r[0]);
			PUTS(&o, " ", g->minus, " ");
			cell(&o, n, r[1]);
			if (mean)
				put_s(&o, ") / n");
		} else if (nr == 2) {
			cell(&o, n, r[0]);
			PUTS(&o, " ", g->times, " ");
			cell(&o, n, r[1]);
		} else {
			PUTS(&o, g->sum, "_j ");
			slice(&o, n, r, (nr - 1) / 2, 2);
			PUTS(&o, " ", g->times, " J");
		}
		break;
	case OP_BIAS_GRAD:
		PUTS(&o, l->bias_grad == REDUCE_MEAN ? "mean" : g->sum, " ");
		slice(&o, n, r, nr, 1);
		break;
	case OP_UPDATE:
		cell(&o, n, r[0]);
		put(&o, " %s %s %s ", l->loss == LOSS_ERROR ? "+" : g->minus,
		    "rate", g->times);
		cell(&o, n, r[1]);
		break;
	case OP_LOSS:
		PUTS(&o, lesson_loss_name(l->loss), " loss");
		break;
	case OP_METRIC:
		put(&o, "%s loss",
		    lesson_loss_name(
		            (enum loss_kind)n->tensors[op->tensor].metric_loss));
		break;
	case OP_ACCURACY:
		put_s(&o, "share of samples classified right");
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
		put_s(&o, "Weighted sum: ");
		slice(&o, n, r, nr / 2, 2);
		put_s(&o, " times ");
		slice(&o, n, r + 1, nr / 2, 2);
		put(&o, ", element by element, added up%s.",
		    nr % 2 ? ", plus the bias" : "");
		break;
	case OP_SIGMOID:
		put_s(&o, "The sigmoid squashes the weighted sum into (0, 1).");
		break;
	case OP_TANH:
		put_s(&o, "tanh squashes the weighted sum into (-1, 1).");
		break;
	case OP_RELU:
		put_s(&o, "ReLU keeps a positive sum and turns a negative one into 0.");
		break;
	case OP_SOFTPLUS:
		put_s(&o, "Softplus, a smooth ReLU: ln(1 + e^z).");
		break;
	case OP_IDENTITY:
		put_s(&o, "Identity activation: the output is the weighted sum.");
		break;
	case OP_EXP:
		put_s(&o, "Softmax, step 1: exponentiate each score.");
		break;
	case OP_SUM:
		put_s(&o, "Softmax, step 2: add the exponentials of this sample.");
		break;
	case OP_DIV:
		put_s(&o, "Softmax, step 3: divide by the sum, so the outputs add up to 1.");
		break;
	case OP_ERROR:
		if (tt->role == GLOBAL_RESIDUAL)
			put_s(&o, "Residual: the prediction minus the target.");
		else if (l->loss == LOSS_ERROR)
			put_s(&o, "Error: the target minus the prediction.");
		else
			put(&o, "Derivative of the %s loss with respect to this output.",
			    lesson_loss_name(l->loss));
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
		put_s(&o, "Delta: how much this unit's weighted sum should change.");
		break;
	case OP_BACKPROP:
		put_s(&o, "Error sent back: the deltas above, weighted by the connections they came through.");
		break;
	case OP_GRAD:
		put_s(&o, "Weight gradient: inputs times deltas, summed over the samples.");
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
		    lesson_loss_name(l->loss));
		break;
	case OP_METRIC:
		put(&o, "Also reported: the %s loss.",
		    lesson_loss_name((enum loss_kind)tt->metric_loss));
		break;
	case OP_ACCURACY:
		put(&o, "Accuracy: the share of the %zu samples classified right.",
		    l->n_samples);
		break;
	default:
		break;
	}
	switch (op_clipped(t, step)) {
	case CLIPPED_Z:
		put_s(&o, " The sigmoid's input was outside the lesson's clip "
		          "range; the nearer bound was used in its place.");
		break;
	case CLIPPED_P:
		put_s(&o, " A probability below the lesson's clip was raised "
		          "to it.");
		break;
	default:
		break;
	}
	return o.len;
}
