"""Chapter 8 homework: the multi-level feedback queue with the mlfq simulator."""
from grading.homework import Chapter, grab, last, listof, num

ch = Chapter("08", "mlfq", "Scheduling: The Multi-Level Feedback Queue", simulators=["mlfq"],
             intro="""
The `mlfq` simulator runs jobs through a multi-level feedback queue: `-n` queues, a time slice
`-q` per level (or `-Q` for one per level), an allotment `-a` of slices before a job drops a
level, a priority boost every `-B` ticks, and I/O that takes `-i` ticks. A job list `-l` gives
each job as `start,run,io-every` (jobs separated by `:`); `-S` lets a job that does I/O keep its
level, `-I` puts a job that finishes I/O at the front of its queue.
""")


@ch.parameters
def params(r):
    return {
        "seed": r.randrange(1, 10000),
        "long": r.randrange(100, 220, 10),
        "start": r.randrange(20, 60, 10),
        "short": r.randrange(10, 40, 5),
        "io": r.choice([2, 3, 5]),
        "iofreq": r.choice([2, 3, 4]),
        "boost": r.choice([30, 50, 80, 100]),
        "q": r.choice([5, 10]),
        "cheat": r.choice([4, 9]),
    }


def jobs(group, i=0):
    return lambda o, p: grab(o[i], r"Job +\d+: startTime +\S+ - response +(\d+) - turnaround +(\d+)",
                             int, group)


def average(metric, i=0):
    return lambda o, p: last(o[i], rf"Avg +\d+: .*{metric} ([\d.]+)")


ch.question("""
Let the simulator draw two jobs of at most 20 ticks, without I/O, from seed {seed}, on two
queues. Trace by hand which job runs at each tick, then give each job's response and turnaround
time.
""", run=["mlfq -s {seed} -n 2 -j 2 -m 20 -M 0"],
    answers=[listof("q1a", "each job's response time, job 0 first", jobs(1)),
             listof("q1b", "each job's turnaround time, job 0 first", jobs(2))])

ch.question("""
A long CPU-bound job of {long} ticks starts at time 0; at time {start} a short job of {short}
ticks arrives that does I/O every {iofreq} ticks (each I/O takes {io} ticks). Three queues, a
{q}-tick slice at every level. When does each job finish? Explain how the queue keeps the
short job responsive.
""", run=["mlfq -n 3 -q {q} -l 0,{long},0:{start},{short},{iofreq} -i {io}"],
    answers=[listof("q2a", "each job's turnaround time, job 0 first", jobs(2), count=2),
             num("q2b", "the average response time", average("response"))])

ch.question("""
Two CPU-bound jobs of {long} ticks and one job that does I/O every {iofreq} ticks (a
{short}-tick job) share three queues with {q}-tick slices, and the priority is boosted every
{boost} ticks. Give each job's turnaround time. Then run it without the boost (`-B 0`): what
does the boost buy, and for whom?
""", run=["mlfq -n 3 -q {q} -B {boost} -i {io} -l 0,{long},0:0,{long},0:0,{short},{iofreq}"],
    answers=[listof("q3", "each job's turnaround time, job 0 first", jobs(2), count=3)])

ch.question("""
A job can game a scheduler that lets a job keep its level when it does I/O (`-S`): it issues
an I/O just before its slice ends. Run a CPU-bound job of {long} ticks against a job of the same
length that does a 1-tick I/O every {cheat} ticks, with a 10-tick slice and `-S`. Give both
turnaround times, and the same two without `-S`.
""", run=["mlfq -n 3 -q 10 -i 1 -S -l 0,{long},0:0,{long},{cheat}",
          "mlfq -n 3 -q 10 -i 1 -l 0,{long},0:0,{long},{cheat}"],
    answers=[listof("q4a", "with -S: each job's turnaround time", jobs(2, 0), count=2),
             listof("q4b", "without -S: each job's turnaround time", jobs(2, 1), count=2)])

ch.question("""
With a 10 ms slice in the top queue, how often must the scheduler boost priorities so that a
single long-running job gets at least 5% of the CPU however many interactive jobs arrive?
Explain your reasoning and test it with the simulator.
""")

ch.question("""
What does `-I` change? Build a workload with two I/O-bound jobs where it changes who runs
first after an I/O, and say which of the two behaviours a real system should prefer.
""")
