"""Chapter 18 homework: linear page tables with paging-linear-translate."""
from grading.homework import Chapter, grab, listof

ch = Chapter("18", "paging", "Paging: Introduction", simulators=["paging-linear-translate"],
             intro="""
`paging-linear-translate` builds an address space of `-a` bytes with `-P`-byte pages in a
physical memory of `-p` bytes, prints its linear page table (valid bit and frame number per
virtual page; `-u` sets what percent of pages are valid), and asks you to translate `-n`
virtual addresses drawn from the seed `-s`.
""")


@ch.parameters
def params(r):
    return {
        "seed": r.randrange(1, 10000),
        "seed2": r.randrange(1, 10000),
        "asize": r.choice(["16k", "32k", "64k"]),
        "psize": r.choice(["64k", "128k", "256k"]),
        "page": r.choice(["1k", "2k", "4k"]),
        "used": r.choice([50, 75, 90]),
    }


def translations(i=0):
    def get(o, p):
        out = []
        for line in o[i].splitlines():
            if line.strip().startswith("VA 0x") and "-->" in line:
                result = line.split("-->", 1)[1]
                if "Invalid" in result:
                    out.append("invalid")
                else:
                    out.append("0x" + grab(result, r"([0-9a-fA-F]+) \(decimal", str)[0])
        return out
    return get


ch.question("""
Before translating anything: how does the size of a linear page table change when the address
space grows, and when the pages grow? Use the simulator with `-v` and a few sizes (say `-P 1k
-a 1m -p 512m`, then `-a 2m`, then `-P 2k`) to confirm, and explain why large pages are not a
free lunch.
""")

ch.question("""
Translate five addresses of a {asize} address space with {page} pages in {psize} of physical
memory, seed {seed}, with {used}% of the pages valid. Give each physical address in hex, or
`invalid`.
""", run=["paging-linear-translate -s {seed} -a {asize} -p {psize} -P {page} -u {used} -n 5"],
    answers=[listof("q2", "the five translations in order", translations(), "word", count=5)])

ch.question("""
Now seed {seed2} with a small machine: `-P 8 -a 32 -p 1024`, all pages valid. Translate the
five addresses. Which of these parameter sets are unrealistic, and why?
""", run=["paging-linear-translate -s {seed2} -P 8 -a 32 -p 1024 -u 100 -n 5"],
    answers=[listof("q3", "the five translations in order", translations(), "word", count=5)])

ch.question("""
Find parameters for which the simulator refuses to run (for example an address space bigger
than physical memory, or a page size that does not divide it). Which checks would a real OS
need on the same values?
""")
