"""Chapter 17 homework: free-space management with the malloc simulator."""
import re

from grading.homework import Chapter, integer, listof

ch = Chapter("17", "free-space", "Free-Space Management", simulators=["malloc"], intro="""
`malloc` simulates an allocator over a heap of `-S` bytes starting at address `-b`: a list of
operations (`-n` random ones from the seed `-s`, or `-A` such as `+10,-0,+20`: allocate 10,
free pointer 0, ...) runs against a free list kept in the order `-l` (ADDRSORT, SIZESORT+,
SIZESORT-, INSERT-FRONT, INSERT-BACK) with a fit policy `-p` (BEST, WORST, FIRST), and with
`-C` free neighbours coalesce. Each allocation says what it returned and how many free-list
elements it searched.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "policy": r.choice(["BEST", "WORST", "FIRST"]),
            "n": r.randint(6, 10)}


def returns(i=0):
    return lambda o, p: [int(x) for x in re.findall(r"Alloc\(\d+\) +returned (-?\d+)", o[i])]


def last_list_size(i=0):
    return lambda o, p: int(re.findall(r"Free List \[ Size (\d+) \]", o[i])[-1])


ch.question("""
Seed {seed}, {n} operations, {policy} fit, no coalescing. What does each allocation return
(its address, or -1)? How many elements does the free list hold at the end?
""", run=["malloc -s {seed} -n {n} -p {policy}"],
    answers=[listof("q1a", "the address each allocation returns, in order", returns()),
             integer("q1b", "the size of the free list at the end", last_list_size())])

ch.question("""
The same operations with coalescing (`-C`) and an address-sorted list: how many elements does
the free list hold at the end now? Why does coalescing need a sorted list?
""", run=["malloc -s {seed} -n {n} -p {policy} -C -l ADDRSORT"],
    answers=[integer("q2", "the size of the free list at the end", last_list_size())])

ch.question("""
Compare BEST, WORST and FIRST fit on a long random run (`-n 1000 -r 30` or so): which one
fragments the heap most, and which searches least? How does the list order (`-l`) change
FIRST fit's search cost?
""")
