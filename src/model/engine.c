#include "model/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"

/* One iteration's working context.  Every scalar result goes through
 * emit() or vemit(), so what a trace shows is exactly what was
 * computed. */
struct ctx {
	const struct net *net;
	const struct lesson *l;
	const struct tensor *tensors; /* net->tensors */
	double *v;            /* value array being filled (n_values) */
	struct trace *t;      /* NULL when running untraced */
	struct cell_ref *refs;/* operand scratch, only used when tracing */
	size_t n_refs;
	bool rows;            /* l->conv == CONV_ROWS */
	bool nonfinite;
	bool oom;
};

/* The phases of an iteration are inlined into two callers, one tracing
 * and one not (run_traced, run_fast): in the second the compiler knows
 * c->t is NULL and drops every operand reference and trace test from the
 * inner loops.  Same source, same arithmetic, so both give the same bits;
 * fast-forwarding runs about three times faster. */
#define HOT static inline __attribute__((always_inline))

static long kernel_computed_from(const struct net *n);
static struct kernel_layer *kernel_layers_new(const struct net *n,
                                              double *v);

/* ---------------------------------------------------------------------
 * Cell addressing in the lesson's convention
 * ------------------------------------------------------------------- */

/* These helpers run once or more per scalar operation, up to millions of
 * times when fast-forwarding: they are inline, and everything that only
 * tracing needs sits behind one test of c->t. */

static inline const struct tensor *T(const struct ctx *c, int ti)
{
	return &c->tensors[ti];
}

/* Flat index of (sample s, unit u) in a per-sample tensor. */
static inline uint32_t at_su(const struct ctx *c, int ti, size_t s, size_t u)
{
	const struct tensor *t = T(c, ti);
	return (uint32_t)(c->rows ? s * t->cols + u : u * t->cols + s);
}

static inline double val(const struct ctx *c, int ti, uint32_t idx)
{
	return c->v[T(c, ti)->offset + idx];
}

static inline void ref(struct ctx *c, int ti, uint32_t idx)
{
	if (c->t)
		c->refs[c->n_refs++] = (struct cell_ref){(uint32_t)ti, idx};
}

/* Never given c itself: a ctx whose address escapes to a call could be
 * changed by any other call (exp), and the fast path relies on the
 * compiler knowing that c->t stays NULL. */
static inline void emit_traced(struct ctx *c, enum phase ph, enum op_kind k,
                               int ti, uint32_t idx, double value)
{
	if (trace_push(c->t, ph, k, (uint32_t)ti, idx, value, c->refs,
	               c->n_refs))
		c->oom = true;
	c->n_refs = 0;
}

static inline void emit(struct ctx *c, enum phase ph, enum op_kind k, int ti,
                        uint32_t idx, double value)
{
	if (!isfinite(value))
		c->nonfinite = true;
	if (c->t)
		emit_traced(c, ph, k, ti, idx, value);
	else
		c->v[T(c, ti)->offset + idx] = value;
}

/* A tensor seen through two indices, for the inner loops: cell (j, k) is
 * p[j * sj + k * sk].  Per-sample tensors are viewed as (sample, unit)
 * and weights as (input, output) whatever the convention, so the loops
 * compute the same flat indices as at_su (and weights (i, o) as
 * i * cols + o, or o * cols + i for columns) without looking the
 * tensor up again for every cell. */
struct view {
	int ti;
	double *p;
	size_t sj, sk;
};

static inline struct view view_su(const struct ctx *c, int ti)
{
	const struct tensor *t = T(c, ti);
	struct view w = {ti, c->v + t->offset, t->cols, 1};
	if (!c->rows) {
		w.sj = 1;
		w.sk = t->cols;
	}
	return w;
}

/* Weights (input i, output o) sit like a per-sample tensor's (sample,
 * unit) with i for the sample: i * cols + o, or o * cols + i. */
static inline struct view view_w(const struct ctx *c, int ti)
{
	return view_su(c, ti);
}

/* A tensor's cells in memory order. */
static inline struct view view_flat(const struct ctx *c, int ti)
{
	return (struct view){ti, c->v + T(c, ti)->offset, 0, 1};
}

static inline uint32_t vidx(const struct view *w, size_t j, size_t k)
{
	return (uint32_t)(j * w->sj + k * w->sk);
}

static inline void vref(struct ctx *c, const struct view *w, uint32_t idx)
{
	if (c->t)
		c->refs[c->n_refs++] = (struct cell_ref){(uint32_t)w->ti, idx};
}

static inline void vemit(struct ctx *c, enum phase ph, enum op_kind k,
                         const struct view *w, uint32_t idx, double value)
{
	if (!isfinite(value))
		c->nonfinite = true;
	if (c->t)
		emit_traced(c, ph, k, w->ti, idx, value);
	else
		w->p[idx] = value;
}

/* numpy's sums begin at +0: BLAS's dot and gemm clear their result before
 * adding the first product, and np.sum / np.mean start from the identity
 * of add.  Starting from the first product instead gives the same bits
 * except when every product is -0, where numpy's sum is +0; adding 0.0 at
 * the end makes exactly that one change (x + 0.0 is x for every other x,
 * and the build keeps it: no -ffast-math, no -fno-signed-zeros). */
static inline double numpy_sum_sign(double sum)
{
	return sum + 0.0;
}

/* sum_i x[x0 + i xs] * y[y0 + i ys] for i < n, in order, from the first
 * product, with numpy's sign of a zero sum. */
HOT double dot(struct ctx *c, const struct view *x, size_t x0, size_t xs,
               const struct view *y, size_t y0, size_t ys, size_t n)
{
	if (n == 0)
		return 0.0;
	const double *xp = x->p + x0, *yp = y->p + y0;
	vref(c, x, (uint32_t)x0);
	vref(c, y, (uint32_t)y0);
	double acc = *xp * *yp;
	for (size_t i = 1; i < n; i++) {
		xp += xs;
		yp += ys;
		vref(c, x, (uint32_t)(x0 + i * xs));
		vref(c, y, (uint32_t)(y0 + i * ys));
		acc = acc + *xp * *yp;
	}
	return numpy_sum_sign(acc);
}

/* ---------------------------------------------------------------------
 * numpy's arithmetic
 * ------------------------------------------------------------------- */

/* numpy's pairwise summation (used by np.sum / np.mean along a contiguous
 * axis): plain loop below 8 values, 8 accumulators up to 128, halves
 * beyond. */
static double pairwise_sum(const double *a, size_t n, size_t stride)
{
	if (n < 8) {
		double res = 0.0;
		for (size_t i = 0; i < n; i++)
			res += a[i * stride];
		return res;
	}
	if (n <= 128) {
		double r[8];
		for (int j = 0; j < 8; j++)
			r[j] = a[(size_t)j * stride];
		size_t i;
		for (i = 8; i < n - (n % 8); i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[(i + (size_t)j) * stride];
		double res = ((r[0] + r[1]) + (r[2] + r[3])) +
		             ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i * stride];
		return res;
	}
	size_t n2 = n / 2;
	n2 -= n2 % 8;
	return pairwise_sum(a, n2, stride) +
	       pairwise_sum(a + n2 * stride, n - n2, stride);
}

/* A bias gradient: the deltas of one unit over the ns samples (stride
 * apart), summed -- pairwise as np.sum/np.mean do when the sample axis is
 * the contiguous one (or the only one), a running sum otherwise -- then
 * averaged when the lesson asks (003's np.mean). */
static double bias_sum(const struct lesson *l, const double *p, size_t ns,
                       size_t stride, size_t units)
{
	double sum;
	if (stride == 1 || units == 1) {
		sum = pairwise_sum(p, ns, stride);
	} else {
		sum = 0.0;
		for (size_t s = 0; s < ns; s++)
			sum += p[s * stride];
	}
	sum = numpy_sum_sign(sum);
	if (l->bias_grad == REDUCE_MEAN)
		sum = sum / (double)ns;
	return sum;
}

static inline double sigmoid(const struct lesson *l, double z)
{
	if (l->clip_sigmoid > 0) {
		if (z < -l->clip_sigmoid)
			z = -l->clip_sigmoid;
		else if (z > l->clip_sigmoid)
			z = l->clip_sigmoid;
	}
	return 1.0 / (1.0 + exp(-z));
}

/* ndarray.clip(eps): a lower bound only, as seed 003 uses it. */
static inline double clip_low(const struct lesson *l, double p)
{
	if (l->clip_probability > 0 && p < l->clip_probability)
		return l->clip_probability;
	return p;
}

/* ---------------------------------------------------------------------
 * Forward
 * ------------------------------------------------------------------- */

/* a = act(z) cell by cell, in (sample, unit) order; `act` is a
 * constant at every call. */
HOT void activate(struct ctx *c, enum activation act, const struct view *Z,
                  const struct view *Av, size_t ns, size_t units)
{
	static const enum op_kind kinds[ACT_COUNT] = {
		[ACT_IDENTITY] = OP_IDENTITY, [ACT_SIGMOID] = OP_SIGMOID,
		[ACT_TANH] = OP_TANH,         [ACT_RELU] = OP_RELU,
		[ACT_SOFTPLUS] = OP_SOFTPLUS,
	};
	for (size_t s = 0; s < ns; s++)
		for (size_t o = 0; o < units; o++) {
			uint32_t zi = vidx(Z, s, o);
			double z = Z->p[zi], a;
			switch (act) {
			case ACT_SIGMOID:
				a = sigmoid(c->l, z);
				break;
			case ACT_TANH:
				a = tanh(z);
				break;
			case ACT_RELU: /* np.maximum(0, z) keeps NaN */
				a = isnan(z) ? z : (z > 0 ? z : 0.0);
				break;
			case ACT_SOFTPLUS:
				a = log(1.0 + exp(z));
				break;
			default:
				a = z;
				break;
			}
			vref(c, Z, zi);
			vemit(c, PHASE_FORWARD, kinds[act], Av, vidx(Av, s, o), a);
		}
}

static int layer_input(const struct ctx *c, int k)
{
	return k == 1 ? c->net->input : c->net->layer_tensor[k - 1][ROLE_A];
}

static size_t layer_in_units(const struct ctx *c, int k)
{
	return k == 1 ? c->l->n_inputs : (size_t)c->l->layers[k - 2].units;
}

HOT void forward_layer(struct ctx *c, int k)
{
	const struct layer_spec *ls = &c->l->layers[k - 1];
	const int *lt = c->net->layer_tensor[k];
	int in = layer_input(c, k);
	size_t n_in = layer_in_units(c, k), units = (size_t)ls->units;
	size_t ns = c->l->n_samples;

	/* z = a . W + b: all weighted sums first, as numpy does. */
	struct view A = view_su(c, in), W = view_w(c, lt[ROLE_W]);
	struct view Z = view_su(c, lt[ROLE_Z]);
	struct view B = ls->bias ? view_flat(c, lt[ROLE_B]) : Z;
	for (size_t s = 0; s < ns; s++)
		for (size_t o = 0; o < units; o++) {
			/* a[s, :] . W[:, o] */
			double acc = dot(c, &A, s * A.sj, A.sk, &W, o * W.sk,
			                 W.sj, n_in);
			if (ls->bias) {
				vref(c, &B, (uint32_t)o);
				acc = acc + B.p[o];
			}
			vemit(c, PHASE_FORWARD, OP_DOT, &Z, vidx(&Z, s, o), acc);
		}

	if (ls->act == ACT_SOFTMAX) {
		for (size_t s = 0; s < ns; s++)
			for (size_t o = 0; o < units; o++) {
				uint32_t zi = at_su(c, lt[ROLE_Z], s, o);
				ref(c, lt[ROLE_Z], zi);
				emit(c, PHASE_FORWARD, OP_EXP, lt[ROLE_EXP],
				     at_su(c, lt[ROLE_EXP], s, o),
				     exp(val(c, lt[ROLE_Z], zi)));
			}
		for (size_t s = 0; s < ns; s++) {
			const struct tensor *e = T(c, lt[ROLE_EXP]);
			uint32_t first = at_su(c, lt[ROLE_EXP], s, 0);
			size_t stride = c->l->conv == CONV_ROWS ? 1 : e->cols;
			for (size_t o = 0; o < units; o++)
				ref(c, lt[ROLE_EXP], at_su(c, lt[ROLE_EXP], s, o));
			emit(c, PHASE_FORWARD, OP_SUM, lt[ROLE_SUM],
			     at_su(c, lt[ROLE_SUM], s, 0),
			     pairwise_sum(c->v + e->offset + first, units,
			                  stride));
		}
		for (size_t s = 0; s < ns; s++)
			for (size_t o = 0; o < units; o++) {
				uint32_t ei = at_su(c, lt[ROLE_EXP], s, o);
				uint32_t si = at_su(c, lt[ROLE_SUM], s, 0);
				ref(c, lt[ROLE_EXP], ei);
				ref(c, lt[ROLE_SUM], si);
				emit(c, PHASE_FORWARD, OP_DIV, lt[ROLE_A],
				     at_su(c, lt[ROLE_A], s, o),
				     val(c, lt[ROLE_EXP], ei) /
				             val(c, lt[ROLE_SUM], si));
			}
		return;
	}

	struct view Av = view_su(c, lt[ROLE_A]);
	/* One loop per activation, so the fast path tests it only once. */
	switch (ls->act) {
	case ACT_SIGMOID:
		activate(c, ACT_SIGMOID, &Z, &Av, ns, units);
		break;
	case ACT_TANH:
		activate(c, ACT_TANH, &Z, &Av, ns, units);
		break;
	case ACT_RELU:
		activate(c, ACT_RELU, &Z, &Av, ns, units);
		break;
	case ACT_SOFTPLUS:
		activate(c, ACT_SOFTPLUS, &Z, &Av, ns, units);
		break;
	default:
		activate(c, ACT_IDENTITY, &Z, &Av, ns, units);
		break;
	}
}

/* ---------------------------------------------------------------------
 * Loss
 * ------------------------------------------------------------------- */

/* Sum over every cell of a per-sample tensor in memory order, as np.sum
 * of a contiguous array does. */
static double tensor_sum(const struct ctx *c, int ti, const double *cells)
{
	return numpy_sum_sign(
	        pairwise_sum(cells, T(c, ti)->rows * T(c, ti)->cols, 1));
}

/* One loss value of kind `kind` over all samples, from a and y; refs the
 * cells it reads.  The per-cell terms are computed into `scratch`
 * (n_samples * n_outputs, memory order) and summed as numpy would. */
HOT double loss_value(struct ctx *c, enum loss_kind kind, double *scratch)
{
	const struct lesson *l = c->l;
	int L = l->n_layers;
	int a = c->net->layer_tensor[L][ROLE_A], y = c->net->target;
	int e = c->net->layer_tensor[L][ROLE_ERROR];
	const struct tensor *ta = T(c, a);
	size_t n = ta->rows * ta->cols;
	double div = l->reduction == REDUCE_MEAN ? (double)l->n_samples : 1.0;

	if (kind == LOSS_ERROR) {
		/* np.mean(np.abs(l1_error)), the 11-line network's report. */
		for (size_t i = 0; i < n; i++) {
			ref(c, e, (uint32_t)i);
			scratch[i] = fabs(c->v[T(c, e)->offset + i]);
		}
		double sum = tensor_sum(c, e, scratch);
		return l->reduction == REDUCE_MEAN ? sum / (double)n : sum;
	}
	for (size_t i = 0; i < n; i++) {
		ref(c, a, (uint32_t)i);
		ref(c, y, (uint32_t)i);
	}
	const double *av = c->v + ta->offset, *yv = c->v + T(c, y)->offset;
	if (kind == LOSS_BCE) {
		/* -(y.T @ log(a) + (1 - y).T @ log(1 - a)) / div, two dot
		 * products summed in sample order. */
		double t1 = 0.0, t2 = 0.0;
		for (size_t i = 0; i < n; i++) {
			t1 += yv[i] * log(clip_low(l, av[i]));
			t2 += (1.0 - yv[i]) * log(clip_low(l, 1.0 - av[i]));
		}
		return -(t1 + t2) / div;
	}
	for (size_t i = 0; i < n; i++) {
		double d = av[i] - yv[i];
		switch (kind) {
		case LOSS_SQUARED:
			scratch[i] = d * d;
			break;
		case LOSS_ABSOLUTE:
			scratch[i] = fabs(d);
			break;
		default: /* LOSS_CCE: y * log(a) */
			scratch[i] = yv[i] * log(clip_low(l, av[i]));
			break;
		}
	}
	double sum = tensor_sum(c, a, scratch);
	if (kind == LOSS_CCE)
		sum = -sum;
	return sum / div;
}

HOT double accuracy_value(struct ctx *c)
{
	const struct lesson *l = c->l;
	int L = l->n_layers;
	int a = c->net->layer_tensor[L][ROLE_A], y = c->net->target;
	size_t no = l->n_outputs, correct = 0;
	for (size_t s = 0; s < l->n_samples; s++) {
		bool right;
		if (no == 1) {
			uint32_t ai = at_su(c, a, s, 0), yi = at_su(c, y, s, 0);
			ref(c, a, ai);
			ref(c, y, yi);
			double pred = val(c, a, ai) > l->accuracy_threshold;
			right = pred == val(c, y, yi);
		} else {
			size_t pa = 0, py = 0;
			for (size_t o = 0; o < no; o++) {
				uint32_t ai = at_su(c, a, s, o);
				uint32_t yi = at_su(c, y, s, o);
				ref(c, a, ai);
				ref(c, y, yi);
				if (val(c, a, ai) > val(c, a, at_su(c, a, s, pa)))
					pa = o;
				if (val(c, y, yi) > val(c, y, at_su(c, y, s, py)))
					py = o;
			}
			right = pa == py;
		}
		correct += right;
	}
	return (double)correct / (double)l->n_samples;
}

HOT void loss_phase(struct ctx *c, double *scratch, struct step_result *r)
{
	const struct lesson *l = c->l;
	int L = l->n_layers;
	const int *lt = c->net->layer_tensor[L];
	int y = c->net->target;
	double div = l->reduction == REDUCE_MEAN ? (double)l->n_samples : 1.0;

	if (c->net->residual >= 0) {
		const struct tensor *tr = T(c, c->net->residual);
		for (size_t i = 0; i < tr->rows * tr->cols; i++) {
			ref(c, lt[ROLE_A], (uint32_t)i);
			ref(c, y, (uint32_t)i);
			emit(c, PHASE_LOSS, OP_ERROR, c->net->residual, (uint32_t)i,
			     val(c, lt[ROLE_A], (uint32_t)i) -
			             val(c, y, (uint32_t)i));
		}
	}
	/* The output error: what flows back from the loss. */
	if (lt[ROLE_ERROR] >= 0) {
		const struct tensor *te = T(c, lt[ROLE_ERROR]);
		for (size_t i = 0; i < te->rows * te->cols; i++) {
			double a = val(c, lt[ROLE_A], (uint32_t)i);
			double yv = val(c, y, (uint32_t)i), g;
			switch (l->loss) {
			case LOSS_ERROR:
				g = yv - a;
				break;
			case LOSS_SQUARED:
				g = 2.0 * (a - yv) / div;
				break;
			case LOSS_ABSOLUTE:
				g = (a > yv ? 1.0 : a < yv ? -1.0 : 0.0) / div;
				break;
			case LOSS_BCE:
				g = -(yv / clip_low(l, a)) +
				    (1.0 - yv) / clip_low(l, 1.0 - a);
				g = g / div;
				break;
			default: /* LOSS_CCE through the softmax Jacobian */
				g = -(yv / clip_low(l, a)) / div;
				break;
			}
			ref(c, y, (uint32_t)i);
			ref(c, lt[ROLE_A], (uint32_t)i);
			emit(c, PHASE_LOSS, OP_ERROR, lt[ROLE_ERROR], (uint32_t)i,
			     g);
		}
	}
	r->loss = loss_value(c, l->loss, scratch);
	emit(c, PHASE_LOSS, OP_LOSS, c->net->loss, 0, r->loss);
	r->accuracy = NAN;
	if (c->net->accuracy >= 0) {
		r->accuracy = accuracy_value(c);
		emit(c, PHASE_LOSS, OP_ACCURACY, c->net->accuracy, 0,
		     r->accuracy);
	}
	for (int m = 0; m < LOSS_COUNT; m++)
		if (c->net->metric[m] >= 0)
			emit(c, PHASE_LOSS, OP_METRIC, c->net->metric[m], 0,
			     loss_value(c, m, scratch));
}

/* ---------------------------------------------------------------------
 * Backward
 * ------------------------------------------------------------------- */

/* The derivative with the layer's scale k and source (from_a: from the
 * activation, else from z), passed in so that a loop over cells reads
 * them once. */
static inline double derivative(const struct lesson *l, double k,
                                bool from_a, enum activation act, double z,
                                double a)
{
	switch (act) {
	case ACT_SIGMOID: {
		/* 002: x*(1-x) on the activation; 003: 2*s*(1-s), s=sig(z) */
		double s = from_a ? a : sigmoid(l, z);
		return k * s * (1.0 - s);
	}
	case ACT_TANH: {
		double t = from_a ? a : tanh(z);
		return k * (1.0 - t * t);
	}
	case ACT_RELU:
		return k * ((from_a ? a : z) > 0 ? 1.0 : 0.0);
	case ACT_SOFTPLUS:
		return k * sigmoid(l, z);
	default:
		return k * 1.0;
	}
}

/* Seed 000's erratum, side by side with the derivative in use: the
 * published z(1 - z), the true derivative from the other source, and a
 * central finite difference of the sigmoid. */
#define NUMERIC_STEP 1e-5

HOT void compare_derivatives(struct ctx *c, const struct layer_spec *ls,
                             const int *lt, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		ref(c, lt[ROLE_Z], (uint32_t)i);
		emit(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_WRONG],
		     (uint32_t)i, z * (1.0 - z));
	}
	bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		double a = val(c, lt[ROLE_A], (uint32_t)i);
		double s = from_a ? sigmoid(c->l, z) : a;
		ref(c, from_a ? lt[ROLE_Z] : lt[ROLE_A], (uint32_t)i);
		emit(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_OTHER],
		     (uint32_t)i, ls->deriv_scale * s * (1.0 - s));
	}
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		ref(c, lt[ROLE_Z], (uint32_t)i);
		emit(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_NUMERIC],
		     (uint32_t)i,
		     (sigmoid(c->l, z + NUMERIC_STEP) -
		      sigmoid(c->l, z - NUMERIC_STEP)) /
		             (2 * NUMERIC_STEP));
	}
}

/* The derivative of every cell, in memory order; `act` is a constant at
 * every call. */
HOT void derive(struct ctx *c, const struct layer_spec *ls,
                enum activation act, bool from_a, const struct view *Z,
                const struct view *Av, const struct view *D, size_t n)
{
	const struct view *src = from_a ? Av : Z;
	double k = ls->deriv_scale;
	for (size_t i = 0; i < n; i++) {
		vref(c, src, (uint32_t)i);
		vemit(c, PHASE_BACKWARD, OP_DERIV, D, (uint32_t)i,
		      derivative(c->l, k, from_a, act, Z->p[i], Av->p[i]));
	}
}

HOT void backward_layer(struct ctx *c, int k)
{
	const struct lesson *l = c->l;
	const struct layer_spec *ls = &l->layers[k - 1];
	const int *lt = c->net->layer_tensor[k];
	size_t units = (size_t)ls->units, ns = l->n_samples;
	double div = l->reduction == REDUCE_MEAN ? (double)ns : 1.0;

	if (ls->act == ACT_SOFTMAX && lt[ROLE_ERROR] < 0) {
		/* Softmax with cross-entropy: dL/dz = a - y. */
		int y = c->net->target;
		for (size_t s = 0; s < ns; s++)
			for (size_t o = 0; o < units; o++) {
				uint32_t i = at_su(c, lt[ROLE_A], s, o);
				ref(c, lt[ROLE_A], i);
				ref(c, y, i);
				emit(c, PHASE_BACKWARD, OP_DELTA, lt[ROLE_DELTA], i,
				     (val(c, lt[ROLE_A], i) - val(c, y, i)) / div);
			}
	} else if (ls->act == ACT_SOFTMAX) {
		/* Through the Jacobian: delta_i = sum_j e_j a_j (d_ij - a_i) */
		for (size_t s = 0; s < ns; s++)
			for (size_t o = 0; o < units; o++) {
				uint32_t ai = at_su(c, lt[ROLE_A], s, o);
				double acc = 0.0;
				for (size_t j = 0; j < units; j++) {
					uint32_t ej = at_su(c, lt[ROLE_ERROR], s, j);
					uint32_t aj = at_su(c, lt[ROLE_A], s, j);
					ref(c, lt[ROLE_ERROR], ej);
					ref(c, lt[ROLE_A], aj);
					double jac = val(c, lt[ROLE_A], aj) *
					             ((j == o ? 1.0 : 0.0) -
					              val(c, lt[ROLE_A], ai));
					double p = val(c, lt[ROLE_ERROR], ej) * jac;
					acc = j == 0 ? p : acc + p;
				}
				ref(c, lt[ROLE_A], ai);
				emit(c, PHASE_BACKWARD, OP_DELTA, lt[ROLE_DELTA], ai,
				     numpy_sum_sign(acc));
			}
	} else {
		bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
		struct view Z = view_flat(c, lt[ROLE_Z]);
		struct view Av = view_flat(c, lt[ROLE_A]);
		struct view D = view_flat(c, lt[ROLE_DERIV]);
		struct view E = view_flat(c, lt[ROLE_ERROR]);
		struct view Dl = view_flat(c, lt[ROLE_DELTA]);
		size_t n = units * ns;
		switch (ls->act) {
		case ACT_SIGMOID:
			derive(c, ls, ACT_SIGMOID, from_a, &Z, &Av, &D, n);
			break;
		case ACT_TANH:
			derive(c, ls, ACT_TANH, from_a, &Z, &Av, &D, n);
			break;
		case ACT_RELU:
			derive(c, ls, ACT_RELU, from_a, &Z, &Av, &D, n);
			break;
		case ACT_SOFTPLUS:
			derive(c, ls, ACT_SOFTPLUS, from_a, &Z, &Av, &D, n);
			break;
		default:
			derive(c, ls, ACT_IDENTITY, from_a, &Z, &Av, &D, n);
			break;
		}
		if (ls->compare_derivatives)
			compare_derivatives(c, ls, lt, n);
		for (size_t i = 0; i < n; i++) {
			vref(c, &E, (uint32_t)i);
			vref(c, &D, (uint32_t)i);
			vemit(c, PHASE_BACKWARD, OP_DELTA, &Dl, (uint32_t)i,
			      E.p[i] * D.p[i]);
		}
	}

	/* dW = a_prev^T . delta, summed over the samples in order. */
	int in = layer_input(c, k);
	size_t n_in = layer_in_units(c, k);
	const struct tensor *tw = T(c, lt[ROLE_DW]);
	struct view A = view_su(c, in), Dt = view_su(c, lt[ROLE_DELTA]);
	struct view DW = view_w(c, lt[ROLE_DW]);
	for (size_t r = 0; r < tw->rows; r++)
		for (size_t q = 0; q < tw->cols; q++) {
			size_t i = c->rows ? r : q;
			size_t o = c->rows ? q : r;
			/* a[:, i] . delta[:, o] over the samples */
			double acc = dot(c, &A, i * A.sk, A.sj, &Dt,
			                 o * Dt.sk, Dt.sj, ns);
			vemit(c, PHASE_BACKWARD, OP_GRAD, &DW, vidx(&DW, i, o),
			      acc);
		}

	if (ls->bias) {
		const struct tensor *td = T(c, lt[ROLE_DELTA]);
		for (size_t o = 0; o < units; o++) {
			uint32_t first = at_su(c, lt[ROLE_DELTA], 0, o);
			size_t stride = l->conv == CONV_ROWS ? td->cols : 1;
			for (size_t s = 0; s < ns; s++)
				ref(c, lt[ROLE_DELTA], at_su(c, lt[ROLE_DELTA], s, o));
			/* np.mean/np.sum over the sample axis: pairwise when
			 * that axis is the contiguous one, a running sum
			 * otherwise. */
			double sum = bias_sum(l, c->v + td->offset + first,
			                      ns, stride, units);
			emit(c, PHASE_BACKWARD, OP_BIAS_GRAD, lt[ROLE_DB],
			     (uint32_t)o, sum);
		}
	}

	if (k == 1)
		return;
	/* error of the layer below = delta . W^T */
	const int *lb = c->net->layer_tensor[k - 1];
	struct view W = view_w(c, lt[ROLE_W]), Eb = view_su(c, lb[ROLE_ERROR]);
	for (size_t s = 0; s < ns; s++)
		for (size_t j = 0; j < n_in; j++) {
			/* delta[s, :] . W[j, :] */
			double acc = dot(c, &Dt, s * Dt.sj, Dt.sk, &W,
			                 j * W.sj, W.sk, units);
			vemit(c, PHASE_BACKWARD, OP_BACKPROP, &Eb, vidx(&Eb, s, j),
			      acc);
		}
}

/* ---------------------------------------------------------------------
 * Update
 * ------------------------------------------------------------------- */

HOT void update_param(struct ctx *c, int old, int grad, int out)
{
	const struct lesson *l = c->l;
	size_t n = T(c, old)->rows * T(c, old)->cols;
	/* The error loss holds the negative gradient: weights += ... */
	bool ascend = l->loss == LOSS_ERROR;
	double rate = l->learning_rate;
	struct view O = view_flat(c, old), G = view_flat(c, grad);
	struct view N = view_flat(c, out);
	for (size_t i = 0; i < n; i++) {
		double w = O.p[i];
		double step = rate * G.p[i];
		vref(c, &O, (uint32_t)i);
		vref(c, &G, (uint32_t)i);
		vemit(c, PHASE_UPDATE, OP_UPDATE, &N, (uint32_t)i,
		      ascend ? w + step : w - step);
	}
}

/* ---------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------- */

static size_t refs_needed(const struct lesson *l)
{
	size_t maxu = l->n_inputs > l->n_outputs ? l->n_inputs : l->n_outputs;
	for (int k = 0; k < l->n_layers; k++)
		if ((size_t)l->layers[k].units > maxu)
			maxu = (size_t)l->layers[k].units;
	return 2 * l->n_samples * maxu + 4 * maxu + 8;
}

static void init_layer(const struct lesson *l, const struct net *n,
                       struct rng *r, double *params, int k)
{
	const struct layer_spec *ls = &l->layers[k - 1];
	for (int role = ROLE_W; role <= ROLE_B; role++) {
		int ti = n->layer_tensor[k][role];
		if (ti < 0)
			continue;
		const struct tensor *t = &n->tensors[ti];
		double *p = params + t->offset;
		size_t cnt = t->rows * t->cols;
		const double *given = role == ROLE_W ? ls->given_w : ls->given_b;
		for (size_t i = 0; i < cnt; i++) {
			switch (ls->init) {
			case INIT_UNIFORM:
				/* 2*np.random.random(shape) - 1 for [-1, 1) */
				p[i] = (ls->init_high - ls->init_low) *
				               rng_random(r) +
				       ls->init_low;
				break;
			case INIT_NORMAL:
				p[i] = rng_randn(r) * ls->init_scale;
				break;
			case INIT_ZEROS:
				p[i] = 0.0;
				break;
			case INIT_GIVEN:
				p[i] = given ? given[i] : 0.0;
				break;
			}
		}
	}
}

/* Copies the data tensors into a value array (constant for the run). */
static void load_data(const struct net *n, double *v)
{
	const struct lesson *l = n->lesson;
	const struct tensor *tx = &n->tensors[n->input];
	const struct tensor *ty = &n->tensors[n->target];
	for (size_t s = 0; s < l->n_samples; s++) {
		for (size_t i = 0; i < l->n_inputs; i++) {
			size_t at = l->conv == CONV_ROWS ? s * tx->cols + i
			                                 : i * tx->cols + s;
			v[tx->offset + at] = l->x[s * l->n_inputs + i];
		}
		for (size_t o = 0; o < l->n_outputs; o++) {
			size_t at = l->conv == CONV_ROWS ? s * ty->cols + o
			                                 : o * ty->cols + s;
			v[ty->offset + at] = l->y[s * l->n_outputs + o];
		}
	}
}

static void ctx_init(struct ctx *c, const struct net *n, struct trace *t)
{
	memset(c, 0, sizeof *c);
	c->net = n;
	c->l = n->lesson;
	c->tensors = n->tensors;
	c->t = t;
	c->rows = n->lesson->conv == CONV_ROWS;
}

int engine_init(struct engine *e, const struct net *n)
{
	const struct lesson *l = n->lesson;
	memset(e, 0, sizeof *e);
	e->net = n;
	e->params = calloc(n->n_params ? n->n_params : 1, sizeof *e->params);
	e->work = calloc(n->n_values ? n->n_values : 1, sizeof *e->work);
	/* Allocated once: a fast-forward runs tens of thousands of steps. */
	e->scratch = malloc((l->n_samples * l->n_outputs + 1) *
	                    sizeof *e->scratch);
	e->refs = malloc(refs_needed(l) * sizeof *e->refs);
	if (!e->params || !e->work || !e->scratch || !e->refs) {
		engine_free(e);
		return -1;
	}
	load_data(n, e->work);
	e->computed_from = kernel_computed_from(n);
	if (e->computed_from >= 0) {
		e->kernel = kernel_layers_new(n, e->work);
		if (!e->kernel) {
			engine_free(e);
			return -1;
		}
	}
	struct rng r;
	rng_seed(&r, l->has_seed ? l->seed : 0);
	/* numpy draws layer by layer, weights then bias, row-major in the
	 * shape the source code asks for: (in, out) for rows, (out, in) for
	 * columns -- which is the layout of our tensors. */
	for (int k = 1; k <= l->n_layers; k++)
		init_layer(l, n, &r, e->params, k);
	return 0;
}

void engine_free(struct engine *e)
{
	free(e->params);
	free(e->work);
	free(e->scratch);
	free(e->refs);
	free(e->kernel);
	e->params = e->work = e->scratch = NULL;
	e->refs = NULL;
	e->kernel = NULL;
}

void engine_restore(struct engine *e, const double *params, long iteration)
{
	memcpy(e->params, params, e->net->n_params * sizeof *params);
	e->iteration = iteration;
}

/* One whole iteration; see HOT. */
HOT void run_iteration(struct ctx *c, double *scratch, struct step_result *res)
{
	const struct net *n = c->net;
	const struct lesson *l = c->l;
	for (int k = 1; k <= l->n_layers; k++)
		forward_layer(c, k);
	loss_phase(c, scratch, res);
	for (int k = l->n_layers; k >= 1; k--)
		backward_layer(c, k);
	for (int k = 1; k <= l->n_layers; k++) {
		const int *lt = n->layer_tensor[k];
		update_param(c, lt[ROLE_W], lt[ROLE_DW], lt[ROLE_W_NEW]);
		if (lt[ROLE_B] >= 0)
			update_param(c, lt[ROLE_B], lt[ROLE_DB], lt[ROLE_B_NEW]);
	}
}

static void run_traced(struct ctx *c, double *scratch,
                       struct step_result *res)
{
	run_iteration(c, scratch, res);
}

static void run_fast(struct ctx *in, double *scratch, struct step_result *res)
{
	/* A local copy whose address never escapes, so that c.t stays a
	 * known NULL across the calls to exp(). */
	struct ctx c = *in;
	c.t = NULL;
	c.refs = NULL;
	/* The convention as a constant too: the rows convention's unit
	 * stride then folds into the loops. */
	if (c.rows) {
		c.rows = true;
		run_iteration(&c, scratch, res);
	} else {
		c.rows = false;
		run_iteration(&c, scratch, res);
	}
	in->nonfinite = c.nonfinite;
	in->oom = c.oom;
}

/* ---------------------------------------------------------------------
 * The untraced kernel
 * ------------------------------------------------------------------- */

/* Why a second implementation of the untraced step: fast-forwarding (the
 * player's End, `dump --iterations last`) runs tens of thousands of
 * untraced iterations, and the shared code above, even with the trace
 * compiled out, still walks one scalar operation at a time through views,
 * per-cell switches and a NaN test per result (about 5,900 instructions
 * per trask-xor iteration).  The kernel below runs the same iteration on
 * plain arrays: the same cells of the same value array (e->work), each
 * computed by exactly the same sequence of IEEE operations as the traced
 * code -- a weighted sum starts from its first product, adds the
 * others in the traced order and takes numpy's sign of a zero sum;
 * biases, derivatives, deltas and updates use the same expressions and inline functions (sigmoid, derivative), the
 * loss phase is the shared loss_phase itself and bias gradients the same
 * pairwise or running sums.  Only the order in which independent cells
 * are computed differs (a row of z accumulates together, dW as outer
 * products sample by sample), which cannot change a bit: the build has
 * no fused multiply-adds (-ffp-contract=off) and no fast-math.
 *
 * Non-finite results: emit() tests every result; here one pass over the
 * computed cells afterwards tests the same values, because every value an
 * operation emits is stored in its cell and every computed cell is
 * written exactly once per iteration (net.h), so the verdict is the same
 * even where a later operation swallows the NaN (a clip, a relu, a
 * comparison).
 *
 * Softmax layers and compare-derivatives are left to run_fast (rare,
 * small lessons).  test_fast_equals_traced runs every bundled and test
 * lesson both ways and compares parameters, loss and accuracy bit for bit
 * at every iteration, and the non-finite lessons stop at the same
 * iteration both ways. */

/* Whether the kernel can run this net, and where its computed cells start:
 * -1 when it cannot (run_fast then runs every step). */
static long kernel_computed_from(const struct net *n)
{
	const struct lesson *l = n->lesson;
	if (l->n_samples == 0 || l->n_inputs == 0)
		return -1;
	for (int k = 0; k < l->n_layers; k++)
		if (l->layers[k].act == ACT_SOFTMAX ||
		    l->layers[k].compare_derivatives || l->layers[k].units <= 0)
			return -1;
	/* Given tensors (parameters, data) come first (net.c's layout);
	 * everything after them is written by an operation. */
	size_t from = 0;
	for (size_t i = 0; i < n->n_tensors; i++) {
		const struct tensor *t = &n->tensors[i];
		size_t end = t->offset + t->rows * t->cols;
		if (t->given && end > from)
			from = end;
	}
	for (size_t i = 0; i < n->n_tensors; i++)
		if (!n->tensors[i].given && n->tensors[i].offset < from &&
		    n->tensors[i].rows * n->tensors[i].cols > 0)
			return -1;
	return (long)from;
}

/* True when some value is NaN or infinite: x * 0 is zero for every
 * finite x and NaN for an infinity or a NaN, and a NaN survives every
 * sum, so the sum of the x * 0 is NaN exactly when some x is not finite.
 * One multiply and one add per value, two values at a time (GCC's vector
 * extension: SSE2 on x86-64, plain code elsewhere); the sums only ever
 * hold zeros or NaN, so their order does not matter. */
typedef double f64x2 __attribute__((vector_size(16)));

static bool any_nonfinite(const double *p, size_t n)
{
	const f64x2 zero = {0.0, 0.0};
	f64x2 va = zero, vb = zero;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		f64x2 u, w;
		memcpy(&u, &p[i], sizeof u);
		memcpy(&w, &p[i + 2], sizeof w);
		va += u * zero;
		vb += w * zero;
	}
	va += vb;
	double acc = va[0] + va[1];
	for (; i < n; i++)
		acc += p[i] * 0.0;
	return acc != acc;
}

/* sigmoid() with the lesson's clip read once per layer rather than after
 * every exp() call: the same operations. */
static inline double sigmoid_clip(double clip, double z)
{
	if (clip > 0) {
		if (z < -clip)
			z = -clip;
		else if (z > clip)
			z = clip;
	}
	return 1.0 / (1.0 + exp(-z));
}

/* Where one layer's cells live in e->work: found once, by engine_init,
 * so that an untraced step looks nothing up. */
struct kernel_layer {
	const struct layer_spec *spec;
	size_t n_in, units;
	const double *in;   /* the layer's input a: the data or the layer below */
	double *w, *b;      /* b is NULL without a bias; updated in place */
	double *z, *a, *error, *deriv, *delta, *dw, *db;
	double *error_below; /* NULL for the first layer */
};

/* Tiny layers: see KERNEL_BY_SIZE. */
#define KERNEL_TINY 4

/* Strides of the three shapes a layer's kernels read, in the convention:
 * rows keep a (s, j) at s * n_in + j, W (j, o) at j * units + o and a
 * per-sample (s, o) at s * units + o; columns keep them at j * ns + s,
 * o * n_in + j and o * ns + s. */
struct strides {
	size_t as, aj; /* input a: sample, input unit */
	size_t wj, wo; /* W: input unit, unit */
	size_t ss, so; /* per-sample tensors of the layer: sample, unit */
};

HOT struct strides strides_of(size_t ns, size_t n_in, size_t units,
                              bool rows)
{
	struct strides st;
	st.as = rows ? n_in : 1;
	st.aj = rows ? 1 : ns;
	st.wj = rows ? units : 1;
	st.wo = rows ? 1 : n_in;
	st.ss = rows ? units : 1;
	st.so = rows ? 1 : ns;
	return st;
}

/* Strides of a product out (s, c) = sum over k of in (s, k) x w (k, c). */
struct product_strides {
	size_t in_s, in_k;   /* in: sample, summed index */
	size_t w_k, w_c;     /* w: summed index, output index */
	size_t out_s, out_c; /* out: sample, output index */
};

/* out (s, c) = in (s, 0) w (0, c) + in (s, 1) w (1, c) + ... in that
 * order, then + b[c] when b is not NULL: a layer's weighted sums (in = a,
 * k an input, c a unit) and the error it sends down (in = delta, k a
 * unit, c an input), as dot() computes them.  Four samples at a time:
 * each cell's sum is a chain of dependent adds, and four independent
 * chains keep the processor busy where one would leave it waiting on
 * every add. */
HOT void sample_products(const double *restrict in,
                         const double *restrict w,
                         const double *restrict b, double *restrict out,
                         const struct product_strides *st, size_t ns,
                         size_t nk, size_t nc)
{
	size_t s = 0;
	for (; s + 4 <= ns; s += 4) {
		const double *i0 = in + s * st->in_s, *i1 = i0 + st->in_s;
		const double *i2 = i1 + st->in_s, *i3 = i2 + st->in_s;
		double *o0 = out + s * st->out_s, *o1 = o0 + st->out_s;
		double *o2 = o1 + st->out_s, *o3 = o2 + st->out_s;
		for (size_t c = 0; c < nc; c++) {
			double x = w[c * st->w_c];
			double x0 = i0[0] * x, x1 = i1[0] * x;
			double x2 = i2[0] * x, x3 = i3[0] * x;
			for (size_t k = 1; k < nk; k++) {
				x = w[k * st->w_k + c * st->w_c];
				x0 = x0 + i0[k * st->in_k] * x;
				x1 = x1 + i1[k * st->in_k] * x;
				x2 = x2 + i2[k * st->in_k] * x;
				x3 = x3 + i3[k * st->in_k] * x;
			}
			x0 = numpy_sum_sign(x0);
			x1 = numpy_sum_sign(x1);
			x2 = numpy_sum_sign(x2);
			x3 = numpy_sum_sign(x3);
			if (b) {
				x0 = x0 + b[c];
				x1 = x1 + b[c];
				x2 = x2 + b[c];
				x3 = x3 + b[c];
			}
			o0[c * st->out_c] = x0;
			o1[c * st->out_c] = x1;
			o2[c * st->out_c] = x2;
			o3[c * st->out_c] = x3;
		}
	}
	for (; s < ns; s++) {
		const double *ir = in + s * st->in_s;
		for (size_t c = 0; c < nc; c++) {
			double x = ir[0] * w[c * st->w_c];
			for (size_t k = 1; k < nk; k++)
				x = x + ir[k * st->in_k] *
				            w[k * st->w_k + c * st->w_c];
			x = numpy_sum_sign(x);
			if (b)
				x = x + b[c];
			out[s * st->out_s + c * st->out_c] = x;
		}
	}
}

/* z = a . W (+ b) */
HOT void layer_sums(const struct kernel_layer *p, size_t ns, size_t n_in,
                    size_t units, bool rows)
{
	const struct strides st = strides_of(ns, n_in, units, rows);
	const struct product_strides ps = {st.as, st.aj, st.wj,
	                                   st.wo, st.ss, st.so};
	sample_products(p->in, p->w, p->b, p->z, &ps, ns, n_in, units);
}

/* dW (i, o) = sum over the samples of a[s, i] delta[s, o], from s = 0 up,
 * as dot() adds them.  Four cells at a time, taken in the order (i, o),
 * so that four independent sums advance together. */
HOT void layer_weight_grads(const struct kernel_layer *p, size_t ns,
                            size_t n_in, size_t units, bool rows)
{
	const struct strides st = strides_of(ns, n_in, units, rows);
	const double *restrict A = p->in, *restrict Dt = p->delta;
	double *restrict DW = p->dw;
	size_t cells = n_in * units, cell = 0;
	for (; cell + 4 <= cells; cell += 4) {
		/* Cell c is (c / units, c % units): with the sizes known at
		 * compile time (KERNEL_BY_SIZE) these are constants. */
		const double *a0 = A + cell / units * st.aj;
		const double *a1 = A + (cell + 1) / units * st.aj;
		const double *a2 = A + (cell + 2) / units * st.aj;
		const double *a3 = A + (cell + 3) / units * st.aj;
		const double *d0 = Dt + cell % units * st.so;
		const double *d1 = Dt + (cell + 1) % units * st.so;
		const double *d2 = Dt + (cell + 2) % units * st.so;
		const double *d3 = Dt + (cell + 3) % units * st.so;
		double g0 = a0[0] * d0[0], g1 = a1[0] * d1[0];
		double g2 = a2[0] * d2[0], g3 = a3[0] * d3[0];
		for (size_t s = 1; s < ns; s++) {
			g0 = g0 + a0[s * st.as] * d0[s * st.ss];
			g1 = g1 + a1[s * st.as] * d1[s * st.ss];
			g2 = g2 + a2[s * st.as] * d2[s * st.ss];
			g3 = g3 + a3[s * st.as] * d3[s * st.ss];
		}
		double g[4] = {numpy_sum_sign(g0), numpy_sum_sign(g1),
		               numpy_sum_sign(g2), numpy_sum_sign(g3)};
		for (size_t q = 0; q < 4; q++)
			DW[(cell + q) / units * st.wj +
			   (cell + q) % units * st.wo] = g[q];
	}
	for (size_t rest = cells - cell; rest > 0; rest--, cell++) {
		size_t i = cell / units, o = cell % units;
		const double *pa = A + i * st.aj, *pd = Dt + o * st.so;
		double g = pa[0] * pd[0];
		for (size_t s = 1; s < ns; s++)
			g = g + pa[s * st.as] * pd[s * st.ss];
		DW[i * st.wj + o * st.wo] = numpy_sum_sign(g);
	}
}

/* The error of the layer below, (s, j) = delta[s, :] . W[j, :], from
 * o = 0 up. */
HOT void layer_error_below(const struct kernel_layer *p, size_t ns,
                           size_t n_in, size_t units, bool rows)
{
	const struct strides st = strides_of(ns, n_in, units, rows);
	const struct product_strides ps = {st.ss, st.so, st.wo,
	                                   st.wj, st.as, st.aj};
	sample_products(p->delta, p->w, NULL, p->error_below, &ps, ns, units,
	                n_in);
}

/* Runs `kernel` on layer p in the convention `rows`.  Layers of up to
 * KERNEL_TINY inputs and units -- most of the lessons' layers -- get a
 * copy compiled for their exact size, whose inner loops the compiler
 * unrolls completely: trask-xor's fast-forward takes about 7% less time
 * than with every size known only at run time (nntrace-bench ff, both
 * builds side by side), for about 30 KB of code.  Every other size runs
 * the general copy; all copies do the same operations in the same
 * order. */
#define KERNEL_CASE(kernel, p, ns, rows, ni, u)                      \
	case (ni) * 8 + (u):                                         \
		kernel(p, ns, ni, u, rows);                          \
		break;
#define KERNEL_CASES_IN(kernel, p, ns, rows, ni)                     \
	KERNEL_CASE(kernel, p, ns, rows, ni, 1)                      \
	KERNEL_CASE(kernel, p, ns, rows, ni, 2)                      \
	KERNEL_CASE(kernel, p, ns, rows, ni, 3)                      \
	KERNEL_CASE(kernel, p, ns, rows, ni, 4)
#define KERNEL_BY_SIZE(kernel, p, ns, rows)                          \
	switch ((p)->n_in <= KERNEL_TINY && (p)->units <= KERNEL_TINY  \
	                ? (p)->n_in * 8 + (p)->units                 \
	                : 0) {                                       \
		KERNEL_CASES_IN(kernel, p, ns, rows, 1)              \
		KERNEL_CASES_IN(kernel, p, ns, rows, 2)              \
		KERNEL_CASES_IN(kernel, p, ns, rows, 3)              \
		KERNEL_CASES_IN(kernel, p, ns, rows, 4)              \
	default:                                                     \
		kernel(p, ns, (p)->n_in, (p)->units, rows);          \
		break;                                               \
	}

/* name(p, ns, rows): `kernel` run by KERNEL_BY_SIZE, the convention a
 * compile-time constant too. */
#define KERNEL_DISPATCHER(name, kernel)                              \
	static void name(const struct kernel_layer *p, size_t ns,    \
	                 bool rows)                                  \
	{                                                            \
		if (rows)                                            \
			KERNEL_BY_SIZE(kernel, p, ns, true)          \
		else                                                 \
			KERNEL_BY_SIZE(kernel, p, ns, false)         \
	}

KERNEL_DISPATCHER(sums_by_size, layer_sums)
KERNEL_DISPATCHER(weight_grads_by_size, layer_weight_grads)
KERNEL_DISPATCHER(error_below_by_size, layer_error_below)

/* a = act(z): cells are independent, memory order, one loop per
 * activation. */
static void layer_activate(const struct lesson *l,
                           const struct kernel_layer *p, size_t n)
{
	const double *restrict Z = p->z;
	double *restrict Av = p->a;
	switch (p->spec->act) {
	case ACT_SIGMOID:
		if (l->clip_sigmoid > 0) {
			double clip = l->clip_sigmoid;
			for (size_t i = 0; i < n; i++)
				Av[i] = sigmoid_clip(clip, Z[i]);
		} else {
			for (size_t i = 0; i < n; i++)
				Av[i] = sigmoid_clip(0, Z[i]);
		}
		break;
	case ACT_TANH:
		for (size_t i = 0; i < n; i++)
			Av[i] = tanh(Z[i]);
		break;
	case ACT_RELU: /* np.maximum(0, z) keeps NaN, as activate() */
		for (size_t i = 0; i < n; i++) {
			double z = Z[i];
			Av[i] = isnan(z) ? z : (z > 0 ? z : 0.0);
		}
		break;
	case ACT_SOFTPLUS:
		for (size_t i = 0; i < n; i++)
			Av[i] = log(1.0 + exp(Z[i]));
		break;
	default:
		for (size_t i = 0; i < n; i++)
			Av[i] = Z[i];
		break;
	}
}

/* derivative and delta = error x derivative, cell by cell in memory
 * order; `act` is a constant at every call. */
HOT void layer_delta_as(const struct lesson *l, const struct kernel_layer *p,
                        enum activation act, size_t n)
{
	const double k = p->spec->deriv_scale;
	const bool from_a = p->spec->deriv == DERIV_FROM_OUTPUT;
	const double *restrict Z = p->z, *restrict Av = p->a;
	const double *restrict E = p->error;
	double *restrict D = p->deriv, *restrict Dt = p->delta;
	for (size_t i = 0; i < n; i++) {
		double d = derivative(l, k, from_a, act, Z[i], Av[i]);
		D[i] = d;
		Dt[i] = E[i] * d;
	}
}

static void layer_delta(const struct lesson *l, const struct kernel_layer *p,
                        size_t n)
{
	switch (p->spec->act) {
	case ACT_SIGMOID:
		layer_delta_as(l, p, ACT_SIGMOID, n);
		break;
	case ACT_TANH:
		layer_delta_as(l, p, ACT_TANH, n);
		break;
	case ACT_RELU:
		layer_delta_as(l, p, ACT_RELU, n);
		break;
	case ACT_SOFTPLUS:
		layer_delta_as(l, p, ACT_SOFTPLUS, n);
		break;
	default:
		layer_delta_as(l, p, ACT_IDENTITY, n);
		break;
	}
}

/* As backward_layer: pairwise when the sample axis is the contiguous one,
 * a running sum otherwise. */
static void layer_bias_grads(const struct lesson *l,
                             const struct kernel_layer *p, size_t ns,
                             bool rows)
{
	size_t units = p->units;
	size_t stride = rows ? units : 1, unit_step = rows ? 1 : ns;
	for (size_t o = 0; o < units; o++)
		p->db[o] = bias_sum(l, p->delta + o * unit_step, ns, stride,
		                    units);
}

/* new = old -/+ rate x gradient (out may be old); the error loss holds
 * the negative gradient: weights += ... */
static void layer_update(const struct lesson *l, const double *old,
                         const double *restrict grad, double *out, size_t n)
{
	double rate = l->learning_rate;
	if (l->loss == LOSS_ERROR)
		for (size_t i = 0; i < n; i++)
			out[i] = old[i] + rate * grad[i];
	else
		for (size_t i = 0; i < n; i++)
			out[i] = old[i] - rate * grad[i];
}

/* The cells of every layer in `v` (e->work); NULL when out of memory. */
static struct kernel_layer *kernel_layers_new(const struct net *n, double *v)
{
	const struct lesson *l = n->lesson;
	struct kernel_layer *kl = calloc((size_t)l->n_layers, sizeof *kl);
	if (!kl)
		return NULL;
	struct ctx c;
	ctx_init(&c, n, NULL);
	c.v = v;
#define CELLS(role) (lt[role] >= 0 ? v + T(&c, lt[role])->offset : NULL)
	for (int k = 1; k <= l->n_layers; k++) {
		struct kernel_layer *p = &kl[k - 1];
		const int *lt = n->layer_tensor[k];
		p->spec = &l->layers[k - 1];
		p->n_in = layer_in_units(&c, k);
		p->units = (size_t)p->spec->units;
		p->in = v + T(&c, layer_input(&c, k))->offset;
		p->w = CELLS(ROLE_W);
		p->b = p->spec->bias ? CELLS(ROLE_B) : NULL;
		p->z = CELLS(ROLE_Z);
		p->a = CELLS(ROLE_A);
		p->error = CELLS(ROLE_ERROR);
		p->deriv = CELLS(ROLE_DERIV);
		p->delta = CELLS(ROLE_DELTA);
		p->dw = CELLS(ROLE_DW);
		p->db = CELLS(ROLE_DB);
		if (k > 1) {
			const int *lb = n->layer_tensor[k - 1];
			p->error_below = v + T(&c, lb[ROLE_ERROR])->offset;
		}
	}
#undef CELLS
	return kl;
}

/* One untraced iteration on e->work (params already copied in). */
static void run_kernel(struct ctx *in, const struct kernel_layer *kl,
                       size_t computed_from, double *scratch,
                       struct step_result *res)
{
	/* A local copy whose address never escapes, as in run_fast. */
	struct ctx c = *in;
	c.t = NULL;
	c.refs = NULL;
	const struct lesson *l = c.l;
	size_t ns = l->n_samples;
	bool rows = c.rows;
	for (int k = 0; k < l->n_layers; k++) {
		sums_by_size(&kl[k], ns, rows);
		layer_activate(l, &kl[k], ns * kl[k].units);
	}
	loss_phase(&c, scratch, res);
	for (int k = l->n_layers - 1; k >= 0; k--) {
		const struct kernel_layer *p = &kl[k];
		layer_delta(l, p, ns * p->units);
		weight_grads_by_size(p, ns, rows);
		if (p->b)
			layer_bias_grads(l, p, ns, rows);
		if (p->error_below)
			error_below_by_size(p, ns, rows);
	}
	/* The new parameters are written over the old ones, where the next
	 * iteration reads them (the same sums as into the new-weight cells,
	 * which nothing reads in an untraced step): engine_step then copies
	 * the parameter cells out in one piece. */
	for (int k = 0; k < l->n_layers; k++) {
		const struct kernel_layer *p = &kl[k];
		layer_update(l, p->w, p->dw, p->w, p->n_in * p->units);
		if (p->b)
			layer_update(l, p->b, p->db, p->b, p->units);
	}
	/* The same verdict as emit()'s tests (see the kernel's comment), the
	 * new parameters included. */
	in->nonfinite = any_nonfinite(c.v, c.net->n_params) ||
	                any_nonfinite(c.v + computed_from,
	                              c.net->n_values - computed_from);
	in->oom = false;
}

int engine_forward(const struct net *n, const double *params,
                   struct trace *t, struct step_result *res)
{
	const struct lesson *l = n->lesson;
	struct ctx c;
	ctx_init(&c, n, t);
	c.v = t->values;
	double *scratch = malloc((l->n_samples * l->n_outputs + 1) *
	                         sizeof *scratch);
	c.refs = malloc(refs_needed(l) * sizeof *c.refs);
	int rc = 0;
	if (!scratch || !c.refs) {
		rc = -1;
		goto done;
	}
	trace_reset(t, 0);
	load_data(n, c.v);
	memcpy(c.v, params, n->n_params * sizeof *c.v);
	for (int k = 1; k <= l->n_layers; k++)
		forward_layer(&c, k);
	loss_phase(&c, scratch, res);
	res->nonfinite = c.nonfinite;
	rc = c.oom ? -1 : 0;
done:
	free(scratch);
	free(c.refs);
	return rc;
}

int engine_step(struct engine *e, struct trace *t, struct step_result *res)
{
	const struct net *n = e->net;
	const struct lesson *l = n->lesson;
	struct ctx c;
	ctx_init(&c, n, t);
	if (t) {
		trace_reset(t, e->iteration);
		c.refs = e->refs;
		c.v = t->values;
		load_data(n, c.v);
	} else {
		/* e->work's data cells were loaded by engine_init and no
		 * operation writes them. */
		c.v = e->work;
	}
	memcpy(c.v, e->params, n->n_params * sizeof *c.v);
	/* The dense kernel updates the parameter cells in place. */
	bool in_place = !t && e->kernel;
	if (t)
		run_traced(&c, e->scratch, res);
	else if (in_place)
		run_kernel(&c, e->kernel, (size_t)e->computed_from,
		           e->scratch, res);
	else
		run_fast(&c, e->scratch, res);

	res->nonfinite = c.nonfinite;
	if (c.oom)
		return -1;
	if (!c.nonfinite && in_place) {
		memcpy(e->params, c.v, n->n_params * sizeof *c.v);
		e->iteration++;
	} else if (!c.nonfinite) {
		/* The new parameters become the next iteration's. */
		for (int k = 1; k <= l->n_layers; k++) {
			const int *lt = n->layer_tensor[k];
			for (int r = ROLE_W; r <= ROLE_B; r++) {
				if (lt[r] < 0)
					continue;
				const struct tensor *old = &n->tensors[lt[r]];
				const struct tensor *nw =
					&n->tensors[lt[r == ROLE_W ? ROLE_W_NEW
					                           : ROLE_B_NEW]];
				memcpy(e->params + old->offset, c.v + nw->offset,
				       old->rows * old->cols * sizeof(double));
			}
		}
		e->iteration++;
	}
	return 0;
}
