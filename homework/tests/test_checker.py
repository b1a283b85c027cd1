"""The checker: full marks for the key, zero for an empty file, partial credit for a half-right
one, a one-line error for a malformed file, skips for simulators not built yet."""
import json
import re
import shutil

from grading import homework
from grading.failure import Failure
from grading.report import failure_of
from homework.tests.hwfixture import ROOT, Case, half_right, score_of, tool


def answers_score(output, names):
    """(score, most) of the questions named, from the checker's one line per question."""
    got = full = 0.0
    for m in re.finditer(r"^(?:PASS|FAIL|SKIP)\s+(\S+)\s+([\d.]+)/([\d.]+)", output, re.M):
        if m.group(1) in names:
            got, full = got + float(m.group(2)), full + float(m.group(3))
    if not full and not got:
        score_of(output)  # no question lines at all: fail with the output shown
    return got, full


def check(*args, tree=ROOT):
    return tool("grading/check-homework", *args, cwd=tree)


class Checker(Case):
    def key_of(self, chapter):
        out = self.path("assign-" + chapter)
        code, output = tool("homework/assign", "--chapter", chapter, "--out", out)
        self.assertEqual(code, 0, output)
        return self.read(out / "key.txt")

    def check_text(self, chapter, text, *extra):
        path = self.write(f"answers-{chapter}-{len(list(self.tmp.iterdir()))}.txt", text)
        return check("--hw", chapter, "--answers", path, "--out", self.path("out"), *extra)

    def test_key_full_marks_empty_zero_half_partial_in_every_checkable_chapter(self):
        # Chapters that also have programs to write (05) are checked here on their answers
        # alone: the programs are not in this tree (test_code proves them with reference ones).
        checked = 0
        for d in homework.chapter_dirs(ROOT):
            chapter = homework.load_chapter(ROOT, d)
            params = homework.problem_params(chapter)
            if not any(q.answers and not homework.missing_simulators(ROOT, q, params)
                       for q in chapter.questions):
                continue
            answered = {q.name for q in chapter.questions if q.answers}
            only_answers = not any(q.test for q in chapter.questions)
            with self.subTest(chapter=d):
                key = self.key_of(d)
                code, output = self.check_text(d, key)
                got, full = answers_score(output, answered)
                if only_answers:
                    self.assertEqual(code, 0, output)
                self.assertGreater(full, 0)
                self.assertEqual(got, full, output)
                code, output = self.check_text(d, "# nothing yet\n")
                self.assertEqual(code, 1, output)
                self.assertEqual(answers_score(output, answered)[0], 0, output)
                code, output = self.check_text(d, half_right(key))
                got, full = answers_score(output, answered)
                self.assertEqual(code, 1, output)
                self.assertGreater(got, 0, output)
                self.assertLess(got, full, output)
                self.assertIn("expected", output)
                checked += 1
        self.assertGreaterEqual(checked, 8)

    def test_malformed_files_give_one_line_errors(self):
        cases = {
            "q1a 5\n": "expected 'qN: answer'",
            "q1a: 5\nq1a: 6\n": "answered twice",
            "q99: 5\n": "no answer q99",
            "id: s1\nhello world\n": "line 2",
            "Q1A: 1\n\x00\x01: 2\n": "line 2",
        }
        for text, words in cases.items():
            with self.subTest(text=text):
                code, output = self.check_text("07", text)
                self.assertOneLineError(code, output, words)
        for chapter in ("19", "40", "41", "42", "43", "44"):  # the file-system and TLB chapters
            key = homework.load_chapter(ROOT, chapter).keys()[-1]
            for text, words in ((f"{key} 5\n", "expected 'qN: answer'"),
                                ("q99: 5\n", "no answer q99"),
                                (f"{key}: 1\n{key}: 2\n", "answered twice")):
                with self.subTest(chapter=chapter, text=text):
                    code, output = self.check_text(chapter, text)
                    self.assertOneLineError(code, output, words)
        path = self.path("binary.txt")
        path.write_bytes(b"q1a: \xff\xfe\n")
        code, output = check("--hw", "07", "--answers", path)
        self.assertOneLineError(code, output, "not a text file")
        code, output = check("--hw", "07", "--answers", self.path("missing.txt"))
        self.assertOneLineError(code, output, "no answers file")
        code, output = check("--hw", "77")
        self.assertOneLineError(code, output, "no homework chapter '77'")

    def test_values_of_the_wrong_kind_cost_only_their_answer(self):
        key = self.key_of("07")
        text = key.replace("q1a: ", "q1a: many # was ").replace("q3a: ", "q3a: 1, x, ")
        code, output = self.check_text("07", text)
        self.assertEqual(code, 1, output)
        self.assertIn("'many' is not a number", output)
        got, full = score_of(output)
        self.assertEqual(full - got, 2, output)

    def test_tolerance_and_formats(self):
        key = homework.parse_answers(self.key_of("07")).values
        text = "\n".join(f"{k}: {v}" for k, v in key.items())
        q1b = float(key["q1b"])
        for given, right in ((q1b + 0.009, True), (q1b - 0.01, True), (q1b + 0.02, False)):
            with self.subTest(given=given):
                edited = text.replace(f"q1b: {key['q1b']}", f"q1b: {given:.3f}")
                code, output = self.check_text("07", edited)
                self.assertEqual(code == 0, right, output)
        # lists: commas, spaces or both; a table may go on over indented lines
        q3a = key["q3a"].split(", ")
        edited = text.replace(f"q3a: {key['q3a']}", f"q3a: {q3a[0]} {q3a[1]},\n   {q3a[2]}")
        code, output = self.check_text("07", edited)
        self.assertEqual(code, 0, output)

    def test_questions_skip_until_their_simulator_exists(self):
        ref = self.path("reference")
        shutil.copytree(ROOT / "grading", ref / "grading",
                        ignore=shutil.ignore_patterns("__pycache__", "tests"))
        shutil.copytree(ROOT / "homework" / "07-scheduling", ref / "homework" / "07-scheduling")
        (ref / "sims" / "bin").mkdir(parents=True)
        key = self.key_of("07")
        answers = self.write("key.txt", key)
        args = ["--hw", "07", "--answers", answers, "--out", self.path("out")]
        code, output = tool(ref / "grading" / "check-homework", *args, cwd=ref)
        self.assertEqual(code, 0, output)
        self.assertIn("SKIP  q1", output)
        self.assertIn("waits for the `scheduler` simulator (sims/bin/scheduler is not built yet)",
                      output)
        self.assertIn("Score: 0/0", output)
        shutil.copy2(ROOT / "sims" / "bin" / "scheduler", ref / "sims" / "bin")
        code, output = tool(ref / "grading" / "check-homework", *args, cwd=ref)
        self.assertEqual(code, 0, output)
        self.assertNotIn("SKIP", output)
        self.assertIn("PASS  q1", output)

    def test_a_failing_simulator_is_no_wrong_answer(self):
        ref = self.path("reference")
        shutil.copytree(ROOT / "grading", ref / "grading",
                        ignore=shutil.ignore_patterns("__pycache__", "tests"))
        shutil.copytree(ROOT / "homework" / "07-scheduling", ref / "homework" / "07-scheduling")
        broken = ref / "sims" / "bin" / "scheduler"
        broken.parent.mkdir(parents=True)
        broken.write_text("#!/bin/sh\necho 'scheduler: cannot run' >&2\nexit 3\n")
        broken.chmod(0o755)
        answers = self.write("key.txt", self.key_of("07"))
        code, output = tool(ref / "grading" / "check-homework", "--hw", "07", "--answers",
                            answers, "--out", self.path("out"), cwd=ref)
        self.assertEqual(code, 1, output)
        self.assertIn("failed (status 3)", output)
        results = json.loads(self.path("out", "results.json").read_text())
        for test in results["tests"]:
            self.assertIs(failure_of(test), Failure.SIMULATOR, test)

    def test_reports_in_the_labs_formats(self):
        code, output = self.check_text("07", half_right(self.key_of("07")))
        results = json.loads(self.path("out", "results.json").read_text())
        self.assertEqual(len(results["tests"]), 4)
        self.assertLess(results["score"], sum(t["max_score"] for t in results["tests"]))
        self.assertIn("expected", results["tests"][1]["output"])
        self.assertIs(failure_of(results["tests"][1]), Failure.CHECK)
        self.assertIn(b"<testsuite", self.path("out", "junit.xml").read_bytes())
