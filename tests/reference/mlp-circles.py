"""Reference for lessons/mlp-circles.lesson: seed 003's MLP on two circles,
[2, 4, 3, 1] with ReLU, ReLU and sigmoid, exactly as its article codes it,
quirks included: dsigmoid returns 2 s (1 - s); the cross-entropy is summed
over the 1,000 samples; dW is a sum over the samples, db a mean
(np.mean(dz, axis=0)); sigmoid inputs clipped to [-500, 500] and
probabilities to eps.  150 iterations at learning rate 0.005.

The loss is the article's y.T @ log(yhat) + (1 - y.T) @ log(1 - yhat):
two dot products over the samples (BLAS, running sums), not np.sum.

Printed: every traced cell of the handout iterations (refcommon.Cells).
"""
import numpy as np

from mlp import MLP
from refcommon import Cells, handout_iterations, load_columns

ITERATIONS = 150
LEARNING_RATE = 0.005
epsilon = np.finfo(float).eps       # `clip probability 2.220446049250313e-16`


def sigmoid(z):
    return 1 / (1 + np.exp(-z.clip(-500, 500)))


def dsigmoid(z):
    s = sigmoid(z)
    return 2 * s * (1 - s)           # `derivative from-z scale 2`


def relu(z):
    return np.maximum(0, z)


def drelu(z):
    return (z > 0).astype(float)


def cross_entropy(y, yhat):
    """Binary cross-entropy divided by y.shape[1], which is 1: summed over
    the samples (`reduction sum`), as the article computes it."""
    return -(y.T @ np.log(yhat.clip(epsilon))
             + (1 - y.T) @ np.log((1 - yhat).clip(epsilon))) / y.shape[1]


def d_cross_entropy(y, yhat):
    """dL/dyhat of the summed loss, the article's formula."""
    return - np.divide(y, yhat.clip(epsilon)) + np.divide(1 - y, (1 - yhat).clip(epsilon))


def main():
    data = load_columns("circles.csv", ["x1", "x2", "y"])
    X = data[:, 0:2]
    y = data[:, 2:3]
    shown = handout_iterations("mlp-circles", ITERATIONS)
    out = Cells()

    model = MLP(layersizes=[2, 4, 3, 1], activations=[relu, relu, sigmoid],
                derivatives=[drelu, drelu, dsigmoid], lossderiv=d_cross_entropy,
                bias_gradient=np.mean)
    model.initialize(seed=42, sigma=0.1)
    for it in range(ITERATIONS):
        yhat = model.forward(X)
        loss = cross_entropy(y, yhat)
        accuracy = np.mean(y == (yhat > 0.5))    # accuracy_score(y, yhat > 0.5)
        model.backward(y, yhat)
        model.update(LEARNING_RATE)
        if it in shown:
            model.put(out, it, ["drelu", "drelu", "dsigmoid"],
                      [("loss", loss), ("accuracy", accuracy)])


if __name__ == "__main__":
    main()
