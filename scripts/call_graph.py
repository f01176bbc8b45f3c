#!/usr/bin/env python3
"""The pallet's call graph by file, and a check that it runs one way.

Every `fn name` defined in an `impl<T: Config> Pallet<T>` block (or free in a file) of
pallets/dtao/src belongs to its file; every `Self::name(` / `Pallet::<T>::name(` / `Self::name`
in another file is a call of that file. Prints which file calls which (with the functions), and
exits non-zero if two files call each other (directly or around a longer circle). Tests, the
mock, benchmarks and the FRAME declarations in lib.rs (the roof: calls dispatch from there) are
left out: they may call anything and nothing calls them.

    python3 scripts/call_graph.py          # the graph, then "one way" or the circles
"""

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "pallets/dtao/src"
SKIP = {"lib.rs", "mock.rs", "benchmarking.rs", "weights.rs"}


def files():
    for p in sorted(SRC.rglob("*.rs")):
        rel = p.relative_to(SRC).as_posix()
        if rel in SKIP or rel.startswith("tests/") or rel.startswith("math/") or rel.startswith("migrations/"):
            continue
        yield rel, p.read_text()


def strip_tests(text):
    # Drop `#[cfg(test)] mod tests { ... }` blocks: a crude cut at the attribute.
    i = text.find("#[cfg(test)]")
    return text if i < 0 else text[:i]


def main():
    defs = {}
    sources = {}
    for rel, text in files():
        text = strip_tests(text)
        sources[rel] = text
        for name in re.findall(r"\bfn\s+([a-z_][a-z0-9_]*)", text):
            defs.setdefault(name, set()).add(rel)
    calls = {}
    for rel, text in sources.items():
        for name in re.findall(r"(?:Self|Pallet::<T>)::([a-z_][a-z0-9_]*)", text):
            for owner in defs.get(name, ()):
                if owner != rel:
                    calls.setdefault(rel, {}).setdefault(owner, set()).add(name)
    print("calls by file (caller -> callee: functions)")
    for caller in sorted(sources):
        for callee, names in sorted(calls.get(caller, {}).items()):
            print(f"  {caller} -> {callee}: {', '.join(sorted(names))}")
        if caller not in calls:
            print(f"  {caller} -> (nothing of the pallet's)")
    # Circles: depth-first search for a back edge.
    graph = {f: set(calls.get(f, {})) for f in sources}
    state, stack, circles = {}, [], []

    def visit(f):
        state[f] = 1
        stack.append(f)
        for g in sorted(graph[f]):
            if state.get(g) == 1:
                circles.append(stack[stack.index(g):] + [g])
            elif g not in state:
                visit(g)
        stack.pop()
        state[f] = 2

    for f in sorted(graph):
        if f not in state:
            visit(f)
    # Floors: a file's floor is one above the highest floor it calls.
    floor = {}

    def level(f, seen=()):
        if f in floor:
            return floor[f]
        if f in seen:
            return 0
        floor[f] = 1 + max((level(g, seen + (f,)) for g in graph[f]), default=0)
        return floor[f]

    if circles:
        print("circles:")
        for c in circles:
            print("  " + " -> ".join(c))
        return 1
    print("floors (1 calls nothing of the pallet's; each file calls only floors below it):")
    for f in sorted(graph, key=lambda f: (level(f), f)):
        print(f"  {level(f)}  {f}")
    print("one way: no two files call each other")
    return 0


if __name__ == "__main__":
    sys.exit(main())
