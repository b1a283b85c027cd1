"""Chapter 38 homework: RAID levels with the raid simulator."""
from grading.homework import Chapter, grab, last, listof, num

ch = Chapter("38", "raid", "Redundant Arrays of Inexpensive Disks (RAIDs)", simulators=["raid"],
             intro="""
The `raid` simulator maps logical block requests onto `-D` disks at RAID level `-L` (0, 1, 4
or 5; `-5 LS` or `-5 LA` picks the RAID-5 layout) with chunks of `-C` bytes. It draws `-n`
requests of `-S` bytes, a fraction `-w` of them writes (in percent), random or sequential
(`-W`), over `-R` blocks. Normally it shows the logical requests and asks for the disk
operations; `-r` shows the disk operations and asks for the requests; `-t` asks for timing.
`--layout` draws the mapping.
""")


@ch.parameters
def params(r):
    level = r.choice([0, 1])
    return {
        "seed": r.randrange(1, 10000),
        "seed2": r.randrange(1, 10000),
        "disks": 4 if level == 1 else r.choice([4, 5]),  # mirroring needs pairs
        "level": level,
        "writes": r.choice([30, 50, 100]),
        "n": r.choice([50, 100, 200]),
    }


def first_disks(i=0):
    """The disk of the first physical operation of each logical request."""
    def get(o, p):
        blocks = o[i].split("LOGICAL ")[1:]
        return [grab(b, r"\[disk (\d+), offset", int)[0] for b in blocks]
    return get


def total_time(i=0):
    return lambda o, p: last(o[i], r"STAT totalTime ([\d.]+)")


ch.question("""
Seed {seed}, RAID level {level} over {disks} disks, five reads: for each logical block, which
disk serves it (for RAID 1, the disk the simulator picks)? Then explain the mapping rule.
""", run=["raid -s {seed} -L {level} -D {disks} -n 5"],
    answers=[listof("q1", "the disk of each request, in order", first_disks(), "int", 5)])

ch.question("""
Seed {seed2}, RAID 5 (left-symmetric) over {disks} disks, five random requests of which
{writes}% are writes. For each request, the disk of its first physical operation? How many
physical operations does one small write take, and why?
""", run=["raid -s {seed2} -L 5 -5 LS -D {disks} -n 5 -w {writes}"],
    answers=[listof("q2", "the disk of each request's first operation, in order", first_disks(),
                    "int", 5)])

ch.question("""
Timing: {n} random 4 KB writes with seed {seed}, over 4 disks. How long do RAID 0, RAID 1, RAID 4
and RAID 5 take? Rank them and explain the ranking with each level's write cost.
""", run=["raid -s {seed} -t -n {n} -w 100 -L 0 -D 4", "raid -s {seed} -t -n {n} -w 100 -L 1 -D 4",
          "raid -s {seed} -t -n {n} -w 100 -L 4 -D 4", "raid -s {seed} -t -n {n} -w 100 -L 5 -D 4"],
    answers=[listof("q3", "total time of RAID 0, 1, 4 and 5", lambda o, p: [
        total_time(i)(o, p) for i in range(4)], "number", 4, tol=0.1)])

ch.question("""
The same with sequential requests (`-W seq`) and 100% reads, then 100% writes: which level
gains most from sequential access? Vary the request size (`-S 8k`, `-S 12k`, `-S 16k`) on
RAID 4 and RAID 5 and explain where full-stripe writes start to pay off.
""")
