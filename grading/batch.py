"""Grade a folder of submissions in parallel, each in its own temporary copy.

grade-batch --lab LAB [-j N] [--out DIR] FOLDER: every entry of FOLDER (a directory, a .tar.gz
or .tgz, or a git bundle) is unpacked into a private temporary folder and graded there by a
separate grading process, so a submission that hangs or floods can only cost its own points.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

from grading import report, trees
from grading.runner import DEFAULT_REFERENCE, GradingError, load_lab

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".bundle")


class Submission:
    def __init__(self, name, path):
        self.name = name
        self.path = path


def find_submissions(folder):
    found, names = [], set()
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if os.path.isdir(path):
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


def unpack(submission, dest):
    """Put the submission's tree in dest (build outputs, git metadata and symlinks left out)."""
    path = submission.path
    if os.path.isdir(path):
        return trees.copy_tree(trees.find_root(path), dest)
    scratch = dest + ".unpacked"
    os.makedirs(scratch)
    if path.endswith(".bundle"):
        proc = subprocess.run(["git", "clone", "-q", path, os.path.join(scratch, "repo")],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise ValueError(f"not a usable git bundle: {proc.stderr.strip()}")
    else:
        try:
            with tarfile.open(path) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(scratch, filter="data")
                else:
                    safe_extract(tar, scratch)
        except (tarfile.TarError, OSError) as e:
            raise ValueError(f"not a usable .tar.gz: {e}")
    count = trees.copy_tree(trees.find_root(scratch), dest)
    shutil.rmtree(scratch, ignore_errors=True)
    return count


def safe_extract(tar, dest):
    """Extract regular files and folders only, never outside dest (older pythons)."""
    for member in tar.getmembers():
        target = os.path.realpath(os.path.join(dest, member.name))
        if not target.startswith(os.path.realpath(dest) + os.sep):
            continue
        if member.isdir() or member.isfile():
            tar.extract(member, dest)


def empty_results(lab, reason, seconds=0.0):
    """results.json for a submission that could not be graded at all: every test fails."""
    results = [report.TestResult(t.name, t.points, reason=reason, output=reason,
                                 visibility=t.visibility) for t in lab.tests]
    return report.results_json(results, seconds, reason)


class Batch:
    def __init__(self, lab, reference, out_dir, jobs, time_limit=None, make_jobs=None, echo=print,
                 backstop=60):
        self.lab = lab
        self.reference = os.path.abspath(reference)
        self.out_dir = os.path.abspath(out_dir)
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
        work = tempfile.mkdtemp(prefix="grade-batch-")
        keep = os.path.join(self.out_dir, submission.name)
        shutil.rmtree(keep, ignore_errors=True)
        os.makedirs(keep)
        try:
            tree = os.path.join(work, "tree")
            try:
                unpack(submission, tree)
            except ValueError as e:
                return empty_results(self.lab, f"cannot unpack the submission: {e}")
            out = os.path.join(work, "out")
            command = self.grader_command(submission, tree, out)
            problem = self.run_grader(command, os.path.join(keep, "grade.txt"))
            results_path = os.path.join(out, "results.json")
            if problem or not os.path.isfile(results_path):
                return empty_results(self.lab, problem or "the grader wrote no results",
                                     time.monotonic() - started)
            for name in ("junit.xml", "build.log", "logs"):
                src = os.path.join(out, name)
                if os.path.isdir(src):
                    shutil.copytree(src, os.path.join(keep, name))
                elif os.path.isfile(src):
                    shutil.copy2(src, os.path.join(keep, name))
            with open(results_path) as f:
                return json.load(f)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def grader_command(self, submission, tree, out):
        """The command line that grades one unpacked submission into out/ (homework grading
        replaces it)."""
        return [sys.executable, os.path.join(HERE, "grade"), "--lab", self.lab.name,
                "--tree", tree, "--reference", self.reference, "--out", out,
                "--jobs", str(self.make_jobs), "--time-limit", str(self.time_limit)]

    def run_grader(self, command, transcript):
        """Run one grading process; None, or why it did not finish."""
        limit = self.time_limit + self.backstop  # the grader keeps its own limits; in case not
        with open(transcript, "wb") as log:
            proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
            with self.lock:
                self.running.add(proc)
            try:
                proc.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                stop(proc)
                return f"grading did not finish within {limit:g}s"
            finally:
                with self.lock:
                    self.running.discard(proc)
        return None if proc.returncode in (0, 1) else f"the grader failed (status {proc.returncode})"

    def run(self, submissions):
        """Grade all; write grades.csv and <name>/results.json; return the CSV path."""
        os.makedirs(self.out_dir, exist_ok=True)
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
                        stop(proc)
                raise
        path = os.path.join(self.out_dir, "grades.csv")
        names = [t.name for t in self.lab.tests]
        with open(path, "w", newline="") as f:
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
                results = empty_results(self.lab, f"batch error: {e!r}")
            report.write_json(os.path.join(self.out_dir, submission.name, "results.json"), results)
            rows[submission.name] = results
            self.echo(f"{submission.name}: {results['score']:g}/{self.lab.max_score:g} "
                      f"({results['execution_time']:.0f}s)")


def stop(proc):
    """Ask a grading process to stop (it stops its QEMUs), then make sure it has."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


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
    if not os.path.isdir(args.folder) or args.jobs < 1:
        parser.error("FOLDER must be a folder and -j at least 1")
    try:
        lab = load_lab(args.reference, args.lab)
    except GradingError as e:
        print(f"grade-batch: {e}", file=sys.stderr)
        return 2
    folder = os.path.abspath(args.folder)
    out = args.out or f"{folder.rstrip(os.sep)}-{args.lab}-grades"
    submissions = find_submissions(folder)
    if not submissions:
        print(f"grade-batch: no submissions in {folder}", file=sys.stderr)
        return 1
    Batch(lab, args.reference, out, args.jobs, args.time_limit).run(submissions)
    return 0
