#!/usr/bin/env python3
"""Demand paging from the program file: booted with lazyexec=1, exec reads no page of the
program, and each comes in on its first touch (demandtest lazy: one page-in per page); the
program's contents, read-only text, fork, pipes, reads of its own file and a program that
unlinks its own file all work (demandtest); and so do usertests' tests of exec and of user
memory. Booted without it, exec reads everything (demandtest eager). Prints one line per check
and 'N passed, M failed'. Needs the repository on PYTHONPATH (the Makefile sets it).
"""
import os
import re
import sys

from grading.qemu import Machine, MachineError

TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
# usertests' tests of exec and of copies to and from user memory, which meet program pages not
# yet read. (The whole of usertests passes with lazyexec=1 too, but takes a minute more.)
USERTESTS = ["execbad", "execargs", "textwrite", "badbuf", "straddle", "badptr", "pagecross",
             "badaccess", "lazysyscall", "pipe", "forkbig"]


def main():
    results = []

    def check(name, ok, detail):
        results.append(bool(ok))
        print(f"test {name}: {'OK' if ok else 'FAILED'} ({detail})")

    def last_lines(out, n=2):
        return " / ".join(out.strip().splitlines()[-n:]) if out.strip() else "no output"

    try:
        os.environ["QEMU_BOOTARGS"] = "lazyexec=1"
        with Machine(TREE, cpus=1) as m:
            m.wait_for_shell(60)
            out = m.run("demandtest lazy", 60)
            check("lazy-one-pagein-per-page", "test lazy: OK" in out, last_lines(out))
            out = m.run("demandtest", 120)
            for name in ["contents", "textwrite", "fork", "pipe", "readself", "unlinked"]:
                verdict = re.search(rf"^test {name}: (\w+)", out, re.M)
                check(f"lazy-{name}", verdict and verdict.group(1) == "OK",
                      verdict.group(0) if verdict else last_lines(out))
            out = m.run("; ".join(f"usertests {t}" for t in USERTESTS), 300)
            check("lazy-usertests", out.count("ALL TESTS PASSED") == len(USERTESTS),
                  f"{out.count('ALL TESTS PASSED')} of {len(USERTESTS)} passed: "
                  + last_lines(out))
        os.environ["QEMU_BOOTARGS"] = ""
        with Machine(TREE, cpus=1) as m:
            m.wait_for_shell(60)
            out = m.run("demandtest eager contents", 60)
            check("eager-reads-everything", out.count(": OK") == 2, last_lines(out))
    except MachineError as e:
        print(f"demand: {e.reason}")
        results.append(False)
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
