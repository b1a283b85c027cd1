"""Tests of the cow lab: copy-on-write fork (labs/cow/README.md).

Each test runs one test of the given program cowtest, which measures memory with vmstats (free
pages, copies made on write) and prints 'test NAME: OK' or why it failed. The last test runs
the base kernel's usertests, which fork a great deal, on the same kernel. Three harts, so that
reference counts are updated from several harts at once.
"""
import re

from grading.lab import Lab

USERTESTS = ["user/usertests.c", "user/usertests.h"] + [
    f"user/usertests_{part}.c" for part in ("mem", "proc", "fs", "fs2")]

lab = Lab("cow", overlay=["user/cowtest.c", "user/testing.c", "user/testing.h", "kernel/vmstat.h",
                          "user/sh.c"] + USERTESTS,
          cpus=3, time_limit=400)


def cowtest(t, name, timeout=60):
    out = t.run(f"cowtest {name}", timeout=timeout)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"cowtest {name} failed:\n{out.strip()}")


@lab.test(20, timeout=60)
def bigfork(t):
    """A process holding two thirds of free memory can fork, and fork copies no page."""
    cowtest(t, "bigfork")


@lab.test(15, timeout=60)
def isolation(t):
    """A parent and two children write to shared pages; each sees only its own writes."""
    cowtest(t, "isolation")


@lab.test(15, timeout=60)
def copyout(t):
    """The kernel's writes to user memory (read() into a shared page) copy it first."""
    cowtest(t, "copyout")


@lab.test(10, timeout=60)
def lastowner(t):
    """The last process holding a page writes to it without a copy."""
    cowtest(t, "lastowner")


@lab.test(15, timeout=60)
def leak(t):
    """Forks, writes and exits give every page back."""
    cowtest(t, "leak")


@lab.test(10, timeout=60)
def oom(t):
    """A child writing more shared memory than the machine has dies alone; nothing leaks."""
    cowtest(t, "oom")


@lab.test(15, timeout=300, after="isolation")
def usertests(t):
    """The kernel's own usertests (quick set) still pass."""
    out = t.run("usertests", timeout=280)
    failed = re.findall(r"^test (\S+): FAILED", out, re.M)
    t.check(not failed, f"usertests failed: {', '.join(failed)}")
    t.match(r"^ALL TESTS PASSED$", out, f"usertests did not pass:\n{out[-2000:]}")
