"""Prove a lab's tests against wrong solutions: every mutant must lose the points of the test
it targets.

A mutant is a small wrong solution a student might write, declared in
labs/<lab>/mutants/mutants.py (never handed out) as

    MUTANTS = [
        Mutant("sleep-ignores-argv", kills="sleep_ticks", why="sleeps 10 ticks whatever N is",
               changes=[edit("user/sleep.c", "sleep(atoi(argv[1]))", "sleep(10)")]),
        Mutant("pingpong-no-fork", kills="pingpong", why="...",
               changes=[replace("user/pingpong.c", "pingpong-no-fork.c")]),
    ]

edit(path, old, new) changes text that occurs exactly once in the reference's file;
replace(path, file) puts a file of the mutants folder in its place. Every test of the lab
needs at least one mutant.

`python3 -m grading.mutants [LAB...]` (make test-mutants) copies the reference tree once,
builds it, and for each mutant applies its changes, grades the targeted test (and the tests it
comes after) with a fresh seed, and puts the files back. Prints one line per mutant and
'N passed, M failed' last.
"""
import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grading import procs, report, trees
from grading.failure import Failure
from grading.runner import GradingError, check_lab, lab_names, load_lab

# A mutant lost points to these only when its test never ran its checks: no proof.
NOT_A_VERDICT = {Failure.BUILD, Failure.BOOT, Failure.SKIPPED, Failure.TEST_ERROR,
                 Failure.NOT_GRADED}
GRADE_LIMIT = 600  # seconds for grading one mutant (build included)
BUILD_LIMIT = 900  # seconds for the first build of the copy


@dataclass
class Change:
    path: str          # file of the tree it changes
    old: str = None    # edit: text found exactly once ...
    new: str = None    # ... and what it becomes
    source: str = None  # replace: a file of the mutants folder


def edit(path, old, new):
    return Change(path, old=old, new=new)


def replace(path, source):
    return Change(path, source=source)


@dataclass
class Mutant:
    name: str
    kills: str  # the test it must fail
    why: str    # what is wrong with it, in words
    changes: list = field(default_factory=list)


def load_mutants(reference, lab_name):
    """The lab's mutants and the folder they live in; GradingError if there are none."""
    folder = Path(reference) / "labs" / lab_name / "mutants"
    path = folder / "mutants.py"
    if not path.is_file():
        raise GradingError(f"lab {lab_name} has no mutants ({path} does not exist)")
    spec = importlib.util.spec_from_file_location(f"labs_{lab_name}_mutants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.MUTANTS), folder


def mutated_text(tree, folder, change):
    """The new contents of change.path, or a GradingError saying why the change does not apply."""
    if change.source is not None:
        return (folder / change.source).read_text()
    text = (tree / change.path).read_text()
    found = text.count(change.old)
    if found != 1:
        raise GradingError(f"{change.path}: the text to change occurs {found} times, not once: "
                           f"{change.old!r}")
    return text.replace(change.old, change.new)


def check_declarations(lab, mutants):
    """Problems with the declarations themselves: unknown tests, tests with no mutant,
    changes to files the grader lays over every submission (they would be undone)."""
    problems = []
    names = [t.name for t in lab.tests]
    trusted = lab.trusted_paths()
    for m in mutants:
        if m.kills not in names:
            problems.append(f"mutant {m.name}: lab {lab.name} has no test {m.kills!r} "
                            f"(tests: {', '.join(names)})")
        for c in m.changes:
            if any(c.path == p or c.path.startswith(p.rstrip("/") + "/") for p in trusted):
                problems.append(f"mutant {m.name}: {c.path} is a trusted file the grader "
                                "restores before building")
    for name in names:
        if not any(m.kills == name for m in mutants):
            problems.append(f"test {name} of lab {lab.name} has no mutant")
    return problems


def grade_target(reference, lab, tree, out, target):
    """The target test's entry in the results of grading tree, or None if none came."""
    command = procs.grading_command("runner", "--lab", lab.name, "--reference", str(reference),
                                    "--tree", str(tree), "--out", str(out), "--test", target)
    with tempfile.TemporaryFile() as log:
        procs.run(command, GRADE_LIMIT, stdout=log, stderr=subprocess.STDOUT,
                  env=procs.child_env())
    path = out / "results.json"
    if not path.is_file():
        return None
    return next((t for t in json.loads(path.read_text())["tests"] if t["name"] == target), None)


def verdict(mutant, result):
    """(killed, line) for one mutant's graded result."""
    if result is None:
        return False, "the grader wrote no result for it"
    score = f"{result.get('score', 0):g}/{result.get('max_score', 0):g}"
    failure = report.failure_of(result)
    reason = (result.get("output", "").strip().splitlines() or [""])[0]
    if result.get("score", 0) >= result.get("max_score", 0):
        return False, f"survives {mutant.kills} ({score}): {mutant.why}"
    if failure in NOT_A_VERDICT:
        return False, f"loses {mutant.kills} without being tested ({failure.value}): {reason}"
    return True, f"loses {mutant.kills} ({score}): {mutant.why}"


def build_copy(reference, tree):
    """Copy the reference's source files to tree and build it; whether that worked."""
    for rel in trees.source_files(reference):
        trees.copy_file(reference / rel, tree / rel)
    with tempfile.TemporaryFile() as out:
        return procs.run(["make", "-s", "all"], BUILD_LIMIT, cwd=tree, stdout=out,
                         stderr=subprocess.STDOUT) == 0


def prove_lab(reference, lab_name, work, log=print, tree=None, one_per_test=False):
    """(passed, failed) over the lab's mutants and its declaration checks. tree: a built copy
    of the reference to mutate (made in work if not given); each mutant's files are put back.
    one_per_test: only the first mutant declared for each test."""
    lab = load_lab(reference, lab_name)
    mutants, folder = load_mutants(reference, lab_name)
    problems = check_declarations(lab, mutants)
    if one_per_test:
        first = {}
        for m in mutants:
            first.setdefault(m.kills, m)
        mutants = list(first.values())
    for problem in problems:
        log(f"FAIL {problem}")
    if tree is None:
        tree = work / "tree"
        if not build_copy(reference, tree):
            log(f"FAIL lab {lab_name}: the reference tree does not build")
            return 0, len(mutants) + len(problems) + 1
    passed, failed = 0, len(problems)
    for i, mutant in enumerate(mutants):
        originals = {c.path: (tree / c.path).read_bytes() for c in mutant.changes}
        try:
            for c in mutant.changes:
                (tree / c.path).write_text(mutated_text(tree, folder, c))
            # A run that tested nothing (a prerequisite that failed on a loaded machine, a boot
            # that timed out) is no verdict either way: grade once more before saying so.
            for attempt in range(2):
                result = grade_target(reference, lab, tree, work / f"out-{i}-{attempt}",
                                      mutant.kills)
                killed, line = verdict(mutant, result)
                if result is not None and report.failure_of(result) not in NOT_A_VERDICT:
                    break
        except GradingError as e:
            killed, line = False, str(e)
        finally:
            for path, data in originals.items():
                (tree / path).write_bytes(data)
        log(f"{'PASS' if killed else 'FAIL'} mutant {lab_name}/{mutant.name} {line}")
        passed, failed = passed + killed, failed + (not killed)
    return passed, failed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="mutants", description=__doc__.split("\n")[0])
    parser.add_argument("--reference", default=str(procs.PACKAGE_ROOT))
    parser.add_argument("--one-per-test", action="store_true",
                        help="only the first mutant of each test (make test's quick set)")
    parser.add_argument("labs", nargs="*", help="labs to prove (default: every lab)")
    args = parser.parse_args(argv)
    reference = Path(args.reference).resolve()
    try:
        for name in args.labs:
            check_lab(reference, name)
    except GradingError as e:
        print(f"mutants: {e}", file=sys.stderr)
        return 2
    passed = failed = 0
    # One built copy serves every lab: each mutant's changes are undone after it.
    shared = Path(tempfile.mkdtemp(prefix="mutants-tree-"))
    if not build_copy(reference, shared / "tree"):
        shutil.rmtree(shared, ignore_errors=True)
        print("FAIL the reference tree does not build")
        print("0 passed, 1 failed")
        return 1
    for name in args.labs or lab_names(reference):
        work = Path(tempfile.mkdtemp(prefix=f"mutants-{name}-"))
        try:
            p, f = prove_lab(reference, name, work, tree=shared / "tree",
                             one_per_test=args.one_per_test)
        except GradingError as e:
            print(f"FAIL lab {name}: {e}")
            p, f = 0, 1
        finally:
            shutil.rmtree(work, ignore_errors=True)
        passed, failed = passed + p, failed + f
    shutil.rmtree(shared, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
