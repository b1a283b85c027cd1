"""Chapter 40 homework: a very simple file system with the vsfs simulator."""
import re

from grading.homework import Chapter, SimulatorError, grab, listof

ch = Chapter("40", "fs-implementation", "File System Implementation", simulators=["vsfs"], intro="""
The `vsfs` simulator shows a tiny file system (inode bitmap, inodes, data bitmap, data blocks)
changing as random operations run: `mkdir`, `creat`, `open`/`write`/`close`, `link`, `unlink`.
By default it shows the states and asks which operation happened between them; `-r` shows the
operations and asks for the states. `-n` sets how many operations and `-s` the seed.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000)}


OPERATION = re.compile(r"^(?:fd=open|mkdir|creat|link|unlink)\(.*$", re.M)


def operations(o, p):
    """Each operation's name: a write shows as open, write and close."""
    found = [m.group(0) for m in OPERATION.finditer(o[0])]
    if not found:
        raise SimulatorError("the simulator's output shows no operations (has it changed?)")
    return ["write" if line.startswith("fd=open") else line.split("(")[0] for line in found]


def paths(o, p):
    return [re.findall(r'"([^"]*)"', m.group(0))[-1] for m in OPERATION.finditer(o[0])]


def in_use(which):
    """How many inodes or data blocks are allocated after each operation (not the first state)."""
    return lambda o, p: [b.count("1") for b in grab(o[0], rf"^{which} bitmap +([01]+)", str)][1:]


ch.question("""
Seed {seed}, six operations: from each pair of states, name the operation that happened
(`mkdir`, `creat`, `write` for an open, write and close, `link` or `unlink`) and the path it
worked on (for `link`, the new name).
""", run=["vsfs -s {seed} -n 6"],
    answers=[listof("q1a", "the operation of each step, in order", operations, "word", 6),
             listof("q1b", "the path of each step, in order", paths, "word", 6)])
ch.question("""
Seed {seed2} with `-r`: from the operations, write the state after each one. How many inodes and
how many data blocks are in use after each operation (the root directory included)? Which
blocks and inodes does the allocator hand out first?
""", run=["vsfs -s {seed2} -n 6 -r"],
    answers=[listof("q2a", "inodes in use after each operation", in_use("inode"), "int", 6),
             listof("q2b", "data blocks in use after each operation", in_use("data"), "int", 6)])
ch.question("""
Shrink the file system (`-d 2` data blocks, then `-i 2` inodes) and run a dozen operations.
Which operations fail first in each case, and what is left in the file system at the end?
""")
