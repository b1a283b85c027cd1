"""Chapter 4 homework: process states with the process-run simulator."""
from grading.homework import Chapter, integer, last, num

ch = Chapter("04", "processes", "The Abstraction: The Process", simulators=["process-run"],
             intro="""
`process-run` runs processes made of CPU instructions and I/O requests and shows, tick by tick,
each process's state (RUNNING, READY, BLOCKED, DONE). `-l X:Y` adds a process of X
instructions, each an I/O with probability Y percent; `-L` sets how long an I/O takes; `-S`
says when to switch processes (`SWITCH_ON_IO` or `SWITCH_ON_END`) and `-I` what to do when an
I/O completes (`IO_RUN_LATER` or `IO_RUN_IMMEDIATE`). `-c -p` adds the statistics.
""")


@ch.parameters
def params(r):
    return {
        "cpu": r.randint(3, 8),
        "io_len": r.choice([3, 5, 7]),
        "ios": r.randint(2, 4),
        "seed": r.randrange(1, 10000),
        "prob": r.choice([30, 50, 70]),
    }


def stat(pattern, cast=int, i=0):
    return lambda o, p: last(o[i], pattern, cast)


ch.question("""
Two processes: one of {cpu} instructions that only compute, and one that issues {ios} I/Os in a
row (`-l {ios}:100`), each I/O lasting {io_len} ticks. Predict the total time and how many
ticks the CPU is busy, with the compute process first, and again with the I/O process first.
Why does the order matter?
""", run=["process-run -l {cpu}:0,{ios}:100 -L {io_len} -p", "process-run -l {ios}:100,{cpu}:0 -L {io_len} -p"],
    answers=[integer("q1a", "compute process first: total time",
                     stat(r"Stats: Total Time (\d+)", int, 0)),
             integer("q1b", "I/O process first: total time", stat(r"Stats: Total Time (\d+)", int, 1)),
             integer("q1c", "I/O process first: ticks the CPU is busy",
                     stat(r"Stats: CPU Busy (\d+)", int, 1))])

ch.question("""
Same I/O-first order, but the scheduler switches only when a process ends (`-S SWITCH_ON_END`).
What is the total time now, and what does the CPU do while the I/O is in flight?
""", run=["process-run -l {ios}:100,{cpu}:0 -L {io_len} -S SWITCH_ON_END -p"],
    answers=[integer("q2", "total time", stat(r"Stats: Total Time (\d+)"))])

ch.question("""
Three I/O-bound processes and one that computes: `-l 3:0,5:100,5:100,5:100 -S SWITCH_ON_IO -L
{io_len}`. Compare `-I IO_RUN_LATER` and `-I IO_RUN_IMMEDIATE`: give the total time of each.
Why might running a process as soon as its I/O finishes be a good idea?
""", run=["process-run -l 3:0,5:100,5:100,5:100 -S SWITCH_ON_IO -I IO_RUN_LATER -L {io_len} -p",
          "process-run -l 3:0,5:100,5:100,5:100 -S SWITCH_ON_IO -I IO_RUN_IMMEDIATE -L {io_len} -p"],
    answers=[integer("q3a", "IO_RUN_LATER: total time", stat(r"Stats: Total Time (\d+)", int, 0)),
             integer("q3b", "IO_RUN_IMMEDIATE: total time", stat(r"Stats: Total Time (\d+)", int, 1))])

ch.question("""
Seed {seed}, three random processes of five instructions each, I/O with probability {prob}%.
Trace the states by hand, then give the total time and the percentage of time the I/O device is
busy.
""", run=["process-run -s {seed} -l 5:{prob},5:{prob},5:{prob} -p"],
    answers=[integer("q4a", "total time", stat(r"Stats: Total Time (\d+)")),
             num("q4b", "I/O busy, in percent", stat(r"Stats: IO Busy +\d+ \(([\d.]+)%\)", float))])
