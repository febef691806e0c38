/* directives_network: convention, layer and the settings of a layer --
 * bias, init, weights, biases, derivative, compare-derivatives -- and
 * name (docs/lesson-format.md, "The network" and "Names of the global
 * tensors"). */
#include "lesson/parser.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void directive_convention(struct parser *p, enum dir d, size_t from,
                          size_t end)
{
	static const char *const conv[] = {"rows", "columns"};
	(void)from, (void)end;
	int k = parser_word(p, d, "convention", conv, 2, "rows or columns");
	if (k >= 0)
		p->l->conv = k == 0 ? CONV_ROWS : CONV_COLUMNS;
}

/* `layer UNITS ACTIVATION [PARAMETER VALUE]`: words 3 and 4 set the
 * parameter the activation's table entry names (core/activation.h), so a
 * new parameterised activation needs nothing here.  An activation without
 * one takes two words, as any other layer line. */
static void layer_param(struct parser *p, struct layer_spec *ls,
                        enum activation a)
{
	const struct activation_param *pm = &activation_info(a)->param;
	const char *const names[] = {pm->name};
	char what[64];
	snprintf(what, sizeof what, "%s parameter", activation_name(a));
	if (parser_pick(p, &p->tok[2], what, names, 1) < 0)
		return;
	double v;
	if (p->n_tok < 4) {
		parser_error(p, 0, "'%s' needs a value after '%s'",
		             activation_name(a), pm->name);
		return;
	}
	if (!number_get(p, &p->tok[3], pm->name, &v))
		return;
	if (!(v > pm->low && v < pm->high)) {
		char range[96];
		if (isinf(pm->high))
			snprintf(range, sizeof range, "greater than %g", pm->low);
		else
			snprintf(range, sizeof range,
			         "greater than %g and less than %g", pm->low,
			         pm->high);
		parser_error(p, p->tok[3].off, "the %s of %s must be %s, not %s",
		             pm->name, activation_name(a), range,
		             parser_show(p->tok[3].s).s);
		return;
	}
	ls->act_param = v;
}

/* The defaults of a new layer. */
static void layer_defaults(struct parser *p, struct layer_spec *ls, int k)
{
	ls->units = 0;
	ls->act = ACT_IDENTITY;
	ls->act_param = 0;
	ls->bias = true;
	ls->init = INIT_UNIFORM;
	ls->init_low = -1;
	ls->init_high = 1;
	ls->deriv = DERIV_FROM_Z;
	ls->deriv_scale = 1;
	ls->pos = parser_pos(p, 0);
	tensor_name_defaults(p, ls, k + 1);
}

void directive_layer(struct parser *p, enum dir d, size_t from, size_t end)
{
	struct lesson *l = p->l;
	(void)from, (void)end;
	if (l->n_layers == LESSON_MAX_LAYERS) {
		parser_error(p, 0, "too many layers: a lesson has at most %d",
		             LESSON_MAX_LAYERS);
		p->too_many_layers = true;
		return;
	}
	int k = l->n_layers++;
	struct layer_spec *ls = &l->layers[k];
	struct layer_extra *lx = &p->lx[k];
	layer_defaults(p, ls, k);
	/* Four words only for an activation with a parameter. */
	int known = p->n_tok >= 2 ? activation_from_name(p->tok[1].s) : -1;
	const char *param = known >= 0 ? activation_info(known)->param.name
	                               : NULL;
	char usage[96] = "UNITS ACTIVATION";
	if (param)
		snprintf(usage, sizeof usage, "UNITS %s [%s VALUE]",
		         activation_name(known), param);
	if (!parser_nargs(p, d, 2, param ? 4 : 2, usage)) {
		lx->bad = lx->act_bad = true;
		return;
	}
	double v;
	lx->units_pos = parser_pos(p, p->tok[0].off);
	lx->act_pos = parser_pos(p, p->tok[1].off);
	if (number_whole(p, &p->tok[0], "layer size", 1, LESSON_MAX_UNITS, &v))
		ls->units = (int)v;
	else
		lx->bad = true;
	const char *names[ACT_COUNT];
	for (int a = 0; a < ACT_COUNT; a++)
		names[a] = activation_name((enum activation)a);
	int a = parser_pick(p, &p->tok[1], "activation", names, ACT_COUNT);
	if (a < 0) {
		lx->bad = lx->act_bad = true;
		return;
	}
	ls->act = (enum activation)a;
	ls->act_param = activation_info(ls->act)->param.fallback;
	if (p->n_tok > 2)
		layer_param(p, ls, ls->act);
}

void directive_bias(struct parser *p, enum dir d, size_t from, size_t end)
{
	struct layer_extra *lx;
	struct layer_spec *ls = parser_last_layer(p, &lx);
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "yes or no"))
		return;
	int v = parser_pick(p, &p->tok[0], "bias setting", parser_yes_no, 2);
	if (v >= 0)
		ls->bias = v == 0;
}

/* `init uniform LOW HIGH` (k 0), `init normal SCALE` (1), `init zeros`
 * (2), its word count already checked. */
static void init_kind(struct parser *p, struct layer_spec *ls, int k)
{
	if (k == 0) {
		double lo, hi;
		if (!number_get(p, &p->tok[1], "low", &lo) ||
		    !number_get(p, &p->tok[2], "high", &hi))
			return;
		if (!(lo < hi)) {
			parser_error(p, p->tok[2].off, "'init uniform' needs LOW < "
			             "HIGH, not %s and %s",
			             parser_show(p->tok[1].s).s,
			             parser_show(p->tok[2].s).s);
			return;
		}
		ls->init = INIT_UNIFORM;
		ls->init_low = lo;
		ls->init_high = hi;
	} else if (k == 1) {
		double sc;
		if (!number_get(p, &p->tok[1], "scale", &sc))
			return;
		if (!(sc > 0)) {
			parser_error(p, p->tok[1].off, "'init normal' needs a scale "
			             "greater than 0, not %s",
			             parser_show(p->tok[1].s).s);
			return;
		}
		ls->init = INIT_NORMAL;
		ls->init_scale = sc;
	} else {
		ls->init = INIT_ZEROS;
	}
}

void directive_init(struct parser *p, enum dir d, size_t from, size_t end)
{
	static const char *const kinds[] = {"uniform", "normal", "zeros"};
	static const char *const usage[] = {"uniform LOW HIGH", "normal SCALE",
	                                    "zeros"};
	struct layer_extra *lx;
	struct layer_spec *ls = parser_last_layer(p, &lx);
	(void)from, (void)end;
	lx->init_pos = parser_pos(p, 0);
	if (!parser_nargs(p, d, 1, 4, "uniform LOW HIGH, normal SCALE or "
	                              "zeros")) {
		lx->init_unknown = true;
		return;
	}
	int k = parser_pick(p, &p->tok[0], "initialisation", kinds, 3);
	if (k < 0) {
		lx->init_unknown = true;
		return;
	}
	/* The kind is known even if what follows is wrong: whether the
	 * layer needs a seed is (checks.c). */
	ls->init = k == 0 ? INIT_UNIFORM : k == 1 ? INIT_NORMAL : INIT_ZEROS;
	size_t want = k == 0 ? 3 : k == 1 ? 2 : 1;
	/* `zero-bias` after a random kind: the textbook's
	 * W = np.random.randn(n, m) * 0.01; b = np.zeros(m). */
	if (k < 2 && p->n_tok == want + 1 &&
	    strcmp(p->tok[want].s, "zero-bias") == 0) {
		ls->init_zero_bias = true;
		p->n_tok--;
	}
	if (p->n_tok != want) {
		if (p->n_tok < want)
			parser_error(p, 0, "'init %s' needs %s", kinds[k], usage[k]);
		else
			parser_error(p, p->tok[want].off, "unexpected '%s': write "
			             "'init %s'", parser_show(p->tok[want].s).s,
			             usage[k]);
		return;
	}
	init_kind(p, ls, k);
}

/* weights and biases (beside `init` they are read all the same: the mix
 * is one error for the layer, checks.c) */
void directive_values(struct parser *p, enum dir d, size_t from, size_t end)
{
	literal_start(p, d, p->l->n_layers - 1, from, end);
}

/* "sigmoid, tanh, relu and identity": the activations whose derivative
 * can be taken from their output, in the table's order, the identity
 * (no activation at all) last. */
static void from_output_list(char *buf, size_t cap)
{
	const char *names[ACT_COUNT];
	size_t n = 0;
	for (int a = 0; a < ACT_COUNT; a++)
		if (a != ACT_IDENTITY && activation_from_output(a))
			names[n++] = activation_name(a);
	if (activation_from_output(ACT_IDENTITY))
		names[n++] = activation_name(ACT_IDENTITY);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i == 0 ? "" : i + 1 < n ? ", " : " and ",
		                        names[i]);
}

void directive_derivative(struct parser *p, enum dir d, size_t from,
                          size_t end)
{
	static const char *const kinds[] = {"from-z", "from-output"};
	static const char *const scale[] = {"scale"};
	struct layer_extra *lx;
	struct layer_spec *ls = parser_last_layer(p, &lx);
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 3, "from-z or from-output [scale K]"))
		return;
	if (!lx->bad && ls->act == ACT_SOFTMAX) {
		parser_error(p, 0, "a softmax layer takes no 'derivative' (see "
		                   "'softmax-backward')");
		return;
	}
	int k = parser_pick(p, &p->tok[0], "derivative source", kinds, 2);
	if (k < 0)
		return;
	if (k == 1 && !lx->bad && !activation_from_output(ls->act)) {
		char list[256];
		from_output_list(list, sizeof list);
		parser_error(p, p->tok[0].off, "'from-output' works only for "
		             "%s layers; layer %d is %s", list, p->l->n_layers,
		             activation_name(ls->act));
		return;
	}
	if (p->n_tok == 2) {
		parser_error(p, 0, "'derivative' needs from-z or from-output "
		                   "[scale K]");
		return;
	}
	double sc = 1;
	if (p->n_tok == 3) {
		if (parser_pick(p, &p->tok[1], "derivative option", scale, 1) < 0 ||
		    !number_get(p, &p->tok[2], "derivative scale", &sc))
			return;
		if (sc == 0) {
			parser_error(p, p->tok[2].off, "the derivative scale must "
			                               "not be 0");
			return;
		}
	}
	ls->deriv = k == 0 ? DERIV_FROM_Z : DERIV_FROM_OUTPUT;
	ls->deriv_scale = sc;
}

void directive_compare_derivatives(struct parser *p, enum dir d,
                                   size_t from, size_t end)
{
	struct layer_extra *lx;
	struct layer_spec *ls = parser_last_layer(p, &lx);
	(void)from, (void)end;
	if (!parser_nargs(p, d, 1, 1, "yes or no"))
		return;
	int v = parser_pick(p, &p->tok[0], "compare-derivatives setting",
	                    parser_yes_no, 2);
	if (v < 0)
		return;
	if (v == 0 && !lx->bad && ls->act != ACT_SIGMOID) {
		parser_error(p, 0, "'compare-derivatives' shows the sigmoid's "
		             "erratum: layer %d is %s, not sigmoid",
		             p->l->n_layers, activation_name(ls->act));
		return;
	}
	ls->compare_derivatives = v == 0;
}

/* `name input|target|loss|accuracy NAME`: once each, anywhere. */
static void global_name(struct parser *p, int r, const struct tok *t)
{
	struct lesson *l = p->l;
	if (p->name_line[r]) {
		parser_error(p, 0, "duplicate 'name %s' (first given on line %d)",
		             tensor_name_roles[r], p->name_line[r]);
		return;
	}
	p->name_line[r] = p->line;
	if (!tensor_name_check(p, t, r))
		return;
	char **dst = r == NAME_INPUT ? &l->input_name :
	             r == NAME_TARGET ? &l->target_name :
	             r == NAME_LOSS ? &l->loss_name : &l->accuracy_name;
	char *s = parser_strdup(p, t->s);
	if (!s)
		return;
	free(*dst);
	*dst = s;
	p->name_pos[r] = parser_pos(p, t->off);
}

/* `name ROLE NAME` for a tensor of the latest layer: once per role. */
static void layer_name(struct parser *p, int r, const struct tok *t)
{
	struct lesson *l = p->l;
	int role = r - N_GLOBAL_NAMES;
	struct layer_extra *lx;
	struct layer_spec *ls = parser_layer(p, D_NAME, &lx);
	if (!ls)
		return;
	if (lx->name_pos[role].line) {
		parser_error(p, 0, "duplicate 'name %s' for layer %d (first given "
		             "on line %d)", tensor_name_roles[r], l->n_layers,
		             lx->name_pos[role].line);
		return;
	}
	if ((role == ROLE_EXP || role == ROLE_SUM) && !lx->bad &&
	    ls->act != ACT_SOFTMAX) {
		parser_error(p, p->tok[0].off, "layer %d is %s, not softmax: it "
		             "has no '%s' tensor", l->n_layers,
		             activation_name(ls->act), tensor_name_roles[r]);
		return;
	}
	if (!tensor_name_check(p, t, -1))
		return;
	char *s = parser_strdup(p, t->s);
	if (!s)
		return;
	free(ls->name[role]);
	ls->name[role] = s;
	lx->name_pos[role] = parser_pos(p, t->off);
}

void directive_name(struct parser *p, enum dir d, size_t from, size_t end)
{
	(void)from, (void)end;
	if (!parser_nargs(p, d, 2, 2, "ROLE NAME"))
		return;
	int r = parser_pick(p, &p->tok[0], "tensor role", tensor_name_roles,
	                    N_GLOBAL_NAMES + ROLE_COUNT);
	if (r < 0)
		return;
	if (r < N_GLOBAL_NAMES)
		global_name(p, r, &p->tok[1]);
	else
		layer_name(p, r, &p->tok[1]);
}
