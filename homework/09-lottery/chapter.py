"""Chapter 9 homework: lottery scheduling with the lottery simulator."""
import re

from grading.homework import Chapter, listof, num

ch = Chapter("09", "lottery", "Scheduling: Proportional Share", simulators=["lottery"], intro="""
The `lottery` simulator holds a lottery every time slice: each job holds some tickets, a random
number picks the winning ticket, and its holder runs for one slice (`-q`). Give the jobs with
`-l run:tickets,...` or let the seed `-s` draw `-j` of them. With `-c` it shows every draw and
when each job finishes.
""")


@ch.parameters
def params(r):
    return {
        "seed": r.randrange(1, 10000),
        "seed2": r.randrange(1, 10000),
        "jobs": r.randint(3, 4),
        "small": r.choice([1, 2, 5]),
        "len": r.choice([50, 100, 150, 200]),
        "quantum": r.choice([2, 5, 10]),
        "tix": r.choice([50, 75, 100]),
    }


def done_times(i=0):
    def get(o, p):
        found = {int(a): int(b) for a, b in re.findall(r"--> JOB (\d+) DONE at time (\d+)", o[i])}
        return [found[k] for k in sorted(found)]
    return get


def unfairness(i):
    def get(o, p):
        first, second = sorted(done_times(i)(o, p))
        return round(first / second, 2)
    return get


ch.question("""
Draw {jobs} jobs from seed {seed} and work out, draw by draw, which job wins each lottery.
When does each job finish?
""", run=["lottery -s {seed} -j {jobs}"],
    answers=[listof("q1", "each job's finishing time, job 0 first", done_times(), count=0)])

ch.question("""
Two jobs of 10 slices each: job 0 holds {small} ticket(s), job 1 holds 100. Using seed {seed2},
when does each job finish? How likely is job 0 to run before job 1 is done, in general?
""", run=["lottery -s {seed2} -l 10:{small},10:100"],
    answers=[listof("q2", "each job's finishing time, job 0 first", done_times(), count=2)])

ch.question("""
Two jobs of equal length {len} with {tix} tickets each, seed {seed}. When does each finish?
Define the unfairness as the first finishing time divided by the second; what is it here? Try a
few seeds and longer jobs: how does the unfairness move as jobs grow longer?
""", run=["lottery -s {seed} -l {len}:{tix},{len}:{tix}"],
    answers=[listof("q3a", "each job's finishing time, job 0 first", done_times(), count=2),
             num("q3b", "the unfairness (first / second finishing time)", unfairness(0))])

ch.question("""
The same two jobs with a time slice of {quantum}: when does each finish, and what is the
unfairness now?
""", run=["lottery -s {seed} -q {quantum} -l {len}:{tix},{len}:{tix}"],
    answers=[listof("q4a", "each job's finishing time, job 0 first", done_times(), count=2),
             num("q4b", "the unfairness", unfairness(0))])

ch.question("""
Sketch how a graph of unfairness against job length would look for lottery scheduling, and how
it would look for stride scheduling. Why does the deterministic scheduler do better?
""")
