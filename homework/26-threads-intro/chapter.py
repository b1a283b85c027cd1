"""Chapter 26 homework: interleavings and races with the x86 simulator."""
import re

from grading.homework import Chapter, integer

ch = Chapter("26", "threads-intro", "Concurrency: An Introduction", simulators=["x86"], intro="""
The `x86` simulator runs a tiny x86-like assembly program (`-p file.s`) in `-t` threads that
share memory, switching threads every `-i` instructions (or at random with `-r`). `-a` sets
registers per thread (`-a dx=3,dx=5`), `-R` traces registers and `-M` memory addresses, and
`-c` fills the trace in. The two programs of this chapter are in this folder:
`homework/26-threads-intro/countdown.s` and `counter.s`.
""")


@ch.parameters
def params(r):
    return {"dx": r.randint(2, 5), "cx": r.randint(3, 8), "intr": r.randint(1, 4),
            "seed": r.randrange(1, 10000), "intr2": r.randint(1, 4)}


def final(column=0, i=0):
    def get(o, p):
        rows = [line.split() for line in o[i].splitlines()
                if re.match(r"^\s*-?\d+(\s+-?\d+)*\s+\d+ ", line)]
        return int(rows[-1][column])
    return get


H = "homework/26-threads-intro/"
ch.question("""
One thread runs `countdown.s` with %dx = {dx}. Trace %dx: what is its value when the thread
halts?
""", run=[f"x86 -p {H}countdown.s -t 1 -a dx={{dx}} -R dx"],
    answers=[integer("q1", "%dx when the thread halts", final())])

ch.question("""
Two threads run `counter.s`, each with %cx = {cx}, switching every {intr} instructions. What is
the counter at address 2000 at the end? Is the result what the program meant?
""", run=[f"x86 -p {H}counter.s -t 2 -a cx={{cx}},cx={{cx}} -i {{intr}} -M 2000"],
    answers=[integer("q2", "the counter at the end", final())])

ch.question("""
Now the switches come at random (seed {seed}, `-r`, at most every {intr2} instructions). What is
the counter at the end? Which interrupt intervals always give the right answer for this
program, and why?
""", run=[f"x86 -p {H}counter.s -t 2 -a cx={{cx}},cx={{cx}} -r -i {{intr2}} -s {{seed}} -M 2000"],
    answers=[integer("q3", "the counter at the end", final())])

ch.question("""
Where exactly is the critical section of `counter.s`? Explain, with an interleaving, how an
update is lost.
""")
