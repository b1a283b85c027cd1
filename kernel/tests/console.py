#!/usr/bin/env python3
"""Boot the kernel headless and check the console as a person types at it: line editing,
^D, and input typed ahead while no program reads it (held back by flow control, not lost).

Prints one line per check, then 'N passed, M failed'.
"""
import os
import re
import secrets
import sys

from grading.qemu import Machine, MachineError


def nonce(n):
    return secrets.token_hex(n // 2)


def backspace(m):
    word = nonce(8)
    out = m.run(f"echo {word}xy\x7f\x7f", 10)
    return out.strip() == word, out


def kill_line(m):
    word = nonce(8)
    out = m.run(f"echo this line is erased\x15echo {word}", 10)
    return out.strip() == word, out


def end_of_file(m):
    word = nonce(8)
    m.send("cat\n")
    m.send(f"{word}\n")
    m.send("\x04")
    # the typed line, cat's copy of it, then a new prompt once ^D has ended cat (the echoed
    # ^D may come before cat's copy when the machine is slow, so no line start is required)
    m.expect(re.escape(word) + r"\n[\s\S]*?" + re.escape(word), 10)
    m.expect(r"\$ $", 10)
    m.send("\n")
    m.wait_for_shell(10)
    return True, ""


def type_ahead(m):
    # Three lines of about 75 characters typed while `sleep` runs: more than the console's
    # 128-byte buffer, so the rest must wait in the UART and arrive once the shell reads
    # again. Typed characters are echoed amid the output, so the lines write files instead.
    words = [nonce(60) for _ in range(3)]
    m.send("sleep 10\n" + "".join(f"echo {w} > typed{i}\n" for i, w in enumerate(words)))
    m.settle(quiet=2)
    out = m.run("cat typed0 typed1 typed2", 10)
    return out.split() == words, out


CHECKS = [backspace, kill_line, end_of_file, type_ahead]


def main():
    tree = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    passed = failed = 0
    with Machine(tree, cpus=2) as m:
        try:
            m.wait_for_shell(60)
        except MachineError as e:
            print(f"console: the kernel did not reach the shell: {e.reason}")
            print(f"0 passed, {len(CHECKS)} failed")
            return 1
        for check in CHECKS:
            try:
                ok, detail = check(m)
            except MachineError as e:
                ok, detail = False, e.reason
            print(f"{'PASS' if ok else 'FAIL'} console {check.__name__}" + ("" if ok else f": {detail!r}"))
            passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
