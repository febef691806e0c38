"""Reference for lessons/trask-xor.lesson: the two-layer network of
Trask's "A Neural Network in 11 lines of Python", learning XOR, in the
post's numpy: l1 = nonlin(l0.syn0), l2 = nonlin(l1.syn1), the errors sent
back through syn1, both weight matrices updated with learning rate 1.

Printed: every traced cell of the handout iterations (refcommon.Cells).
"""
import numpy as np

from refcommon import Cells, handout_iterations, load_columns

ITERATIONS = 60000


def nonlin(x, deriv=False):
    """Sigmoid; with deriv=True x is a sigmoid output: x*(1-x)."""
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def main():
    data = load_columns("trask-xor.csv", ["x1", "x2", "x3", "y"])
    X = data[:, 0:3]
    y = data[:, 3:4]
    shown = handout_iterations("trask-xor", ITERATIONS)
    out = Cells()

    # `seed 1`, both layers `init uniform -1 1` in layer order, no bias.
    np.random.seed(1)
    syn0 = 2 * np.random.random((3, 4)) - 1
    syn1 = 2 * np.random.random((4, 1)) - 1

    for it in range(ITERATIONS):
        l0 = X
        l1_dot = np.dot(l0, syn0)
        l1 = nonlin(l1_dot)
        l2_dot = np.dot(l1, syn1)
        l2 = nonlin(l2_dot)
        l2_error = y - l2
        loss = np.mean(np.abs(l2_error))        # the post's "Error:"
        l2_deriv = nonlin(l2, deriv=True)
        l2_delta = l2_error * l2_deriv
        syn1_update = l1.T.dot(l2_delta)
        # Each hidden unit is blamed through the weights before the update.
        l1_error = l2_delta.dot(syn1.T)
        l1_deriv = nonlin(l1, deriv=True)
        l1_delta = l1_error * l1_deriv
        syn0_update = l0.T.dot(l1_delta)
        syn0_new = syn0 + 1 * syn0_update
        syn1_new = syn1 + 1 * syn1_update
        if it in shown:
            for name, v in (("l1_dot", l1_dot), ("l1", l1), ("l2_dot", l2_dot),
                            ("l2", l2), ("l2_error", l2_error), ("loss", loss),
                            ("l2_deriv", l2_deriv), ("l2_delta", l2_delta),
                            ("syn1_update", syn1_update), ("l1_error", l1_error),
                            ("l1_deriv", l1_deriv), ("l1_delta", l1_delta),
                            ("syn0_update", syn0_update), ("syn0_new", syn0_new),
                            ("syn1_new", syn1_new)):
                out.put(it, name, v)
        syn0, syn1 = syn0_new, syn1_new


if __name__ == "__main__":
    main()
