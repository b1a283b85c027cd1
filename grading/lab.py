"""What a lab's grade.py uses: the Lab, its test decorator, and the context a test receives.

A lab's tests live in labs/<lab>/grade.py:

    from grading.lab import Lab

    lab = Lab("util", overlay=["user/xargstest.sh"])

    @lab.test(5, timeout=20)
    def sleep_usage(t):
        t.match(r"(?i)usage", t.run("sleep"))

A test passes when it returns and fails when it raises; t.credit() gives partial credit.
Tests share one boot of the kernel unless they ask for their own (fresh_boot=True).
"""
import random
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Callable, List

from grading.failure import Failure
from grading.qemu import Machine, MachineError, awaited, qemu_command

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


class TestFailure(Exception):
    """A check in a test did not hold; the message says what was expected."""


class TestSkipped(Exception):
    """The test cannot run here (say, a simulator it needs is not built yet): it scores 0 of 0."""


class TimeLimit(Exception):
    """The test (or the whole submission) ran past its time limit."""


@dataclass
class TestSpec:
    """One decorated test function and its settings."""
    func: Callable
    points: float
    name: str
    timeout: float
    after: List[str] = field(default_factory=list)
    fresh_boot: bool = False
    cpus: int = 1
    visibility: str = "visible"

    @property
    def doc(self):
        return (self.func.__doc__ or "").strip()


class Lab:
    """A lab's settings and its tests, in the order they are declared (and run)."""

    def __init__(self, name, overlay=(), cpus=1, time_limit=600, build=None, build_timeout=300,
                 boot_timeout=60, output_cap=1024 * 1024, boot_banner=r"kernel is booting",
                 launcher=qemu_command):
        self.name = name
        # Files and folders (relative to the tree) laid from the reference over every submission.
        # The lab's own folder and grading/ are always part of it.
        self.overlay = list(overlay)
        self.cpus = cpus
        self.time_limit = time_limit  # seconds for the whole submission: build and every test
        self.build = build or ["make", "--no-print-directory", "all"]
        self.build_timeout = build_timeout
        self.boot_timeout = boot_timeout
        self.output_cap = output_cap  # console bytes per boot before it counts as a flood
        self.boot_banner = boot_banner  # regex the kernel prints once per boot: seen twice = reboot
        self.launcher = launcher
        self.tests = []

    def trusted_paths(self):
        return ["grading/", f"labs/{self.name}/"] + self.overlay

    def test(self, points, name=None, timeout=30, after=(), fresh_boot=False, cpus=None,
             visibility="visible"):
        """Decorator: register a test worth `points`, run after the tests named in `after` pass."""
        if isinstance(after, str):
            after = [after]
        if visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")

        def register(func):
            test_name = name or func.__name__
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", test_name):
                raise ValueError(f"lab {self.name}: test name {test_name!r} must be letters, "
                                 "digits, '_', '.' or '-'")
            known = {t.name for t in self.tests}
            if test_name in known:
                raise ValueError(f"lab {self.name}: two tests named {test_name!r}")
            for dep in after:
                if dep not in known:
                    raise ValueError(f"lab {self.name}: test {test_name!r} comes after {dep!r}, "
                                     "which must be declared before it")
            self.tests.append(TestSpec(func, points, test_name, timeout, list(after), fresh_boot,
                                       cpus or self.cpus, visibility))
            return func
        return register

    @property
    def max_score(self):
        return sum(t.points for t in self.tests)

    def find(self, name):
        for t in self.tests:
            if t.name == name:
                return t
        return None


class Context:
    """What a test function receives: the booted kernel, per-run random values, checks, credit."""

    def __init__(self, boots, spec, tree, deadline, rng, limit_reason=None):
        self._boots = boots
        self.spec = spec
        self.tree = tree  # the built tree being graded (for checks on files)
        self.deadline = deadline
        self.limit_reason = limit_reason or f"time limit of {spec.timeout:g}s exceeded"
        self.rng = rng  # random.Random for sizes and counts drawn for this run
        self.credited = None  # points given with credit(); None: all or nothing
        self.notes = []
        self._machine = None
        self._own_boot = spec.fresh_boot
        self.used = []  # (machine, offset of its output when this test began using it)

    # -- the kernel -------------------------------------------------------------------------
    @property
    def machine(self):
        if self._machine is None:
            started = time.monotonic()
            self._machine, fresh = self._boots.get(self.spec.cpus, self._own_boot)
            text = self._machine.output
            # from the start of the last line: the prompt this test types after
            self.used.append((self._machine, 0 if fresh else text.rfind("\n") + 1))
            self.deadline += time.monotonic() - started  # booting is not the test's time
        return self._machine

    def reboot(self):
        """Start over on a boot of this test's own."""
        if self._machine is not None:
            self._boots.discard(self._machine)
            self._machine = None
        self._own_boot = True
        return self.machine

    def remaining(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeLimit(self.limit_reason)
        return left

    def _wait(self, wait, timeout):
        """Call wait(seconds) within the test's time limit, saying so when that limit ends it."""
        left = self.remaining()
        try:
            return wait(left if timeout is None else min(timeout, left))
        except MachineError as e:
            if e.kind is Failure.TIMEOUT and time.monotonic() >= self.deadline - 0.05:
                raise TimeLimit(f"{self.limit_reason} ({e.reason})")
            raise

    def run(self, command, timeout=None, what=None):
        """Type a command line into the shell; return what it printed before the next prompt.
        what: the command's end in words ("the primes up to 35"), for a time-out's message;
        by default "the shell prompt after `command`"."""
        machine = self.machine
        return self._wait(lambda seconds: machine.run(command, seconds, what), timeout)

    def send(self, text):
        self.machine.send(text)

    def expect(self, pattern, timeout=None, what=None):
        """Wait for a regular expression in the console output; return the match.
        what: the awaited output in words ("the child's pong"), for a time-out's message;
        by default "output matching /pattern/"."""
        machine = self.machine
        return self._wait(lambda seconds: machine.expect(pattern, seconds, what), timeout)

    # -- values drawn for this run ------------------------------------------------------------
    def nonce(self, length=12):
        """A random token (letters and digits) that no remembered output can contain."""
        alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
        return "".join(secrets.choice(alphabet) for _ in range(length))

    def randint(self, low, high):
        return self.rng.randint(low, high)

    # -- checks and credit ----------------------------------------------------------------------
    def fail(self, message):
        raise TestFailure(message)

    def check(self, condition, message):
        if not condition:
            raise TestFailure(message)

    def match(self, pattern, text, message=None):
        """The match of pattern in text, or a failure that shows both."""
        m = re.search(pattern, text, re.M)
        if not m:
            if message:
                raise TestFailure(message)
            shown = text if len(text) < 2000 else text[:1000] + "\n...\n" + text[-1000:]
            got = f"got:\n{shown}" if shown.strip() else "got no output"
            raise TestFailure(f"expected {awaited(pattern)}, {got}")
        return m

    def credit(self, points, note=None):
        """Give partial credit; a test that calls this scores the sum of its credits."""
        self.credited = (self.credited or 0) + points
        if note:
            self.log(f"+{points:g}: {note}")

    def log(self, text):
        self.notes.append(str(text))


def console_text(used):
    """The console output a test saw, from each boot it used."""
    parts = []
    for machine, offset in used:
        parts.append(machine.output[offset:])
    return "\n--- next boot ---\n".join(parts)


class Boots:
    """The boots of one grading run: one shared boot per CPU count, and fresh ones on request."""

    def __init__(self, lab, tree):
        self.lab = lab
        self.tree = tree
        self.shared = {}  # cpus -> Machine
        self.count = 0
        self.booting = None
        self.live = []  # every machine started and not yet stopped
        self.boot_failures = {}  # cpus -> why the shared boot failed

    def get(self, cpus, own):
        """A machine at a shell prompt, and whether it was just booted."""
        if not own and cpus in self.shared:
            return self.shared[cpus], False
        if not own and cpus in self.boot_failures:
            # a kernel that did not boot once will not boot the next time either: save the time
            raise MachineError(Failure.BOOT, self.boot_failures[cpus] + " (in an earlier test)")
        machine = Machine(self.tree, cpus=cpus, output_cap=self.lab.output_cap,
                          launcher=self.lab.launcher)
        self.count += 1
        self.booting = machine  # a boot has its own limit: the test watchdog leaves it alone
        self.live.append(machine)
        try:
            machine.start()
            machine.wait_for_shell(self.lab.boot_timeout)
        except MachineError as e:
            output = e.output or machine.output
            self.discard(machine)
            reason = f"does not boot: {e.reason}"
            banner = self.lab.boot_banner
            if e.kind is Failure.TIMEOUT and banner and not re.search(banner, output):
                reason += f"; the boot banner (/{banner}/) never appeared"
            if not own:
                self.boot_failures[cpus] = reason
            raise MachineError(Failure.BOOT, reason, output)
        finally:
            self.booting = None
        if not own:
            self.shared[cpus] = machine
        return machine, True

    def release(self, machine, healthy):
        """After a test: keep a healthy shared boot, stop the rest."""
        if healthy and machine in self.shared.values():
            return
        self.discard(machine)

    def discard(self, machine):
        for cpus, m in list(self.shared.items()):
            if m is machine:
                del self.shared[cpus]
        if machine in self.live:
            self.live.remove(machine)
        machine.stop()

    def stop_all(self):
        for m in list(self.live):
            m.stop()
        self.live.clear()
        self.shared.clear()


def new_rng(seed=None):
    return random.Random(seed if seed is not None else secrets.randbits(64))

