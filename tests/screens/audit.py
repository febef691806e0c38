#!/usr/bin/python3
"""The screen audit's planner and judge (tests/suite-screens.sh drives it).

    audit.py plan CSV            which operations to visit, as pause cues
    audit.py check MANIFEST      judges the captured screens

Expected values come from nntrace's CSV handout (`nntrace dump --format
csv --iterations 0,last`), whose every cell suite-reference checks
against numpy; the checks below are written from docs/player.md's layout
rule, never from a captured screen.

plan: prints "cue SELECTOR" lines (pause cues the suite appends to a copy
of the lesson, so that Tab visits exactly these operations) and "visit
ITERATION STEP WHY RESULT" lines in the order Tab reaches them (WHY is 1
when the `w` popup is to be opened there too: at every sum and every
eighth operation; RESULT is the number that ends the operation's hand
calculation).  An iteration of up to FULL_MAX
operations is visited whole; a larger one (mlp-circles, reflectivity) by
a sample: every operation on the first and the last sample's cells,
every operation on a tensor that has no sample axis (gradients, updates,
the loss) -- of a tensor that still leaves more than TENSOR_MAX (a wide
layer's weights), its first and last TENSOR_MAX / 2 --, the first and last
two of each phase, and SPREAD operations evenly spaced.

check: MANIFEST has one line per (lesson, terminal) run:
    NAME<TAB>CSV<TAB>TITLE<TAB>SCREENS
SCREENS holds blocks "@@ main|why ITERATION STEP" followed by the rows
of the screen.  For each run it prints "PASS NAME: N screens" or "FAIL
NAME: ..." with the first problems, and a last line with the total.
"""
import bisect
import csv
import re
import sys
from decimal import Decimal

FULL_MAX = 300      # operations of an iteration visited whole
SPREAD = 20         # evenly spaced extra operations in a sampled one
EDGE = 2            # operations at each end of a phase, when sampling
TENSOR_MAX = 24     # operations of one tensor kept, when sampling
MAX_REPORT = 6      # problems printed per run
LOSS_ROWS_MIN = 4   # rows of dots a loss plot needs (docs/player.md)
FIT_ROWS_MIN = 5    # rows of data area a prediction plot needs

MINUS = "\u2212"
ELL = "\u2026"


# ---------------------------------------------------------------- the CSV

class Op:
    __slots__ = ("it", "phase", "step", "kind", "target", "value",
                 "formula")


def read_csv(path):
    ops = []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        head = next(rows)
        assert head[:7] == ["iteration", "phase", "step", "op", "target",
                            "value", "formula"], head
        for r in rows:
            o = Op()
            o.it, o.phase, o.step = int(r[0]), r[1], int(r[2])
            o.kind, o.target, o.value, o.formula = r[3], r[4], r[5], r[6]
            ops.append(o)
    return ops


def by_iteration(ops):
    its = {}
    for o in ops:
        its.setdefault(o.it, []).append(o)
    for v in its.values():
        v.sort(key=lambda o: o.step)
    return its


# ------------------------------------------------------------------- plan

def cell_index(target):
    """'z1[250,0]' -> ('z1', 250, 0); 'loss' -> ('loss', None, None); a
    cell of a vector drawn 1-D, 'b1[2]' -> ('b1', None, None): no such
    vector runs along the samples (they are drawn 2-D)."""
    m = re.fullmatch(r"(.+)\[(\d+),(\d+)\]", target)
    if not m:
        return re.sub(r"\[\d+\]$", "", target), None, None
    return m.group(1), int(m.group(2)), int(m.group(3))


def cue_cell(target):
    """The selector term naming the cell `target` writes: the target
    itself when it has an index ('z1[0,1]', 'z2[0]', docs/lesson-format.md
    *Selectors*), else cell [0,0] of the scalar ('loss[0,0]')."""
    return target if target.endswith("]") else target + "[0,0]"


def mantissa(value, precision):
    """What any scientific form of value at `precision` starts with, as
    numpy prints a cell of a tensor it writes so: the mantissa with the
    trailing zeros numpy may drop ('−1.0130499' of −1.01304986e-01 or of
    −1.0130499e-01; true minus)."""
    t = ("%.*e" % (precision, float(value))).split("e")[0].rstrip("0")
    return MINUS + t[1:] if t.startswith("-") else t


def sample(ops):
    """The steps of one iteration to visit."""
    n = len(ops)
    if n <= FULL_MAX:
        return list(range(n))
    ext = {}
    for o in ops:
        name, r, c = cell_index(o.target)
        if r is None:
            continue
        e = ext.setdefault(name, [0, 0])
        e[0] = max(e[0], r + 1)
        e[1] = max(e[1], c + 1)
    # The sample count is the largest extent: 1,000 points, 31 angles.
    samples = max(max(e) for e in ext.values())
    keep = set()
    for o in ops:
        name, r, c = cell_index(o.target)
        if r is None:
            keep.add(o.step)
            continue
        rows, cols = ext[name]
        axis = r if rows == samples else c if cols == samples else None
        if axis is None or axis in (0, samples - 1):
            keep.add(o.step)
    # A wide layer's tensors (digits: 64 x 32 weights) would still keep
    # thousands: of each tensor, at most its first and last TENSOR_MAX / 2
    # operations kept so far.
    by_tensor = {}
    for st in sorted(keep):
        by_tensor.setdefault(cell_index(ops[st].target)[0], []).append(st)
    for name, steps in by_tensor.items():
        if name is not None and len(steps) > TENSOR_MAX:
            keep.difference_update(steps[TENSOR_MAX // 2:-(TENSOR_MAX // 2)])
    for i, o in enumerate(ops):
        first = i == 0 or ops[i - 1].phase != o.phase
        if first:
            for k in range(EDGE):
                if i + k < n:
                    keep.add(ops[i + k].step)
        last = i == n - 1 or ops[i + 1].phase != o.phase
        if last:
            for k in range(EDGE):
                if i - k >= 0:
                    keep.add(ops[i - k].step)
    for k in range(SPREAD):
        keep.add(ops[k * n // SPREAD].step)
    return sorted(keep)


WHY_KINDS = {"gradient", "backprop", "loss", "metric", "bias-gradient"}


def plan(csv_path):
    its = by_iteration(read_csv(csv_path))
    for it in sorted(its):
        ops = its[it]
        steps = sample(ops)
        # The lesson's precision: the finest decimal its calculations
        # print.
        precision = -Known(ops).precision_unit.as_tuple().exponent
        for i, s in enumerate(steps):
            o = ops[s]
            print("cue pause iteration %d %s" % (it, cue_cell(o.target)))
            why = o.kind in WHY_KINDS or i % 8 == 0
            # The result ends the calculation: its lines are on the
            # screen once it is (the suite waits for it).  The player
            # writes it in its tensor's style, which is scientific where
            # numpy prints all of the tensor so but the handout, which
            # plans on the summary it prints of a 1,000-row tensor (or
            # writes a scalar), does not: either form is waited for.
            result = o.formula[o.formula.rfind("=") + 1:].split()
            shown = result[0] if result else "="
            alt = shown
            if result and o.value not in ("nan", "inf", "-inf") and \
                    "e" not in shown:
                alt = mantissa(o.value, precision)
            print("visit %d %d %d %s %s" % (it, s, 1 if why else 0, shown,
                                            alt))


# ------------------------------------------------------------ the numbers

NUM = re.compile(r"(?<![\w.\[])([-" + MINUS + r"]?\d+\.\d*(?:e[-+]?\d*)?)")


class Token:
    """A number as shown: its value and the unit of its last digit."""

    def __init__(self, text):
        self.text = text
        t = text.replace(MINUS, "-")
        m = re.fullmatch(r"(-?)(\d+)\.(\d*)(?:e([-+]?\d*))?", t)
        self.ok = m is not None and (m.group(4) is None or
                                     re.fullmatch(r"[-+]?\d+", m.group(4))
                                     is not None)
        if not self.ok:
            return
        exp = int(m.group(4)) if m.group(4) else 0
        dec = len(m.group(3))
        self.value = Decimal(m.group(1) + m.group(2) + "." +
                             (m.group(3) or "0")) * Decimal(10) ** exp
        self.unit = Decimal(10) ** (exp - dec)


class Known:
    """The numbers one iteration may show: every cell's value (exact)
    and every number its hand calculations print (given values: inputs,
    targets and parameters, rounded to the lesson's precision)."""

    def __init__(self, ops):
        self.values = sorted(Decimal(float(o.value)) for o in ops
                             if o.value not in ("nan", "inf", "-inf"))
        shown = set()
        for o in ops:
            for t in NUM.findall(o.formula):
                shown.add(t)
            for t in re.findall(r"(?<![\w.\[])[-" + MINUS + r"]?\d+(?![\d.])",
                                o.formula):
                shown.add(t + ".")
        # Grouped by the unit of their last digit, each group sorted.
        self.shown = {}
        for t in (Token(t) for t in shown):
            if t.ok:
                self.shown.setdefault(t.unit, []).append(t.value)
        for v in self.shown.values():
            v.sort()
        # The hand calculations round to the lesson's precision and cut
        # trailing zeros: a number they print is its value to within
        # half a unit of the finest plain decimal among them.
        plain = [Token(t).unit for t in shown
                 if "e" not in t and Token(t).ok]
        self.precision_unit = min(plain) if plain else Decimal(1)

    @staticmethod
    def _near(arr, lo, hi):
        i = bisect.bisect_left(arr, lo)
        return i < len(arr) and arr[i] <= hi

    def rounds(self, x, unit):
        """Whether x, shown to `unit`, is a rounding of a known value."""
        half = unit / 2
        if self._near(self.values, x - half, x + half):
            return True
        # A given value is known only as printed: shown coarser, x must
        # be its rounding (a tie is not enough: that is how a cut digit
        # hides); shown finer, x must be within the calculations'
        # rounding of it.
        for u, arr in self.shown.items():
            if unit < u:
                p = self.precision_unit / 2
                if self._near(arr, x - p, x + p):
                    return True
                continue
            i = bisect.bisect_right(arr, x - half)
            if i < len(arr) and arr[i] < x + half:
                return True
        return False

    def cut_of(self, x, unit):
        """A known value whose digits x is a cut prefix of, or None."""
        if x >= 0:
            lo, hi = x, x + unit
        else:
            lo, hi = x - unit, x
        i = bisect.bisect_left(self.values, lo)
        while i < len(self.values) and self.values[i] <= hi:
            v = self.values[i]
            if v != x and (lo < v < hi or v == x):
                return v
            i += 1
        return None

    def judge(self, text):
        """None when `text` is a rounding of a value of the iteration,
        else why not."""
        t = Token(text)
        if not t.ok:
            return "%s is a cut number" % text
        if self.rounds(t.value, t.unit):
            return None
        cut = self.cut_of(t.value, t.unit)
        if cut is not None:
            return "%s is %s cut, not rounded" % (text, fmt(cut))
        # e^0.54629709 is e to the minus of a sum.
        if self.rounds(-t.value, t.unit):
            return None
        return "%s is no value of this iteration" % text


def fmt(d):
    return "%.17g" % float(d)


def numbers(text):
    """The decimal numbers in text with where they end, skipping those
    shortened on purpose (followed by the ellipsis)."""
    out = []
    for m in NUM.finditer(text):
        end = m.end(1)
        if text[end:end + 1] == ELL:
            continue
        out.append(m.group(1))
    return out


# ------------------------------------------------------------ the screen

RULE = re.compile("(?:^| )(\u2500\u2500 )")


class Pane:
    def __init__(self, name, title, row, x0, x1):
        self.name, self.title = name, title
        self.row, self.x0, self.x1 = row, x0, x1
        self.rows = []  # the text of each row below the rule

    def text(self):
        return [r.rstrip() for r in self.rows]


def panes(lines):
    """The panes of a screen, found by their title rules: "── Title ───",
    at the start of a row or after a space, across the pane's width (a
    title too long for its pane ends with "…")."""
    rules = []
    for y, line in enumerate(lines[1:-1], 1):
        starts = [m.start(1) for m in RULE.finditer(line)]
        for i, x0 in enumerate(starts):
            x1 = starts[i + 1] - 1 if i + 1 < len(starts) else \
                len(line.rstrip())
            seg = line[x0 + 3:x1]
            title = seg.split(" \u2500")[0].strip()
            # The rule's hlines after the title end the pane.
            k = seg.find(" \u2500")
            if k >= 0:
                e = x0 + 3 + k + 1
                while e < x1 and line[e] == "\u2500":
                    e += 1
                x1 = e
            rules.append((y, x0, x1, title))
    out = []
    for y, x0, x1, title in rules:
        name = title.split()[0].rstrip(":") if title else ""
        p = Pane(name, title, y, x0, x1)
        for yy in range(y + 1, len(lines) - 1):
            if any(r[0] == yy and r[1] < x1 and r[2] > x0 for r in rules):
                break
            p.rows.append(lines[yy][x0:x1])
        out.append(p)
    return out


def why_box(lines):
    """The rows inside the why popup's frame, or None."""
    for y, line in enumerate(lines):
        i = line.find("\u250c\u2500 Why ")
        if i < 0:
            continue
        j = line.find("\u2510", i)
        rows = []
        for yy in range(y + 1, len(lines)):
            if lines[yy][i:i + 1] == "\u2514":
                return rows
            rows.append(lines[yy][i + 1:j])
        return rows
    return None


def nospace(s):
    return re.sub(r"\s+", "", s)


TOKEN = re.compile(r"[-" + MINUS + r"]?\d+(?:\.\d*)?(?:e[-+]\d+)?|.", re.S)


def tokens(text):
    """text cut into numbers and single characters, white space left
    out: (token, where it starts in nospace(text))."""
    out, at = [], 0
    for m in TOKEN.finditer(text):
        t = m.group(0)
        if not t.isspace():
            out.append((t, at))
            at += len(t)
    return out


def number(tok):
    """A number token's value and the unit of its last digit, or None."""
    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d*))?(?:e([-+]\d+))?",
                     tok.replace(MINUS, "-"))
    if not m:
        return None
    exp = int(m.group(4)) if m.group(4) else 0
    value = Decimal(m.group(1) + m.group(2) + "." + (m.group(3) or "0"))
    return value * Decimal(10) ** exp, \
        Decimal(10) ** (exp - len(m.group(3) or ""))


def same(shown, want):
    """Whether the token on screen is the handout's: the same text, or
    the same number in the other notation.  The player writes a cell in
    its tensor's style, chosen on all its values; a handout summarises a
    1,000-row tensor and numpy chooses on what it prints, so there the
    same cell may be positional (docs/player.md, *Numbers*).  Both are
    roundings of one value, within half a unit of each."""
    if shown == want:
        return True
    if ("e" in shown) == ("e" in want):
        return False
    a, b = number(shown), number(want)
    if a is None or b is None:
        return False
    return abs(a[0] - b[0]) <= (a[1] + b[1]) / 2


def matches(ct, at, ft):
    """Whether the tokens ct[at:] start with the tokens ft."""
    return at + len(ft) <= len(ct) and all(
        same(ct[at + i][0], ft[i][0]) for i in range(len(ft)))


def find_calc(text, formula):
    """Where the hand calculation `formula` stands in `text`, as (start,
    end) in nospace(text), or None.  A long sum may show only its first
    terms, then "… (N more)", then the rest from its closing bracket to
    the result.  Numbers compare as same() says; white space separates
    them but is not compared (lines wrap)."""
    content = nospace(text)
    ct, ft = tokens(text), tokens(formula)
    if not ft:
        return None

    def offset(i):
        return ct[i][1] if i < len(ct) else len(content)

    for i in range(len(ct) - len(ft), -1, -1):
        if matches(ct, i, ft):
            return offset(i), offset(i + len(ft))
    eq = max(i for i, t in enumerate(ft) if t[0] == "=") \
        if any(t[0] == "=" for t in ft) else len(ft)
    result = ft[eq:]
    for m in re.finditer(ELL + r"\((\d+)more\)", content):
        a = next(i for i, t in enumerate(ct) if t[1] >= m.start())
        b = next((i for i, t in enumerate(ct) if t[1] >= m.end()), len(ct))
        # "+ … (N more)": the sign before the ellipsis is a plus whatever
        # the sign of the first term left out.
        if a > 0 and ct[a - 1][0] in ("+", "-", MINUS):
            a -= 1
        # The longest end of what comes before that starts the sum.
        k = next((k for k in range(a) if matches(ft, 0, ct[k:a])), -1)
        if k < 0:
            continue
        j = next((j for j in range(b, len(ct)) if matches(ct, j, result)),
                 -1)
        if j < 0:
            continue
        end = j + len(result)
        if end - b <= len(ft) and matches(ft, len(ft) - (end - b),
                                          ct[b:end]):
            return offset(k), offset(end)
    return None


_handouts = {}


def handout(csv_path):
    """A CSV handout's operations by iteration and what each iteration
    may show, read once for all the sizes."""
    if csv_path not in _handouts:
        its = by_iteration(read_csv(csv_path))
        _handouts[csv_path] = its, {it: Known(ops) for it, ops in
                                    its.items()}
    return _handouts[csv_path]


class Run:
    def __init__(self, name, csv_path, title):
        self.name, self.title = name, title
        # With the picture pane toggled on at 80x24 the lesson pane keeps
        # its rows (docs/player.md): it must show.  At 60x20 a long
        # operation takes them first, and the pane is judged where it
        # shows.
        self.picture_on = name.endswith("-80x24-picture")
        self._outputs = {}
        self.its, self.known = handout(csv_path)
        self.last = max(self.its)
        self.problems = []
        self.screens = 0
        self.bars = set()
        self.titles = set()

    def bad(self, it, step, what):
        self.problems.append("it %d op %d: %s" % (it, step + 1, what))

    def numbers_in(self, it, step, where, rows):
        k = self.known[it]
        for row in rows:
            for t in numbers(row):
                why = k.judge(t)
                if why:
                    self.bad(it, step, "%s: %s" % (where, why))

    def status(self, it, step, line):
        op = self.its[it][step]
        n = len(self.its[it])
        parts = [x.strip() for x in line.split("\u2502")]
        # Where the separators stand: the same on every screen of a run.
        self.bars.add(tuple(i for i, ch in enumerate(line)
                            if ch == "\u2502"))
        # The fields by their labels; what comes before the first is
        # the title (left out on a narrow terminal), the phase may be too.
        first = next((i for i, x in enumerate(parts)
                      if re.match(r"it(eration)? ", x)), None)
        if first is None or first > 1 or len(parts) < first + 3:
            self.bad(it, step, "status line cut: %r" % line.strip())
            return
        title = parts[0] if first == 1 else ""
        self.titles.add(title)
        full = self.title
        if title and title != full and not (
                title.endswith(ELL) and full.startswith(title[:-1])):
            self.bad(it, step, "status title cut without a mark: %r"
                     % title)
        fields = parts[first:]
        m = re.fullmatch(r"it(?:eration)?\s+(\d+)/(\d+)", fields[0])
        if not m or int(m.group(1)) != it or int(m.group(2)) != self.last:
            self.bad(it, step, "status iteration field %r" % fields[0])
        # A mini-batch lesson's epoch and batch: iteration it is batch
        # it % P + 1 of epoch it // P, P batches an epoch
        # (docs/lesson-format.md, *Training loops*).
        k = 1
        m = re.fullmatch(r"ep(?:och)?\s+(\d+)\s+batch\s+(\d+)/(\d+)",
                         fields[1])
        if m:
            e, b, per = (int(g) for g in m.groups())
            if per < 1 or e != it // per or b != it % per + 1:
                self.bad(it, step, "status epoch field %r" % fields[1])
            k = 2
        if k >= len(fields):
            self.bad(it, step, "status line cut: %r" % line.strip())
            return
        m = re.fullmatch(r"op\s+(\d+)/(\d+)", fields[k])
        if not m or int(m.group(1)) != step + 1 or int(m.group(2)) != n:
            self.bad(it, step, "status operation field %r" % fields[k])
        k += 1
        if fields[k] in ("forward", "loss", "backward", "update"):
            if fields[k] != op.phase:
                self.bad(it, step, "status phase field %r" % fields[k])
            k += 1
        m = re.fullmatch(r"(\S+)\s+(\S+)", fields[k]) \
            if k < len(fields) else None
        if not m:
            self.bad(it, step, "status loss field cut: %r"
                     % (fields[k] if k < len(fields) else ""))
        else:
            loss = [o for o in self.its[it] if o.kind == "loss"]
            v = m.group(2)
            if v in ("-", "\u2013"):
                if loss and loss[0].step <= step:
                    self.bad(it, step, "status loss missing")
            else:
                t = Token(v)
                if not loss or not t.ok or \
                        abs(t.value - Decimal(float(loss[0].value))) > \
                        t.unit / 2:
                    self.bad(it, step, "status loss %r is not the loss %s"
                             % (v, loss[0].value if loss else "?"))
        if len(line.rstrip()) >= len(line) and line.rstrip()[-1:].isdigit():
            self.bad(it, step, "status line runs into the edge: %r"
                     % line.strip())

    def operation(self, it, step, p):
        op = self.its[it][step]
        n = len(self.its[it])
        want = "Operation %d/%d" % (step + 1, n)
        if not p.title.startswith(want):
            self.bad(it, step, "operation title %r" % p.title)
        c = nospace(" ".join(p.text()))
        # "… (1 more)" takes the room of the term it hides.
        if ELL + "(1more)" in c:
            self.bad(it, step, "a sum hides one term: %r"
                     % " ".join(r.strip() for r in p.text() if r.strip()))
        at = find_calc(" ".join(p.text()), op.formula)
        if at is None or at[1] != len(c):
            self.bad(it, step, "calculation cut or missing: %r, want %r"
                     % (" ".join(r.strip() for r in p.text() if r.strip()),
                        op.formula))
            return
        head = c[:at[0]]
        sym = nospace(op.target) + "="
        i = head.find(sym)
        if i < 0:
            self.bad(it, step, "symbols missing (%s)" % sym)
            return
        words = head[:i]
        if not words or words[-1] not in ".)":
            self.bad(it, step, "sentence missing: %r" % words)

    def network(self, it, step, p):
        for r in p.text():
            if "\u25cf\u2500" in r and not re.search(
                    "\u25b6\u25cf \\S+ \\d+$", r):
                self.bad(it, step, "network line cut: %r" % r.strip())

    def training(self, it, step, p):
        rows = p.text()
        for y, r in enumerate(rows):
            m = re.search(r"(\S+) at iteration (\d+): (\S+)", r)
            if not m or r.strip().startswith("test "):
                continue
            self.numbers_in(it, step, "plot header", [r])
            dots = 0
            for rr in rows[y + 1:]:
                if "\u2502" not in rr:
                    break
                dots += 1
            if dots < LOSS_ROWS_MIN:
                self.bad(it, step, "%s plot of %d rows" % (m.group(1), dots))
        if any("\u00d7" in r for r in rows):
            top = next((y for y, r in enumerate(rows) if "\u2524" in r), None)
            bottom = next((y for y, r in enumerate(rows) if "\u2514" in r),
                          None)
            if top is None or bottom is None:
                data = sum(1 for r in rows if "\u00d7" in r or
                           re.search("[\u2801-\u28ff]", r))
            else:
                data = bottom - top
            if data < FIT_ROWS_MIN:
                self.bad(it, step, "prediction plot of %d rows" % data)

    def outputs(self, it):
        """The network's outputs of iteration it: the tensor the forward
        phase writes last, as {(row, col): (value, step)}."""
        if it in self._outputs:
            return self._outputs[it]
        ops = [o for o in self.its[it] if o.phase == "forward"]
        name = cell_index(ops[-1].target)[0] if ops else None
        out = {}
        for o in ops:
            n, r, c = cell_index(o.target)
            if n == name and r is not None:
                out[(r, c)] = (Decimal(float(o.value)), o.step)
        self._outputs[it] = out
        return out

    def guess(self, it, step, text):
        """The sample's guess (docs/player.md, *Sample*): shown once the
        forward phase has written every output of its row, never before;
        the largest of them (the first of equals, as numpy's argmax); its
        output a rounding of that value."""
        m = re.search(r"\brow (\d+)", text)
        if not m:
            return
        row = int(m.group(1))
        out = {c: v for (r, c), v in self.outputs(it).items() if r == row}
        if not out:
            self.bad(it, step, "sample pane: row %d has no outputs" % row)
            return
        done = max(s for _, s in out.values()) <= step
        g = re.search(r"\bguess (\d+)", text)
        if g is None:
            if done and re.search(r"\bguess(: not yet| \?)", text):
                self.bad(it, step, "sample pane: no guess once row %d's "
                         "outputs are computed" % row)
            return
        if not done:
            self.bad(it, step, "sample pane: a guess before row %d's "
                     "outputs are computed" % row)
            return
        cols = sorted(out)
        best = max(cols, key=lambda c: (out[c][0], -c))
        if int(g.group(1)) != best:
            self.bad(it, step, "sample pane: guess %s, the largest output "
                     "is %d" % (g.group(1), best))
        for t in numbers(text):
            k = Token(t)
            if not k.ok or abs(k.value - out[best][0]) > k.unit / 2:
                self.bad(it, step, "sample pane: output %s is not %s"
                         % (t, fmt(out[best][0])))

    def matrix(self, it, step, p):
        """The confusion matrix whole or marked: its header the classes
        0..k-1, a row of k counts for each, adding up to the test samples
        its first line counts, the diagonal to the number right; or a
        note that it needs more room.  A count cut by the pane would
        break the sums."""
        rows = p.text()
        head = next((y for y, r in enumerate(rows) if "t\\p" in r), None)
        if head is None:
            return
        k = len(rows[head].split("t\\p", 1)[1].split())
        if rows[head].split("t\\p", 1)[1].split() != \
                [str(j) for j in range(k)]:
            self.bad(it, step, "confusion header cut: %r" % rows[head])
            return
        line = " ".join(rows[max(0, head - 1):head])
        m = re.search(r"(\d+)(?: of |/)(\d+)(?: right)?\s*$", line.strip())
        total = right = 0
        for t in range(k):
            cells = rows[head + 1 + t].split() if head + 1 + t < len(rows) \
                else []
            if len(cells) != k + 1 or cells[0] != str(t) or \
                    not all(c.isdigit() for c in cells):
                self.bad(it, step, "confusion row %d cut: %r" % (
                    t, rows[head + 1 + t].strip()
                    if head + 1 + t < len(rows) else ""))
                return
            total += sum(int(c) for c in cells[1:])
            right += int(cells[1 + t])
        if not m:
            self.bad(it, step, "confusion matrix without its count: %r"
                     % line.strip())
        elif (int(m.group(1)), int(m.group(2))) != (right, total):
            self.bad(it, step, "confusion counts add up to %d of %d, the "
                     "pane says %s of %s" % (right, total, m.group(1),
                                             m.group(2)))

    def picture(self, it, step, p):
        if p.title not in ("Sample", "Confusion matrix"):
            self.bad(it, step, "picture pane title %r" % p.title)
        rows = p.text()
        head = next((y for y, r in enumerate(rows) if "t\\p" in r),
                    len(rows))
        # The matrix's first line names the network counted.
        side = rows[:head - 1] if head < len(rows) else rows
        if p.name == "Sample":
            self.guess(it, step, " ".join(side))
        self.matrix(it, step, p)

    def main(self, it, step, lines):
        self.status(it, step, lines[0])
        found = set()
        for p in panes(lines):
            found.add(p.name)
            if p.name == "Operation":
                self.operation(it, step, p)
                self.numbers_in(it, step, "operation pane", p.text())
            elif p.name == "Tensors":
                self.numbers_in(it, step, "tensor pane", p.text())
            elif p.name == "Network":
                self.network(it, step, p)
                self.numbers_in(it, step, "network pane", p.text())
            elif p.name == "Training":
                self.training(it, step, p)
            elif p.name in ("Sample", "Confusion"):
                self.picture(it, step, p)
        if "Operation" not in found:
            self.bad(it, step, "no operation pane")
        if self.picture_on and not found & {"Sample", "Confusion"}:
            self.bad(it, step, "no picture pane")

    def why(self, it, step, lines):
        rows = why_box(lines)
        if rows is None:
            self.bad(it, step, "no why popup")
            return
        self.numbers_in(it, step, "why popup", rows)
        op = self.its[it][step]
        if find_calc(" ".join(rows), op.formula) is None:
            self.bad(it, step, "why popup: calculation cut: want %r"
                     % op.formula)

    def screen(self, kind, it, step, lines):
        self.screens += 1
        if it not in self.its or step >= len(self.its[it]):
            self.bad(it, step, "no such operation in the handout")
        elif kind == "main":
            self.main(it, step, lines)
        else:
            self.why(it, step, lines)

    def report(self):
        if len(self.bars) > 1:
            self.problems.append("status fields move: the │ stand at %s"
                                 % " or ".join(str(list(b)) for b in
                                               sorted(self.bars)[:3]))
        if len(self.titles) > 1:
            self.problems.append("status title changes: %s" % " / ".join(
                repr(t) for t in sorted(self.titles)[:3]))
        if not self.screens:
            self.problems.append("no screen captured")
        if self.problems:
            more = len(self.problems) - MAX_REPORT
            print("FAIL %s: %d screens, %d problems: %s%s" % (
                self.name, self.screens, len(self.problems),
                "; ".join(self.problems[:MAX_REPORT]),
                "; and %d more" % more if more > 0 else ""))
            return False
        print("PASS %s: %d screens" % (self.name, self.screens))
        return True


def read_screens(path):
    kind, it, step, lines = None, 0, 0, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("@@ "):
                if kind:
                    yield kind, it, step, lines
                _, kind, it, step = line.split()
                it, step, lines = int(it), int(step), []
            else:
                lines.append(line)
    if kind:
        yield kind, it, step, lines


def check(manifest):
    ok = True
    total = 0
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            name, csv_path, title, screens, width = \
                line.rstrip("\n").split("\t")
            run = Run(name, csv_path, title)
            w = int(width)
            for kind, it, step, lines in read_screens(screens):
                lines = [l.ljust(w) for l in lines]
                run.screen(kind, it, step, lines)
            ok = run.report() and ok
            total += run.screens
    print("%s screens-audited: %d screens" % ("PASS" if total else "FAIL",
                                              total))
    return ok and total > 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "plan":
        plan(sys.argv[2])
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        return 0 if check(sys.argv[2]) else 1
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main())
