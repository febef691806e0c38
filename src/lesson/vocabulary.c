/* vocabulary: the words lessons write for the losses and activations, read
 * by the parser and printed by the views: their tables' (core/loss.h,
 * core/activation.h). */
#include "lesson/parser.h"

/* As their table lists them (core/loss.h). */
const char *const lesson_loss_names[LOSS_COUNT] = {
#define LOSS_NAME(ID, name) [LOSS_##ID] = name,
	LOSSES(LOSS_NAME)
#undef LOSS_NAME
};

const char *lesson_activation_name(enum activation a)
{
	return activation_name(a);
}

const char *lesson_loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? lesson_loss_names[k] : NULL;
}
