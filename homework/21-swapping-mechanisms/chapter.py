"""Chapter 21 homework: memory pressure in our kernel."""
from grading.homework import Chapter

ch = Chapter("21", "swapping-mechanisms", "Beyond Physical Memory: Mechanisms", kind="code", intro="""
Our kernel counts page faults and has 128 MB of memory in QEMU (`make qemu`). Programs go in
this folder and run with `make qemu HW=21`; `stats` shows the counters.
""")
ch.question("""
Write `memtouch.c`: it takes a size in megabytes and a number of passes, allocates the memory,
and touches every page on every pass, printing the time of each pass in ticks. How does the
first pass differ from the others, and why (lazy allocation: look at `stats`' page faults)?
""")
ch.question("""
Grow the size until allocation fails. What happens at the limit, and what would a kernel with
swap do instead? Which counters would you watch to see it swapping?
""")
ch.question("""
Run two `memtouch` at once, each with most of the memory. What does each see, and how would the
picture change on a kernel that pages to disk?
""")
