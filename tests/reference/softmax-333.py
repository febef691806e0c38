"""Reference for lessons/softmax-333.lesson: seed 001's 3-3-3 network in
the notebook's numpy (column vectors, z = W.dot(a) + b, tanh, softmax),
then gradient descent as the lesson sets it: cross-entropy summed over
its one sample, delta2 = a2 - y (softmax-backward simplified), the
notebook's backpropagation equations, learning rate 0.5.

Printed: every traced cell of the handout iterations (refcommon.Cells).
"""
import numpy as np

from refcommon import Cells, handout_iterations

ITERATIONS = 10
LEARNING_RATE = 0.5


def column(v):
    return v.reshape(-1, 1)


def row(v):
    return v.reshape(1, -1)


def softmax(z):
    """The notebook's softmax; exp and alpha are kept, they are traced."""
    e = np.exp(z)
    alpha = np.sum(e)
    return e, alpha, e / alpha


def main():
    shown = handout_iterations("softmax-333", ITERATIONS)
    out = Cells(columns=True)

    # `sample 1 0 0 -> 0 1 0`: the notebook's a0 and expected output.
    a0 = np.array([1., 0, 0])
    y = np.array([0., 1, 0])
    # The written-out weights, (out, in) as in the notebook.
    W1 = np.array([[0.2, 0.15, -0.01], [0.01, -0.1, -0.06], [0.14, -0.2, -0.03]])
    b1 = np.array([1., 1., 1.])
    W2 = np.array([[0.08, 0.11, -0.3], [0.1, -0.15, 0.08], [0.1, 0.1, -0.07]])
    b2 = np.array([0., 1., 0.])

    for it in range(ITERATIONS):
        z1 = W1.dot(a0) + b1
        a1 = np.tanh(z1)
        z2 = W2.dot(a1) + b2
        exp_z2, alpha, a2 = softmax(z2)

        # The notebook's three losses of the error e = a2 - y; the
        # training loss is its cross_entropy_loss, the others `metrics`.
        err = a2 - y
        loss = -np.sum(y * np.log(a2))
        loss_squared = np.sum(err ** 2)
        loss_absolute = np.sum(np.abs(err))
        accuracy = float(np.argmax(a2) == np.argmax(y))

        # delta^L = a^L - y for softmax with cross-entropy; then
        # delta^l = (W^{l+1})^T delta^{l+1} (.) sigma'(z^l), with
        # tanh'(z) = 1 - tanh(z)^2 (`derivative from-z`).
        delta2 = a2 - y
        # dC/dw_ij = delta_i a_j.  The notebook stops at the formula; here
        # it is the product of a column and a row, the form a batch of
        # samples (a matrix of columns) takes, so each entry is a sum over
        # the samples that starts from +0, as in numpy's matrix products:
        # a term 0 x -0.001 is 0.  np.outer would keep it -0.  nntrace
        # computes every gradient as such a sum; this reference takes the
        # same form so that the zeros' signs are compared too, which makes
        # it no evidence for that choice -- mlp-circles is: its source
        # writes the gradients with @, and numpy gives +0 there.
        dC_dW2 = column(delta2).dot(row(a1))
        dC_db2 = delta2
        dC_da1 = W2.T.dot(delta2)
        tanh_prime1 = 1 - np.tanh(z1) ** 2
        delta1 = dC_da1 * tanh_prime1
        dC_dW1 = column(delta1).dot(row(a0))
        dC_db1 = delta1

        W1_new = W1 - LEARNING_RATE * dC_dW1
        b1_new = b1 - LEARNING_RATE * dC_db1
        W2_new = W2 - LEARNING_RATE * dC_dW2
        b2_new = b2 - LEARNING_RATE * dC_db2
        if it in shown:
            for name, v in (("z1", z1), ("a1", a1), ("z2", z2), ("exp_z2", exp_z2),
                            ("alpha", alpha), ("a2", a2), ("loss", loss),
                            ("accuracy", accuracy), ("loss_squared", loss_squared),
                            ("loss_absolute", loss_absolute), ("delta2", delta2),
                            ("dC_dW2", dC_dW2), ("dC_db2", dC_db2), ("dC_da1", dC_da1),
                            ("tanh_prime1", tanh_prime1), ("delta1", delta1),
                            ("dC_dW1", dC_dW1), ("dC_db1", dC_db1), ("W1_new", W1_new),
                            ("b1_new", b1_new), ("W2_new", W2_new), ("b2_new", b2_new)):
                out.put(it, name, v)
        W1, b1, W2, b2 = W1_new, b1_new, W2_new, b2_new


if __name__ == "__main__":
    main()
