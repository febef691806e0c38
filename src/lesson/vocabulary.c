/* vocabulary: the words lessons write for the activations and losses of
 * lesson.h, read by the parser and printed by the views. */
#include "lesson/parser.h"

const char *const lesson_activation_names[ACT_COUNT] = {
	[ACT_IDENTITY] = "identity", [ACT_SIGMOID] = "sigmoid",
	[ACT_TANH] = "tanh", [ACT_RELU] = "relu",
	[ACT_SOFTPLUS] = "softplus", [ACT_SOFTMAX] = "softmax",
};

const char *const lesson_loss_names[LOSS_COUNT] = {
	[LOSS_ERROR] = "error", [LOSS_SQUARED] = "squared",
	[LOSS_ABSOLUTE] = "absolute", [LOSS_BCE] = "binary-cross-entropy",
	[LOSS_CCE] = "cross-entropy",
};

const char *lesson_activation_name(enum activation a)
{
	return (unsigned)a < ACT_COUNT ? lesson_activation_names[a] : NULL;
}

const char *lesson_loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? lesson_loss_names[k] : NULL;
}
