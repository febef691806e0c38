"""Reference for lessons/mlp-circles-fixed.lesson: seed 003's MLP class
(mlp.py) on the same circles, with the lesson's corrections: the sigmoid's
true derivative s (1 - s), the cross-entropy divided by the number of
samples (y.shape[0], where the article divides by y.shape[1] = 1), its
derivative likewise, the bias gradient summed over those already averaged
deltas; tanh hidden layers drawn with scale 0.5, learning rate 0.5, 1,000
iterations.

Printed: every traced cell of the handout iterations (refcommon.Cells).
"""
import numpy as np

from mlp import MLP
from refcommon import Cells, handout_iterations, load_columns

ITERATIONS = 1000
LEARNING_RATE = 0.5
epsilon = np.finfo(float).eps       # `clip probability 2.220446049250313e-16`


def sigmoid(z):
    return 1 / (1 + np.exp(-z.clip(-500, 500)))


def dsigmoid(z):
    s = sigmoid(z)
    return s * (1 - s)               # `derivative from-z`, no scale


def dtanh(z):
    return 1 - np.tanh(z) ** 2       # tanh'(z), from z


def cross_entropy(y, yhat):
    """The article's binary cross-entropy, averaged (`reduction mean`)."""
    return -(y.T @ np.log(yhat.clip(epsilon))
             + (1 - y.T) @ np.log((1 - yhat).clip(epsilon))) / y.shape[0]


def d_cross_entropy(y, yhat):
    """dL/dyhat of the mean: the article's formula over the sample count."""
    return (- np.divide(y, yhat.clip(epsilon))
            + np.divide(1 - y, (1 - yhat).clip(epsilon))) / y.shape[0]


def main():
    data = load_columns("circles.csv", ["x1", "x2", "y"])
    X = data[:, 0:2]
    y = data[:, 2:3]
    shown = handout_iterations("mlp-circles-fixed", ITERATIONS)
    out = Cells()

    model = MLP(layersizes=[2, 4, 3, 1], activations=[np.tanh, np.tanh, sigmoid],
                derivatives=[dtanh, dtanh, dsigmoid], lossderiv=d_cross_entropy,
                bias_gradient=np.sum)        # `bias-gradient sum`
    model.initialize(seed=42, sigma=0.5)
    for it in range(ITERATIONS):
        yhat = model.forward(X)
        loss = cross_entropy(y, yhat)
        accuracy = np.mean(y == (yhat > 0.5))
        model.backward(y, yhat)
        model.update(LEARNING_RATE)
        if it in shown:
            model.put(out, it, ["dtanh", "dtanh", "dsigmoid"],
                      [("loss", loss), ("accuracy", accuracy)])


if __name__ == "__main__":
    main()
