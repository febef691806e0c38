#!/usr/bin/python3
"""Write datasets/iris.csv and datasets/digits.csv from the copies of the two
UCI data sets that ship inside Debian's python3-sklearn, and each one split
in two for lessons that hold a fifth out: NAME-train.csv and NAME-test.csv.

    /usr/bin/python3 datasets/from-sklearn.py [OUTPUT_FOLDER]

The files are read directly (sklearn itself is not imported, so this is
quick): sklearn/datasets/data/iris.csv and digits.csv.gz.  Rows keep their
order; values are written as the source writes them, so the output is the
same on every run.  datasets/README.md says where the data come from.
"""

import csv
import gzip
import importlib.util
import os
import sys


def sklearn_data_folder():
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("from-sklearn.py: python3-sklearn is not installed "
                 "(apt-get install python3-sklearn)")
    return os.path.join(spec.submodule_search_locations[0],
                        "datasets", "data")


def write_csv(path, header, rows):
    # Written beside the target and renamed, so a failed run leaves the old
    # file whole.
    partial = path + ".partial"
    with open(partial, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(partial, path)


def write_split(target, name, header, rows):
    # Every fifth row (the 5th, 10th, ...) is held out.  Taking them
    # evenly through the file keeps the classes in proportion even where
    # the file is sorted by class, as iris is (10 of each species held out),
    # and needs no random draw a lesson's seed would have to account for.
    test = [row for i, row in enumerate(rows) if i % 5 == 4]
    train = [row for i, row in enumerate(rows) if i % 5 != 4]
    write_csv(os.path.join(target, name + "-train.csv"), header, train)
    write_csv(os.path.join(target, name + "-test.csv"), header, test)


def iris(source, target):
    with open(os.path.join(source, "iris.csv"), newline="") as f:
        reader = csv.reader(f)
        # The first row is "150,4,setosa,versicolor,virginica": the counts
        # of rows and features, then the class names for labels 0, 1, 2.
        count, features = (int(x) for x in next(reader)[:2])
        rows = [row for row in reader if row]
    if len(rows) != count or any(len(r) != features + 1 for r in rows):
        sys.exit("from-sklearn.py: iris.csv is not the expected shape")
    header = ["sepal_length", "sepal_width", "petal_length", "petal_width",
              "species"]
    write_csv(os.path.join(target, "iris.csv"), header, rows)
    write_split(target, "iris", header, rows)
    return len(rows)


def digits(source, target):
    with gzip.open(os.path.join(source, "digits.csv.gz"), "rt",
                   newline="") as f:
        # No header: 64 pixel counts (0 to 16, row by row of the 8x8 image)
        # and the digit.  The source writes them as floats ("0.0"); they
        # are whole numbers, written here as integers.
        rows = [[str(int(float(v))) for v in row]
                for row in csv.reader(f) if row]
    if any(len(r) != 65 for r in rows):
        sys.exit("from-sklearn.py: digits.csv.gz is not the expected shape")
    header = ["p%d%d" % (r, c) for r in range(8) for c in range(8)]
    header.append("digit")
    write_csv(os.path.join(target, "digits.csv"), header, rows)
    write_split(target, "digits", header, rows)
    return len(rows)


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    source = sklearn_data_folder()
    print("iris.csv: %d rows" % iris(source, target))
    print("digits.csv: %d rows" % digits(source, target))


if __name__ == "__main__":
    main()
