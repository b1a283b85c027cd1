"""Tests of the sync lab: the thread library's mutex, condition variables, semaphores and
reader-writer lock over futexes (labs/sync/README.md).

Each test runs one test of the given program synctest, which runs it in a process of its
own under a watchdog (a lost wake-up fails it in seconds, not at the grader's time limit)
and prints 'test NAME: OK' or why it failed. Three harts, so that threads race for real.
The tests need threads: the submission carries its threads lab.
"""
from grading.lab import Lab

lab = Lab("sync", overlay=["user/synctest.c", "user/testing.c", "user/testing.h", "user/thread.h",
                           "user/thread_barrier.c", "user/sh.c"], cpus=3, time_limit=300)


def synctest(t, name):
    out = t.run(f"synctest {name}", timeout=25)
    t.log(out.strip())
    t.match(rf"^test {name}: OK$", out, f"synctest {name} failed:\n{out.strip()}")


@lab.test(20, timeout=30)
def mutex(t):
    """One thread at a time in the mutex; unlock wakes a sleeper; trylock."""
    synctest(t, "mutex")


@lab.test(15, timeout=30)
def cond(t):
    """cond_signal and cond_broadcast wake the waiters; cond_wait lets go of the mutex."""
    synctest(t, "cond")


@lab.test(15, timeout=30)
def sema(t):
    """Semaphores count; no post's wake-up is lost; a spurious wake-up lets nobody through."""
    synctest(t, "sema")


@lab.test(20, timeout=30)
def buffer(t):
    """A bounded buffer, three producers and three consumers: every item delivered once."""
    synctest(t, "buffer")


@lab.test(10, timeout=30)
def barrier(t):
    """The given barrier over your mutex and condition variable: nobody passes early."""
    synctest(t, "barrier")


@lab.test(20, timeout=30)
def rwlock(t):
    """Readers together, a writer alone, and a waiting writer is not starved by readers."""
    synctest(t, "rwlock")
