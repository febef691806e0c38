"""Reference for tests/lessons/elu.lesson, written from the lesson: five
samples of two inputs and two targets as columns (z = W @ a + b); 3 ELU
units at the default alpha 1 whose slope is taken from the output a,
2 ELU units at alpha 0.5, 2 identity units; every weight and bias
randn * 0.8 from seed 11, layer by layer, weights (out, in) then bias;
the squared loss averaged over the samples, the bias gradient summed over
them (the defaults), learning rate 0.1, 30 iterations.  ELU as a tutorial
writes it with numpy: np.where(z > 0, z, alpha * (np.exp(z) - 1)), its
slope np.where(z > 0, 1, alpha * np.exp(z)), or from the output
np.where(a > 0, 1, a + alpha).

Printed: every traced cell of the handout iterations (refcommon.Cells).
Run alone: /usr/bin/python3 tests/reference/lessons/elu.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from refcommon import Cells, handout_iterations  # noqa: E402

ITERATIONS = 30
LEARNING_RATE = 0.1

# One column per sample.
X = np.array([[0.5, 1.5, -0.75, 0, -1],
              [-1, 0.25, 1, -0.5, 2]], dtype=np.float64)
Y = np.array([[0.25, -1, 0.5, 1.25, 0],
              [-0.5, 0.75, 0, -0.25, 1]], dtype=np.float64)


def elu(z, alpha):
    return np.where(z > 0, z, alpha * (np.exp(z) - 1))


def elu_slope_from_z(z, alpha):
    return np.where(z > 0, 1.0, alpha * np.exp(z))


def elu_slope_from_a(a, alpha):
    """alpha e^z = a + alpha where z <= 0, and a > 0 exactly where z is."""
    return np.where(a > 0, 1.0, a + alpha)


def main():
    shown = handout_iterations("elu", ITERATIONS, "tests/lessons")
    out = Cells(columns=True)
    n = X.shape[1]

    np.random.seed(11)
    W1 = np.random.randn(3, 2) * 0.8
    b1 = np.random.randn(3, 1) * 0.8
    W2 = np.random.randn(2, 3) * 0.8
    b2 = np.random.randn(2, 1) * 0.8
    W3 = np.random.randn(2, 2) * 0.8
    b3 = np.random.randn(2, 1) * 0.8

    for it in range(ITERATIONS):
        z1 = W1 @ X + b1
        a1 = elu(z1, 1.0)
        z2 = W2 @ a1 + b2
        a2 = elu(z2, 0.5)
        z3 = W3 @ a2 + b3
        a3 = z3                                              # identity

        error3 = 2 * (a3 - Y) / n                            # dL/da3
        loss = np.sum((a3 - Y) ** 2) / n

        deriv3 = np.ones_like(z3)
        delta3 = error3 * deriv3
        dW3 = delta3 @ a2.T
        db3 = np.sum(delta3, axis=1, keepdims=True)
        error2 = W3.T @ delta3
        deriv2 = elu_slope_from_z(z2, 0.5)
        delta2 = error2 * deriv2
        dW2 = delta2 @ a1.T
        db2 = np.sum(delta2, axis=1, keepdims=True)
        error1 = W2.T @ delta2
        deriv1 = elu_slope_from_a(a1, 1.0)                   # from the output
        delta1 = error1 * deriv1
        dW1 = delta1 @ X.T
        db1 = np.sum(delta1, axis=1, keepdims=True)

        W1 = W1 - LEARNING_RATE * dW1
        b1 = b1 - LEARNING_RATE * db1
        W2 = W2 - LEARNING_RATE * dW2
        b2 = b2 - LEARNING_RATE * db2
        W3 = W3 - LEARNING_RATE * dW3
        b3 = b3 - LEARNING_RATE * db3
        if it in shown:
            for name, v in (("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2),
                            ("z3", z3), ("a3", a3), ("error3", error3),
                            ("loss", loss), ("deriv3", deriv3),
                            ("delta3", delta3), ("dW3", dW3), ("db3", db3),
                            ("error2", error2), ("deriv2", deriv2),
                            ("delta2", delta2), ("dW2", dW2), ("db2", db2),
                            ("error1", error1), ("deriv1", deriv1),
                            ("delta1", delta1), ("dW1", dW1), ("db1", db1),
                            ("W1_new", W1), ("b1_new", b1), ("W2_new", W2),
                            ("b2_new", b2), ("W3_new", W3), ("b3_new", b3)):
                out.put(it, name, v)


if __name__ == "__main__":
    main()
