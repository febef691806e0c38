"""Checks the layering rule of src/LAYERS on a source tree.

    /usr/bin/python3 tests/layers.py [ROOT]

ROOT (default: the repository) holds src/ and src/LAYERS.  Every
`#include "..."` of every .c and .h below src/ is resolved the way the
compiler resolves it (the including file's folder first, then src/, the
project's -I) and must point to a header of the file's own folder or of a
folder on an earlier line of src/LAYERS; a header outside src/ or not found
is left alone (system and test headers).  Inside each folder, the modules
(a .c and its .h are one module) must not include each other in a cycle.
A folder of src/ that src/LAYERS does not list is an error too, so a new
folder cannot slip past the rule.

Prints one line per problem, "FILE:LINE: ..." and exits 1, or prints a
summary and exits 0.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_layers(src):
    """{folder: level} from src/LAYERS: '.' is src/ itself."""
    level, path = {}, os.path.join(src, "LAYERS")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            line = line.split("#", 1)[0].split()
            for folder in line:
                level[os.path.normpath(folder)] = n
    return level


def sources(src):
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(root, name), src)


def includes(src, rel):
    with open(os.path.join(src, rel), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            for base in (os.path.dirname(rel), ""):
                target = os.path.normpath(os.path.join(base, m.group(1)))
                if not target.startswith("..") and os.path.isfile(os.path.join(src, target)):
                    yield n, target
                    break


def folder_of(rel):
    return os.path.dirname(rel) or "."


def module_of(rel):
    return os.path.splitext(rel)[0]


def find_cycle(graph):
    """One cycle of the graph {node: set(nodes)} as a list, or None."""
    state, stack = {}, []

    def visit(u):
        state[u] = 1
        stack.append(u)
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1:
                return stack[stack.index(v):] + [v]
            if v not in state:
                found = visit(v)
                if found:
                    return found
        stack.pop()
        state[u] = 2
        return None

    for u in sorted(graph):
        if u not in state:
            found = visit(u)
            if found:
                return found
    return None


def check(root):
    src = os.path.join(root, "src")
    level = read_layers(src)
    problems, edges, files = [], {}, 0
    for rel in sources(src):
        files += 1
        here = folder_of(rel)
        if here not in level:
            problems.append("src/%s:1: folder %s is not in src/LAYERS" % (rel, here))
            continue
        for n, target in includes(src, rel):
            there = folder_of(target)
            if there == here:
                if module_of(target) != module_of(rel):
                    edges.setdefault(module_of(rel), set()).add(module_of(target))
                continue
            if there not in level:
                problems.append("src/%s:%d: includes %s, whose folder is not in src/LAYERS"
                                % (rel, n, target))
            elif level[there] >= level[here]:
                way = "a folder on the same line" if level[there] == level[here] else "a higher layer"
                problems.append("src/%s:%d: includes src/%s: %s (src/LAYERS)"
                                % (rel, n, target, way))
    for folder in sorted(level, key=level.get):
        graph = {u: {v for v in vs} for u, vs in edges.items() if folder_of(u + ".c") == folder}
        cycle = find_cycle(graph)
        if cycle:
            problems.append("src/%s: include cycle: %s"
                            % (folder, " -> ".join(os.path.basename(m) for m in cycle)))
    return files, problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files, problems = check(root)
    for p in problems:
        print(p)
    if problems:
        return 1
    print("%d files, no upward, sideways or cyclic include" % files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
