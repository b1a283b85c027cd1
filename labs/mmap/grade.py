"""Tests of the mmap lab: file mappings, mmap and munmap (labs/mmap/README.md).

Each test runs one test of the given program mmaptest, which makes its files with write(),
checks them with read() and counts faults, flushes and free pages with vmstats, and prints
'test NAME: OK' or why it failed. Two harts, so that a mapping's pages are faulted in and
written back on either.
"""
from grading.lab import Lab

lab = Lab("mmap", overlay=["user/mmaptest.c", "user/testing.c", "user/testing.h", "kernel/vmstat.h",
                           "kernel/fcntl.h", "user/sh.c"],
          cpus=2, time_limit=300)


def mmaptest(t, name, timeout=30):
    out = t.run(f"mmaptest {name}", timeout=timeout)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"mmaptest {name} failed:\n{out.strip()}")


@lab.test(10)
def private(t):
    """A MAP_PRIVATE mapping holds the file, then zeros; its stores never reach the file."""
    mmaptest(t, "private")


@lab.test(15)
def shared(t):
    """A MAP_SHARED mapping's stores reach the file at munmap, without growing it."""
    mmaptest(t, "shared")


@lab.test(10, name="exit", after="shared")
def exit_writeback(t):
    """A shared mapping is written back when its process exits or execs without munmap."""
    mmaptest(t, "exit")


@lab.test(5, after="shared")
def clean(t):
    """Pages that were only read are not written back."""
    mmaptest(t, "clean")


@lab.test(10, after="shared")
def partial(t):
    """munmap of either end keeps the rest at the right file offset; no holes; access killed."""
    mmaptest(t, "partial")


@lab.test(10)
def fork(t):
    """A child inherits the mappings and their pages; private stores stay private."""
    mmaptest(t, "fork")


@lab.test(5)
def twofiles(t):
    """Two files mapped at once, at different addresses."""
    mmaptest(t, "twofiles")


@lab.test(10)
def lazy(t):
    """mmap reads nothing: one file fault per page touched, with the file as it is then."""
    mmaptest(t, "lazy")


@lab.test(10)
def leak(t):
    """Rounds of map, touch, fork and unmap give every page back."""
    mmaptest(t, "leak")


@lab.test(5)
def badargs(t):
    """Bad arguments give -1; a writable shared mapping of a read-only file is refused."""
    mmaptest(t, "badargs")


@lab.test(5)
def readonly(t):
    """A store to a read-only mapping kills the process; read() into one fails."""
    mmaptest(t, "readonly")


@lab.test(5)
def threads(t):
    """Threads share the mappings: each faults in the others' and sees the ones they make."""
    mmaptest(t, "threads")
