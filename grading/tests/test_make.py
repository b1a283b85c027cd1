"""The make entry points (make grade, make test-labs) on a fixture tree."""
import json
import os
import subprocess

from grading.tests.fixture import (COMMAND_TIMEOUT, GRADING, TreeCase, kernel_source, make_tree,
                                   run_tool, write)

H = "#"  # written apart so that no line of this file is itself a marker


def make(tree, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    proc = subprocess.run(["make", "--no-print-directory", "-s"] + list(args), cwd=tree, env=env,
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    return proc.returncode, proc.stdout + proc.stderr


class MakeTest(TreeCase):
    def test_make_grade_one_test_and_all(self):
        tree = make_tree(self.path("ref"))
        code, output = make(tree, "grade", "LAB=fake", "TEST=add")
        self.assertEqual(code, 0, output)
        self.assertIn("PASS  echo", output)  # add comes after echo
        self.assertIn("PASS  add", output)
        self.assertNotIn("features", output)
        results = json.loads((tree / "build" / "grade" / "fake" / "results.json").read_text())
        self.assertEqual(results["score"], 10)
        code, output = make(tree, "grade", "LAB=fake")
        self.assertEqual(code, 0, output)
        self.assertIn("Score: 19/19", output)
        write(tree, "kernel/fake.py", kernel_source(broken="wrong-add"))
        code, output = make(tree, "grade", "LAB=fake")
        self.assertNotEqual(code, 0)
        self.assertIn("Score: 14/19", output)
        code, output = make(tree, "grade")
        self.assertNotEqual(code, 0)
        self.assertIn("usage: make grade LAB=<lab>", output)

    def test_prove_labs(self):
        tree = make_tree(self.path("ref"))
        source = kernel_source().replace(
            'FEATURES = "alpha beta"\n',
            f'{H} BEGIN LAB fake\nFEATURES = "alpha beta"\n{H} STUB LAB fake\n'
            f'{H} FEATURES = "alpha"\n{H} END LAB fake\n')
        write(tree, "kernel/fake.py", source)
        code, output = run_tool([GRADING / "prove-labs", "--reference", tree])
        self.assertEqual(code, 0, output)
        self.assertTrue(output.rstrip().endswith("1 passed, 0 failed"), output)
        # a handout that gives the answer away is caught
        write(tree, "kernel/fake.py", kernel_source())
        code, output = run_tool([GRADING / "prove-labs", "--reference", tree])
        self.assertEqual(code, 1)
        self.assertIn("the handout scores full marks", output)
