"""The textbook numpy loop shared by the iris and digits references
(tests/reference/iris.py, digits.py), written from their lessons'
settings, never from nntrace's output: samples as rows (z = a @ W + b),
one tanh hidden layer, a softmax output, cross-entropy averaged over the
mini-batch, delta2 = (p - Y) / n (the simplified softmax backward), the
bias gradient summed over the batch, plain gradient descent.

The random draws in a textbook loop's order (docs/lesson-format.md,
"Training loops"): np.random.seed, then randn for W1 (no draw for the
zero biases), randn for W2, then at the start of every epoch
np.random.permutation(n); each epoch's n // B batches take consecutive
slices of that order and the rest sit the epoch out.

After training the network predicts the held-out file: printed as
`test,prediction[S,O]`, `test,residual[S,O]` (prediction - target),
`test,loss`, `test,accuracy` and `test,confusion[T,P]` (numpy's argmax
counts: test samples of true class T predicted as P), which compare.py
checks against the Markdown handout.
"""
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from refcommon import ROOT, Cells, handout_iterations  # noqa: E402


def load(name, inputs, label, classes, scales):
    """datasets/NAME as (X, Y): inputs scaled (x - offset) / divisor,
    labels one-hot."""
    with open(os.path.join(ROOT, "datasets", name), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    X = np.array([[(float(r[c]) - scales[c][0]) / scales[c][1] for c in inputs] for r in rows])
    Y = np.zeros((len(rows), classes))
    for s, r in enumerate(rows):
        Y[s, int(r[label])] = 1.0
    return X, Y


def forward(X, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    exp2 = np.exp(z2)
    sum2 = np.sum(exp2, axis=1, keepdims=True)
    return z1, a1, z2, exp2, sum2, exp2 / sum2


def run(lesson, train, test, inputs, label, classes, scales, hidden,
        init1, init2, seed, rate, batch, epochs, output="p"):
    X_all, Y_all = load(train, inputs, label, classes, scales)
    n_all = X_all.shape[0]
    per_epoch = n_all // batch
    shown = handout_iterations(lesson, epochs * per_epoch)
    out = Cells()

    np.random.seed(seed)
    W1 = np.random.randn(len(inputs), hidden) * init1
    b1 = np.zeros((1, hidden))
    W2 = np.random.randn(hidden, classes) * init2
    b2 = np.zeros((1, classes))

    it = 0
    for epoch in range(epochs):
        order = np.random.permutation(n_all)
        for k in range(per_epoch):
            rows = order[k * batch:(k + 1) * batch]
            X, Y = X_all[rows], Y_all[rows]
            n = X.shape[0]
            z1, a1, z2, exp2, sum2, p = forward(X, W1, b1, W2, b2)
            loss = -np.sum(Y * np.log(p)) / n
            accuracy = np.mean(np.argmax(p, axis=1) == np.argmax(Y, axis=1))
            delta2 = (p - Y) / n
            dW2 = a1.T @ delta2
            db2 = np.sum(delta2, axis=0, keepdims=True)
            error1 = delta2 @ W2.T
            deriv1 = 1 - np.tanh(z1) ** 2
            delta1 = error1 * deriv1
            dW1 = X.T @ delta1
            db1 = np.sum(delta1, axis=0, keepdims=True)
            W1 = W1 - rate * dW1
            b1 = b1 - rate * db1
            W2 = W2 - rate * dW2
            b2 = b2 - rate * db2
            if it in shown:
                for name, v in (("z1", z1), ("a1", a1), ("z2", z2),
                                ("exp2", exp2), ("sum2", sum2), (output, p),
                                ("loss", loss), ("accuracy", accuracy),
                                ("delta2", delta2), ("dW2", dW2),
                                ("db2", db2), ("error1", error1),
                                ("deriv1", deriv1), ("delta1", delta1),
                                ("dW1", dW1), ("db1", db1),
                                ("W1_new", W1), ("b1_new", b1),
                                ("W2_new", W2), ("b2_new", b2)):
                    out.put(it, name, v)
            it += 1

    X_test, Y_test = load(test, inputs, label, classes, scales)
    p = forward(X_test, W1, b1, W2, b2)[5]
    truth, guess = np.argmax(Y_test, axis=1), np.argmax(p, axis=1)
    for s in range(X_test.shape[0]):
        for o in range(classes):
            out.put("test", "prediction[%d,%d]" % (s, o), p[s, o])
            out.put("test", "residual[%d,%d]" % (s, o), p[s, o] - Y_test[s, o])
    out.put("test", "loss", -np.sum(Y_test * np.log(p)) / X_test.shape[0])
    out.put("test", "accuracy", np.mean(truth == guess))
    counts = np.zeros((classes, classes), dtype=int)
    np.add.at(counts, (truth, guess), 1)
    for t in range(classes):
        for g in range(classes):
            out.put("test", "confusion[%d,%d]" % (t, g), counts[t, g])
    return np.mean(truth == guess)
