"""Chapter 29 homework: concurrent counters, lists and queues (waits for threads in our kernel)."""
from grading.homework import Chapter

WAITS = "threads in our kernel: `pthread.h` and the POSIX subset come with the concurrency work; until then these programs cannot be built"
ch = Chapter("29", "locked-data-structures", "Lock-based Concurrent Data Structures", kind="code",
             intro="""
Build and time concurrent data structures in this folder (`make qemu HW=29`), timing with
`uptime()` over many operations and with `make qemu CPUS=N` for N harts.
""")
ch.question("""
Time a counter protected by one lock as 1, 2, 3 and 4 threads increment it a million times each.
Then build an approximate (sloppy) counter with per-thread counts and a threshold: plot time
against threshold.
""", waits=WAITS)
ch.question("""
Build a linked list with one lock, then with hand-over-hand locking (a lock per node). Find a
workload where hand-over-hand wins, if one exists, and explain why it usually does not.
""", waits=WAITS)
ch.question("""
Build a queue with separate head and tail locks and a hash table with a lock per bucket.
Measure how each scales with threads.
""", waits=WAITS)
