/* loss: the facts of each loss, one entry each, in the order of LOSSES
 * (loss.h says what each field is for). */
#include "core/loss.h"

#include <stddef.h>

const char *const loss_names[LOSS_COUNT] = {
#define LOSS_NAME(ID, name) [LOSS_##ID] = name,
	LOSSES(LOSS_NAME)
#undef LOSS_NAME
};

const char *loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? loss_names[k] : NULL;
}

const struct loss_info loss_facts[LOSS_COUNT] = {
	[LOSS_ERROR] = {.ascends = true, .symbolic = "|{y} − {a}|"},
	[LOSS_SQUARED] = {
		.term = "({a} − {y})²",
		.slope = "2 × ({a} − {y})",
		.symbolic = "({a} − {y})²",
	},
	[LOSS_ABSOLUTE] = {
		.term = "|{a} − {y}|",
		.slope = "sign({a} − {y})",
		.symbolic = "|{a} − {y}|",
	},
	[LOSS_BCE] = {
		.accuracy = true,
		.negated = true,
		.term = "[{y} ln {p(a)} + (1 − {y}) {ln(1-a)}]",
		.slope = "−{y} / {p(a)} + (1 − {y}) / {1-a}",
		.symbolic = "{y} ln {a} + (1 − {y}) ln(1 − {a})",
	},
	[LOSS_CCE] = {
		.accuracy = true,
		.negated = true,
		.term = "{y} ln {p(a)}",
		.slope = "−{y} / {p(a)}",
		.symbolic = "{y} ln {a}",
	},
};
