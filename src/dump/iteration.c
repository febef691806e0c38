#include "dump/iteration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump/format.h"
#include "dump/handout.h"
#include "dump/reports.h"
#include "core/grow.h"

/* A tensor with more cells than this shows only its first and last
 * BIG_EDGE operations, as numpy shows only the ends of a long array:
 * 1,000 hand calculations of the same kind teach nothing the first few
 * do not, and the CSV has them all. */
#define BIG_TENSOR 64
#define BIG_EDGE 2

/* The operations in a row that write one tensor. */
struct run {
	size_t start, len;
	size_t skipped; /* operations left out since the last one shown */
};

/* A tensor's value in this iteration's trace (the cells marked whose
 * calculations were shown are forgotten after it).  A worksheet blanks
 * even its short answers in it. */
static void show_tensor(struct handout *h, int ti)
{
	const struct tensor *t = &h->net->tensors[ti];
	writer_gap(&h->w);
	handout_unit_begin(h);
	h->blanks.scope = ti;
	h->fmt->tensor(h, t, h->t.values + t->offset);
	h->blanks.scope = -1;
	handout_unit_end(h);
	h->after_block = true;
	h->n_marks = 0;
}

/* A mini-batch lesson's data change every iteration: which samples
 * this batch holds (numbered from 0 in the data's order), then them. */
static void show_batch(struct handout *h)
{
	const struct net *n = h->net;
	const struct trace *t = &h->t;
	size_t bs = n->lesson->n_samples, cap = 96 + 12 * bs;
	char *line = malloc(cap);
	if (!line)
		return;
	int k = snprintf(line, cap, "Epoch %ld, batch %ld of %ld: sample%s ",
	                 t->epoch, t->batch + 1, t->per_epoch,
	                 bs == 1 ? "" : "s");
	for (size_t i = 0; i < bs && k > 0 && (size_t)k < cap; i++)
		k += snprintf(line + k, cap - (size_t)k, "%s%u",
		              i ? ", " : "", t->samples[i]);
	if (k > 0 && (size_t)k < cap)
		snprintf(line + k, cap - (size_t)k, " of the data:");
	writer_gap(&h->w);
	handout_prose(h, "", 0, line);
	free(line);
	show_tensor(h, n->input);
	show_tensor(h, n->target);
}

/* The data, before the first iteration shown (or the batch, in every
 * iteration of a mini-batch lesson), and the parameters the iteration
 * starts with. */
static void show_given(struct handout *h)
{
	const struct net *n = h->net;
	char title[128];
	if (h->t.samples) {
		show_batch(h);
	} else if (!h->data_shown) {
		h->data_shown = true;
		writer_gap(&h->w);
		handout_keep_next(h);
		handout_line(h, "", 0, "The data (the same in every iteration):");
		show_tensor(h, n->input);
		show_tensor(h, n->target);
	}
	writer_gap(&h->w);
	handout_titled(title, sizeof title,
	               "Parameters at the start of iteration ", h->t.iteration,
	               ":");
	handout_keep_next(h);
	handout_line(h, "", 0, title);
	for (int k = 1; k <= h->l->n_layers; k++)
		for (int r = ROLE_W; r <= ROLE_B; r++)
			if (n->layer_tensor[k][r] >= 0)
				show_tensor(h, n->layer_tensor[k][r]);
}

/* The number of the exercise that cue `cue` sets at `step`. */
static const struct exercise *exercise_of(const struct handout *h,
                                          size_t step, size_t cue)
{
	for (size_t i = h->ex_first; i < h->n_ex; i++)
		if (h->ex[i].step == step && h->ex[i].cue == cue)
			return &h->ex[i];
	return NULL;
}

/* A question or an exercise cue as a numbered exercise: its text (or
 * what to work out), and a question's hint, never its answer. */
static void exercise_text(struct handout *h, const struct cue *c,
                          const struct exercise *x)
{
	char own[LESSON_NAME_MAX + 96];
	const char *text = c->text;
	if (!text) {
		snprintf(own, sizeof own, "Work out %s.", x->name);
		text = own;
	}
	size_t hl = c->hint ? strlen(c->hint) : 0;
	size_t cap = strlen(text) + hl + 16;
	char *q = malloc(cap);
	if (!q) {
		handout_oom(h);
		return;
	}
	snprintf(q, cap, "%s%s%s", text, hl ? " Hint: " : "",
	         hl ? c->hint : "");
	h->fmt->cue(h, FORMAT_EXERCISE, x->number, q);
	free(q);
}

static void cue_text(struct handout *h, size_t ci, size_t step)
{
	const struct cue *c = &h->l->cues[ci];
	const struct exercise *x = h->variant == DUMP_PLAIN ? NULL
	                           : exercise_of(h, step, ci);
	if (c->kind == CUE_PAUSE || (c->kind == CUE_EXERCISE && !x))
		return;
	/* with the calculation it is about */
	writer_gap(&h->w);
	handout_keep_next(h);
	if (x) {
		exercise_text(h, c, x);
	} else if (c->kind == CUE_SAY) {
		h->fmt->cue(h, FORMAT_SAY, 0, c->text ? c->text : "");
	} else {
		char ans[64], num[NUMFMT_CELL_MAX + 8];
		handout_scalar(h, num, sizeof num, h->t.ops[step].value);
		snprintf(ans, sizeof ans, "(answer: %s)", num);
		size_t tl = strlen(c->text ? c->text : "");
		size_t hl = c->hint ? strlen(c->hint) : 0;
		size_t cap = tl + hl + sizeof ans + 32;
		char *q = malloc(cap);
		if (!q) {
			handout_oom(h);
			return;
		}
		snprintf(q, cap, "%s%s%s %s", c->text ? c->text : "",
		         hl ? " Hint: " : "", hl ? c->hint : "", ans);
		h->fmt->cue(h, FORMAT_PREDICT, 0, q);
		free(q);
	}
	writer_gap(&h->w);
}

/* Where training stopped, in h->stop_msg and in the handout. */
static void stop_at(struct handout *h, size_t step)
{
	const struct op *op = &h->t.ops[step];
	char name[LESSON_NAME_MAX + 48];
	formula_cell_name(name, sizeof name, h->net,
	                  (struct cell_ref){op->tensor, op->index});
	/* Operations counted from 1, as the player shows them ("op 4/10");
	 * only the CSV's step column counts from 0. */
	snprintf(h->stop_msg, sizeof h->stop_msg,
	         "training stopped: the value of %s is not finite (%s) at "
	         "iteration %ld, operation %zu (%s)",
	         name, isnan(op->value) ? "nan" : op->value > 0 ? "inf" : "-inf",
	         h->t.iteration, step + 1, phase_name((enum phase)op->phase));
	writer_gap(&h->w);
	handout_unit_begin(h);
	h->fmt->stop(h, h->stop_msg);
	handout_unit_end(h);
	writer_gap(&h->w);
}

/* The tensors a note names at most; more are rare (a calculation reads
 * two or three tensors) and are named by the next note. */
#define NOTE_NAMES 4

/* Before the first calculation of this iteration that writes a tensor's
 * cells in scientific notation (op i, the first of its run: the others
 * read the same tensors), says so once: numpy prints that tensor so in
 * this iteration, and so do the calculations (formula_style). */
static void scientific_note(struct handout *h, size_t i)
{
	const struct trace *t = &h->t;
	const struct op *op = &t->ops[i];
	const struct cell_ref *r = trace_refs(t, i);
	int named[NOTE_NAMES], asked[2 * NOTE_NAMES];
	size_t n = 0, na = 0;
	for (size_t k = 0; k <= op->n_refs && na < 2 * NOTE_NAMES; k++) {
		int ti = k == 0 ? (int)op->tensor : (int)r[k - 1].tensor;
		bool seen = h->noted[ti];
		for (size_t j = 0; j < na && !seen; j++)
			seen = asked[j] == ti;
		if (seen)
			continue;
		/* a sum over 1,000 samples reads two tensors 2,000 times */
		asked[na++] = ti;
		if (n < NOTE_NAMES && formula_scientific(t, i, &h->fs, ti)) {
			h->noted[ti] = true;
			named[n++] = ti;
		}
	}
	if (!n)
		return;
	char text[NOTE_NAMES * (LESSON_NAME_MAX + 8) + 256];
	size_t len = 0;
	len += (size_t)snprintf(text, sizeof text, "The numbers of ");
	for (size_t k = 0; k < n; k++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
		                        k == 0       ? ""
		                        : k + 1 == n ? " and "
		                                     : ", ",
		                        h->net->tensors[named[k]].name);
	snprintf(text + len, sizeof text - len,
	         " are written in scientific notation, as numpy prints %s "
	         "in this iteration: 1.5e-03 means 1.5 %s 10^-3 = 0.0015.",
	         n == 1 ? h->net->tensors[named[0]].name : "them",
	         h->g->by);
	writer_gap(&h->w);
	handout_keep_next(h);
	h->fmt->note(h, text);
	writer_gap(&h->w);
}

static void elided(struct handout *h, struct run *r, const struct op *op)
{
	if (r->skipped)
		h->fmt->elided(h, r->skipped, h->net->tensors[op->tensor].name);
	r->skipped = 0;
}

/* Operation i, when it is shown: after the line for those left out
 * before it, with its cues, and where training stopped. */
static void show_op(struct handout *h, size_t i, struct run *r)
{
	const struct trace *t = &h->t;
	const struct op *op = &t->ops[i];
	const struct tensor *te = &h->net->tensors[op->tensor];
	/* (script_at on an empty list would do arithmetic on NULL.) */
	const struct cue_at *cues = NULL;
	size_t nc = h->sc.n ? script_at(&h->sc, i, &cues) : 0;
	bool big = te->rows * te->cols > BIG_TENSOR;
	bool stop_here = (long)i == t->nonfinite_step;
	/* An exercise cue is only the worksheet's and its key's. */
	bool cued = false;
	for (size_t c = 0; c < nc; c++)
		cued |= h->variant != DUMP_PLAIN ||
		        h->l->cues[cues[c].cue].kind != CUE_EXERCISE;
	bool middle = i - r->start >= BIG_EDGE &&
	              r->start + r->len - i > BIG_EDGE;
	if (big && middle && !cued && !stop_here) {
		r->skipped++;
		return;
	}
	elided(h, r, op);
	for (size_t c = 0; c < nc; c++)
		cue_text(h, cues[c].cue, i);
	if (i == r->start && h->fmt->note)
		scientific_note(h, i);
	handout_op(h, t, i);
	struct handout_mark *m = grow(h->marks, &h->cap_marks, h->n_marks + 1,
	                              sizeof *m, 16);
	if (m) { /* without memory the cell is only not marked */
		h->marks = m;
		h->marks[h->n_marks++] = (struct handout_mark){op->index, i};
	}
	if (stop_here)
		stop_at(h, i);
}

/* After the last operation on a tensor: the line for those left out,
 * and its value.  Scalars (loss, accuracy, metrics) stay together; a
 * tensor after one gets space. */
static void end_run(struct handout *h, size_t i, struct run *r)
{
	const struct trace *t = &h->t;
	const struct op *op = &t->ops[i];
	const struct tensor *te = &h->net->tensors[op->tensor];
	elided(h, r, op);
	if (te->rows * te->cols > 1) {
		show_tensor(h, (int)op->tensor);
	} else if (i + 1 < t->n_ops) {
		const struct tensor *nx = &h->net->tensors[t->ops[i + 1].tensor];
		h->after_block = nx->rows * nx->cols > 1;
	}
	h->n_marks = 0;
}

/* The exercises of the iteration shown, numbered on from the last one,
 * in the order they come; a worksheet leaves their answers out. */
static int number_exercises(struct handout *h)
{
	h->ex_first = h->n_ex;
	if (h->variant == DUMP_PLAIN)
		return 0;
	for (size_t k = 0; k < h->sc.n; k++) {
		const struct cue_at *ca = &h->sc.at[k];
		enum cue_kind kind = h->l->cues[ca->cue].kind;
		if (kind != CUE_PREDICT && kind != CUE_EXERCISE)
			continue;
		struct exercise *x = grow(h->ex, &h->cap_ex, h->n_ex + 1,
		                          sizeof *x, 16);
		if (!x)
			return -1;
		h->ex = x;
		x = &h->ex[h->n_ex];
		const struct op *op = &h->t.ops[ca->step];
		*x = (struct exercise){h->t.iteration, ca->step, ca->cue,
		                       (int)h->n_ex + 1,
		                       {op->tensor, op->index}, op->value, "",
		                       ""};
		formula_cell_name(x->name, sizeof x->name, h->net, x->cell);
		formula_value(x->text, sizeof x->text, &h->t, x->cell, &h->fs);
		h->n_ex++;
		if (h->variant == DUMP_WORKSHEET &&
		    blank_add(&h->blanks, x->value, x->text, (int)op->tensor))
			return -1;
	}
	return 0;
}

static void show_ops(struct handout *h)
{
	const struct trace *t = &h->t;
	int phase = -1;
	struct run r = {0, 0, 0};
	for (size_t i = 0; i < t->n_ops && !h->w.err; i++) {
		const struct op *op = &t->ops[i];
		if (op->phase != phase) {
			phase = op->phase;
			handout_phase(h, (enum phase)phase);
		}
		if (i == 0 || op->tensor != t->ops[i - 1].tensor) {
			r = (struct run){i, 1, 0};
			while (i + r.len < t->n_ops &&
			       t->ops[i + r.len].tensor == op->tensor)
				r.len++;
		}
		show_op(h, i, &r);
		if (i + 1 == r.start + r.len)
			end_run(h, i, &r);
	}
}

/* Where the format draws charts of its own (HTML), a lesson of one
 * input and one output gets its network's output and the targets
 * against the input, as this iteration's trace holds them. */
static void output_chart(struct handout *h)
{
	const struct net *n = h->net;
	const struct lesson *l = h->l;
	size_t m = l->n_samples;
	if (!h->fmt->chart || l->n_inputs != 1 || l->n_outputs != 1 || m < 2)
		return;
	double *x = malloc(m * sizeof *x);
	if (!x) {
		handout_oom(h);
		return;
	}
	/* One input and one output: cell s of each tensor is sample s in
	 * either convention. */
	const double *in = h->t.values + n->tensors[n->input].offset;
	for (size_t s = 0; s < m; s++)
		x[s] = lesson_data_units(l, 0, in[s]);
	int out = n->layer_tensor[l->n_layers][ROLE_A];
	const char *xname = l->input_cols ? l->input_cols[0].name
	                                  : n->tensors[n->input].name;
	char tl[LESSON_NAME_MAX + 16], ol[LESSON_NAME_MAX + 16];
	char yname[LESSON_NAME_MAX + 48];
	snprintf(tl, sizeof tl, "target %s", n->tensors[n->target].name);
	snprintf(ol, sizeof ol, "output %s", n->tensors[out].name);
	handout_titled(yname, sizeof yname, "at iteration ", h->t.iteration, "");
	struct plot_series sr[2] = {
		{tl, x, h->t.values + n->tensors[n->target].offset, m, PLOT_MARKS,
		 NULL},
		{ol, x, h->t.values + n->tensors[out].offset, m, PLOT_MARKS, NULL}};
	struct plot_options o = {.utf8 = true, .frame = true, .x_name = xname,
	                         .y_name = yname, .x_min = NAN, .x_max = NAN,
	                         .y_min = NAN, .y_max = NAN};
	handout_plot(h, handout_plot_rows(h, 4, 12, 24), sr, 2, &o);
	free(x);
}

int iteration_cues(struct handout *h, struct diags *d)
{
	long last = h->stopped ? h->t.iteration : h->last;
	if (script_attach(&h->sc, h->l, &h->t, last) ||
	    number_exercises(h)) {
		diags_add(d, h->l->path, 0, 0, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	return 0;
}

int iteration_write(struct handout *h, const struct step_result *res,
                    struct diags *d)
{
	if (iteration_cues(h, d))
		return -1;
	char where[48];
	handout_titled(where, sizeof where, "iteration ", h->t.iteration, "");
	handout_where(h, where);
	h->n_marks = 0;
	handout_keep_next(h);
	h->fmt->banner(h, h->t.iteration, h->t.nonfinite_step >= 0);
	show_given(h);
	show_ops(h);
	output_chart(h);
	reports_due(h, h->t.iteration, res->loss, res->accuracy);
	return 0;
}
