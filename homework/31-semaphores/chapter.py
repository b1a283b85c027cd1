"""Chapter 31 homework: building with semaphores (POSIX threads in our kernel)."""
import re

from grading.homework import Chapter

ch = Chapter("31", "semaphores", "Semaphores", kind="code", cpus=2, intro="""
Solve classic synchronization problems with `sem_init`, `sem_wait` and `sem_post`
(`#include <semaphore.h>`, or `<pthread.h>`, which includes it) in POSIX programs in this
folder; `make qemu HW=31` builds every `*.c` here into the disk image. Build every
synchronization here from semaphores alone (no mutexes or condition variables). OSTEP's
`common_threads.h` wraps semaphores only on Linux: call the `sem_` functions directly. The
checker boots the kernel with two harts and runs your programs with values drawn for each run.
""")


def words(out):
    return [line.split() for line in out.splitlines() if line.split()]


@ch.program(10, """
Write `rendezvous.c`: `rendezvous R` starts two threads, a and b. For each round r from 1 to R,
thread a prints `a <r>` and thread b prints `b <r>`, and then each waits for the other before
its next round, so that no line of round r+1 comes before both lines of round r; after joining
both, the main thread prints `done`. Use two semaphores: what must each start at?
""", programs=["rendezvous"])
def rendezvous(t, params):
    rounds = t.randint(20, 60)
    out = t.run(f"rendezvous {rounds}", timeout=90)
    lines = [w for w in words(out) if len(w) == 2 and w[0] in ("a", "b") and w[1].isdigit()]
    for who in "ab":
        got = [int(r) for w, r in lines if w == who]
        t.check(got == list(range(1, rounds + 1)),
                f"`rendezvous {rounds}`: thread {who} should print `{who} 1` to "
                f"`{who} {rounds}` in order:\n{out}")
    seen = set()
    for w, r in lines:
        if int(r) > 1:
            t.check({("a", str(int(r) - 1)), ("b", str(int(r) - 1))} <= seen,
                    f"`{w} {r}` came before both lines of round {int(r) - 1}:\n{out}")
        seen.add((w, r))
    t.check(out.rstrip().endswith("done"), f"`done` should come last:\n{out}")


@ch.program(10, """
Write `barrier.c`: `barrier N` starts N threads; thread i prints `before <i>`, waits at a
barrier built from two semaphores and a counter, and prints `after <i>`. No `after` line may
come before the last `before` line.
""", programs=["barrier"])
def barrier(t, params):
    # A barrier nobody waits at can still print every `before` first, by luck of the
    # scheduling: more threads, and two runs, make that luck too rare to pass.
    for _ in range(2):
        n = t.randint(6, 12)
        out = t.run(f"barrier {n}", timeout=60)
        lines = [w for w in words(out) if len(w) == 2 and w[0] in ("before", "after")]
        for word in ("before", "after"):
            t.check(sorted(int(i) for w, i in lines if w == word) == list(range(n)),
                    f"`barrier {n}` should print `{word} 0` to `{word} {n - 1}` once each:\n{out}")
        kinds = [w for w, _ in lines]
        t.check(max(i for i, w in enumerate(kinds) if w == "before") <
                min(i for i, w in enumerate(kinds) if w == "after"),
                f"an `after` line came before the last `before` line:\n{out}")


@ch.program(10, """
Write `rwlock.c`, a reader-writer lock from semaphores, and drive it: `rwlock R W N` starts R
readers and W writers that share two numbers x and y, both 0. N times, each writer takes the
lock for writing, adds 1 to x, calls `sched_yield()`, adds 1 to y and lets go; N times, each
reader takes it for reading, reads x, calls `sched_yield()`, reads y, lets go, and counts the
reads where x and y differed. After joining everyone, print `x <x>`, `y <y>` and `bad <the
readers' count of differing reads>`. Then show that with your lock a steady stream of readers
can starve a writer, and fix it.
""", programs=["rwlock"])
def rwlock(t, params):
    readers, writers, n = t.randint(2, 4), t.randint(2, 3), t.randint(200, 500)
    out = t.run(f"rwlock {readers} {writers} {n}", timeout=90)
    for key, value in [("x", writers * n), ("y", writers * n), ("bad", 0)]:
        t.match(rf"^{key} {value}\s*$", out,
                f"`rwlock {readers} {writers} {n}` should print `{key} {value}`:\n{out}")


ch.question("""
Build a mutex from semaphores that no thread can starve: however many threads keep asking,
every one that waits gets the lock in the end (Morris's algorithm, or one of your own). Argue
why yours cannot starve, and why a plain binary semaphore can. (Not checked; explain.)
""")
