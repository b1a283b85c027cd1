"""Grade a folder of submissions in parallel, each in its own temporary copy.

grade-batch --lab LAB [-j N] [--out DIR] FOLDER: every entry of FOLDER (a directory, a .tar.gz
or .tgz, or a git bundle) is unpacked into a private temporary folder and graded there by a
separate grading process, so a submission that hangs or floods can only cost its own points.
Every process run on a submission (unpacking, building, booting) has a time limit.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from grading import procs, report, trees
from grading.runner import DEFAULT_REFERENCE, GradingError, load_lab

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".bundle")
UNPACK_TIMEOUT = 180  # seconds to unpack one archive (git clone included)


@dataclass
class Submission:
    name: str
    path: Path


def find_submissions(folder):
    found, names = [], set()
    for path in sorted(Path(folder).iterdir()):
        entry = path.name
        if entry.startswith("."):
            continue
        if path.is_dir():
            name = entry
        else:
            suffix = next((s for s in ARCHIVE_SUFFIXES if entry.endswith(s)), None)
            if suffix is None:
                continue
            name = entry[:-len(suffix)]
        if name in names:
            name = entry  # 'a' and 'a.tar.gz' side by side: keep them apart
        names.add(name)
        found.append(Submission(name, path))
    return found


def unpack(submission, dest, timeout=UNPACK_TIMEOUT):
    """Put the submission's tree in dest (build outputs, git metadata and symlinks left out).
    Raises ValueError if it cannot be unpacked within the time limit."""
    path, dest = Path(submission.path), Path(dest)
    if path.is_dir():
        return trees.copy_tree(trees.find_root(path), dest)
    scratch = dest.with_name(dest.name + ".unpacked")
    with tempfile.TemporaryFile() as errors:
        code = procs.run(procs.grading_command("unpack", path, scratch), timeout,
                         stdout=subprocess.DEVNULL, stderr=errors, env=procs.child_env())
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip()
    try:
        if code is None:
            raise ValueError(f"unpacking took more than {timeout:g}s")
        if code != 0:
            raise ValueError(message or f"unpacking failed (status {code})")
        return trees.copy_tree(trees.find_root(scratch), dest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class Batch:
    def __init__(self, lab, reference, out_dir, jobs, time_limit=None, make_jobs=None, echo=print,
                 backstop=60):
        self.lab = lab
        self.reference = Path(reference).resolve()
        self.out_dir = Path(out_dir).resolve()
        self.jobs = jobs
        self.time_limit = time_limit or lab.time_limit
        self.make_jobs = make_jobs or max(1, (os.cpu_count() or 1) // jobs)
        self.echo = echo
        self.backstop = backstop  # seconds past the time limit before a grader is stopped
        self.lock = threading.Lock()
        self.running = set()  # grading processes, to stop on Ctrl-C

    def grade_one(self, submission):
        """Grade one submission in a temporary folder; return its results.json dict."""
        started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix="grade-batch-"))
        keep = self.out_dir / submission.name
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        try:
            tree = work / "tree"
            try:
                unpack(submission, tree)
            except ValueError as e:
                return report.ungraded_results(self.lab.tests,
                                               f"cannot unpack the submission: {e}")
            # the grader writes its reports where they stay, so that they name no temporary path
            command = self.grader_command(submission, tree, keep)
            problem = self.run_grader(command, keep / "grade.txt")
            results_path = keep / "results.json"
            if problem or not results_path.is_file():
                return report.ungraded_results(self.lab.tests,
                                               problem or "the grader wrote no results",
                                               time.monotonic() - started)
            return json.loads(results_path.read_text())
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def grader_command(self, submission, tree, out):
        """The command line that grades one unpacked submission into out/ (homework grading
        replaces it). Its reports name out/ by the submission's name, relative to the batch's
        folder."""
        return procs.grading_command(
            "runner", "--lab", self.lab.name, "--tree", tree, "--reference", self.reference,
            "--out", out, "--name", submission.name, "--jobs", self.make_jobs,
            "--time-limit", self.time_limit)

    def run_grader(self, command, transcript):
        """Run one grading process; None, or why it did not finish."""
        limit = self.time_limit + self.backstop  # the grader keeps its own limits; in case not
        with open(transcript, "wb") as log:
            proc = procs.start(command, stdout=log, stderr=subprocess.STDOUT, env=procs.child_env())
            with self.lock:
                self.running.add(proc)
            try:
                code = procs.wait(proc, limit, grace=10)
            finally:
                with self.lock:
                    self.running.discard(proc)
        if code is None:
            return f"grading did not finish within {limit:g}s"
        return None if code in (0, 1) else f"the grader failed (status {code})"

    def run(self, submissions):
        """Grade all; write grades.csv and <name>/results.json; return the CSV path."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        rows = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {pool.submit(self.grade_one, s): s for s in submissions}
            try:
                self.collect(futures, rows)
            except KeyboardInterrupt:
                for future in futures:
                    future.cancel()
                with self.lock:
                    for proc in list(self.running):
                        procs.kill_group(proc, grace=10)
                raise
        path = self.out_dir / "grades.csv"
        names = [t.name for t in self.lab.tests]
        with path.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["submission", "score", "max"] + names)
            for name in sorted(rows):
                scores = {t["name"]: t["score"] for t in rows[name]["tests"]}
                writer.writerow([name, f"{rows[name]['score']:g}", f"{self.lab.max_score:g}"]
                                + [f"{scores.get(n, 0):g}" for n in names])
        self.echo(f"graded {len(rows)} submissions in {time.monotonic() - started:.1f}s: {path}")
        return path

    def collect(self, futures, rows):
        for future in concurrent.futures.as_completed(futures):
            submission = futures[future]
            try:
                results = future.result()
            except Exception as e:  # a bug here must not lose the other submissions
                results = report.ungraded_results(self.lab.tests, f"batch error: {e!r}")
            report.write_json(self.out_dir / submission.name / "results.json", results)
            rows[submission.name] = results
            self.echo(f"{submission.name}: {results['score']:g}/{self.lab.max_score:g} "
                      f"({results['execution_time']:.0f}s)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="grade-batch", description=__doc__.split("\n")[0])
    parser.add_argument("--lab", required=True)
    parser.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded at once")
    parser.add_argument("--out", default=None,
                        help="folder for grades.csv and <submission>/results.json "
                             "(default: FOLDER-LAB-grades next to FOLDER)")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per submission (default: the lab's)")
    parser.add_argument("folder")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir() or args.jobs < 1:
        parser.error("FOLDER must be a folder and -j at least 1")
    try:
        lab = load_lab(args.reference, args.lab)
    except GradingError as e:
        print(f"grade-batch: {e}", file=sys.stderr)
        return 2
    folder = folder.resolve()
    out = args.out or folder.with_name(f"{folder.name}-{args.lab}-grades")
    submissions = find_submissions(folder)
    if not submissions:
        print(f"grade-batch: no submissions in {folder}", file=sys.stderr)
        return 1
    Batch(lab, args.reference, out, args.jobs, args.time_limit).run(submissions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
