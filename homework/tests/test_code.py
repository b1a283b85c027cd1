"""Code chapters in our kernel: reference programs score full marks, no programs score zero,
wrong programs lose their question's points, and questions that wait for what the kernel
lacks are skipped with the reason."""
import shutil
import unittest

from grading import homework, trees
from homework.tests.hwfixture import ROOT, Case, score_of, tool

SOLUTIONS = ROOT / "homework" / "tests" / "solutions"
# wrong programs, each beside the reference programs of its chapter, must fail their question
WRONG = ROOT / "homework" / "tests" / "wrong"
HAVE_KERNEL_TOOLS = shutil.which("qemu-system-riscv64") and (
    shutil.which("riscv64-unknown-elf-gcc") or shutil.which("riscv64-linux-gnu-gcc"))


@unittest.skipUnless(HAVE_KERNEL_TOOLS, "needs the RISC-V toolchain and QEMU (make deps)")
class CodeChapters(Case):
    def check(self, tree, chapter):
        return tool(tree / "grading" / "check-homework", "--hw", chapter, "--jobs", "2", cwd=tree,
                    timeout=600)

    @unittest.skipUnless(SOLUTIONS.is_dir(), "the reference programs are not handed out")
    def test_reference_programs_full_marks_and_none_zero(self):
        tree = self.path("tree")
        trees.copy_tree(ROOT, tree)
        for solution in sorted(SOLUTIONS.iterdir()):
            chapter = solution.name
            with self.subTest(chapter=chapter):
                folder = tree / "homework" / chapter
                programs = sorted(solution.iterdir())
                for program in programs:
                    shutil.copy2(program, folder)
                code, output = self.check(tree, chapter)
                got, full = score_of(output)
                self.assertEqual(code, 0, output)
                self.assertGreater(full, 0)
                self.assertEqual(got, full, output)
                for program in programs:
                    (folder / program.name).unlink()
                code, output = self.check(tree, chapter)
                self.assertEqual(code, 1, output)
                self.assertEqual(score_of(output)[0], 0, output)

    @unittest.skipUnless(SOLUTIONS.is_dir() and WRONG.is_dir(),
                         "the reference and wrong programs are not handed out")
    def test_wrong_programs_fail_their_question(self):
        tree = self.path("tree")
        trees.copy_tree(ROOT, tree)
        for wrong in sorted(WRONG.iterdir()):
            chapter = homework.load_chapter(ROOT, wrong.name)
            folder = tree / "homework" / wrong.name
            for solution in (SOLUTIONS / wrong.name).iterdir():
                shutil.copy(solution, folder)
            # shutil.copy, not copy2: a fresh time, so that make rebuilds the program
            for program in sorted(wrong.iterdir()):
                with self.subTest(chapter=wrong.name, program=program.name):
                    shutil.copy(program, folder)
                    code, output = self.check(tree, wrong.name)
                    shutil.copy(SOLUTIONS / wrong.name / program.name, folder)
                    self.assertEqual(code, 1, output)
                    for q in chapter.questions:
                        if not q.test:
                            continue
                        state = "FAIL" if program.stem in q.programs else "PASS"
                        self.assertRegex(output, rf"(?m)^{state}  {q.name} ", output)

    def test_event_questions_wait(self):
        code, output = tool("grading/check-homework", "--hw", "33", "--out", self.path("out"),
                            "--jobs", "2", timeout=600)
        self.assertEqual(code, 0, output)
        self.assertIn("SKIP  q1", output)
        self.assertIn("skipped: an event interface in our kernel", output)
