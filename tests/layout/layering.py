#!/usr/bin/env python3
"""The layout of src/ as a test (docs/architecture.md).

Three rules, each printed as a finding with the file that breaks it:

1. Stages in order. src/ has one folder per stage, lowest first in STAGES.
   A file may include headers of its own stage and of earlier stages,
   never of a later one.
2. Every stage is documented: docs/architecture.md has a row for it, and
   every .c file opens with a comment that names it and says what it owns.
3. No cycles between modules. A module is a .c file with its .h; it
   depends on every module whose header it (or its header) includes. A
   cycle means neither module can be read, tested or replaced alone.

Prints "PASS name" or "FAIL name" for each rule, as make check's suites
do (tests/run.sh), and exits 1 when anything is out of order.
"""
import os
import re
import sys

STAGES = ["lib", "model", "parse", "load", "history", "check", "redact",
          "metrics", "pipeline", "output", "render", "cmd"]
INCLUDE = re.compile(r'^#include "([a-z_]+)/([a-z_]+)\.h"', re.M)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    src = os.path.join(root, "src")
    deps = {}          # "stage/module" -> set of "stage/module"
    bad = []
    nincludes = 0
    for stage in sorted(os.listdir(src)):
        folder = os.path.join(src, stage)
        if not os.path.isdir(folder):
            continue
        if stage not in STAGES:
            bad.append("src/%s/: not a stage (add it to %s and "
                       "docs/architecture.md)" % (stage, sys.argv[0]))
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            mod = stage + "/" + name[:-2]
            path = "src/%s/%s" % (stage, name)
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            for inc_stage, inc_mod in INCLUDE.findall(text):
                nincludes += 1
                if inc_stage not in STAGES or \
                        STAGES.index(inc_stage) > STAGES.index(stage):
                    bad.append("%s: %s includes %s/%s.h, a later stage"
                               % (path, stage, inc_stage, inc_mod))
                dep = inc_stage + "/" + inc_mod
                if dep != mod:
                    deps.setdefault(mod, set()).add(dep)
            deps.setdefault(mod, set())

    # Tarjan's strongly connected components: each with more than one
    # module is a cycle.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in deps:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    cycles = ["cycle: " + " <-> ".join(comp) for comp in sccs]
    undocumented = []
    with open(os.path.join(root, "docs", "architecture.md"),
              encoding="utf-8") as f:
        arch = f.read()
    for stage in sorted(os.listdir(src)):
        if not os.path.isdir(os.path.join(src, stage)):
            continue
        if "| `%s/` |" % stage not in arch:
            undocumented.append("src/%s/: no row in docs/architecture.md"
                                % stage)
        for name in sorted(os.listdir(os.path.join(src, stage))):
            if not name.endswith(".c"):
                continue
            with open(os.path.join(src, stage, name), encoding="utf-8") as f:
                head = f.read(300)
            if not re.match(r"/\*\n \* (%s/)?%s - " % (stage, re.escape(name)),
                            head):
                undocumented.append("src/%s/%s: does not open with "
                                    "\"/* %s - what it owns\"" %
                                    (stage, name, name))
    for b in bad + undocumented + cycles:
        print(b)
    print("layering: %d modules, %d includes, %d out of order, %d cycles"
          % (len(deps), nincludes, len(bad), len(cycles)))
    print("%s layout-stage-order" % ("FAIL" if bad else "PASS"))
    print("%s layout-documented" % ("FAIL" if undocumented else "PASS"))
    print("%s layout-no-cycles" % ("FAIL" if cycles else "PASS"))
    return 1 if bad or undocumented or cycles else 0


if __name__ == "__main__":
    sys.exit(main())
