"""Chapter 19 homework: TLBs, with our tlb simulator and a measurement in our kernel."""
from grading.homework import Chapter

ch = Chapter("19", "tlbs", "Paging: Faster Translations (TLBs)", simulators=["tlb"], kind="both",
             intro="""
Two parts. The `tlb` simulator (ours; the book has none) replays memory accesses through a TLB
of a few entries and shows which hit and which miss; see `sims/bin/tlb -h` and
`man sims/man/tlb.1`. Then measure the TLB of the machine our kernel runs on: a program that
touches N pages over and over, for growing N, and times each access with `uptime()` ticks over
many rounds.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000)}


ch.question("""
Run the simulator with seed {seed} and its defaults: mark each access as a hit or a miss
before looking at the answer, and compute the hit rate. How do the hit rates change with the
size of the TLB and with the page size?
""", run=["tlb -s {seed}"])
ch.question("""
Write `tlbmeasure.c` for our kernel (`make qemu HW=19`): it takes the number of pages N and of
rounds R, touches one integer on each of N pages R times, and prints the average time per
access. Plot the average against N = 1, 2, 4, ... 4096. Where are the jumps, and what do they
say about the TLB (and about QEMU, which emulates it in software)?
""")
ch.question("""
Our kernel gives every address space an ASID and counts TLB flushes (`stats`). Run two
`tlbmeasure` at once: does the context switch cost you TLB entries? Explain with the flush
counts.
""")
