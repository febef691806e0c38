/* loop: the training loop of a lesson once its data are read -- the
 * held-out part of `split`, the batch size checked against the samples
 * left to train on, and `epochs` turned into iterations
 * (docs/lesson-format.md, "Training loops"). */
#include "lesson/parser.h"

#include <stdlib.h>
#include <string.h>

/* `split F`: the last round(F * n) samples, in file order, become the
 * test data; the rest are trained on. */
static void hold_out(struct parser *p)
{
	struct lesson *l = p->l;
	if (p->line_of[D_TEST_DATA]) {
		parser_error_at(p, p->split_pos, "'split' and 'test-data' (line "
		                "%d) both give test data: keep one",
		                p->line_of[D_TEST_DATA]);
		return;
	}
	size_t n = l->n_samples, held = (size_t)(l->split * (double)n + 0.5);
	if (held == 0 || held >= n) {
		parser_error_at(p, p->split_pos, "'split %g' of %zu sample%s "
		                "leaves %s", l->split, n, n == 1 ? "" : "s",
		                held ? "none to train on" : "none held out");
		return;
	}
	size_t keep = n - held, ni = l->n_inputs, no = l->n_outputs;
	l->test_x = malloc(held * ni * sizeof *l->test_x + 1);
	l->test_y = malloc(held * no * sizeof *l->test_y + 1);
	l->test_path = parser_strdup(p, l->data_path ? l->data_path :
	                                               l->path);
	if (!l->test_x || !l->test_y || !l->test_path) {
		p->oom = true;
		return;
	}
	memcpy(l->test_x, l->x + keep * ni, held * ni * sizeof *l->x);
	memcpy(l->test_y, l->y + keep * no, held * no * sizeof *l->y);
	l->n_test = held;
	l->n_samples = keep;
}

/* `epochs E` or `iterations N`, never both; E epochs are E times the
 * whole batches an epoch holds. */
static void count_iterations(struct parser *p)
{
	struct lesson *l = p->l;
	int ep = p->line_of[D_EPOCHS], it = p->line_of[D_ITERATIONS];
	if (ep && it) {
		parser_error_at(p, (struct src_pos){ep > it ? ep : it, 1},
		                "both 'epochs' (line %d) and 'iterations' (line "
		                "%d): give one, an epoch being %zu iteration%s "
		                "here", ep, it, l->n_samples / l->batch_size,
		                l->n_samples / l->batch_size == 1 ? "" : "s");
		p->dir_failed[D_EPOCHS] = true;
		return;
	}
	if (!ep || p->bad[D_EPOCHS])
		return;
	long per = (long)(l->n_samples / l->batch_size);
	if (l->epochs > LESSON_MAX_ITERATIONS / per) {
		parser_error_at(p, (struct src_pos){ep, 1}, "%ld epochs of %ld "
		                "iterations are more than the %ld iterations "
		                "allowed", l->epochs, per, LESSON_MAX_ITERATIONS);
		p->dir_failed[D_EPOCHS] = true;
		return;
	}
	l->iterations = l->epochs * per;
}

void loop_resolve(struct parser *p)
{
	struct lesson *l = p->l;
	if (l->split > 0)
		hold_out(p);
	if (l->batch_size > l->n_samples) {
		parser_error_at(p, p->batch_pos, "batch size %zu is larger than "
		                "the %zu sample%s trained on", l->batch_size,
		                l->n_samples, l->n_samples == 1 ? "" : "s");
		p->dir_failed[D_BATCH_SIZE] = true;
		l->batch_size = 0;
	}
	if (l->batch_size == 0)
		l->batch_size = l->n_samples;
	count_iterations(p);
}
