"""Chapter 7 homework: FIFO, SJF and round robin with the scheduler simulator."""
from grading.homework import Chapter, last, grab, num, listof

ch = Chapter("07", "scheduling", "Scheduling: Introduction", simulators=["scheduler"], intro="""
The `scheduler` simulator runs a list of jobs, all arriving at time 0, under one policy
(`-p FIFO`, `-p SJF` or `-p RR` with a time slice `-q`) and reports each job's response time
(first run minus arrival), turnaround time (completion minus arrival) and wait time (time
spent ready but not running). Give `-l` a comma-separated list of job lengths, or let the
simulator draw `-j` jobs of at most `-m` ticks from the seed `-s`.
""")


@ch.parameters
def params(r):
    lengths = sorted(r.sample(range(20, 310, 10), 3))
    r.shuffle(lengths)
    return {
        "equal": r.randrange(50, 410, 10),
        "l1": lengths[0], "l2": lengths[1], "l3": lengths[2],
        "quantum": r.choice([2, 4, 5, 8, 10]),
        "seed": r.randrange(1, 10000),
        "jobs": r.randint(4, 6),
        "maxlen": r.choice([20, 30, 40, 50]),
    }


def avg(metric):
    return lambda out, p, i=0: last(out[i], rf"Average --.*?{metric}:? ([\d.]+)")


def per_job(metric, i=0):
    return lambda out, p: grab(out[i], rf"Job +\d+ --.*?{metric}:? ([\d.]+)")


ch.question("""
Three jobs of the same length, {equal} ticks each, arrive together. Before running anything,
work out the average response time and the average turnaround time when they are scheduled
first-in first-out, and again with shortest job first. Then check yourself with the simulator.
""", run=["scheduler -p FIFO -l {equal},{equal},{equal}", "scheduler -p SJF -l {equal},{equal},{equal}"],
    answers=[num("q1a", "FIFO: average response time", lambda o, p: avg("Response")(o, p, 0)),
             num("q1b", "FIFO: average turnaround time", lambda o, p: avg("Turnaround")(o, p, 0)),
             num("q1c", "SJF: average response time", lambda o, p: avg("Response")(o, p, 1)),
             num("q1d", "SJF: average turnaround time", lambda o, p: avg("Turnaround")(o, p, 1))])

ch.question("""
Now the three jobs differ: they are {l1}, {l2} and {l3} ticks long, in that order of arrival.
Work out the same two averages for FIFO and for SJF. Which policy wins, and why does the order
of the list matter to one of them and not to the other?
""", run=["scheduler -p FIFO -l {l1},{l2},{l3}", "scheduler -p SJF -l {l1},{l2},{l3}"],
    answers=[num("q2a", "FIFO: average response time", lambda o, p: avg("Response")(o, p, 0)),
             num("q2b", "FIFO: average turnaround time", lambda o, p: avg("Turnaround")(o, p, 0)),
             num("q2c", "SJF: average response time", lambda o, p: avg("Response")(o, p, 1)),
             num("q2d", "SJF: average turnaround time", lambda o, p: avg("Turnaround")(o, p, 1))])

ch.question("""
Run the same three jobs under round robin with a time slice of {quantum} ticks. Give each job's
response time and turnaround time (in job order), and compare the averages with Q2: which metric
does round robin improve, and which does it make worse?
""", run=["scheduler -p RR -q {quantum} -l {l1},{l2},{l3}"],
    answers=[listof("q3a", "each job's response time, job 0 first", per_job("Response"), "number", 3),
             listof("q3b", "each job's turnaround time, job 0 first", per_job("Turnaround"), "number", 3),
             num("q3c", "average wait time", avg("Wait"))])

ch.question("""
Let the simulator draw {jobs} random jobs of at most {maxlen} ticks from seed {seed}, and
schedule them shortest job first. List each job's turnaround time, then give the average wait
time.
""", run=["scheduler -p SJF -s {seed} -j {jobs} -m {maxlen}"],
    answers=[listof("q4a", "each job's turnaround time, job 0 first", per_job("Turnaround"), "number"),
             num("q4b", "average wait time", avg("Wait"))])

ch.question("""
Describe every workload for which SJF and FIFO give the same average turnaround time. Then
describe the workloads and time slices for which SJF and round robin give the same response
times. Use the simulator to test one example of each.
""")

ch.question("""
Keep three jobs but make them longer and longer. What happens to SJF's average response time?
And under round robin, how does the average response time grow with the time slice? Write a
formula for the worst response time of any job among N jobs under round robin with slice q.
""")
