"""Chapter 15 homework: base-and-bounds with the relocation simulator."""
import re

from grading.homework import Chapter, integer, listof

ch = Chapter("15", "address-translation", "Mechanism: Address Translation",
             simulators=["relocation"], intro="""
`relocation` gives a process a base register and a bounds register and asks you to translate
virtual addresses, or report a segmentation violation when an address is out of bounds. `-a`
is the address-space size, `-p` the physical memory size, `-b` and `-l` fix the base and the
bounds (limit), `-n` is the number of addresses and `-s` the seed.
""")


@ch.parameters
def params(r):
    return {
        "seed": r.randrange(1, 10000),
        "seed2": r.randrange(1, 10000),
        "limit": r.choice([100, 200, 300]),
        "phys": r.choice(["16k", "32k"]),
    }


def translations(i=0):
    def get(o, p):
        out = []
        for line in o[i].splitlines():
            if re.match(r"\s*VA +\d+:", line):
                if "VIOLATION" in line:
                    out.append("segfault")
                else:
                    out.append(re.search(r"VALID[^:]*: (0x[0-9a-fA-F]+)", line).group(1))
        return out
    return get


ch.question("""
Seed {seed}: translate the five addresses, giving each physical address in hex or `segfault`.
""", run=["relocation -s {seed}"],
    answers=[listof("q1", "the five translations in order", translations(), "word", 5)])

ch.question("""
Seed {seed2} with ten addresses and a 1 KB address space: what is the smallest bounds value for
which every address is legal? Check by running with that bounds.
""", run=["relocation -s {seed2} -n 10 -a 1k"],
    answers=[integer("q2", "the smallest bounds that makes all ten legal", lambda o, p: max(
        int(m, 16) for m in re.findall(r"VA +\d+: (0x[0-9a-fA-F]+)", o[0])) + 1)])

ch.question("""
A bounds of {limit} in a physical memory of {phys}: what is the largest base for which the
whole address space still fits in memory?
""", run=["relocation -s {seed} -l {limit} -p {phys}"],
    answers=[integer("q3", "the largest base", lambda o, p: phys_bytes(p) - p["limit"])])


def phys_bytes(p):
    return int(p["phys"].rstrip("k")) * 1024


ch.question("""
As the bounds grow relative to the address space, what fraction of random addresses is legal?
Run many seeds (a small script helps) with `-n 100` and bounds from 0 to the address-space size,
and sketch the curve.
""")
