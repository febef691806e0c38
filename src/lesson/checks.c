/* checks: what is checked after the last line, where one line meets
 * another -- required directives, the network against its loss and its
 * data, given values against their layer, tensor names against each
 * other. */
#include "lesson/parser.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =====================================================================
 * The network on its own
 * ===================================================================== */

/* Whether loss (or metric) k can be computed from the last layer; an
 * error at pos when not. */
static void check_loss_fits(struct parser *p, enum loss_kind k,
                            struct src_pos pos, const char *what)
{
	const struct layer_spec *last = &p->l->layers[p->l->n_layers - 1];
	if (k == LOSS_CCE && last->act != ACT_SOFTMAX &&
	    last->act != ACT_SIGMOID)
		parser_error_at(p, pos, "%s 'cross-entropy' needs a softmax or "
		                "sigmoid last layer, not %s", what,
		                activation_name(last->act));
	if (k == LOSS_BCE && (last->act != ACT_SIGMOID || last->units != 1))
		parser_error_at(p, pos, "%s 'binary-cross-entropy' needs a last "
		                "layer of 1 sigmoid unit, not %d %s unit%s", what,
		                last->units, activation_name(last->act),
		                last->units == 1 ? "" : "s");
}

/* softmax only last, and with 2 units or more. */
static void check_softmax_layers(struct parser *p)
{
	struct lesson *l = p->l;
	int n = l->n_layers;
	for (int k = 0; k < n; k++) {
		const struct layer_spec *ls = &l->layers[k];
		if (p->lx[k].bad)
			continue;
		if (ls->act == ACT_SOFTMAX && k + 1 < n)
			parser_error_at(p, p->lx[k].act_pos, "softmax is only "
			                "allowed on the last layer (this is layer "
			                "%d of %d)", k + 1, n);
		else if (ls->act == ACT_SOFTMAX && ls->units < 2)
			parser_error_at(p, p->lx[k].units_pos, "softmax needs at "
			                "least 2 units (with 1 it always outputs 1)");
	}
}

/* The loss, the metrics and softmax-backward against the last layer. */
static void check_last_layer(struct parser *p)
{
	struct lesson *l = p->l;
	const struct layer_spec *last = &l->layers[l->n_layers - 1];
	bool loss_ok = p->line_of[D_LOSS] && !p->bad[D_LOSS];
	if (loss_ok) {
		check_loss_fits(p, l->loss, p->loss_pos, "loss");
		if (last->act == ACT_SOFTMAX && l->loss != LOSS_CCE &&
		    l->softmax_backward == SOFTMAX_SIMPLIFIED)
			parser_error_at(p, p->loss_pos, "a softmax last layer with "
			                "'loss %s' needs 'softmax-backward jacobian' "
			                "(the simplified delta a - y holds only for "
			                "cross-entropy)", loss_names[l->loss]);
	}
	for (int k = 0; k < LOSS_COUNT; k++) {
		if (!(l->metrics & (1u << k)))
			continue;
		if (loss_ok && (int)l->loss == k)
			parser_error_at(p, p->metric_pos[k], "metric '%s' is already "
			                "the training loss", loss_names[k]);
		else
			check_loss_fits(p, (enum loss_kind)k, p->metric_pos[k],
			                "metric");
	}
	if (p->line_of[D_SOFTMAX_BACKWARD] && !p->bad[D_SOFTMAX_BACKWARD] &&
	    last->act != ACT_SOFTMAX)
		parser_error_at(p, p->sb_pos, "'softmax-backward' needs a softmax "
		                "last layer (the last layer is %s)",
		                activation_name(last->act));
}

/* A bias role named for a layer with 'bias no'. */
static void check_bias_names(struct parser *p, int k)
{
	const struct layer_spec *ls = &p->l->layers[k];
	const struct layer_extra *lx = &p->lx[k];
	for (int r = 0; r < ROLE_COUNT; r++)
		if (tensor_name_has_bias(r) && !ls->bias && lx->name_pos[r].line)
			parser_error_at(p, lx->name_pos[r], "layer %d has 'bias no' "
			                "(line %d), so it has no '%s' tensor to name",
			                k + 1, lx->line_of[D_BIAS],
			                tensor_name_roles[N_GLOBAL_NAMES + r]);
}

/* `init` beside written-out values: one error for the layer, at the
 * line that makes the mix, naming every line involved and what the
 * values would still need if the student keeps them. */
static void check_values_mix(struct parser *p, int k)
{
	const struct layer_spec *ls = &p->l->layers[k];
	const struct layer_extra *lx = &p->lx[k];
	int init = lx->line_of[D_INIT], w = lx->line_of[D_WEIGHTS],
	    b = lx->line_of[D_BIASES];
	int values = w && b ? (w < b ? w : b) : w ? w : b;
	char lines[64], need[80] = "";
	if (w && b)
		snprintf(lines, sizeof lines, "'weights', line %d; 'biases', "
		         "line %d", w, b);
	else
		snprintf(lines, sizeof lines, "'%s', line %d",
		         w ? "weights" : "biases", values);
	if (!w)
		snprintf(need, sizeof need, " (written out, 'biases' needs "
		         "'weights' too)");
	else if (!b && ls->bias)
		snprintf(need, sizeof need, " (written out, 'weights' needs "
		         "'biases' too, or 'bias no')");
	parser_error_at(p, (struct src_pos){init > values ? init : values, 1},
	                "layer %d has both 'init' (line %d) and written-out "
	                "values (%s): keep one or the other%s", k + 1, init,
	                lines, need);
}

/* Weights and biases given as values: all or none, not beside `init`,
 * and only a bias that exists. */
static void check_given_values(struct parser *p, int k)
{
	const struct layer_spec *ls = &p->l->layers[k];
	const struct layer_extra *lx = &p->lx[k];
	bool mixed = lx->line_of[D_INIT] &&
	             (lx->line_of[D_WEIGHTS] || lx->line_of[D_BIASES]);
	if (mixed)
		check_values_mix(p, k);
	if (lx->line_of[D_BIASES] && !lx->line_of[D_WEIGHTS] && !mixed)
		parser_error_at(p, (struct src_pos){lx->line_of[D_BIASES], 1},
		                "'biases' needs 'weights' for layer %d too (a "
		                "layer's values are given all or none)", k + 1);
	if (lx->line_of[D_BIASES] && !ls->bias && !lx->b_bad)
		parser_error_at(p, (struct src_pos){lx->line_of[D_BIASES], 1},
		                "layer %d has 'bias no' (line %d), so 'biases' has "
		                "nothing to set", k + 1, lx->line_of[D_BIAS]);
	if (lx->line_of[D_WEIGHTS] && ls->bias && !lx->line_of[D_BIASES] &&
	    !mixed)
		parser_error_at(p, (struct src_pos){lx->line_of[D_WEIGHTS], 1},
		                "layer %d has 'weights' but no 'biases' (add "
		                "'biases', or 'bias no' for a layer without bias)",
		                k + 1);
	if (ls->given_b && !lx->bad && lx->n_b != (size_t)ls->units)
		parser_error_at(p, lx->b_pos, "layer %d has %d unit%s but 'biases' "
		                "gives %zu value%s", k + 1, ls->units,
		                ls->units == 1 ? "" : "s", lx->n_b,
		                lx->n_b == 1 ? "" : "s");
}

/* Random initialisation needs a seed to be replayable. */
static void check_seed(struct parser *p)
{
	if (p->line_of[D_SEED])
		return;
	for (int k = 0; k < p->l->n_layers; k++) {
		const struct layer_spec *ls = &p->l->layers[k];
		const struct layer_extra *lx = &p->lx[k];
		/* An `init` line that named no known kind has its own error:
		 * whether it meant to draw random numbers is not known. */
		if ((ls->init != INIT_UNIFORM && ls->init != INIT_NORMAL) ||
		    lx->line_of[D_WEIGHTS] || lx->line_of[D_BIASES] ||
		    lx->init_unknown)
			continue;
		if (lx->line_of[D_INIT])
			parser_error_at(p, lx->init_pos, "'init %s' draws random "
			                "numbers: add a 'seed' line",
			                ls->init == INIT_UNIFORM ? "uniform" :
			                                           "normal");
		else
			parser_error_at(p, ls->pos, "layer %d starts from random "
			                "weights ('init uniform -1 1' is the "
			                "default): add a 'seed' line", k + 1);
		return;
	}
}

/* What decides which tensors the network has. */
static void check_network(struct parser *p)
{
	check_softmax_layers(p);
	if (!p->lx[p->l->n_layers - 1].bad)
		check_last_layer(p);
	for (int k = 0; k < p->l->n_layers; k++)
		check_bias_names(p, k);
}

/* Where the network's values start from. */
static void check_start_values(struct parser *p)
{
	for (int k = 0; k < p->l->n_layers; k++)
		check_given_values(p, k);
	check_seed(p);
}

/* =====================================================================
 * The network against its data
 * ===================================================================== */

/* The shapes of the given weights. */
static void check_weight_shapes(struct parser *p)
{
	struct lesson *l = p->l;
	for (int k = 0; k < l->n_layers; k++) {
		const struct layer_spec *ls = &l->layers[k];
		const struct layer_extra *lx = &p->lx[k];
		if (lx->bad || (k > 0 && p->lx[k - 1].bad) || !ls->given_w)
			continue;
		size_t in = k == 0 ? l->n_inputs : (size_t)l->layers[k - 1].units;
		size_t out = (size_t)ls->units;
		size_t r = l->conv == CONV_ROWS ? in : out;
		size_t c = l->conv == CONV_ROWS ? out : in;
		if (lx->w_rows != r || lx->w_cols != c)
			parser_error_at(p, lx->w_pos, "the weights of layer %d are "
			                "%zux%zu; under 'convention %s' they must be "
			                "%s = %zux%zu (%zu input%s, %zu unit%s)", k + 1,
			                lx->w_rows, lx->w_cols,
			                l->conv == CONV_ROWS ? "rows" : "columns",
			                l->conv == CONV_ROWS ? "(in, out)" :
			                                       "(out, in)",
			                r, c, in, in == 1 ? "" : "s", out,
			                out == 1 ? "" : "s");
	}
}

/* Refuses a network too large to trace before anything is built for it,
 * at the layer that goes over; returns the weights and biases counted. */
static unsigned long long check_size(struct parser *p)
{
	struct lesson *l = p->l;
	unsigned long long params = 0, in = l->n_inputs;
	unsigned long long width = l->n_inputs + l->n_outputs;
	for (int k = 0; k < l->n_layers; k++) {
		const struct layer_spec *ls = &l->layers[k];
		if (p->lx[k].bad)
			break;
		params += in * (unsigned)ls->units + (ls->bias ? ls->units : 0);
		in = (unsigned)ls->units;
		width += (unsigned)ls->units;
		unsigned long long work = params * l->batch_size;
		unsigned long long cells = width * l->batch_size;
		if (params > (unsigned long long)LESSON_MAX_PARAMS) {
			parser_error_at(p, p->lx[k].units_pos, "the network is too "
			                "large: up to layer %d it has %llu weights "
			                "and biases, more than the %ld allowed "
			                "(LESSON_MAX_PARAMS)", k + 1, params,
			                LESSON_MAX_PARAMS);
			break;
		}
		if (work > (unsigned long long)LESSON_MAX_WORK) {
			parser_error_at(p, p->lx[k].units_pos, "the network is too "
			                "large for its data: up to layer %d, %zu "
			                "samples times %llu weights and biases is "
			                "%llu, more than the %ld allowed "
			                "(LESSON_MAX_WORK)", k + 1, l->batch_size,
			                params, work, LESSON_MAX_WORK);
			break;
		}
		if (cells > (unsigned long long)LESSON_MAX_CELLS) {
			parser_error_at(p, p->lx[k].units_pos, "the network's "
			                "tensors are too large for its data: up to "
			                "layer %d, %zu samples times %llu inputs, "
			                "targets and units is %llu, more than the "
			                "%ld allowed (LESSON_MAX_CELLS)", k + 1,
			                l->batch_size, width, cells,
			                LESSON_MAX_CELLS);
			break;
		}
	}
	return params;
}

/* A run whose replay would take hours: every iteration up to the last is
 * replayed to show the last one. */
static void check_run_length(struct parser *p, unsigned long long params)
{
	struct lesson *l = p->l;
	unsigned long long run = params * l->batch_size;
	int line = p->line_of[D_ITERATIONS] ? p->line_of[D_ITERATIONS] :
	                                      p->line_of[D_EPOCHS];
	if (run && l->iterations > 0 && line &&
	    (unsigned long long)l->iterations >
	            (unsigned long long)LESSON_MAX_RUN / run)
		parser_error_at(p, (struct src_pos){line, 1},
		                "%ld iterations of this network are too long a "
		                "run: %zu samples times %llu weights and biases is "
		                "%llu multiply-adds an iteration, and the limit is "
		                "%lld for the whole run (LESSON_MAX_RUN): at most "
		                "%llu iterations", l->iterations, l->batch_size,
		                params, run, LESSON_MAX_RUN,
		                (unsigned long long)LESSON_MAX_RUN / run);
}

static void check_against_data(struct parser *p)
{
	struct lesson *l = p->l;
	check_weight_shapes(p);
	size_t before = p->errors;
	unsigned long long params = check_size(p);
	if (p->errors != before)
		p->layout_doubt = true; /* too large to lay out */
	check_run_length(p, params);
	const struct layer_extra *lx = &p->lx[l->n_layers - 1];
	const struct layer_spec *last = &l->layers[l->n_layers - 1];
	if (!lx->bad && (size_t)last->units != l->n_outputs) {
		parser_error_at(p, lx->units_pos, "the last layer has %d unit%s "
		                "but the data have %zu target column%s",
		                last->units, last->units == 1 ? "" : "s",
		                l->n_outputs, l->n_outputs == 1 ? "" : "s");
		p->shapes_doubt = true;
	}
	if (l->image_rows && l->image_rows * l->image_cols != l->n_inputs) {
		parser_error_at(p, p->image_pos, "'image %zu %zu' has %zu pixels "
		                "but the data have %zu input%s (ROWS x COLS must "
		                "be the number of inputs)", l->image_rows,
		                l->image_cols, l->image_rows * l->image_cols,
		                l->n_inputs, l->n_inputs == 1 ? "" : "s");
	}
	if (l->accuracy && p->threshold_given && l->n_outputs > 1)
		parser_error_at(p, p->threshold_pos, "'threshold' applies only to "
		                "a network with one output (with %zu, accuracy "
		                "takes the largest)", l->n_outputs);
}

/* =====================================================================
 * Names
 * ===================================================================== */

struct named {
	const char *name;
	struct src_pos pos; /* line 0: a default name */
	int layer;          /* 0 for the global tensors */
	const char *what;
};

/* Every tensor the lesson has, with its name, into v; returns how many. */
static size_t every_tensor(struct parser *p, struct named *v)
{
	struct lesson *l = p->l;
	size_t n = 0;
	const char *gn[N_GLOBAL_NAMES] = {l->input_name, l->target_name,
	                                  l->loss_name, l->accuracy_name};
	for (int g = 0; g < N_GLOBAL_NAMES; g++) {
		if (g == NAME_ACCURACY && !l->accuracy)
			continue;
		v[n++] = (struct named){gn[g], p->name_pos[g], 0,
		                        tensor_name_global_what[g]};
	}
	for (int k = 0; k < l->n_layers; k++) {
		const struct layer_spec *ls = &l->layers[k];
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (tensor_name_has_bias(r) && !ls->bias)
				continue;
			if ((r == ROLE_EXP || r == ROLE_SUM) &&
			    ls->act != ACT_SOFTMAX)
				continue;
			if (tensor_name_is_comparison(r) &&
			    !ls->compare_derivatives)
				continue;
			v[n++] = (struct named){ls->name[r], p->lx[k].name_pos[r],
			                        k + 1, tensor_name_role_what[r]};
		}
	}
	return n;
}

/* A clash of a and b, reported where the user wrote the later name; a
 * default name has no line, so then at the earlier. */
static void name_clash(struct parser *p, const struct named *a,
                       const struct named *b)
{
	const struct named *at = b->pos.line ? b : a;
	const struct named *other = at == b ? a : b;
	char where[64] = "";
	if (other->layer)
		snprintf(where, sizeof where, " of layer %d", other->layer);
	char how[48];
	if (other->pos.line)
		snprintf(how, sizeof how, ", named on line %d", other->pos.line);
	else
		snprintf(how, sizeof how, ", its default name");
	parser_error_at(p, at->pos, "duplicate tensor name '%s' (also %s%s%s)",
	                b->name, other->what, where, how);
}

/* Every tensor name must be unique: selectors find tensors by name. */
static void check_names(struct parser *p)
{
	struct named v[N_GLOBAL_NAMES + LESSON_MAX_LAYERS * ROLE_COUNT];
	size_t n = every_tensor(p, v);
	for (size_t j = 1; j < n; j++) {
		if (!v[j].name)
			continue;
		for (size_t i = 0; i < j; i++) {
			if (!v[i].name || strcmp(v[i].name, v[j].name) != 0)
				continue;
			name_clash(p, &v[i], &v[j]);
			break;
		}
	}
}

/* =====================================================================
 * After the last line
 * ===================================================================== */

static bool all_whole(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != floor(v[i]))
			return false;
	return true;
}

/* Every iteration the handout list names must exist, as `dump` will
 * require: each item past the last iteration is an error at the item. */
static void check_handout(struct parser *p)
{
	struct lesson *l = p->l;
	if (!p->line_of[D_ITERATIONS] || p->bad[D_ITERATIONS] ||
	    l->iterations < 1)
		return;
	long last = l->iterations - 1;
	for (size_t i = 0; i < p->n_handout; i++) {
		const struct handout_item *it = &p->handout[i];
		long past = it->from > last ? it->from : it->to;
		if (past > last)
			parser_error_at(p, it->pos, "iteration %ld does not exist "
			                "(the lesson runs iterations 0 to %ld)",
			                past, last);
	}
}

/* Missing settings are reported at the end of the file, where the
 * reader would add them last. */
static void check_required(struct parser *p)
{
	struct src_pos eof = {p->last_line, 1};
	static const enum dir required[] = {D_TITLE, D_LOSS, D_LEARNING_RATE,
	                                    D_ITERATIONS};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!p->line_of[required[i]] && !p->skipped &&
		    !(required[i] == D_ITERATIONS && p->line_of[D_EPOCHS]))
			parser_error_at(p, eof, "no '%s' line (every lesson needs "
			                "one)", directive_keyword(required[i]));
	if (!p->l->n_layers && !p->too_many_layers && !p->skipped)
		parser_error_at(p, eof, "no 'layer' line (every lesson needs at "
		                        "least one)");
}

void checks_after_last_line(struct parser *p)
{
	struct lesson *l = p->l;
	line_end_continuation(p);
	free(p->lit.v);
	p->lit.v = NULL;
	check_required(p);
	check_handout(p);

	if (!p->line_of[D_ACCURACY])
		l->accuracy = loss_info(l->loss)->accuracy;

	bool data_ok = datafile_load(p);
	if (data_ok) {
		size_t before = p->errors;
		loop_resolve(p);
		data_ok = p->errors == before && !p->oom;
	}
	p->data_ok = data_ok;
	if (data_ok)
		l->data_integral = all_whole(l->x, l->n_samples * l->n_inputs) &&
		                   all_whole(l->y, l->n_samples * l->n_outputs);
	/* After these errors `check` can still lay the network out, but
	 * not run it; after a clash of names, not even lay it out. */
	size_t before = p->errors;
	bool layers = l->n_layers && !p->too_many_layers;
	if (layers)
		check_network(p);
	if (p->errors != before)
		p->ops_doubt = true;
	before = p->errors;
	check_names(p);
	if (p->errors != before)
		p->layout_doubt = true;
	if (layers) {
		check_start_values(p);
		if (data_ok)
			check_against_data(p);
	}

	for (size_t i = 0; i < l->n_reports; i++)
		if (l->reports[i].what == REPORT_ACCURACY && !l->accuracy)
			parser_error_at(p, l->reports[i].pos, "'report accuracy' "
			                "needs accuracy: add 'accuracy yes'");
}
