"""Code chapters in our kernel: reference programs score full marks, no programs score zero,
and questions that wait for threads are skipped with the reason."""
import shutil
import unittest

from grading import trees
from homework.tests.hwfixture import ROOT, Case, score_of, tool

SOLUTIONS = ROOT / "homework" / "tests" / "solutions"
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

    def test_thread_questions_wait(self):
        code, output = tool("grading/check-homework", "--hw", "30", "--out", self.path("out"),
                            "--jobs", "2", timeout=600)
        self.assertEqual(code, 0, output)
        self.assertIn("SKIP  q1", output)
        self.assertIn("skipped: threads in our kernel", output)
