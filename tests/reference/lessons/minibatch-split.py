"""Reference for tests/lessons/minibatch-split.lesson, written from the
lesson as a textbook numpy loop: tests/lessons/minibatch.csv (inputs
x1 x2, label `class` one-hot over 3), samples as columns (z = W @ a + b);
`split 0.2` holds out the last round(0.2 * 23) = 5 samples and trains on
the first 18, in file order (`shuffle no`), in batches of 6: 3 an epoch,
4 epochs.  5 ReLU units whose weights are 1.6 * random((5, 2)) - 0.8
(`init uniform -0.8 0.8`) and whose bias is zero (`zero-bias`: no draw),
then 3 softmax units, weights and bias randn * 0.4, from seed 21.  The
cross-entropy is averaged over the batch, delta2 = (a2 - y) / n (the
simplified softmax backward), the bias gradient summed over the batch;
learning rate 0.3.

Printed: every traced cell of the handout iterations (refcommon.Cells).
Run alone: /usr/bin/python3 tests/reference/lessons/minibatch-split.py
"""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from refcommon import ROOT, Cells, handout_iterations  # noqa: E402

EPOCHS = 4
BATCH = 6
LEARNING_RATE = 0.3


def load():
    """One column per sample, as the lesson's convention lays them."""
    path = os.path.join(ROOT, "tests", "lessons", "minibatch.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    X = np.array([[float(r["x1"]) for r in rows], [float(r["x2"]) for r in rows]])
    Y = np.zeros((3, len(rows)))
    for s, r in enumerate(rows):
        Y[int(r["class"]), s] = 1.0
    return X, Y


def main():
    X_all, Y_all = load()
    held = int(0.2 * X_all.shape[1] + 0.5)
    X_train, Y_train = X_all[:, :-held], Y_all[:, :-held]
    n_train = X_train.shape[1]
    per_epoch = n_train // BATCH
    shown = handout_iterations("minibatch-split", EPOCHS * per_epoch, "tests/lessons")
    out = Cells(columns=True)

    np.random.seed(21)
    W1 = 1.6 * np.random.random((5, 2)) + (-0.8)
    b1 = np.zeros((5, 1))
    W2 = np.random.randn(3, 5) * 0.4
    b2 = np.random.randn(3, 1) * 0.4

    it = 0
    for epoch in range(EPOCHS):
        for i in range(per_epoch):
            X = X_train[:, i * BATCH:(i + 1) * BATCH]
            Y = Y_train[:, i * BATCH:(i + 1) * BATCH]
            n = X.shape[1]
            z1 = W1 @ X + b1
            a1 = np.maximum(0, z1)
            z2 = W2 @ a1 + b2
            exp2 = np.exp(z2)
            sum2 = np.sum(exp2, axis=0, keepdims=True)
            a2 = exp2 / sum2
            loss = -np.sum(Y * np.log(a2)) / n
            accuracy = np.mean(np.argmax(a2, axis=0) == np.argmax(Y, axis=0))
            delta2 = (a2 - Y) / n
            dW2 = delta2 @ a1.T
            db2 = np.sum(delta2, axis=1, keepdims=True)
            error1 = W2.T @ delta2
            deriv1 = (z1 > 0).astype(float)
            delta1 = error1 * deriv1
            dW1 = delta1 @ X.T
            db1 = np.sum(delta1, axis=1, keepdims=True)
            W1 = W1 - LEARNING_RATE * dW1
            b1 = b1 - LEARNING_RATE * db1
            W2 = W2 - LEARNING_RATE * dW2
            b2 = b2 - LEARNING_RATE * db2
            if it in shown:
                for name, v in (("z1", z1), ("a1", a1), ("z2", z2),
                                ("exp2", exp2), ("sum2", sum2), ("a2", a2),
                                ("loss", loss), ("accuracy", accuracy),
                                ("delta2", delta2), ("dW2", dW2),
                                ("db2", db2), ("error1", error1),
                                ("deriv1", deriv1), ("delta1", delta1),
                                ("dW1", dW1), ("db1", db1),
                                ("W1_new", W1), ("b1_new", b1),
                                ("W2_new", W2), ("b2_new", b2)):
                    out.put(it, name, v)
            it += 1


if __name__ == "__main__":
    main()
