#!/usr/bin/env python3
"""Swapping, the kernel against the simulator: swaptest touches heap pages in a reference string
under a resident-set limit of C pages and FIFO replacement, and its misses (first touches and
page-ins) must be paging-policy's misses for the same string with -p FIFO -C C; its page-ins,
those misses less the first touches. (The simulator's CLOCK picks pages at random, unlike the
kernel's second chance, so only FIFO is compared.) Pages sbrk allocates at once go out too.
Then, booted with little memory (freepages=N), a process without a limit that touches more
pages than are free survives by paging its own pages out. Last, booted without a swap disk, the kernel says swapping is off and
rsslimit fails while usertests' swap tests pass. Prints one line per check and 'N passed, M
failed'. Needs the repository on PYTHONPATH and sims/bin/paging-policy (the Makefile makes
both).
"""
import os
import random
import re
import subprocess
import sys

from pathlib import Path

from grading.qemu import Machine, MachineError, qemu_command

TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SIMULATOR = os.path.join(TREE, "sims", "bin", "paging-policy")
STRINGS = 6        # random reference strings
FREE_PAGES = 1500  # pages the kernel hands out in the low-memory boot


def simulated_misses(refs, cache):
    out = subprocess.run([SIMULATOR, "-p", "FIFO", "-C", str(cache), "-c",
                          "-a", ",".join(map(str, refs))],
                         capture_output=True, text=True, check=True).stdout
    return int(re.search(r"FINALSTATS hits (\d+)\s+misses (\d+)", out).group(2))


def reference_strings(rng):
    """Belady's string (where FIFO does worse with more memory), then random ones with some
    locality: each from a few pages, reused often, among more."""
    belady = [0, 1, 2, 3, 0, 1, 4, 0, 1, 2, 3, 4]
    yield belady, 3
    yield belady, 4
    for _ in range(STRINGS):
        pages = rng.randint(6, 40)
        hot = rng.sample(range(pages), max(2, pages // 5))
        refs = [rng.choice(hot) if rng.random() < 0.6 else rng.randrange(pages)
                for _ in range(rng.randint(20, 120))]
        yield refs, rng.randint(1, min(16, pages))


def without_swap(kernel, disk, cpus):
    """The QEMU command line of a machine with no swap disk: the Machine's fresh one removed."""
    Path(disk).with_name("swap.img").unlink(missing_ok=True)
    return qemu_command(kernel, disk, cpus)


def main():
    results = []

    def check(name, ok, detail):
        results.append(bool(ok))
        print(f"test {name}: {'OK' if ok else 'FAILED'} ({detail})")

    seed = int(os.environ.get("SWAP_SEED", random.randrange(1 << 30)))
    print(f"swap: seed {seed} (SWAP_SEED={seed} repeats these strings)")
    rng = random.Random(seed)
    os.environ["QEMU_BOOTARGS"] = ""
    try:
        with Machine(TREE, cpus=1) as m:
            m.wait_for_shell(60)
            for i, (refs, cache) in enumerate(reference_strings(rng)):
                out = m.run(f"swaptest run fifo {cache} {','.join(map(str, refs))}", 60)
                got = re.search(r"misses (\d+) pageins (\d+)", out)
                want = simulated_misses(refs, cache)
                first = len(set(refs))
                check(f"fifo-{i}-misses", got and int(got.group(1)) == want,
                      f"{len(refs)} refs, {first} pages, -C {cache}: simulator {want} misses, "
                      f"kernel {got.group(1) if got else out.strip()!r}")
                check(f"fifo-{i}-pageins", got and int(got.group(2)) == want - first,
                      f"kernel {got.group(2) if got else '?'} page-ins, simulator's misses less "
                      f"first touches {want - first}")
            for name, what in (("eager", "pages sbrk allocates at once go out past the limit "
                                "and come back"),
                               ("batch", "pages go out in batches, and one touched again before "
                                "its batch is written comes back without a disk read")):
                out = m.run(f"swaptest {name}", 60)
                check(f"{name}-pages-swap", re.search(rf"^test {name}: OK$", out, re.M) is not None,
                      f"{what}: " + " / ".join(out.strip().splitlines()[-3:-1]))
        os.environ["QEMU_BOOTARGS"] = f"freepages={FREE_PAGES}"
        with Machine(TREE, cpus=1) as m:
            m.wait_for_shell(60)
            out = m.run("swaptest pressure", 120)
            check("pressure-pages-out", re.search(r"^test pressure: OK$", out, re.M) is not None,
                  out.strip().splitlines()[-2] if out.strip() else "no output")
        os.environ["QEMU_BOOTARGS"] = ""
        with Machine(TREE, cpus=1, launcher=without_swap) as m:
            m.wait_for_shell(60)
            check("no-swap-disk-boots", "swapping disabled" in m.output,
                  "the boot says 'swap: no second disk, swapping disabled'")
            out = m.run("swaptest content", 30)
            check("no-swap-disk-rsslimit-fails", "rsslimit failed" in out,
                  out.strip().splitlines()[0] if out.strip() else "no output")
            out = m.run("usertests swapbad; usertests swaplimit", 60)
            check("no-swap-disk-usertests", out.count("ALL TESTS PASSED") == 2,
                  " / ".join(out.strip().splitlines()[-3:]))
    except MachineError as e:
        print(f"swap: {e.reason}")
        results.append(False)
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
