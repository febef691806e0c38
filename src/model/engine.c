/* The engine's per-operation code -- every phase of an iteration written
 * as one scalar operation after another, each recorded through emit() --
 * and its public functions.  engine_step runs an iteration one of three
 * ways: traced (run_traced), untraced through the same code
 * (run_fast), or untraced by the dense kernel (run_kernel, kernel.c),
 * which shares this file's loss phase; engine.h says how they relate. */
#include "model/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/activation.h"
#include "core/rng.h"
#include "model/kernel.h"
#include "model/numpy.h"

/* One iteration's working context.  Every scalar result goes through
 * emit() or vemit(), so what a trace shows is exactly what was
 * computed. */
struct ctx {
	const struct net *net;
	const struct lesson *l;
	const struct tensor *tensors; /* net->tensors */
	double *v;            /* value array being filled (n_values) */
	struct trace *t;      /* NULL when running untraced */
	bool keep;            /* t->keep_refs: the operands are stored */
	struct cell_ref *refs;/* operand scratch, only used when keeping */
	size_t n_refs;        /* operands of the operation being computed */
	bool rows;            /* l->conv == CONV_ROWS */
	bool nonfinite;
	bool oom;
};

/* The phases of an iteration are inlined into callers that trace
 * (run_traced) and callers that do not (run_fast, and run_kernel for the
 * loss phase): in the second the compiler knows c->t is NULL and drops
 * every operand reference and trace test from the inner loops.  Same
 * source, same arithmetic, so both give the same bits; run_fast runs
 * about three times faster than run_traced. */
#define HOT static inline __attribute__((always_inline))

/* =====================================================================
 * Cell addressing in the lesson's convention
 * ===================================================================== */

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

/* An operand of the operation being computed: counted when tracing,
 * stored only when the trace keeps operands (tests; model/operands.c
 * lists them for the views). */
static inline void ref(struct ctx *c, int ti, uint32_t idx)
{
	if (c->t && c->keep)
		c->refs[c->n_refs] = (struct cell_ref){(uint32_t)ti, idx};
	if (c->t)
		c->n_refs++;
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

/* A value computed to be shown beside training, never used by it: the
 * metrics and compare-derivatives' three derivatives.  docs/lesson-
 * format.md calls them shown only, so a NaN or infinity among them
 * (a log of 0 in a metric, z (1 - z) of a huge z) is shown as it is and
 * does not stop training: it sets neither the step's verdict nor the
 * trace's first non-finite step. */
static inline void emit_shown(struct ctx *c, enum phase ph, enum op_kind k,
                              int ti, uint32_t idx, double value)
{
	if (c->t) {
		long stop = c->t->nonfinite_step;
		emit_traced(c, ph, k, ti, idx, value);
		c->t->nonfinite_step = stop;
	} else {
		c->v[T(c, ti)->offset + idx] = value;
	}
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
	ref(c, w->ti, idx);
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

/* =====================================================================
 * Forward
 * ===================================================================== */

/* a = act(z) cell by cell, in (sample, unit) order; `act` is a
 * constant at every call. */
HOT void activate(struct ctx *c, enum activation act, double p,
                  const struct view *Z, const struct view *Av, size_t ns,
                  size_t units)
{
	const double clip = c->l->clip_sigmoid;
	const enum op_kind kind = op_kind_of_activation(act);
	for (size_t s = 0; s < ns; s++)
		for (size_t o = 0; o < units; o++) {
			uint32_t zi = vidx(Z, s, o);
			double a = activation_value(act, clip, p, Z->p[zi]);
			vref(c, Z, zi);
			vemit(c, PHASE_FORWARD, kind, Av, vidx(Av, s, o), a);
		}
}

/* z = a . W + b for every sample and unit: all weighted sums first, as
 * numpy does. */
HOT void weighted_sums(struct ctx *c, int k, const struct layer_spec *ls,
                       const int *lt, size_t ns, size_t units)
{
	size_t n_in = net_layer_in_units(c->l, k);
	struct view A = view_su(c, net_layer_input(c->net, k));
	struct view W = view_w(c, lt[ROLE_W]), Z = view_su(c, lt[ROLE_Z]);
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
}

/* a = softmax(z) in three steps, each over every sample: e = exp(z), one
 * sum of e per sample (numpy's pairwise sum), a = e / sum. */
HOT void softmax(struct ctx *c, const int *lt, size_t ns, size_t units)
{
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
		     numpy_pairwise_sum(c->v + e->offset + first, units,
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
}

HOT void forward_layer(struct ctx *c, int k)
{
	const struct layer_spec *ls = &c->l->layers[k - 1];
	const int *lt = c->net->layer_tensor[k];
	size_t units = (size_t)ls->units, ns = c->l->n_samples;

	weighted_sums(c, k, ls, lt, ns, units);
	if (ls->act == ACT_SOFTMAX) {
		softmax(c, lt, ns, units);
		return;
	}
	struct view Z = view_su(c, lt[ROLE_Z]), Av = view_su(c, lt[ROLE_A]);
	/* One loop per activation, so the fast path tests it only once. */
	switch (ls->act) {
#define ACTIVATE(ID, id)                                                  \
	case ACT_##ID:                                                    \
		activate(c, ACT_##ID, ls->act_param, &Z, &Av, ns, units); \
		break;
		ACTIVATIONS(ACTIVATE)
#undef ACTIVATE
	default:
		break;
	}
}

/* =====================================================================
 * Loss
 * ===================================================================== */

/* ndarray.clip(eps): a lower bound only, as seed 003 uses it. */
static inline double clip_low(const struct lesson *l, double p)
{
	if (l->clip_probability > 0 && p < l->clip_probability)
		return l->clip_probability;
	return p;
}

/* Sum over every cell of a per-sample tensor in memory order, as np.sum
 * of a contiguous array does. */
static double tensor_sum(const struct ctx *c, int ti, const double *cells)
{
	return numpy_sum_sign(
	        numpy_pairwise_sum(cells, T(c, ti)->rows * T(c, ti)->cols, 1));
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

/* The output error: dL/da at each output, what flows back from the loss
 * (the 11-line network's error y - a). */
HOT void output_error(struct ctx *c)
{
	const struct lesson *l = c->l;
	const int *lt = c->net->layer_tensor[l->n_layers];
	int y = c->net->target;
	double div = l->reduction == REDUCE_MEAN ? (double)l->n_samples : 1.0;
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
		emit(c, PHASE_LOSS, OP_ERROR, lt[ROLE_ERROR], (uint32_t)i, g);
	}
}

/* The loss phase in the order a student reads it: what the loss is
 * (with the accuracy and the metrics), then the error it sends back.
 * The 11-line network's loss is the mean of |error|, so there the error
 * comes first. */
HOT void loss_phase(struct ctx *c, double *scratch, struct step_result *r)
{
	const struct lesson *l = c->l;
	const int *lt = c->net->layer_tensor[l->n_layers];
	int y = c->net->target;
	bool error_first = l->loss == LOSS_ERROR;

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
	bool error = lt[ROLE_ERROR] >= 0;
	if (error && error_first)
		output_error(c);
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
			emit_shown(c, PHASE_LOSS, OP_METRIC, c->net->metric[m], 0,
			           loss_value(c, m, scratch));
	if (error && !error_first)
		output_error(c);
}

/* =====================================================================
 * Backward
 * ===================================================================== */

/* Seed 000's erratum, side by side with the derivative in use: the
 * published z(1 - z), the true derivative from the other source, and a
 * central finite difference of the sigmoid. */
#define NUMERIC_STEP ACTIVATION_NUMERIC_STEP

HOT void compare_derivatives(struct ctx *c, const struct layer_spec *ls,
                             const int *lt, size_t n)
{
	const double clip = c->l->clip_sigmoid;
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		ref(c, lt[ROLE_Z], (uint32_t)i);
		emit_shown(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_WRONG],
		           (uint32_t)i, z * (1.0 - z));
	}
	bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		double a = val(c, lt[ROLE_A], (uint32_t)i);
		double s = from_a ? activation_sigmoid_value(z, clip, 0) : a;
		ref(c, from_a ? lt[ROLE_Z] : lt[ROLE_A], (uint32_t)i);
		emit_shown(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_OTHER],
		           (uint32_t)i, ls->deriv_scale * s * (1.0 - s));
	}
	for (size_t i = 0; i < n; i++) {
		double z = val(c, lt[ROLE_Z], (uint32_t)i);
		ref(c, lt[ROLE_Z], (uint32_t)i);
		emit_shown(c, PHASE_BACKWARD, OP_DERIV, lt[ROLE_DERIV_NUMERIC],
		           (uint32_t)i,
		           (activation_sigmoid_value(z + NUMERIC_STEP, clip, 0) -
		            activation_sigmoid_value(z - NUMERIC_STEP, clip, 0)) /
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
	const double k = ls->deriv_scale, clip = c->l->clip_sigmoid;
	const double p = ls->act_param;
	for (size_t i = 0; i < n; i++) {
		vref(c, src, (uint32_t)i);
		vemit(c, PHASE_BACKWARD, OP_DERIV, D, (uint32_t)i,
		      activation_derivative(act, clip, p, k, from_a, Z->p[i],
		                            Av->p[i]));
	}
}

/* Softmax with cross-entropy: dL/dz = a - y. */
HOT void softmax_delta_simplified(struct ctx *c, const int *lt, size_t ns,
                                  size_t units, double div)
{
	int y = c->net->target;
	for (size_t s = 0; s < ns; s++)
		for (size_t o = 0; o < units; o++) {
			uint32_t i = at_su(c, lt[ROLE_A], s, o);
			ref(c, lt[ROLE_A], i);
			ref(c, y, i);
			emit(c, PHASE_BACKWARD, OP_DELTA, lt[ROLE_DELTA], i,
			     (val(c, lt[ROLE_A], i) - val(c, y, i)) / div);
		}
}

/* Softmax through its Jacobian: delta_i = sum_j e_j a_j (d_ij - a_i). */
HOT void softmax_delta_jacobian(struct ctx *c, const int *lt, size_t ns,
                                size_t units)
{
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
}

/* Every other activation: the derivative of each cell (and, with
 * compare-derivatives, the three to compare it with), then delta =
 * error x derivative, in memory order. */
HOT void activation_delta(struct ctx *c, const struct layer_spec *ls,
                          const int *lt, size_t n)
{
	bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
	struct view Z = view_flat(c, lt[ROLE_Z]);
	struct view Av = view_flat(c, lt[ROLE_A]);
	struct view D = view_flat(c, lt[ROLE_DERIV]);
	struct view E = view_flat(c, lt[ROLE_ERROR]);
	struct view Dl = view_flat(c, lt[ROLE_DELTA]);
	switch (ls->act) {
#define DERIVE(ID, id)                                                  \
	case ACT_##ID:                                                  \
		derive(c, ls, ACT_##ID, from_a, &Z, &Av, &D, n);        \
		break;
		ACTIVATIONS(DERIVE)
#undef DERIVE
	default:
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
HOT void weight_grads(struct ctx *c, int k, const int *lt, size_t ns)
{
	const struct tensor *tw = T(c, lt[ROLE_DW]);
	struct view A = view_su(c, net_layer_input(c->net, k));
	struct view Dt = view_su(c, lt[ROLE_DELTA]);
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
}

/* db = np.sum or np.mean of delta over the sample axis (numpy.h). */
HOT void bias_grads(struct ctx *c, const int *lt, size_t ns, size_t units)
{
	const struct tensor *td = T(c, lt[ROLE_DELTA]);
	size_t stride = c->l->conv == CONV_ROWS ? td->cols : 1;
	bool mean = c->l->bias_grad == REDUCE_MEAN;
	for (size_t o = 0; o < units; o++) {
		uint32_t first = at_su(c, lt[ROLE_DELTA], 0, o);
		for (size_t s = 0; s < ns; s++)
			ref(c, lt[ROLE_DELTA], at_su(c, lt[ROLE_DELTA], s, o));
		double sum = numpy_axis_sum(c->v + td->offset + first, ns,
		                            stride, units, mean);
		emit(c, PHASE_BACKWARD, OP_BIAS_GRAD, lt[ROLE_DB], (uint32_t)o,
		     sum);
	}
}

/* The error of layer k - 1 = delta . W^T. */
HOT void error_below(struct ctx *c, int k, const int *lt, size_t ns,
                     size_t units)
{
	const int *lb = c->net->layer_tensor[k - 1];
	size_t n_in = net_layer_in_units(c->l, k);
	struct view Dt = view_su(c, lt[ROLE_DELTA]);
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

HOT void backward_layer(struct ctx *c, int k)
{
	const struct lesson *l = c->l;
	const struct layer_spec *ls = &l->layers[k - 1];
	const int *lt = c->net->layer_tensor[k];
	size_t units = (size_t)ls->units, ns = l->n_samples;
	double div = l->reduction == REDUCE_MEAN ? (double)ns : 1.0;

	if (ls->act == ACT_SOFTMAX && lt[ROLE_ERROR] < 0)
		softmax_delta_simplified(c, lt, ns, units, div);
	else if (ls->act == ACT_SOFTMAX)
		softmax_delta_jacobian(c, lt, ns, units);
	else
		activation_delta(c, ls, lt, units * ns);
	weight_grads(c, k, lt, ns);
	if (ls->bias)
		bias_grads(c, lt, ns, units);
	if (k > 1)
		error_below(c, k, lt, ns, units);
}

/* =====================================================================
 * Update
 * ===================================================================== */

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

/* =====================================================================
 * Public API
 * ===================================================================== */

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
		if (role == ROLE_B && ls->init_zero_bias &&
		    (ls->init == INIT_UNIFORM || ls->init == INIT_NORMAL)) {
			/* b = np.zeros(m): zeros, and no draw. */
			memset(p, 0, cnt * sizeof *p);
			continue;
		}
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

/* Copies the data tensors into a value array: sample s of the tensors
 * is sample rows[s] of the data, or sample s when rows is NULL (then
 * constant for the run). */
static void load_data(const struct net *n, double *v, const uint32_t *rows)
{
	const struct lesson *l = n->lesson, *data = n->data;
	const struct tensor *tx = &n->tensors[n->input];
	const struct tensor *ty = &n->tensors[n->target];
	for (size_t s = 0; s < l->n_samples; s++) {
		size_t from = rows ? rows[s] : s;
		for (size_t i = 0; i < l->n_inputs; i++) {
			size_t at = l->conv == CONV_ROWS ? s * tx->cols + i
			                                 : i * tx->cols + s;
			v[tx->offset + at] = data->x[from * l->n_inputs + i];
		}
		for (size_t o = 0; o < l->n_outputs; o++) {
			size_t at = l->conv == CONV_ROWS ? s * ty->cols + o
			                                 : o * ty->cols + s;
			v[ty->offset + at] = data->y[from * l->n_outputs + o];
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
	if (!e->params || !e->work || !e->scratch) {
		engine_free(e);
		return -1;
	}
	load_data(n, e->work, NULL);
	if (kernel_new(&e->kernel, n, e->work)) {
		engine_free(e);
		return -1;
	}
	struct rng r;
	rng_seed(&r, l->has_seed ? l->seed : 0);
	/* numpy draws layer by layer, weights then bias, row-major in the
	 * shape the source code asks for: (in, out) for rows, (out, in) for
	 * columns -- which is the layout of our tensors. */
	for (int k = 1; k <= l->n_layers; k++)
		init_layer(l, n, &r, e->params, k);
	/* The shuffles draw on from where the initialisation stopped. */
	if (batch_init(&e->batch, n->data, &r)) {
		engine_free(e);
		return -1;
	}
	return 0;
}

void engine_free(struct engine *e)
{
	free(e->params);
	free(e->work);
	free(e->scratch);
	free(e->refs);
	kernel_free(e->kernel);
	batch_free(&e->batch);
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

static void run_traced(struct ctx *in, double *scratch,
                       struct step_result *res)
{
	/* A local copy whose address never escapes, as in run_fast: keep
	 * is then a constant, and without it the operand loops only
	 * count. */
	struct ctx c = *in;
	if (c.t->keep_refs) {
		c.keep = true;
		run_iteration(&c, scratch, res);
	} else {
		c.keep = false;
		run_iteration(&c, scratch, res);
	}
	in->nonfinite = c.nonfinite;
	in->oom = c.oom;
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

/* One untraced iteration by the dense kernel (kernel.h) on e->work, the
 * parameters already copied in, the loss phase by loss_phase as in every
 * other iteration. */
static void run_kernel(struct ctx *in, const struct kernel *k,
                       double *scratch, struct step_result *res)
{
	/* A local copy whose address never escapes, as in run_fast. */
	struct ctx c = *in;
	c.t = NULL;
	c.refs = NULL;
	kernel_forward(k);
	loss_phase(&c, scratch, res);
	kernel_backward_update(k);
	in->nonfinite = kernel_nonfinite(k);
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
	c.keep = t->keep_refs;
	if (c.keep)
		c.refs = malloc(refs_needed(l) * sizeof *c.refs);
	int rc = 0;
	if (!scratch || (c.keep && !c.refs)) {
		rc = -1;
		goto done;
	}
	trace_reset(t, 0);
	load_data(n, c.v, NULL);
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

/* Which samples a traced iteration of a mini-batch lesson holds. */
static void note_batch(struct trace *t, const struct batch *b,
                       const uint32_t *rows, long iteration)
{
	if (!rows || !t->samples)
		return;
	t->epoch = batch_epoch(b, iteration);
	t->batch = iteration % b->per_epoch;
	t->per_epoch = b->per_epoch;
	memcpy(t->samples, rows, b->size * sizeof *rows);
}

int engine_step(struct engine *e, struct trace *t, struct step_result *res)
{
	const struct net *n = e->net;
	const struct lesson *l = n->lesson;
	struct ctx c;
	ctx_init(&c, n, t);
	/* A mini-batch lesson's samples change every iteration. */
	const uint32_t *rows = n->batch_view
	                               ? batch_samples(&e->batch, e->iteration)
	                               : NULL;
	if (t && t->keep_refs && !e->refs)
		e->refs = malloc(refs_needed(l) * sizeof *e->refs);
	if (t && t->keep_refs && !e->refs)
		return -1;
	if (t) {
		trace_reset(t, e->iteration);
		c.refs = e->refs;
		c.v = t->values;
		load_data(n, c.v, rows);
		note_batch(t, &e->batch, rows, e->iteration);
	} else {
		/* e->work's data cells were loaded by engine_init and no
		 * operation writes them, unless a batch replaces them. */
		c.v = e->work;
		if (rows)
			load_data(n, c.v, rows);
	}
	memcpy(c.v, e->params, n->n_params * sizeof *c.v);
	/* The dense kernel updates the parameter cells in place. */
	bool in_place = !t && e->kernel;
	if (t)
		run_traced(&c, e->scratch, res);
	else if (in_place)
		run_kernel(&c, e->kernel, e->scratch, res);
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
