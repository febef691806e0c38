#!/usr/bin/python3
"""numpy's side of the scaling table (bench/run.py): the network of
bench/scaling_lessons.py -- 2 -> W -> W -> 1, tanh, tanh, sigmoid, binary
cross-entropy averaged over the rows, gradient descent at rate 0.1 --
trained the way a textbook numpy loop writes it.

    scaling_numpy.py CSV WIDTH ITERATIONS

prints the median CPU seconds of one iteration (each timed alone, in
CPU time: the machine is shared; OpenBLAS runs one thread), then the whole
loop's wall-clock seconds.  Which BLAS numpy's matrix
products use is the caller's choice (LD_LIBRARY_PATH, run.py).
"""
import statistics
import sys
import time

import numpy as np


def main():
    path, width, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, y = data[:, :2], data[:, 2:3]
    n = x.shape[0]
    np.random.seed(1)
    sizes = [2, width, width, 1]
    W = [np.random.randn(sizes[k], sizes[k + 1]) * 0.5 for k in range(3)]
    b = [np.random.randn(sizes[k + 1]) * 0.5 for k in range(3)]
    rate = 0.1
    times = []
    start = time.perf_counter()
    for _ in range(iterations):
        t0 = time.process_time()
        z1 = x @ W[0] + b[0]
        a1 = np.tanh(z1)
        z2 = a1 @ W[1] + b[1]
        a2 = np.tanh(z2)
        z3 = a2 @ W[2] + b[2]
        a3 = 1 / (1 + np.exp(-z3))
        loss = -(y.T @ np.log(a3) + (1 - y).T @ np.log(1 - a3)) / n
        err3 = (-(y / a3) + (1 - y) / (1 - a3)) / n
        delta3 = err3 * (a3 * (1 - a3))
        dW3, db3 = a2.T @ delta3, np.sum(delta3, axis=0)
        err2 = delta3 @ W[2].T
        delta2 = err2 * (1 - a2 ** 2)
        dW2, db2 = a1.T @ delta2, np.sum(delta2, axis=0)
        err1 = delta2 @ W[1].T
        delta1 = err1 * (1 - a1 ** 2)
        dW1, db1 = x.T @ delta1, np.sum(delta1, axis=0)
        W = [W[0] - rate * dW1, W[1] - rate * dW2, W[2] - rate * dW3]
        b = [b[0] - rate * db1, b[1] - rate * db2, b[2] - rate * db3]
        times.append(time.process_time() - t0)
    total = time.perf_counter() - start
    assert np.isfinite(loss).all()
    print("%.9f %.6f" % (statistics.median(times), total))


if __name__ == "__main__":
    main()
