"""Chapter 27 homework: the thread API (POSIX threads in our kernel)."""
import re

from grading.homework import Chapter

ch = Chapter("27", "thread-api", "Interlude: Thread API", kind="code", cpus=2, intro="""
Write threaded POSIX programs in this folder: `#include <pthread.h>` (with `<stdio.h>`,
`<stdlib.h>`, ...; the README's "The C library for POSIX programs") and use `pthread_create`,
`pthread_join`, mutexes and condition variables. `make qemu HW=27` builds every `*.c` here
into the disk image (`racecount.c` becomes `racecount`); the checker boots the kernel with two
harts and runs your programs with values drawn for each run. In our kernel a thread may join
only the threads it created, and a thread's stack is one page (4 KB): keep big arrays off it.
""")


@ch.program(10, """
Write `racecount.c`: `racecount N` starts two threads that each add 1 to one shared counter N
times with no lock, joins them and prints `count <value>`; then it sets the counter back to 0,
does the same again with the additions under a `pthread_mutex_t`, and prints
`locked <value>`. Run it with growing N (on one hart the first thread may be done before the
second starts, so try `make qemu CPUS=3`): which line is always 2N, and why can the other be
less, but never more?
""", programs=["racecount"])
def racecount(t, params):
    n = t.randint(20000, 60000)
    out = t.run(f"racecount {n}", timeout=90)
    m = t.match(r"^count (\d+)\s*$", out, f"`racecount {n}` should print `count <value>`:\n{out}")
    t.check(int(m.group(1)) <= 2 * n,
            f"two threads adding {n} each cannot count past {2 * n}:\n{out}")
    t.match(rf"^locked {2 * n}\s*$", out, f"`racecount {n}` should print `locked {2 * n}`:\n{out}")


@ch.program(10, """
Write `partsum.c`: `partsum T N` sums the numbers 1 to N with T threads, thread i taking the
i-th of T slices of about equal size. Hand each thread its slice through the `void *` argument
of `pthread_create` and get its sum back through the value `pthread_join` stores (a `malloc`ed
number, or a field of the slice's structure: why not the address of a local variable of the
thread?). Print `part <i> <sum>` for each thread in the order of i, then `total <sum>`.
""", programs=["partsum"])
def partsum(t, params):
    threads, n = t.randint(2, 6), t.randint(100000, 999999)
    out = t.run(f"partsum {threads} {n}", timeout=60)
    parts = [(int(i), int(s)) for i, s in re.findall(r"^part (\d+) (-?\d+)\s*$", out, re.M)]
    t.check([i for i, _ in parts] == list(range(threads)),
            f"`partsum {threads} {n}` should print `part 0 ..` to `part {threads - 1} ..` "
            f"in order:\n{out}")
    t.check(all(s > 0 for _, s in parts), f"every slice of 1..{n} has a positive sum:\n{out}")
    t.check(sum(s for _, s in parts) == n * (n + 1) // 2, f"the parts do not add up to "
            f"{n * (n + 1) // 2}:\n{out}")
    t.match(rf"^total {n * (n + 1) // 2}\s*$", out,
            f"`partsum {threads} {n}` should print `total {n * (n + 1) // 2}`:\n{out}")


ch.question("""
Write `lockorder.c`, where two threads take the same two mutexes in opposite orders, with a
`sched_yield()` between the first lock and the second. Run it until it hangs (how many runs
does it take?), explain the deadlock, and fix it with one order for both threads. (Not
checked; chapter 32 checks a program of this kind.)
""")
ch.question("""
Make one thread wait for another with a plain flag variable and a spin loop, then with a
condition variable and a mutex. Watch the time each takes while the waited-for thread sleeps
a second (`sleep(1)`), and with `make qemu CPUS=1`. Explain why the flag version wastes the
processor, and why without the mutex (or memory barriers) it is not even sure to work.
(Not checked; explain.)
""")
