"""Tests of the journal lab: the log's commit and its recovery (labs/journal/README.md).

The commit is graded by the crash-state explorer (crash/README.md): the student's kernel runs
a few workloads with blktrace=1, and the explorer builds every state a crash could leave,
recovers each with the reference recovery and checks it; the score is the share of states
that recover clean. The recovery is graded by booting the student's kernel on disk images
built here whose log holds a transaction (committed, torn, or half installed by a recovery
that crashed), and comparing the tree it leaves with the one it must leave.
"""
import importlib.util
import math
import os
import random
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from grading.lab import Lab
from grading.qemu import DiskBoot

lab = Lab("journal", overlay=["crash/", "mkfs/", "kernel/fs/logbook.c", "kernel/fs/logbook.h",
                              "kernel/dev/blktrace.c", "kernel/dev/blktrace.h", "user/crashwl.c"],
          cpus=1, time_limit=300)

BSIZE = 1024
LOGSIZE = 30  # kernel/param.h: the most blocks a header names
SUM_MAGIC = 0x4d555343  # kernel/fs/logbook.h
# Workloads of crash/workloads.py's quick set: single calls, sequences, a write of seven
# transactions through the indirect block.
WORKLOADS = ["creat x", "unlink d/b", "rename a d/r", "creat x;write x 700;link x y",
             "mkdir m;rmdir e;rmdir m", "creat big;write big 20000"]
THRESHOLD = 0.5  # a share of clean states below this scores nothing
FAILURE_LINES = 40  # of the explorer's report of the first failing state


def boot_on(t, disk, bootargs):
    """The student's kernel booting on disk, its console in a file beside it."""
    return DiskBoot(Path(t.tree) / "kernel" / "kernel", disk, str(disk) + ".console", bootargs)


def boot_to_shell(t, disk, bootargs=""):
    """Boots the student's kernel on disk until its shell prompt; returns the console text."""
    boot = boot_on(t, disk, bootargs)
    try:
        boot.wait_for(r"(?m)^\$ ", min(60, t.remaining()), "the shell prompt")
        return boot.text()
    except RuntimeError as e:
        t.fail(f"booting on {Path(disk).name}: {e}")
    finally:
        boot.stop()


def workdir():
    """A temporary folder, in memory when possible (QEMU syncs the image on every flush)."""
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="journal-grade-", dir=shm))


def mkfs(t, image, files):
    run = subprocess.run([str(Path(t.tree) / "mkfs" / "mkfs"), str(image), *map(str, files)],
                         capture_output=True, text=True)
    t.check(run.returncode == 0, f"mkfs failed: {run.stdout}{run.stderr}")


def programs(t):
    root = Path(t.tree) / "build" / "fsroot"
    return [root / "_init", root / "_sh", root / "_crashwl"]


def tree_of(t, image):
    """The explorer's listing of an image: 'log: ...' then one line per file."""
    return subprocess.run([str(Path(t.tree) / "crash" / "explore"), "--tree", str(image)],
                          capture_output=True, text=True).stdout


def fsck(t, image):
    run = subprocess.run([str(Path(t.tree) / "mkfs" / "fsck"), str(image)], capture_output=True,
                         text=True, errors="replace")
    return run.returncode, run.stdout.strip()


# -- the commit: the explorer over the student's trace -------------------------------------------

def workload_list(t):
    spec = importlib.util.spec_from_file_location("crash_workloads",
                                                  Path(t.tree) / "crash" / "workloads.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return "".join(f"{i}|{module.SETUP}|{ops}\n" for i, ops in enumerate(WORKLOADS))


def explore_commits(t, bootargs, points):
    """Records the workloads on the student's kernel and scores the share of clean states."""
    work = workdir()
    try:
        listing = work / "journal"
        listing.write_text(workload_list(t))
        base = work / "base.img"
        mkfs(t, base, programs(t) + [listing])
        disk = work / "traced.img"
        shutil.copyfile(base, disk)
        boot = boot_on(t, disk, " ".join(["blktrace=1", *bootargs]))
        try:
            boot.wait_for(r"(?m)^\$ ", min(60, t.remaining()), "the shell prompt")
            boot.send("crashwl journal\n")
            line = boot.wait_for(r"crashwl: [^\n]*\n", min(120, t.remaining()),
                                 "crashwl to run the workloads").strip()
        except RuntimeError as e:
            t.fail(f"recording the workloads (boot parameters blktrace=1 {' '.join(bootargs)}): "
                   f"{e}")
        finally:
            boot.stop()
        t.check("every operation worked" in line,
                f"the workloads did not run as written (the file system itself is broken): {line}")
        final = work / "final.img"
        run = subprocess.run([str(Path(t.tree) / "crash" / "explore"), "--final", str(final),
                              str(base), str(boot.log), str(listing)],
                             capture_output=True, text=True, errors="replace")
        out = run.stdout + run.stderr
        m = re.search(r"explore: \d+ workloads, (\d+) crash states, (\d+) recovered clean", out)
        t.check(run.returncode in (0, 1) and m, f"the explorer could not read the trace:\n{out}")
        total, clean = int(m[1]), int(m[2])
        # Every write must be in the trace, or the explorer would judge a disk that never was.
        t.check(final.exists() and final.read_bytes() == disk.read_bytes(),
                "the trace misses writes: replaying it does not give the disk the kernel left")
        t.log(m.group(0))
        if clean < total:
            report = out[out.index("FAIL workload"):].splitlines()
            first = []
            for line in report:
                if first and line.startswith(("FAIL workload", "workload ", "explore:")):
                    break
                first.append(line)
            t.log("the first state that did not recover clean:")
            for line in first[:FAILURE_LINES]:
                t.log(line)
        share = clean / total
        if share < THRESHOLD:
            t.fail(f"{clean} of {total} crash states ({share:.0%}) recover clean: below "
                   f"{THRESHOLD:.0%}, no credit")
        # Rounded down: full marks only when every state is clean.
        t.credit(math.floor(points * share * 10) / 10,
                 f"{clean} of {total} crash states ({share:.1%}) recover clean")
    finally:
        shutil.rmtree(work, ignore_errors=True)


@lab.test(40, timeout=120)
def atomic(t):
    """Every crash state of the workloads recovers to a state before or after each system call
    (points in proportion to the share of clean states; none below half)."""
    explore_commits(t, [], 40)


@lab.test(10, timeout=120)
def atomic_logsum(t):
    """The same with checksummed commits (logsum=1): one flush fewer is safe only with the sum."""
    explore_commits(t, ["logsum=1"], 10)


# -- the recovery: images whose log holds a transaction -----------------------------------------

class Images:
    """Two images built by mkfs, B holding one file more than A: the blocks they differ in
    are the transaction that turns A into B."""

    def __init__(self, t, work):
        self.work = work
        name = t.nonce(8)
        extra = work / name
        extra.write_bytes(random.Random(t.randint(0, 1 << 30)).randbytes(
            t.randint(1, 4) * BSIZE + t.randint(1, BSIZE - 1)))
        self.a, self.b = work / "a.img", work / "b.img"
        mkfs(t, self.a, programs(t))
        mkfs(t, self.b, programs(t) + [extra])
        self.a_bytes, self.b_bytes = self.a.read_bytes(), self.b.read_bytes()
        _, size, _, _, self.nlog, self.logstart, _, _ = struct.unpack_from(
            "<8I", self.a_bytes, BSIZE)
        self.blocks = [i for i in range(size) if self.block(self.a_bytes, i) !=
                       self.block(self.b_bytes, i)]
        t.check(0 < len(self.blocks) <= min(LOGSIZE, self.nlog - 1),
                f"the images differ in {len(self.blocks)} blocks")
        self.a_tree, self.b_tree = tree_of(t, self.a), tree_of(t, self.b)
        self.name = name

    @staticmethod
    def block(data, i):
        return data[i * BSIZE:(i + 1) * BSIZE]

    def committed(self, path, summed=False, torn=None):
        """A: its log holds the transaction to B, committed; torn: this log slot holds what
        was there before instead (a summed header names it, so recovery must discard it)."""
        disk = bytearray(self.a_bytes)
        header = struct.pack(f"<{1 + len(self.blocks)}I", len(self.blocks), *self.blocks)
        header = bytearray(header.ljust(BSIZE, b"\0"))
        if summed:
            h = fnv(2166136261, header[:4 * (1 + len(self.blocks))])
            for b in self.blocks:
                h = fnv(h, self.block(self.b_bytes, b))
            struct.pack_into("<2I", header, 4 * (LOGSIZE + 1), SUM_MAGIC, h)
        disk[self.logstart * BSIZE:(self.logstart + 1) * BSIZE] = header
        for k, b in enumerate(self.blocks):
            if k != torn:
                slot = self.logstart + 1 + k
                disk[slot * BSIZE:(slot + 1) * BSIZE] = self.block(self.b_bytes, b)
        Path(path).write_bytes(bytes(disk))
        return path


def fnv(h, data):
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def files(listing):
    """The files of a tree listing, without the root (whose size grows by one entry) and the
    console device that init makes at boot."""
    return [line for line in listing.splitlines()[1:]
            if not line.startswith(("/ dir ", "/console dev "))]


def check_recovered(t, image, want, what, empty_log=True):
    """The tree the student's kernel left on image is want's, its log is empty (if empty_log),
    fsck is happy."""
    got = tree_of(t, image)
    problems = []
    if empty_log and not got.startswith("log: empty\n"):
        problems.append("the log is not empty after the recovery (the header must be cleared): "
                        + got.splitlines()[0])
    if files(got) != files(want):
        problems.append(f"the tree is not the one {what}:\n  expected:\n" + indent(want) +
                        "\n  got:\n" + indent(got))
    code, out = fsck(t, image)
    if code != 0:
        problems.append("fsck: " + out)
    return problems


def indent(text):
    return "\n".join("    " + line for line in text.strip().splitlines())


@lab.test(20, timeout=60)
def recovery(t):
    """Booted on a disk whose log holds a committed transaction, the kernel installs it and
    clears the log."""
    work = workdir()
    try:
        images = Images(t, work)
        state = images.committed(work / "state.img")
        console = boot_to_shell(t, state, "blktrace=1")
        problems = check_recovered(t, state, images.b_tree,
                                   f"the committed transaction makes (with file /{images.name})")
        # The first commit after boot overwrites the log slots: by then the header on disk
        # must no longer name them. (That commit clears the header too, so look at the trace.)
        headers = [content for block, content in filter(None, parse_writes(console))
                   if block == images.logstart]
        if not headers or headers[-1][:4] != bytes(4):
            problems.append("the recovery did not clear the log header (write an empty one)")
        t.check(not problems, "\n".join(problems) + "\nthe boot said:\n" +
                indent("\n".join(line for line in console.splitlines()
                                 if line.startswith("initlog")) or "(nothing from initlog)"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parse_writes(console):
    """The recovery's block writes and barriers in a boot's trace (blktrace=1): a list of
    (block, bytes) or None for a barrier."""
    events, contents = [], []
    for line in console.split("\n$ ")[0].splitlines():
        fields = line.split()
        if len(fields) < 3 or fields[0] != "BT":
            continue
        if fields[2] != "0":
            continue  # a system call's, after the recovery (call 0)
        if fields[1] == "F":
            events.append(None)
        elif fields[1] == "W":
            block, data = int(fields[3]), fields[4]
            if data == "-":
                content = bytes(BSIZE)
            elif data.startswith("="):
                content = contents[int(data[1:])]
            elif data.startswith("~"):
                ref, *runs = data[1:].split(",")
                content = bytearray(contents[int(ref)])
                for run in runs:
                    offset, hexes = run.split(":")
                    change = bytes.fromhex(hexes)
                    content[int(offset):int(offset) + len(change)] = change
                content = bytes(content)
            else:
                content = bytes.fromhex(data).ljust(BSIZE, b"\0")
            contents.append(content)
            events.append((block, content))
    return events


def crash_points(events):
    """States a crash during those writes may leave: for each group of writes between
    barriers, all groups before it and only its first write, only its last one, or all but
    its last one."""
    groups, group = [], []
    for e in events:
        if e is None:
            groups.append(group)
            group = []
        else:
            group.append(e)
    if group:
        groups.append(group)
    points = []
    for g, writes in enumerate(groups):
        before = [w for earlier in groups[:g] for w in earlier]
        if not writes:
            continue
        points.append((f"barrier group {g + 1} of {len(groups)}, only its first write "
                       f"(block {writes[0][0]}) landed", before + writes[:1]))
        if len(writes) > 1:
            points.append((f"barrier group {g + 1} of {len(groups)}, only its last write "
                           f"(block {writes[-1][0]}) landed", before + writes[-1:]))
        if len(writes) > 2:
            points.append((f"barrier group {g + 1} of {len(groups)}, all but its last write "
                           "landed", before + writes[:-1]))
    return points


@lab.test(15, timeout=90, after="recovery")
def recovery_crash(t):
    """A crash during the recovery itself loses nothing: the next boot's recovery finishes it."""
    work = workdir()
    try:
        images = Images(t, work)
        state = images.committed(work / "state.img")
        start = state.read_bytes()
        traced = work / "traced.img"
        shutil.copyfile(state, traced)
        events = parse_writes(boot_to_shell(t, traced, "blktrace=1"))
        t.check(any(e and e[0] == images.logstart for e in events),
                "the recovery never wrote the log header")
        points = crash_points(events)
        t.log(f"the recovery wrote {sum(1 for e in events if e)} blocks with "
              f"{events.count(None)} barriers: {len(points)} crash points")
        for what, landed in points:
            disk = bytearray(start)
            for block, content in landed:
                disk[block * BSIZE:(block + 1) * BSIZE] = content
            crashed = work / "crashed.img"
            crashed.write_bytes(bytes(disk))
            boot_to_shell(t, crashed)
            problems = check_recovered(t, crashed, images.b_tree,
                                       f"the committed transaction makes (with file "
                                       f"/{images.name})")
            t.check(not problems, f"the recovery crashed at {what}; after the next boot:\n" +
                    "\n".join(problems))
    finally:
        shutil.rmtree(work, ignore_errors=True)


@lab.test(15, timeout=60, after="recovery")
def checksum(t):
    """With checksummed commits (logsum=1), a torn transaction (a logged block missing) is
    discarded and a whole one installed."""
    work = workdir()
    try:
        images = Images(t, work)
        torn_slot = t.randint(0, len(images.blocks) - 1)
        torn = images.committed(work / "torn.img", summed=True, torn=torn_slot)
        boot_to_shell(t, torn, "logsum=1")
        # The boot commits too (init makes /console), and a summed commit may leave its header:
        # the log need not be empty (the recovery test checks that recovery clears it).
        problems = check_recovered(t, torn, images.a_tree,
                                   f"before the transaction (log slot {torn_slot} of "
                                   f"{len(images.blocks)} did not match the sum)", empty_log=False)
        t.check(not problems, "a torn transaction was not discarded:\n" + "\n".join(problems))
        whole = images.committed(work / "whole.img", summed=True)
        boot_to_shell(t, whole, "logsum=1")
        problems = check_recovered(t, whole, images.b_tree,
                                   f"the committed transaction makes (with file /{images.name})",
                                   empty_log=False)
        t.check(not problems, "a whole checksummed transaction was not installed:\n" +
                "\n".join(problems))
    finally:
        shutil.rmtree(work, ignore_errors=True)
