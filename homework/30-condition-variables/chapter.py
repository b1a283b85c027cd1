"""Chapter 30 homework: producers and consumers (POSIX threads in our kernel)."""
import re

from grading.homework import Chapter

ch = Chapter("30", "condition-variables", "Condition Variables", kind="code", cpus=2, intro="""
Write a bounded buffer with producers and consumers in this folder as a POSIX program
(`#include <pthread.h>`; `make qemu HW=30` builds every `*.c` here into the disk image):
`pcbuf P C S N` runs P producers and C consumers over a buffer of S slots, each producer
putting N numbers. The checker boots the kernel with two harts and runs it with values drawn
for each run. A thread's stack is one page (4 KB).
""")


@ch.program(10, """
Write `pcbuf.c` with one mutex, two condition variables (one for a free slot, one for an item)
and a `while` loop around every wait. Producer p (from 0) puts the numbers p*N+1 to p*N+N.
Consumers take items until they take a 0, the end marker: the main thread puts C of them once
it has joined every producer. Each consumer counts the items it took and adds up them and their
squares; after joining everyone, the main thread prints `consumer <j> took <items>` for each
consumer, then `items <count>`, `total <sum>` and `squares <sum of squares>` over all
consumers. Every number must be taken exactly once, for every P, C, S and N.
""", programs=["pcbuf"])
def pcbuf(t, params):
    p, c, s, n = t.randint(1, 3), t.randint(1, 3), t.randint(1, 4), t.randint(100, 400)
    items = p * n
    out = t.run(f"pcbuf {p} {c} {s} {n}", timeout=90)
    took = [int(x) for x in re.findall(r"^consumer \d+ took (\d+)\s*$", out, re.M)]
    t.check(len(took) == c and sum(took) == items,
            f"`pcbuf {p} {c} {s} {n}`: {c} consumers should print `consumer <j> took <items>`, "
            f"adding up to {items}:\n{out}")
    for key, value in [("items", items), ("total", items * (items + 1) // 2),
                       ("squares", items * (items + 1) * (2 * items + 1) // 6)]:
        t.match(rf"^{key} {value}\s*$", out, f"`pcbuf {p} {c} {s} {n}` should print "
                f"`{key} {value}` (each of 1..{items} taken exactly once):\n{out}")


ch.question("""
Break it on purpose: use `if` instead of `while`, then a single condition variable for both
sides (with two consumers and one producer, and a buffer of one slot). Find the interleaving
that makes each version fail, and say which failure is a wrong answer and which is a hang.
Which of the two does `pthread_cond_broadcast` cure, and at what cost? (Not checked; explain.)
""")
ch.question("""
Make the producers slow (`usleep(100000)`, one clock tick, before each put), then the
consumers instead, for buffers of 1, 2 and 8 slots. How does the buffer's size change the total
time (measure it with `gettimeofday`) in each case, and why?
(Not checked; report your figures.)
""")
