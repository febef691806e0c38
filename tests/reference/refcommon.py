"""What every reference shares: reading a data set, the handout's
iterations, and printing the cells of a tensor the way nntrace names them.

The maths of each lesson lives in its own file (tests/reference/LESSON.py);
nothing here computes a number of a network.  Run with Debian's numpy:
/usr/bin/python3 tests/reference/trask-11.py
"""
import csv
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_columns(dataset, columns):
    """The named columns of datasets/DATASET as a float64 matrix, one row
    per sample, in file order."""
    with open(os.path.join(ROOT, "datasets", dataset), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r[c]) for c in columns] for r in rows], dtype=np.float64)


def handout_iterations(lesson, iterations, folder="lessons"):
    """The iterations the lesson's `handout` line asks for (default
    `0,last`), as a set of numbers from 0 to ITERATIONS - 1.  Read from
    FOLDER/LESSON.lesson (a bundled lesson, or one of tests/lessons) so
    the reference prints what the handout does."""
    spec = "0,last"
    with open(os.path.join(ROOT, folder, lesson + ".lesson"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("handout"):
                spec = line.split("#")[0][len("handout"):].replace(" ", "").strip()
    last = iterations - 1
    if spec == "all":
        return set(range(iterations))
    number = lambda s: last if s == "last" else int(s)
    shown = set()
    for item in spec.split(","):
        if "-" in item:
            a, b = item.split("-")
            shown.update(range(number(a), number(b) + 1))
        else:
            shown.add(number(item))
    return {i for i in shown if i <= last}


class Cells:
    """Prints `iteration,target,value` lines, value as '%.17g', target as
    nntrace names a cell: NAME[row,col] for a matrix (a 1-D vector is a
    column, NAME[i,0]), the bare NAME for a tensor of one cell.  With
    `columns` (a lesson of convention columns) a column of more than one
    cell is a vector that nntrace draws 1-D, as numpy code with column
    vectors writes them, and indexes 1-D: NAME[i]."""

    def __init__(self, out=sys.stdout, columns=False):
        self.w = csv.writer(out, lineterminator="\n")
        self.columns = columns

    def put(self, iteration, name, value):
        a = np.asarray(value, dtype=np.float64)
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        if a.size == 1:
            self.w.writerow([iteration, name, "%.17g" % float(a.reshape(-1)[0])])
            return
        assert a.ndim == 2, name
        if self.columns and a.shape[1] == 1:
            for r in range(a.shape[0]):
                self.w.writerow([iteration, "%s[%d]" % (name, r), "%.17g" % a[r, 0]])
            return
        for r in range(a.shape[0]):
            for c in range(a.shape[1]):
                self.w.writerow([iteration, "%s[%d,%d]" % (name, r, c), "%.17g" % a[r, c]])
