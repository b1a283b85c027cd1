"""Chapter 29 homework: concurrent counters, lists and queues (POSIX threads in our kernel)."""
from grading.homework import Chapter

ch = Chapter("29", "locked-data-structures", "Lock-based Concurrent Data Structures", kind="code",
             cpus=2, intro="""
Build concurrent data structures in this folder as POSIX programs (`#include <pthread.h>`;
`make qemu HW=29` builds every `*.c` here into the disk image) and time them with
`gettimeofday` over many operations: its resolution is one clock tick, 100 ms, so make every
run last seconds. `make qemu CPUS=N` boots N harts. The checker boots the kernel with two harts
and runs your programs with values drawn for each run. A thread's stack is one page (4 KB).
""")


@ch.program(10, """
Write `sloppy.c`, an approximate counter: `sloppy T N S` starts T threads (at most 16), each
counting N events. Each thread adds to a local count of its own, under the local count's lock;
when that count reaches the threshold S, the thread moves it into the global count under the
global lock and starts again from 0. After joining the threads, print `global <value>`: the
global count alone, as a reader would see it; then move what is left in every local count into
the global one and print `count <value>`. Then time a counter under one lock against yours as
T grows (1 to 4, with `CPUS=4`), for thresholds 1 to 1024: plot time against threshold.
""", programs=["sloppy"])
def sloppy(t, params):
    threads, n, s = t.randint(2, 4), t.randint(2000, 8000), t.randint(3, 64)
    n += 1 if n % s == 0 else 0  # leftovers in every local count
    out = t.run(f"sloppy {threads} {n} {s}", timeout=90)
    t.match(rf"^global {threads * (n // s) * s}\s*$", out,
            f"`sloppy {threads} {n} {s}`: before the leftovers are moved, the global count is "
            f"{threads} x {n // s} x {s} = {threads * (n // s) * s}, so it should print "
            f"`global {threads * (n // s) * s}`:\n{out}")
    t.match(rf"^count {threads * n}\s*$", out,
            f"`sloppy {threads} {n} {s}` should end with `count {threads * n}`:\n{out}")


@ch.program(10, """
Write `hohlist.c`, a sorted linked list with a lock in every node and hand-over-hand locking
(take the next node's lock before letting go of the current one's): `hohlist T N` starts T
threads, thread i inserting the keys i, T+i, 2T+i, ... (N keys each), so that they insert all
over the list at once. After joining them, walk the list and print `length <nodes>`,
`sum <sum of the keys>` and `sorted yes` (or `sorted no`). Then write the same list with one
lock for the whole list: find a workload where hand-over-hand wins, if there is one, and
explain why it usually loses.
""", programs=["hohlist"])
def hohlist(t, params):
    threads, n = t.randint(2, 4), t.randint(80, 200)
    keys = threads * n
    out = t.run(f"hohlist {threads} {n}", timeout=90)
    for pattern, what in [(rf"^length {keys}\s*$", f"length {keys}"),
                          (rf"^sum {keys * (keys - 1) // 2}\s*$", f"sum {keys * (keys - 1) // 2}"),
                          (r"^sorted yes\s*$", "sorted yes")]:
        t.match(pattern, out, f"`hohlist {threads} {n}` should print `{what}`:\n{out}")


ch.question("""
Build a queue with separate locks for its head and its tail (and a dummy node, so that an
enqueue and a dequeue never touch the same node), and a hash table with a lock per bucket over
your list. Time each with 1 to 4 threads on `CPUS=4`: which scales, and where does it stop?
(Not checked; report your figures.)
""")
