"""Tests of the sched lab: lottery and stride scheduling (labs/sched/README.md).

The kernel takes a timer tick every 100 ms of the machine's clock, and a lottery needs
thousands of draws before shares settle within 10%. So these tests boot QEMU with an
instruction-counted clock (-icount): the machine's time moves 2^ICOUNT_SHIFT ns per
instruction, a tick comes every ~100,000 instructions, and 10,000 ticks take seconds instead
of a quarter of an hour. Shares measured that way do not depend on how busy the host is.
"""
import re

from grading.lab import Lab
from grading.qemu import qemu_command

ICOUNT_SHIFT = 10
LOTTERY_TICKS = 10000  # draws: a 1/6 share is then within 10% with probability 1 - 1e-5
STRIDE_TICKS = 3000
TOLERANCE = 0.10  # relative: 1/6 passes from 0.150 to 0.183


def counted_clock(kernel, disk, cpus):
    return qemu_command(kernel, disk, cpus) + ["-icount", f"shift={ICOUNT_SHIFT},sleep=on"]


lab = Lab("sched", overlay=["user/schedtest.c", "user/setsched.c", "kernel/pstat.h",
                            "user/sh.c"], cpus=1, time_limit=300, launcher=counted_clock)

CHILD = re.compile(r"^child (\d+): pid (-?\d+) tickets (-?\d+) stride (\d+) ticks (-?\d+) share",
                   re.M)


def schedtest(t, policy, ticks, tickets, timeout=60):
    """Run schedtest; return [(tickets reported, stride reported, ticks run)] per child."""
    out = t.run(f"schedtest {policy} {ticks} {' '.join(map(str, tickets))}", timeout=timeout)
    t.log(out.strip())
    t.match(r"^schedtest: done", out, f"schedtest did not finish:\n{out}")
    children = [(int(m[1]), int(m[2]), int(m[3]), int(m[4])) for m in CHILD.findall(out)]
    t.check(len(children) == len(tickets), f"expected {len(tickets)} children, got:\n{out}")
    pids = [pid for pid, _, _, _ in children]
    t.check(len(set(pids)) == len(pids) and min(pids) > 0, f"bad pids:\n{out}")
    for (_, reported, _, _), wanted in zip(children, tickets):
        t.check(reported == wanted,
                f"getpinfo reports {reported} tickets for a child that set {wanted}:\n{out}")
    runs = [ran for _, _, _, ran in children]
    total = sum(runs)
    # Past the window by up to a tick per child twice: after its snapshot and after its sleep,
    # the parent may wait behind each child's quantum before it runs.
    slack = 2 * len(tickets)
    t.check(min(runs) >= 0 and ticks * 0.97 - slack <= total <= ticks * 1.03 + slack,
            f"the children ran {total} ticks in a window of {ticks}: getpinfo's ticks are off"
            f"\n{out}")
    return [(reported, stride, ran) for _, reported, stride, ran in children]


def check_shares(t, children, weights):
    total = sum(ran for _, _, ran in children)
    shares = [ran / total for _, _, ran in children]
    wanted = [w / sum(weights) for w in weights]
    t.log("shares " + ", ".join(f"{s:.3f} (want {w:.3f})" for s, w in zip(shares, wanted)))
    for share, want in zip(shares, wanted):
        t.check(abs(share - want) <= TOLERANCE * want,
                "shares " + ", ".join(f"{s:.3f}" for s in shares) + " are not within "
                f"{TOLERANCE:.0%} of " + ", ".join(f"{w:.3f}" for w in wanted))


@lab.test(5, timeout=60)
def default_rr(t):
    """Round robin is still the policy at boot, and shares equally whatever the tickets."""
    children = schedtest(t, "-", 300, [1, 2, 3])
    check_shares(t, children, [1, 1, 1])


@lab.test(10, timeout=60)
def getpinfo(t):
    """getpinfo reports each process's tickets and the ticks it ran."""
    tickets = [t.randint(1, 500) for _ in range(3)]
    schedtest(t, "rr", t.randint(40, 120), tickets)


@lab.test(20, timeout=120, after="getpinfo")
def lottery(t):
    """Lottery: three CPU-bound processes with 1:2:3 tickets share the cpu 1/6, 2/6, 3/6."""
    scale = t.randint(1, 30)  # the same ratio, in tickets drawn for this run
    children = schedtest(t, "lottery", LOTTERY_TICKS, [scale, 2 * scale, 3 * scale])
    check_shares(t, children, [1, 2, 3])


@lab.test(10, timeout=60, after="getpinfo")
def stride_123(t):
    """Stride: 1:2:3 tickets share the cpu 1/6, 2/6, 3/6."""
    children = schedtest(t, "stride", STRIDE_TICKS, [1, 2, 3])
    check_shares(t, children, [1, 2, 3])


@lab.test(10, timeout=60, after="getpinfo")
def stride_random(t):
    """Stride with three different ticket counts drawn for this run (4 to 12: their strides
    differ only if the stride constant is large enough); more tickets, a shorter stride."""
    tickets = t.rng.sample(range(4, 13), 3)
    children = schedtest(t, "stride", STRIDE_TICKS, tickets)
    check_shares(t, children, tickets)
    by_tickets = sorted(zip(tickets, (stride for _, stride, _ in children)))
    for (t1, s1), (t2, s2) in zip(by_tickets, by_tickets[1:]):
        t.check(s1 > 0 and (s2 < s1 if t2 > t1 else s2 == s1),
                f"strides {[s for _, s in by_tickets]} do not fall as tickets "
                f"{[n for n, _ in by_tickets]} rise")


@lab.test(5, timeout=30)
def settickets_checks(t):
    """setsched refuses an unknown policy; settickets refuses counts below 1."""
    out = t.run(f"setsched {t.nonce(8)}")
    t.match(r"no scheduling policy", out, f"setsched accepted an unknown policy:\n{out}")
    out = t.run("schedtest rr 10 0")
    t.match(r"settickets\(0\) failed", out, f"settickets(0) did not fail:\n{out}")
