/* activation: the facts of each activation, one entry each, in the
 * order of ACTIVATIONS (activation.h says what each field is for). */
#include "core/activation.h"

#include <math.h>
#include <string.h>

const struct activation_info activation_table[ACT_COUNT] = {
	[ACT_IDENTITY] = {
		.name = "identity",
		.numpy = "z",
		.numpy_from_z = "np.ones_like(z)",
		.numpy_from_a = "np.ones_like(a)",
		.text = {
			.symbolic = "({x})",
			.numeric = "{x}",
			.words = "Identity activation: the output is the "
			         "weighted sum.",
			.slope_from_z = "1",
			.slope_from_a = "1",
		},
	},
	[ACT_SIGMOID] = {
		.name = "sigmoid",
		.numpy = "1/(1+np.exp(-z))",
		.numpy_from_z = "1/(1+np.exp(-z)) * (1 - 1/(1+np.exp(-z)))",
		.numpy_from_a = "a*(1-a)",
		.text = {
			.symbolic = "σ({x})",
			.numeric = "σ({x}) = 1 / (1 + e^{-x})",
			.words = "The sigmoid squashes the weighted sum into "
			         "(0, 1).",
			.slope_from_z = "{σ(x)} × (1 − {σ(x)})",
			.slope_from_a = "{x} × (1 − {x})",
		},
		.clips_input = true,
		.handout_derivative = true,
	},
	[ACT_TANH] = {
		.name = "tanh",
		.numpy = "np.tanh(z)",
		.numpy_from_z = "1 - np.tanh(z)**2",
		.numpy_from_a = "1 - a**2",
		.text = {
			.symbolic = "tanh({x})",
			.numeric = "tanh({x})",
			.words = "tanh squashes the weighted sum into (-1, 1).",
			.slope_from_z = "1 − tanh({x})²",
			.slope_from_a = "1 − {x}²",
		},
		.handout_derivative = true,
	},
	[ACT_RELU] = {
		.name = "relu",
		.numpy = "np.maximum(0, z)",
		.numpy_from_z = "np.where(z > 0, 1.0, 0.0)",
		.numpy_from_a = "np.where(a > 0, 1.0, 0.0)",
		.text = {
			.symbolic = "relu({x})",
			.numeric = "max(0, {x})",
			.words = "ReLU keeps a positive sum and turns a negative "
			         "one into 0.",
			.slope_from_z = "({x} > 0 ? 1 : 0)",
			.slope_from_a = "({x} > 0 ? 1 : 0)",
		},
		.handout_derivative = true,
	},
	[ACT_SOFTPLUS] = {
		.name = "softplus",
		.numpy = "np.log(1+np.exp(z))",
		.numpy_from_z = "1/(1+np.exp(-z))",
		.text = {
			.symbolic = "softplus({x})",
			.numeric = "ln(1 + e^{x})",
			.words = "Softplus, a smooth ReLU: ln(1 + e^z).",
			.slope_from_z = "{σ(x)}",
		},
	},
	[ACT_LEAKY_RELU] = {
		.name = "leaky-relu",
		.numpy = "np.where(z > 0, z, slope*z)",
		.numpy_from_z = "np.where(z > 0, 1.0, slope)",
		.numpy_from_a = "np.where(a > 0, 1.0, slope)",
		.param = {.name = "slope", .fallback = 0.01, .low = 0,
		          .high = 1},
		.text = {
			.symbolic = "leaky-relu({x})",
			.numeric = "({x} > 0 ? {x} : {p} × {x})",
			.words = "Leaky ReLU keeps a positive sum and multiplies "
			         "a negative one by a small slope.",
			.slope_from_z = "({x} > 0 ? 1 : {p})",
			.slope_from_a = "({x} > 0 ? 1 : {p})",
		},
		.handout_derivative = true,
	},
	[ACT_ELU] = {
		.name = "elu",
		.numpy = "np.where(z > 0, z, alpha*(np.exp(z)-1))",
		.numpy_from_z = "np.where(z > 0, 1.0, alpha*np.exp(z))",
		.numpy_from_a = "np.where(a > 0, 1.0, a+alpha)",
		.param = {.name = "alpha", .fallback = 1, .low = 0,
		          .high = INFINITY},
		.text = {
			.symbolic = "elu({x})",
			.numeric = "({x} > 0 ? {x} : {p} × (e^{x} − 1))",
			.words = "ELU keeps a positive sum and bends a negative "
			         "one smoothly towards minus alpha.",
			.slope_from_z = "({x} > 0 ? 1 : {p} × e^{x})",
			.slope_from_a = "({x} > 0 ? 1 : {x} + {p})",
		},
		.handout_derivative = true,
	},
	/* Its texts are those of its first step, exp of each cell; the
	 * sum and the division are operation kinds of their own. */
	[ACT_SOFTMAX] = {
		.name = "softmax",
		.text = {
			.symbolic = "exp({x})",
			.numeric = "e^{x}",
			.words = "Softmax, step 1: exponentiate each score.",
		},
	},
};

const char *activation_name(enum activation act)
{
	return (unsigned)act < ACT_COUNT ? activation_table[act].name : NULL;
}

int activation_from_name(const char *name)
{
	for (int a = 0; a < ACT_COUNT; a++)
		if (strcmp(name, activation_table[a].name) == 0)
			return a;
	return -1;
}

bool activation_from_output(enum activation act)
{
	return activation_table[act].numpy_from_a != NULL;
}
