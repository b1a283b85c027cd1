"""Chapter 10 homework: multiprocessor scheduling with the multi simulator."""
from grading.homework import Chapter, grab, integer, last, listof, num

ch = Chapter("10", "multiprocessor", "Multiprocessor Scheduling (Advanced)", simulators=["multi"],
             intro="""
The `multi` simulator schedules jobs on `-n` CPUs, each with a cache of `-M` units. A job is
`name:run-time:working-set` (`-L`); once its working set has been in a CPU's cache for the
warm-up time (`-w`), it runs `-r` times faster there. One central queue is the default; `-p`
gives each CPU its own queue, with work stealing every `-P` ticks, and `-A` pins jobs to CPUs.
`-t`, `-C` and `-S` trace what happens tick by tick.
""")


@ch.parameters
def params(r):
    return {
        "run": r.randrange(20, 60, 5),
        "ws": r.choice([50, 80, 100]),
        "cache": r.choice([100, 120, 150]),
        "r1": r.randrange(60, 120, 10), "r2": r.randrange(60, 120, 10),
        "r3": r.randrange(60, 120, 10),
        "seed": r.randrange(1, 10000),
        "jobs": r.randint(3, 5),
        "peek": r.choice([10, 20, 30]),
    }


def finished(i=0):
    return lambda o, p: last(o[i], r"Finished time (\d+)", int)


def utilization(i=0):
    return lambda o, p: grab(o[i], r"CPU +\d+ +utilization +([\d.]+)")


ch.question("""
One job `a` runs for {run} ticks with a working set of {ws} on one CPU whose cache holds
{cache}. When does it finish? Then make the cache too small for the working set: when does it
finish now, and why?
""", run=["multi -n 1 -L a:{run}:{ws} -M {cache}", "multi -n 1 -L a:{run}:{ws} -M 10"],
    answers=[integer("q1a", "finishing time with the large cache", finished(0)),
             integer("q1b", "finishing time with the cache of 10", finished(1))])

ch.question("""
Three jobs `a:{r1}:50`, `b:{r2}:50` and `c:{r3}:50` share two CPUs with caches of 100 and one
central queue. When is everything done, and how busy was each CPU? Then give each CPU its own
queue (`-p`): how do the finishing time and the utilizations change?
""", run=["multi -n 2 -L a:{r1}:50,b:{r2}:50,c:{r3}:50 -M 100",
          "multi -n 2 -L a:{r1}:50,b:{r2}:50,c:{r3}:50 -M 100 -p"],
    answers=[integer("q2a", "central queue: finishing time", finished(0)),
             listof("q2b", "central queue: each CPU's utilization, CPU 0 first", utilization(0),
                    "number", count=2),
             integer("q2c", "per-CPU queues: finishing time", finished(1)),
             listof("q2d", "per-CPU queues: each CPU's utilization", utilization(1), "number",
                    count=2)])

ch.question("""
Draw {jobs} jobs from seed {seed} onto four CPUs with per-CPU queues, and let idle CPUs peek at
the others' queues every {peek} ticks. When is everything done? How does the peek interval
trade stealing overhead against load balance?
""", run=["multi -s {seed} -j {jobs} -n 4 -p -P {peek}"],
    answers=[integer("q3", "finishing time", finished())])

ch.question("""
Affinity: pin the jobs of Q2 so that each CPU keeps running the same jobs (`-A`), and find a
placement that finishes sooner than the central queue did. Explain why cache affinity helps
and when pinning hurts.
""")
