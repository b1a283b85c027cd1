"""Chapter 28 homework: locks built from atomic instructions, with the x86 simulator."""
import re

from grading.homework import Chapter, integer

ch = Chapter("28", "locks", "Locks", simulators=["x86"], intro="""
The same `x86` simulator as chapter 26, now with a lock. `homework/28-locks/tas-counter.s`
guards the shared counter with a test-and-set lock made of `xchg`. Write your own variants
(a lock that only loads and stores a flag; a ticket lock with `fetchadd`) next to it and run
them the same way.
""")


@ch.parameters
def params(r):
    return {"cx": r.randint(3, 8), "intr": r.randint(1, 6), "seed": r.randrange(1, 10000)}


def final(i=0):
    def get(o, p):
        rows = [line.split() for line in o[i].splitlines()
                if re.match(r"^\s*-?\d+(\s+-?\d+)*\s+\d+ ", line)]
        return int(rows[-1][0])
    return get


def instructions(i=0):
    return lambda o, p: len([line for line in o[i].splitlines()
                             if re.match(r"^\s*-?\d+\s+\d+ +\S", line)])


P = "homework/28-locks/tas-counter.s"
ch.question("""
Two threads each add {cx} to the counter under the lock, switching every {intr} instructions.
What is the counter at the end? How many instructions run in all (count the trace's rows)?
""", run=[f"x86 -p {P} -t 2 -a cx={{cx}},cx={{cx}} -i {{intr}} -M 2000"],
    answers=[integer("q1a", "the counter at the end", final()),
             integer("q1b", "instructions run in all", instructions())])

ch.question("""
With random switches (seed {seed}, `-r -i {intr}`) is the counter still right? How many
instructions run now, and where does the extra time go?
""", run=[f"x86 -p {P} -t 2 -a cx={{cx}},cx={{cx}} -r -i {{intr}} -s {{seed}} -M 2000"],
    answers=[integer("q2a", "the counter at the end", final()),
             integer("q2b", "instructions run in all", instructions())])

ch.question("""
Write `flag-counter.s`, which "locks" with a plain load of the flag, a test, and a store of 1.
Find an interrupt interval for which it gives the wrong count, and explain the interleaving.
Then write a ticket lock with `fetchadd` and compare how fairly the two threads take turns.
""")
