#!/usr/bin/env python3
"""The crash-state explorer's workloads, one per line as crashwl reads them: "id|setup|ops".

Usage: workloads.py quick|full

The small workloads are every sequence of one to three operations (B3's bound: most real crash
bugs need no more) over create, write, append, truncate, link, unlink, rename-by-link, mkdir
and rmdir-by-unlink, on one starting tree, keeping only sequences whose every operation can
work (a model of the names says which). The long ones: a directory tree, a big file written
in one call that spans several transactions and the indirect block, and its truncation. And
a few with symbolic links and with files held open across their unlink (orphans, freed by the
last close, which crashwl makes before the workload's end).
"""
import sys

# The starting tree: a file a (300 bytes), a directory d holding b (50 bytes), an empty e.
SETUP = "mkdir d;mkdir e;creat a;write a 300;creat d/b;write d/b 50"
START = {"a": "f", "d": "d", "d/b": "f", "e": "d"}

# (operation, what must be true of the names before it, the names it changes)
def ops():
    out = []
    def op(text, need, change):
        out.append((text, need, change))
    f = lambda n: (n, "f")
    absent = lambda n: (n, None)
    op("creat x", [absent("x")], {"x": "f"})
    op("creat d/x", [absent("d/x"), ("d", "d")], {"d/x": "f"})
    op("write a 1500", [f("a")], {})
    op("write x 700", [f("x")], {})
    op("append a 200", [f("a")], {})
    op("append d/b 1000", [f("d/b")], {})
    op("trunc a", [f("a")], {})
    op("trunc d/b", [f("d/b")], {})
    op("link a d/l", [f("a"), absent("d/l")], {"d/l": "f"})
    op("link x y", [f("x"), absent("y")], {"y": "f"})
    op("unlink a", [f("a")], {"a": None})
    op("unlink d/b", [f("d/b")], {"d/b": None})
    op("unlink x", [f("x")], {"x": None})
    op("rename a d/r", [f("a"), absent("d/r")], {"a": None, "d/r": "f"})
    op("rename x e/x", [f("x"), ("e", "d"), absent("e/x")], {"x": None, "e/x": "f"})
    op("mkdir m", [absent("m")], {"m": "d"})
    op("mkdir d/m", [absent("d/m"), ("d", "d")], {"d/m": "d"})
    op("rmdir e", [("e", "d"), ("e/", "empty")], {"e": None})
    op("rmdir m", [("m", "d"), ("m/", "empty")], {"m": None})
    return out


def holds(names, need):
    for name, want in need:
        if want == "empty":
            if any(n.startswith(name) for n in names):
                return False
        elif names.get(name) != want:
            return False
    return True


def sequences(max_len):
    """Every valid sequence of 1..max_len operations, in a fixed order."""
    table = ops()
    found = []
    def grow(seq, names):
        if seq:
            found.append(seq)
        if len(seq) == max_len:
            return
        for text, need, change in table:
            if holds(names, need):
                after = dict(names)
                for n, t in change.items():
                    if t is None:
                        after.pop(n, None)
                    else:
                        after[n] = t
                grow(seq + [text], after)
    grow([], dict(START))
    return found


LONG = [
    (SETUP, "mkdir t;mkdir t/u;mkdir t/u/v;creat t/u/v/f;write t/u/v/f 2000;link t/u/v/f t/g;"
            "creat t/h;rename t/h t/u/h;unlink t/g"),
    (SETUP, "creat big;write big 20000"),
    (SETUP + ";creat big;write big 20000", "trunc big"),
    (SETUP + ";creat big;write big 14000", "append big 6000;unlink big"),
]

# Symbolic links (the fs lab's) and orphans: files unlinked while a workload holds them open.
LINKS = [["symlink a s"], ["symlink nowhere d/s"], ["symlink d/b s", "unlink d/b"],
         ["symlink a s", "unlink s"], ["symlink d e/s", "creat x", "symlink x e/t"]]
HELD = [["hold a", "unlink a"], ["hold d/b", "append d/b 1000", "unlink d/b"],
        ["hold a", "unlink a", "creat a"], ["hold a", "rename a d/r"], ["creat x", "hold x", "unlink x"]]
HELD_LONG = (SETUP + ";creat big;write big 20000", "hold big;unlink big")


def workloads(which):
    if which == "quick":
        # Every single operation, a few pairs and triples, and the long ones.
        small = sequences(1)
        small += [["creat x", "write x 700", "link x y"], ["rename a d/r", "unlink d/b"],
                  ["mkdir m", "rmdir e", "rmdir m"], ["append a 200", "trunc a"]]
        small += [LINKS[0], LINKS[2], HELD[0], HELD[1]]
        longs = LONG[:2]
    else:
        small = sequences(3) + LINKS + HELD
        longs = LONG + [HELD_LONG]
    lines = [f"{i}|{SETUP}|{';'.join(seq)}" for i, seq in enumerate(small)]
    lines += [f"{len(small) + i}|{setup}|{ops}" for i, (setup, ops) in enumerate(longs)]
    return lines


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("quick", "full", "count"):
        print("usage: workloads.py quick|full", file=sys.stderr)
        return 2
    if sys.argv[1] == "count":
        print(len(sequences(1)), len(sequences(2)), len(sequences(3)))
        return 0
    for line in workloads(sys.argv[1]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
