"""Chapter 31 homework: building with semaphores (waits for threads in our kernel)."""
from grading.homework import Chapter

WAITS = "threads in our kernel: `pthread.h` and the POSIX subset come with the concurrency work; until then these programs cannot be built"
ch = Chapter("31", "semaphores", "Semaphores", kind="code", intro="""
Solve classic synchronization problems with `sem_init`, `sem_wait` and `sem_post` in this
folder (`make qemu HW=31`).
""")


@ch.program(10, """
Write `barrier.c`: N threads (from the command line) each print `before <i>`, wait at a
barrier built from two semaphores and a counter, then print `after <i>`. No `after` line
may come before the last `before` line.
""", programs=["barrier"], waits=WAITS)
def barrier(t, params):
    n = t.randint(3, 8)
    out = t.run(f"barrier {n}")
    lines = [line.split()[0] for line in out.splitlines() if line.split()]
    t.check(lines.count("before") == n and lines.count("after") == n, f"expected {n} of each:\n{out}")
    t.check(max(i for i, w in enumerate(lines) if w == "before") <
            min(i for i, w in enumerate(lines) if w == "after"), f"an after came too early:\n{out}")


ch.question("""
A parent waits for a child thread with one semaphore; then two threads rendezvous (each waits
for the other) with two. What must each semaphore start at?
""", waits=WAITS)
ch.question("""
Write a reader-writer lock, show that writers can starve, and fix it. Then build a mutex that
no thread can starve, from semaphores alone.
""", waits=WAITS)
