#include "render/formula.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/activation.h"
#include "core/glyphs.h"
#include "core/loss.h"
#include "core/op.h"
#include "lesson/lesson.h"
#include "render/numfmt.h"

/* =====================================================================
 * A bounded string builder: appends never overflow, the result is always
 * terminated, and `len` counts what fitted.
 * ===================================================================== */

struct out {
	char *buf;
	size_t cap, len;
	/* formula_scientific's question: whether a cell of tensor
	 * `sci_tensor` (-1: of any tensor) was written in scientific
	 * notation. */
	int sci_tensor;
	bool sci_seen;
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

/* put_n(o, s, strlen(s)), a byte at a time: the pieces are a few bytes
 * long, and a call to strlen and one to memcpy for each cost more. */
static void put_s(struct out *o, const char *s)
{
	if (o->len + 1 >= o->cap)
		return;
	char *b = o->buf;
	size_t len = o->len, end = o->cap - 1;
	while (*s && len < end)
		b[len++] = *s++;
	b[len] = '\0';
	o->len = len;
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

/* =====================================================================
 * What a renderer reads: op `step` of a trace, and the pieces of it that
 * most renderers need, looked up once.
 * ===================================================================== */

struct ctx {
	const struct trace *t;
	const struct op *op;
	const struct net *n;
	const struct lesson *l;
	const struct tensor *tt;       /* the tensor the op writes */
	const struct cell_ref *r;      /* the operands: r[0 .. nr) */
	size_t nr;
	const struct formula_style *s; /* NULL in words */
	const struct glyphs *g;        /* NULL in words */
};

static struct ctx ctx_of(const struct trace *t, size_t step,
                         const struct formula_style *s)
{
	const struct op *op = &t->ops[step];
	return (struct ctx){
		.t = t, .op = op, .n = t->net,
		.l = t->net->lesson, .tt = &t->net->tensors[op->tensor],
		.r = trace_refs(t, step), .nr = op->n_refs, .s = s,
		.g = s ? glyphs_for(s->utf8) : NULL,
	};
}

/* The value of operand i. */
static inline double operand(const struct ctx *c, size_t i)
{
	return trace_value(c->t, c->r[i]);
}

/* The layer of the tensor the op writes, or NULL for the global cells. */
static const struct layer_spec *layer_of(const struct ctx *c)
{
	return c->tt->layer ? &c->l->layers[c->tt->layer - 1] : NULL;
}

/* A derivative computed from the activation's output rather than from z;
 * the "other" one of compare-derivatives takes the other source. */
static bool deriv_from_a(const struct ctx *c)
{
	const struct layer_spec *ls = layer_of(c);
	bool from_a = ls && ls->deriv == DERIV_FROM_OUTPUT;
	return c->tt->role == ROLE_DERIV_OTHER ? !from_a : from_a;
}

/* =====================================================================
 * Numbers and cells
 * ===================================================================== */

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

/* The layout the view shows tensor t in, or NULL: numbers as scalars. */
static const struct numfmt *layout_of(const struct ctx *c, int t)
{
	const struct formula_style *s = c->s;
	return t >= 0 && s->layout ? s->layout(s->layout_arg, t) : NULL;
}

/* The text of v as a cell of tensor t (-1: a number of no tensor) in *b,
 * its length returned: numpy's cell without padding where the tensor is
 * scientific, and 0 where a positional tensor rounds it to nothing (a
 * scalar would switch to scientific there); otherwise the scalar. */
static size_t num_text(struct out *o, const struct ctx *c, double v, int t,
                       char tmp[NUMFMT_CELL_MAX], const char **b)
{
	const struct numfmt *f = layout_of(c, t);
	bool sci = f && f->scientific;
	bool nothing = f && !f->integral && !sci && v != 0 &&
	               fabs(v) < numfmt_tenth_power(c->s->precision);
	if (!isfinite(v) || !(sci || nothing))
		return scalar_text(c->s, v, tmp, b);
	if (sci && (o->sci_tensor < 0 || o->sci_tensor == t))
		o->sci_seen = true;
	size_t n = numfmt_cell_unsigned_zero(tmp, NUMFMT_CELL_MAX, v, f);
	const char *p = tmp;
	while (n && *p == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	if (nothing) /* "0." */
		p = "0", n = 1;
	*b = p;
	return n;
}

/* Whether o ends with " + " (plus) or " − " (!plus), a sign between two
 * terms. */
static bool ends_with_sign(const struct out *o, const struct ctx *c,
                           bool plus)
{
	const char *sign = plus ? "+" : c->g->minus;
	size_t k = strlen(sign) + 2;
	return o->len >= k && o->buf[o->len - k] == ' ' &&
	       o->buf[o->len - 1] == ' ' &&
	       memcmp(o->buf + o->len - k + 1, sign, k - 2) == 0;
}

/* Text b (n bytes, from num_text): in UTF-8 a true minus sign, and a
 * negative term after a sign merged with it -- "a + −x" is written
 * "a − x", "a − −x" "a + x". */
static void put_num(struct out *o, const struct ctx *c, const char *b,
                    size_t n)
{
	if (!n || b[0] != '-') {
		put_n(o, b, n);
		return;
	}
	bool plus = ends_with_sign(o, c, true);
	if (plus || ends_with_sign(o, c, false)) {
		o->len -= strlen(plus ? "+" : c->g->minus) + 1;
		PUTS(o, plus ? c->g->minus : "+", " ");
	} else {
		put_s(o, c->g->minus);
	}
	put_n(o, b + 1, n - 1);
}

/* v as a cell of tensor t (-1: a number of no tensor, at the style's
 * precision). */
static void tnum(struct out *o, const struct ctx *c, double v, int t)
{
	const char *b;
	char tmp[NUMFMT_CELL_MAX];
	size_t n = num_text(o, c, v, t, tmp, &b);
	put_num(o, c, b, n);
}

/* A number of no tensor. */
static void num(struct out *o, const struct ctx *c, double v)
{
	tnum(o, c, v, -1);
}

/* The value of operand i, as its tensor shows it. */
static void opnd(struct out *o, const struct ctx *c, size_t i)
{
	tnum(o, c, operand(c, i), (int)c->r[i].tensor);
}

/* pre, the number, post: "tanh(0.5)", "e^2". */
static void num_in(struct out *o, const struct ctx *c, const char *pre,
                   double v, const char *post)
{
	put_s(o, pre);
	num(o, c, v);
	put_s(o, post);
}

/* A number of tensor t with the sign flipped, for e^(-z) written as
 * e^z'. */
static void neg_num(struct out *o, const struct ctx *c, double v, int t)
{
	tnum(o, c, v == 0 ? 0.0 : -v, t);
}

/* "a − b" and "a × b" between operands i and j. */
static void opnd_op(struct out *o, const struct ctx *c, size_t i,
                    const char *op, size_t j)
{
	opnd(o, c, i);
	PUTS(o, " ", op, " ");
	opnd(o, c, j);
}

/* "v × (1 − v)" of operand 0: the sigmoid's slope from its output, and
 * the published wrong formula applied to z. */
static void times_one_minus(struct out *o, const struct ctx *c)
{
	opnd(o, c, 0);
	PUTS(o, " ", c->g->times, " (1 ", c->g->minus, " ");
	opnd(o, c, 0);
	put_s(o, ")");
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
	if (t->vector) {
		/* drawn 1-D, indexed 1-D: a0[1] */
		name[len++] = '[';
		len += numfmt_decimal(name + len, (size_t)c.index);
		name[len++] = ']';
	} else if (t->rows != 1 || t->cols != 1) {
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

/* "a − b" and "a × b" between two operand cells. */
static void cell_op(struct out *o, const struct ctx *c, struct cell_ref a,
                    const char *op, struct cell_ref b)
{
	cell(o, c->n, a);
	PUTS(o, " ", op, " ");
	cell(o, c->n, b);
}

/* "l0[2,:]" when the cells share a row, "syn0[:,0]" when they share a
 * column, "a0[:]" for the whole of a 1-D vector, the tensor's name
 * otherwise: a slice of operand refs r[i*step]. */
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
	else if (t->vector)
		put(o, count == t->rows * t->cols ? "%s[:]" : "%s", t->name);
	else if (same_row)
		put(o, "%s[%zu,:]", t->name, row);
	else if (same_col)
		put(o, "%s[:,%zu]", t->name, col);
	else
		put_s(o, t->name);
}

/* =====================================================================
 * Clips.  Where the lesson's clip changed an operand, the text shows it
 * and the bound used in its place.  The engine records only the result,
 * not whether it clipped, so clipped_by_engine() asks the engine's own tests
 * (engine.c's sigmoid() and clip_low()) again of the same doubles, made
 * the same way, and answers as the engine did; the bound shown is the
 * lesson's, so the text still holds only given and recorded numbers.
 * ===================================================================== */

/* The engine's step for the numerical derivative (core/activation.h). */
#define NUMERIC_STEP ACTIVATION_NUMERIC_STEP

/* The uses of an operand that the engine clips. */
enum clip_use {
	CLIP_SIGMOID,      /* σ(v): v clipped to [-C, C] */
	CLIP_SIGMOID_UP,   /* the numerical derivative's σ(v + step) */
	CLIP_SIGMOID_DOWN, /* and its σ(v − step) */
	CLIP_PROB,         /* a probability v, raised to the clip */
	CLIP_ONE_MINUS,    /* 1 − v likewise (binary cross-entropy) */
};

/* Whether the engine's clip changed operand v in that use: the one place
 * that decides whether a clip happened. */
static inline bool clipped_by_engine(const struct lesson *l, enum clip_use use,
                                  double v)
{
	if (use == CLIP_SIGMOID_UP)
		v = v + NUMERIC_STEP;
	else if (use == CLIP_SIGMOID_DOWN)
		v = v - NUMERIC_STEP;
	else if (use == CLIP_ONE_MINUS)
		v = 1.0 - v;
	if (use == CLIP_PROB || use == CLIP_ONE_MINUS)
		return l->clip_probability > 0 && v < l->clip_probability;
	return l->clip_sigmoid > 0 &&
	       (v < -l->clip_sigmoid || v > l->clip_sigmoid);
}

/* What one op's clips changed, for the note after its words and the
 * clip() in its symbolic form: the sigmoid's input or a probability. */
enum clip_note { NOTE_NONE, NOTE_SIGMOID_INPUT, NOTE_PROBABILITY };

/* ", −2, 2)": the rest of a clip of the sigmoid's input. */
static void clip_bounds(struct out *o, const struct ctx *c)
{
	put_s(o, ", ");
	neg_num(o, c, c->l->clip_sigmoid, -1);
	num_in(o, c, ", ", c->l->clip_sigmoid, ")");
}

/* The sigmoid's argument: "4", or "clip(4, −2, 2)" when `clipped`.  A
 * `step` sign ("+" or "−"; NULL for none) adds the numerical
 * derivative's step inside the clip: "clip(4 + 0.00001, −2, 2)". */
static void sig_arg(struct out *o, const struct ctx *c, double z, int t,
                    const char *step, bool clipped)
{
	if (clipped)
		put_s(o, "clip(");
	tnum(o, c, z, t);
	if (step)
		PUTS(o, " ", step, " " ACTIVATION_NUMERIC_STEP_TEXT);
	if (clipped)
		clip_bounds(o, c);
}

/* "σ(4)", or "σ(clip(4, −2, 2))": z a cell of tensor t. */
static void sig_of(struct out *o, const struct ctx *c, double z, int t)
{
	PUTS(o, c->g->sigma, "(");
	sig_arg(o, c, z, t, NULL, clipped_by_engine(c->l, CLIP_SIGMOID, z));
	put_s(o, ")");
}

/* A probability a (a cell of tensor t) as the cross-entropies use it:
 * "0.5", or "max(0.09003057, 0.1)" when the clip raised it. */
static void prob(struct out *o, const struct ctx *c, double a, int t)
{
	bool clipped = clipped_by_engine(c->l, CLIP_PROB, a);
	if (clipped)
		put_s(o, "max(");
	tnum(o, c, a, t);
	if (clipped)
		num_in(o, c, ", ", c->l->clip_probability, ")");
}

/* 1 - a likewise: "(1 − 0.5)", or "max(1 − 1, 0.000001)". */
static void one_minus(struct out *o, const struct ctx *c, double a, int t)
{
	bool clipped = clipped_by_engine(c->l, CLIP_ONE_MINUS, a);
	PUTS(o, clipped ? "max(1 " : "(1 ", c->g->minus, " ");
	tnum(o, c, a, t);
	if (clipped)
		num_in(o, c, ", ", c->l->clip_probability, ")");
	else
		put_s(o, ")");
}

/* Which clip the op's kind says changed it (the table, below). */
static enum clip_note op_clip(const struct ctx *c);

/* The operand cell r of the op, as "clip(z1, −2, 2)" when the sigmoid's
 * clip changed it. */
static void cell_clipped(struct out *o, const struct ctx *c,
                         struct cell_ref r)
{
	bool clipped = op_clip(c) == NOTE_SIGMOID_INPUT;
	if (clipped)
		put_s(o, "clip(");
	cell(o, c->n, r);
	if (clipped)
		clip_bounds(o, c);
}

/* =====================================================================
 * Sums, cut after the style's max_terms
 * ===================================================================== */

/* How many terms of a long sum to show. */
static size_t shown(const struct formula_style *s, size_t n)
{
	return s->max_terms > 0 && n > (size_t)s->max_terms ? (size_t)s->max_terms
	                                                    : n;
}

/* "… (N more)" after the first k of n terms, joined to them by the
 * separator the terms use, so a cut list reads like the whole one. */
static void more(struct out *o, const struct ctx *c, const char *sep,
                 size_t n, size_t k)
{
	if (k < n) {
		PUTS(o, sep, c->g->ell);
		put_zu(o, " (", n - k);
		put_s(o, " more)");
	}
}

/* (a1 x b1) + (a2 x b2) + ... over the operand pairs r[0 .. 2 pairs). */
static void products(struct out *o, const struct ctx *c, size_t pairs)
{
	size_t k = shown(c->s, pairs);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put_s(o, " + ");
		put_s(o, "(");
		opnd_op(o, c, 2 * i, c->g->times, 2 * i + 1);
		put_s(o, ")");
	}
	more(o, c, " + ", pairs, k);
}

/* The operands joined by sep, each inside wrap_l, wrap_r. */
static void terms(struct out *o, const struct ctx *c, const char *sep,
                  const char *wrap_l, const char *wrap_r)
{
	size_t k = shown(c->s, c->nr);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put_s(o, sep);
		put_s(o, wrap_l);
		opnd(o, c, i);
		put_s(o, wrap_r);
	}
	more(o, c, sep, c->nr, k);
}

/* =====================================================================
 * The operations, one kind at a time: how each is written as a hand
 * calculation (_numeric, before " = result"), symbolically (_symbolic,
 * after "cell = ") and in words (_words, or a fixed sentence in the
 * table), and which of its operands a clip can change (_clip).
 * ===================================================================== */

/* =====================================================================
 * Weighted sums: OP_DOT, OP_BACKPROP, OP_GRAD
 * ===================================================================== */

/* Pairs (a_j, w_j), then the bias when there is one. */
static void dot_numeric(struct out *o, const struct ctx *c)
{
	products(o, c, c->nr / 2);
	if (c->nr % 2) {
		put_s(o, " + ");
		opnd(o, c, c->nr - 1);
	}
}

static void dot_symbolic(struct out *o, const struct ctx *c)
{
	if (c->nr >= 2) {
		slice(o, c->n, c->r, c->nr / 2, 2);
		PUTS(o, " ", c->g->dot, " ");
		slice(o, c->n, c->r + 1, c->nr / 2, 2);
	}
	if (c->nr % 2) {
		put_s(o, " + ");
		cell(o, c->n, c->r[c->nr - 1]);
	}
}

static void dot_words(struct out *o, const struct ctx *c)
{
	put_s(o, "Weighted sum: ");
	slice(o, c->n, c->r, c->nr / 2, 2);
	put_s(o, " times ");
	slice(o, c->n, c->r + 1, c->nr / 2, 2);
	put(o, ", element by element, added up%s.",
	    c->nr % 2 ? ", plus the bias" : "");
}

/* =====================================================================
 * The activations, softmax's OP_EXP among them: their table's
 * texts (core/activation.h)
 * ===================================================================== */

/* How a text's {x} is written. */
enum operand_as {
	AS_CELL,    /* the operand's cell, its clip shown: "clip(z1, −2, 2)";
	               {a} and {y} their tensors' names */
	AS_VALUE,   /* its value: "4" */
	AS_CLIPPED, /* its value inside the clip: "clip(4, −2, 2)" */
};

/* Each text is cut into pieces once per run, for each locale: copying a
 * handful of pieces per operation is what keeps a handout as fast as when
 * every activation's text was a function of its own.  A piece is literal
 * bytes (the glyphs already in the locale's form) or a field. */
enum piece_kind {
	PIECE_UNCUT,  /* the text has not been cut yet */
	PIECE_ABSENT, /* the activation has no such text */
	PIECE_END,
	PIECE_BYTES,
	PIECE_X,       /* {x} */
	PIECE_NEG_X,   /* {-x} */
	PIECE_PARAM,   /* {p} */
	PIECE_SIGMA_X, /* {σ(x)} */
	PIECE_A,       /* {a} */
	PIECE_Y,       /* {y} */
	PIECE_PROB_A,  /* {p(a)} */
	PIECE_ONE_MINUS_A,    /* {1-a} */
	PIECE_LN_ONE_MINUS_A, /* {ln(1-a)} */
};

struct piece {
	unsigned char kind;
	unsigned char len; /* PIECE_BYTES: bytes at s */
	const char *s;
};

/* Room for the longest text's pieces (sigmoid's slope in ASCII has 8);
 * one with more would be cut short. */
#define PIECES_MAX 16

struct text_plan {
	struct piece p[PIECES_MAX]; /* up to a PIECE_END */
	bool sum;       /* " − " or " + " outside every bracket: a scale
	                   written in front, or an average after it,
	                   brackets the text */
	bool sigma_x;   /* it writes a {σ(x)}, which shows the sigmoid's
	                   clip */
	bool prob;      /* it writes {p(a)}, which shows the probability
	                   clip of a */
	bool one_minus; /* and of 1 − a */
};

/* What a text's fields are filled in with, and the tensors the values
 * are cells of (-1: of none, as a clip's bound), whose style they are
 * written in. */
struct text_values {
	double x;           /* an activation's operand: z, or a */
	int xt;
	enum operand_as as; /* how {x} is written */
	double a, y;        /* a loss's prediction and target */
	int at, yt;
};

/* An activation's operand 0 as {x}. */
static struct text_values values_x(const struct ctx *c, enum operand_as as)
{
	return (struct text_values){
		.x = c->nr ? trace_value(c->t, c->r[0]) : 0,
		.xt = c->nr ? (int)c->r[0].tensor : -1, .as = as,
		.at = -1, .yt = -1};
}

/* A loss's operands ia and iy as {a} and {y}. */
static struct text_values values_ay(const struct ctx *c, size_t ia,
                                    size_t iy)
{
	return (struct text_values){
		.xt = -1, .as = AS_VALUE,
		.a = operand(c, ia), .at = (int)c->r[ia].tensor,
		.y = operand(c, iy), .yt = (int)c->r[iy].tensor};
}

/* The texts of an activation, as struct activation_texts holds them. */
enum which_text { TEXT_SYMBOLIC, TEXT_NUMERIC, TEXT_FROM_Z, TEXT_FROM_A,
                  TEXT_COUNT };

static const char *text_in_table(const struct activation_info *ai,
                               enum which_text w)
{
	const struct activation_texts *t = &ai->text;
	return w == TEXT_SYMBOLIC ? t->symbolic : w == TEXT_NUMERIC ? t->numeric
	       : w == TEXT_FROM_Z ? t->slope_from_z : t->slope_from_a;
}

/* Whether t starts with s. */
static bool starts_with(const char *t, const char *s)
{
	while (*s && *t == *s)
		t++, s++;
	return !*s;
}

/* The field t starts with (PIECE_BYTES for none), its length in *n. */
static enum piece_kind field_at(const char *t, size_t *n)
{
	static const struct {
		const char *name;
		enum piece_kind kind;
	} fields[] = {{"{x}", PIECE_X},         {"{-x}", PIECE_NEG_X},
	              {"{p}", PIECE_PARAM},     {"{σ(x)}", PIECE_SIGMA_X},
	              {"{a}", PIECE_A},         {"{y}", PIECE_Y},
	              {"{p(a)}", PIECE_PROB_A}, {"{1-a}", PIECE_ONE_MINUS_A},
	              {"{ln(1-a)}", PIECE_LN_ONE_MINUS_A}};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (starts_with(t, fields[i].name)) {
			*n = strlen(fields[i].name);
			return fields[i].kind;
		}
	return PIECE_BYTES;
}

/* The glyph t starts with (×, −, σ, ² as the texts write them) in the
 * form of g, its length in UTF-8 in *n; NULL for none. */
static const char *glyph_at(const struct glyphs *g, const char *t, size_t *n)
{
	const struct glyphs *u = glyphs_for(true);
	const char *const from[] = {u->times, u->minus, u->sigma, u->squared};
	const char *const to[] = {g->times, g->minus, g->sigma, g->squared};
	for (size_t i = 0; i < sizeof from / sizeof *from; i++)
		if (starts_with(t, from[i])) {
			*n = strlen(from[i]);
			return to[i];
		}
	return NULL;
}

/* Appends a piece to pl (the last slot is kept for the end). */
static void plan_add(struct text_plan *pl, size_t *k, enum piece_kind kind,
                     const char *s, size_t len)
{
	if (*k + 1 < PIECES_MAX)
		pl->p[(*k)++] = (struct piece){(unsigned char)kind,
		                               (unsigned char)len, s};
}

/* Cuts text t into pieces for the glyphs g. */
static void plan_cut(struct text_plan *pl, const char *t,
                     const struct glyphs *g)
{
	size_t k = 0, n;
	int depth = 0;
	bool bars = false; /* inside |...| */
	while (*t) {
		enum piece_kind kind = field_at(t, &n);
		if (kind != PIECE_BYTES) {
			plan_add(pl, &k, kind, NULL, 0);
			pl->sigma_x |= kind == PIECE_SIGMA_X;
			pl->prob |= kind == PIECE_PROB_A;
			pl->one_minus |= kind == PIECE_ONE_MINUS_A ||
			                 kind == PIECE_LN_ONE_MINUS_A;
			t += n;
			continue;
		}
		if (depth == 0 && !bars &&
		    (starts_with(t, " − ") || starts_with(t, " + ")))
			pl->sum = true;
		depth += *t == '(' ? 1 : *t == ')' ? -1 : 0;
		bars ^= *t == '|';
		const char *glyph = glyph_at(g, t, &n);
		if (glyph && g != glyphs_for(true)) {
			plan_add(pl, &k, PIECE_BYTES, glyph, strlen(glyph));
			t += n;
		} else if (k > 0 && pl->p[k - 1].kind == PIECE_BYTES &&
		           pl->p[k - 1].s + pl->p[k - 1].len == t &&
		           pl->p[k - 1].len < 255) {
			pl->p[k - 1].len++; /* the run of bytes goes on */
			t++;
		} else {
			plan_add(pl, &k, PIECE_BYTES, t, 1);
			t++;
		}
	}
	pl->p[k].kind = PIECE_END;
}

/* Text t cut for the style of c (in words, which have none, as in
 * UTF-8) into slot[utf8], or NULL for no text.  Cut at its first use and
 * kept for the run: derived from a constant table, a plan never changes
 * once cut. */
static const struct text_plan *plan_cached(const struct ctx *c,
                                           struct text_plan slot[2],
                                           const char *t)
{
	bool utf8 = !c->s || c->s->utf8;
	struct text_plan *pl = &slot[utf8];
	if (pl->p[0].kind == PIECE_UNCUT) {
		if (t)
			plan_cut(pl, t, glyphs_for(utf8));
		else
			pl->p[0].kind = PIECE_ABSENT;
	}
	return pl->p[0].kind == PIECE_ABSENT ? NULL : pl;
}

/* Text w of activation act, cut for the style of c. */
static const struct text_plan *plan_of(const struct ctx *c,
                                       enum activation act,
                                       enum which_text w)
{
	static struct text_plan plans[ACT_COUNT][TEXT_COUNT][2];
	return plan_cached(c, plans[act][w],
	                   text_in_table(activation_info(act), w));
}

/* A loss's texts. */
enum loss_text { LOSS_TERM, LOSS_SLOPE, LOSS_SYMBOLIC, LOSS_TEXTS };

/* Text w of loss k, cut for the style of c. */
static const struct text_plan *loss_plan(const struct ctx *c,
                                         enum loss_kind k, enum loss_text w)
{
	static struct text_plan plans[LOSS_COUNT][LOSS_TEXTS][2];
	const struct loss_info *li = loss_info(k);
	return plan_cached(c, plans[k][w],
	                   w == LOSS_TERM    ? li->term
	                   : w == LOSS_SLOPE ? li->slope
	                                     : li->symbolic);
}

/* One field of a loss's text that writes the prediction a (a cell of
 * tensor t) clipped. */
static void loss_field(struct out *o, const struct ctx *c,
                       enum piece_kind kind, double a, int t)
{
	if (kind == PIECE_PROB_A) {
		prob(o, c, a, t);
		return;
	}
	if (kind == PIECE_LN_ONE_MINUS_A)
		put_s(o, clipped_by_engine(c->l, CLIP_ONE_MINUS, a) ? "ln "
		                                                   : "ln");
	one_minus(o, c, a, t);
}

/* {x} as a value: "(−0.5)" in brackets where a square follows (next
 * piece), so that "1 − (−0.5)²" squares the number it shows. */
static void x_value(struct out *o, const struct ctx *c,
                    const struct text_values *v, const struct piece *next)
{
	bool squared = next->kind == PIECE_BYTES &&
	               starts_with(next->s, c->g->squared);
	const char *b;
	char tmp[NUMFMT_CELL_MAX];
	size_t n = num_text(o, c, v->x, v->xt, tmp, &b);
	bool bracket = squared && n && b[0] == '-';
	if (bracket)
		put_s(o, "(");
	put_num(o, c, b, n);
	if (bracket)
		put_s(o, ")");
}

/* {σ(x)} of operand 0's cell, for a slope written symbolically. */
static void sig_of_cell(struct out *o, const struct ctx *c)
{
	PUTS(o, c->g->sigma, "(");
	cell_clipped(o, c, c->r[0]);
	put_s(o, ")");
}

/* Whether piece p is a text's leading minus before a value of {a} or
 * {y}: the two are written as one number, the value negated. */
static bool negates(const struct ctx *c, const struct piece *p,
                    const struct text_values *v)
{
	const char *m = c->g->minus;
	return v->as != AS_CELL && p->len == strlen(m) &&
	       memcmp(p->s, m, p->len) == 0 &&
	       (p[1].kind == PIECE_A || p[1].kind == PIECE_Y);
}

/* {a} (or {y}: !a) as a value, or as its tensor's name. */
static void value_field(struct out *o, const struct ctx *c,
                        const struct text_values *v, bool a)
{
	int t = a ? v->at : v->yt;
	if (v->as == AS_CELL)
		put_s(o, t >= 0 ? c->n->tensors[t].name : "?");
	else
		tnum(o, c, a ? v->a : v->y, t);
}

/* A cut text written out, its fields filled in from v and the layer's
 * parameter. */
static void plan_out(struct out *o, const struct ctx *c,
                     const struct text_plan *pl,
                     const struct text_values *v)
{
	const struct layer_spec *ls;
	for (const struct piece *p = pl->p;; p++) {
		switch (p->kind) {
		case PIECE_BYTES:
			if (p == pl->p && negates(c, p, v)) {
				/* "−{y}" with y = 0 is 0, not "−0" */
				p++;
				tnum(o, c, -(p->kind == PIECE_A ? v->a : v->y),
				     p->kind == PIECE_A ? v->at : v->yt);
				break;
			}
			put_n(o, p->s, p->len);
			break;
		case PIECE_X:
			if (v->as == AS_CELL)
				cell_clipped(o, c, c->r[0]);
			else if (v->as == AS_VALUE)
				x_value(o, c, v, p + 1);
			else
				sig_arg(o, c, v->x, v->xt, NULL, true);
			break;
		case PIECE_NEG_X:
			neg_num(o, c, v->x, v->xt);
			break;
		case PIECE_PARAM:
			ls = layer_of(c);
			num(o, c, ls ? ls->act_param : 0);
			break;
		case PIECE_SIGMA_X:
			if (v->as == AS_CELL)
				sig_of_cell(o, c);
			else
				sig_of(o, c, v->x, v->xt);
			break;
		case PIECE_A:
		case PIECE_Y:
			value_field(o, c, v, p->kind == PIECE_A);
			break;
		case PIECE_PROB_A:
		case PIECE_ONE_MINUS_A:
		case PIECE_LN_ONE_MINUS_A:
			loss_field(o, c, (enum piece_kind)p->kind, v->a, v->at);
			break;
		default:
			return;
		}
	}
}

/* The activation the op applies (OP_EXP: softmax). */
static enum activation act_of(const struct ctx *c)
{
	return (enum activation)op_kind_activation(c->op->kind);
}

/* Whether the lesson's clip changed the input of the op, which applies
 * act. */
static bool input_clipped(const struct ctx *c, enum activation act)
{
	return activation_info(act)->clips_input && c->nr &&
	       clipped_by_engine(c->l, CLIP_SIGMOID, operand(c, 0));
}

/* "σ(z1)", "tanh(z1)", "(z1)" for the identity. */
static void activation_symbolic(struct out *o, const struct ctx *c)
{
	const struct text_values v = values_x(c, AS_CELL);
	plan_out(o, c, plan_of(c, act_of(c), TEXT_SYMBOLIC), &v);
}

/* "σ(4) = 1 / (1 + e^−4)"; clipped, "σ(clip(4, −2, 2)) = σ(2) = ...",
 * the bound it was clipped to being the lesson's C or -C. */
static void activation_numeric(struct out *o, const struct ctx *c)
{
	enum activation act = act_of(c);
	struct text_values v = values_x(c, AS_CLIPPED);
	if (input_clipped(c, act)) {
		plan_out(o, c, plan_of(c, act, TEXT_SYMBOLIC), &v);
		put_s(o, " = ");
		v.x = v.x < 0 ? -c->l->clip_sigmoid : c->l->clip_sigmoid;
		v.xt = -1; /* the lesson's bound */
	}
	v.as = AS_VALUE;
	plan_out(o, c, plan_of(c, act, TEXT_NUMERIC), &v);
}

static void activation_words(struct out *o, const struct ctx *c)
{
	put_s(o, activation_info(act_of(c))->text.words);
}

static enum clip_note activation_clip(const struct ctx *c)
{
	return input_clipped(c, act_of(c)) ? NOTE_SIGMOID_INPUT : NOTE_NONE;
}

/* =====================================================================
 * The rest of softmax: OP_SUM, OP_DIV
 * ===================================================================== */

static void sum_numeric(struct out *o, const struct ctx *c)
{
	terms(o, c, " + ", "", "");
}

static void sum_symbolic(struct out *o, const struct ctx *c)
{
	PUTS(o, c->g->sum, " ");
	slice(o, c->n, c->r, c->nr, 1);
}

static void div_numeric(struct out *o, const struct ctx *c)
{
	opnd_op(o, c, 0, "/", 1);
}

static void div_symbolic(struct out *o, const struct ctx *c)
{
	cell_op(o, c, c->r[0], "/", c->r[1]);
}

/* =====================================================================
 * The output error: OP_ERROR, operands y, a
 * ===================================================================== */

/* dL/da of the lesson's loss at one output (operands y, a); under
 * reduction mean the whole slope is averaged (a sum in brackets). */
static void loss_slope_numeric(struct out *o, const struct ctx *c)
{
	bool mean = c->l->reduction == REDUCE_MEAN && c->l->n_samples != 1;
	const struct text_plan *pl = loss_plan(c, c->l->loss, LOSS_SLOPE);
	if (!pl)
		return;
	bool bracket = mean && pl->sum;
	const struct text_values v = values_ay(c, 1, 0);
	if (bracket)
		put_s(o, "(");
	plan_out(o, c, pl, &v);
	if (bracket)
		put_s(o, ")");
	if (mean)
		put_zu(o, " / ", c->l->n_samples);
}

/* "y − a" for the 11-line network's error and a test net's residual
 * (operands a, y there: the same text), else the loss's slope. */
static void error_numeric(struct out *o, const struct ctx *c)
{
	if (c->tt->role == GLOBAL_RESIDUAL || loss_info(c->l->loss)->ascends)
		opnd_op(o, c, 0, c->g->minus, 1);
	else
		loss_slope_numeric(o, c);
}

static void error_symbolic(struct out *o, const struct ctx *c)
{
	if (c->tt->role == GLOBAL_RESIDUAL || loss_info(c->l->loss)->ascends) {
		cell_op(o, c, c->r[0], c->g->minus, c->r[1]);
	} else {
		put_s(o, "dL/d");
		cell(o, c->n, c->r[1]);
	}
}

static void error_words(struct out *o, const struct ctx *c)
{
	if (c->tt->role == GLOBAL_RESIDUAL)
		put_s(o, "Residual: the prediction minus the target.");
	else if (loss_info(c->l->loss)->ascends)
		put_s(o, "Error: the target minus the prediction.");
	else
		put(o, "Derivative of the %s loss with respect to this output.",
		    loss_name(c->l->loss));
}

/* Whether the probability clip changed prediction a where text pl
 * writes it. */
static bool prob_clipped(const struct ctx *c, const struct text_plan *pl,
                         double a)
{
	return pl && ((pl->prob && clipped_by_engine(c->l, CLIP_PROB, a)) ||
	              (pl->one_minus &&
	               clipped_by_engine(c->l, CLIP_ONE_MINUS, a)));
}

static enum clip_note error_clip(const struct ctx *c)
{
	if (c->tt->role == GLOBAL_RESIDUAL || c->nr < 2)
		return NOTE_NONE;
	const struct text_plan *slope = loss_plan(c, c->l->loss, LOSS_SLOPE);
	return prob_clipped(c, slope, operand(c, 1)) ? NOTE_PROBABILITY
	                                             : NOTE_NONE;
}

/* =====================================================================
 * The activation's slope: OP_DERIV
 * ===================================================================== */

/* The slope's text of the op's layer, from z or from the output, cut
 * for c's style; NULL when there is no such text. */
static const struct text_plan *slope_plan(const struct ctx *c)
{
	const struct layer_spec *ls = layer_of(c);
	enum which_text w = deriv_from_a(c) ? TEXT_FROM_A : TEXT_FROM_Z;
	return plan_of(c, ls ? ls->act : ACT_IDENTITY, w);
}

/* One side of the central difference, "z + 0.00001": the value, or
 * (`cells`) operand 0's cell, which the clip meets only with the step
 * added: the calculation shows it. */
static void numeric_side(struct out *o, const struct ctx *c, bool cells,
                         const char *step, enum clip_use use)
{
	double v = operand(c, 0);
	if (cells) {
		cell(o, c->n, c->r[0]);
		PUTS(o, " ", step, " " ACTIVATION_NUMERIC_STEP_TEXT);
	} else {
		sig_arg(o, c, v, (int)c->r[0].tensor, step,
		        clipped_by_engine(c->l, use, v));
	}
}

/* The central difference of compare-derivatives:
 * "(σ(z + 0.00001) − σ(z − 0.00001)) / 0.00002", of the value or of
 * the cell. */
static void numeric_slope(struct out *o, const struct ctx *c, bool cells)
{
	const struct glyphs *g = c->g;
	PUTS(o, "(", g->sigma, "(");
	numeric_side(o, c, cells, "+", CLIP_SIGMOID_UP);
	PUTS(o, ") ", g->minus, " ", g->sigma, "(");
	numeric_side(o, c, cells, g->minus, CLIP_SIGMOID_DOWN);
	put_s(o, ")) / " ACTIVATION_NUMERIC_SPAN_TEXT);
}

/* The layer's slope from its table, times its scale k: "k × (1 −
 * tanh(z)²)", of the value (AS_VALUE) or of the cell (AS_CELL). */
static void slope_text(struct out *o, const struct ctx *c,
                       enum operand_as as)
{
	const struct layer_spec *ls = layer_of(c);
	const struct text_plan *slope = slope_plan(c);
	if (!slope)
		return;
	/* k (1 - t^2): the scale multiplies the whole slope */
	bool scaled = ls && ls->deriv_scale != 1;
	bool bracket = scaled && slope->sum;
	if (scaled) {
		num(o, c, ls->deriv_scale);
		PUTS(o, " ", c->g->times, bracket ? " (" : " ");
	}
	const struct text_values tv = values_x(c, as);
	plan_out(o, c, slope, &tv);
	if (bracket)
		put_s(o, ")");
}

static void deriv_numeric(struct out *o, const struct ctx *c)
{
	if (c->tt->role == ROLE_DERIV_WRONG) {
		times_one_minus(o, c);
		return;
	}
	if (c->tt->role == ROLE_DERIV_NUMERIC)
		numeric_slope(o, c, false);
	else
		slope_text(o, c, AS_VALUE);
}

static void deriv_symbolic(struct out *o, const struct ctx *c)
{
	if (c->tt->role == ROLE_DERIV_WRONG) {
		/* the published z(1 - z), whatever f is */
		cell(o, c->n, c->r[0]);
		PUTS(o, " ", c->g->times, " (1 ", c->g->minus, " ");
		cell(o, c->n, c->r[0]);
		put_s(o, ")");
		return;
	}
	/* the slope's formula, not "f'(z)", which reads as f' evaluated
	 * at whatever cell is in the brackets */
	if (c->tt->role == ROLE_DERIV_NUMERIC)
		numeric_slope(o, c, true);
	else
		slope_text(o, c, AS_CELL);
}

static void deriv_words(struct out *o, const struct ctx *c)
{
	if (c->tt->role == ROLE_DERIV_WRONG)
		put_s(o, "The published (wrong) formula z(1 - z), applied "
		       "to z itself.");
	else if (c->tt->role == ROLE_DERIV_NUMERIC)
		put_s(o, "Numerical check: the sigmoid's rise over a tiny "
		       "step on each side of z.");
	else
		put(o, "Slope of the activation at this cell, computed "
		       "from %s.",
		    deriv_from_a(c) ? "the activation's output"
		                    : "the weighted sum z");
}

/* The sigmoid's input clip, where the slope takes a sigmoid of z (its
 * text has a {σ(x)}: the sigmoid's and the softplus' slopes from z), and
 * both sides of the numerical one. */
static enum clip_note deriv_clip(const struct ctx *c)
{
	const struct lesson *l = c->l;
	double z = c->nr ? operand(c, 0) : 0;
	if (c->tt->role == ROLE_DERIV_NUMERIC)
		return clipped_by_engine(l, CLIP_SIGMOID_UP, z) ||
		                       clipped_by_engine(l, CLIP_SIGMOID_DOWN, z)
		               ? NOTE_SIGMOID_INPUT
		               : NOTE_NONE;
	const struct text_plan *slope = slope_plan(c);
	if (c->tt->role == ROLE_DERIV_WRONG || deriv_from_a(c) || !slope ||
	    !slope->sigma_x)
		return NOTE_NONE;
	return clipped_by_engine(l, CLIP_SIGMOID, z) ? NOTE_SIGMOID_INPUT
	                                          : NOTE_NONE;
}

/* =====================================================================
 * OP_DELTA
 * ===================================================================== */

/* Softmax's Jacobian: operands (error_j, a_j) pairs, then a_i;
 * "e_j × a_j × (δ_ij − a_i)" summed over j. */
static void jacobian_numeric(struct out *o, const struct ctx *c)
{
	const struct glyphs *g = c->g;
	size_t nr = c->nr, pairs = (nr - 1) / 2, k = shown(c->s, pairs);
	for (size_t j = 0; j < k; j++) {
		if (j)
			put_s(o, " + ");
		opnd_op(o, c, 2 * j, g->times, 2 * j + 1);
		PUTS(o, " ", g->times, " (",
		     c->r[2 * j + 1].index == c->r[nr - 1].index ? "1" : "0",
		     " ", g->minus, " ");
		opnd(o, c, nr - 1);
		put_s(o, ")");
	}
	more(o, c, " + ", pairs, k);
}

static void delta_numeric(struct out *o, const struct ctx *c)
{
	const struct layer_spec *ls = layer_of(c);
	bool softmax = ls && ls->act == ACT_SOFTMAX;
	if (softmax && c->nr == 2) {
		/* (a - y) / n: the difference is averaged */
		bool mean = c->l->reduction == REDUCE_MEAN &&
		            c->l->n_samples != 1;
		if (mean)
			put_s(o, "(");
		opnd_op(o, c, 0, c->g->minus, 1);
		if (mean)
			put_zu(o, ") / ", c->l->n_samples);
	} else if (softmax) {
		jacobian_numeric(o, c);
	} else {
		opnd_op(o, c, 0, c->g->times, 1);
	}
}

static void delta_symbolic(struct out *o, const struct ctx *c)
{
	const struct glyphs *g = c->g;
	if (c->nr == 2 && c->n->tensors[c->r[1].tensor].role == GLOBAL_TARGET) {
		/* softmax with cross-entropy: a - y, averaged under
		 * reduction mean */
		bool mean = c->l->reduction == REDUCE_MEAN;
		if (mean)
			put_s(o, "(");
		cell_op(o, c, c->r[0], g->minus, c->r[1]);
		if (mean)
			put_s(o, ") / n");
	} else if (c->nr == 2) {
		cell_op(o, c, c->r[0], g->times, c->r[1]);
	} else {
		PUTS(o, g->sum, "_j ");
		slice(o, c->n, c->r, (c->nr - 1) / 2, 2);
		PUTS(o, " ", g->times, " J");
	}
}

/* =====================================================================
 * OP_BIAS_GRAD
 * ===================================================================== */

static void bias_grad_numeric(struct out *o, const struct ctx *c)
{
	put_s(o, "(");
	terms(o, c, " + ", "", "");
	put_s(o, ")");
	if (c->l->bias_grad == REDUCE_MEAN)
		put_zu(o, " / ", c->l->n_samples);
}

static void bias_grad_symbolic(struct out *o, const struct ctx *c)
{
	PUTS(o, c->l->bias_grad == REDUCE_MEAN ? "mean" : c->g->sum, " ");
	slice(o, c->n, c->r, c->nr, 1);
}

static void bias_grad_words(struct out *o, const struct ctx *c)
{
	put(o, "Bias gradient: the deltas, %s over the samples.",
	    c->l->bias_grad == REDUCE_MEAN ? "averaged" : "summed");
}

/* =====================================================================
 * OP_UPDATE: operands the parameter, its gradient
 * ===================================================================== */

/* The 11-line network adds its error's gradient; the losses subtract. */
static const char *update_sign(const struct ctx *c)
{
	return loss_info(c->l->loss)->ascends ? "+" : c->g->minus;
}

static void update_numeric(struct out *o, const struct ctx *c)
{
	opnd(o, c, 0);
	PUTS(o, " ", update_sign(c), " ");
	num(o, c, c->l->learning_rate);
	PUTS(o, " ", c->g->times, " ");
	opnd(o, c, 1);
}

static void update_symbolic(struct out *o, const struct ctx *c)
{
	cell(o, c->n, c->r[0]);
	PUTS(o, " ", update_sign(c), " rate ", c->g->times, " ");
	cell(o, c->n, c->r[1]);
}

static void update_words(struct out *o, const struct ctx *c)
{
	put(o, "Update: the parameter moves %s its gradient, scaled by the learning rate.",
	    loss_info(c->l->loss)->ascends ? "along" : "against");
}

/* =====================================================================
 * Losses: OP_LOSS, and OP_METRIC for the others reported
 * ===================================================================== */

/* The loss an OP_LOSS or OP_METRIC computes. */
static enum loss_kind loss_of(const struct ctx *c)
{
	return c->op->kind == OP_METRIC ? (enum loss_kind)c->tt->metric_loss
	                                : c->l->loss;
}

/* The error loss averages or sums |error|; the others sum a term per
 * pair of operands (a, y), "(a − y)²", "[y ln a + (1 − y) ln(1 − a)]",
 * ..., negated for the cross-entropies. */
static void loss_numeric(struct out *o, const struct ctx *c)
{
	enum loss_kind kind = loss_of(c);
	bool mean = c->l->reduction == REDUCE_MEAN;
	const struct text_plan *term = loss_plan(c, kind, LOSS_TERM);
	if (!term) {
		PUTS(o, mean ? "mean" : "sum", "(");
		terms(o, c, ", ", "|", "|");
		put_s(o, ")");
		return;
	}
	size_t pairs = c->nr / 2, k = shown(c->s, pairs);
	if (loss_info(kind)->negated)
		PUTS(o, c->g->minus, "(");
	else
		put_s(o, "(");
	for (size_t i = 0; i < k; i++) {
		if (i)
			put_s(o, " + ");
		const struct text_values v = values_ay(c, 2 * i, 2 * i + 1);
		plan_out(o, c, term, &v);
	}
	more(o, c, " + ", pairs, k);
	put_s(o, ")");
	if (mean)
		put_zu(o, " / ", c->l->n_samples);
}

/* What the loss is, from its table: "mean(|y − l1|)", "−Σ y ln a2".
 * np.mean of the error loss averages every cell; the other losses
 * divide their sum by the samples, which is the mean of the cells when
 * each sample has one output, and is written "Σ ... / n" otherwise. */
static void loss_symbolic(struct out *o, const struct ctx *c)
{
	enum loss_kind kind = loss_of(c);
	const struct text_plan *pl = loss_plan(c, kind, LOSS_SYMBOLIC);
	if (!pl)
		return;
	int L = c->l->n_layers;
	const struct text_values v = {
		.xt = -1, .as = AS_CELL,
		.at = c->n->layer_tensor[L][ROLE_A], .yt = c->n->target};
	bool mean = c->l->reduction == REDUCE_MEAN;
	bool of_cells = kind == LOSS_ERROR || c->l->n_outputs == 1;
	if (loss_info(kind)->negated)
		put_s(o, c->g->minus);
	if (mean && of_cells) {
		put_s(o, "mean(");
		plan_out(o, c, pl, &v);
		put_s(o, ")");
		return;
	}
	PUTS(o, c->g->sum, pl->sum ? " [" : " ");
	plan_out(o, c, pl, &v);
	if (pl->sum)
		put_s(o, "]");
	if (mean)
		put_s(o, " / n");
}

static void loss_words(struct out *o, const struct ctx *c)
{
	if (c->op->kind == OP_METRIC)
		put(o, "Also reported: the %s loss.", loss_name(loss_of(c)));
	else
		put(o, "The %s loss of this iteration's predictions.",
		    loss_name(loss_of(c)));
}

/* A cross-entropy's a, or binary's 1 - a, raised to the clip. */
static enum clip_note loss_clip(const struct ctx *c)
{
	const struct text_plan *term = loss_plan(c, loss_of(c), LOSS_TERM);
	for (size_t i = 0; term && i + 1 < c->nr; i += 2)
		if (prob_clipped(c, term, operand(c, i)))
			return NOTE_PROBABILITY;
	return NOTE_NONE;
}

/* =====================================================================
 * OP_ACCURACY
 * ===================================================================== */

static void accuracy_numeric(struct out *o, const struct ctx *c)
{
	put_zu(o, "right answers / ", c->l->n_samples);
}

static void accuracy_symbolic(struct out *o, const struct ctx *c)
{
	(void)c;
	put_s(o, "share of samples classified right");
}

static void accuracy_words(struct out *o, const struct ctx *c)
{
	put(o, "Accuracy: the share of the %zu samples classified right.",
	    c->l->n_samples);
}

/* =====================================================================
 * The table: each kind's renderers in one row, so that how a kind is
 * written is looked up, and added, in one place.  A kind without a row
 * would show only "cell = " and its result.
 * ===================================================================== */

typedef void render_fn(struct out *, const struct ctx *);

struct op_text {
	render_fn *numeric;   /* the hand calculation before " = result" */
	render_fn *symbolic;  /* after "cell = " */
	render_fn *words;     /* NULL: the fixed `sentence` */
	const char *sentence;
	enum clip_note (*clip)(const struct ctx *); /* NULL: no clip applies */
};

static const struct op_text op_texts[OP_KIND_COUNT] = {
	[OP_DOT] = {.numeric = dot_numeric, .symbolic = dot_symbolic,
		.words = dot_words},
	[OP_SUM] = {.numeric = sum_numeric, .symbolic = sum_symbolic,
		.sentence = "Softmax, step 2: add the exponentials of this sample."},
	[OP_DIV] = {.numeric = div_numeric, .symbolic = div_symbolic,
		.sentence = "Softmax, step 3: divide by the sum, so the outputs add up to 1."},
	[OP_ERROR] = {.numeric = error_numeric, .symbolic = error_symbolic,
		.words = error_words, .clip = error_clip},
	[OP_DERIV] = {.numeric = deriv_numeric, .symbolic = deriv_symbolic,
		.words = deriv_words, .clip = deriv_clip},
	[OP_DELTA] = {.numeric = delta_numeric, .symbolic = delta_symbolic,
		.sentence = "Delta: how much this unit's weighted sum should change."},
	[OP_BACKPROP] = {.numeric = dot_numeric, .symbolic = dot_symbolic,
		.sentence = "Error sent back: the deltas above, weighted by the connections they came through."},
	[OP_GRAD] = {.numeric = dot_numeric, .symbolic = dot_symbolic,
		.sentence = "Weight gradient: inputs times deltas, summed over the samples."},
	[OP_BIAS_GRAD] = {.numeric = bias_grad_numeric,
		.symbolic = bias_grad_symbolic, .words = bias_grad_words},
	[OP_UPDATE] = {.numeric = update_numeric, .symbolic = update_symbolic,
		.words = update_words},
	[OP_LOSS] = {.numeric = loss_numeric, .symbolic = loss_symbolic,
		.words = loss_words, .clip = loss_clip},
	[OP_METRIC] = {.numeric = loss_numeric, .symbolic = loss_symbolic,
		.words = loss_words, .clip = loss_clip},
	[OP_ACCURACY] = {.numeric = accuracy_numeric,
		.symbolic = accuracy_symbolic, .words = accuracy_words},
};

/* Every activation's kind, softmax's OP_EXP among them: one row that
 * writes the activation's texts from its table. */
static const struct op_text activation_row = {
	.numeric = activation_numeric, .symbolic = activation_symbolic,
	.words = activation_words, .clip = activation_clip};

/* The row of op c, or NULL for a kind outside the table. */
static const struct op_text *text_of(const struct ctx *c)
{
	if (op_kind_activation(c->op->kind) >= 0)
		return &activation_row;
	return c->op->kind < OP_KIND_COUNT ? &op_texts[c->op->kind] : NULL;
}

static enum clip_note op_clip(const struct ctx *c)
{
	const struct op_text *x = text_of(c);
	return x && x->clip ? x->clip(c) : NOTE_NONE;
}

/* =====================================================================
 * The public renderings
 * ===================================================================== */

static struct out out_of(char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	return (struct out){buf, cap, 0, -1, false};
}

static void formula_numeric_out(struct out *o, const struct trace *t,
                                size_t step, const struct formula_style *s)
{
	struct ctx c = ctx_of(t, step, s);
	const struct op_text *x = text_of(&c);
	if (x && x->numeric)
		x->numeric(o, &c);
	put_s(o, " = ");
	tnum(o, &c, c.op->value, (int)c.op->tensor);
}

size_t formula_numeric(char *buf, size_t cap, const struct trace *t,
                       size_t step, const struct formula_style *s)
{
	struct out o = out_of(buf, cap);
	formula_numeric_out(&o, t, step, s);
	return o.len;
}

bool formula_scientific(const struct trace *t, size_t step,
                        const struct formula_style *s, int tensor)
{
	/* the calculation written to nowhere: its numbers are still
	 * chosen, and the first one in scientific notation noted */
	char none[1];
	struct out o = out_of(none, sizeof none);
	o.sci_tensor = tensor;
	formula_numeric_out(&o, t, step, s);
	return o.sci_seen;
}

size_t formula_symbolic(char *buf, size_t cap, const struct trace *t,
                        size_t step, const struct formula_style *s)
{
	struct out o = out_of(buf, cap);
	struct ctx c = ctx_of(t, step, s);
	const struct op_text *x = text_of(&c);
	cell(&o, c.n, (struct cell_ref){c.op->tensor, c.op->index});
	put_s(&o, " = ");
	if (x && x->symbolic)
		x->symbolic(&o, &c);
	return o.len;
}

size_t formula_value(char *buf, size_t cap, const struct trace *t,
                     struct cell_ref c, const struct formula_style *s)
{
	struct out o = out_of(buf, cap);
	/* a number needs only the style and the net */
	struct ctx x = {.t = t, .n = t->net, .s = s,
	                .g = glyphs_for(s->utf8)};
	tnum(&o, &x, trace_value(t, c), (int)c.tensor);
	return o.len;
}

size_t formula_words(char *buf, size_t cap, const struct trace *t,
                     size_t step)
{
	struct out o = out_of(buf, cap);
	struct ctx c = ctx_of(t, step, NULL);
	const struct op_text *x = text_of(&c);
	if (x && x->words)
		x->words(&o, &c);
	else if (x && x->sentence)
		put_s(&o, x->sentence);
	switch (op_clip(&c)) {
	case NOTE_SIGMOID_INPUT:
		put_s(&o, " The sigmoid's input was outside the lesson's clip "
		          "range; the nearer bound was used in its place.");
		break;
	case NOTE_PROBABILITY:
		put_s(&o, " A probability below the lesson's clip was raised "
		          "to it.");
		break;
	default:
		break;
	}
	return o.len;
}
