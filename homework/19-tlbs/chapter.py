"""Chapter 19 homework: TLBs, with our tlb simulator and a measurement in our kernel."""
from grading.homework import Chapter, grab, integer, last, listof, num

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
    return {
        "seed": r.randrange(1, 10000),
        "seed2": r.randrange(1, 10000),
        "entries": r.choice([2, 4, 8]),
        "switch": r.choice([3, 4, 5, 6]),
    }


def outcomes(i=0):
    return lambda o, p: [w.lower() for w in grab(o[i], r"^\s+(?:\[proc \d+\] )?VA .*?\s(HIT|MISS)\b",
                                               str)]


def hits(i=0):
    return lambda o, p: last(o[i], r"^TLB hits (\d+)", int)


ch.question("""
Run the simulator with seed {seed} and a TLB of {entries} entries: mark each of the ten accesses
as a hit or a miss before looking at the answer, and compute the hit rate. How do the hit rates
change with the size of the TLB and with the page size?
""", run=["tlb -s {seed} -e {entries}"],
    answers=[listof("q1a", "hit or miss for each access, in order", outcomes(0), "word", 10),
             num("q1b", "the hit rate, in percent",
                 lambda o, p: last(o[0], r"hit rate ([\d.]+)%"))])

ch.question("""
Two processes take turns on the CPU, switching every {switch} references (seed {seed2}, sixteen
references, 80% of them following the previous one). First the TLB is flushed at every switch,
then its entries carry address-space ids (`-i`). How many hits does each run get, and how many
flushes does the first one do? Why does the tagged TLB win?
""", run=["tlb -s {seed2} -N 2 -C {switch} -n 16 -l 80", "tlb -s {seed2} -N 2 -C {switch} -n 16 -l 80 -i"],
    answers=[integer("q2a", "hits with a flush at every switch", hits(0)),
             integer("q2b", "hits with address-space ids", hits(1)),
             integer("q2c", "the number of flushes in the first run",
                     lambda o, p: last(o[0], r"^TLB flushes (\d+)", int))])
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
