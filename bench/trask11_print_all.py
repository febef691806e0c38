# The annotated 11-line network (lessons/trask-11.lesson) in the "print
# all the things" style of seed 002: every quantity of every one of the
# 10,000 iterations printed as numpy prints it.  The numpy side of
# `make bench`'s handout-throughput comparison.
import numpy as np


def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0, 0, 1, 1]]).T
np.random.seed(123)
syn0 = 2 * np.random.random((3, 1)) - 1
for it in range(10000):
    print("---------ITERATION #%d-------------" % it)
    l0 = X
    print("inputs:\n", l0)
    print("weights:\n", syn0)
    dot = np.dot(l0, syn0)
    print("dot product results:\n", dot)
    l1 = nonlin(dot)
    print("probability predictions (sigmoid):\n", l1)
    l1_error = y - l1
    print("y:\n", y)
    print("l1_error:\n", l1_error)
    print("Error:", np.mean(np.abs(l1_error)))
    deriv = nonlin(l1, True)
    print("sigmoid derivative (update weight):\n", deriv)
    l1_delta = l1_error * deriv
    print("l1 delta (weighted error):\n", l1_delta)
    update = np.dot(l0.T, l1_delta)
    print("weight update:\n", update)
    syn0 += update
    print("new weights:\n", syn0)
