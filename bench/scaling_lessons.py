#!/usr/bin/python3
"""Writes the lessons of the scaling measurements (issue 15): a network
2 -> W -> W -> 1 (tanh, tanh, sigmoid, binary cross-entropy) on N rows of
two noisy rings, as a lesson and its CSV in one folder.

    bench/scaling_lessons.py DIR WIDTH ROWS [ITERATIONS [nobias]]

writes DIR/rings-ROWS.csv (shared by every width) and
DIR/scale-WIDTHxROWS.lesson (-nobias: without biases) and prints the
lesson's path.  The data come
from Python's own generator with a fixed seed, so the same arguments
always write the same bytes.  Only the standard library: run.py imports
make() and numpy's side of the benchmark reads the same CSV.
"""
import math
import os
import random
import sys


def data_file(folder, rows):
    path = os.path.join(folder, "rings-%d.csv" % rows)
    if os.path.exists(path):
        return path
    rnd = random.Random(rows)
    lines = ["x1,x2,y"]
    for i in range(rows):
        # Two rings of radius 0.5 and 1, with some noise: class 1 inside.
        inner = i % 2
        r = (0.5 if inner else 1.0) + rnd.gauss(0, 0.1)
        t = rnd.uniform(0, 2 * math.pi)
        lines.append("%.6f,%.6f,%d" % (r * math.cos(t), r * math.sin(t),
                                       inner))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return path


def make(folder, width, rows, iterations=1, bias=True):
    os.makedirs(folder, exist_ok=True)
    data = os.path.basename(data_file(folder, rows))
    name = "scale-%dx%d" % (width, rows) + ("" if bias else "-nobias")
    text = """title        Scaling: 2 -> {w} -> {w} -> 1 on {n} rows
data         {data}
inputs       x1 x2
targets      y
convention   rows
layer        {w} tanh
init         normal 0.5{b}
layer        {w} tanh
init         normal 0.5{b}
layer        1 sigmoid
init         normal 0.5{b}
seed         1
loss         binary-cross-entropy
learning-rate 0.1
iterations   {it}
handout      0
""".format(w=width, n=rows, data=data, it=iterations,
           b="" if bias else "\nbias         no")
    path = os.path.join(folder, name + ".lesson")
    with open(path, "w") as f:
        f.write(text)
    return path


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5, 6):
        sys.exit(__doc__)
    it = int(sys.argv[4]) if len(sys.argv) >= 5 else 1
    bias = len(sys.argv) < 6 or sys.argv[5] != "nobias"
    print(make(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), it, bias))
