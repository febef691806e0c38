"""Reference for lessons/digits.lesson, written from the lesson's
settings as a textbook numpy loop (tests/reference/tanh_softmax.py): the
64 pixels p00..p77 of datasets/digits-train.csv divided by 16
(`scale-all 0 16`), the digit one-hot over 10; 32 tanh units
(randn(64, 32) * 0.125, zero bias) and 10 softmax units (randn(32, 10) *
0.18, zero bias) from seed 1797; learning rate 0.5; shuffled mini-batches
of 32 (1438 // 32 = 44 an epoch) for 10 epochs; then
datasets/digits-test.csv predicted.

Run alone: /usr/bin/python3 tests/reference/digits.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tanh_softmax import run  # noqa: E402

if __name__ == "__main__":
    pixels = ["p%d%d" % (r, c) for r in range(8) for c in range(8)]
    run("digits", "digits-train.csv", "digits-test.csv", pixels, "digit", 10,
        {p: (0.0, 16.0) for p in pixels}, hidden=32, init1=0.125, init2=0.18,
        seed=1797, rate=0.5, batch=32, epochs=10)
