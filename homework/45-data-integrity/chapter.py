"""Chapter 45 homework: checksums with the checksum simulator."""
import re

from grading.homework import Chapter, integer

ch = Chapter("45", "data-integrity", "Data Integrity and Protection", simulators=["checksum"],
             intro="""
The `checksum` simulator draws a few bytes of data (`-s`, or your own with `-D 1,2,3,4`) and
asks for their additive checksum (the sum modulo 256), their XOR, and the Fletcher checksum (the
pair a, b, each modulo 255).
""")


@ch.parameters
def params(r):
    return {"seed": r.randrange(1, 10000), "data": ",".join(str(r.randrange(0, 256)) for _ in range(4))}


def value(name, i=0, part=0):
    def get(o, p):
        m = re.search(rf"^{name}:\s+(\d+)(?:,(\d+))?", o[i], re.M)
        return int(m.group(1 + part))
    return get


ch.question("""
Seed {seed}: compute the additive, XOR and Fletcher checksums of the data.
""", run=["checksum -s {seed}"],
    answers=[integer("q1a", "the additive checksum", value("Add")),
             integer("q1b", "the XOR checksum", value("Xor")),
             integer("q1c", "Fletcher's a", value(r"Fletcher\(a,b\)", 0, 0)),
             integer("q1d", "Fletcher's b", value(r"Fletcher\(a,b\)", 0, 1))])

ch.question("""
Your own data: `-D {data}`. The same four values.
""", run=["checksum -D {data}"],
    answers=[integer("q2a", "the additive checksum", value("Add")),
             integer("q2b", "the XOR checksum", value("Xor")),
             integer("q2c", "Fletcher's a", value(r"Fletcher\(a,b\)", 0, 0)),
             integer("q2d", "Fletcher's b", value(r"Fletcher\(a,b\)", 0, 1))])

ch.question("""
Find two different four-byte inputs with the same additive and XOR checksums but different
Fletcher checksums, and explain which kinds of corruption each checksum cannot see. Then write a
program for our kernel that computes the Fletcher checksum of a file and time it on a large one.
""")
