"""Tests of the lock lab: a page allocator and a buffer cache with less lock contention
(labs/lock/README.md).

Each test runs one test of the given program locktest, which measures how much harts share a
lock with lockstat (the share of its acquisitions made on another hart than its last holder)
and memory with vmstats, and prints 'test NAME: OK' or why it failed. Three harts, so that the
allocator and the cache are used from several harts at once.
"""
from grading.lab import Lab

lab = Lab("lock", overlay=["user/locktest.c", "user/testing.c", "user/testing.h",
                           "kernel/lockstat.h", "kernel/lib/spinlock.c", "kernel/lib/spinlock.h",
                           "user/lockstat.c", "user/sh.c"],
          cpus=3, time_limit=300)


def locktest(t, name, timeout=110):
    out = t.run(f"locktest {name}", timeout=timeout)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"locktest {name} failed:\n{out.strip()}")


@lab.test(30, timeout=120)
def kalloc(t):
    """Three processes make pipes and grow and shrink their heaps at once: the allocator's
    locks rarely pass between harts, and no page is lost."""
    locktest(t, "kalloc")


@lab.test(20, timeout=120)
def steal(t):
    """With every free page on one hart's list, processes on the other harts still get pages."""
    locktest(t, "steal")


@lab.test(25, timeout=120)
def bcache(t):
    """Three processes read their own files at once: the cache's locks rarely pass between
    harts, and the data read back is right."""
    locktest(t, "bcache")


@lab.test(25, timeout=120)
def evict(t):
    """Three processes read files that do not fit in the cache together: buffers are recycled
    from bucket to bucket, and every byte reads back right."""
    locktest(t, "evict")
