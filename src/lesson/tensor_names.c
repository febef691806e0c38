/* tensor_names: the names selectors find tensors by -- the roles `name`
 * takes, the default names (W1, a2, ...), and the rules every name
 * follows. */
#include "lesson/parser.h"

#include <stdio.h>
#include <string.h>

#include "core/op.h"

const char *const tensor_name_roles[N_GLOBAL_NAMES + ROLE_COUNT] = {
	"input", "target", "loss", "accuracy",
	"weights", "bias", "z", "exp", "sum", "output", "error",
	"derivative", "delta", "weight-gradient", "bias-gradient",
	"new-weights", "new-bias", "wrong-derivative", "other-derivative",
	"numeric-derivative",
};

const char *const tensor_name_global_what[N_GLOBAL_NAMES] = {
	"the input", "the target", "the loss", "the accuracy",
};

const char *const tensor_name_role_what[ROLE_COUNT] = {
	[ROLE_W] = "the weights", [ROLE_B] = "the bias", [ROLE_Z] = "z",
	[ROLE_EXP] = "exp", [ROLE_SUM] = "sum", [ROLE_A] = "the output",
	[ROLE_ERROR] = "the error", [ROLE_DERIV] = "the derivative",
	[ROLE_DELTA] = "the delta", [ROLE_DW] = "the weight gradient",
	[ROLE_DB] = "the bias gradient", [ROLE_W_NEW] = "the new weights",
	[ROLE_B_NEW] = "the new bias",
	[ROLE_DERIV_WRONG] = "the wrong derivative",
	[ROLE_DERIV_OTHER] = "the other derivative",
	[ROLE_DERIV_NUMERIC] = "the numeric derivative",
};

/* Default names are prefix, layer number, suffix: "W1", "W1_new". */
static const char *const role_prefix[ROLE_COUNT] = {
	"W", "b", "z", "exp", "sum", "a", "error", "deriv", "delta", "dW",
	"db", "W", "b", "deriv", "deriv", "deriv",
};
static const char *const role_suffix[ROLE_COUNT] = {
	[ROLE_W_NEW] = "_new", [ROLE_B_NEW] = "_new",
	[ROLE_DERIV_WRONG] = "_wrong", [ROLE_DERIV_OTHER] = "_other",
	[ROLE_DERIV_NUMERIC] = "_numeric",
};

bool tensor_name_is_comparison(int r)
{
	return r == ROLE_DERIV_WRONG || r == ROLE_DERIV_OTHER ||
	       r == ROLE_DERIV_NUMERIC;
}

bool tensor_name_has_bias(int r)
{
	return r == ROLE_B || r == ROLE_DB || r == ROLE_B_NEW;
}

void tensor_name_defaults(struct parser *p, struct layer_spec *ls, int k)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		char buf[32];
		snprintf(buf, sizeof buf, "%s%d%s", role_prefix[r], k,
		         role_suffix[r] ? role_suffix[r] : "");
		ls->name[r] = parser_strdup(p, buf);
	}
}

/* A selector would read these as something else. */
static bool is_reserved(const char *s)
{
	return phase_from_name(s) >= 0 || op_kind_from_name(s) >= 0 ||
	       selector_is_word(s);
}

bool tensor_name_check(struct parser *p, const struct tok *t, int global)
{
	const char *s = t->s;
	size_t n = strlen(s);
	if (n > LESSON_NAME_MAX) {
		parser_error(p, t->off, "tensor name '%s' is longer than %d "
		             "bytes", parser_show(s).s, LESSON_NAME_MAX);
		return false;
	}
	bool ok = n > 0 && !(s[0] >= '0' && s[0] <= '9');
	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || c == '_';
	}
	if (!ok) {
		parser_error(p, t->off, "'%s' is not a tensor name (letters, "
		             "digits and '_', not starting with a digit)",
		             parser_show(s).s);
		return false;
	}
	if ((global == NAME_LOSS && strcmp(s, "loss") == 0) ||
	    (global == NAME_ACCURACY && strcmp(s, "accuracy") == 0) ||
	    (global == NAME_IN_SELECTOR &&
	     (strcmp(s, "loss") == 0 || strcmp(s, "accuracy") == 0)))
		return true;
	if (is_reserved(s)) {
		const char *what = phase_from_name(s) >= 0 ? "a phase name"
		                   : op_kind_from_name(s) >= 0 ?
		                           "an operation kind" :
		                           "a selector word";
		parser_error(p, t->off, "'%s' cannot be a tensor name: it is "
		             "%s, and a selector would read it as one", s, what);
		return false;
	}
	return true;
}
