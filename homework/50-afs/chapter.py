"""Chapter 50 homework: AFS whole-file caching and callbacks with the afs simulator."""
import re

from grading.homework import Chapter, word

ch = Chapter("50", "afs", "The Andrew File System (AFS)", simulators=["afs"], intro="""
The `afs` simulator runs `-C` clients that open, read, write and close files on one AFS server,
which caches whole files on the clients and breaks callbacks when a file changes. `-s` draws the
actions, `-n` how many per client, `-f` how many files; `-r` sets how often an action reads and
`-d` picks what to show. Your job: say what every read returns and what the files hold at the
end.
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "seed2": r.randrange(1, 10000)}


def final_contents(i=0):
    def get(o, p):
        found = re.findall(r"file:(\w+) contains:(\d+)", o[i])
        return found[-1][1]
    return get


ch.question("""
Seed {seed}, two clients, one file. Follow every open, read, write and close. What does the
file hold at the end?
""", run=["afs -s {seed} -C 2 -n 3 -f 1"],
    answers=[word("q1", "the file's final contents", final_contents())])

ch.question("""
Seed {seed2}, three clients. What does the file hold at the end? Which client's write won, and
why is that AFS's rule (last closer wins)?
""", run=["afs -s {seed2} -C 3 -n 2 -f 1"],
    answers=[word("q2", "the file's final contents", final_contents())])

ch.question("""
Run with `-d 7` to see the server's callbacks. How many callbacks are broken in Q1? Design a
workload in which one client keeps reading stale data for a long time, and explain why AFS
allows it.
""")
