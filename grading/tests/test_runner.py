"""The grading run: overlay, build, tests with shared boots, credit, limits, reports."""
import io
import json
import time
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout

from grading import runner
from grading.tests.fixture import (FAKE_MAX, TreeCase, kernel_source, make_submission,
                                   make_tree, write)


class RunnerTest(TreeCase):
    def grade(self, tree, reference=None, tests=(), lab="fake", **kw):
        reference = reference or tree
        out = self.tmp / ("out-" + tree.name)
        lines = []
        grading = runner.Grading(runner.load_lab(reference, lab), tree, reference, out, tests,
                                 jobs=1, echo=lines.append, **kw)
        score, max_score, path = grading.run()
        results = json.loads(path.read_text())
        self.lines = lines
        self.boots = grading.boots.count
        return score, max_score, results, out

    def test_reference_scores_full_marks_on_a_shared_boot(self):
        tree = make_tree(self.path("ref"))
        score, max_score, results, out = self.grade(tree)
        self.assertEqual((score, max_score), (FAKE_MAX, FAKE_MAX), "\n".join(self.lines))
        self.assertEqual(self.boots, 2)  # one shared boot, one test with its own
        self.assertIn("already in place", self.lines[0])
        self.assertTrue(any(line.startswith("PASS  echo") for line in self.lines))
        self.assertTrue(self.lines[-1].startswith("Score: 19/19"))
        # results.json in Gradescope's format
        self.assertEqual(results["score"], FAKE_MAX)
        self.assertIn("execution_time", results)
        for test in results["tests"]:
            self.assertEqual(set(test), {"name", "score", "max_score", "status", "output",
                                         "visibility"})
            self.assertEqual(test["visibility"], "visible")
        # each test keeps the console output it saw
        echo = results["tests"][0]
        self.assertIn("$ echo ", echo["output"])
        self.assertIn("$ add ", (out / "logs" / "add.log").read_text())
        # JUnit XML
        suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
        self.assertEqual(suite.get("tests"), "5")
        self.assertEqual(suite.get("failures"), "0")

    def test_trusted_overlay_replaces_tampered_files(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"),
                              extra={"labs/fake/grade.py": "raise SystemExit('cheat')\n",
                                     "grading/extra.py": "x = 1\n"})
        score, _, results, _ = self.grade(sub, ref)
        self.assertEqual(score, FAKE_MAX)
        overlay = self.lines[0]
        self.assertIn("trusted overlay", overlay)
        for changed in ("user/check.sh", "labs/fake/grade.py", "grading/extra.py"):
            self.assertIn(changed, overlay)
        self.assertFalse((sub / "grading" / "extra.py").exists())
        self.assertIn("trusted overlay", results["output"])

    def test_partial_credit_and_wrong_answer(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="wrong-add", features="alpha")
        score, _, results, out = self.grade(sub, ref)
        by_name = {t["name"]: t for t in results["tests"]}
        self.assertEqual(by_name["features"]["score"], 2)
        self.assertEqual(by_name["features"]["status"], "failed")
        self.assertIn("partial credit", by_name["features"]["output"])
        self.assertEqual(by_name["add"]["score"], 0)
        self.assertIn("expected output matching", by_name["add"]["output"])
        self.assertEqual(score, FAKE_MAX - 5 - 2)
        failures = ET.parse(out / "junit.xml").getroot().iter("failure")
        self.assertEqual(len(list(failures)), 2)

    def test_panic_costs_the_test_and_the_next_test_gets_a_new_boot(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="panic-add")
        score, _, results, _ = self.grade(sub, ref)
        by_name = {t["name"]: t for t in results["tests"]}
        self.assertIn("kernel panic: panic: add", by_name["add"]["output"])
        self.assertEqual(by_name["features"]["score"], 4)
        self.assertEqual(self.boots, 3)
        self.assertEqual(score, FAKE_MAX - 5)

    def test_hang_hits_the_test_time_limit(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="hang-add")
        started = time.monotonic()
        score, _, results, _ = self.grade(sub, ref, tests=["add"])
        self.assertLess(time.monotonic() - started, 8)
        self.assertEqual([t["name"] for t in results["tests"]], ["echo", "add"])
        self.assertIn("timed out", results["tests"][1]["output"])
        self.assertEqual(score, 5)

    def test_flood_is_capped(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="flood-add")
        _, _, results, _ = self.grade(sub, ref, tests=["add"])
        add = results["tests"][1]
        self.assertIn("console output passed", add["output"])
        self.assertLess(len(add["output"]), 20000)

    def test_boot_failures_fail_every_test_quickly(self):
        ref = make_tree(self.path("ref"))
        for broken, reason in (("panic-boot", "does not boot: kernel panic"),
                               ("hang-boot", "does not boot: timed out")):
            sub = make_submission(self.path(broken), broken=broken)
            started = time.monotonic()
            score, _, results, _ = self.grade(sub, ref)
            self.assertLess(time.monotonic() - started, 15)
            self.assertEqual(score, 2)  # only the test that needs no kernel
            statuses = {t["name"]: (t["output"] + "\n").splitlines()[0]
                        for t in results["tests"]}
            self.assertTrue(statuses["echo"].startswith(reason), statuses)
            self.assertTrue(statuses["add"].startswith("skipped"), statuses)
            self.assertIn("fake kernel booting", results["tests"][0]["output"])

    def test_build_failure_fails_every_test_with_the_reason(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"),
                              extra={"kernel/fake.py": kernel_source() + "\ndef broken(:\n"})
        score, _, results, _ = self.grade(sub, ref)
        self.assertEqual(score, 0)
        for test in results["tests"]:
            self.assertTrue(test["output"].startswith("does not build: `make -j1"), test["output"])
            self.assertIn("SyntaxError", test["output"])

    def test_reboot_is_detected(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="reboot-echo")
        _, _, results, _ = self.grade(sub, ref, tests=["echo"])
        self.assertIn("the kernel rebooted", results["tests"][0]["output"])

    def test_one_test_by_name_and_unknown_names(self):
        tree = make_tree(self.path("ref"))
        score, max_score, results, _ = self.grade(tree, tests=["features"])
        self.assertEqual((score, max_score), (4, 4))
        self.assertEqual(len(results["tests"]), 1)
        with self.assertRaises(runner.GradingError):
            self.grade(tree, tests=["nope"])
        with self.assertRaises(runner.GradingError):
            runner.load_lab(tree, "nolab")

    def test_submission_time_limit(self):
        tree = make_tree(self.path("ref"))
        write(tree, "labs/fake/grade.py", """\
import sys
from grading.lab import Lab
lab = Lab("fake", time_limit=1.5, launcher=lambda k, d, c: [sys.executable, k, d])

@lab.test(1)
def slow(t):
    t.run("sleep 5")

@lab.test(1)
def later(t):
    pass
""")
        started = time.monotonic()
        score, _, results, _ = self.grade(tree)
        self.assertLess(time.monotonic() - started, 6)
        self.assertIn("time limit", results["tests"][0]["output"])
        self.assertIn("time limit of 1.5s was used up", results["tests"][1]["output"])
        self.assertEqual(score, 0)

    def test_errors_in_test_code_and_nonces(self):
        tree = make_tree(self.path("ref"))
        write(tree, "labs/fake/grade.py", """\
from grading.lab import Lab
lab = Lab("fake", build=["true"])
seen = []

@lab.test(1)
def buggy(t):
    return 1 / 0

@lab.test(1, visibility="hidden")
def values(t):
    seen.append((t.nonce(), t.randint(1, 10**9)))
""")
        _, _, results, _ = self.grade(tree, seed=7)
        self.assertIn("ZeroDivisionError", results["tests"][0]["output"])
        self.assertEqual(results["tests"][1]["visibility"], "hidden")
        lab = runner.load_lab(tree, "fake")
        module_seen = lab.tests[1].func.__globals__["seen"]
        out = self.path("o")
        for _ in range(2):
            runner.Grading(lab, tree, tree, out, seed=7, echo=lambda s: None).run()
        (nonce1, n1), (nonce2, n2) = module_seen
        self.assertNotEqual(nonce1, nonce2)  # nonces are never repeated
        self.assertEqual(n1, n2)  # sizes and counts follow the seed

    def test_grade_command_exit_codes(self):
        tree = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="wrong-add")
        stdout = io.StringIO()
        with redirect_stdout(stdout), redirect_stderr(io.StringIO()):
            full = runner.main(["--lab", "fake", "--reference", str(tree), "--jobs", "1"])
            partial = runner.main(["--lab", "fake", "--reference", str(tree), "--tree", str(sub)])
            usage = runner.main(["--lab", "fake", "--reference", str(tree), "--test", "nope"])
            listing = runner.main(["--lab", "fake", "--reference", str(tree), "--list"])
        self.assertEqual((full, partial, usage, listing), (0, 1, 2, 0))
        self.assertTrue((tree / "build" / "grade" / "fake" / "results.json").is_file())
        self.assertIn("own_boot", stdout.getvalue())
