/* fit: the test net and its forward pass for the prediction plot. */
#include "tui/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/engine.h"
#include "tui/app.h"

void fit_split(int rows, int *fit_rows, int *loss_rows)
{
	if (rows < 16) {
		/* Too few rows for two framed plots: the predictions are
		 * what a test-data lesson is about; the status line keeps
		 * the training loss. */
		*fit_rows = rows > 0 ? rows : 0;
		*loss_rows = 0;
		return;
	}
	int loss = rows / 3;
	*loss_rows = loss < 5 ? 5 : loss;
	*fit_rows = rows - *loss_rows;
}

/* The smallest and largest of v[0..n) with the given stride. */
static void range(const double *v, size_t n, size_t stride, double *lo,
                  double *hi)
{
	*lo = *hi = v[0];
	for (size_t i = 1; i < n; i++) {
		double x = v[i * stride];
		*lo = x < *lo ? x : *lo;
		*hi = x > *hi ? x : *hi;
	}
}

void fit_open(struct app *a)
{
	struct fit *f = &a->fit;
	memset(f, 0, sizeof *f);
	f->iteration = -1;
	const struct lesson *l = &a->lesson;
	if (!l->n_test || !l->test_x || !l->n_samples || !l->n_inputs)
		return;
	/* A test net that cannot be laid out costs the predictions only:
	 * the lesson itself loaded. */
	struct diags d = {0};
	int rc = net_init_test(&f->net, &f->view, l, &d);
	diags_free(&d);
	if (rc)
		return;
	f->raw_x = malloc(l->n_test * sizeof *f->raw_x);
	if (!f->raw_x || trace_init(&f->trace, &f->net)) {
		free(f->raw_x);
		net_free(&f->net);
		memset(f, 0, sizeof *f);
		f->iteration = -1;
		return;
	}
	/* Input 0's ranges, in the data's units: the dotted rules mark where
	 * the training data ends inside the test data. */
	size_t ni = l->n_inputs;
	range(l->x, l->n_samples, ni, &f->train_lo, &f->train_hi);
	range(l->test_x, l->n_test, ni, &f->test_lo, &f->test_hi);
	f->train_lo = lesson_data_units(l, 0, f->train_lo);
	f->train_hi = lesson_data_units(l, 0, f->train_hi);
	f->test_lo = lesson_data_units(l, 0, f->test_lo);
	f->test_hi = lesson_data_units(l, 0, f->test_hi);
	/* The test inputs never change: their place on the axis is mapped
	 * once (test_x is (n_test, n_inputs) whatever the convention). */
	for (size_t s = 0; s < l->n_test; s++)
		f->raw_x[s] = lesson_data_units(l, 0, l->test_x[s * ni]);
	f->on = true;
}

void fit_close(struct app *a)
{
	struct fit *f = &a->fit;
	if (f->on) {
		trace_free(&f->trace);
		net_free(&f->net);
	}
	free(f->raw_x);
	memset(f, 0, sizeof *f);
	f->iteration = -1;
}

void fit_sync(struct app *a)
{
	struct fit *f = &a->fit;
	const struct trace *t = &a->cur.trace;
	if (!f->on || !a->loaded || t->iteration == f->iteration)
		return;
	/* The parameters come first in every value array: those of the
	 * cursor's trace are the ones this iteration starts with. */
	f->failed = engine_forward(&f->net, t->values, &f->trace, &f->res) ||
	            f->trace.oom;
	f->iteration = t->iteration;
}

bool fit_plottable(const struct app *a)
{
	const struct fit *f = &a->fit;
	return f->on && !f->failed && f->iteration >= 0 &&
	       a->lesson.n_inputs == 1 && a->lesson.n_outputs == 1;
}
