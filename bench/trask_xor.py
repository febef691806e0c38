# Trask's two-layer XOR network (lessons/trask-xor.lesson), 60,000
# iterations, as published: the numpy side of `make bench`'s fast-forward
# comparison.  Prints the loop's seconds, then the final weights as
# Python lists of full-precision floats (syn0, then syn1), one per line.
import sys
import time

import numpy as np

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
t0 = time.perf_counter()
X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
y = np.array([[0, 1, 1, 0]]).T
np.random.seed(1)
syn0 = 2 * np.random.random((3, 4)) - 1
syn1 = 2 * np.random.random((4, 1)) - 1
for j in range(iterations):
    l1 = 1 / (1 + np.exp(-(np.dot(X, syn0))))
    l2 = 1 / (1 + np.exp(-(np.dot(l1, syn1))))
    l2_delta = (y - l2) * (l2 * (1 - l2))
    l1_delta = l2_delta.dot(syn1.T) * (l1 * (1 - l1))
    syn1 += l1.T.dot(l2_delta)
    syn0 += X.T.dot(l1_delta)
print(time.perf_counter() - t0)
print(repr(syn0.tolist()))
print(repr(syn1.tolist()))
