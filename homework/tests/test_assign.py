"""assign (deterministic per secret and id, different across ids), grade-homework over a folder
of submissions, and the Gradescope autograder."""
import csv
import filecmp
import json
import shutil
import subprocess
import zipfile

from grading.failure import Failure
from grading.report import failure_of
from homework.tests.hwfixture import (MAKE_TIMEOUT, ROOT, ROSTER, SECRET, Case, clean_env,
                                      half_right, tool)

ENV = {"HOMEWORK_SECRET": SECRET}


class Assign(Case):
    def assign(self, out, *extra, env=ENV):
        return tool("homework/assign", "--chapter", "07", "--roster", self.roster, "--out", out,
                    *extra, env=env)

    def setUp(self):
        super().setUp()
        self.roster = self.write("roster.csv", ROSTER)

    def params(self, out, sid):
        path = out / "students" / sid / "07-scheduling" / "problem.json"
        return json.loads(path.read_text())["params"]

    def test_deterministic_per_secret_and_id_and_different_across_ids(self):
        for out in ("a", "b"):
            code, output = self.assign(self.path(out))
            self.assertEqual(code, 0, output)
        same = filecmp.dircmp(self.path("a"), self.path("b"))
        self.assertFalse(same.diff_files or same.left_only or same.right_only)
        for sub in ("students/s001/07-scheduling", "keys"):
            cmp = filecmp.dircmp(self.path("a", sub), self.path("b", sub))
            self.assertFalse(cmp.diff_files, sub)
        p1, p2, p3 = (self.params(self.path("a"), s) for s in ("s001", "s002", "s003"))
        self.assertNotEqual(p1, p2)
        self.assertNotEqual(p2, p3)
        code, output = self.assign(self.path("c"), env={"HOMEWORK_SECRET": "another secret"})
        self.assertEqual(code, 0, output)
        self.assertNotEqual(self.params(self.path("c"), "s001"), p1)
        readme = self.read(self.path("a", "students", "s001", "07-scheduling", "README.md"))
        self.assertIn("s001", readme)
        self.assertIn(f"-l {p1['l1']},{p1['l2']},{p1['l3']}", readme)

    def test_usage_errors_are_one_line(self):
        code, output = self.assign(self.path("x"), env={"HOMEWORK_SECRET": ""})
        self.assertOneLineError(code, output, "needs the course's secret")
        bad = self.write("bad.csv", "id,name\ns 1,Bad Id\n")
        code, output = tool("homework/assign", "--chapter", "07", "--roster", bad, "--out",
                            self.path("y"), env=ENV)
        self.assertOneLineError(code, output, "student id 's 1'")
        dup = self.write("dup.csv", "s1,A\ns1,B\n")
        code, output = tool("homework/assign", "--chapter", "07", "--roster", dup, "--out",
                            self.path("z"), env=ENV)
        self.assertOneLineError(code, output, "appears twice")
        self.write("full/thing", "x")
        code, output = self.assign(self.path("full"))
        self.assertOneLineError(code, output, "not empty")

    def test_student_checks_own_handout_and_instructor_redraws_it(self):
        out = self.path("hw")
        self.assertEqual(self.assign(out)[0], 0)
        tree = self.path("student")
        shutil.copytree(out / "students" / "s002" / "07-scheduling",
                        tree / "homework" / "07-scheduling")
        shutil.copy(out / "keys" / "s002.txt", tree / "homework" / "07-scheduling" / "answers.txt")
        check = "grading/check-homework"
        code, output = tool(check, "--hw", "07", "--tree", tree, "--reference", ROOT)
        self.assertEqual(code, 0, output)
        self.assertIn("student s002's problem", output)
        code, output = tool(check, "--hw", "07", "--tree", tree, "--id", "s002", env=ENV)
        self.assertEqual(code, 0, output)
        code, output = tool(check, "--hw", "07", "--tree", tree, "--id", "s001", env=ENV)
        self.assertEqual(code, 1, output)  # s002's answers on s001's problem

    def test_grade_homework_batch(self):
        out = self.path("hw")
        self.assertEqual(self.assign(out)[0], 0)
        key = lambda sid: self.read(out / "keys" / f"{sid}.txt")
        folder = self.path("in")
        self.write("in/s001.txt", key("s001"))
        self.write("in/s002/homework/07-scheduling/answers.txt", half_right(key("s002")))
        self.write("in/s003.txt", key("s001").replace("id: s001", "id: s003"))  # copied
        self.write("in/s004.txt", "q1a 3\n")  # malformed, and not on the roster
        code, output = tool("grading/grade-homework", "--hw", "07", "--roster", self.roster,
                            "-j", "2", "--out", self.path("grades"), folder, env=ENV)
        self.assertEqual(code, 0, output)
        with self.path("grades", "grades.csv").open() as f:
            rows = {r[0]: r for r in csv.reader(f)}
        full = float(rows["s001"][2])
        self.assertEqual(float(rows["s001"][1]), full)
        self.assertTrue(0 < float(rows["s002"][1]) < full, rows["s002"])
        self.assertLess(float(rows["s003"][1]), full)
        self.assertEqual(float(rows["s004"][1]), 0)
        self.assertIn("not in the roster", output)
        test = json.loads(self.path("grades", "s004", "results.json").read_text())["tests"][0]
        self.assertIn("expected 'qN: answer'", test["output"])
        self.assertIs(failure_of(test), Failure.CHECK)

    def test_gradescope_autograder(self):
        zip_path = self.path("hw07.zip")
        secret = self.write("secret.txt", SECRET + "\n")
        proc = subprocess.run(["make", "-s", "gradescope", "HW=07", f"OUT={zip_path}",
                               f"ROSTER={self.roster}", f"SECRET_FILE={secret}"], cwd=ROOT,
                              capture_output=True, text=True, env=clean_env(),
                              timeout=MAKE_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        root = self.path("autograder")
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(root / "source")
            everything = b"".join(archive.read(n) for n in archive.namelist())
        self.assertNotIn(SECRET.encode(), everything)
        shutil.copytree(ROOT / "sims" / "bin", root / "source" / "tree" / "sims" / "bin")
        run_autograder = root / "source" / "run_autograder"
        run_autograder.chmod(0o755)
        out = self.path("hw")
        self.assertEqual(self.assign(out)[0], 0)
        self.write("autograder/submission/answers.txt", self.read(out / "keys" / "s003.txt"))
        self.write("autograder/submission_metadata.json",
                   json.dumps({"users": [{"email": "GRACE@example.edu", "sid": ""}]}))
        proc = subprocess.run([run_autograder], capture_output=True, text=True,
                              env=clean_env(AUTOGRADER_ROOT=str(root)), timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        results = json.loads((root / "results" / "results.json").read_text())
        self.assertEqual(results["score"], sum(t["max_score"] for t in results["tests"]),
                         proc.stdout)
        self.assertGreater(results["score"], 0)

    def test_gradescope_autograder_that_cannot_check_fails_every_question(self):
        zip_path = self.path("hw07.zip")
        secret = self.write("secret.txt", SECRET + "\n")
        proc = subprocess.run(["make", "-s", "gradescope", "HW=07", f"OUT={zip_path}",
                               f"ROSTER={self.roster}", f"SECRET_FILE={secret}"], cwd=ROOT,
                              capture_output=True, text=True, env=clean_env(),
                              timeout=MAKE_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        root = self.path("autograder")
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(root / "source")
        run_autograder = root / "source" / "run_autograder"
        run_autograder.chmod(0o755)
        self.write("autograder/submission/answers.txt", "q1a: 1\n")
        self.write("autograder/submission_metadata.json",
                   json.dumps({"users": [{"email": "nobody@example.edu", "sid": "x9"}]}))
        proc = subprocess.run([run_autograder], capture_output=True, text=True,
                              env=clean_env(AUTOGRADER_ROOT=str(root)), timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("not in the roster", proc.stdout)
        results = json.loads((root / "results" / "results.json").read_text())
        self.assertEqual(results["score"], 0)
        self.assertTrue(results["tests"])
        for test in results["tests"]:
            self.assertIs(failure_of(test), Failure.NOT_GRADED, test)
