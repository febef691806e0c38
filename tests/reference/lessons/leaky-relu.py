"""Reference for tests/lessons/leaky-relu.lesson, written from the lesson:
six samples of three inputs as rows (z = a @ W + b); 4 leaky-ReLU units
at the default slope 0.01, 3 leaky-ReLU units at slope 0.2 whose slope is
taken from the output a, 1 sigmoid unit; every weight and bias
randn * 0.5 from seed 7, layer by layer, weights then bias; the binary
cross-entropy averaged over the samples, accuracy at 0.5, the bias
gradient summed over the samples (the defaults), learning rate 0.5,
40 iterations.  Leaky ReLU as a tutorial writes it with numpy:
np.where(z > 0, z, slope * z), and its slope np.where(z > 0, 1, slope).

Printed: every traced cell of the handout iterations (refcommon.Cells).
Run alone: /usr/bin/python3 tests/reference/lessons/leaky-relu.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from refcommon import Cells, handout_iterations  # noqa: E402

ITERATIONS = 40
LEARNING_RATE = 0.5

X = np.array([[0.5, -1, 2], [1.5, 0.25, -0.5], [-0.75, 1, 0],
              [0, -0.5, 1], [-1, -1, 0.5], [2, 0.5, -1.5]], dtype=np.float64)
y = np.array([[1], [0], [0], [1], [1], [0]], dtype=np.float64)


def leaky_relu(z, slope):
    return np.where(z > 0, z, slope * z)


def leaky_relu_slope(v, slope):
    """The slope at v: z itself, or the output a, which is positive
    exactly where z is."""
    return np.where(v > 0, 1.0, slope)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    shown = handout_iterations("leaky-relu", ITERATIONS, "tests/lessons")
    out = Cells()
    n = X.shape[0]

    np.random.seed(7)
    W1 = np.random.randn(3, 4) * 0.5
    b1 = np.random.randn(1, 4) * 0.5
    W2 = np.random.randn(4, 3) * 0.5
    b2 = np.random.randn(1, 3) * 0.5
    W3 = np.random.randn(3, 1) * 0.5
    b3 = np.random.randn(1, 1) * 0.5

    for it in range(ITERATIONS):
        z1 = X @ W1 + b1
        a1 = leaky_relu(z1, 0.01)
        z2 = a1 @ W2 + b2
        a2 = leaky_relu(z2, 0.2)
        z3 = a2 @ W3 + b3
        a3 = sigmoid(z3)

        error3 = (-(y / a3) + (1 - y) / (1 - a3)) / n       # dL/da3
        loss = -(y.T @ np.log(a3) + (1 - y).T @ np.log(1 - a3)) / n
        accuracy = np.mean((a3 > 0.5) == y)

        s = sigmoid(z3)
        deriv3 = s * (1 - s)
        delta3 = error3 * deriv3
        dW3 = a2.T @ delta3
        db3 = np.sum(delta3, axis=0, keepdims=True)
        error2 = delta3 @ W3.T
        deriv2 = leaky_relu_slope(a2, 0.2)                   # from the output
        delta2 = error2 * deriv2
        dW2 = a1.T @ delta2
        db2 = np.sum(delta2, axis=0, keepdims=True)
        error1 = delta2 @ W2.T
        deriv1 = leaky_relu_slope(z1, 0.01)                  # from z
        delta1 = error1 * deriv1
        dW1 = X.T @ delta1
        db1 = np.sum(delta1, axis=0, keepdims=True)

        W1 = W1 - LEARNING_RATE * dW1
        b1 = b1 - LEARNING_RATE * db1
        W2 = W2 - LEARNING_RATE * dW2
        b2 = b2 - LEARNING_RATE * db2
        W3 = W3 - LEARNING_RATE * dW3
        b3 = b3 - LEARNING_RATE * db3
        if it in shown:
            for name, v in (("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2),
                            ("z3", z3), ("a3", a3), ("error3", error3),
                            ("loss", loss), ("accuracy", accuracy),
                            ("deriv3", deriv3), ("delta3", delta3),
                            ("dW3", dW3), ("db3", db3), ("error2", error2),
                            ("deriv2", deriv2), ("delta2", delta2),
                            ("dW2", dW2), ("db2", db2), ("error1", error1),
                            ("deriv1", deriv1), ("delta1", delta1),
                            ("dW1", dW1), ("db1", db1), ("W1_new", W1),
                            ("b1_new", b1), ("W2_new", W2), ("b2_new", b2),
                            ("W3_new", W3), ("b3_new", b3)):
                out.put(it, name, v)


if __name__ == "__main__":
    main()
