"""The grading run: overlay, build, tests with shared boots, credit, limits, reports."""
import io
import json
import os
import time
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

from grading import runner
from grading.tests.fixture import (FAKE_MAX, TreeCase, kernel_source, make_submission,
                                   make_tree, write)


WAITS_GRADE_PY = """\
import sys
from grading.lab import Lab, TestSkipped

lab = Lab("fake", boot_timeout=2, boot_banner="fake kernel booting",
          launcher=lambda k, d, c: [sys.executable, k, d])


@lab.test(1, timeout=10)
def regex(t):
    t.expect(r"no such output", timeout=0.5)


@lab.test(1, timeout=10)
def described(t):
    t.expect(r"pong", timeout=0.5, what="the child's pong")


@lab.test(1, timeout=10)
def command(t):
    t.run("sleep 3", timeout=0.5)


@lab.test(1, timeout=10)
def described_command(t):
    t.run("sleep 3", timeout=0.5, what="the long sleep to end")


@lab.test(1, after="regex")
def after_regex(t):
    pass


@lab.test(1)
def skips_itself(t):
    raise TestSkipped("no simulator here")
"""


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
        waited = "does not boot: timed out after 2s waiting for the shell prompt"
        for broken, reason in (("panic-boot", "does not boot: kernel panic: panic: cannot mount"),
                               ("hang-boot", waited),
                               ("silent-boot", waited + "; the boot banner "
                                                        "(/fake kernel booting/) never appeared")):
            sub = make_submission(self.path(broken), broken=broken)
            started = time.monotonic()
            score, _, results, _ = self.grade(sub, ref)
            self.assertLess(time.monotonic() - started, 15)
            self.assertEqual(score, 2)  # only the test that needs no kernel
            statuses = {t["name"]: (t["output"] + "\n").splitlines()[0]
                        for t in results["tests"]}
            self.assertTrue(statuses["echo"].startswith(reason), statuses)
            self.assertTrue(statuses["add"].startswith("skipped"), statuses)
            if broken != "silent-boot":
                self.assertIn("fake kernel booting", results["tests"][0]["output"])
                # the same console under every test that failed with it: shown once
                self.assertEqual("\n".join(self.lines).count("last lines of the console"), 1)

    def test_build_failure_fails_every_test_with_the_reason(self):
        ref = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"),
                              extra={"kernel/fake.py": kernel_source() + "\ndef broken(:\n"})
        score, _, results, _ = self.grade(sub, ref)
        self.assertEqual(score, 0)
        for test in results["tests"]:
            self.assertTrue(test["output"].startswith("does not build: `make -j1"), test["output"])
            self.assertIn("SyntaxError", test["output"])
        # on the terminal the build's log is shown once, under the build's line
        terminal = "\n".join(self.lines)
        self.assertEqual(terminal.count("def broken(:"), 1, terminal)
        self.assertEqual(terminal.count("(as above)"), 5, terminal)

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
lab = Lab("fake", time_limit=5, launcher=lambda k, d, c: [sys.executable, k, d])

@lab.test(1)
def slow(t):
    t.run("sleep 30")

@lab.test(1)
def later(t):
    pass
""")
        started = time.monotonic()
        score, _, results, _ = self.grade(tree)
        # The limit is generous so that a loaded machine still builds the fake tree within it.
        self.assertLess(time.monotonic() - started, 25)
        self.assertIn("time limit", results["tests"][0]["output"])
        self.assertIn("time limit of 5s was used up", results["tests"][1]["output"])
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
        self.assertIn("results: build/grade/fake/results.json\n", stdout.getvalue())

    def test_a_failure_explains_itself(self):
        tree = make_tree(self.path("ref"))
        sub = make_submission(self.path("sub"), broken="wrong-add")
        stdout = io.StringIO()
        with redirect_stdout(stdout), mock.patch.dict(os.environ, {"COLUMNS": "60"}):
            code = runner.main(["--lab", "fake", "--reference", str(tree), "--tree", str(sub),
                                "--test", "add", "--seed", "1"])
        self.assertEqual(code, 1)
        terminal = stdout.getvalue().splitlines()
        start = next(i for i, line in enumerate(terminal) if line.startswith("FAIL  add"))
        end = next(i for i, line in enumerate(terminal) if line.startswith("Score:"))
        below = terminal[start + 1:end]
        self.assertLessEqual(max(map(len, terminal[start:end])), 60, "\n".join(terminal))
        self.assertTrue(below and all(line.startswith(" " * 6) for line in below), below)
        text = " ".join(line.strip() for line in below)
        # the whole reason: the expected pattern and what came instead, not cut at 'got:'
        results = json.loads((sub / "build/grade/fake/results.json").read_text())
        add = results["tests"][1]
        a_plus_b = add["output"].splitlines()[0].split("/^")[1].split("$")[0]
        self.assertIn(f"expected output matching /^{a_plus_b}$/, got:", text)
        self.assertIn(str(int(a_plus_b) + 1), text)
        self.assertIn("last lines of the console: | $ add ", text)
        log = "build/grade/fake/logs/add.log"
        self.assertIn(f"log: {log}", text)
        self.assertTrue((sub / log).is_file())
        self.assertEqual(terminal[-1], "results: build/grade/fake/results.json")
        # results.json says the same, and keeps the kind of failure
        self.assertIn(f"\nlog: {log}\n", add["output"])
        self.assertIn("last lines of the console:\n| $ add ", add["output"])
        self.assertEqual(add["extra_data"], {
            "failure": "check", "log": log,
            "reason": f"expected output matching /^{a_plus_b}$/, got:"})

    def test_time_outs_say_what_was_awaited_and_skips_say_why(self):
        tree = make_tree(self.path("ref"), grade_py=WAITS_GRADE_PY)
        _, _, results, out = self.grade(tree)
        reasons = {t["name"]: t["output"].splitlines()[0] for t in results["tests"]}
        self.assertEqual(reasons, {
            "regex": "timed out after 0.5s waiting for output matching /no such output/",
            "described": "timed out after 0.5s waiting for the child's pong",
            "command": "timed out after 0.5s waiting for the shell prompt after `sleep 3`",
            "described_command": "timed out after 0.5s waiting for the long sleep to end",
            "after_regex": "skipped: needs regex to pass first",
            "skips_itself": "skipped: no simulator here",
        })
        by_name = {t["name"]: t for t in results["tests"]}
        self.assertEqual(by_name["after_regex"]["extra_data"], {
            "failure": "skipped", "skipped": True, "reason": "skipped: needs regex to pass first"})
        self.assertEqual(by_name["regex"]["extra_data"]["failure"], "timeout")
        self.assertNotIn("skipped", by_name["regex"]["extra_data"])
        self.assertEqual(by_name["skips_itself"]["extra_data"]["skipped"], True)
        terminal = "\n".join(self.lines)
        self.assertRegex(terminal, r"SKIP  after_regex .*  skipped: needs regex to pass first")
        skipped = ET.parse(out / "junit.xml").getroot().iter("skipped")
        self.assertEqual(len(list(skipped)), 2)
