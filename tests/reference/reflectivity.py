"""Reference for lessons/reflectivity.lesson: seed 000's regression MLP in
its column convention (z1 = W1 @ x + b1, samples as columns): 8 sigmoid
units, one identity output, the mean squared error over the 31 angles
0..30 degrees, scaled as x = (angle - 15) / 15, full-batch gradient
descent at learning rate 0.5 for 10,000 iterations.  The sigmoid's slope
is a1 * (1 - a1), from the output, as the tutorial's code computes it.

Then, as the lesson's `test-data` asks, the trained network predicts the
51 angles 0..50 of datasets/reflectivity-test.csv.

Printed: every traced cell of the handout iterations, then the
predictions as `test,a2[0,j],value`, `test,residual[0,j],value` and
`test,loss,value` (the mean squared residual), all '%.17g'.
"""
import numpy as np

from refcommon import Cells, handout_iterations, load_columns

ITERATIONS = 10000
LEARNING_RATE = 0.5


def sigma(x, forward=True):
    if forward:
        return 1 / (1 + np.exp(-x))
    return x * (1 - x)


def scaled_columns(dataset):
    """Angles as the network sees them, and the targets: (1, n) rows."""
    data = load_columns(dataset, ["angle", "rc"])
    x = ((data[:, 0] - 15) / 15).reshape(1, -1)     # `scale angle 15 15`
    y = data[:, 1].reshape(1, -1)
    return x, y


def forward(x, W1, b1, W2, b2):
    z1 = W1 @ x + b1
    a1 = sigma(z1)
    z2 = W2 @ a1 + b2
    a2 = z2                                          # identity output
    return z1, a1, z2, a2


def main():
    x, y = scaled_columns("reflectivity-train.csv")
    n = x.shape[1]
    shown = handout_iterations("reflectivity", ITERATIONS)
    out = Cells(columns=True)

    # `seed 1`, `init normal 1` on both layers: randn for W1 (8, 1), b1,
    # W2 (1, 8), b2, in that order.
    np.random.seed(1)
    W1 = np.random.randn(8, 1) * 1
    b1 = np.random.randn(8, 1) * 1
    W2 = np.random.randn(1, 8) * 1
    b2 = np.random.randn(1, 1) * 1

    for it in range(ITERATIONS):
        z1, a1, z2, a2 = forward(x, W1, b1, W2, b2)
        loss = np.mean((a2 - y) ** 2)                # `loss squared`, `reduction mean`
        error2 = 2 * (a2 - y) / n                    # dL/da2
        deriv2 = np.ones_like(z2)                    # identity's slope
        delta2 = error2 * deriv2
        dW2 = delta2 @ a1.T
        db2 = np.sum(delta2, axis=1, keepdims=True)  # `bias-gradient sum`
        error1 = W2.T @ delta2
        deriv1 = sigma(a1, forward=False)            # `derivative from-output`
        delta1 = error1 * deriv1
        dW1 = delta1 @ x.T
        db1 = np.sum(delta1, axis=1, keepdims=True)
        W1_new = W1 - LEARNING_RATE * dW1
        b1_new = b1 - LEARNING_RATE * db1
        W2_new = W2 - LEARNING_RATE * dW2
        b2_new = b2 - LEARNING_RATE * db2
        if it in shown:
            for name, v in (("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2),
                            ("error2", error2), ("loss", loss), ("deriv2", deriv2),
                            ("delta2", delta2), ("dW2", dW2), ("db2", db2),
                            ("error1", error1), ("deriv1", deriv1), ("delta1", delta1),
                            ("dW1", dW1), ("db1", db1), ("W1_new", W1_new),
                            ("b1_new", b1_new), ("W2_new", W2_new), ("b2_new", b2_new)):
                out.put(it, name, v)
        W1, b1, W2, b2 = W1_new, b1_new, W2_new, b2_new

    # Predictions with the trained parameters, inside and outside 0..30.
    x_test, y_test = scaled_columns("reflectivity-test.csv")
    a2 = forward(x_test, W1, b1, W2, b2)[3]
    residual = a2 - y_test
    out.put("test", "a2", a2)
    out.put("test", "residual", residual)
    out.put("test", "loss", np.mean(residual ** 2))


if __name__ == "__main__":
    main()
