#!/usr/bin/env python3
"""The largest file, on the image `make all FSSIZE=200000` makes: bigfile writes until a write
fails, which must be at exactly MAXFILE blocks, with one more byte refused; every block reads
back as written; truncating and unlinking the file give every block back. Takes the kernel
many minutes (each block is written twice, in small transactions), so it is not part of
make test. Prints one line per check and 'N passed, M failed'. Needs the repository on
PYTHONPATH (the Makefile sets it).
"""
import os
import re
import sys
import time

from grading.qemu import Machine, MachineError

TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LIMIT = 3 * 3600  # seconds for bigfile


def main():
    start = time.time()
    try:
        with Machine(TREE, cpus=1) as m:
            m.wait_for_shell(60)
            out = m.run("bigfile", LIMIT)
    except MachineError as e:
        print(f"test maxfile: FAILED ({e.reason})")
        return 1
    elapsed = time.time() - start
    maxfile = re.search(r"^bigfile: MAXFILE (\d+)$", out, re.M)
    free = re.search(r"^bigfile: free blocks (\d+) before, (\d+) with the file, (\d+) after "
                     r"truncate, (\d+) after unlink$", out, re.M)
    if not maxfile or not free:
        print(f"test maxfile: FAILED (bigfile printed:\n{out})")
        return 1
    n = int(maxfile[1])
    before, used, truncated, unlinked = (int(x) for x in free.groups())
    checks = [
        ("size", re.search(rf"^bigfile: wrote {n} blocks$", out, re.M), f"MAXFILE {n} blocks"),
        ("past-the-end", re.search(r"^bigfile: write past the end returned -1$", out, re.M),
         "one more byte refused"),
        ("read-back", re.search(rf"^bigfile: read back {n} blocks, first bad block -1$", out,
                                re.M), "every block as written"),
        ("freed", truncated == before and unlinked == before,
         f"{before} free before, {used} with the file, {truncated} after truncate, "
         f"{unlinked} after unlink"),
    ]
    for name, ok, detail in checks:
        print(f"test {name}: {'OK' if ok else 'FAILED'} ({detail})")
    failed = sum(1 for _, ok, _ in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed ({elapsed:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
