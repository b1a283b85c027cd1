"""Chapter 27 homework: the thread API (waits for threads in our kernel)."""
from grading.homework import Chapter

WAITS = "threads in our kernel: `pthread.h` and the POSIX subset come with the concurrency work; until then these programs cannot be built"
ch = Chapter("27", "thread-api", "Interlude: Thread API", kind="code", intro="""
Write threaded programs in this folder for `make qemu HW=27` with `pthread_create`,
`pthread_join`, mutexes and condition variables. Our kernel gets threads with the concurrency
work; the questions wait for it, and the checker skips them until then.
""")


@ch.program(10, """
Write `racecount.c`: two threads each add 1 to a shared counter N times (N from the command
line) without a lock, and the program prints `count <value>`. Then add a mutex and print
`locked <value>` from a second run. Which value is always 2N?
""", programs=["racecount"], waits=WAITS)
def racecount(t, params):
    n = t.randint(10000, 50000)
    out = t.run(f"racecount {n}")
    t.match(rf"^locked {2 * n}\s*$", out, f"`racecount {n}` should print `locked {2 * n}`:\n{out}")


ch.question("""
Write `lockorder.c`, where two threads take two locks in opposite orders. Run it until it
hangs; explain the deadlock, and fix it with a global lock order.
""", waits=WAITS)
ch.question("""
Signal a waiting thread with a plain flag variable and a spin loop, then with a condition
variable. Explain why the flag version is both slow and, without memory barriers, wrong.
""", waits=WAITS)
