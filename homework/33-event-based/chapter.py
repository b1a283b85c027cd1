"""Chapter 33 homework: event-based servers (waits for select or poll in our kernel)."""
import re

from grading.homework import Chapter

WAITS = ("an event interface in our kernel (`select` or `poll` on pipes): threads came, but a "
         "single thread still cannot wait on several descriptors at once; until then these wait")
ch = Chapter("33", "event-based", "Event-based Concurrency (Advanced)", kind="code", intro="""
Build an event loop in this folder (`make qemu HW=33`) that serves several pipes at once with
one thread. Our kernel has threads but no `select` or `poll` yet (and no non-blocking reads),
so these questions wait for one; until then, compare the thread-per-client version you can
write with chapter 27's `pthread_create`.
""")


@ch.program(10, """
Write `evmux.c`: `evmux K N` forks K clients, each writing the lines `<k> 1` to `<k> N` into a
pipe of its own, with a pause before each; the parent, in a single thread, waits on all K pipes
at once with `poll` (or `select`), prints every line as it comes and then `done` once every
pipe is closed. No client's lines may be held up behind another's pause.
""", programs=["evmux"], waits=WAITS)
def evmux(t, params):
    k, n = t.randint(2, 4), t.randint(3, 8)
    out = t.run(f"evmux {k} {n}", timeout=60)
    for c in range(k):
        got = [int(i) for i in re.findall(rf"^{c} (\d+)\s*$", out, re.M)]
        t.check(got == list(range(1, n + 1)), f"client {c}'s lines should come in order:\n{out}")
    t.check(out.rstrip().endswith("done"), f"`done` should come last:\n{out}")


ch.question("""
Make one request slow (it reads a large file). What happens to every other client of your
event loop, and how would asynchronous I/O, or a pool of threads for the slow work, fix it?
(Not checked; explain.)
""", waits=WAITS)
