"""Chapter 41 homework: cylinder groups and allocation with the ffs simulator."""
from grading.homework import Chapter

ch = Chapter("41", "ffs", "Locality and The Fast File System", simulators=["ffs"], intro="""
The `ffs` simulator places the files and directories of an input file into cylinder groups as
FFS would, and prints each group's inodes and blocks. The input describes what to create, a line
per file or directory; write your own (say `homework/41-ffs/files.in`) from the options in
`sims/bin/ffs -h`. `-L` sets the large-file exception, `-T` shows the filespan and dirspan
measures.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000)}


ch.question("""
Write an input that creates three directories with a few small files each. Before running,
predict which group each file lands in; then run with `-c` and compare.
""")
ch.question("""
Add one large file (forty blocks) and run with `-L 4`, then `-L 10`: how is the file spread over
the groups, and what does the large-file exception cost in locality?
""")
ch.question("""
Measure filespan and dirspan (`-T`) for your input. Spread the inodes (`-I`) or the data (`-D`)
over the groups instead: how do the spans move, and which layout would you rather read?
""")
