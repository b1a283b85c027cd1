"""Chapter 16 homework: segmentation with the segmentation simulator."""
import re

from grading.homework import Chapter, listof

ch = Chapter("16", "segmentation", "Segmentation", simulators=["segmentation"], intro="""
`segmentation` splits a small address space into two segments: segment 0 (code and heap) grows
up from its base `-b` with limit `-l`; segment 1 (the stack) grows down from its base `-B` with
limit `-L`. The top bit of a virtual address picks the segment. Translate each address or say
it is a segmentation violation. `-a` is the address-space size, `-p` physical memory, `-A` a
list of addresses to translate.
""")


@ch.parameters
def params(r):
    return {
        "seed": r.randrange(1, 10000),
        "b0": r.choice([0, 256, 512]), "l0": r.choice([16, 20, 24]),
        "b1": r.choice([1024, 768]), "l1": r.choice([16, 20]),
        "addrs": ",".join(str(a) for a in sorted(r.sample(range(0, 128), 6))),
    }


def translations(i=0):
    def get(o, p):
        out = []
        for line in o[i].splitlines():
            if re.match(r"\s*VA +\d+:", line):
                if "VIOLATION" in line:
                    out.append("segfault")
                else:
                    out.append(re.search(r"VALID in SEG\d: (0x[0-9a-fA-F]+)", line).group(1))
        return out
    return get


ch.question("""
Seed {seed}, the default sizes: translate each address (physical address in hex, or
`segfault`).
""", run=["segmentation -s {seed}"],
    answers=[listof("q1", "the translations in order", translations(), "word", 5)])

ch.question("""
A 128-byte address space in 512 bytes of memory: segment 0 at base {b0} with limit {l0}, segment
1 at base {b1} with limit {l1}... but {b1} does not fit in 512 bytes, so use a 2 KB physical
memory. Translate the addresses {addrs}.
""", run=["segmentation -a 128 -p 2k -b {b0} -l {l0} -B {b1} -L {l1} -A {addrs}"],
    answers=[listof("q2", "the translations in order", translations(), "word", 6)])

ch.question("""
Choose bases and limits so that exactly 90% of a 128-byte address space is valid, and so that
none is. What is the highest legal virtual address in segment 0 and the lowest in segment 1 in
each case?
""")
