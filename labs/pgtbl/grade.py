"""Tests of the pgtbl lab: vmprint, the USYSCALL page, pgaccess and superpages
(labs/pgtbl/README.md).

The tests run the given program pgtbltest. vmprint's test grows the heap by a number of
pages drawn for the run and reads the printed tree back: every line at its level, the heap
folded into one line of the right length, the pages at the top of the address space with
the right flags.
"""
import re

from grading.lab import Lab

lab = Lab("pgtbl", overlay=["user/pgtbltest.c", "user/sh.c", "user/ulib.c",
                            "kernel/arch/memlayout.h"], time_limit=300)

PGSIZE = 4096
MAXVA = 1 << 38
USYSCALL, TRAPFRAME, TRAMPOLINE = MAXVA - 3 * PGSIZE, MAXVA - 2 * PGSIZE, MAXVA - PGSIZE
LINE = re.compile(r"^((?: \.\.)+)0x([0-9a-f]{16})(?:-0x([0-9a-f]{16}))?: (.*)$")
FLAGS = re.compile(r"([V-][R-][W-][X-][U-][G-][A-][D-][C-])$")


def pgtbltest(t, args, timeout=30):
    out = t.run(f"pgtbltest {args}", timeout=timeout)
    t.log(out.strip())
    return out


def passed(t, out, name):
    t.match(rf"^test {name}: OK$", out, f"pgtbltest {name} failed:\n{out.strip()}")


@lab.test(20, timeout=60)
def ugetpid(t):
    """ugetpid() reads the pid from the page at USYSCALL, mapped read-only for the user."""
    passed(t, pgtbltest(t, "ugetpid"), "ugetpid")


def parse_tree(t, out):
    """The printed tree: (level, first va, last va, pages, flags or None for a table)."""
    lines = out.splitlines()
    start = [i for i, line in enumerate(lines) if line.startswith("page table 0x")]
    t.check(start, f"no line 'page table 0x...' in:\n{out}")
    entries = []
    for line in lines[start[0] + 1:]:
        m = LINE.match(line)
        if not m:
            break
        level = 3 - len(m[1]) // 3
        t.check(0 <= level <= 2, f"an entry indented deeper than three levels: {line!r}")
        first = int(m[2], 16)
        last = int(m[3], 16) if m[3] else first
        flags = FLAGS.search(m[4])
        pages = re.search(r": (\d+) pages", line)
        entries.append((level, first, last, int(pages[1]) if pages else 1,
                        flags[1] if flags else None, line))
    t.check(entries, f"no entries after 'page table':\n{out}")
    return entries


@lab.test(25, timeout=60)
def vmprint(t):
    """kpgtbl() prints the page table as a tree, leaves with flags, runs of leaves folded."""
    n = t.randint(5, 90)
    out = pgtbltest(t, f"vmprint {n}")
    passed(t, out, "vmprint")
    heap = re.search(r"^vmprint: heap from 0x([0-9a-f]+) to 0x([0-9a-f]+)$", out, re.M)
    t.check(heap, f"pgtbltest did not say where the heap is:\n{out}")
    start, end = int(heap[1], 16), int(heap[2], 16)
    entries = parse_tree(t, out)
    tables = [(level, first) for level, first, _, _, flags, _ in entries if flags is None]
    t.check(tables == [(2, 0), (1, 0), (2, 0x3fc0000000), (1, 0x3fffe00000)],
            "expected the page-table pages at level 2 for 0x0 and 0x3fc0000000, each with one "
            f"at level 1 below it, got {[(lv, hex(va)) for lv, va in tables]}:\n{out}")
    previous = -1
    for level, first, last, pages, flags, line in entries:
        t.check(first > previous or flags is None, f"entries out of address order at {line!r}")
        if flags is not None:
            t.check(level == 0, f"a leaf above level 0, for a heap too small for a superpage: "
                    f"{line!r}")
            t.check(pages == (last - first) // PGSIZE + 1,
                    f"the range and the count of pages disagree: {line!r}")
            previous = last
    leaves = {first: (last, pages, flags) for level, first, last, pages, flags, _ in entries
              if flags is not None}
    covering = [(first, last, flags) for first, (last, _, flags) in leaves.items()
                if first <= start and last >= end - PGSIZE]
    t.check(covering, f"no line covers the heap of {n} pages, 0x{start:x} to 0x{end:x} "
            f"(runs of pages with the same flags fold into one line):\n{out}")
    first, last, flags = covering[0]
    t.check(last == end - PGSIZE and flags.startswith("VRW-U"),
            f"the heap's run should end at 0x{end - PGSIZE:x} with flags VRW-U...:\n{out}")
    for va, want in ((USYSCALL, "VR--U"), (TRAPFRAME, "VRW--"), (TRAMPOLINE, "VR-X-")):
        t.check(va in leaves and leaves[va][2].startswith(want),
                f"expected a leaf at 0x{va:x} with flags {want}...:\n{out}")


@lab.test(25, timeout=60)
def pgaccess(t):
    """pgaccess reports the pages touched since it last looked, and clears what it reports."""
    mask = t.randint(1, (1 << 31) - 1)
    passed(t, pgtbltest(t, f"pgaccess {mask}"), "pgaccess")


@lab.test(10, timeout=60)
def badargs(t):
    """pgaccess refuses bad page counts and addresses; pgpte finds nothing past MAXVA."""
    passed(t, pgtbltest(t, "badargs"), "badargs")


@lab.test(20, timeout=120)
def superpages(t):
    """Growing the heap by 16 MB maps each whole, aligned 2 MB as one superpage; fork copies
    them; a shrink into one splits it; every page comes back."""
    passed(t, pgtbltest(t, "superpages", timeout=100), "superpages")
