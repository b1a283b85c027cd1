"""Chapter 43 homework: the log-structured file system with the lfs simulator."""
from grading.homework import Chapter, SimulatorError, grab, listof, integer

ch = Chapter("43", "lfs", "Log-structured File Systems", simulators=["lfs"], intro="""
The `lfs` simulator appends every update (data, inodes, pieces of the inode map, the checkpoint
region) to a log. It shows the operations and asks for the log's contents, or (`-o`) the log
and asks which operations wrote it. `-n` sets how many operations, `-s` the seed, `-i` inserts
checkpoints, and `-c` answers.
""")


@ch.parameters
def params(r):
    names = r.sample("abeghkmnpqtuvwxyz", 3)
    f, d, g = names[0] * 2, names[1] * 2, names[2]
    blocks = r.choice([1, 2, 3])
    commands = [f"c,/{f}", f"w,/{f},0,{blocks}", f"d,/{d}", f"c,/{d}/{g}",
                f"w,/{d}/{g},{r.choice([0, 1, 2])},1", r.choice([f"r,/{f}", f"w,/{f},0,1"])]
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000),
            "n": r.choice([3, 4]), "commands": ":".join(commands)}


def final_blocks(o):
    text = o.split("FINAL file system contents", 1)
    if len(text) != 2:
        raise SimulatorError("the simulator's output has no final file system (has it changed?)")
    return grab(text[1], r"^\[ *(\d+) \] (live|    ) ", str, 0)


def live(i=0):
    return lambda o, p: [int(b.split("]")[0].strip("[ ")) for b in final_blocks(o[i])
                         if b.endswith("live ")]


def dead(i=0):
    return lambda o, p: sum(1 for b in final_blocks(o[i]) if not b.endswith("live "))


ch.question("""
Seed {seed}, {n} operations shown with `-o`: work out, block by block, what each appends to the
log, and which blocks are live at the end (still reachable from the checkpoint region). How
many blocks of the log are dead?
""", run=["lfs -s {seed} -n {n} -o"],
    answers=[listof("q1a", "the addresses of the live blocks, in increasing order", live(0), "int"),
             integer("q1b", "the number of dead blocks", dead(0))])
ch.question("""
Your own commands (`-L`: `c` creates a file, `d` a directory, `w,FILE,OFFSET,BLOCKS` writes,
`r` removes): `{commands}`. Which blocks are live at the end, and how many are dead? Which
operation made the most garbage, and why does a write to a file also rewrite its inode and a
piece of the inode map?
""", run=["lfs -L {commands} -o"],
    answers=[listof("q2a", "the addresses of the live blocks, in increasing order", live(0), "int"),
             integer("q2b", "the number of dead blocks", dead(0))])
ch.question("""
Seed {seed2}, without `-o`: from the log alone, name the operations. How can you tell a file
creation from a write to an existing file?
""", run=["lfs -s {seed2} -n 3"])
ch.question("""
Garbage: after many operations, how much of the log is dead? Describe how a cleaner would pick
segments to clean, and what the inode map and checkpoint region must say before a segment is
reused.
""")
