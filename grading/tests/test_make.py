"""The make entry points (make grade, make test-labs) on a fixture tree."""
import json
import os
import sys

from grading.tests.fixture import GRADING, TreeCase, kernel_source, make_tree, run_tool, write

H = "#"  # written apart so that no line of this file is itself a marker


def make_env():
    """The environment for make and the grading commands: no make settings from outside."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}


def make(tree, *args):
    return run_tool(["make", "--no-print-directory", "-s"] + list(args), cwd=tree, env=make_env())


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

    def test_unknown_names_list_the_valid_ones(self):
        tree = make_tree(self.path("ref"))
        folder = self.path("submissions")
        folder.mkdir()
        out = self.path("out")
        module = [sys.executable, "-m"]
        entry_points = {
            "make grade": ["make", "grade", "LAB=nosuch"],
            "make handout": ["make", "handout", "LAB=nosuch", f"OUT={out}"],
            "make gradescope": ["make", "gradescope", "LAB=nosuch"],
            "make classroom": ["make", "classroom", "LAB=nosuch", f"OUT={out}"],
            "grade": [GRADING / "grade", "--lab", "nosuch", "--reference", tree],
            "grade-batch": [GRADING / "grade-batch", "--lab", "nosuch", "--reference", tree,
                            folder],
            "handout": [GRADING / "handout", "--lab", "nosuch", "--reference", tree,
                        "--out", out],
            "gradescope": module + ["grading.gradescope", "zip", "--lab", "nosuch",
                                    "--reference", tree, "--out", out],
            "classroom": module + ["grading.classroom", "--lab", "nosuch", "--reference", tree,
                                   "--out", out],
            "prove-labs": [GRADING / "prove-labs", "--reference", tree, "nosuch"],
        }
        for name, command in entry_points.items():
            with self.subTest(name):
                code, output = run_tool(command, cwd=tree, env=make_env())
                self.assertEqual(code, 2, output)
                self.assertIn("unknown lab 'nosuch' (labs: fake)\n", output)
                self.assertFalse(out.exists())
        code, output = make(tree, "grade", "LAB=fake", "TEST=nosuch")
        self.assertEqual(code, 2, output)
        self.assertIn("unknown test 'nosuch' in lab fake (tests: echo, add, features, own_boot, "
                      "trusted)\n", output)

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
