"""Chapter 44 homework: flash translation layers with the ssd simulator."""
from grading.homework import Chapter

ch = Chapter("44", "ssd", "Flash-based SSDs", simulators=["ssd"], intro="""
The `ssd` simulator models a small flash device of blocks of pages under a flash translation
layer `-T` (`direct`, `log`, or log with garbage collection). It runs `-n` random reads, writes
and trims (seed `-s`) and shows the state of every page, the mapping, and the cost of each
operation. `-C` shows the commands, `-c` answers.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000)}


ch.question("""
Seed {seed}, ten operations on the log-structured layer: give the logical-to-physical mapping
after each write and trim.
""", run=["ssd -s {seed} -n 10 -T log"])
ch.question("""
The same operations on the direct-mapped layer: how many erases and programs does each write
cost, and why is direct mapping slow and hard on the flash?
""", run=["ssd -s {seed} -n 10 -T direct"])
ch.question("""
Fill the device until garbage collection runs. How does the amount of live data in a block
decide the cost of cleaning it, and what would you do about write amplification?
""")
