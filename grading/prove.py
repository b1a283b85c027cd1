"""Prove every lab (or the ones named): the reference tree scores full marks, and the lab's
handout builds, boots and does not.  Prints 'N passed, M failed' last (make test-labs).

Usage: grading/prove-labs [--reference DIR] [--base-tests SUITE]... [LAB...]
--base-tests runs the base kernel's test suite (make test-SUITE) in the handout too. The labs
share one handout tree, built once: the handouts differ only in labs/.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grading import procs, report
from grading.failure import Failure
from grading.runner import GradingError, check_lab, lab_names

GRADE_LIMIT = 1800  # seconds for grading one tree (the lab's own limits are shorter)
SUITE_LIMIT = 900  # seconds for one base test suite in a handout


def run_quoted(command, timeout, **kwargs):
    """Run a child, print its output indented; its exit status, or None if it ran over."""
    with tempfile.TemporaryFile() as out:
        code = procs.run(command, timeout, stdout=out, stderr=subprocess.STDOUT, **kwargs)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    sys.stdout.write("".join("    " + line for line in text.splitlines(True)))
    if code is None:
        print(f"    (stopped after {timeout}s)")
    return code


def grade(reference, lab, tree, out):
    """Exit status of the grader and its results (None if it wrote none)."""
    code = run_quoted(procs.grading_command("runner", "--lab", lab, "--reference", reference,
                                            "--tree", tree, "--out", out), GRADE_LIMIT,
                      env=procs.child_env())
    path = Path(out) / "results.json"
    if not path.is_file():
        return code, None
    return code, json.loads(path.read_text())


def prove(reference, lab, work, base_suites=(), tree=None):
    """Problems found with one lab: [] when it is proven. tree: where the handout is, or is
    written if not there yet (every handout holds the same base kernel, so labs can share one
    built copy)."""
    problems = []
    print(f"--- {lab}: reference tree")
    code, _ = grade(reference, lab, reference, work / "reference")
    if code != 0:
        problems.append(f"{lab}: the reference tree does not score full marks")
    print(f"--- {lab}: handout")
    tree = tree or work / "handout"
    if not tree.exists():
        # its files, without the commit (the grader's own tests check the repository)
        code = run_quoted(procs.grading_command("handout", "--lab", lab, "--reference", reference,
                                                "--out", tree, "--no-git"), GRADE_LIMIT,
                          env=procs.child_env())
        if code != 0:
            return problems + [f"{lab}: no handout"]
    code, results = grade(reference, lab, tree, work / "handout-out")
    if results is None:
        return problems + [f"{lab}: grading the handout wrote no results"]
    broken = [t["name"] for t in results["tests"]
              if report.failure_of(t) in (Failure.BUILD, Failure.BOOT)]
    if broken:
        problems.append(f"{lab}: the handout does not build or boot ({', '.join(broken)})")
    if code == 0:
        problems.append(f"{lab}: the handout scores full marks")
    for suite in base_suites:
        print(f"--- {lab}: handout, make test-{suite}")
        with tempfile.TemporaryFile() as out:
            code = procs.run(["make", "--no-print-directory", "-s", f"test-{suite}"], SUITE_LIMIT,
                             cwd=tree, stdout=out, stderr=subprocess.STDOUT)
            out.seek(0)
            last = (out.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        print("    " + (last if code is not None else f"stopped after {SUITE_LIMIT}s"))
        if code != 0:
            problems.append(f"{lab}: the handout fails the base tests (make test-{suite})")
    return problems


def main():
    parser = argparse.ArgumentParser(prog="prove-labs")
    parser.add_argument("--reference", default=str(procs.PACKAGE_ROOT))
    parser.add_argument("--base-tests", action="append", default=[], metavar="SUITE")
    parser.add_argument("labs", nargs="*")
    args = parser.parse_args()
    reference = Path(args.reference).resolve()
    try:
        for lab in args.labs:
            check_lab(reference, lab)
    except GradingError as e:
        print(f"prove-labs: {e}", file=sys.stderr)
        return 2
    passed = failed = 0
    # Every handout holds the same base kernel (make test-labs checks that they differ only in
    # labs/, which grading lays from the reference): the first lab's handout is built once and
    # graded for every lab, and the base kernel's tests run in it once.
    shared = Path(tempfile.mkdtemp(prefix="prove-handout-"))
    for i, lab in enumerate(args.labs or lab_names(reference)):
        work = Path(tempfile.mkdtemp(prefix=f"prove-{lab}-"))
        try:
            problems = prove(reference, lab, work, args.base_tests if i == 0 else (),
                             shared / "tree")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for problem in problems:
            print(f"FAIL {problem}")
        print(f"{'FAIL' if problems else 'PASS'} lab {lab}")
        failed += bool(problems)
        passed += not problems
    shutil.rmtree(shared, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
