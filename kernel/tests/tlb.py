#!/usr/bin/env python3
"""The TLB as tlbtest shows it: with an address-space id (ASID) per process, switching between
two processes costs no flush; booted with one ASID to share (asids=2), every switch flushes
again; with none (asids=0), the trampoline flushes twice per trip into user space. Also that
vmstat prints the counters, and the boot parameters reach the kernel. Prints one line per
check and 'N passed, M failed'. Needs the repository on PYTHONPATH (the Makefile sets it).
"""
import os
import re
import sys

from grading.qemu import Machine, MachineError

ROUNDS = 300
TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def tlbtest(bootargs):
    """(context switches, {cause: flushes}, ASIDs line, console) of tlbtest on a fresh boot."""
    os.environ["QEMU_BOOTARGS"] = bootargs
    with Machine(TREE, cpus=1) as m:
        m.wait_for_shell(60)
        out = m.run(f"tlbtest {ROUNDS}", 120)
        vmstat = m.run("vmstat", 30)
        console = m.output
    switches = re.search(r"(\d+) context switches", out)
    flushes = re.search(r"TLB flushes:((?: \w+ \d+)+)", out)
    if not switches or not flushes:
        raise MachineError(None, f"tlbtest printed no counts:\n{out}")
    words = flushes.group(1).split()
    return (int(switches.group(1)), {k: int(v) for k, v in zip(words[::2], words[1::2])},
            out, vmstat, console)


def main():
    results = []

    def check(name, ok, detail):
        results.append(ok)
        print(f"test {name}: {'OK' if ok else 'FAILED'} ({detail})")

    try:
        n, flushes, out, vmstat, _ = tlbtest("")
        # Only switching counts here: fork's copy-on-write flushes a few times whatever happens.
        switching = flushes["switch"] + flushes["reuse"]
        check("asids-switch-without-flush", n >= 2 * ROUNDS and switching <= 4,
              f"{n} switches, {switching} flushes for switching")
        check("vmstat-prints-counters", all(re.search(rf"^{w} ", vmstat, re.M)
                                            for w in ("faults", "pages", "flushes", "asids")),
              vmstat.strip().splitlines()[0] if vmstat.strip() else "no output")

        n, flushes, out, _, console = tlbtest("asids=2")
        check("bootargs-reach-the-kernel", "boot parameters: asids=2" in console
              and "1 to hand out" in out, "asids=2")
        check("one-shared-asid-flushes-on-switch", flushes["reuse"] >= 2 * ROUNDS - 4,
              f"{n} switches, {flushes['reuse']} reuse flushes")

        n, flushes, out, _, _ = tlbtest("asids=0")
        check("no-asids-trampoline-flushes", flushes["switch"] >= 4 * ROUNDS,
              f"{n} switches, {flushes['switch']} switch flushes")
    except MachineError as e:
        print(f"tlb: {e.reason}")
        results.append(False)
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
