"""Chapter 22 homework: page replacement policies with paging-policy."""
from grading.homework import Chapter, grab, integer, last, listof, num

ch = Chapter("22", "swapping-policies", "Beyond Physical Memory: Policies",
             simulators=["paging-policy"], intro="""
`paging-policy` replays a list of page references through a cache of `-C` pages under a
replacement policy `-p` (FIFO, LRU, MRU, OPT, UNOPT, RAND, CLOCK with `-b` use bits). Give the
references with `-a 1,2,3,...`, or let the seed `-s` draw `-n` of them from pages up to `-m`.
With `-c` it shows, for every reference, hit or miss, what was evicted and the cache after it.
""")


@ch.parameters
def params(r):
    loop = r.choice([4, 5, 6])
    first = r.randrange(0, 5)
    refs = [r.randrange(0, 8) for _ in range(12)]
    return {
        "seed": r.randrange(1, 10000),
        "cache": r.choice([3, 4]),
        "refs": ",".join(map(str, refs)),
        "loop": loop,
        "loop_refs": ",".join(str(first + i) for i in range(loop)),
        "loop_cache": loop - 1,
    }


def outcomes(i=0):
    return lambda o, p: [w.lower() for w in grab(o[i], r"^Access: \d+ +(HIT|MISS)", str)]


def hits(i=0):
    return lambda o, p: last(o[i], r"FINALSTATS hits (\d+)", int)


ch.question("""
Seed {seed}: ten references to pages 0 to 9 through a cache of {cache} pages. For FIFO, LRU and
OPT, mark each reference as a hit or a miss, and count the hits.
""", run=["paging-policy -s {seed} -n 10 -m 9 -C {cache} -p FIFO",
          "paging-policy -s {seed} -n 10 -m 9 -C {cache} -p LRU",
          "paging-policy -s {seed} -n 10 -m 9 -C {cache} -p OPT"],
    answers=[listof("q1a", "FIFO: hit or miss for each reference", outcomes(0), "word", 10),
             listof("q1b", "LRU: hit or miss for each reference", outcomes(1), "word", 10),
             listof("q1c", "OPT: hit or miss for each reference", outcomes(2), "word", 10),
             listof("q1d", "the number of hits of FIFO, LRU and OPT", lambda o, p: [
                 hits(i)(o, p) for i in range(3)], "int", 3)])

ch.question("""
Your reference string is {refs}, with a cache of {cache} pages. How many hits do LRU and CLOCK
(one use bit) get? What is the hit rate of OPT, in percent?
""", run=["paging-policy -a {refs} -C {cache} -p LRU", "paging-policy -a {refs} -C {cache} -p CLOCK",
          "paging-policy -a {refs} -C {cache} -p OPT"],
    answers=[integer("q2a", "LRU's hits", hits(0)), integer("q2b", "CLOCK's hits", hits(1)),
             num("q2c", "OPT's hit rate in percent", lambda o, p: last(o[2], r"hitrate ([\d.]+)"))])

ch.question("""
The string `{loop_refs}` repeated three times loops over {loop} pages; run it with a cache one
page smaller than the loop. How many hits do LRU and MRU get? Explain why one of them collapses
on this workload.
""", run=["paging-policy -a " + ",".join(["{loop_refs}"] * 3) + " -C {loop_cache} -p LRU",
          "paging-policy -a " + ",".join(["{loop_refs}"] * 3) + " -C {loop_cache} -p MRU"],
    answers=[integer("q3a", "LRU's hits", hits(0)), integer("q3b", "MRU's hits", hits(1))])

ch.question("""
Write a small program that produces a reference string with locality (say, 80% of references
going to 20% of the pages) and compare the hit rates of LRU, RAND and CLOCK with different
numbers of use bits on it. How close does CLOCK come to LRU?
""")
