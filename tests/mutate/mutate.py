#!/usr/bin/python3
"""make mutate: plants each mutant of tests/mutate/mutants in a scratch
copy of the tree, rebuilds, runs the tests the mutant names, and reports
whether they caught it.

A mutant is a small edit to the source, made on purpose, that a good test
suite must notice.  The harness is not part of `make test`: each mutant
costs a rebuild and a test run, so the whole list takes minutes.  It exits
non-zero when a mutant survives (its tests all pass), when a mutant no
longer applies (its text is not found exactly once: the source moved on and
the mutant must be updated), or when the unmutated tree fails its own tests.

    /usr/bin/python3 tests/mutate/mutate.py [--check] [NAME...]

With names, only those mutants run.  --check only reads the mutants file
and checks that every mutant still applies to the source (make test runs
it, so a change that moves a mutant's text says so at once).  See docs/testing.md for the format of
the mutants file and how to add one.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MUTANTS = os.path.join(TOP, "tests", "mutate", "mutants")
FIELDS = ("name", "file", "find", "replace", "tests", "why")
TEST_TIMEOUT = 600  # seconds; a mutant that hangs a test counts as caught


class Mutant:
    def __init__(self, fields, line):
        self.line = line
        for f in FIELDS:
            if f not in fields:
                sys.exit("%s:%d: mutant without '%s:'" % (MUTANTS, line, f))
        self.name = fields["name"]
        self.file = fields["file"]
        self.find = unescape(fields["find"])
        self.replace = unescape(fields["replace"])
        self.tests = fields["tests"].split()
        self.why = fields["why"]


def unescape(s):
    # Mutant text is one line; "\n" and "\t" stand for a line break and a
    # tab, "\\" for a backslash, so an edit may span lines.
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_mutants():
    mutants, fields, start = [], {}, 0
    with open(MUTANTS, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines + [""], 1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if fields:
                mutants.append(Mutant(fields, start))
                fields = {}
            continue
        key, sep, value = raw.partition(":")
        if not sep or key not in FIELDS:
            sys.exit("%s:%d: expected one of %s" % (MUTANTS, n, ", ".join(f + ":" for f in FIELDS)))
        if key in fields:
            sys.exit("%s:%d: '%s:' given twice for one mutant" % (MUTANTS, n, key))
        if not fields:
            start = n
        # Spaces after the colon only align the blocks; text that starts
        # with white space spells it \t (or \n).
        fields[key] = value.lstrip(" ")
    names = [m.name for m in mutants]
    for m in mutants:
        if names.count(m.name) > 1:
            sys.exit("%s:%d: mutant name '%s' used twice" % (MUTANTS, m.line, m.name))
    return mutants


def test_command(test):
    # "unit/test_x" is a cmocka binary, "suite/suite-x" a test script.
    kind, _, name = test.partition("/")
    if kind == "unit":
        return [os.path.join("build", "tests", name)]
    if kind == "suite":
        return ["sh", os.path.join("tests", name + ".sh")]
    sys.exit("unknown test '%s' (unit/NAME or suite/NAME)" % test)


def run(cmd, cwd, timeout=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace")


def build(tree):
    return run(["make", "-s", "--no-print-directory", "nntrace", "unit"], tree)


def first_failure(output):
    for line in output.splitlines():
        if line.startswith("FAIL") or line.startswith("[  FAILED  ]") or "ERROR" in line:
            return line.strip()[:100]
    return ""


def copy_tree(dest):
    """The files git knows (tracked, and untracked but not ignored) and the
    build folder, so the first build only relinks."""
    files = subprocess.run(["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                           cwd=TOP, check=True, stdout=subprocess.PIPE).stdout
    for rel in files.decode().split("\0"):
        if not rel or not os.path.isfile(os.path.join(TOP, rel)):
            continue
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(TOP, rel), os.path.join(dest, rel))
    if os.path.isdir(os.path.join(TOP, "build")):
        shutil.copytree(os.path.join(TOP, "build"), os.path.join(dest, "build"),
                        symlinks=True)


def stop(signum, frame):
    # A SIGTERM (a CI timeout, a kill) unwinds like Ctrl-C, so that the
    # scratch copy of the tree is removed by main's finally.
    raise KeyboardInterrupt


def main(argv):
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    check_only = "--check" in argv
    argv = [a for a in argv if a != "--check"]
    mutants = read_mutants()
    if argv:
        unknown = set(argv) - {m.name for m in mutants}
        if unknown:
            sys.exit("no mutant named %s" % ", ".join(sorted(unknown)))
        mutants = [m for m in mutants if m.name in argv]
    if check_only:
        return check(mutants)
    tree = tempfile.mkdtemp(prefix="nntrace-mutate-")
    try:
        return mutate(tree, mutants)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def applies(root, m):
    """None when m's text is found exactly once, else why not."""
    try:
        with open(os.path.join(root, m.file), encoding="utf-8") as f:
            n = f.read().count(m.find)
    except OSError as e:
        return "cannot read %s: %s" % (m.file, e.strerror)
    if n != 1:
        return "its text is found %d times in %s, not once" % (n, m.file)
    return None


def missing_test(m):
    """None when every test m names exists, else why not."""
    for t in m.tests:
        cmd = test_command(t)  # exits on a malformed test name
        src = os.path.join("tests", os.path.basename(cmd[-1]))
        if not src.endswith(".sh"):
            src += ".c"
        if not os.path.isfile(os.path.join(TOP, src)):
            return "its test %s has no %s" % (t, src)
    return None


def check(mutants):
    stale = 0
    for m in mutants:
        why = applies(TOP, m) or missing_test(m)
        if why:
            stale += 1
            print("%s:%d: mutant %s is stale: %s" % (MUTANTS, m.line, m.name, why))
    print("mutate: %d of %d mutants apply" % (len(mutants) - stale, len(mutants)))
    return 1 if stale else 0


def mutate(tree, mutants):
    print("mutate: copying the tree to %s" % tree, flush=True)
    copy_tree(tree)
    status, out = build(tree)
    if status != 0:
        print(out[-2000:])
        print("mutate: the unmutated tree does not build")
        return 1
    tests = sorted({t for m in mutants for t in m.tests})
    print("mutate: the unmutated tree against %d tests" % len(tests), flush=True)
    for t in tests:
        status, out = run(test_command(t), tree, TEST_TIMEOUT)
        if status != 0:
            print(out[-2000:])
            print("mutate: %s fails without any mutant; fix that first" % t)
            return 1

    results = []
    started = time.time()
    for i, m in enumerate(mutants, 1):
        t0 = time.time()
        verdict, by = plant_and_test(tree, m)
        results.append((m, verdict, by))
        print("[%2d/%d] %-28s %-9s %s (%.0f s)" % (i, len(mutants), m.name, verdict,
                                                  by, time.time() - t0), flush=True)

    print()
    print("| mutant | file | what it plants | verdict | caught by |")
    print("|---|---|---|---|---|")
    for m, verdict, by in results:
        print("| %s | %s | %s | %s | %s |" % (m.name, m.file, m.why, verdict, by))
    caught = sum(1 for _, v, _ in results if v == "caught")
    print()
    print("mutate: %d of %d mutants caught in %.0f s" % (caught, len(results),
                                                         time.time() - started))
    return 0 if caught == len(results) else 1


def plant_and_test(tree, m):
    why = applies(tree, m)
    if why:
        return "stale", why
    path = os.path.join(tree, m.file)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original.replace(m.find, m.replace))
        status, out = build(tree)
        if status != 0:
            return "invalid", "does not build: " + first_failure(out)
        for t in m.tests:
            status, out = run(test_command(t), tree, TEST_TIMEOUT)
            if status is None:
                return "caught", "%s (timed out)" % t
            if status != 0:
                why = first_failure(out)
                return "caught", t + (": " + why if why else "")
        return "SURVIVED", "all of " + " ".join(m.tests) + " pass"
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
