"""Chapter 41 homework: cylinder groups and allocation with the ffs simulator."""
import string

from grading.homework import Chapter, SimulatorError, grab, last, listof, num, integer

ch = Chapter("41", "ffs", "Locality and The Fast File System", simulators=["ffs"], intro="""
The `ffs` simulator places the files and directories of an input file into cylinder groups as
FFS would, and prints each group's inodes and blocks. The input describes what to create, a line
per file or directory (`dir /path`, or `file /path BLOCKS`); two come with the chapter,
`homework/41-ffs/tree.in` and `homework/41-ffs/big.in`, and you can write your own from the
options in `sims/bin/ffs -h`. `-n` sets the number of groups, `-L` the large-file exception,
`-T` shows the filespan and dirspan measures. In the picture, the root is `/` and the entries of
the input get the letters `a`, `b`, `c`, ... in the order of their lines.
""")


@ch.parameters
def params(r):
    return {"groups": r.choice([4, 5, 6, 7]), "big_groups": r.choice([5, 6, 8]),
            "large": r.choice([3, 4, 5, 6, 8, 10])}


SYMBOLS = string.ascii_lowercase + string.ascii_uppercase


def groups(o):
    """(inode map, data map) of each group of the picture."""
    parts = o.split("group inodes", 1)
    if len(parts) != 2:
        raise SimulatorError("the simulator's output has no groups (has it changed?)")
    rows = grab(parts[1].split("\n\n", 1)[0], r"^ +\d+ (\S+) (.*)$", str, 0)
    return [(row.split(None, 2)[1], row.split(None, 2)[2].replace(" ", "")) for row in rows]


def inode_groups(count):
    def get(o, p):
        rows = groups(o[0])
        return [next((g for g, (inodes, _) in enumerate(rows) if s in inodes), -1)
                for s in SYMBOLS[:count]]
    return get


def data_groups(symbol, i=0):
    return lambda o, p: sum(1 for _, data in groups(o[i]) if symbol in data)


def span(pattern, i=0, cast=float):
    return lambda o, p: last(o[i], pattern, cast)


ch.question("""
`tree.in` makes three directories and ten files in them (and one at the root). With {groups}
groups, predict the group of each entry's inode, in the order of the input's lines; then run and
compare. What rule places a directory, and what rule places a file?
""", run=["ffs -f homework/41-ffs/tree.in -n {groups}"],
    answers=[listof("q1", "the group of each entry's inode, in the order of the lines",
                    inode_groups(13), "int", 13)])
ch.question("""
`big.in` holds a file of forty blocks. With {big_groups} groups and a large-file exception of
{large} blocks (`-L {large}`), over how many groups are its data blocks spread, and what is its
filespan (`-T`)? Try `-L 4` and `-L 10` too: what does the exception cost in locality, and
what does it save?
""", run=["ffs -f homework/41-ffs/big.in -n {big_groups} -L {large} -T"],
    answers=[integer("q2a", "the number of groups holding the large file's data",
                     data_groups("b")),
             integer("q2b", "the large file's filespan",
                     span(r"^ +file: +/media/movie +filespan: +(\d+)", 0, int))])
ch.question("""
Measure `tree.in` with {groups} groups (`-T`): the average filespan and dirspan. Then spread the
inodes over the groups (`-I`): what is the average dirspan now? Which layout would you rather
read, and why?
""", run=["ffs -f homework/41-ffs/tree.in -n {groups} -T", "ffs -f homework/41-ffs/tree.in -n {groups} -T -I"],
    answers=[num("q3a", "the average filespan", span(r"avg +filespan: +([\d.]+)", 0)),
             num("q3b", "the average dirspan", span(r"avg +dirspan: +([\d.]+)", 0)),
             num("q3c", "the average dirspan with -I", span(r"avg +dirspan: +([\d.]+)", 1))])
