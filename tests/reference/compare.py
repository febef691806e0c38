"""Compares nntrace's CSV handout of a lesson with the output of its numpy
reference (tests/reference/LESSON.py), cell by cell.

    /usr/bin/python3 tests/reference/compare.py [--exact] [--markdown MD]
                     NNTRACE.csv REFERENCE.out

Prints one line, "N cells, largest difference X ulp (Y in CELL of
iteration I)", and exits 0; or prints what is wrong and exits 1.  Every
(iteration, target) of either side must be on the other.

How a difference is measured.  A cell's scale S is the largest of |nntrace|,
|reference| and |reference| over every cell of the same tensor in the same
iteration; its difference in ulps is |nntrace - reference| / ulp(S).  The
tensor's scale stands in for the cell's operands: a cell that is the result
of cancellation (y - a with a near y, a gradient whose terms nearly cancel,
a finite difference) is small beside its siblings, and its rounding error
is that of the numbers it was computed from, not of itself.

The tolerance, measured on this machine (AVX-512, Debian's numpy 1.24)
before it was chosen:

--exact, 0 ulp.  For a reference run with numpy's SIMD loops switched off
    (NPY_DISABLE_CPU_FEATURES set to every feature numpy dispatches on, as
    tests/suite-reference.sh does), numpy's exp, log and tanh are glibc's,
    the ones nntrace calls, and every cell of every bundled lesson is the
    same number, down to the sign of a zero (numpy's sums start from +0,
    so a dot product of -0 terms is +0; nntrace's engine does the same).  Any change of
    arithmetic order fails here: a running sum where numpy sums pairwise
    moves mlp-circles' db3 by 28 ulp at iteration 0 and reflectivity's
    loss and bias gradients.

default, 2**20 ulp (S * 2.3e-10).  With its SIMD loops numpy's exp differs
    from glibc's in the last bit for 24% of inputs (tanh 13%, log 24%), and
    those differences grow through training: at iterations 0 and 1 the
    largest is 32 ulp (trask-xor's syn1_update), except finite differences
    (sigmoid-derivative: 2e5 ulp, since one ulp of sigma(z) divided by
    2h = 2e-5 is 5.5e-12); at the last iterations 72 ulp (trask-xor, 60,000
    iterations), 1,340 (mlp-circles-fixed), 4,480 (mlp-circles, whose
    training oscillates) and 3.4e5 (reflectivity's db2 at iteration 9,999:
    4.7e-7, the sum of 31 terms 2 (a2 - rc) / 31 of up to 2.3e-4, each
    the difference of a2 and rc, about 0.1, that agree to 0.004).  2**20
    leaves a factor of 3 over the worst.  It still fails a wrong derivative, a
    wrong sign, a changed learning rate, an update skipped or applied
    twice and a sample left out of a sum, whose differences are relative
    ones of 1e-6 to 1; it cannot see a change of summation order, which
    moves a cell by as many ulps as exp's last bit does: that is --exact's
    job.

--markdown MD checks the predictions of a lesson with test data: the
reference's `test` lines (a2 and residual of each test sample, the test
loss) against the table and the losses of nntrace's Markdown handout, and
the reference's last training loss against its "Final loss", each within
half a unit of the handout's last decimal (--precision, default 8).  A
classifier's reference (several outputs) prints `test,prediction[S,O]`
and `test,residual[S,O]` for sample S and output O, `test,accuracy`, and
`test,confusion[T,P]` (how many test samples of class T numpy's argmax
took for class P); those are checked against the table's columns, the
"Accuracy over the N test samples" line and the handout's confusion
matrix, counts exactly.
"""
import csv
import math
import re
import sys


def read_nntrace(path):
    """(iteration, target) -> value from nntrace's CSV handout."""
    cells, dups = {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["iteration"], r["target"])
            if key in cells:
                dups.append(key)
            cells[key] = float(r["value"])
    return cells, dups


def read_reference(path):
    """The reference's training cells and its `test` (prediction) cells."""
    cells, test, dups = {}, {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for it, target, value in csv.reader(f):
            into = test if it == "test" else cells
            if (it, target) in into:
                dups.append((it, target))
            into[(it, target)] = float(value)
    return cells, test, dups


def tensor(target):
    return target.split("[")[0]


def differences(nn, ref):
    """Yields (ulps, absolute difference, key) for every cell, ulps
    measured at the cell's scale (see the top of this file)."""
    scale = {}
    for (it, target), v in ref.items():
        k = (it, tensor(target))
        scale[k] = max(scale.get(k, 0.0), abs(v))
    for key, a in nn.items():
        b = ref[key]
        if not (math.isfinite(a) and math.isfinite(b)):
            # NaN and infinities are equal only to themselves: any
            # difference between such values is infinitely many ulps.
            same = (math.isnan(a) and math.isnan(b)) or a == b
            yield (0.0 if same else math.inf), (0.0 if same else math.inf), key
            continue
        d = abs(a - b)
        s = max(abs(a), abs(b), scale[(key[0], tensor(key[1]))])
        yield (d / math.ulp(s) if d else 0.0), d, key


def describe(key):
    return "%s of iteration %s" % (key[1], key[0])


def missing(nn, ref):
    """Lines naming the cells one side has and the other lacks."""
    out = []
    for side, have, lack in (("nntrace", nn, ref), ("the reference", ref, nn)):
        extra = sorted(k for k in have if k not in lack)
        if extra:
            names = ", ".join(describe(k) for k in extra[:5])
            out.append("%d cells only in %s: %s%s" % (len(extra), side, names,
                                                      " ..." if len(extra) > 5 else ""))
    return out


def fmt(x):
    return "%.17g" % x


def markdown_numbers(path):
    """From nntrace's Markdown handout: the prediction table as
    {sample: (prediction, residual)}, the test loss and the final
    training loss."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\u2212", "-")
    part = text.split("\n## Predictions\n", 1)
    if len(part) != 2:
        return None, None, None
    table = {}
    num = r"(-?[0-9.]+)"
    row = re.compile(r"^\| (\d+) \| [^|]+ \| %s \| %s \| %s \| (inside|outside) \|$" % (num, num, num))
    for line in part[1].splitlines():
        m = row.match(line)
        if m:
            table[int(m.group(1))] = (float(m.group(3)), float(m.group(4)))
    m = re.search(r"Loss over the \d+ test samples: %s" % num, part[1])
    test_loss = float(m.group(1)) if m else None
    m = re.search(r"Final loss \(iteration \d+\): %s" % num, text)
    final = float(m.group(1)) if m else None
    return table, test_loss, final


def markdown_classifier(path):
    """From nntrace's Markdown handout of a classifier: the prediction
    table as {(sample, output): (prediction, residual)}, the test loss,
    the test accuracy, the final training loss and the confusion matrix
    as {(true, predicted): count}."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\u2212", "-")
    part = text.split("\n## Predictions\n", 1)
    if len(part) != 2:
        return None
    table, header = {}, None
    for line in part[1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "sample":
            header = cells
        elif header and len(cells) == len(header) and cells[0].isdigit() \
                and cells[-1] in ("inside", "outside"):
            for i, name in enumerate(header):
                m = re.match(r"prediction .*\\\[(\d+)\\\]$", name)
                if m:
                    table[(int(cells[0]), int(m.group(1)))] = (float(cells[i]), float(cells[i + 1]))
    num = r"(-?[0-9.]+)"
    found = {}
    for key, pattern in (("loss", r"Loss over the \d+ test samples: %s" % num),
                         ("accuracy", r"Accuracy over the \d+ test samples: %s" % num)):
        m = re.search(pattern, part[1])
        found[key] = float(m.group(1)) if m else None
    m = re.search(r"Final loss \(iteration \d+\): %s" % num, text)
    found["final"] = float(m.group(1)) if m else None
    confusion = {}
    part = text.split("\n## Confusion matrix\n", 1)
    if len(part) == 2:
        # A code block: a header of predicted classes, then one line
        # per true class, its number and its counts.
        for line in part[1].split("\n## ", 1)[0].splitlines():
            cells = line.split()
            if len(cells) > 2 and all(c.isdigit() for c in cells):
                for j, c in enumerate(cells[1:]):
                    confusion[(int(cells[0]), j)] = int(c)
    return table, found, confusion


def check_classifier(path, test, ref, precision):
    """check_markdown for a classifier's predictions (several outputs)."""
    got = markdown_classifier(path)
    if got is None:
        return ["no '## Predictions' section in %s" % path], 0
    table, found, confusion = got
    half = 0.5 * 10.0 ** -precision + 1e-12
    problems, agreed, checks = [], 0, []
    cell = re.compile(r"(prediction|residual|confusion)\[(\d+),(\d+)\]$")
    want_conf = {}
    for (_, t), v in test.items():
        m = cell.match(t)
        if not m:
            continue
        key = (int(m.group(2)), int(m.group(3)))
        if m.group(1) == "confusion":
            want_conf[key] = int(v)
        elif key in table:  # a long table shows its first samples only
            checks.append((t, table[key][0 if m.group(1) == "prediction" else 1], v))
    if not table or any(("test", "prediction[%d,%d]" % k) not in test for k in table):
        problems.append("the handout's table has %d predictions, not all the reference's"
                        % len(table))
    for what in ("loss", "accuracy"):
        checks.append(("test " + what, found[what], test.get(("test", what))))
    last = max((int(it) for it, t in ref if t == "loss"), default=None)
    checks.append(("final loss", found["final"], ref.get((str(last), "loss"))))
    for what, shown, exact in checks:
        if shown is None or exact is None:
            problems.append("%s: not found" % what)
        elif not abs(shown - exact) <= half:  # also fails a NaN
            problems.append("%s: handout %s, reference %s" % (what, shown, fmt(exact)))
        else:
            agreed += 1
    if want_conf:
        if confusion != want_conf:
            bad = sorted(k for k in set(confusion) | set(want_conf)
                         if confusion.get(k) != want_conf.get(k))
            problems.append("confusion matrix: %s" % "; ".join(
                "[%d,%d] handout %s, numpy %s" % (k + (confusion.get(k), want_conf.get(k)))
                for k in bad[:3]))
        else:
            agreed += len(want_conf)
    return problems, agreed


def check_markdown(path, test, ref, precision):
    """Problems found comparing the reference's predictions with the
    handout's, and how many numbers agreed."""
    if any(t.startswith("prediction[") for (_, t) in test):
        return check_classifier(path, test, ref, precision)
    table, test_loss, final = markdown_numbers(path)
    if table is None:
        return ["no '## Predictions' section in %s" % path], 0
    half = 0.5 * 10.0 ** -precision + 1e-12
    problems, agreed = [], 0
    preds = sorted(int(t[len("a2[0,"):-1]) for (_, t) in test if t.startswith("a2["))
    if not preds:
        return ["the reference printed no predictions"], 0
    if sorted(table) != preds:
        problems.append("the handout's table has samples %s, the reference %d predictions"
                        % (sorted(table)[:3], len(preds)))
    checks = []
    for j in preds:
        if j in table:
            checks.append(("prediction a2[0,%d]" % j, table[j][0], test[("test", "a2[0,%d]" % j)]))
            checks.append(("residual[0,%d]" % j, table[j][1], test[("test", "residual[0,%d]" % j)]))
    checks.append(("test loss", test_loss, test.get(("test", "loss"))))
    last = max((int(it) for it, t in ref if t == "loss"), default=None)
    checks.append(("final loss", final, ref.get((str(last), "loss"))))
    for what, shown, exact in checks:
        if shown is None or exact is None:
            problems.append("%s: not found" % what)
        elif not abs(shown - exact) <= half:  # also fails a NaN
            problems.append("%s: handout %s, reference %s" % (what, shown, fmt(exact)))
        else:
            agreed += 1
    return problems, agreed


def main(argv):
    exact, markdown, precision, files = False, None, 8, []
    args = iter(argv)
    for a in args:
        if a == "--exact":
            exact = True
        elif a == "--markdown":
            markdown = next(args)
        elif a == "--precision":
            precision = int(next(args))
        else:
            files.append(a)
    if len(files) != 2:
        print("usage: compare.py [--exact] [--markdown MD] [--precision N] NNTRACE.csv REFERENCE.out")
        return 2
    nn, nn_dups = read_nntrace(files[0])
    ref, test, ref_dups = read_reference(files[1])
    problems = ["cell %s twice in %s" % (describe(k), f)
                for f, dups in ((files[0], nn_dups), (files[1], ref_dups)) for k in dups[:3]]
    problems += missing(nn, ref)
    if not nn:
        problems.append("no cells in %s" % files[0])
    if problems:
        print("; ".join(problems))
        return 1

    tolerance = 0 if exact else 2 ** 20
    worst, over = (0.0, 0.0, None), []
    for ulps, d, key in differences(nn, ref):
        zero_sign = d == 0 and math.copysign(1, nn[key]) != math.copysign(1, ref[key])
        if ulps > tolerance or (exact and zero_sign):
            over.append((ulps, d, key))
        if worst[2] is None or ulps > worst[0]:
            worst = (ulps, d, key)
    if over:
        over.sort(reverse=True)
        print("%d of %d cells differ by more than %d ulp (or, exactly, in a zero's sign): %s" % (
            len(over), len(nn), tolerance, "; ".join(
                "%s: nntrace %s, reference %s (%.3g ulp)" % (describe(k), fmt(nn[k]), fmt(ref[k]), u)
                for u, _, k in over[:3])))
        return 1

    line = "%d cells, largest difference %.3g ulp (%.2g in %s)" % (
        len(nn), worst[0], worst[1], describe(worst[2]))
    if exact:
        line = "%d cells, all equal" % len(nn)
    if test and markdown is None:
        print("the reference printed predictions; give the handout with --markdown")
        return 1
    if markdown is not None:
        problems, agreed = check_markdown(markdown, test, ref, precision)
        if problems:
            print("predictions: " + "; ".join(problems[:3]))
            return 1
        line += "; %d predictions and losses agree with the handout" % agreed
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
