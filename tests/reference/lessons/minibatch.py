"""Reference for tests/lessons/minibatch.lesson, written from the lesson
as a textbook numpy training loop: 23 samples of tests/lessons/minibatch.csv
(inputs x1 x2, target y) as rows (z = a @ W + b); 4 tanh units then 1
sigmoid unit; every weight randn * 0.5 from seed 7 and every bias zero
(`init normal 0.5 zero-bias`: no draw for the biases), layer by layer;
binary cross-entropy averaged over the batch, the bias gradient summed
over it; learning rate 0.5; mini-batches of 5 from a new
np.random.permutation(23) at the start of each of 5 epochs, drawn from
the same generator after the initialisation; 23 // 5 = 4 batches an
epoch, so the last 3 samples of each epoch's order sit it out.

The loss is -(y.T @ log(a) + (1 - y).T @ log(1 - a)) / n, two dot
products over the batch, its slope (-y / a + (1 - y) / (1 - a)) / n.

Printed: every traced cell of the handout iterations (refcommon.Cells).
Run alone: /usr/bin/python3 tests/reference/lessons/minibatch.py
"""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from refcommon import ROOT, Cells, handout_iterations  # noqa: E402

EPOCHS = 5
BATCH = 5
LEARNING_RATE = 0.5


def load():
    path = os.path.join(ROOT, "tests", "lessons", "minibatch.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    X = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
    y = np.array([[float(r["y"])] for r in rows])
    return X, y


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    X_all, y_all = load()
    n_all = X_all.shape[0]
    per_epoch = n_all // BATCH
    shown = handout_iterations("minibatch", EPOCHS * per_epoch, "tests/lessons")
    out = Cells()

    np.random.seed(7)
    W1 = np.random.randn(2, 4) * 0.5
    b1 = np.zeros((1, 4))
    W2 = np.random.randn(4, 1) * 0.5
    b2 = np.zeros((1, 1))

    it = 0
    for epoch in range(EPOCHS):
        order = np.random.permutation(n_all)
        for i in range(per_epoch):
            rows = order[i * BATCH:(i + 1) * BATCH]
            X, y = X_all[rows], y_all[rows]
            n = X.shape[0]
            z1 = X @ W1 + b1
            a1 = np.tanh(z1)
            z2 = a1 @ W2 + b2
            a2 = sigmoid(z2)
            loss = -(y.T @ np.log(a2) + (1 - y).T @ np.log(1 - a2)) / n
            accuracy = np.mean(y == (a2 > 0.5))
            error2 = (-(y / a2) + (1 - y) / (1 - a2)) / n
            deriv2 = a2 * (1 - a2)
            delta2 = error2 * deriv2
            dW2 = a1.T @ delta2
            db2 = np.sum(delta2, axis=0, keepdims=True)
            error1 = delta2 @ W2.T
            deriv1 = 1 - np.tanh(z1) ** 2
            delta1 = error1 * deriv1
            dW1 = X.T @ delta1
            db1 = np.sum(delta1, axis=0, keepdims=True)
            W1 = W1 - LEARNING_RATE * dW1
            b1 = b1 - LEARNING_RATE * db1
            W2 = W2 - LEARNING_RATE * dW2
            b2 = b2 - LEARNING_RATE * db2
            if it in shown:
                for name, v in (("z1", z1), ("a1", a1), ("z2", z2),
                                ("a2", a2), ("loss", loss),
                                ("accuracy", accuracy), ("error2", error2),
                                ("deriv2", deriv2), ("delta2", delta2),
                                ("dW2", dW2), ("db2", db2),
                                ("error1", error1), ("deriv1", deriv1),
                                ("delta1", delta1), ("dW1", dW1),
                                ("db1", db1), ("W1_new", W1),
                                ("b1_new", b1), ("W2_new", W2),
                                ("b2_new", b2)):
                    out.put(it, name, v)
            it += 1


if __name__ == "__main__":
    main()
