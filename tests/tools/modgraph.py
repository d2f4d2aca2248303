#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""modgraph.py - owns the module-graph check: no include or call cycles
between the modules of kexec/ and lib/.

A module is the .c and .h with the same stem (kexec/load.c + kexec/load.h),
found recursively under kexec/ and lib/; a header in include/ joins the
module of the same stem (include/sha256.h with lib/sha256.c).  A header
without a .c is a module of its own (kexec/actions.h, include/kexec-abi.h):
including it is an edge, it is not skipped.  When a stem is not unique
(each backend has a purgatory.c), the .c and .h of one directory pair up.
Module names are the stem when unique, else the path without extension, so
that moving a file between folders does not rename its module.

Edges:
  include  `#include "x.h"` resolved against the including file's
           directory, then include/, kexec/, lib/ (the build's -I order), then
           by file name when only one file has that name; unresolved names
           (config.h, system headers) are ignored
  call     with --builddir: `nm` of each module's object (same path as the
           .c, .o in the build directory); A -> B when A uses a global symbol
           that B defines
Every strongly connected component with more than one module is a cycle.
The allow-list (--allow FILE: one `FROM -> TO` edge a line, `#` starts a
comment) names, for each cycle known today, the edge that closes it: the
check drops those edges and looks again.  A cycle that remains is NEW and
printed with every edge inside it (so is a known cycle that grew a second
loop); known cycles get one line each; an allowed edge that no longer
closes a cycle is named, so its line can go.  Exit status 1 when a cycle
remains, 2 on usage errors.  The last line is a summary:
  modgraph: N modules, N include edges, N call edges, N cycles
            (N known, broken by N allowed edges)

Usage:
  modgraph.py [--srcdir DIR] [--builddir DIR] [--allow FILE]
  modgraph.py --self-test     # proves the check finds cycles at all
Environment: NM (default nm), CC for --self-test's call graph (default cc).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCAN_DIRS = ("kexec", "lib")
HEADER_DIRS = ("include",)
INCLUDE_PATH = ("include", "kexec", "lib")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


class Module:
    def __init__(self, name):
        self.name = name
        self.files = []         # paths relative to srcdir
        self.csrc = []          # the .c files among them


class Graph:
    def __init__(self):
        self.modules = {}       # name -> Module
        self.of_file = {}       # relative path -> module name
        self.edges = {}         # (from, to) -> {"include": set(), "call": set()}

    def add_edge(self, a, b, kind, why):
        if a == b:
            return
        self.edges.setdefault((a, b), {"include": set(), "call": set()})[kind].add(why)

    def count(self, kind):
        return sum(1 for e in self.edges.values() if e[kind])


def list_sources(srcdir):
    """Relative paths of every .c/.h under kexec/ and lib/, .h under include/."""
    found = []
    for top, exts in [(d, (".c", ".h")) for d in SCAN_DIRS] + \
                     [(d, (".h",)) for d in HEADER_DIRS]:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(exts):
                    found.append(os.path.relpath(os.path.join(root, f), srcdir))
    return found


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def owner_stem(path, stems_by_dir):
    """X for X.c/X.h; also X for X-internal.h when X.c or X.h sits beside it
    (a module's private header, shared with its tests or its helpers)."""
    s = stem(path)
    for suffix in ("-internal", "_internal"):
        base = s[:-len(suffix)]
        if s.endswith(suffix) and base in stems_by_dir.get(os.path.dirname(path), ()):
            return base
    return s


def group_modules(paths):
    """Pair files into modules; returns {name: Module}."""
    stems_by_dir = {}
    for p in paths:
        stems_by_dir.setdefault(os.path.dirname(p), set()).add(stem(p))
    by_stem = {}
    for p in paths:
        by_stem.setdefault(owner_stem(p, stems_by_dir), []).append(p)
    groups = {}
    for s, files in by_stem.items():
        in_tree = [p for p in files if p.split(os.sep)[0] in SCAN_DIRS]
        dirs = {os.path.dirname(p) for p in in_tree}
        if len(dirs) <= 1:
            groups[s] = files
            continue
        # Same stem in several directories: pair per directory, and a
        # header in include/ stays on its own.
        for p in files:
            groups.setdefault(os.path.join(os.path.dirname(p), s), []).append(p)
    modules = {}
    for name, files in groups.items():
        m = Module(name)
        m.files = sorted(files)
        m.csrc = [p for p in m.files if p.endswith(".c")]
        modules[name] = m
    return modules


def resolve_include(g, includer, name, by_base):
    cands = [os.path.join(os.path.dirname(includer), name)]
    cands += [os.path.join(d, name) for d in INCLUDE_PATH]
    for c in cands:
        c = os.path.normpath(c)
        if c in g.of_file:
            return c
    hits = by_base.get(os.path.basename(name), [])
    return hits[0] if len(hits) == 1 else None


def add_include_edges(g, srcdir):
    by_base = {}
    for p in g.of_file:
        by_base.setdefault(os.path.basename(p), []).append(p)
    for p, mod in sorted(g.of_file.items()):
        with open(os.path.join(srcdir, p), errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                target = resolve_include(g, p, m.group(1), by_base)
                if target:
                    g.add_edge(mod, g.of_file[target], "include",
                               "%s:%d includes %s" % (p, n, m.group(1)))


def nm_symbols(obj):
    """(defined, undefined) global symbol sets of one object file."""
    nm = os.environ.get("NM", "nm")
    out = subprocess.run([nm, "-P", "-g", obj], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        # POSIX format: name type [value size]; undefined ones have no value
        if f[1] == "U" or (f[1] in ("w", "v") and len(f) == 2):
            undefined.add(f[0])
        else:
            defined.add(f[0])
    return defined, undefined


def add_call_edges(g, builddir):
    """Returns the list of .c files that had no object in builddir."""
    defs, uses, missing = {}, [], []
    for name, m in sorted(g.modules.items()):
        for c in m.csrc:
            obj = os.path.join(builddir, os.path.splitext(c)[0] + ".o")
            if not os.path.exists(obj):
                missing.append(c)
                continue
            d, u = nm_symbols(obj)
            for s in d:
                defs.setdefault(s, set()).add(name)
            uses.append((name, c, u))
    for name, c, u in uses:
        for s in sorted(u):
            for owner in sorted(defs.get(s, ())):
                g.add_edge(name, owner, "call", "%s uses %s" % (c, s))
    return missing


def build_graph(srcdir, builddir=None):
    g = Graph()
    g.modules = group_modules(list_sources(srcdir))
    for name, m in g.modules.items():
        for p in m.files:
            g.of_file[p] = name
    add_include_edges(g, srcdir)
    missing = add_call_edges(g, builddir) if builddir else []
    return g, missing


def cycles(g, skip=frozenset()):
    """Strongly connected components with more than one module (Tarjan),
    ignoring the edges in skip."""
    succ = {n: [] for n in g.modules}
    for a, b in sorted(g.edges):
        if (a, b) not in skip:
            succ[a].append(b)
    index, low, onstack, stack, sccs = {}, {}, set(), [], []

    def visit(v):
        # iterative, so that long include chains cannot hit the recursion limit
        work = [(v, iter(succ[v]))]
        index[v] = low[v] = len(index)
        stack.append(v)
        onstack.add(v)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    onstack.add(nxt)
                    work.append((nxt, iter(succ[nxt])))
                elif nxt in onstack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))

    for v in sorted(succ):
        if v not in index:
            visit(v)
    return sorted(sccs)


def read_allow(path):
    """{(from, to): line number} from an allow-list file of `A -> B` lines."""
    entries = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 3 or words[1] != "->":
                sys.exit("modgraph: %s:%d: expected `MODULE -> MODULE`" % (path, n))
            entries[(words[0], words[2])] = n
    return entries


def print_cycle(g, comp, allow, out):
    out.write("modgraph: NEW cycle: %s\n" % " <-> ".join(comp))
    members = set(comp)
    for (a, b), kinds in sorted(g.edges.items()):
        if a not in members or b not in members:
            continue
        mark = " [allowed]" if (a, b) in allow else ""
        for kind in ("include", "call"):
            for why in sorted(kinds[kind])[:3]:
                out.write("  %s -> %s (%s)%s: %s\n" % (a, b, kind, mark, why))
            if len(kinds[kind]) > 3:
                out.write("  %s -> %s (%s)%s: ... %d more\n"
                          % (a, b, kind, mark, len(kinds[kind]) - 3))


def check(srcdir, builddir, allow_path, out=sys.stdout):
    """Print the report; returns the number of cycles the allow-list does
    not break."""
    g, missing = build_graph(srcdir, builddir)
    for c in missing:
        out.write("modgraph: note: no object for %s in %s (not built here)\n"
                  % (c, builddir))
    allow = read_allow(allow_path) if allow_path else {}
    known = cycles(g)
    left = cycles(g, frozenset(allow))
    for comp in known:
        if not any(set(comp) >= set(c) for c in left):
            out.write("modgraph: known cycle, allowed: %s\n" % " <-> ".join(comp))
    for comp in left:
        print_cycle(g, comp, allow, out)
    in_cycle = {(a, b) for comp in known for a in comp for b in comp}
    for (a, b), n in sorted(allow.items(), key=lambda e: e[1]):
        if (a, b) not in g.edges or (a, b) not in in_cycle:
            out.write("modgraph: note: %s:%d allows %s -> %s, which closes no "
                      "cycle any more: remove the line\n" % (allow_path, n, a, b))
    out.write("modgraph: %d modules, %d include edges, %d call edges, %d cycles"
              % (len(g.modules), g.count("include"), g.count("call"), len(left)))
    if allow:
        out.write(" (%d known, broken by %d allowed edges)" % (len(known), len(allow)))
    out.write("\n")
    return len(left)


# ---- self-test: the check must see a cycle when there is one ------------

def write_tree(root, files):
    for rel, text in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)


def self_test_case(name, files, build, want, allow_text=None):
    """Run check() on a synthetic tree; returns 1 when the result is wrong."""
    root = tempfile.mkdtemp(prefix="modgraph-selftest.")
    try:
        write_tree(root, files)
        builddir = None
        if build:
            builddir = root
            cc = os.environ.get("CC", "cc")
            for rel in files:
                if rel.endswith(".c"):
                    subprocess.run([cc, "-c", "-I", os.path.join(root, "kexec"),
                                    "-o", os.path.join(root, rel[:-2] + ".o"),
                                    os.path.join(root, rel)], check=True)
        allow = None
        if allow_text is not None:
            allow = os.path.join(root, "allow.txt")
            with open(allow, "w") as f:
                f.write(allow_text)
        log = Capture()
        got = check(root, builddir, allow, log)
    finally:
        shutil.rmtree(root)
    if got != want:
        sys.stdout.write("modgraph: self-test %s: %d unallowed cycles, expected %d\n%s"
                         % (name, got, want, log.text))
        return 1
    return 0


class Capture:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s


def self_test():
    a_h = '#include "b.h"\nint a(void);\n'
    b_h = '#include "a.h"\nint b(void);\n'
    fails = 0
    # two headers including each other (each with its .c)
    inc = {"kexec/a.h": a_h, "kexec/b.h": b_h,
           "kexec/a.c": '#include "a.h"\nint a(void) { return 1; }\n',
           "kexec/b.c": '#include "b.h"\nint b(void) { return 2; }\n'}
    fails += self_test_case("include cycle", inc, False, 1)
    fails += self_test_case("include cycle allowed", inc, False, 0, "b -> a  # known\n")
    fails += self_test_case("other edge allowed", inc, False, 0, "a -> b\n")
    # header-only modules in lib/ including each other
    fails += self_test_case("header-only cycle",
                            {"lib/x.h": '#include "y.h"\n', "lib/y.h": '#include "x.h"\n'},
                            False, 1)
    # no include cycle; the .c files call each other (needs a compiler)
    calls = {"kexec/a.h": "int a(void);\n", "kexec/b.h": "int b(void);\n",
             "kexec/a.c": '#include "a.h"\nint b(void);\nint a(void) { return b(); }\n',
             "kexec/b.c": '#include "b.h"\nint a(void);\nint b(void) { return a(); }\n'}
    fails += self_test_case("no include cycle", calls, False, 0)
    if shutil.which(os.environ.get("CC", "cc")) and shutil.which(os.environ.get("NM", "nm")):
        fails += self_test_case("call cycle", calls, True, 1)
    else:
        print("modgraph: self-test: no compiler or nm, call graph case skipped")
    print("modgraph: self-test %s" % ("failed" if fails else "passed"))
    return fails


def main():
    ap = argparse.ArgumentParser(description="include/call cycles between "
                                 "the modules of kexec/ and lib/")
    ap.add_argument("--srcdir", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--builddir", help="build directory with the .o files (call graph)")
    ap.add_argument("--allow", help="allow-list of known cycles")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return 1 if self_test() else 0
    if not os.path.isdir(os.path.join(args.srcdir, "kexec")):
        ap.error("%s: no kexec/ (not the source tree)" % args.srcdir)
    return 1 if check(args.srcdir, args.builddir, args.allow) else 0


if __name__ == "__main__":
    sys.exit(main())
