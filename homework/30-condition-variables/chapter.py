"""Chapter 30 homework: producers and consumers (waits for threads in our kernel)."""
from grading.homework import Chapter

WAITS = "threads in our kernel: `pthread.h` and the POSIX subset come with the concurrency work; until then these programs cannot be built"
ch = Chapter("30", "condition-variables", "Condition Variables", kind="code", intro="""
Write a bounded buffer with producers and consumers in this folder (`make qemu HW=30`):
`pcbuf P C S N` runs P producers and C consumers over a buffer of S slots, each producer
putting N numbers.
""")


@ch.program(10, """
Write `pcbuf.c` with one mutex and two condition variables (empty, full) and `while` loops
around every wait. Each consumer prints the sum of what it took; the main thread prints
`total <sum>` after joining everyone. The total must be right for every P, C, S and N.
""", programs=["pcbuf"], waits=WAITS)
def pcbuf(t, params):
    p, c, s, n = t.randint(1, 3), t.randint(1, 3), t.randint(1, 4), t.randint(50, 200)
    out = t.run(f"pcbuf {p} {c} {s} {n}")
    total = p * n * (n + 1) // 2
    t.match(rf"^total {total}\s*$", out, f"expected `total {total}`:\n{out}")


ch.question("""
Break it on purpose: use `if` instead of `while`, then a single condition variable for both
sides. Find the interleaving that makes each version fail, and say which failure is a wrong
answer and which is a hang.
""", waits=WAITS)
ch.question("""
Add sleeps (`sleep(1)` ticks) in the producer and the consumer in turn. How does the buffer
size change the total time in each case?
""", waits=WAITS)
