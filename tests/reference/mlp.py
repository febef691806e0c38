"""Seed 003's multilayer perceptron class, as its article builds it:
samples are rows, z = a @ W + b, the backward pass from the output's
dL/da down, dW = a.T @ dz, db = the mean (or, for the corrected lesson,
the sum) of dz over the samples.  mlp-circles.py and mlp-circles-fixed.py
give it their activations, derivatives and loss.

The only addition to the article's class: it keeps the derivative of each
layer (`deriv`), which nntrace traces as a tensor of its own.
"""
import numpy as np


class MLP:
    def __init__(self, layersizes, activations, derivatives, lossderiv,
                 bias_gradient=np.mean):
        self.layersizes = tuple(layersizes)
        self.activations = tuple(activations)
        self.derivatives = tuple(derivatives)
        self.lossderiv = lossderiv
        self.bias_gradient = bias_gradient
        L = len(self.layersizes)
        self.z, self.W, self.b, self.a = [None] * L, [None] * L, [None] * L, [None] * L
        self.dz, self.dW, self.db, self.da = [None] * L, [None] * L, [None] * L, [None] * L
        self.deriv = [None] * L

    def initialize(self, seed, sigma):
        """numpy's legacy generator: per layer randn(in, out), then the
        bias randn(1, out), both times sigma."""
        np.random.seed(seed)
        for l, (insize, outsize) in enumerate(zip(self.layersizes, self.layersizes[1:]), 1):
            self.W[l] = np.random.randn(insize, outsize) * sigma
            self.b[l] = np.random.randn(1, outsize) * sigma

    def forward(self, x):
        self.a[0] = x
        for l, func in enumerate(self.activations, 1):
            self.z[l] = (self.a[l - 1] @ self.W[l]) + self.b[l]
            self.a[l] = func(self.z[l])
        return self.a[-1]

    def backward(self, y, yhat):
        self.da[-1] = self.lossderiv(y, yhat)
        for l, func in reversed(list(enumerate(self.derivatives, 1))):
            self.deriv[l] = func(self.z[l])
            self.dz[l] = self.da[l] * self.deriv[l]
            self.dW[l] = self.a[l - 1].T @ self.dz[l]
            self.db[l] = self.bias_gradient(self.dz[l], axis=0, keepdims=True)
            self.da[l - 1] = self.dz[l] @ self.W[l].T

    def update(self, eta):
        """The article updates in place; new arrays here, so that the
        weights before and after can both be printed."""
        for l in range(1, len(self.W)):
            self.W[l] = self.W[l] - eta * self.dW[l]
            self.b[l] = self.b[l] - eta * self.db[l]

    def put(self, out, it, names, extra):
        """Print the traced cells of one iteration in nntrace's order:
        forward, the loss phase (`extra`, a list of (name, value)),
        backward from the top layer, then the updated parameters (call
        after update())."""
        L = len(self.layersizes) - 1
        for l in range(1, L + 1):
            out.put(it, "z%d" % l, self.z[l])
            out.put(it, "a%d" % l, self.a[l])
        out.put(it, "da%d" % L, self.da[L])
        for name, v in extra:
            out.put(it, name, v)
        for l in range(L, 0, -1):
            if l < L:
                out.put(it, "da%d" % l, self.da[l])
            out.put(it, names[l - 1] + str(l), self.deriv[l])
            out.put(it, "dz%d" % l, self.dz[l])
            out.put(it, "dW%d" % l, self.dW[l])
            out.put(it, "db%d" % l, self.db[l])
        for l in range(1, L + 1):
            out.put(it, "W%d_new" % l, self.W[l])
            out.put(it, "b%d_new" % l, self.b[l])
