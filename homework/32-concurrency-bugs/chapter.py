"""Chapter 32 homework: deadlock and its cures (POSIX threads in our kernel)."""
from grading.homework import Chapter

ch = Chapter("32", "concurrency-bugs", "Common Concurrency Problems", kind="code", cpus=2,
             intro="""
Write POSIX programs in this folder whose threads take two locks at once (`#include
<pthread.h>`; `make qemu HW=32` builds every `*.c` here into the disk image): first so that
they deadlock, then with each cure. OSTEP's `vector-*.c` programs do this with vectors; here
money moves between accounts. The checker boots the kernel with two harts and runs your
programs with values drawn for each run, within a time limit.
""")


@ch.program(10, """
Write `transfer.c`: `transfer T N K` sets up K accounts (K at least 2) of 100 each, each with
its own `pthread_mutex_t`, and starts T threads that each make N transfers of 1 from one
account to another, both drawn at random (`rand_r`, a seed per thread; never the same
account twice). A transfer locks both accounts, calling `sched_yield()` after the first lock and
before the second, moves the money and unlocks. Locked "from first, then to", it deadlocks
(try it); cure it by always locking the account with the smaller number first. After joining
the threads, print `transfers <T*N>` and `total <sum of the balances>`. It must finish, every
time.
""", programs=["transfer"])
def transfer(t, params):
    threads, n, k = t.randint(2, 4), t.randint(300, 800), t.randint(2, 4)
    out = t.run(f"transfer {threads} {n} {k}", timeout=20,
                what=f"`transfer {threads} {n} {k}` to finish (deadlocked?)")
    t.match(rf"^transfers {threads * n}\s*$", out,
            f"`transfer {threads} {n} {k}` should print `transfers {threads * n}`:\n{out}")
    t.match(rf"^total {100 * k}\s*$", out,
            f"`transfer {threads} {n} {k}`: the money should add up to `total {100 * k}`:\n{out}")


ch.question("""
Cure the deadlock two more ways: one global lock taken around acquiring both account locks
(no hold-and-wait), and `pthread_mutex_trylock` on the second lock with letting go of the first
and trying again. Time the three cures with 2, 4 and 8 threads on `make qemu CPUS=4` (with
`gettimeofday`, over runs of seconds). Which costs most, and can the trylock version livelock?
(Not checked; report your figures.)
""")
ch.question("""
Write a version with no locks at all: each transfer an atomic add on each balance
(`__atomic_fetch_add`, which compiles to RISC-V's `amoadd`). Is the total still right? What
does a reader that adds up all the balances while transfers run see, and why does a lock-free
transfer between two accounts need more than two atomic adds to fix that? (Not checked;
explain.)
""")
