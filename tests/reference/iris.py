"""Reference for lessons/iris.lesson, written from the lesson's settings
as a textbook numpy loop (tests/reference/tanh_softmax.py): the four
measurements of datasets/iris-train.csv scaled by the lesson's offsets
and divisors, species one-hot over 3; 8 tanh units (randn(4, 8) * 0.5,
zero bias) and 3 softmax units (randn(8, 3) * 0.35, zero bias) from seed
2024; learning rate 0.1; shuffled mini-batches of 16 (120 // 16 = 7 an
epoch) for 40 epochs; then datasets/iris-test.csv predicted.

Run alone: /usr/bin/python3 tests/reference/iris.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tanh_softmax import run  # noqa: E402

if __name__ == "__main__":
    run("iris", "iris-train.csv", "iris-test.csv",
        ["sepal_length", "sepal_width", "petal_length", "petal_width"],
        "species", 3,
        {"sepal_length": (5.87, 0.85), "sepal_width": (3.06, 0.44),
         "petal_length": (3.77, 1.78), "petal_width": (1.2, 0.76)},
        hidden=8, init1=0.5, init2=0.35, seed=2024, rate=0.1, batch=16,
        epochs=40)
