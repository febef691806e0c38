#include "model/kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/activation.h"
#include "model/numpy.h"

/* Why a second implementation of the untraced step: fast-forwarding (the
 * player's End, `dump --iterations last`) runs tens of thousands of
 * untraced iterations, and engine.c's per-operation code, even with the
 * trace compiled out, still walks one scalar operation at a time through
 * views, per-cell switches and a NaN test per result (about 5,900
 * instructions per trask-xor iteration).  The kernel runs the same
 * iteration on plain arrays: the same cells of the same value array
 * (e->work), each computed by exactly the same sequence of IEEE
 * operations as the traced code -- a weighted sum starts from its first
 * product, adds the others in the traced order and takes numpy's sign of
 * a zero sum; activations and derivatives are core/activation.h's inline
 * functions, as in the traced code, biases, deltas and updates the same
 * expressions, bias gradients numpy.h's same pairwise or running sums, and
 * the loss phase is engine.c's loss_phase itself.  Only the order in which
 * independent cells are computed differs (the weighted sums of four
 * samples advance together, as do four weight gradients), which cannot
 * change a bit: the build has no fused multiply-adds (-ffp-contract=off)
 * and no fast-math.
 *
 * Non-finite results: emit() tests every result; here one pass over the
 * computed cells afterwards tests the same values, because every value an
 * operation emits is stored in its cell and every computed cell is
 * written exactly once per iteration (net.h), so the verdict is the same
 * even where a later operation swallows the NaN (a clip, a relu, a
 * comparison).  The metrics' cells are left out, as emit_shown leaves
 * them out: they are shown only and never stop training.
 *
 * Softmax layers and compare-derivatives are left to the per-operation
 * code (rare, small lessons).  test_fast_equals_traced runs every bundled
 * and test lesson both ways and compares parameters, loss and accuracy bit
 * for bit at every iteration, and the non-finite lessons stop at the
 * same iteration both ways. */

/* Whether the kernel can run this net, and where its computed cells start:
 * -1 when it cannot (the per-operation code then runs every step). */
static long computed_from(const struct net *n)
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

/* The kernels below are inlined into their callers, where the
 * convention and, for tiny layers, the sizes are constants
 * (KERNEL_BY_SIZE), so that their strides fold into the loops. */
#define HOT static inline __attribute__((always_inline))

/* Where one layer's cells live in e->work: found once, by kernel_new,
 * so that an untraced step looks nothing up. */
struct kernel_layer {
	const struct layer_spec *spec;
	size_t n_in, units;
	const double *in;   /* the layer's input a: the data or the layer below */
	double *w, *b;      /* b is NULL without a bias; updated in place */
	double *z, *a, *error, *deriv, *delta, *dw, *db;
	double *error_below; /* NULL for the first layer */
	double *wt;          /* scratch for W transposed (kernel's) */
};

struct kernel {
	const struct lesson *l;
	size_t ns;            /* samples */
	bool rows;            /* l->conv == CONV_ROWS */
	double *v;            /* the value array (e->work) */
	size_t n_params;      /* parameter cells: v[0, n_params) */
	size_t computed_from; /* v[computed_from, n_values) is what an
	                         iteration computes */
	size_t n_values;
	/* The cells of the metrics, shown only (engine.c's emit_shown):
	 * their values do not stop training.  In increasing order. */
	size_t shown[LOSS_COUNT];
	size_t n_shown;
	double *wt;           /* (largest n_in x units) W transposed */
	int n_layers;
	struct kernel_layer layer[]; /* (n_layers) */
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


/* =====================================================================
 * Products across independent cells, in vectors
 *
 * A weighted sum's terms must be added in numpy's order, one after the
 * other, so one sum cannot be split across the lanes of a vector; but the
 * sums of neighbouring cells are independent, and each lane can carry a
 * different cell's sum through exactly the scalar sequence: its first
 * product, then + each next product, then + 0.0 (numpy's sign of a zero
 * sum), then + the bias.  A multiply and then an add per term, never
 * fused (-ffp-contract=off, and the AVX2 clone does not enable FMA), so
 * every lane rounds as the scalar code does: the same bits, cell by cell
 * (test_fast_equals_traced, and test_engine's wide lessons).
 *
 * Lanes run across the output index c where it is contiguous in both the
 * weights and the output (the rows convention: z = a . W, the weight
 * gradients, and the error sent down through a transposed copy of W),
 * across the samples where those are (the columns convention).  Four
 * doubles a vector (GCC's vector extension); the function is compiled
 * twice, for AVX2 and for plain x86-64 (two SSE2 halves), and the loader
 * picks one for the processor (target_clones).
 * ===================================================================== */

typedef double v4d __attribute__((vector_size(32)));

/* GCC warns that passing a v4d by value to or from a function compiled
 * without AVX differs from the AVX calling convention; these helpers are
 * static and always inlined, so no call ever crosses that boundary. */
#pragma GCC diagnostic ignored "-Wpsabi"

static inline v4d v4_load(const double *p)
{
	v4d v;
	memcpy(&v, p, sizeof v);
	return v;
}

static inline void v4_store(double *p, v4d v)
{
	memcpy(p, &v, sizeof v);
}

static inline v4d v4_splat(double x)
{
	return (v4d){x, x, x, x};
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
        !defined(NNTRACE_NO_CLONES)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/* Strides of out (s, c) = sum over k of in (s, k) x w (k, c) (+ b[c]),
 * as struct product_strides. */
struct vstrides {
	size_t in_s, in_k, w_k, w_c, out_s, out_c;
};

/* S samples by NV vectors of four cells from c: S x NV independent
 * sums, enough to keep the adds' latency hidden; S and NV are constants
 * at every call. */
HOT void block_across_c(const double *restrict in, const double *restrict w,
                        const double *restrict b, double *restrict out,
                        const struct vstrides *st, size_t nk, size_t S,
                        size_t NV)
{
	v4d acc[4][2];
	for (size_t i = 0; i < S; i++)
		for (size_t j = 0; j < NV; j++)
			acc[i][j] = v4_splat(in[i * st->in_s]) *
			            v4_load(w + 4 * j);
	for (size_t k = 1; k < nk; k++) {
		v4d wv[2];
		for (size_t j = 0; j < NV; j++)
			wv[j] = v4_load(w + k * st->w_k + 4 * j);
		for (size_t i = 0; i < S; i++) {
			v4d x = v4_splat(in[i * st->in_s + k * st->in_k]);
			for (size_t j = 0; j < NV; j++)
				acc[i][j] = acc[i][j] + x * wv[j];
		}
	}
	for (size_t i = 0; i < S; i++)
		for (size_t j = 0; j < NV; j++) {
			v4d r = acc[i][j] + v4_splat(0.0);
			if (b)
				r = r + v4_load(b + 4 * j);
			v4_store(out + i * st->out_s + 4 * j, r);
		}
}

/* One cell's sum, as the scalar kernels compute it. */
HOT void one_cell(const double *in, const double *w, const double *b,
                  double *out, const struct vstrides *st, size_t nk)
{
	double x = in[0] * w[0];
	for (size_t k = 1; k < nk; k++)
		x = x + in[k * st->in_k] * w[k * st->w_k];
	x = numpy_sum_sign(x);
	if (b)
		x = x + b[0];
	*out = x;
}

/* Lanes across c: st->w_c == st->out_c == 1. */
static VECTOR_CLONES void products_across_c(
        const double *restrict in, const double *restrict w,
        const double *restrict b, double *restrict out,
        const struct vstrides *st, size_t ns, size_t nk, size_t nc)
{
	for (size_t s = 0, S; s < ns; s += S) {
		S = ns - s >= 4 ? 4 : 1;
		size_t c = 0;
		const double *is = in + s * st->in_s;
		double *os = out + s * st->out_s;
		for (; c + 8 <= nc; c += 8) {
			const double *bc = b ? b + c : NULL;
			if (S == 4)
				block_across_c(is, w + c, bc, os + c, st, nk, 4, 2);
			else
				block_across_c(is, w + c, bc, os + c, st, nk, 1, 2);
		}
		for (; c + 4 <= nc; c += 4) {
			const double *bc = b ? b + c : NULL;
			if (S == 4)
				block_across_c(is, w + c, bc, os + c, st, nk, 4, 1);
			else
				block_across_c(is, w + c, bc, os + c, st, nk, 1, 1);
		}
		for (; c < nc; c++)
			for (size_t i = 0; i < S; i++)
				one_cell(is + i * st->in_s, w + c,
				         b ? b + c : NULL,
				         os + i * st->out_s + c, st, nk);
	}
}

/* NV vectors of four samples from s by C cells from c; constants at
 * every call. */
HOT void block_across_s(const double *restrict in, const double *restrict w,
                        const double *restrict b, double *restrict out,
                        const struct vstrides *st, size_t nk, size_t NV,
                        size_t C)
{
	v4d acc[2][4];
	for (size_t j = 0; j < NV; j++)
		for (size_t i = 0; i < C; i++)
			acc[j][i] = v4_load(in + 4 * j) *
			            v4_splat(w[i * st->w_c]);
	for (size_t k = 1; k < nk; k++) {
		v4d iv[2];
		for (size_t j = 0; j < NV; j++)
			iv[j] = v4_load(in + k * st->in_k + 4 * j);
		for (size_t i = 0; i < C; i++) {
			v4d x = v4_splat(w[k * st->w_k + i * st->w_c]);
			for (size_t j = 0; j < NV; j++)
				acc[j][i] = acc[j][i] + iv[j] * x;
		}
	}
	for (size_t j = 0; j < NV; j++)
		for (size_t i = 0; i < C; i++) {
			v4d r = acc[j][i] + v4_splat(0.0);
			if (b)
				r = r + v4_splat(b[i]);
			v4_store(out + i * st->out_c + 4 * j, r);
		}
}

/* Lanes across the samples: st->in_s == st->out_s == 1. */
static VECTOR_CLONES void products_across_s(
        const double *restrict in, const double *restrict w,
        const double *restrict b, double *restrict out,
        const struct vstrides *st, size_t ns, size_t nk, size_t nc)
{
	size_t s = 0;
	for (; s + 8 <= ns; s += 8) {
		size_t c = 0;
		for (; c + 4 <= nc; c += 4)
			block_across_s(in + s, w + c * st->w_c, b ? b + c : NULL,
			               out + s + c * st->out_c, st, nk, 2, 4);
		for (; c < nc; c++)
			block_across_s(in + s, w + c * st->w_c, b ? b + c : NULL,
			               out + s + c * st->out_c, st, nk, 2, 1);
	}
	for (; s + 4 <= ns; s += 4)
		for (size_t c = 0; c < nc; c++)
			block_across_s(in + s, w + c * st->w_c, b ? b + c : NULL,
			               out + s + c * st->out_c, st, nk, 1, 1);
	for (; s < ns; s++)
		for (size_t c = 0; c < nc; c++)
			one_cell(in + s, w + c * st->w_c, b ? b + c : NULL,
			         out + s + c * st->out_c, st, nk);
}

/* The products in vectors when the strides allow it; false when not
 * (the scalar kernels then run). */
static bool vector_products(const double *in, const double *w,
                            const double *b, double *out,
                            const struct vstrides *st, size_t ns, size_t nk,
                            size_t nc)
{
	if (nk == 0)
		return false;
	if (st->w_c == 1 && st->out_c == 1 && nc >= 4) {
		products_across_c(in, w, b, out, st, ns, nk, nc);
		return true;
	}
	if (st->in_s == 1 && st->out_s == 1 && ns >= 4) {
		products_across_s(in, w, b, out, st, ns, nk, nc);
		return true;
	}
	return false;
}

/* Layers of up to KERNEL_TINY inputs and units keep their unrolled
 * scalar copies (KERNEL_BY_SIZE); a constant in those copies. */
HOT bool tiny(size_t n_in, size_t units)
{
	return n_in <= KERNEL_TINY && units <= KERNEL_TINY;
}

/* z = a . W (+ b) */
HOT void layer_sums(const struct kernel_layer *p, size_t ns, size_t n_in,
                    size_t units, bool rows)
{
	const struct strides st = strides_of(ns, n_in, units, rows);
	const struct product_strides ps = {st.as, st.aj, st.wj,
	                                   st.wo, st.ss, st.so};
	const struct vstrides vs = {st.as, st.aj, st.wj, st.wo, st.ss, st.so};
	if (!tiny(n_in, units) &&
	    vector_products(p->in, p->w, p->b, p->z, &vs, ns, n_in, units))
		return;
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
	/* dW (i, o) as a product over the samples, i for the sample */
	const struct vstrides vs = {st.aj, st.as, st.ss, st.so, st.wj, st.wo};
	if (!tiny(n_in, units) &&
	    vector_products(A, Dt, NULL, DW, &vs, n_in, ns, units))
		return;
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
	const double *w = p->w;
	struct vstrides vs = {st.ss, st.so, st.wo, st.wj, st.as, st.aj};
	if (!tiny(n_in, units) && rows) {
		/* W's rows are its inputs: a copy with one row per unit puts
		 * the inputs side by side, as the lanes want them */
		for (size_t j = 0; j < n_in; j++)
			for (size_t o = 0; o < units; o++)
				p->wt[o * n_in + j] = w[j * units + o];
		w = p->wt;
		vs.w_k = n_in;
		vs.w_c = 1;
	}
	if (!tiny(n_in, units) &&
	    vector_products(p->delta, w, NULL, p->error_below, &vs, ns, units,
	                    n_in))
		return;
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
 * compile-time constant too.  Out of line: inlined into the loops over
 * the layers, their copies for every size cost a trask-xor
 * fast-forward about 1% more instructions (callgrind). */
#define KERNEL_DISPATCHER(name, kernel)                              \
	static __attribute__((noinline)) void name(                  \
	        const struct kernel_layer *p, size_t ns, bool rows)  \
	{                                                            \
		if (rows)                                            \
			KERNEL_BY_SIZE(kernel, p, ns, true)          \
		else                                                 \
			KERNEL_BY_SIZE(kernel, p, ns, false)         \
	}

KERNEL_DISPATCHER(sums_by_size, layer_sums)
KERNEL_DISPATCHER(weight_grads_by_size, layer_weight_grads)
KERNEL_DISPATCHER(error_below_by_size, layer_error_below)

/* a = act(z), cell by cell in memory order; `act` and `clip` are
 * constants at every call. */
HOT void layer_activate_as(const struct kernel_layer *p, enum activation act,
                           double clip, size_t n)
{
	const double param = p->spec->act_param;
	const double *restrict Z = p->z;
	double *restrict Av = p->a;
	for (size_t i = 0; i < n; i++)
		Av[i] = activation_value(act, clip, param, Z[i]);
}

/* One loop per activation, and one without the clip when the lesson has
 * none (a constant 0 drops the sigmoid's tests of it; the activations
 * that never read it get two copies of the same loop): cells are
 * independent. */
static void layer_activate(const struct lesson *l,
                           const struct kernel_layer *p, size_t n)
{
	switch (p->spec->act) {
#define LAYER_ACTIVATE(ID, id)                                            \
	case ACT_##ID:                                                    \
		if (l->clip_sigmoid > 0)                                  \
			layer_activate_as(p, ACT_##ID, l->clip_sigmoid, n); \
		else                                                      \
			layer_activate_as(p, ACT_##ID, 0, n);             \
		break;
		ACTIVATIONS(LAYER_ACTIVATE)
#undef LAYER_ACTIVATE
	default:
		break;
	}
}

/* derivative and delta = error x derivative, cell by cell in memory
 * order; `act` and `from_a` are constants at every call. */
HOT void layer_delta_as(const struct lesson *l, const struct kernel_layer *p,
                        enum activation act, bool from_a, size_t n)
{
	const double k = p->spec->deriv_scale, clip = l->clip_sigmoid;
	const double param = p->spec->act_param;
	const double *restrict Z = p->z, *restrict Av = p->a;
	const double *restrict E = p->error;
	double *restrict D = p->deriv, *restrict Dt = p->delta;
	for (size_t i = 0; i < n; i++) {
		double d = activation_derivative(act, clip, param, k, from_a,
		                                 Z[i], Av[i]);
		D[i] = d;
		Dt[i] = E[i] * d;
	}
}

/* One loop per activation and source of the derivative.  The sigmoid's
 * and tanh's derivatives from z are, by their definitions in
 * core/activation.h, the ones from the output applied to f(z) computed
 * with the same arguments -- which is the cell a of this iteration,
 * computed by the same inline function and never written again: from a
 * gives the same bits without a second exp or tanh per cell (tanh was
 * half the time of a 128-wide step). */
static void layer_delta(const struct lesson *l, const struct kernel_layer *p,
                        size_t n)
{
	bool from_a = p->spec->deriv == DERIV_FROM_OUTPUT ||
	              p->spec->act == ACT_TANH || p->spec->act == ACT_SIGMOID;
	switch (p->spec->act) {
#define LAYER_DELTA(ID, id)                                        \
	case ACT_##ID:                                             \
		if (from_a)                                        \
			layer_delta_as(l, p, ACT_##ID, true, n);   \
		else                                               \
			layer_delta_as(l, p, ACT_##ID, false, n);  \
		break;
		ACTIVATIONS(LAYER_DELTA)
#undef LAYER_DELTA
	default:
		break;
	}
}

/* As engine.c's bias gradients: np.sum or np.mean over the sample axis. */
static void layer_bias_grads(const struct lesson *l,
                             const struct kernel_layer *p, size_t ns,
                             bool rows)
{
	size_t units = p->units;
	size_t stride = rows ? units : 1, unit_step = rows ? 1 : ns;
	bool mean = l->bias_grad == REDUCE_MEAN;
	for (size_t o = 0; o < units; o++)
		p->db[o] = numpy_axis_sum(p->delta + o * unit_step, ns, stride,
		                          units, mean);
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

/* Where layer k's cells (k from 1) are in v. */
static void layer_init(struct kernel_layer *p, const struct net *n, int k,
                       double *v)
{
	const struct lesson *l = n->lesson;
	const int *lt = n->layer_tensor[k];
#define CELLS(role) (lt[role] >= 0 ? v + n->tensors[lt[role]].offset : NULL)
	p->spec = &l->layers[k - 1];
	p->n_in = net_layer_in_units(l, k);
	p->units = (size_t)p->spec->units;
	p->in = v + n->tensors[net_layer_input(n, k)].offset;
	p->w = CELLS(ROLE_W);
	p->b = p->spec->bias ? CELLS(ROLE_B) : NULL;
	p->z = CELLS(ROLE_Z);
	p->a = CELLS(ROLE_A);
	p->error = CELLS(ROLE_ERROR);
	p->deriv = CELLS(ROLE_DERIV);
	p->delta = CELLS(ROLE_DELTA);
	p->dw = CELLS(ROLE_DW);
	p->db = CELLS(ROLE_DB);
#undef CELLS
	if (k > 1) {
		const int *lb = n->layer_tensor[k - 1];
		p->error_below = v + n->tensors[lb[ROLE_ERROR]].offset;
	}
}

int kernel_new(struct kernel **out, const struct net *n, double *work)
{
	const struct lesson *l = n->lesson;
	*out = NULL;
	long from = computed_from(n);
	if (from < 0)
		return 0;
	struct kernel *k = calloc(1, sizeof *k + (size_t)l->n_layers *
	                                             sizeof k->layer[0]);
	size_t most = 1;
	for (int i = 1; i <= l->n_layers; i++) {
		size_t w = net_layer_in_units(l, i) * (size_t)l->layers[i - 1].units;
		most = w > most ? w : most;
	}
	if (k)
		k->wt = malloc(most * sizeof *k->wt);
	if (!k || !k->wt) {
		kernel_free(k);
		return -1;
	}
	k->l = l;
	k->ns = l->n_samples;
	k->rows = l->conv == CONV_ROWS;
	k->v = work;
	k->n_params = n->n_params;
	k->computed_from = (size_t)from;
	k->n_values = n->n_values;
	k->n_layers = l->n_layers;
	for (int i = 1; i <= l->n_layers; i++) {
		layer_init(&k->layer[i - 1], n, i, work);
		k->layer[i - 1].wt = k->wt;
	}
	for (int m = 0; m < LOSS_COUNT; m++) {
		if (n->metric[m] < 0)
			continue;
		size_t at = n->tensors[n->metric[m]].offset, j = k->n_shown++;
		for (; j > 0 && k->shown[j - 1] > at; j--)
			k->shown[j] = k->shown[j - 1];
		k->shown[j] = at;
	}
	*out = k;
	return 0;
}

void kernel_free(struct kernel *k)
{
	if (k)
		free(k->wt);
	free(k);
}

void kernel_forward(const struct kernel *k)
{
	for (int i = 0; i < k->n_layers; i++) {
		sums_by_size(&k->layer[i], k->ns, k->rows);
		layer_activate(k->l, &k->layer[i], k->ns * k->layer[i].units);
	}
}

void kernel_backward_update(const struct kernel *k)
{
	size_t ns = k->ns;
	for (int i = k->n_layers - 1; i >= 0; i--) {
		const struct kernel_layer *p = &k->layer[i];
		layer_delta(k->l, p, ns * p->units);
		weight_grads_by_size(p, ns, k->rows);
		if (p->b)
			layer_bias_grads(k->l, p, ns, k->rows);
		if (p->error_below)
			error_below_by_size(p, ns, k->rows);
	}
	/* The new parameters are written over the old ones, where the next
	 * iteration reads them (the same sums as into the new-parameter
	 * cells, which nothing reads in an untraced step): engine_step then
	 * copies the parameter cells out in one piece. */
	for (int i = 0; i < k->n_layers; i++) {
		const struct kernel_layer *p = &k->layer[i];
		layer_update(k->l, p->w, p->dw, p->w, p->n_in * p->units);
		if (p->b)
			layer_update(k->l, p->b, p->db, p->b, p->units);
	}
}

/* The same verdict as emit()'s tests (see the comment at the top), the
 * new parameters included and the metrics' cells, which do not stop
 * training, left out. */
bool kernel_nonfinite(const struct kernel *k)
{
	if (any_nonfinite(k->v, k->n_params))
		return true;
	size_t from = k->computed_from;
	for (size_t i = 0; i < k->n_shown; i++) {
		if (any_nonfinite(k->v + from, k->shown[i] - from))
			return true;
		from = k->shown[i] + 1;
	}
	return any_nonfinite(k->v + from, k->n_values - from);
}
