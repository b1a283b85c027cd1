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
Grow the size until allocation fails. What happens at the limit? Our kernel swaps only pages a
process brought in by faults, and only beyond a limit it sets: make `memtouch` take an option
that allocates with `sbrklazy` and first calls `rsslimit(64)` (`user/user.h`: at most 64 of those
pages in RAM). Run it on more than 64 pages and watch `vmstat`'s `pagein` faults and its `swap`
line. How many pages come in from the swap disk on each pass, and why every one of them under
FIFO (`pagepolicy`), whose victim is the oldest page?
""")
ch.question("""
Boot with little memory, `make qemu HW=21 BOOTARGS=freepages=N` (N pages of 4 KB; choose N so
that two of your `memtouch` runs fit one at a time but not together), and run two at once with
`sbrklazy` and no limit. A process short of a page pages out its own pages before the
out-of-memory killer runs: which of its pages may go (the README's paragraph on swapping says),
what does each run see, and when does the killer still come?
""")
