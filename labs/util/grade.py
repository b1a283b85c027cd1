"""Tests of the util lab: sleep, pingpong, primes, find, xargs (labs/util/README.md).

Every test draws its values for the run: sleep lengths, process counts, prime limits,
and random file names and contents, so remembered output cannot pass. Programs run under
`observe` (user/observe.c), which reports their exit status, standard error apart from
standard output, and what the kernel counted them doing: forks, pipes, bytes through pipes,
ticks. So a pingpong without fork or pipe, or a primes without its processes, fails even
when its output is right.
"""
import re

from grading.lab import Lab

# The tests check results with these programs of the base tree: grade with the reference ones.
lab = Lab("util", overlay=["user/echo.c", "user/cat.c", "user/grep.c", "user/mkdir.c",
                           "user/stats.c", "user/sh.c", "user/wc.c", "user/observe.c"],
          time_limit=300)

OBSERVED = re.compile(r"^observe: stdout\n(.*?)^observe: stderr\n(.*?)^observe: exit (-?\d+) "
                      r"forks (\d+) pipes (\d+) pipe_bytes (\d+) ticks (\d+)$", re.M | re.S)


class Observed:
    """What `observe COMMAND` reported: out, err, status, forks, pipes, pipe_bytes, ticks."""

    def __init__(self, m):
        self.out, self.err = m.group(1), m.group(2)
        self.status, self.forks, self.pipes, self.pipe_bytes, self.ticks = (
            int(m.group(i)) for i in range(3, 8))


def observe(t, command, timeout=None):
    out = t.run("observe " + command, timeout=timeout)
    m = OBSERVED.search(out)
    t.check(m is not None, f"`observe {command}` did not report (its output follows):\n{out}")
    return Observed(m)


def primes_upto(n):
    return [p for p in range(2, n + 1) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


def make_files(t, files):
    """Create directories and files (path -> contents, None for a directory) in one command."""
    commands = [f"mkdir {path}" if contents is None else f"echo {contents} > {path}"
                for path, contents in files.items()]
    # The console holds 128 typed characters: keep each line well below that.
    lines = [commands[0]]
    for command in commands[1:]:
        if len(lines[-1]) + 2 + len(command) < 100:
            lines[-1] += "; " + command
        else:
            lines.append(command)
    for line in lines:
        out = t.run(line)
        t.check(out.strip() == "", f"setting up the files failed:\n{out}")


def found_paths(t, out):
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    t.check(len(lines) == len(set(lines)), f"find printed a path twice:\n{out}")
    return set(lines)


@lab.test(5, timeout=10)
def sleep_usage(t):
    """sleep without an argument prints a usage message on standard error and exits with 1."""
    run = observe(t, "sleep")
    t.match(r"(?i)usage", run.err, "`sleep` without an argument printed no usage message on "
            f"standard error (it printed {run.out!r} on standard output)")
    t.check(run.status == 1, f"`sleep` without an argument exited with status {run.status}, not 1")


@lab.test(10, timeout=30)
def sleep_ticks(t):
    """sleep N lasts N clock ticks (counted by the kernel), for a short and a long N."""
    for n in (t.randint(3, 9), t.randint(12, 25)):
        run = observe(t, f"sleep {n}")
        t.log(f"sleep {n}: {run.ticks} ticks passed")
        t.check(run.status == 0, f"`sleep {n}` exited with status {run.status}")
        t.check(run.ticks >= n, f"`sleep {n}` returned after only {run.ticks} ticks")
        t.check(run.ticks <= n + 2, f"`sleep {n}` took {run.ticks} ticks")


@lab.test(10, timeout=20)
def pingpong(t):
    """pingpong: the child prints ping, the parent pong, each with its own pid; one fork, and
    the byte goes both ways through pipes."""
    def once():
        run = observe(t, "pingpong")
        out = run.out
        ping = t.match(r"^(\d+): received ping$", out)
        pong = t.match(r"^(\d+): received pong$", out)
        t.check(out.find("received ping") < out.find("received pong"),
                f"pong came before ping:\n{out}")
        child, parent = int(ping.group(1)), int(pong.group(1))
        t.check(child != parent, f"ping and pong came from the same pid:\n{out}")
        t.check(run.forks >= 1, "pingpong printed both lines but never forked")
        t.check(run.pipes >= 1 and run.pipe_bytes >= 2,
                f"the byte did not go there and back through pipes: {run.pipes} pipes made, "
                f"{run.pipe_bytes} bytes written into pipes")
        return child, parent

    child, parent = once()
    # Other processes in between move the pids on by an amount drawn for this run.
    others = t.randint(1, 5)
    for _ in range(others):
        t.run("echo " + t.nonce())
    child2, parent2 = once()
    t.check(parent2 >= parent + others + 1 and child2 >= child + others + 1,
            f"the pids did not move on after {others} other processes: "
            f"{parent}/{child} then {parent2}/{child2}")


@lab.test(15, timeout=30)
def primes(t):
    """primes LIMIT prints exactly the primes up to LIMIT, in order, from a pipeline with a
    process and a pipe per prime."""
    for limit in (35, t.randint(60, 150)):
        run = observe(t, "primes" if limit == 35 else f"primes {limit}")
        out = run.out
        got = [line.strip() for line in out.splitlines() if line.strip()]
        want = [f"prime {p}" for p in primes_upto(limit)]
        if got != want:
            extra = [line for line in got if line not in want]
            missing = [line for line in want if line not in got]
            t.fail(f"`primes {limit}`: missing {missing[:5]}, unexpected {extra[:5]}"
                   + (" (order differs)" if not extra and not missing else "")
                   + f"\noutput:\n{out}")
        # A stage per prime; the first may be the main process itself.
        stages = len(want) - 1
        t.check(run.forks >= stages and run.pipes >= stages,
                f"`primes {limit}` found {len(want)} primes with {run.forks} forks and "
                f"{run.pipes} pipes: the sieve needs a process and a pipe per prime")


@lab.test(15, timeout=40)
def find(t):
    """find DIR NAME prints every path under DIR whose last component is NAME."""
    root, name = "f" + t.nonce(6), t.nonce(5)
    files = {
        root: None,
        f"{root}/{name}": "x",
        f"{root}/a": None,
        f"{root}/a/b": None,
        f"{root}/a/b/{name}": "x",
        f"{root}/a/{name}x": "x",      # names that only contain NAME do not count
        f"{root}/a/b/x{name}": "x",
        f"{root}/c": None,
        f"{root}/c/{name}": "x",
    }
    make_files(t, files)
    want = {f"{root}/{name}", f"{root}/a/b/{name}", f"{root}/c/{name}"}
    got = found_paths(t, t.run(f"find {root} {name}"))
    t.check(got == want, f"`find {root} {name}`: expected {sorted(want)}, got {sorted(got)}")
    got = found_paths(t, t.run(f"find {root}/a {name}"))
    t.check(got == {f"{root}/a/b/{name}"},
            f"`find {root}/a {name}`: expected {root}/a/b/{name}, got {sorted(got)}")
    got = found_paths(t, t.run(f"find {root} {t.nonce(7)}"))
    t.check(not got, f"find printed paths for a name that no file has: {sorted(got)}")


@lab.test(10, timeout=20)
def xargs(t):
    """xargs runs the command once per input line, with that line's words appended, each word
    an argument of its own."""
    w = [t.nonce(6) for _ in range(4)]
    out = t.run(f"(echo {w[1]} {w[2]}; echo {w[3]}) | xargs echo {w[0]}")
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    want = [f"{w[0]} {w[1]} {w[2]}", f"{w[0]} {w[3]}"]
    t.check(lines == want, f"expected the lines {want}, got:\n{out}")
    # wc counts each file it is given: two words on a line must be two files.
    files = {"w" + t.nonce(3): " ".join(t.nonce(4) for _ in range(t.randint(1, 4)))
             for _ in range(2)}
    make_files(t, files)
    a, b = files
    out = t.run(f"echo {a} {b} | xargs wc")
    for name, text in files.items():
        t.match(rf"^1 {len(text.split())} {len(text) + 1} {name}$", out,
                f"`echo {a} {b} | xargs wc` should run `wc {a} {b}`; got:\n{out}")
    t.run(f"rm {a} {b}")


@lab.test(5, timeout=30, after="xargs")
def xargs_find(t):
    """find ... | xargs cat: xargs runs a command for each path find prints."""
    root, name = "x" + t.nonce(6), t.nonce(5)
    count = t.randint(2, 4)
    contents = [t.nonce() for _ in range(count)]
    files = {root: None}
    for i, word in enumerate(contents):
        files[f"{root}/d{i}"] = None
        files[f"{root}/d{i}/{name}"] = word
    make_files(t, files)
    out = t.run(f"find {root} {name} | xargs cat")
    got = sorted(line.strip() for line in out.splitlines() if line.strip())
    t.check(got == sorted(contents), f"expected the contents {sorted(contents)}, got:\n{out}")
