"""The Gradescope autograder zip, run against a simulated /autograder layout."""
import json
import os
import shutil
import stat
import subprocess
import zipfile

from grading import gradescope
from grading.tests.fixture import (COMMAND_TIMEOUT, FAKE_MAX, TreeCase, kernel_source,
                                   make_submission, make_tree, write)

SOLUTION = "int answer(void) { return the_hidden_solution(); }"


class GradescopeTest(TreeCase):
    def autograder(self, zip_path):
        """Unpack the zip the way Gradescope does; return the simulated /autograder."""
        root = self.path("autograder")
        shutil.rmtree(root, ignore_errors=True)
        return gradescope.unpack_zip(zip_path, root)

    def grade(self, root):
        env = dict(os.environ, AUTOGRADER_ROOT=str(root))
        proc = subprocess.run([root / "run_autograder"], env=env, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return json.loads((root / "results" / "results.json").read_text()), proc.stdout

    def test_zip_grades_a_submission_and_holds_no_solution(self):
        ref = make_tree(self.path("ref"))
        write(ref, "kernel/answer.c", f"// BEGIN LAB fake\n{SOLUTION}\n// END LAB fake\n")
        zip_path = self.path("fake.zip")
        proc = subprocess.run(["make", "-s", "gradescope", "LAB=fake", f"OUT={zip_path}"],
                              cwd=ref, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with zipfile.ZipFile(zip_path) as archive:
            names = archive.namelist()
            setup = archive.read("setup.sh").decode()
            everything = b"".join(archive.read(n) for n in names)
        self.assertIn("run_autograder", names)
        self.assertIn("tree/labs/fake/grade.py", names)
        # a plain tree, not the git repository a handout is by default
        self.assertFalse([n for n in names if n.startswith(("tree/.git/", "tree/.gitignore"))])
        self.assertIn("qemu-system-misc", setup)
        self.assertIn("gcc-riscv64-unknown-elf", setup)
        self.assertNotIn(SOLUTION.encode(), everything)

        root = self.autograder(zip_path)
        self.assertTrue((root / "run_autograder").stat().st_mode & stat.S_IXUSR)
        # a whole tree submitted inside one folder, as an uploaded zip would be
        make_submission(root / "submission" / "my-lab", features="alpha")
        results, stdout = self.grade(root)
        self.assertEqual(results["score"], FAKE_MAX - 2)
        self.assertIn("trusted overlay", stdout)
        self.assertEqual(len(results["tests"]), 5)
        # the logs are not kept: no path to them, nor to the folder graded in
        self.assertEqual(results["tests"][2]["extra_data"]["failure"], "partial")
        self.assertNotIn("log", results["tests"][2]["extra_data"])
        self.assertNotIn("autograder-", json.dumps(results))

    def test_broken_submission_and_broken_autograder_still_write_results(self):
        ref = make_tree(self.path("ref"))
        zip_path = self.path("fake.zip")
        subprocess.run(["make", "-s", "gradescope", "LAB=fake", f"OUT={zip_path}"],
                       cwd=ref, check=True, capture_output=True, timeout=COMMAND_TIMEOUT)
        root = self.autograder(zip_path)
        make_submission(root / "submission",
                        extra={"kernel/fake.py": kernel_source() + "\nbroken(:\n"})
        results, _ = self.grade(root)
        self.assertEqual(results["score"], 0)
        self.assertIn("does not build", results["tests"][0]["output"])
        # the lab's tests cannot even load: still a results.json that says why
        write(root, "source/tree/labs/fake/grade.py", "raise RuntimeError('bad lab')\n")
        results, _ = self.grade(root)
        self.assertEqual(results["score"], 0)
        self.assertIn("bad lab", results["output"])
