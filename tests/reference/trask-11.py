"""Reference for lessons/trask-11.lesson: Trask's 11-line network as seed
002 annotates it, written out in numpy the way the article does.

Printed: every traced cell of the lesson's handout iterations as
`iteration,target,value` (refcommon.Cells).  Nothing here comes from
nntrace: the data are datasets/trask.csv, the settings the lesson's.
"""
import numpy as np

from refcommon import Cells, handout_iterations, load_columns


def nonlin(x, deriv=False):
    """The article's sigmoid; with deriv=True, x is already a sigmoid
    output and x*(1-x) is its slope (`derivative from-output`)."""
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def main(lesson="trask-11", seed=123, iterations=10000):
    data = load_columns("trask.csv", ["x1", "x2", "x3", "y"])
    X = data[:, 0:3]
    y = data[:, 3:4]
    shown = handout_iterations(lesson, iterations)
    out = Cells()

    # `seed`, `init uniform -1 1`, `bias no`: the article's own line.
    np.random.seed(seed)
    syn0 = 2 * np.random.random((3, 1)) - 1

    for it in range(iterations):
        l0 = X
        l1_dot = np.dot(l0, syn0)
        l1 = nonlin(l1_dot)
        # `loss error`: the error is y - l1, and the loss nntrace reports
        # for it is the mean of its absolute values (Trask's "Error:").
        l1_error = y - l1
        loss = np.mean(np.abs(l1_error))
        l1_deriv = nonlin(l1, True)
        l1_delta = l1_error * l1_deriv
        syn0_update = np.dot(l0.T, l1_delta)
        # learning-rate 1: syn0 += 1 * update, as the article writes it.
        syn0_new = syn0 + 1 * syn0_update
        if it in shown:
            for name, v in (("l1_dot", l1_dot), ("l1", l1), ("l1_error", l1_error),
                            ("loss", loss), ("l1_deriv", l1_deriv),
                            ("l1_delta", l1_delta), ("syn0_update", syn0_update),
                            ("syn0_new", syn0_new)):
                out.put(it, name, v)
        syn0 = syn0_new


if __name__ == "__main__":
    main()
