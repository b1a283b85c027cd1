"""Grade one tree: lay the trusted files over it, build it, run the lab's tests, report.

Used by `python3 -m grading.runner` (make grade, grading/grade), grade-batch and the Gradescope
autograder.
"""
import argparse
import filecmp
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from grading import procs, report, trees
from grading.failure import Failure
from grading.lab import (Boots, Context, Lab, TestFailure, TestSkipped, TimeLimit, console_text,
                         new_rng)
from grading.qemu import MachineError

DEFAULT_REFERENCE = Path(__file__).resolve().parent.parent


class GradingError(Exception):
    """Bad input to a grading command (an unknown lab or test, an unusable folder), or a problem
    with the grader's own setup; never a problem with the submission."""


def lab_names(reference):
    """The labs of a tree: the folders labs/<lab>/ that hold a grade.py."""
    labs_dir = Path(reference) / "labs"
    if not labs_dir.is_dir():
        return []
    return sorted(d.name for d in labs_dir.iterdir() if (d / "grade.py").is_file())


def check_lab(reference, name):
    """Raise GradingError, listing the labs there are, unless the tree has a lab `name`."""
    known = lab_names(reference)
    if name not in known:
        raise GradingError(f"unknown lab {name!r} (labs: {', '.join(known) or 'none'})")


def load_lab(reference, name):
    check_lab(reference, name)
    path = Path(reference) / "labs" / name / "grade.py"
    spec = importlib.util.spec_from_file_location(f"labs_{name}_grade_{id(path)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    labs = [v for v in vars(module).values() if isinstance(v, Lab)]
    if len(labs) != 1 or labs[0].name != name:
        raise GradingError(f"{path} must define exactly one Lab named {name!r}")
    return labs[0]


def select_tests(lab, names):
    """The tests to run, in declaration order: the named ones and what they come after."""
    if not names:
        return list(lab.tests)
    wanted = set()

    def want(name):
        spec = lab.find(name)
        if spec is None:
            raise GradingError(f"unknown test {name!r} in lab {lab.name} "
                               f"(tests: {', '.join(t.name for t in lab.tests)})")
        wanted.add(name)
        for dep in spec.after:
            want(dep)
    for name in names:
        want(name)
    return [t for t in lab.tests if t.name in wanted]


def lay_overlay(lab, reference, tree):
    """Copy the lab's trusted files from the reference over the tree; return a message."""
    reference, tree = Path(reference), Path(tree)
    paths = lab.trusted_paths()
    if reference.resolve() == tree.resolve():
        return ("trusted overlay: grading the reference tree itself, so its "
                f"{len(paths)} trusted paths are already in place ({', '.join(paths)})")
    laid, changed = 0, []
    for path in paths:
        src, dst = reference / path, tree / path
        if src.is_dir():
            files = trees.walk_files(src)
            old = set(trees.walk_files(dst)) if dst.is_dir() else set()
            changed += [f"{path.rstrip('/')}/{f}" for f in old - set(files)]
            for f in files:
                if f in old and not filecmp.cmp(src / f, dst / f, False):
                    changed.append(f"{path.rstrip('/')}/{f}")
            if dst.is_symlink() or dst.is_file():
                dst.unlink()
            elif dst.is_dir():
                shutil.rmtree(dst)
            for f in files:
                trees.copy_file(src / f, dst / f)
            laid += len(files)
        elif src.is_file():
            if dst.is_file() and not dst.is_symlink() and not filecmp.cmp(src, dst, False):
                changed.append(path)
            trees.copy_file(src, dst)
            laid += 1
        else:
            raise GradingError(f"lab {lab.name}: trusted file {path} is not in the reference tree")
    message = (f"trusted overlay: laid {laid} reference files over the submission "
               f"({', '.join(paths)})")
    if changed:
        shown = ", ".join(sorted(changed)[:10]) + (", ..." if len(changed) > 10 else "")
        message += f"; replaced {len(changed)} the submission had changed or added: {shown}"
    return message


def build(lab, tree, timeout, log_path, jobs=None):
    """Build the tree; return None, or why it does not build (with the end of the log)."""
    command = list(lab.build)
    if jobs and Path(command[0]).name == "make" and not any(a.startswith("-j") for a in command):
        command.insert(1, f"-j{jobs}")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    log_path = Path(log_path)
    with log_path.open("wb") as log:
        code = procs.run(command, max(timeout, 1), cwd=tree, stdout=log, stderr=subprocess.STDOUT,
                         env=env)
    tail = log_path.read_bytes()[-3000:].decode("utf-8", "replace")
    if code is None:
        return f"does not build: `{' '.join(command)}` did not finish within {timeout:g}s\n{tail}"
    if code != 0:
        return f"does not build: `{' '.join(command)}` exited with status {code}\n{tail}"
    return None


class Grading:
    """One grading run of one tree."""

    def __init__(self, lab, tree, reference, out_dir, tests=(), seed=None, jobs=None,
                 skip_build=False, time_limit=None, echo=print, out_label=None):
        self.lab = lab
        self.tree = Path(tree).resolve()
        self.reference = Path(reference).resolve()
        self.out_dir = Path(out_dir).resolve()
        # how the reports name out_dir (its logs): by default its path inside the tree; not at
        # all when it is outside (a temporary folder, gone when anyone reads the reports)
        self.out_label = out_label or report.shown_path(self.out_dir, self.tree)
        self.seen = set()  # failure details already shown on the terminal
        self.selected = select_tests(lab, tests)
        self.seed = seed if seed is not None else new_rng().randrange(1 << 62)
        self.jobs = jobs
        self.skip_build = skip_build
        self.time_limit = time_limit or lab.time_limit
        self.echo = echo
        self.boots = Boots(lab, self.tree)

    def run(self):
        """Grade; return (score, max_score, path of results.json)."""
        started = time.monotonic()
        self.deadline = started + self.time_limit
        self.out_dir.mkdir(parents=True, exist_ok=True)
        notes = [f"lab {self.lab.name}: {len(self.selected)} tests, {sum(t.points for t in self.selected):g} points"]
        notes.append(lay_overlay(self.lab, self.reference, self.tree))
        self.echo(notes[-1])
        broken = None
        if not self.skip_build:
            self.echo("building ...")
            broken = build(self.lab, self.tree, min(self.lab.build_timeout, self.time_limit),
                           self.out_dir / "build.log", self.jobs)
            notes.append(broken.splitlines()[0] if broken else
                         f"build: ok ({time.monotonic() - started:.1f}s)")
            if broken:
                # in full once: the tests that fail with it repeat only its first line
                self.seen.add(broken)
                log = [f"log: {self.shown('build.log')}"] if self.out_label else []
                self.echo(notes[-1] + "\n" + report.indented(broken.splitlines()[1:] + log))
            else:
                self.echo(notes[-1])
        results = {}
        try:
            for spec in self.selected:
                result = self.run_one(spec, results, broken)
                results[spec.name] = result
                self.echo(report.line_for(result, self.seen))
        finally:
            self.boots.stop_all()
        ordered = [results[t.name] for t in self.selected]
        seconds = time.monotonic() - started
        score = sum(r.score for r in ordered)
        max_score = sum(r.max_score for r in ordered)
        notes.append(report.total_line(score, max_score, seconds))
        self.echo(notes[-1])
        path = report.write_reports(self.out_dir, self.lab.name, ordered, seconds, "\n".join(notes))
        return score, max_score, path

    def shown(self, name):
        """How the reports name a file of out_dir (None when they do not name out_dir)."""
        return f"{self.out_label}/{name}" if self.out_label else None

    def run_one(self, spec, results, broken):
        result = report.TestResult(spec.name, spec.points, visibility=spec.visibility)
        failed_deps = [d for d in spec.after if results[d].status != "passed"]
        if broken:
            result.reason, result.failure = broken, Failure.BUILD
            result.log = self.shown("build.log")
        elif failed_deps:
            result.status = "skipped"
            result.reason = f"skipped: needs {', '.join(failed_deps)} to pass first"
            result.failure = Failure.SKIPPED
        elif time.monotonic() >= self.deadline:
            result.reason = (f"not run: the submission's time limit of {self.time_limit:g}s "
                             "was used up")
            result.failure = Failure.TIME_LIMIT
        else:
            self.execute(spec, result)
        if not result.output:
            result.output = report.output_for(result)
        return result

    def execute(self, spec, result):
        rng = new_rng(f"{self.seed}:{spec.name}")
        started = time.monotonic()
        if started + spec.timeout <= self.deadline:
            ctx = Context(self.boots, spec, self.tree, started + spec.timeout, rng)
        else:
            ctx = Context(self.boots, spec, self.tree, self.deadline, rng,
                          f"the submission's time limit of {self.time_limit:g}s was used up")
        stop_watch = threading.Event()
        timed_out = []
        threading.Thread(target=self.watch, args=(ctx, stop_watch, timed_out), daemon=True).start()
        reason = kind = None
        failed_boot_output = ""
        try:
            spec.func(ctx)
        except TestSkipped as e:
            stop_watch.set()
            reason = str(e) if str(e).startswith("skipped") else f"skipped: {e}"
            result.status, result.reason, result.score = "skipped", reason, 0
            result.max_score, result.failure = 0, Failure.SKIPPED
            result.seconds = time.monotonic() - started
            return
        except TestFailure as e:
            reason, kind = str(e) or "check failed", Failure.CHECK
        except TimeLimit as e:
            reason, kind = str(e), Failure.TIME_LIMIT
        except MachineError as e:
            reason, kind = e.reason, e.kind
            failed_boot_output = e.output if kind is Failure.BOOT else ""
        except Exception:
            reason = "error in the test itself:\n" + traceback.format_exc(limit=-3)
            kind = Failure.TEST_ERROR
        finally:
            stop_watch.set()
        if timed_out and kind is not Failure.TIME_LIMIT:
            reason, kind = f"{ctx.limit_reason} (then: {reason})", Failure.TIME_LIMIT
        console = console_text(ctx.used) or failed_boot_output
        if reason is None and self.lab.boot_banner:
            for machine, _ in ctx.used:
                if len(re.findall(self.lab.boot_banner, machine.output)) > 1:
                    reason, kind = "the kernel rebooted", Failure.REBOOT
        for machine, _ in ctx.used:
            self.boots.release(machine, healthy=reason is None)
        result.seconds = time.monotonic() - started
        earned = spec.points if ctx.credited is None else min(spec.points, ctx.credited)
        result.score = earned if reason is None else min(spec.points, ctx.credited or 0)
        if reason is None and result.score < spec.points:
            reason = f"partial credit: {result.score:g} of {spec.points:g} points"
            kind = Failure.PARTIAL
        result.status = "passed" if reason is None else "failed"
        result.reason = reason
        result.failure = kind
        result.notes = ctx.notes
        if reason is not None:
            result.tail = report.console_tail(console)
            result.log = self.shown(f"logs/{spec.name}.log")
        result.output = report.output_for(result, console)

    def watch(self, ctx, stop, timed_out):
        """End the test's boots when it overruns its time limit, whatever it is waiting on."""
        while not stop.wait(0.1):
            if self.boots.booting is None and time.monotonic() > ctx.deadline:
                timed_out.append(True)
                for machine, _ in ctx.used:
                    machine.kill()
                return


def main(argv=None):
    parser = argparse.ArgumentParser(prog="grade", description="Grade a lab (see labs/README.md).")
    parser.add_argument("--lab", required=True)
    parser.add_argument("--test", action="append", default=[], metavar="NAME",
                        help="run only this test (and those it comes after); repeatable, or a,b")
    parser.add_argument("--tree", default=None, help="the tree to grade (default: the reference)")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE,
                        help="where the lab's tests and trusted files come from (default: this tree)")
    parser.add_argument("--out", default=None,
                        help="folder for results.json, junit.xml and logs (default: TREE/build/grade/LAB)")
    parser.add_argument("--seed", type=int, default=None, help="fix the per-run random values")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="parallel make jobs")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds for the whole submission (default: the lab's)")
    parser.add_argument("--no-build", action="store_true", help="grade what is already built")
    parser.add_argument("--list", action="store_true", help="list the lab's tests and exit")
    parser.add_argument("--name", default=None,
                        help="what the reports call the --out folder in place of its path "
                             "(grade-batch: the submission's name)")
    args = parser.parse_args(argv)
    tests = [n for arg in args.test for n in arg.replace(",", " ").split()]
    tree = args.tree or args.reference
    try:
        lab = load_lab(args.reference, args.lab)
        if args.list:
            for t in lab.tests:
                after = f"  (after {', '.join(t.after)})" if t.after else ""
                print(f"{t.name:<28} {t.points:>4g} points  {t.timeout:>4g}s{after}")
            return 0
        out = args.out or Path(tree) / "build" / "grade" / args.lab
        label = args.name or report.shown_path(out, tree) or str(out)
        grading = Grading(lab, tree, args.reference, out, tests, args.seed, args.jobs,
                          args.no_build, args.time_limit, out_label=label)
        score, max_score, _ = grading.run()
    except GradingError as e:
        print(f"grade: {e}", file=sys.stderr)
        return 2
    print(f"results: {label}/results.json")
    return 0 if score >= max_score else 1


if __name__ == "__main__":
    # stopped from outside (grade-batch's backstop): unwind, so that every QEMU is stopped
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main())
