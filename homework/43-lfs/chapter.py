"""Chapter 43 homework: the log-structured file system with the lfs simulator."""
from grading.homework import Chapter

ch = Chapter("43", "lfs", "Log-structured File Systems", simulators=["lfs"], intro="""
The `lfs` simulator appends every update (data, inodes, pieces of the inode map, the checkpoint
region) to a log. It shows the operations and asks for the log's contents, or (`-o`) the log
and asks which operations wrote it. `-n` sets how many operations, `-s` the seed, `-i` inserts
checkpoints, and `-c` answers.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000)}


ch.question("""
Seed {seed}, three operations: write out, block by block, what each appends to the log, and
which blocks are live at the end.
""", run=["lfs -s {seed} -n 3"])
ch.question("""
Seed {seed2} with `-o`: from the log, name the operations. How can you tell a file creation
from a write to an existing file?
""", run=["lfs -s {seed2} -n 3 -o"])
ch.question("""
Garbage: after many operations, how much of the log is dead? Describe how a cleaner would pick
segments to clean, and what the inode map and checkpoint region must say before a segment is
reused.
""")
