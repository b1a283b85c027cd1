#!/usr/bin/env python3
"""Boot the kernel headless and run a test program in its shell; each of its tests counts.

Usage: usertests.py CPUS [--program NAME] [arguments...]
The program (usertests unless named) prints 'test X: OK' or 'test X: FAILED' per test and
then 'ALL TESTS PASSED' or 'SOME TESTS FAILED'. Prints every line it prints, then
'N passed, M failed'. A kernel that panics, hangs (past the time limit) or never reaches the
shell fails the run. After usertests, on the same boot, `usertests NAME` with a name no test
has must say so and list every test that ran (one more check in the count).
Needs the repository on PYTHONPATH (the Makefile sets it).
"""
import os
import re
import secrets
import sys

from grading.qemu import Machine, MachineError

BOOT_LIMIT = 60
RUN_LIMIT = 300


def main():
    cpus = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rest = sys.argv[2:]
    program = "usertests"
    if rest[:1] == ["--program"] and len(rest) > 1:
        program, rest = rest[1], rest[2:]
    args = " ".join(rest)
    tree = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    passed = failed = 0
    problem = listing = None
    with Machine(tree, cpus=cpus) as m:
        try:
            m.wait_for_shell(BOOT_LIMIT)
            m.send(f"{program} {args}".rstrip() + "\n")
            m.expect(re.escape(program), 10)
            verdict = m.expect(r"ALL TESTS PASSED|SOME TESTS FAILED", RUN_LIMIT).group(0)
            if verdict != "ALL TESTS PASSED":
                problem = verdict
            m.wait_for_shell(10)
            if program == "usertests":
                listing = m.run("usertests nosuch" + secrets.token_hex(3), 10)
        except MachineError as e:
            problem = e.reason
        output = m.output
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    ran = re.findall(r"^test (\S+): (OK|FAILED)", output, re.M)
    for _, ok in ran:
        if ok == "OK":
            passed += 1
        else:
            failed += 1
    if listing is not None:
        # the names listed after the headings ('tests:', 'slow tests (...):'), wrapped lines too
        listed = set(re.sub(r"^[^:\n]*:", "", listing, flags=re.M).split())
        missing = sorted({name for name, _ in ran} - listed)
        if "no test named nosuch" in listing and ran and not missing:
            print("test unknown-name-lists-the-tests: OK")
            passed += 1
        else:
            print("test unknown-name-lists-the-tests: FAILED "
                  f"(not listed: {', '.join(missing) or 'no tests'})")
            failed += 1
    if problem:
        print(f"{program} with CPUS={cpus}: {problem}")
        failed = max(failed, 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
