"""Chapter 20 homework: two-level page tables with paging-multilevel-translate."""
from grading.homework import Chapter, grab, listof

ch = Chapter("20", "multilevel-paging", "Paging: Smaller Tables",
             simulators=["paging-multilevel-translate"], intro="""
`paging-multilevel-translate` models a 32 KB address space of 32-byte pages, a 4 KB physical
memory and a two-level page table: a page directory whose register (PDBR) is given, then pages
of the page table. It prints the whole memory as hex bytes and asks you to translate virtual
addresses; each translation reads the directory entry, then the table entry, then the byte.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000)}


def results(i=0):
    def get(o, p):
        out = []
        for block in o[i].split("Virtual Address ")[1:]:
            if "Fault" in block:
                out.append("fault")
            else:
                out.append(grab(block, r"Translates to Physical Address (0x[0-9a-fA-F]+)", str)[0])
        return out
    return get


def values(i=0):
    def get(o, p):
        out = []
        for block in o[i].split("Virtual Address ")[1:]:
            found = grab(block, r"Value: ([0-9a-fA-F]+)", str)
            out.append("0x" + found[0] if found else "fault")
        return out
    return get


ch.question("""
With one register holding the page directory's frame, how many registers does a two-level
table need to find everything? How many memory references does one load make when the TLB
misses, and how many for a three-level table?
""")

ch.question("""
Seed {seed}: translate the virtual addresses. For each, give the physical address it reaches
(in hex) or `fault`, and then the byte stored there (in hex, like `0x1b`) or `fault`.
""", run=["paging-multilevel-translate -s {seed} -n 4"],
    answers=[listof("q2a", "the physical addresses in order", results(), "word", count=4),
             listof("q2b", "the values in order", values(), "word", count=4)])

ch.question("""
Do the same for seed {seed2}, and count how many bytes of memory the page table itself uses for
this address space: compare with a linear table.
""", run=["paging-multilevel-translate -s {seed2} -n 3"],
    answers=[listof("q3", "the physical addresses in order", results(), "word", count=3)])

ch.question("""
The hardware caches recently used memory. Given how a page-table walk touches memory, will the
lookups hit in the cache often or rarely? What would make them miss?
""")
