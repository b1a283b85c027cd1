"""Tests of the syscall lab: trace(mask) and sysinfo(struct sysinfo *) (labs/syscall/README.md).

The tests draw their words, file contents and sizes for the run, and check the return values
the kernel prints against what those values make the traced calls return.
"""
import re

from grading.lab import Lab

SYS = {"fork": 1, "read": 5, "open": 15, "write": 16, "close": 21, "sysinfo": 24}
TRACE_LINE = re.compile(r"(\d+): syscall (\w+) -> (-?\d+)")

lab = Lab("syscall", overlay=["user/trace.c", "user/sysinfotest.c", "kernel/sysinfo.h",
                              "user/echo.c", "user/cat.c", "user/sh.c"], time_limit=300)


def mask(*names):
    return sum(1 << SYS[name] for name in names)


def traced(text):
    """The trace lines in text as (pid, name, result) tuples, in order."""
    return [(int(pid), name, int(result)) for pid, name, result in TRACE_LINE.findall(text)]


def words(t, count, shortest=3, longest=12):
    """Random words without digits: echo's output runs into the pid of the trace line after it.
    Short enough that a command line stays well inside the console's 128 typed characters."""
    no_digits = str.maketrans("0123456789", "abcdefghij")
    return [t.nonce(t.randint(shortest, longest)).translate(no_digits) for _ in range(count)]


@lab.test(10, timeout=20)
def trace_echo(t):
    """trace 65536 echo WORDS...: every write, with the number of bytes it wrote."""
    args = words(t, t.randint(2, 5))
    out = t.run(f"trace {mask('write')} echo {' '.join(args)}")
    calls = traced(out)
    want = [n for w in args for n in (len(w), 1)]
    t.check([name for _, name, _ in calls] == ["write"] * len(want) and
            [r for _, _, r in calls] == want,
            f"expected {len(want)} lines 'PID: syscall write -> N' with N = {want}, got:\n{out}")
    t.check(len({pid for pid, _, _ in calls}) == 1, f"the writes came from several pids:\n{out}")
    out = t.run("echo " + t.nonce())
    t.check(not traced(out), f"tracing went on after the traced command ended:\n{out}")


@lab.test(10, timeout=20, after="trace_echo")
def trace_mask(t):
    """trace MASK cat FILE: only the calls in the mask, each with its result."""
    name, text = "t" + t.nonce(8), t.nonce(t.randint(5, 60))
    t.check(t.run(f"echo {text} > {name}").strip() == "", "could not create a file")
    out = t.run(f"trace {mask('open', 'read', 'close')} cat {name}")
    calls = [(n, r) for _, n, r in traced(out)]
    want = [("open", 3), ("read", len(text) + 1), ("read", 0), ("close", 0)]
    t.check(calls == want, f"expected the calls {want} (and no write), got:\n{out}")
    t.check(text in out, f"cat did not print the file:\n{out}")


@lab.test(10, timeout=30, after="trace_echo")
def trace_children(t):
    """Children inherit the mask: trace fork and write in a shell script that runs echo."""
    script, args = "s" + t.nonce(8), words(t, t.randint(2, 3))
    t.check(t.run(f"({'; '.join('echo echo ' + w for w in args)}) > {script}").strip() == "",
            "could not create a script")
    out = t.run(f"trace {mask('fork', 'write')} sh {script}")
    calls = traced(out)
    forks = [(pid, child) for pid, name, child in calls if name == "fork"]
    t.check(len(forks) == len(args) and len({pid for pid, _ in forks}) == 1,
            f"expected {len(args)} forks by the shell, got:\n{out}")
    for (_, child), word in zip(forks, args):
        writes = [r for pid, name, r in calls if pid == child and name == "write"]
        t.check(writes == [len(word), 1],
                f"expected child {child} (echo {word}) to write {len(word)} and 1 bytes, "
                f"got {writes}:\n{out}")


@lab.test(20, timeout=20)
def sysinfo(t):
    """sysinfotest PAGES: free memory follows sbrk, the process count follows fork and wait."""
    pages = t.randint(10, 300)
    out = t.run(f"sysinfotest {pages}")
    t.match(r"^sysinfotest: done", out, f"sysinfotest did not finish:\n{out}")
    m = t.match(r"^freemem (\d+) (\d+) (\d+)$", out)
    before, grown, shrunk = (int(x) for x in m.groups())
    used = (before - grown) // 4096
    if (before % 4096 == 0 and 64 << 20 < before <= 128 << 20 and pages <= used <= pages + 3
            and 0 <= before - shrunk <= 3 * 4096):
        t.credit(10, f"freemem fell by {used} pages for sbrk of {pages} and came back")
    else:
        t.log(f"freemem is wrong: {before} before, {grown} after sbrk({pages} pages), "
              f"{shrunk} after giving them back")
    m = t.match(r"^nproc (\d+) (\d+) (\d+)$", out)
    before, with_child, after = (int(x) for x in m.groups())
    if 3 <= before < 10 and with_child == before + 1 and after == before:
        t.credit(5, f"nproc: {before}, {with_child} with a child, {after} after wait")
    else:
        t.log(f"nproc is wrong: {before} before fork, {with_child} with a child, {after} after")
    if re.search(r"^badpointer -1$", out, re.M):
        t.credit(5, "a bad pointer gives -1")
    else:
        t.log("sysinfo of a bad pointer did not return -1")
