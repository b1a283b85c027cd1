#!/usr/bin/env python3
"""Boot the kernel headless and run usertests in its shell; each usertests test counts.

Usage: usertests.py CPUS [usertests arguments...]
Prints every line usertests prints, then 'N passed, M failed'.  A kernel that panics, hangs
(past the time limit) or never reaches the shell fails the run.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from grading.qemu import Machine, MachineError  # noqa: E402

BOOT_LIMIT = 60
RUN_LIMIT = 300


def main():
    cpus = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    args = " ".join(sys.argv[2:])
    tree = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    passed = failed = 0
    problem = None
    with Machine(tree, cpus=cpus) as m:
        try:
            m.wait_for_shell(BOOT_LIMIT)
            m.send(f"usertests {args}\n".replace("  ", " "))
            m.expect(r"usertests", 10)
            verdict = m.expect(r"ALL TESTS PASSED|SOME TESTS FAILED", RUN_LIMIT).group(0)
            if verdict != "ALL TESTS PASSED":
                problem = verdict
        except MachineError as e:
            problem = e.reason
        output = m.output
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    for ok in re.findall(r"^test \S+: (OK|FAILED)", output, re.M):
        if ok == "OK":
            passed += 1
        else:
            failed += 1
    if problem:
        print(f"usertests with CPUS={cpus}: {problem}")
        failed = max(failed, 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
