#!/usr/bin/env python3
"""The crash-state explorer's driver (crash/README.md).

Usage: crashtest.py quick|full [--self-test] [--boots N] [--mode MODE]...

1. Boots the kernel with blktrace=1 on build/crash/fs.img and runs `crashwl quick|full`: the
   console output is the block trace.
2. crash/explore builds every crash state of every workload from it, recovers each on the
   host with the kernel's log format and checks it with fsck's checks and the oracle.
3. Boots the real kernel on a few of those states (ones whose log holds a commit, so its
   recovery has work to do) and checks that the tree it leaves is the tree the host's
   recovery gave, and that fsck finds the image clean.
With --self-test, also shows the explorer can fail: a log that writes its commit header
before the logged blocks, a recovery that skips installing, a recovery without a barrier
between installing and clearing the log (with crashes during recovery) must all be caught,
and the real recovery must survive crashes during itself. Ends with "N passed, M failed".
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from grading.qemu import DiskBoot  # noqa: E402

CRASH = ROOT / "build" / "crash"
IMAGE = CRASH / "fs.img"
EXPLORE = ROOT / "crash" / "explore"
FSCK = ROOT / "mkfs" / "fsck"
KERNEL = ROOT / "kernel" / "kernel"
# The journaling modes proven: data journaling, checksummed commits (fewer flushes per
# commit), ordered mode (file data written in place before the commit) with checksummed
# commits, and the same with group commit (a commit holds many calls, at sync at the latest);
# each with its boot parameters and the explorer's options.
MODES = [("data", [], []), ("logsum", ["logsum=1"], []),
         ("ordered", ["ordered=1", "logsum=1"], ["--ordered"]),
         ("group", ["ordered=1", "logsum=1", "groupcommit=1"], ["--ordered"])]


def record(which, work, mode, bootargs):
    """Boots with blktrace=1, runs crashwl on the workload list; returns the trace's path."""
    disk, log = work / f"traced-{mode}.img", work / f"trace-{mode}.txt"
    shutil.copyfile(IMAGE, disk)
    boot = DiskBoot(KERNEL, disk, log, " ".join(["blktrace=1", *bootargs]))
    try:
        boot.wait_for(r"(?m)^\$ ", 60)
        boot.send(f"crashwl {which}\n")
        line = boot.wait_for(r"crashwl: [^\n]*\n", 3600).strip()
    finally:
        boot.stop()
    print(line, flush=True)
    if "every operation worked" not in line:
        raise RuntimeError("the workloads did not run as written: " + line)
    return log


def explore(trace, which, *options):
    cmd = [str(EXPLORE), *options, str(IMAGE), str(trace), str(CRASH / which)]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    return proc.returncode, proc.stdout + proc.stderr


def boot_states(trace, which, work, count, bootargs, options):
    """Boots the kernel on saved crash states; returns a list of (what, ok, detail)."""
    saved = work / f"states-{trace.stem}"
    saved.mkdir(exist_ok=True)
    rc, out = explore(trace, which, *options, "--save", str(saved), str(count))
    if rc == 2:
        return [("saving crash states", False, out)]
    results = []
    for k in range(count):
        img = saved / f"state-{k}.img"
        if not img.exists():
            break
        what = (saved / f"state-{k}.what").read_text().strip()
        want = (saved / f"state-{k}.tree").read_text()
        console = saved / f"boot-{k}.txt"
        boot = DiskBoot(KERNEL, img, console, " ".join(bootargs))
        try:
            boot.wait_for(r"(?m)^\$ ", 60)
            recovered = re.search(rb"initlog: (recovering|discarding)", console.read_bytes())
        except RuntimeError as e:
            results.append((what, False, str(e)))
            continue
        finally:
            boot.stop()
        tree = subprocess.run([str(EXPLORE), "--tree", str(img)], capture_output=True,
                              text=True).stdout
        fsck = subprocess.run([str(FSCK), str(img)], capture_output=True, text=True, errors="replace")
        problems = []
        if not recovered:
            problems.append("the kernel did not say it recovered or discarded the log")
        if not tree.startswith("log: empty\n"):
            problems.append("the kernel left its log not empty")
        if tree.split("\n", 1)[-1] != want:
            problems.append("the kernel's tree differs from the host's recovery")
        if fsck.returncode != 0:
            problems.append("fsck: " + fsck.stdout.strip())
        results.append((what, not problems, "; ".join(problems)))
    return results


def summary_line(out):
    lines = [line for line in out.splitlines() if line.startswith("explore: ")]
    return lines[-1] if lines else out.strip().splitlines()[-1:] and out.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(prog="crashtest")
    parser.add_argument("which", choices=["quick", "full"])
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--boots", type=int, default=None)
    parser.add_argument("--mode", action="append", choices=[m[0] for m in MODES],
                        help="only this journaling mode (repeatable; default: every mode)")
    args = parser.parse_args()
    boots = args.boots if args.boots is not None else (2 if args.which == "quick" else 4)
    passed = failed = 0

    def verdict(ok, text):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + text, flush=True)
        if ok:
            passed += 1
        else:
            failed += 1

    # In memory when possible: QEMU syncs the image file on every flush the kernel sends.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix="crashtest-", dir=shm))
    try:
        start = time.monotonic()
        traces = {}
        for mode, bootargs, options in MODES:
            if args.mode and mode not in args.mode:
                continue
            t0 = time.monotonic()
            print(f"--- {mode}: boot parameters {' '.join(bootargs) or '(none)'}", flush=True)
            try:
                trace = traces[mode] = record(args.which, work, mode, bootargs)
            except RuntimeError as e:
                verdict(False, f"recording the {args.which} workloads ({mode}): {e}")
                continue
            size = trace.stat().st_size
            print(f"trace: {size / 1e6:.1f} MB of console output in {time.monotonic() - t0:.0f}s",
                  flush=True)
            final = work / "final.img"
            rc, out = explore(trace, args.which, *options, "--final", str(final), "-v")
            if args.which == "quick":
                sys.stdout.write(out)
            else:
                # A line per workload is too many for the terminal: they go to a file, and
                # the terminal gets the failures and the totals.
                report = CRASH / f"report-{mode}.txt"
                report.write_text(out)
                sys.stdout.write("".join(line for line in out.splitlines(True)
                                         if not line.startswith("workload ")))
                print(f"(a line per workload in {report.relative_to(ROOT)})")
            verdict(rc == 0, f"every crash state of the {args.which} workloads recovers clean "
                    f"({mode})")
            same = final.exists() and final.read_bytes() == \
                (work / f"traced-{mode}.img").read_bytes()
            verdict(same, f"the trace is complete: its writes rebuild the disk the kernel left "
                    f"({mode})")
            for what, ok, detail in boot_states(trace, args.which, work, boots, bootargs, options):
                verdict(ok, f"the kernel recovers as the host does: {what}" +
                        (f": {detail}" if detail else ""))

        trace = traces.get("data")
        if args.self_test and trace:
            mutants = [
                ("a log that writes its commit header before the logged blocks",
                 ["--mutate", "header-first"]),
                ("a recovery that clears the log without installing it",
                 ["--recovery", "skip-install"]),
                ("a recovery with no barrier between installing and clearing the log",
                 ["--recovery", "no-flush", "--recovery-crash"]),
            ]
            for what, options in mutants:
                rc, out = explore(trace, args.which, *options)
                caught = rc == 1 and "FAIL workload" in out
                verdict(caught, f"the explorer catches {what}: {summary_line(out)}")
                if not caught:
                    sys.stdout.write(out[-3000:])
            rc, out = explore(trace, args.which, "--max-all", "2", "--sample", "16")
            verdict(rc == 0 and "sampled" in out,
                    "drawing subsets of groups over 2 writes finds no failure: " + summary_line(out))
            rc, out = explore(trace, args.which, "--recovery-crash")
            verdict(rc == 0, "the real recovery survives crashes during itself: "
                    + summary_line(out))
            if rc != 0:
                sys.stdout.write(out[-3000:])
        if args.self_test and traces.get("logsum"):
            # One flush per commit is safe only because recovery checks the sum.
            rc, out = explore(traces["logsum"], args.which, "--recovery", "no-checksum")
            caught = rc == 1 and "FAIL workload" in out
            verdict(caught, "the explorer catches checksummed commits recovered without checking "
                    "the sum: " + summary_line(out))
        if args.self_test and traces.get("ordered"):
            trace = traces["ordered"]
            rc, out = explore(trace, args.which, "--ordered", "--mutate", "data-after-commit")
            caught = rc == 1 and "FAIL workload" in out
            verdict(caught, "the explorer catches an ordered log that commits before the file "
                    "data is durable: " + summary_line(out))
            if not caught:
                sys.stdout.write(out[-3000:])
            # Ordered mode is weaker: held to data journaling's oracle, an overwrite in flight
            # that landed in part is a failure, so the trace does write data in place.
            rc, out = explore(trace, args.which)
            verdict(rc == 1 and "FAIL workload" in out,
                    "ordered mode's overwrites in flight break data journaling's oracle: "
                    + summary_line(out))
        if args.self_test and traces.get("group"):
            # Group commit writes file data home at the end of each call, long before the
            # commit: the trace must still show it ahead of the header that covers it.
            rc, out = explore(traces["group"], args.which, "--ordered", "--mutate",
                              "data-after-commit")
            caught = rc == 1 and "FAIL workload" in out
            verdict(caught, "the explorer catches a group commit before the file data is "
                    "durable: " + summary_line(out))
            if not caught:
                sys.stdout.write(out[-3000:])
        print(f"crashtest: {time.monotonic() - start:.0f}s in all", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
