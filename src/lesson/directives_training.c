/* directives_training: seed, loss, reduction, bias-gradient,
 * learning-rate, iterations, clip, softmax-backward, accuracy and metrics
 * (docs/lesson-format.md, "Training"); batch-size, epochs, shuffle and
 * split ("Training loops"), which loop.c resolves against the data. */
#include "lesson/parser.h"

#include <stdint.h>
#include <string.h>

/* The metrics are the losses that are one number per iteration. */
static const char *const metric_names[] = {
	"squared", "absolute", "binary-cross-entropy", "cross-entropy",
};
static const enum loss_kind metric_kinds[] = {
	LOSS_SQUARED, LOSS_ABSOLUTE, LOSS_BCE, LOSS_CCE,
};

void directive_seed(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "N") ||
	    !number_whole(p, &p->tok[0], "seed", 0, 4294967295.0, &v)) {
		p->bad[d] = true;
		return;
	}
	p->l->has_seed = true;
	p->l->seed = (uint32_t)v;
}

void directive_loss(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	int k = parser_word(p, d, "loss", loss_names, LOSS_COUNT,
	                    "one of error, squared, absolute, "
	                    "binary-cross-entropy or cross-entropy");
	if (k >= 0) {
		p->l->loss = (enum loss_kind)k;
		p->loss_pos = parser_pos(p, p->tok[0].off);
	}
}

/* reduction and bias-gradient */
void directive_reduction(struct parser *p, enum dir d, size_t from,
                         size_t end)
{
	static const char *const red[] = {"sum", "mean"};
	(void)from, (void)end;
	int k = parser_word(p, d, "reduction", red, 2, "sum or mean");
	enum reduction r = k == 0 ? REDUCE_SUM : REDUCE_MEAN;
	if (k >= 0 && d == D_REDUCTION)
		p->l->reduction = r;
	else if (k >= 0)
		p->l->bias_grad = r;
}

void directive_learning_rate(struct parser *p, enum dir d, size_t from,
                             size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "X") ||
	    !number_get(p, &p->tok[0], "learning rate", &v)) {
		p->bad[d] = true;
		return;
	}
	if (!(v > 0 && v <= 1e6)) {
		parser_error(p, p->tok[0].off, "learning rate must be greater "
		             "than 0 and at most 1000000, not %s",
		             parser_show(p->tok[0].s).s);
		p->bad[d] = true;
		return;
	}
	p->l->learning_rate = v;
}

void directive_iterations(struct parser *p, enum dir d, size_t from,
                          size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "N") ||
	    !number_whole(p, &p->tok[0], "iteration count", 1,
	                  (double)LESSON_MAX_ITERATIONS, &v)) {
		p->bad[d] = true;
		return;
	}
	p->l->iterations = (long)v;
}

void directive_clip(struct parser *p, enum dir d, size_t from, size_t end)
{
	static const char *const kinds[] = {"sigmoid-input", "probability"};
	(void)from, (void)end;
	if (!parser_nargs(p, d, 2, 2, "sigmoid-input C or probability EPS"))
		return;
	int k = parser_pick(p, &p->tok[0], "clip", kinds, 2);
	if (k < 0)
		return;
	if (p->clip_line[k]) {
		parser_error(p, 0, "duplicate 'clip %s' (first given on line %d)",
		             kinds[k], p->clip_line[k]);
		return;
	}
	p->clip_line[k] = p->line;
	double v;
	if (!number_get(p, &p->tok[1], "clip value", &v))
		return;
	if (k == 0 && !(v > 0)) {
		parser_error(p, p->tok[1].off, "'clip sigmoid-input' needs a "
		             "value greater than 0, not %s",
		             parser_show(p->tok[1].s).s);
		return;
	}
	if (k == 1 && !(v > 0 && v < 0.5)) {
		parser_error(p, p->tok[1].off, "'clip probability' needs a value "
		             "between 0 and 0.5 (both excluded), not %s",
		             parser_show(p->tok[1].s).s);
		return;
	}
	if (k == 0)
		p->l->clip_sigmoid = v;
	else
		p->l->clip_probability = v;
}

void directive_softmax_backward(struct parser *p, enum dir d, size_t from,
                                size_t end)
{
	static const char *const sb[] = {"simplified", "jacobian"};
	(void)from, (void)end;
	int k = parser_word(p, d, "softmax backward", sb, 2,
	                    "simplified or jacobian");
	if (k >= 0) {
		p->l->softmax_backward = k == 0 ? SOFTMAX_SIMPLIFIED :
		                                  SOFTMAX_JACOBIAN;
		p->sb_pos = parser_pos(p, p->tok[0].off);
	}
}

void directive_accuracy(struct parser *p, enum dir d, size_t from,
                        size_t end)
{
	static const char *const opt[] = {"threshold"};
	(void)from, (void)end;
	int v = -1;
	if (!parser_nargs(p, d, 1, 3, "yes or no [threshold T]") ||
	    (v = parser_pick(p, &p->tok[0], "accuracy setting", parser_yes_no,
	                     2)) < 0) {
		p->bad[d] = true;
		return;
	}
	p->l->accuracy = v == 0;
	if (p->n_tok == 1)
		return;
	if (parser_pick(p, &p->tok[1], "accuracy option", opt, 1) < 0) {
		p->bad[d] = true;
		return;
	}
	if (p->n_tok == 2) {
		parser_error(p, p->tok[1].off, "'threshold' needs a value");
		return;
	}
	if (v == 1) {
		parser_error(p, p->tok[1].off, "'threshold' goes with 'accuracy "
		                               "yes'");
		return;
	}
	double t;
	if (!number_get(p, &p->tok[2], "threshold", &t))
		return;
	p->l->accuracy_threshold = t;
	p->threshold_given = true;
	p->threshold_pos = parser_pos(p, p->tok[1].off);
}

void directive_metrics(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)d, (void)from, (void)end;
	if (p->n_tok == 0) {
		parser_error(p, 0, "'metrics' needs at least one of squared, "
		             "absolute, binary-cross-entropy or cross-entropy");
		return;
	}
	for (size_t i = 0; i < p->n_tok; i++) {
		const struct tok *t = &p->tok[i];
		if (strcmp(t->s, "error") == 0) {
			parser_error(p, t->off, "'error' cannot be a metric: it is "
			             "one number per output cell, not one per "
			             "iteration");
			continue;
		}
		int k = parser_pick(p, t, "metric", metric_names, 4);
		if (k < 0)
			continue;
		enum loss_kind lk = metric_kinds[k];
		if (p->l->metrics & (1u << lk)) {
			parser_error(p, t->off, "metric '%s' is listed twice", t->s);
			continue;
		}
		p->l->metrics |= 1u << lk;
		p->metric_pos[lk] = parser_pos(p, t->off);
	}
}

void directive_batch_size(struct parser *p, enum dir d, size_t from,
                          size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "N") ||
	    !number_whole(p, &p->tok[0], "batch size", 1,
	                  (double)LESSON_MAX_ITERATIONS, &v)) {
		p->bad[d] = true;
		return;
	}
	p->l->batch_size = (size_t)v;
	p->batch_pos = parser_pos(p, p->tok[0].off);
}

void directive_epochs(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "E") ||
	    !number_whole(p, &p->tok[0], "epoch count", 1,
	                  (double)LESSON_MAX_ITERATIONS, &v)) {
		p->bad[d] = true;
		return;
	}
	p->l->epochs = (long)v;
}

void directive_shuffle(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	int k = parser_word(p, d, "shuffle setting", parser_yes_no, 2,
	                    "yes or no");
	if (k >= 0)
		p->l->shuffle = k == 0;
}

void directive_split(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	double v;
	if (!parser_nargs(p, d, 1, 1, "F") ||
	    !number_get(p, &p->tok[0], "split", &v)) {
		p->bad[d] = true;
		return;
	}
	if (!(v > 0 && v < 1)) {
		parser_error(p, p->tok[0].off, "'split' needs a fraction between "
		             "0 and 1 (both excluded), not %s",
		             parser_show(p->tok[0].s).s);
		p->bad[d] = true;
		return;
	}
	p->l->split = v;
	p->split_pos = parser_pos(p, p->tok[0].off);
}
