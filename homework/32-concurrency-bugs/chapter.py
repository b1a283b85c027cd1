"""Chapter 32 homework: deadlock and its cures (waits for threads in our kernel)."""
from grading.homework import Chapter

WAITS = "threads in our kernel: `pthread.h` and the POSIX subset come with the concurrency work; until then these programs cannot be built"
ch = Chapter("32", "concurrency-bugs", "Common Concurrency Problems", kind="code", intro="""
Write a vector library whose `vector_add(dst, src)` locks both vectors, and drive it from
several threads (`make qemu HW=32`): first so that it deadlocks, then with each cure.
""")
ch.question("""
Two threads add vector A to B and B to A at once. Show that it can deadlock, and how often it
does as the vectors and the loop count grow.
""", waits=WAITS)
ch.question("""
Cure it three ways: a global order on the locks (by address), one lock around taking both
(hold-and-wait), and `trylock` with back-off. Time each with 2, 4 and 8 threads; which cure
costs most, and when does back-off livelock?
""", waits=WAITS)
ch.question("""
Write a version with no locks at all using an atomic compare-and-swap. Is it still correct for
vectors, and what does it cost?
""", waits=WAITS)
