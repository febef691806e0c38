#include "model/predictions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void oom(struct diags *d, const struct lesson *l)
{
	if (d)
		diags_add(d, l->path, 0, 0, EXIT_SOFTWARE,
		          "out of memory predicting the test data");
}

/* The smallest and largest of input j over the n samples of x (laid out
 * (n, ni) whatever the convention); NaN for no samples. */
static void input_range(const double *x, size_t n, size_t ni, size_t j,
                        double *lo, double *hi)
{
	*lo = *hi = n ? x[j] : NAN;
	for (size_t s = 1; s < n; s++) {
		double v = x[s * ni + j];
		*lo = v < *lo ? v : *lo;
		*hi = v > *hi ? v : *hi;
	}
}

/* The ranges, and which test samples lie past the training range. */
static void find_outside(struct predictions *p, const struct lesson *l)
{
	for (size_t j = 0; j < p->ni; j++) {
		input_range(l->x, l->n_samples, p->ni, j, &p->train_lo[j],
		            &p->train_hi[j]);
		input_range(l->test_x, p->n, p->ni, j, &p->test_lo[j],
		            &p->test_hi[j]);
	}
	for (size_t s = 0; s < p->n; s++) {
		for (size_t j = 0; j < p->ni; j++) {
			double v = predictions_input(p, s, j);
			p->outside[s] |= v < p->train_lo[j] || v > p->train_hi[j];
		}
		p->n_outside += p->outside[s];
	}
}

int predictions_init(struct predictions *p, const struct lesson *l,
                     struct diags *d)
{
	memset(p, 0, sizeof *p);
	if (net_init_test(&p->net, &p->view, l, d))
		return -1;
	p->n = l->n_test;
	p->ni = l->n_inputs;
	p->no = l->n_outputs;
	p->train_lo = malloc(p->ni * sizeof *p->train_lo);
	p->train_hi = malloc(p->ni * sizeof *p->train_hi);
	p->test_lo = malloc(p->ni * sizeof *p->test_lo);
	p->test_hi = malloc(p->ni * sizeof *p->test_hi);
	p->outside = calloc(p->n, sizeof *p->outside);
	p->plot_x = malloc(p->n * sizeof *p->plot_x);
	if (!p->train_lo || !p->train_hi || !p->test_lo || !p->test_hi ||
	    !p->outside || !p->plot_x || trace_init(&p->trace, &p->net)) {
		oom(d, l);
		return -1;
	}
	find_outside(p, l);
	for (size_t s = 0; s < p->n; s++)
		p->plot_x[s] = lesson_data_units(l, 0, predictions_input(p, s, 0));
	return 0;
}

void predictions_free(struct predictions *p)
{
	trace_free(&p->trace);
	net_free(&p->net);
	free(p->train_lo);
	free(p->train_hi);
	free(p->test_lo);
	free(p->test_hi);
	free(p->outside);
	free(p->plot_x);
	memset(p, 0, sizeof *p);
}

int predictions_run(struct predictions *p, const double *params,
                    struct diags *d)
{
	p->ran = false;
	if (engine_forward(&p->net, params, &p->trace, &p->res) ||
	    p->trace.oom) {
		oom(d, &p->view);
		return -1;
	}
	p->ran = true;
	double worst = -1;
	p->worst = 0;
	for (size_t s = 0; s < p->n; s++)
		for (size_t o = 0; o < p->no; o++) {
			double e = fabs(predictions_residual(p, s, o));
			if (e > worst) {
				worst = e;
				p->worst = s;
			}
		}
	return 0;
}

double predictions_input(const struct predictions *p, size_t s, size_t j)
{
	/* The test net's input tensor holds these values, in the lesson's
	 * convention; the lesson keeps them (n, ni) in either. */
	return p->view.x[s * p->ni + j];
}

/* Output o of sample s of tensor ti, a (samples, outputs) tensor in the
 * rows convention and (outputs, samples) in the columns one. */
static double sample_value(const struct predictions *p, int ti, size_t s,
                           size_t o)
{
	const struct tensor *t = &p->net.tensors[ti];
	size_t cell = p->view.conv == CONV_ROWS ? net_cell(t, s, o)
	                                        : net_cell(t, o, s);
	return p->trace.values[t->offset + cell];
}

double predictions_target(const struct predictions *p, size_t s, size_t o)
{
	return sample_value(p, p->net.target, s, o);
}

double predictions_output(const struct predictions *p, size_t s, size_t o)
{
	return sample_value(p, p->net.layer_tensor[p->view.n_layers][ROLE_A], s,
	                    o);
}

double predictions_residual(const struct predictions *p, size_t s, size_t o)
{
	return sample_value(p, p->net.residual, s, o);
}

size_t predictions_rules(const struct predictions *p, double rules[2])
{
	size_t n = 0;
	if (p->train_lo[0] > p->test_lo[0])
		rules[n++] = lesson_data_units(&p->view, 0, p->train_lo[0]);
	if (p->train_hi[0] < p->test_hi[0])
		rules[n++] = lesson_data_units(&p->view, 0, p->train_hi[0]);
	return n;
}

long predictions_sample_of(const struct predictions *p,
                           const struct tensor *t, uint32_t index)
{
	if (t->rows * t->cols == 1 && p->n != 1)
		return -1;
	if (p->view.conv == CONV_ROWS)
		return t->rows == p->n ? (long)(index / t->cols) : -1;
	return t->cols == p->n ? (long)(index % t->cols) : -1;
}
