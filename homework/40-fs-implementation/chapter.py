"""Chapter 40 homework: a very simple file system with the vsfs simulator."""
from grading.homework import Chapter

ch = Chapter("40", "fs-implementation", "File System Implementation", simulators=["vsfs"], intro="""
The `vsfs` simulator shows a tiny file system (inode bitmap, inodes, data bitmap, data blocks)
changing as random operations run: `mkdir`, `creat`, `open`/`write`/`close`, `link`, `unlink`.
By default it shows the states and asks which operation happened between them; `-r` shows the
operations and asks for the states. `-n` sets how many operations and `-s` the seed.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000)}


ch.question("""
Seed {seed}, six operations: from each pair of states, name the operation that happened and the
path it worked on.
""", run=["vsfs -s {seed} -n 6"])
ch.question("""
Seed {seed2} with `-r`: from the operations, write the state after each one. Which blocks and
inodes does the allocator hand out first?
""", run=["vsfs -s {seed2} -n 6 -r"])
ch.question("""
Shrink the file system (`-d 2` data blocks, then `-i 2` inodes) and run a dozen operations.
Which operations fail first in each case, and what is left in the file system at the end?
""")
