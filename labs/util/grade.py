"""Tests of the util lab: sleep, pingpong, primes, find, xargs (labs/util/README.md).

Every test draws its values for the run: sleep lengths, process counts, prime limits,
and random file names and contents, so remembered output cannot pass.
"""
import re

from grading.lab import Lab

# The tests check results with these programs of the base tree: grade with the reference ones.
lab = Lab("util", overlay=["user/echo.c", "user/cat.c", "user/grep.c", "user/mkdir.c",
                           "user/stats.c", "user/sh.c"], time_limit=300)


def ticks(text):
    return [int(n) for n in re.findall(r"^ticks (\d+)$", text, re.M)]


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
    """sleep without an argument prints a usage message."""
    t.match(r"(?i)usage", t.run("sleep"), "`sleep` without an argument printed no usage message")


@lab.test(10, timeout=30)
def sleep_ticks(t):
    """sleep N lasts N clock ticks (counted by the kernel)."""
    n = t.randint(8, 25)
    out = t.run(f"stats | grep ticks; sleep {n}; stats | grep ticks")
    before_after = ticks(out)
    t.check(len(before_after) == 2, f"expected two tick counts around `sleep {n}`, got:\n{out}")
    slept = before_after[1] - before_after[0]
    t.log(f"sleep {n}: {slept} ticks passed")
    t.check(slept >= n, f"`sleep {n}` returned after only {slept} ticks")
    t.check(slept <= n + 20, f"`sleep {n}` took {slept} ticks")


@lab.test(10, timeout=20)
def pingpong(t):
    """pingpong: the child prints ping, the parent pong, each with its own pid."""
    def once():
        out = t.run("pingpong")
        ping = t.match(r"^(\d+): received ping$", out)
        pong = t.match(r"^(\d+): received pong$", out)
        t.check(out.find("received ping") < out.find("received pong"),
                f"pong came before ping:\n{out}")
        child, parent = int(ping.group(1)), int(pong.group(1))
        t.check(child != parent, f"ping and pong came from the same pid:\n{out}")
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
    """primes LIMIT prints exactly the primes up to LIMIT, in order."""
    for limit in (35, t.randint(60, 150)):
        out = t.run("primes" if limit == 35 else f"primes {limit}")
        got = [line.strip() for line in out.splitlines() if line.strip()]
        want = [f"prime {p}" for p in primes_upto(limit)]
        if got != want:
            extra = [line for line in got if line not in want]
            missing = [line for line in want if line not in got]
            t.fail(f"`primes {limit}`: missing {missing[:5]}, unexpected {extra[:5]}"
                   + (" (order differs)" if not extra and not missing else "")
                   + f"\noutput:\n{out}")


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
    """xargs runs the command once per input line, with that line's words appended."""
    w = [t.nonce(6) for _ in range(4)]
    out = t.run(f"(echo {w[1]} {w[2]}; echo {w[3]}) | xargs echo {w[0]}")
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    want = [f"{w[0]} {w[1]} {w[2]}", f"{w[0]} {w[3]}"]
    t.check(lines == want, f"expected the lines {want}, got:\n{out}")


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
