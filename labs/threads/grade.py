"""Tests of the threads lab: clone and join in the kernel, thread_create and thread_join in
the thread library (labs/threads/README.md).

Each test runs one test of the given program threadtest, which runs it in a process of its
own under a watchdog (a hang fails it in seconds) and prints 'test NAME: OK' or why it
failed. Three harts, so that threads run at the same time.
"""
from grading.lab import Lab

lab = Lab("threads", overlay=["user/threadtest.c", "user/testing.c", "user/testing.h",
                              "user/thread.h", "user/sh.c"], cpus=3, time_limit=300)


def threadtest(t, name):
    out = t.run(f"threadtest {name}", timeout=25)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"threadtest {name} failed:\n{out.strip()}")


@lab.test(15, timeout=30)
def shared(t):
    """A thread sees and changes its creator's globals, heap and stack; clone passes both
    arguments and join gives back the stack."""
    threadtest(t, "shared")


@lab.test(20, timeout=30)
def many(t):
    """Threads up to the process table's limit; one more fails with -1; all are joined."""
    threadtest(t, "many")


@lab.test(15, timeout=30)
def join(t):
    """join returns each thread once, in the order they end, with its own stack; it leaves a
    child process to wait."""
    threadtest(t, "join")


@lab.test(15, name="exit", timeout=30)
def exits(t):
    """A thread's exit ends the whole process, with its status."""
    threadtest(t, "exit")


@lab.test(15, timeout=30)
def stacks(t):
    """50 threads made and joined give back every page: stacks, trapframes, slots."""
    threadtest(t, "stacks")


@lab.test(20, timeout=30)
def badargs(t):
    """Bad stacks, functions and join addresses fail with -1, and the kernel lives on."""
    threadtest(t, "badargs")
