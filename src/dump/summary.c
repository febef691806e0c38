#include "dump/summary.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>

#include "dump/format.h"
#include "dump/handout.h"

/* 1, 2 or 5 times a power of ten, at least n / HANDOUT_TABLE_ROWS. */
static long table_step(long n)
{
	long want = n / HANDOUT_TABLE_ROWS;
	if (want < 1)
		return 1;
	for (long p = 1;; p *= 10) {
		if (p >= want)
			return p;
		if (2 * p >= want)
			return 2 * p;
		if (5 * p >= want)
			return 5 * p;
	}
}

void summary_start(struct handout *h)
{
	h->table_every = table_step(h->l->iterations);
	h->curve_stride = 1;
}

static void note_curve(struct handout *h, long it, double loss,
                       double acc)
{
	if (it % h->curve_stride)
		return;
	if (h->n_curve == HANDOUT_CURVE_POINTS) {
		/* Point i is iteration i * stride: the even ones are the
		 * multiples of the doubled stride. */
		size_t m = 0;
		for (size_t i = 0; i < h->n_curve; i += 2, m++) {
			h->curve_it[m] = h->curve_it[i];
			h->curve_loss[m] = h->curve_loss[i];
			h->curve_acc[m] = h->curve_acc[i];
		}
		h->n_curve = m;
		h->curve_stride *= 2;
		if (it % h->curve_stride)
			return;
	}
	h->curve_it[h->n_curve] = (double)it;
	h->curve_acc[h->n_curve] = acc;
	h->curve_loss[h->n_curve++] = loss;
}

void summary_note(struct handout *h, long it, const struct step_result *r)
{
	h->have_done = true;
	h->done_iter = it;
	h->done_loss = r->loss;
	h->done_acc = r->accuracy;
	if (it % h->table_every == 0 &&
	    h->n_table < sizeof h->table / sizeof *h->table)
		h->table[h->n_table++] = (struct loss_point){it, r->loss,
		                                             r->accuracy};
	note_curve(h, it, r->loss, r->accuracy);
}

/* How training ended, and the parameters it left. */
static void closing_state(struct handout *h)
{
	const struct net *n = h->net;
	char line[DIAG_MSG_MAX + 128];
	writer_gap(&h->w);
	if (h->stopped) {
		snprintf(line, sizeof line, "%s%s.", h->stop_msg,
		         h->have_done ? "" : " (no iteration completed)");
		line[0] = (char)toupper((unsigned char)line[0]);
	} else {
		snprintf(line, sizeof line, "Trained %ld iteration%s (0 to %ld).",
		         h->last + 1, h->last ? "s" : "", h->last);
	}
	handout_prose(h, "", 0, line);

	writer_gap(&h->w);
	if (h->have_done)
		snprintf(line, sizeof line,
		         "Parameters after the update of iteration %ld:",
		         h->done_iter);
	else
		snprintf(line, sizeof line, "Parameters (never updated):");
	handout_line(h, "", 0, line);
	/* The engine holds them; shown through a tensor's layout. */
	for (int k = 1; k <= h->l->n_layers; k++)
		for (int r = ROLE_W; r <= ROLE_B; r++) {
			int ti = n->layer_tensor[k][r];
			if (ti < 0)
				continue;
			const struct tensor *t = &n->tensors[ti];
			writer_gap(&h->w);
			handout_unit_begin(h);
			h->fmt->parameter(h, t, h->e.params + t->offset);
			handout_unit_end(h);
		}
}

static void final_loss(struct handout *h, bool acc)
{
	char a[48], line[128];
	writer_gap(&h->w);
	handout_scalar(h, a, sizeof a, h->done_loss);
	snprintf(line, sizeof line, "Final loss (iteration %ld): %s",
	         h->done_iter, a);
	handout_line(h, "", 2, line);
	if (acc) {
		handout_scalar(h, a, sizeof a, h->done_acc);
		snprintf(line, sizeof line, "Final accuracy (iteration %ld): %s",
		         h->done_iter, a);
		handout_line(h, "", 2, line);
	}
}

/* The table and the curve end at the last completed iteration. */
static void note_last(struct handout *h)
{
	if (h->n_curve == 0 ||
	    h->curve_it[h->n_curve - 1] != (double)h->done_iter) {
		h->curve_it[h->n_curve] = (double)h->done_iter;
		h->curve_acc[h->n_curve] = h->done_acc;
		h->curve_loss[h->n_curve++] = h->done_loss;
	}
	if (h->n_table == 0 ||
	    h->table[h->n_table - 1].iteration != h->done_iter) {
		if (h->n_table == sizeof h->table / sizeof *h->table)
			h->n_table--;
		h->table[h->n_table++] =
			(struct loss_point){h->done_iter, h->done_loss, h->done_acc};
	}
}

/* The loss over the iterations run, on a log scale when it falls (or
 * rises) tenfold and never reaches 0. */
static void loss_curve(struct handout *h)
{
	if (h->n_curve < 2)
		return;
	double lo = h->curve_loss[0], hi = lo;
	for (size_t i = 1; i < h->n_curve; i++) {
		lo = h->curve_loss[i] < lo ? h->curve_loss[i] : lo;
		hi = h->curve_loss[i] > hi ? h->curve_loss[i] : hi;
	}
	bool log = lo > 0 && hi >= 10 * lo;
	const char *name = h->net->tensors[h->net->loss].name;
	char yname[LESSON_NAME_MAX + 32], label[LESSON_NAME_MAX + 32];
	snprintf(yname, sizeof yname, "%s%s", name, log ? " (log scale)" : "");
	snprintf(label, sizeof label, "%s during training", name);
	struct plot_series s = {label, h->curve_it, h->curve_loss, h->n_curve,
	                        PLOT_LINE, NULL};
	struct plot_options o = {.utf8 = h->utf8, .frame = true,
	                         .log_y = log, .x_name = "iteration",
	                         .y_name = yname, .x_min = NAN, .x_max = NAN,
	                         .y_min = NAN, .y_max = NAN};
	handout_plot(h, handout_plot_rows(h, 6, 10, 16), &s, 1, &o);
}

/* The accuracy over the run, from 0 to 1: where the format draws its
 * own charts (HTML), beside the loss. */
static void accuracy_curve(struct handout *h)
{
	if (h->n_curve < 2 || !h->fmt->chart)
		return;
	struct plot_series s = {"accuracy during training", h->curve_it,
	                        h->curve_acc, h->n_curve, PLOT_LINE, NULL};
	struct plot_options o = {.utf8 = h->utf8, .frame = true,
	                         .x_name = "iteration", .y_name = "accuracy",
	                         .x_min = NAN, .x_max = NAN, .y_min = 0,
	                         .y_max = 1};
	handout_plot(h, handout_plot_rows(h, 6, 10, 16), &s, 1, &o);
}

void summary_write(struct handout *h)
{
	handout_section(h, "Summary");
	closing_state(h);
	if (!h->have_done)
		return;
	bool acc = !isnan(h->done_acc);
	final_loss(h, acc);
	note_last(h);
	writer_gap(&h->w);
	handout_unit_begin(h);
	h->fmt->loss_table(h, h->table, h->n_table, acc);
	handout_unit_end(h);
	loss_curve(h);
	if (acc)
		accuracy_curve(h);
}
