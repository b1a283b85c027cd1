"""Tests of the swap lab: paging out to a swap disk (labs/swap/README.md).

The first test runs reference strings through swaptest's `run` under FIFO and compares its
misses with FIFO's on the same string, computed here as the paging-policy simulator does (the
make test suite `swap` compares with the simulator itself). The others run one test of
swaptest, which counts page-ins, page-outs and slots with vmstats and prints 'test NAME: OK'
or why it failed. One shared boot, one hart.
"""
import re

from grading.lab import Lab

lab = Lab("swap", overlay=["user/swaptest.c", "user/testing.c", "user/testing.h", "kernel/vmstat.h",
                           "user/sh.c"], cpus=1, time_limit=300)

BELADY = [0, 1, 2, 3, 0, 1, 4, 0, 1, 2, 3, 4]


def fifo_misses(refs, frames):
    """paging-policy -p FIFO -C frames: misses on refs, from an empty memory."""
    memory, misses = [], 0
    for page in refs:
        if page not in memory:
            misses += 1
            if len(memory) == frames:
                memory.pop(0)
            memory.append(page)
    return misses


def swaptest(t, name, timeout=30):
    out = t.run(f"swaptest {name}", timeout=timeout)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"swaptest {name} failed:\n{out.strip()}")
    return out


@lab.test(25)
def fifo(t):
    """Under FIFO the kernel misses exactly as often as the simulator, and pages in the rest."""
    strings = [(BELADY, 3), (BELADY, 4)]
    for _ in range(3):
        pages = t.rng.randint(8, 30)
        hot = t.rng.sample(range(pages), 4)
        refs = [t.rng.choice(hot) if t.rng.random() < 0.5 else t.rng.randrange(pages)
                for _ in range(t.rng.randint(40, 90))]
        strings.append((refs, t.rng.randint(2, 8)))
    for refs, frames in strings:
        line = ",".join(map(str, refs))
        out = t.run(f"swaptest run fifo {frames} {line}", timeout=20)
        t.log(out.strip())
        got = re.search(r"misses (\d+) pageins (\d+)", out)
        t.check(got is not None, f"swaptest run printed no counts:\n{out.strip()}")
        want = fifo_misses(refs, frames)
        t.check(int(got.group(1)) == want,
                f"reference string {line} with {frames} pages: the simulator's FIFO misses "
                f"{want} times, the kernel {got.group(1)}")
        t.check(int(got.group(2)) == want - len(set(refs)),
                f"reference string {line} with {frames} pages: {got.group(2)} page-ins, where "
                f"the misses less the first touches are {want - len(set(refs))}")


@lab.test(15)
def content(t):
    """Pages keep their contents through rounds of paging out and in, under each policy."""
    swaptest(t, "content")


@lab.test(15)
def clock(t):
    """The clock keeps a page touched between every two others, where FIFO throws it out."""
    swaptest(t, "clock")


@lab.test(15)
def leak(t):
    """Processes that swap, shrink their heap and exit give back every slot and page."""
    swaptest(t, "leak")


@lab.test(15)
def fork(t):
    """A child forked with pages on swap sees them; its writes and its parent's stay apart."""
    swaptest(t, "fork")


@lab.test(15, after="content")
def full(t):
    """Filling the swap disk kills only the process that needed a slot, with a message."""
    out = swaptest(t, "full", timeout=60)
    t.match(r"swap space full: killed", out, "no message said the process died for want of "
            f"swap space:\n{out.strip()}")
