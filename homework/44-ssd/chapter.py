"""Chapter 44 homework: flash translation layers with the ssd simulator."""
import re

from grading.homework import Chapter, SimulatorError, grab, last, listof, num, integer

ch = Chapter("44", "ssd", "Flash-based SSDs", simulators=["ssd"], intro="""
The `ssd` simulator models a small flash device of blocks of pages under a flash translation
layer `-T` (`direct`, `log`, or log with garbage collection). It runs `-n` random reads, writes
and trims (seed `-s`) and shows the state of every page, the mapping, and the cost of each
operation. `-C` shows the commands, `-c` answers.
""")


@ch.parameters
def params(r):
    writes, high = r.choice([60, 70, 80, 90]), r.choice([4, 5, 6])
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000),
            "writes": writes, "reads": 100 - writes, "high": high, "low": high - 2}


def mapping(o):
    found = grab(o, r"^FTL +(.*)$", str)
    if not found:
        raise SimulatorError("the simulator's output has no FTL line (has it changed?)")
    return [tuple(map(int, pair)) for pair in
            re.findall(r"(\d+): *(\d+)", found[-1])]


def stat(pattern, cast=float, i=0):
    return lambda o, p: last(o[i], pattern, cast)


ch.question("""
Seed {seed}, ten operations on the log-structured layer (`-C` shows them): give the
logical-to-physical mapping after each write and trim. At the end, which logical pages are
mapped, and to which physical pages?
""", run=["ssd -s {seed} -n 10 -T log -C"],
    answers=[listof("q1a", "the mapped logical pages, in increasing order",
                    lambda o, p: [a for a, b in mapping(o[0])], "int"),
             listof("q1b", "the physical page of each, in the same order",
                    lambda o, p: [b for a, b in mapping(o[0])], "int")])
ch.question("""
The same operations on the direct-mapped layer, then on the log-structured one, with `-S`: how
many erases does each layer do, and how long does each take in all? Why is direct mapping slow
and hard on the flash?
""", run=["ssd -s {seed} -n 10 -T direct -C -S", "ssd -s {seed} -n 10 -T log -C -S"],
    answers=[integer("q2a", "erases of the direct-mapped layer",
                     stat(r"^Erases .*Sum: (\d+)", int, 0)),
             integer("q2b", "erases of the log-structured layer",
                     stat(r"^Erases .*Sum: (\d+)", int, 1)),
             num("q2c", "total time of the direct-mapped layer, in microseconds",
                 stat(r"^ *Total time ([\d.]+)", float, 0)),
             num("q2d", "total time of the log-structured layer, in microseconds",
                 stat(r"^ *Total time ([\d.]+)", float, 1))])


def logical_writes(o, p):
    return len(grab(o[0], r"^cmd +\d+:: write\(", str, 0))


ch.question("""
Fill the device until the garbage collector runs: seed {seed2}, 300 operations of which
{writes}% are writes and the rest reads, on the log-structured layer, with the collector
starting when {high} blocks are in use and stopping at {low} (`-J` shows what it does). How many
blocks does the flash erase and how many pages does it program, for how many logical writes?
Give the write amplification (pages programmed per logical write). How does the amount of live
data in a block decide the cost of cleaning it?
""", run=["ssd -s {seed2} -n 300 -P {reads}/{writes}/0 -T log -G {high} -g {low} -C -S"],
    answers=[integer("q3a", "the blocks erased in all", stat(r"^Erases .*Sum: (\d+)", int)),
             integer("q3b", "the pages programmed in all", stat(r"^Writes .*Sum: (\d+)", int)),
             num("q3c", "the write amplification", lambda o, p: round(
                 last(o[0], r"^Writes .*Sum: (\d+)", int) / max(1, logical_writes(o, p)), 2),
                 tol=0.02)])
