#include "dump/header.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/activation.h"
#include "dump/format.h"
#include "dump/handout.h"
#include "render/numfmt.h"

/* Room for one field's value. */
#define VALUE_MAX 1024

/* A setting as the lesson wrote it: the shortest exact text, "1" rather
 * than Python's "1.0", its minus sign the handout's (`minus`). */
static void setting(char *buf, size_t cap, double v, const char *minus)
{
	char r[40];
	numfmt_repr(r, sizeof r, v);
	size_t n = strlen(r);
	if (n > 2 && strcmp(r + n - 2, ".0") == 0)
		r[n - 2] = '\0';
	snprintf(buf, cap, "%s%s", r[0] == '-' ? minus : "",
	         r + (r[0] == '-'));
}

/* Appends to the text in v (cap bytes), cut when it is full. */
static void append(char *v, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *v, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(v);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v + len, cap - len, fmt, ap);
	va_end(ap);
}

static bool any_bias(const struct lesson *l)
{
	bool any = false;
	for (int k = 0; k < l->n_layers; k++)
		any |= l->layers[k].bias;
	return any;
}

static void title_and_story(struct handout *h)
{
	const struct lesson *l = h->l;
	h->fmt->title(h, l->title ? l->title : "Untitled lesson");
	if (l->source && *l->source) {
		writer_gap(&h->w);
		handout_prose(h, "Source: ", 2, l->source);
	}
	if (l->description && *l->description) {
		writer_gap(&h->w);
		handout_prose(h, "", 0, l->description);
	}
}

/* How a mini-batch lesson takes its samples, after their count:
 * ", in batches of 5 (4 an epoch, shuffled each epoch; 3 sit each epoch
 * out); 5 more held out"; nothing for a full-batch lesson. */
static void batching(const struct net *n, char *out, size_t cap)
{
	const struct lesson *all = n->data;
	size_t bs = n->lesson->n_samples, left = all->n_samples % bs;
	int k = 0;
	out[0] = '\0';
	if (n->batch_view)
		k = snprintf(out, cap, ", in batches of %zu (%zu an epoch, %s%s",
		             bs, all->n_samples / bs,
		             all->shuffle ? "shuffled each epoch" : "in file order",
		             left ? "; " : ")");
	if (n->batch_view && left && k > 0 && (size_t)k < cap)
		k += snprintf(out + k, cap - (size_t)k, "%zu sit%s each epoch out)",
		              left, left == 1 ? "s" : "");
	if (all->split > 0 && k >= 0 && (size_t)k < cap)
		snprintf(out + k, cap - (size_t)k, "; %zu more held out",
		         all->n_test);
}

static void data_field(struct handout *h)
{
	const struct lesson *l = h->l;
	const struct net *n = h->net;
	char v[VALUE_MAX], batches[160];
	batching(n, batches, sizeof batches);
	snprintf(v, sizeof v, "%s: %zu sample%s%s, %zu input%s (%s), %zu target%s "
	         "(%s)%s",
	         l->data_path ? handout_basename(l->data_path)
	                      : "written in the lesson",
	         n->data->n_samples, n->data->n_samples == 1 ? "" : "s", batches,
	         l->n_inputs,
	         l->n_inputs == 1 ? "" : "s", n->tensors[n->input].name,
	         l->n_outputs, l->n_outputs == 1 ? "" : "s",
	         n->tensors[n->target].name,
	         l->data_integral ? ", whole numbers" : "");
	h->fmt->field(h, "data", v);
}

static void convention_field(struct handout *h)
{
	const struct lesson *l = h->l;
	bool rows = l->conv == CONV_ROWS;
	char v[VALUE_MAX];
	snprintf(v, sizeof v, "%s: z = %s %s %s%s (%s)",
	         rows ? "rows" : "columns", rows ? "a" : "W", h->g->dot,
	         rows ? "W" : "a", any_bias(l) ? " + b" : "",
	         rows ? "each sample is a row; W is (inputs, units)"
	              : "each sample is a column; W is (units, inputs)");
	h->fmt->field(h, "convention", v);
}

static const char *init_text(const struct handout *h,
                             const struct layer_spec *ls, char *buf,
                             size_t cap)
{
	char a[40], b[40];
	switch (ls->init) {
	case INIT_UNIFORM:
		setting(a, sizeof a, ls->init_low, h->g->minus);
		setting(b, sizeof b, ls->init_high, h->g->minus);
		snprintf(buf, cap, "uniform in [%s, %s)", a, b);
		break;
	case INIT_NORMAL:
		setting(a, sizeof a, ls->init_scale, h->g->minus);
		snprintf(buf, cap, "normal, scaled by %s", a);
		break;
	case INIT_ZEROS:
		snprintf(buf, cap, "zeros");
		break;
	default:
		snprintf(buf, cap, "written in the lesson");
		break;
	}
	/* `zero-bias`: the draws are the weights' only. */
	size_t len = strlen(buf);
	if (ls->init_zero_bias && ls->bias && len < cap &&
	    (ls->init == INIT_UNIFORM || ls->init == INIT_NORMAL))
		snprintf(buf + len, cap - len, " (weights; bias zero)");
	return buf;
}

/* "; derivative computed from the output a, times 2": how a layer's
 * slope differs from the textbook's, or "". */
static void derivative_text(const struct handout *h,
                            const struct layer_spec *ls, char *buf,
                            size_t cap)
{
	buf[0] = '\0';
	if (!activation_info(ls->act)->handout_derivative)
		return;
	bool from_a = ls->deriv == DERIV_FROM_OUTPUT;
	if (!from_a && ls->deriv_scale == 1)
		return;
	char a[64];
	setting(a, sizeof a, ls->deriv_scale, h->g->minus);
	snprintf(buf, cap, "; derivative computed from %s%s%s",
	         from_a ? "the output a" : "z",
	         ls->deriv_scale != 1 ? ", times " : "",
	         ls->deriv_scale != 1 ? a : "");
}

/* "leaky-relu with slope 0.02": the activation as the lesson names it,
 * with its parameter when it has one. */
static void activation_text(const struct handout *h,
                            const struct layer_spec *ls, char *buf,
                            size_t cap)
{
	const struct activation_info *ai = activation_info(ls->act);
	if (!ai->param.name) {
		snprintf(buf, cap, "%s", ai->name);
		return;
	}
	char p[64];
	setting(p, sizeof p, ls->act_param, h->g->minus);
	snprintf(buf, cap, "%s with %s %s", ai->name, ai->param.name, p);
}

static void layer_field(struct handout *h, int k)
{
	const struct net *n = h->net;
	const struct layer_spec *ls = &h->l->layers[k - 1];
	const struct tensor *w = &n->tensors[n->layer_tensor[k][ROLE_W]];
	char key[32], act[128], init[128], extra[160], v[VALUE_MAX];
	snprintf(key, sizeof key, "layer %d", k);
	activation_text(h, ls, act, sizeof act);
	derivative_text(h, ls, extra, sizeof extra);
	snprintf(v, sizeof v,
	         "%d unit%s, %s; weights %s (%zu %s %zu)%s%s; "
	         "initial values %s%s",
	         ls->units, ls->units == 1 ? "" : "s",
	         act, w->name, w->rows, h->g->by,
	         w->cols, ls->bias ? ", bias " : ", no bias",
	         ls->bias ? n->tensors[n->layer_tensor[k][ROLE_B]].name : "",
	         init_text(h, ls, init, sizeof init), extra);
	h->fmt->field(h, key, v);
}

static void loss_field(struct handout *h)
{
	const struct lesson *l = h->l;
	char v[VALUE_MAX];
	const char *mean = l->reduction == REDUCE_MEAN ? "mean" : "sum";
	if (loss_info(l->loss)->ascends)
		snprintf(v, sizeof v,
		         "error = y %s a, and the weights move along it "
		         "(w + rate %s gradient); the loss reported is the %s of "
		         "|error|",
		         h->g->minus, h->g->by, mean);
	else
		snprintf(v, sizeof v, "%s, %s over the samples",
		         loss_name(l->loss),
		         l->reduction == REDUCE_MEAN ? "averaged" : "summed");
	h->fmt->field(h, "loss", v);
}

/* The other losses and the accuracy, when the lesson shows them. */
static void also_shown_field(struct handout *h)
{
	const struct lesson *l = h->l;
	char v[VALUE_MAX] = "";
	for (int m = 0; m < LOSS_COUNT; m++)
		if (l->metrics & (1u << m))
			append(v, sizeof v, "%s%s loss", v[0] ? ", " : "",
			       loss_name(m));
	if (l->accuracy) {
		char a[64];
		setting(a, sizeof a, l->accuracy_threshold, h->g->minus);
		if (l->n_outputs == 1)
			append(v, sizeof v, "%saccuracy (output > %s)",
			       v[0] ? ", " : "", a);
		else
			append(v, sizeof v, "%saccuracy", v[0] ? ", " : "");
	}
	if (v[0])
		h->fmt->field(h, "also shown", v);
}

/* The seeds' quirks, so numbers that differ from a textbook's are
 * explained up front: the settings that differ from the format's
 * defaults (docs/lesson-format.md), not those a lesson writes out as
 * they are. */
static void quirks_field(struct handout *h)
{
	const struct lesson *l = h->l;
	const char *minus = h->g->minus;
	char v[VALUE_MAX] = "", a[64];
	if (l->clip_sigmoid > 0) {
		setting(a, sizeof a, l->clip_sigmoid, h->g->minus);
		append(v, sizeof v, "sigmoid input clipped to [%s%s, %s]; ", minus,
		       a, a);
	}
	if (l->clip_probability > 0) {
		setting(a, sizeof a, l->clip_probability, h->g->minus);
		append(v, sizeof v, "probabilities clipped below at %s; ", a);
	}
	if (any_bias(l) && l->bias_grad != REDUCE_SUM)
		append(v, sizeof v, "bias gradient averaged over the samples; ");
	if (l->layers[l->n_layers - 1].act == ACT_SOFTMAX &&
	    l->softmax_backward != SOFTMAX_SIMPLIFIED)
		append(v, sizeof v, "softmax backward through its Jacobian; ");
	size_t len = strlen(v);
	if (len >= 2) {
		v[len - 2] = '\0';
		h->fmt->field(h, "quirks", v);
	}
}

static void training_field(struct handout *h)
{
	const struct lesson *l = h->l;
	char v[VALUE_MAX], seed[64] = "", rate[64];
	if (l->has_seed)
		snprintf(seed, sizeof seed, "seed %lu, ", (unsigned long)l->seed);
	setting(rate, sizeof rate, l->learning_rate, h->g->minus);
	snprintf(v, sizeof v, "%slearning rate %s, %ld iteration%s (0 to %ld)",
	         seed, rate, l->iterations, l->iterations == 1 ? "" : "s",
	         h->last);
	h->fmt->field(h, "training", v);
}

/* What a worksheet and a key are, under the title. */
static void variant_line(struct handout *h)
{
	if (h->variant == DUMP_PLAIN)
		return;
	writer_gap(&h->w);
	handout_line(h, "", 0,
	             h->variant == DUMP_WORKSHEET
	                     ? "Worksheet: work out each numbered exercise and "
	                       "write its value in the blank (________). Its "
	                       "answers are left out everywhere below; the key "
	                       "is nntrace dump --answers."
	                     : "Answer key: the worksheet's exercises (nntrace "
	                       "dump --worksheet), numbered the same, with their "
	                       "answers; they are listed again at the end.");
}

void header_write(struct handout *h)
{
	title_and_story(h);
	variant_line(h);
	writer_gap(&h->w);
	h->fmt->fields_title(h, "The network");
	data_field(h);
	convention_field(h);
	for (int k = 1; k <= h->l->n_layers; k++)
		layer_field(h, k);
	loss_field(h);
	also_shown_field(h);
	quirks_field(h);
	training_field(h);
}
