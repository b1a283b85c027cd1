"""grade-batch over a folder of good and broken submissions: right scores, never stalls."""
import csv
import json
import os
import subprocess
import tarfile
import time

from grading.tests.fixture import (COMMAND_TIMEOUT, FAKE_MAX, GRADING, TreeCase, kernel_source,
                                   make_submission, make_tree, run_tool, write)

GIT = ["git", "-c", "user.name=Student", "-c", "user.email=student@example.com"]


class BatchTest(TreeCase):
    def test_batch_of_good_and_broken_submissions(self):
        ref = make_tree(self.path("ref"))
        folder = self.path("submissions")
        folder.mkdir()
        make_submission(folder / "good")
        make_submission(folder / "nobuild", extra={"kernel/fake.py": kernel_source() + "\nif (:\n"})
        make_submission(folder / "hangs", broken="hang-add")
        make_submission(folder / "panics", broken="panic-boot")
        # a .tar.gz holding a folder, with stale build outputs inside
        partial = make_submission(self.path("partial"), broken="wrong-add", features="beta")
        write(partial, "kernel/kernel", "stale build output\n")
        with tarfile.open(folder / "partial.tar.gz", "w:gz") as tar:
            tar.add(partial, arcname="partial-main")
        # a git bundle of a repository, and things that are not submissions
        repo = make_submission(self.path("repo"), broken="flood-add")
        for args in (["init", "-q", repo], ["-C", repo, "add", "."],
                     ["-C", repo, "commit", "-qm", "lab"],
                     ["-C", repo, "bundle", "create", "-q", folder / "floods.bundle", "--all"]):
            subprocess.run(GIT + args, check=True, capture_output=True, timeout=COMMAND_TIMEOUT)
        write(folder, "corrupt.tgz", "not gzip at all\n")
        write(folder, "notes.txt", "not a submission\n")

        out = self.path("grades")
        started = time.monotonic()
        code, output = run_tool([GRADING / "grade-batch", "--lab", "fake", "-j", "3",
                                 "--reference", ref, "--out", out, folder])
        self.assertLess(time.monotonic() - started, 40)
        self.assertEqual(code, 0, output)
        with (out / "grades.csv").open() as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["submission", "score", "max", "echo", "add", "features",
                                   "own_boot", "trusted"])
        scores = {row[0]: row[1:] for row in rows[1:]}
        expected = {
            "good": ["19", "19", "5", "5", "4", "3", "2"],
            "nobuild": ["0", "19", "0", "0", "0", "0", "0"],
            "hangs": ["14", "19", "5", "0", "4", "3", "2"],
            "panics": ["2", "19", "0", "0", "0", "0", "2"],
            "partial": ["12", "19", "5", "0", "2", "3", "2"],
            "floods": ["14", "19", "5", "0", "4", "3", "2"],
            "corrupt": ["0", "19", "0", "0", "0", "0", "0"],
        }
        self.assertEqual(scores, expected, output)
        for name in expected:
            results = json.loads((out / name / "results.json").read_text())
            self.assertEqual(len(results["tests"]), 5)
            self.assertLessEqual(results["score"], FAKE_MAX)
        reasons = {}
        for name in ("nobuild", "hangs", "panics", "floods", "corrupt"):
            tests = json.loads((out / name / "results.json").read_text())["tests"]
            reasons[name] = tests[0 if name in ("nobuild", "panics", "corrupt") else 1]["output"]
        self.assertIn("does not build", reasons["nobuild"])
        self.assertIn("timed out", reasons["hangs"])
        self.assertIn("does not boot: kernel panic", reasons["panics"])
        self.assertIn("console output passed", reasons["floods"])
        self.assertIn("cannot unpack", reasons["corrupt"])
        self.assertTrue((out / "good" / "junit.xml").is_file())
        # the reports name each submission, never the temporary folder it was graded in
        for name in ("good", "hangs", "nobuild"):
            transcript = (out / name / "grade.txt").read_text()
            self.assertEqual(transcript.splitlines()[-1], f"results: {name}/results.json")
            for path in [out / name / "grade.txt"] + list((out / name).rglob("*.*")):
                self.assertNotIn("grade-batch-", path.read_text(), path)
        hangs = json.loads((out / "hangs" / "results.json").read_text())["tests"][1]
        self.assertEqual(hangs["extra_data"]["log"], "hangs/logs/add.log")
        self.assertIn("log: hangs/logs/add.log", hangs["output"])
        self.assertIn("log: hangs/logs/add.log", (out / "hangs" / "grade.txt").read_text())
        self.assertTrue((out / "hangs" / "logs" / "add.log").is_file())

    def test_usage_errors(self):
        ref = make_tree(self.path("ref"))
        self.path("empty").mkdir()
        code, output = run_tool([GRADING / "grade-batch", "--lab", "nolab",
                                 "--reference", ref, self.path("empty")])
        self.assertEqual(code, 2)
        self.assertEqual(output, "grade-batch: unknown lab 'nolab' (labs: fake)\n")
        code, output = run_tool([GRADING / "grade-batch", "--lab", "fake",
                                 "--reference", ref, self.path("empty")])
        self.assertEqual(code, 1)
        self.assertIn("no submissions", output)


STUCK_GRADE_PY = """\
import os
import sys
import time
from grading.lab import Lab

lab = Lab("fake", time_limit=1, launcher=lambda k, d, c: [sys.executable, k, d])


@lab.test(1)
def stuck(t):
    with open(os.environ["FAKE_PID_FILE"], "w") as f:
        f.write(t.run("bootid").strip())
    t.send("sleep 1000\\n")  # the kernel would outlive its grader, unless stopped
    time.sleep(100)  # no wait the watchdog can end: only the batch's backstop can
"""


class BackstopTest(TreeCase):
    def test_a_stuck_grader_is_stopped_with_its_machines(self):
        from grading import batch, runner
        ref = make_tree(self.path("ref"), grade_py=STUCK_GRADE_PY)
        folder = self.path("subs")
        make_submission(folder / "one")
        pid_file = self.path("pid")
        os.environ["FAKE_PID_FILE"] = str(pid_file)
        self.addCleanup(os.environ.pop, "FAKE_PID_FILE")
        lab = runner.load_lab(ref, "fake")
        started = time.monotonic()
        job = batch.Batch(lab, ref, self.path("out"), 1, echo=lambda s: None, backstop=1)
        job.run(batch.find_submissions(folder))
        self.assertLess(time.monotonic() - started, 15)
        results = json.loads(self.path("out", "one", "results.json").read_text())
        self.assertIn("grading did not finish", results["tests"][0]["output"])
        kernel_pid = int(pid_file.read_text())
        with self.assertRaises(ProcessLookupError):
            os.kill(kernel_pid, 0)  # the stand-in kernel was stopped with its grader
