"""Chapter 37 homework: seek, rotation and transfer with the disk simulator."""
from grading.homework import Chapter, listof, grab, num

ch = Chapter("37", "hard-disks", "Hard Disk Drives", simulators=["disk"], intro="""
The `disk` simulator models one disk with three tracks of twelve sectors each. Give it the
sectors to read (`-a 10,11,30`) or let it draw them (`-A` or `-s` with `-n`); `-S` sets the
seek speed, `-R` the rotation speed, `-p` the scheduling policy (FIFO, SSTF, SATF) and `-w` the
window of requests the scheduler may choose from. With `-c` it gives every request's seek,
rotation, transfer and total time.
""")


@ch.parameters
def params(r):
    sectors = r.sample(range(0, 36), 4)
    return {"addrs": ",".join(map(str, sectors)), "seek": r.choice([2, 4, 0.5]),
            "rot": r.choice([0.5, 0.1]), "seed": r.randrange(1, 10000)}


def totals(i=0):
    return lambda o, p: grab(o[i], r"^Block: +\d+ +Seek: *[\d.]+ +Rotate: *[\d.]+ +Transfer: *[\d.]+ +Total: *([\d.]+)")


def total(i=0):
    return lambda o, p: grab(o[i], r"^TOTALS +Seek: *[\d.]+ +Rotate: *[\d.]+ +Transfer: *[\d.]+ +Total: *([\d.]+)")[-1]


ch.question("""
Read the sectors {addrs} in order with the default speeds. For each request, how long does it
take in all? What is the total time?
""", run=["disk -a {addrs}"],
    answers=[listof("q1a", "each request's total time, in order", totals(), "number", 4),
             num("q1b", "the total time", total())])

ch.question("""
The same requests with a seek speed of {seek} and then a rotation speed of {rot}: give both
totals, and say which part of the time each change shrinks or grows.
""", run=["disk -a {addrs} -S {seek}", "disk -a {addrs} -R {rot}"],
    answers=[num("q2a", f"total with seek speed {{seek}}", total(0)),
             num("q2b", f"total with rotation speed {{rot}}", total(1))])

ch.question("""
Now let the scheduler pick: SSTF and SATF on the same requests. Give both totals. Find a request
list on which SATF beats SSTF clearly, and one on which they tie.
""", run=["disk -a {addrs} -p SSTF", "disk -a {addrs} -p SATF"],
    answers=[num("q3a", "SSTF's total", total(0)), num("q3b", "SATF's total", total(1))])

ch.question("""
Starvation: with SATF, a request far from the others can wait forever. Show a request stream
(`-A` or a long `-a` list) where this happens, and use the window (`-w`) to bound the wait. What
window would you choose, and what does it cost?
""")
