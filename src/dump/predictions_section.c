#include "dump/predictions_section.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump/classes_section.h"
#include "dump/format.h"
#include "dump/handout.h"
#include "model/predictions.h"

/* Rows of the prediction table shown; the rest are counted. */
#define PREDICTIONS_SHOWN 200

/* What the table's callbacks read. */
struct table_ctx {
	const struct handout *h;
	const struct predictions *p;
};

static const char *input_label(const struct handout *h, size_t j, char *buf,
                               size_t cap)
{
	const struct lesson *l = h->l;
	const char *name = h->net->tensors[h->net->input].name;
	if (l->input_cols)
		snprintf(buf, cap, "%s", l->input_cols[j].name);
	else if (l->n_inputs == 1)
		snprintf(buf, cap, "%s", name);
	else
		snprintf(buf, cap, "%s[%zu]", name, j);
	return buf;
}

/* Column `col` of the table: inputs first, then per output its target,
 * prediction and residual. */
static void table_head(const void *ctx, size_t col, char *buf, size_t cap)
{
	const struct table_ctx *c = ctx;
	const struct predictions *p = c->p;
	const struct net *n = &p->net;
	if (col < p->ni) {
		input_label(c->h, col, buf, cap);
		return;
	}
	size_t o = (col - p->ni) / 3, what = (col - p->ni) % 3;
	static const char *const role[] = {"target ", "prediction ", ""};
	int ti = what == 0   ? n->target
	         : what == 1 ? n->layer_tensor[c->h->l->n_layers][ROLE_A]
	                     : n->residual;
	char idx[32] = "";
	if (p->no > 1)
		snprintf(idx, sizeof idx, "[%zu]", o);
	snprintf(buf, cap, "%s%s%s", role[what], n->tensors[ti].name, idx);
}

/* Sample `row`'s cell in column `col`, at the display precision; inputs
 * in the data's units. */
static void table_cell(const void *ctx, size_t row, size_t col, char *buf,
                       size_t cap)
{
	const struct table_ctx *c = ctx;
	const struct predictions *p = c->p;
	double v;
	if (col < p->ni) {
		v = lesson_data_units(c->h->l, col,
		                      predictions_input(p, row, col));
	} else {
		size_t o = (col - p->ni) / 3, what = (col - p->ni) % 3;
		v = what == 0   ? predictions_target(p, row, o)
		    : what == 1 ? predictions_output(p, row, o)
		                : predictions_residual(p, row, o);
	}
	handout_scalar(c->h, buf, cap, v);
}

static bool table_outside(const void *ctx, size_t row)
{
	const struct table_ctx *c = ctx;
	return c->p->outside[row];
}

/* "angle 0 to 30, x2 -1 to 1": the training range in the data's units. */
static void range_text(const struct handout *h, const struct predictions *p,
                       char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < p->ni && len + 1 < cap; j++) {
		char name[LESSON_NAME_MAX + 24], a[48], b[48];
		input_label(h, j, name, sizeof name);
		handout_scalar(h, a, sizeof a,
		               lesson_data_units(h->l, j, p->train_lo[j]));
		handout_scalar(h, b, sizeof b,
		               lesson_data_units(h->l, j, p->train_hi[j]));
		int k = snprintf(buf + len, cap - len, "%s%s %s to %s",
		                 j ? ", " : "", name, a, b);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

/* Which network this is, on which data, and how much of it lies outside
 * the training range. */
static void introduce(struct handout *h, const struct predictions *p,
                      const char *range)
{
	char who[300], line[1024];
	if (h->stopped)
		snprintf(who, sizeof who, "The network as training left it (the "
		         "parameters at the start of iteration %ld, where it "
		         "stopped)", h->stop_iter);
	else
		snprintf(who, sizeof who, "The trained network (the parameters "
		         "after the update of iteration %ld)", h->done_iter);
	snprintf(line, sizeof line,
	         "%s, run forward on %s without learning: %zu sample%s, %zu "
	         "of them outside the range it was trained on (%s). Each "
	         "prediction is a forward pass like those above; the "
	         "residual is prediction %s target.",
	         who, handout_basename(h->l->test_path), p->n,
	         p->n == 1 ? "" : "s", p->n_outside, range, h->g->minus);
	writer_gap(&h->w);
	handout_prose(h, "", 0, line);
}

/* The hand calculations of the worst sample's prediction: its forward
 * pass, its residual, and the loss over every test sample.  The output
 * error (the loss' gradient) is left out: a prediction does not learn. */
static void worked_sample(struct handout *h, const struct predictions *p)
{
	char who[300], line[1024], a[48];
	size_t k = 0, s = p->worst;
	who[0] = '\0';
	for (size_t j = 0; j < p->ni && j < 3; j++) {
		char name[LESSON_NAME_MAX + 24];
		input_label(h, j, name, sizeof name);
		handout_scalar(h, a, sizeof a,
		               lesson_data_units(h->l, j,
		                                 predictions_input(p, s, j)));
		int m = snprintf(who + k, sizeof who - k, "%s%s %s",
		                 j ? ", " : "", name, a);
		if (m < 0 || (size_t)m >= sizeof who - k)
			break;
		k += (size_t)m;
	}
	writer_gap(&h->w);
	snprintf(line, sizeof line,
	         "The prediction for sample %zu (%s%s), the one furthest "
	         "from its target, worked out:",
	         s, who, p->ni > 3 ? ", ..." : "");
	handout_keep_next(h);
	handout_prose(h, "", 0, line);

	const struct trace *t = &p->trace;
	int phase = -1;
	for (size_t i = 0; i < t->n_ops && !h->w.err; i++) {
		const struct op *op = &t->ops[i];
		const struct tensor *te = &p->net.tensors[op->tensor];
		long owner = predictions_sample_of(p, te, op->index);
		if (te->role == ROLE_ERROR || (owner >= 0 && (size_t)owner != s))
			continue;
		if (op->phase != phase) {
			phase = op->phase;
			handout_phase(h, (enum phase)phase);
		}
		handout_op(h, t, i);
	}
}

static void every_prediction(struct handout *h, const struct predictions *p)
{
	struct table_ctx c = {h, p};
	size_t shown = p->n < PREDICTIONS_SHOWN ? p->n : PREDICTIONS_SHOWN;
	struct sample_table t = {shown, p->ni + 3 * p->no, p->n - shown, &c,
	                         table_head, table_cell, table_outside};
	writer_gap(&h->w);
	handout_keep_next(h);
	handout_line(h, "", 0, "Every prediction:");
	writer_gap(&h->w);
	handout_unit_begin(h);
	h->fmt->samples(h, &t);
	handout_unit_end(h);
}

/* "Loss over the 30 test samples: 0.129 (on the training data, at
 * iteration 279: 0.123)." -- a score of the trained network on the test
 * data beside the same score where training last measured it (`where`:
 * the training data, or a mini-batch lesson's last batch). */
static void score_line(struct handout *h, const char *name, size_t n,
                       double test, double train, const char *where)
{
	char line[1024], a[48], b[48];
	handout_scalar(h, a, sizeof a, test);
	handout_scalar(h, b, sizeof b, train);
	if (h->have_done)
		snprintf(line, sizeof line, "%s over the %zu test samples: %s "
		         "(on the training %s, at iteration %ld: %s).", name, n,
		         a, where, h->done_iter, b);
	else
		snprintf(line, sizeof line, "%s over the %zu test samples: %s.",
		         name, n, a);
	line[0] = (char)toupper((unsigned char)line[0]);
	writer_gap(&h->w);
	handout_prose(h, "", 0, line);
}

static void test_loss(struct handout *h, const struct predictions *p)
{
	score_line(h, p->net.tensors[p->net.loss].name, p->n, p->res.loss,
	           h->done_loss, "data");
	if (p->net.accuracy < 0)
		return;
	/* A classifier's held-out score beside its training score. */
	score_line(h, p->net.tensors[p->net.accuracy].name, p->n,
	           p->res.accuracy, h->done_acc,
	           h->net->batch_view ? "batch" : "data");
}

/* Target and prediction against the input, the training range marked:
 * for one input and one output. */
static void fit_plot(struct handout *h, const struct predictions *p,
                     const char *range)
{
	const struct net *n = &p->net;
	double rules[2];
	size_t nr = predictions_rules(p, rules);
	int pred = n->layer_tensor[h->l->n_layers][ROLE_A];
	char xname[LESSON_NAME_MAX + 24], target[LESSON_NAME_MAX + 16];
	char pname[LESSON_NAME_MAX + 16], rule[300];
	input_label(h, 0, xname, sizeof xname);
	const char *yname = n->tensors[n->target].name;
	snprintf(target, sizeof target, "target %s", yname);
	snprintf(pname, sizeof pname, "prediction %s", n->tensors[pred].name);
	snprintf(rule, sizeof rule, "trained on %s", range);
	/* One output: cell s of either tensor is sample s in either
	 * convention. */
	const double *v = p->trace.values;
	struct plot_series s[2] = {
		{target, p->plot_x, v + n->tensors[n->target].offset, p->n,
		 PLOT_LINE, NULL},
		{pname, p->plot_x, v + n->tensors[pred].offset, p->n, PLOT_MARKS,
		 h->g->by}};
	struct plot_options o = {.utf8 = h->utf8, .frame = true,
	                         .x_name = xname, .y_name = yname,
	                         .rules = rules, .n_rules = nr,
	                         .rule_label = nr ? rule : NULL,
	                         .x_min = NAN, .x_max = NAN, .y_min = NAN,
	                         .y_max = NAN};
	handout_plot(h, handout_plot_rows(h, 4, 12, 24), s, 2, &o);
}

int predictions_section_write(struct handout *h, struct diags *d)
{
	struct predictions p;
	int rc = -1;
	/* The lesson with every training sample (h->l of a mini-batch
	 * lesson holds one batch): the training range is the data's. */
	if (predictions_init(&p, h->net->data, d) ||
	    predictions_run(&p, h->e.params, d))
		goto cleanup;
	char range[256];
	range_text(h, &p, range, sizeof range);
	handout_section(h, "Predictions");
	introduce(h, &p, range);
	worked_sample(h, &p);
	every_prediction(h, &p);
	test_loss(h, &p);
	if (p.ni == 1 && p.no == 1)
		fit_plot(h, &p, range);
	rc = classes_section_write(h, &p, d);
cleanup:
	predictions_free(&p);
	return rc;
}
