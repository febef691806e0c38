#!/usr/bin/python3
"""Checks of the class handouts for tests/suite-handouts.sh.

    handouts.py worksheet LESSON REF PRECISION WORKSHEET KEY
    handouts.py pages PAGED PLAIN LINES WIDTH
    handouts.py html FILE SVGS
    handouts.py pdf TEXTFILE HTML PAGES ITERATIONS VALUE...
    handouts.py numpy SUMMARISED FULL REF
    handouts.py styles HANDOUT text|markdown|html

Each prints one line saying what it found and exits 1 when the handout
is wrong.  Expected values never come from nntrace: an exercise's value
is the lesson's numpy reference's (tests/reference/LESSON.py, which
prints iteration,target,value for every cell of the handout's
iterations), the exercises are read from the lesson file itself, and
the rules (pages of at most LINES lines, a calculation on one page, HTML
that a strict reading accepts) are the documented ones.
"""
import csv
import html
import html.parser
import os
import re
import subprocess
import sys

# ----------------------------------------------------------- exercises


def lesson_exercises(path):
    """(iteration or 'last', cell) of every predict and exercise line, in
    file order: the selector's `iteration N` (0 without one) and its
    NAME[...] term."""
    out = []
    iterations = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"iterations\s+(\d+)", line)
        if m:
            iterations = int(m.group(1))
        m = re.match(r"(predict|exercise)\s+(.*)", line)
        if not m:
            continue
        sel = m.group(2)
        if ":" in sel:
            sel = sel[:sel.index(":")]
        sel = re.sub(r"\s#.*", "", sel)
        it = re.search(r"\biteration\s+(\d+|last)\b", sel)
        cell = re.search(r"[A-Za-z_][A-Za-z0-9_]*\[[0-9, ]+\]", sel)
        if not cell:
            # A one-value tensor (the loss, an accuracy) is named bare:
            # the selector's last word after its phase.
            cell = re.search(r"(?<=\s)(?!iteration\b|forward\b|loss\s|"
                             r"backward\b|update\b|last\b)"
                             r"[A-Za-z_][A-Za-z0-9_]*\s*$", sel)
        if not cell:
            raise SystemExit("%s: a question without a cell: %s" %
                             (path, line.strip()))
        out.append([it.group(1) if it else "0",
                    cell.group(0).replace(" ", "")])
    if iterations is None and any(x[0] == "last" for x in out):
        # A lesson of `epochs` counts its iterations from its data and
        # batch size: the checker says how many it has.
        checked = subprocess.run([os.environ.get("NNTRACE", "./nntrace"),
                                  "check", path], capture_output=True,
                                 text=True).stdout
        iterations = int(re.search(r"(\d+) iterations", checked).group(1))
    for x in out:
        x[0] = iterations - 1 if x[0] == "last" else int(x[0])
    return out


def reference_values(path):
    vals = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) == 3 and row[0].isdigit():
                vals[(int(row[0]), row[1])] = float(row[2])
    return vals


def sig_digits(text):
    digits = re.sub(r"[^0-9]", "", text.split("e")[0]).lstrip("0")
    return len(digits)


def shown_forms(v, p):
    """The texts that would show value v at p decimals: rounded
    positional (trailing zeros cut, as the calculations write it), its
    first p decimals (a longer number starting so, as a CSV's %.17g
    does), and numpy's scientific cell.  Only forms of three or more
    significant digits: a 0.25 or a 1 is every other number."""
    a = abs(v)
    forms = set()
    pos = ("%.*f" % (p, a)).rstrip("0").rstrip(".")
    full = "%.17f" % a
    trunc = full[:full.index(".") + 1 + p].rstrip("0").rstrip(".")
    sci = "%.*e" % (p, a)
    for t in (pos, trunc, sci):
        if sig_digits(t) >= 3 and ("." in t or "e" in t):
            forms.add(t)
    return sorted(forms)


def found(text, form):
    """form in text, not right after a digit (0.1234 in 10.1234 is
    another number)."""
    for m in re.finditer(re.escape(form), text):
        if m.start() == 0 or not text[m.start() - 1].isdigit():
            return text[max(0, m.start() - 30):m.end() + 10]
    return None


def plain_text(path):
    """The handout as a reader sees it: HTML without tags or entities,
    Markdown without its escapes, every minus sign '-'."""
    t = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        t = html.unescape(re.sub(r"<[^>]*>", " ", t))
    t = t.replace("\\", "").replace("\u2212", "-")
    return t


def key_answers(text):
    """(number, cell, value, iteration) of a key's closing list, in any
    format: "1. l1_dot[1,0] = -0.97401842 (iteration 0)" (backquotes and
    tags gone)."""
    out = []
    for m in re.finditer(r"(\d+)\.\s+`?([A-Za-z_][A-Za-z0-9_]*"
                         r"(?:\[[0-9,]+\])?) = ([-0-9.e+]+)`?"
                         r"\s+\(iteration (\d+)\)", text):
        out.append((int(m.group(1)), m.group(2), float(m.group(3)),
                    int(m.group(4))))
    return out


def worksheet_cells(text):
    """The cell each "Exercise N." of a worksheet asks for: the
    calculation whose result is the first blank after it (the last
    "NAME[...] = " before that blank)."""
    out = []
    name = re.compile(r"(?:^|`|\s)([A-Za-z_][A-Za-z0-9_]*"
                      r"(?:\[[0-9,]+\])?) = (?!\[)", re.M)
    for m in re.finditer(r"Exercise (\d+)\.", text):
        b = re.compile(r"= ________(?!_)").search(text, m.end())
        blank = b.start() if b else -1
        cells = name.findall(text, m.end(), blank) if blank > 0 else []
        out.append((int(m.group(1)), cells[-1] if cells else None))
    return out


def close_enough(shown, v, p):
    """shown is v as written at p decimals (or p mantissa decimals)."""
    if shown == v:
        return True
    if abs(v) < 10.0 ** -p or abs(v) >= 1e8:
        e = 0 if v == 0 else int(("%e" % v).split("e")[1])
        return abs(shown - v) <= 0.51 * 10.0 ** (e - p)
    return abs(shown - v) <= 0.51 * 10.0 ** -p or \
        abs(shown - v) <= 0.51 * 10.0 ** (int(("%e" % v).split("e")[1]) - p)


def cmd_worksheet(lesson, ref, precision, worksheet, key):
    p = int(precision)
    want = lesson_exercises(lesson)
    vals = reference_values(ref)
    sheet = plain_text(worksheet)
    keyt = plain_text(key) if key != "-" else ""
    problems = []
    # Every value the lesson asks for, nowhere in the worksheet.
    searched = 0
    for it, cell in want:
        if (it, cell) not in vals:
            problems.append("no reference value for %s at iteration %d"
                            % (cell, it))
            continue
        for form in shown_forms(vals[(it, cell)], p):
            searched += 1
            where = found(sheet, form)
            if where:
                problems.append("the worksheet shows %s (%s): ...%s..."
                                % (cell, form, where.replace("\n", " ")))
    if key == "-":  # a CSV: its rows, no list of answers
        keyt = ""
    # The key: the same exercises, numbered 1..N, with numpy's values.
    answers = key_answers(keyt)
    numbers = [a[0] for a in answers]
    if key == "-":
        numbers = list(range(1, len(want) + 1))
        answers = None
    if answers is None:
        pass
    elif numbers != list(range(1, len(want) + 1)):
        problems.append("the key numbers %s, not 1 to %d" %
                        (numbers, len(want)))
    if answers is not None:
        if sorted((a[3], a[1]) for a in answers) != sorted(
                (it, c) for it, c in want):
            problems.append("the key answers %s, the lesson asks %s" %
                            ([(a[3], a[1]) for a in answers], want))
        for n, cell, shown, it in answers:
            v = vals.get((it, cell))
            if v is not None and not close_enough(shown, v, p):
                problems.append("key %d: %s = %r, numpy's %r" %
                                (n, cell, shown, v))
        # The worksheet: the same numbers, for the same cells.
        cells = worksheet_cells(sheet)
        if [(n, c) for n, c in cells] != [(a[0], a[1]) for a in answers]:
            problems.append("worksheet exercises %s, key %s" %
                            (cells, [(a[0], a[1]) for a in answers]))
    blanks = len(re.findall(r"= ________(?!_)", sheet))
    if blanks < len(want):
        problems.append("%d blanks for %d exercises" % (blanks, len(want)))
    if problems:
        print("; ".join(problems[:4]))
        return 1
    print("%d exercises, %d forms searched, none found" %
          (len(want), searched))
    return 0

# ----------------------------------------------------------- pages


CALC = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[[0-9,]+\])? = (?!\[)")


def calculations(lines):
    """(first, last) line index of each hand calculation of a plain text
    handout: a line "cell = ..." (not an array "name = [[") and the
    indented lines that continue it."""
    out = []
    i = 0
    while i < len(lines):
        if CALC.match(lines[i]):
            j = i
            while j + 1 < len(lines) and lines[j + 1].startswith(" ") \
                    and lines[j + 1].strip():
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def cmd_pages(paged, plain, length, width):
    n = int(length)
    w = int(width)
    text = open(paged, encoding="utf-8").read()
    flat = open(plain, encoding="utf-8").read().split("\n")
    pages = text.split("\f")
    problems = []
    body = []  # (page, line) of the paged text without its headers
    for k, page in enumerate(pages, 1):
        lines = page.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) > n:
            problems.append("page %d has %d lines" % (k, len(lines)))
        head = lines[0] if lines else ""
        if not re.search(r"\s page %d$" % k, head) or len(head) > w:
            problems.append("page %d's header: %r" % (k, head))
        if len(lines) > 1 and lines[1] != "":
            problems.append("page %d: no blank line under the header" % k)
        for ln in lines[2:]:
            body.append((k, ln))
    # The pages hold the plain handout, less blank lines at page tops.
    page_of = []
    b = 0
    for ln in flat:
        while b < len(body) and body[b][1] != ln and body[b][1] == "":
            b += 1
        if b < len(body) and body[b][1] == ln:
            page_of.append(body[b][0])
            b += 1
        elif ln == "":
            page_of.append(None)  # dropped at the top of a page
        else:
            problems.append("line not on any page: %r" % ln)
            break
    split = 0
    multi = 0
    for first, last in calculations(flat):
        if last >= len(page_of):
            break
        if last > first:
            multi += 1
        if page_of[first] != page_of[last]:
            split += 1
            problems.append("a calculation split over pages %s-%s: %r" %
                            (page_of[first], page_of[last], flat[first]))
    if problems:
        print("; ".join(problems[:4]))
        return 1
    print("%d pages of at most %d lines, %d calculations (%d of several "
          "lines) none split" % (len(pages), n, len(calculations(flat)),
                                 multi))
    return 0

# ----------------------------------------------------------- HTML


VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source",
        "area", "base", "embed", "param", "track"}
ALLOWED = {"html", "head", "meta", "title", "style", "body", "section",
           "h1", "h2", "h3", "p", "small", "strong", "code", "pre", "dl",
           "dt", "dd", "div", "table", "thead", "tbody", "tr", "th", "td",
           "a", "figure", "svg", "title", "polyline", "path", "g", "text",
           "caption"}
ENTITIES = {"amp", "lt", "gt", "quot", "#39"}


class Strict(html.parser.HTMLParser):
    """html.parser with every liberty a browser takes made an error: each
    element closed, in order; known elements only; no entity but the
    five XML ones; nothing fetched from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []
        self.errors = []
        self.ids = set()
        self.hrefs = []
        self.svgs = 0
        self.doctype = False

    def err(self, msg):
        line, col = self.getpos()
        self.errors.append("%d:%d: %s" % (line, col + 1, msg))

    def handle_decl(self, decl):
        if decl.lower() != "doctype html":
            self.err("declaration %r" % decl)
        self.doctype = True

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, True)

    def start(self, tag, attrs, closed):
        if tag not in ALLOWED:
            self.err("element <%s>" % tag)
        for k, v in attrs:
            if v is None:
                self.err("attribute %s without a value" % k)
            elif k in ("src", "srcset", "action", "data", "xlink:href") or \
                    (k == "href" and not v.startswith("#")):
                self.err("%s=%r fetches something" % (k, v))
            if k == "id":
                if v in self.ids:
                    self.err("id %r twice" % v)
                self.ids.add(v)
            if k == "href":
                self.hrefs.append(v[1:])
        if tag == "svg":
            self.svgs += 1
        if tag in VOID or closed:
            return
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.err("</%s> closes %s" %
                     (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_entityref(self, name):
        if name not in ENTITIES:
            self.err("entity &%s;" % name)

    def handle_charref(self, name):
        if "#" + name not in ENTITIES:
            self.err("character reference &#%s;" % name)

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            for bad in ("url(", "@import", "@font-face"):
                if bad in data:
                    self.err("style sheet uses %s" % bad)
        elif "<" in data:
            self.err("a '<' in text")


def cmd_html(path, svgs):
    text = open(path, encoding="utf-8").read()
    p = Strict()
    p.feed(text)
    p.close()
    if not p.doctype:
        p.errors.append("no <!DOCTYPE html>")
    if p.stack:
        p.errors.append("never closed: %s" % " ".join(p.stack))
    for h in p.hrefs:
        if h not in p.ids:
            p.errors.append("link to #%s, no such id" % h)
    for bad in ("<script", "<link", "@import"):
        if bad in text:
            p.errors.append("%r in the file" % bad)
    if p.svgs < int(svgs):
        p.errors.append("%d SVG plots, want %s" % (p.svgs, svgs))
    if p.errors:
        print("; ".join(p.errors[:4]))
        return 1
    print("strictly valid, %d ids, %d links, %d SVG plots" %
          (len(p.ids), len(p.hrefs), p.svgs))
    return 0

# ----------------------------------------------------------- PDF


def html_calculations(path):
    """The text of each <p class="calc ..."> of an HTML handout."""
    t = open(path, encoding="utf-8").read()
    return [html.unescape(re.sub(r"<[^>]*>", "", m.group(1)))
            for m in re.finditer(r'<p class="calc[^"]*"[^>]*>(.*?)</p>', t)]


def cmd_pdf(textfile, htmlfile, pages, iterations, *values):
    """pdftotext's pages (form feeds): as many as pdfinfo counted, each
    with "page K of N", the iterations each starting a page, at least a
    page more for the front and one for the summary, every calculation
    of the HTML on one page, and every value in the text."""
    text = open(textfile, encoding="utf-8").read()
    got = [p for p in text.split("\f") if p.strip()]
    problems = []
    # Each calculation, in order, begins and ends on one page.
    flat_pages = [re.sub(r"\s+", "", p) for p in got]
    joined = "".join(flat_pages)
    bounds = []
    at = 0
    for p in flat_pages:
        at += len(p)
        bounds.append(at)

    def page_at(i):
        return next(k for k, b in enumerate(bounds) if i < b)
    pos = 0
    calcs = html_calculations(htmlfile)
    for c in calcs:
        cc = re.sub(r"\s+", "", c)
        i = joined.find(cc, pos)
        if i < 0:
            problems.append("calculation not in the PDF in one piece "
                            "(split by a page's header?): %s" % c[:60])
            break
        if page_at(i) != page_at(i + len(cc) - 1):
            problems.append("calculation split over pages: %s" % c[:60])
        pos = i + len(cc)
    if len(got) != int(pages):
        problems.append("pdftotext has %d pages, pdfinfo %s" %
                        (len(got), pages))
    first = {}  # iteration: (page, at the top of it)
    for k, page in enumerate(got, 1):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        if not re.search(r"page %d of %s" % (k, pages), page):
            problems.append("page %d: no 'page %d of %s'" % (k, k, pages))
        for j, ln in enumerate(lines):
            m = re.match(r"Iteration (\d+)$", ln)
            if m and int(m.group(1)) not in first:
                # under the running header's title and iteration
                first[int(m.group(1))] = (k, j < 4)
    want = [int(i) for i in iterations.split(",")]
    if int(pages) < len(want) + 2:
        problems.append("%s pages for %d iterations, a front and a "
                        "summary" % (pages, len(want)))
    for i in want:
        if i not in first or not first[i][1]:
            problems.append("iteration %d does not start a page (%s)" %
                            (i, first.get(i)))
    flat = re.sub(r"\s+", "", text)
    for v in values:
        if v not in flat:
            problems.append("no %s in the PDF" % v)
    if problems:
        print("; ".join(problems[:4]))
        return 1
    print("%s pages, iterations %s each on a page of their own, %d "
          "calculations each on one page, %d values found" %
          (pages, iterations, len(calcs), len(values)))
    return 0


# ----------------------------------------------------------- numpy


def cmd_numpy(summarised, full, ref):
    """mlp-circles' X (datasets/circles.csv) and iteration 0's a3 (the
    reference's values) in a handout exactly as numpy prints them: with
    threshold=100 by default, whole (threshold=sys.maxsize) with
    --full; the handout's minus sign read as numpy's."""
    import numpy as np
    rows = list(csv.reader(open("datasets/circles.csv")))[1:]
    x = np.array([[float(r[0]), float(r[1])] for r in rows])
    vals = reference_values(ref)
    a3 = np.array([[vals[(0, "a3[%d,0]" % i)]] for i in range(1000)])
    bad = []
    for path, threshold in ((summarised, 100), (full, sys.maxsize)):
        np.set_printoptions(threshold=threshold)
        text = open(path, encoding="utf-8").read().replace("\u2212", "-")
        for name, a in (("X", x), ("a3", a3)):
            want = name + " = " + np.array2string(a, prefix=name + " = ")
            if want + "\n" not in text:
                bad.append("%s (threshold %d) is not numpy's %s" %
                           (name, threshold, want[:200]))
    if bad:
        print("; ".join(bad))
        return 1
    print("X and a3 as numpy prints them, summarised and whole")
    return 0

# ----------------------------------------------------------- number styles


NUM = r"[-\u2212]?(?:\d+\.?\d*(?:e[-+]\d+)?|nan|inf)"


def strip_html(s):
    return html.unescape(re.sub(r"<[^>]*>", "", s))


def style_events(path, fmt):
    """The handout as events, in order: ("iter", n), ("note", text),
    ("calc", name, index, result) and ("tensor", name, cells, text),
    cells {index: text} (empty for text, whose arrays are numpy's
    layout: only their text is kept).  Stops at the summary."""
    t = open(path, encoding="utf-8").read()
    ev = []
    if fmt == "html":
        pat = re.compile(
            r'<h2[^>]*>Iteration (\d+)</h2>'
            r'|<p class="note">(.*?)</p>'
            r'|<p class="calc[^"]*"[^>]*><code>(.*?)</code></p>'
            r'|<p>([A-Za-z_][A-Za-z0-9_]*) \([0-9 ×]+\)</p>\s*'
            r'<table class="tensor">(.*?)</table>'
            r'|<h2[^>]*>Summary</h2>', re.S)
        for m in pat.finditer(t):
            if m.group(1):
                ev.append(("iter", int(m.group(1))))
            elif m.group(2) is not None:
                ev.append(("note", strip_html(m.group(2))))
            elif m.group(3) is not None:
                ev.append(calc_event(strip_html(m.group(3))))
            elif m.group(4):
                ev.append(html_table(m.group(4), m.group(5)))
            else:
                break
        return [e for e in ev if e]
    lines = t.split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if fmt == "markdown":
            m = re.match(r"## Iteration (\d+)$", ln)
            tm = re.match(r"`([A-Za-z_][A-Za-z0-9_]*)` \([0-9 ×]+\):$", ln)
            cm = re.match(r"- `(.*)`$", ln)
            if m:
                ev.append(("iter", int(m.group(1))))
            elif ln.startswith("The numbers of "):
                # Markdown's escapes gone (l1\\_delta)
                ev.append(("note", " ".join(lines[i:i + 3]).replace("\\", "")))
            elif cm:
                ev.append(calc_event(cm.group(1)))
            elif tm:
                j = i + 2
                rows = []
                while j < len(lines) and lines[j].startswith("|"):
                    rows.append(lines[j])
                    j += 1
                ev.append(md_table(tm.group(1), rows))
                i = j
                continue
            elif re.match(r"## Summary$", ln):
                break
        else:
            m = re.match(r"-+ ITERATION #(\d+) -+$", ln)
            if m:
                ev.append(("iter", int(m.group(1))))
            elif ln.strip().startswith("The numbers of "):
                ev.append(("note", " ".join(x.strip() for x in lines[i:i + 3])))
            elif CALC.match(ln):
                j = i
                while j + 1 < len(lines) and lines[j + 1].startswith(" ") \
                        and lines[j + 1].strip():
                    j += 1
                ev.append(calc_event(" ".join(x.strip() for x in lines[i:j + 1])))
                i = j + 1
                continue
            elif re.match(r"[A-Za-z_][A-Za-z0-9_]* = \[", ln) or (
                    re.match(r"[A-Za-z_][A-Za-z0-9_]* =$", ln) and
                    i + 1 < len(lines) and lines[i + 1].startswith("[")):
                # (a long name's array starts on the next line)
                j = i
                while j + 1 < len(lines) and lines[j + 1].strip():
                    j += 1
                name = ln.split(" ")[0]
                ev.append(("tensor", name, {}, "\n".join(lines[i:j + 1])))
                i = j + 1
                continue
            elif ln == "Summary":
                break
        i += 1
    return [e for e in ev if e]


def calc_event(text):
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\[([0-9,]+)\] = (?!\[)", text)
    if not m or " = " not in text[m.end():]:
        return None
    result = text.rsplit(" = ", 1)[1].strip()
    return ("calc", m.group(1), m.group(2), result)


def md_table(name, rows):
    cells = {}
    split = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
    head = split[0]
    body = split[2:]
    if head and head[0] == "":  # a matrix: a corner, then column indices
        for r in body:
            row = r[0].strip("*")
            for col, c in zip(head[1:], r[1:]):
                if row.isdigit() and col.isdigit():
                    cells["%s,%s" % (row, col)] = c
    else:  # a vector: one row under its indices
        for col, c in zip(head, body[0] if body else []):
            if col.isdigit():
                cells[col] = c
    return ("tensor", name, cells, "\n".join(rows))


def html_table(name, table):
    cols = re.findall(r"<th>([^<]*)</th>",
                      re.search(r"<thead>(.*?)</thead>", table, re.S).group(1))
    cells = {}
    for tr in re.findall(r"<tr>(.*?)</tr>",
                         re.search(r"<tbody>(.*?)</tbody>", table,
                                   re.S).group(1), re.S):
        row = re.match(r"<th>([^<]*)</th>", tr)
        tds = [strip_html(x) for x in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        heads = cols[1:] if row else cols
        for col, c in zip(heads, tds):
            if not col.isdigit():
                continue
            key = "%s,%s" % (row.group(1), col) if row else col
            if not row or row.group(1).isdigit():
                cells[key] = c
    return ("tensor", name, cells, table)


def same_number(result, shown):
    """result, as a calculation writes it, is one of the texts shown as
    numpy writes them: the same characters in scientific notation; in
    positional notation the same digits once numpy's trailing zeros and
    point are cut ("1." and "0.50" are "1" and "0.5"), and numpy's -0.
    is the calculations' 0 (docs/handouts.md: no negative zero in a
    calculation)."""
    def cut(s):
        s = s.strip().replace("\u2212", "-")
        if "e" in s or "." not in s:
            return s
        s = s.rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    return cut(result) in [cut(x) for x in shown]


def cmd_styles(path, fmt):
    """Every calculation's result, as written, is its cell as the next
    printout of its tensor (in the same iteration) shows it: the same
    text at the same index in a Markdown or HTML table, the same number
    in a text array (numpy's layout, checked against numpy elsewhere).
    A result in scientific notation comes after the iteration's note
    naming its tensor.  Minus signs are U+2212 (only an exponent keeps
    its '-')."""
    ev = style_events(path, fmt)
    problems = []
    checked = sci = 0
    it = None
    notes = ""
    for k, e in enumerate(ev):
        if e[0] == "iter":
            it, notes = e[1], ""
        elif e[0] == "note":
            notes += " " + e[1]
        elif e[0] in ("calc", "tensor"):
            body = e[3] if e[0] == "calc" else e[3]
            if e[0] == "tensor" and fmt == "html":
                body = strip_html(body)
            if re.search(r"(?<![eE])-(?=\d)", body):
                problems.append("an ASCII minus in %s" % body[:60])
        if e[0] != "calc":
            continue
        name, index, result = e[1], e[2], e[3]
        if "e" in result and re.match(NUM + "$", result):
            sci += 1
            if not re.search(r"The numbers of [^.]*\b%s\b[^.]* scientific"
                             % re.escape(name), notes):
                problems.append("iteration %s: %s[%s] = %s with no note"
                                % (it, name, index, result))
        nxt = None
        for f in ev[k + 1:]:
            if f[0] == "iter":
                break
            if f[0] == "tensor" and f[1] == name:
                nxt = f
                break
        if nxt is None:
            continue
        if fmt == "text":
            toks = re.findall(NUM, nxt[3].split("=", 1)[1])
            ok = same_number(result, toks)
        elif index in nxt[2]:
            ok = same_number(result, [nxt[2][index]])
        else:
            continue  # a cell the summarised table leaves out
        checked += 1
        if not ok:
            problems.append("iteration %s: %s[%s] = %s, its tensor shows %s"
                            % (it, name, index, result,
                               nxt[2].get(index, "another number")))
    if checked == 0:
        problems.append("no calculation found with its tensor")
    if problems:
        print("; ".join(problems[:4]))
        return 1
    print("%d results as their tensors show them (%d in scientific "
          "notation, each after its note)" % (checked, sci))
    return 0


def main(argv):
    cmds = {"worksheet": cmd_worksheet, "pages": cmd_pages,
            "html": cmd_html, "pdf": cmd_pdf, "numpy": cmd_numpy,
            "styles": cmd_styles}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__)
        return 2
    return cmds[argv[1]](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
