"""Chapter 42 homework: finding corruption with the fsck simulator."""
from grading.homework import Chapter, grab, listof

ch = Chapter("42", "journaling", "Crash Consistency: FSCK and Journaling", simulators=["fsck"],
             intro="""
The `fsck` simulator builds a small file system, corrupts one thing in it (`-S` picks the
corruption's seed) and shows the result: your job is to find what is inconsistent and say how a
checker would repair it.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seeds": [r.randrange(1, 50) for _ in range(3)]}


def corruption(o):
    found = grab(o, r"^CORRUPTION::(.*)$", str)
    if not found:
        return "none"
    return found[-1]


def structure(o, p):
    """Which structure each run corrupted, in the words of the question."""
    words = []
    for text in map(corruption, o):
        if text.startswith("INODE BITMAP"):
            words.append("ibitmap")
        elif text.startswith("DATA BITMAP"):
            words.append("dbitmap")
        elif "with directory" in text:
            words.append("dir")
        else:
            words.append("inode")
    return words


def number(o, p):
    """The bitmap bit, or the inode, each corruption touched."""
    values = []
    for text in map(corruption, o):
        found = grab(text, r"^(?:INODE BITMAP|DATA BITMAP) corrupt bit (\d+)", int) or grab(
            text, r"^INODE (\d+)", int)
        values.append(found[0] if found else -1)
    return values


ch.question("""
Run `fsck -s {seed} -D` to see the file system before corruption, then corrupt it with
`-S {seeds[0]}`, `-S {seeds[1]}` and `-S {seeds[2]}`. For each, which structure is wrong:
a bit of the inode bitmap (`ibitmap`), a bit of the data bitmap (`dbitmap`), a field of an
inode (`inode`: its type, link count or block pointer, or an inode allocated but named by no
directory), or an entry of a directory (`dir`)? Give the number of the bitmap bit, or of the
inode (for `dir`, the inode of the directory). How should the checker repair each, and which
repairs are certain and which only a guess?
""", run=["fsck -s {seed} -S {seeds[0]}", "fsck -s {seed} -S {seeds[1]}", "fsck -s {seed} -S {seeds[2]}"],
    answers=[listof("q1a", "the structure each corruption hit, in order", structure, "word", 3),
             listof("q1b", "the bit or inode number of each corruption, in order", number,
                    "int", 3)])
ch.question("""
Our kernel journals every system call's updates (`kernel/`: the log). Read the log's commit
and recovery code: which of the corruptions above can it still suffer, and which can it not?
""")
