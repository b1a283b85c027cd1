"""Chapter 42 homework: finding corruption with the fsck simulator."""
from grading.homework import Chapter

ch = Chapter("42", "journaling", "Crash Consistency: FSCK and Journaling", simulators=["fsck"],
             intro="""
The `fsck` simulator builds a small file system, corrupts one thing in it (`-S` picks the
corruption's seed) and shows the result: your job is to find what is inconsistent and say how a
checker would repair it.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seeds": [r.randrange(1, 50) for _ in range(3)]}


ch.question("""
Run `fsck -D` to see the file system before corruption, then corrupt it with `-S {seeds[0]}`,
`-S {seeds[1]}` and `-S {seeds[2]}`. For each: what is inconsistent, and how should the checker
repair it? Which of them can be repaired with confidence, and which only guessed?
""", run=["fsck -s {seed} -S {seeds[0]}", "fsck -s {seed} -S {seeds[1]}", "fsck -s {seed} -S {seeds[2]}"])
ch.question("""
Our kernel journals every system call's updates (`kernel/`: the log). Read the log's commit
and recovery code: which of the corruptions above can it still suffer, and which can it not?
""")
