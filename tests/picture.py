"""Judges the player's picture pane on a captured screen (suite-tui.sh),
against expected values computed here, never from nntrace's output.

  picture.py picture SCREEN CSV   the pane's picture is the sample it
      names ("sample N"), row N of the CSV (after its header): each pixel
      divided by 16 (digits.lesson's `scale-all 0 16`), shaded by the rule
      of docs/lesson-format.md ("Pictures"): five equal bands of [lo, hi],
      the smallest and largest input of the training data (here computed
      from the CSV), ' ░▒▓█' from the lowest, each pixel two cells wide;
      and its label is the CSV's digit.  Prints the number of shaded
      cells.
  picture.py confusion SCREEN HANDOUT   every row of the handout's
      CONFUSION MATRIX (the text handout of the same network) is a row
      of the pane's matrix, and the pane names the same number right.
"""
import csv
import re
import sys

SHADES = " \u2591\u2592\u2593\u2588"


def shade(v, lo, hi):
    f = (v - lo) / (hi - lo) if hi > lo else 0.0
    k = 0 if f <= 0 else len(SHADES) - 1 if f >= 1 else int(f * len(SHADES))
    return SHADES[min(k, len(SHADES) - 1)]


def picture(screen, path):
    lines = open(screen, encoding="utf-8").read().split("\n")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    pixels = [[float(x) / 16 for x in r[:64]] for r in rows]
    lo = min(min(p) for p in pixels)
    hi = max(max(p) for p in pixels)
    named = [i for i, l in enumerate(lines) if re.search(r"sample \d+", l)]
    if len(named) != 1:
        sys.exit("no single 'sample N' line on the screen")
    top = named[0]
    n = int(re.search(r"sample (\d+)", lines[top]).group(1))
    rule = lines[top - 1]
    x = rule.find("\u2500\u2500 Sample")
    if x < 0:
        sys.exit("no '── Sample' title above the sample")
    want = ["".join(shade(v, lo, hi) * 2 for v in pixels[n][r * 8:r * 8 + 8])
            for r in range(8)]
    got = [lines[top + r][x + 1:x + 17].ljust(16) for r in range(8)]
    for r in range(8):
        if got[r] != want[r]:
            sys.exit("picture row %d of sample %d: %r, want %r"
                     % (r, n, got[r], want[r]))
    label = re.search(r"label (\d+)", "\n".join(lines))
    if not label or int(label.group(1)) != int(rows[n][64]):
        sys.exit("label %s, want the CSV's digit %s"
                 % (label and label.group(1), rows[n][64]))
    print(sum(len(w.replace(" ", "")) for w in want))


def confusion(screen, handout):
    text = open(screen, encoding="utf-8").read()
    hand = open(handout, encoding="utf-8").read()
    part = hand.split("CONFUSION MATRIX", 1)[1]
    right = re.search(r"holds the (\d+)", part.replace("\n", " ")).group(1)
    n = re.search(r"The (\d+) test samples", part).group(1)
    if not re.search(r"\b%s/%s\b" % (right, n), text):
        sys.exit("the pane does not name %s/%s right" % (right, n))
    rows = re.findall(r"^ +(\d+)((?: +\d+)+) *$", part.split("\n\n", 3)[2],
                      re.M)
    if len(rows) < 2:
        sys.exit("no matrix in the handout")
    for t, counts in rows:
        pat = r"(^|\s)%s%s(\s|$)" % (t, "".join(r" +" + c for c in counts.split()))
        if not re.search(pat, text, re.M):
            sys.exit("the pane has no row '%s%s'" % (t, counts))
    print(len(rows))


if __name__ == "__main__":
    {"picture": picture, "confusion": confusion}[sys.argv[1]](*sys.argv[2:])
