/* vocabulary: the words lessons write for the losses of lesson.h, read by
 * the parser and printed by the views.  The activations' words are their
 * table's (core/activation.h). */
#include "lesson/parser.h"

const char *const lesson_loss_names[LOSS_COUNT] = {
	[LOSS_ERROR] = "error", [LOSS_SQUARED] = "squared",
	[LOSS_ABSOLUTE] = "absolute", [LOSS_BCE] = "binary-cross-entropy",
	[LOSS_CCE] = "cross-entropy",
};

const char *lesson_activation_name(enum activation a)
{
	return activation_name(a);
}

const char *lesson_loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? lesson_loss_names[k] : NULL;
}
