"""Solution regions and stubs, and the handouts made from them."""
import os
import shutil
import subprocess
from unittest import mock

from grading import handout, regions, trees
from grading.runner import GradingError
from grading.tests.fixture import COMMAND_TIMEOUT, ROOT, TreeCase, make_tree, write

GIT = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.com"]


def git(tree, *args):
    """The output of a git command in tree."""
    return subprocess.run(GIT + ["-C", str(tree), *map(str, args)], check=True,
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT).stdout

H = "#"  # written apart so that no line of this file is itself a marker for python files

C_SOURCE = """\
int base(void) { return 1; }
// BEGIN LAB util
int solved(void) { return compute_the_answer(42); }
// STUB LAB util
// int solved(void) { return -1; }
//
// END LAB util
int also_base(void) { return 2; }
    // BEGIN LAB sched
    pick_lottery_winner(tickets);
    // END LAB sched
"""

MAKE_SOURCE = f"""\
UPROGS = _cat \\
{H} BEGIN LAB util
\t_sleep_solution_prog \\
{H} END LAB util
\t_sh
"""

PY_SOURCE = f"""\
def helper():
    {H} BEGIN LAB util
    return secret_solution_value()
    {H} STUB LAB util
    {H} return None  # your code here
    {H} END LAB util
"""


class RegionsTest(TreeCase):
    def test_c_region_with_stub_and_region_without(self):
        result = regions.strip_regions(C_SOURCE, "kernel/x.c")
        self.assertEqual(result.text, "int base(void) { return 1; }\n"
                                      "int solved(void) { return -1; }\n"
                                      "\n"
                                      "int also_base(void) { return 2; }\n")
        self.assertEqual(result.labs, {"util", "sched"})
        self.assertIn("    pick_lottery_winner(tickets);\n", result.solution_lines)

    def test_keep_leaves_a_labs_solution_without_markers(self):
        result = regions.strip_regions(C_SOURCE, "kernel/x.c", keep={"sched"})
        self.assertIn("pick_lottery_winner", result.text)
        self.assertNotIn("compute_the_answer", result.text)
        self.assertFalse(regions.has_marker(result.text, "kernel/x.c"))

    def test_make_python_and_assembly(self):
        self.assertEqual(regions.strip_regions(MAKE_SOURCE, "user/user.mk").text,
                         "UPROGS = _cat \\\n\t_sh\n")
        self.assertEqual(regions.strip_regions(MAKE_SOURCE, "Makefile").text,
                         "UPROGS = _cat \\\n\t_sh\n")
        self.assertEqual(regions.strip_regions(PY_SOURCE, "labs/x/helper.py").text,
                         "def helper():\n    return None  # your code here\n")
        asm = "li a0, 1\n// BEGIN LAB trap\ncsrw sscratch, a0\n// END LAB trap\nret\n"
        self.assertEqual(regions.strip_regions(asm, "kernel/entry.S").text, "li a0, 1\nret\n")

    def test_solution_files(self):
        text = "// SOLUTION FILE LAB util\nint main() { sleep(1); }\n"
        result = regions.strip_regions(text, "user/sleep.c")
        self.assertIsNone(result.text)
        self.assertEqual(result.solution_file_of, "util")
        kept = regions.strip_regions(text, "user/sleep.c", keep={"util"})
        self.assertEqual(kept.text, "int main() { sleep(1); }\n")

    def test_other_file_types_are_left_alone(self):
        text = "// BEGIN LAB util\nthis is documentation\n"
        self.assertEqual(regions.strip_regions(text, "labs/README.md").text, text)

    def test_malformed_regions_name_the_line(self):
        cases = {
            "// BEGIN LAB util\nx\n": "x.c:1: region of lab util has no END",
            "// BEGIN LAB util\n// BEGIN LAB sched\n": "x.c:2: region of lab sched begins inside",
            "// END LAB util\n": "x.c:1: END LAB util but no region is open",
            "// BEGIN LAB util\n// END LAB sched\n": "x.c:2: END LAB sched but lab util began",
            "// BEGIN LAB util\n// STUB LAB util\nreturn 0;\n// END LAB util\n":
                "x.c:3: stub line is not commented out",
            "// BEGIN LAB\n": "x.c:1: malformed marker",
            "//BEGIN LAB util extra\n": "x.c:1: malformed marker",
            "// BEGIN LAB a\n// STUB LAB a\n// STUB LAB a\n": "x.c:3: second STUB",
        }
        for text, message in cases.items():
            with self.assertRaises(regions.RegionError, msg=text) as caught:
                regions.strip_regions(text, "x.c")
            self.assertTrue(str(caught.exception).startswith(message), str(caught.exception))


class HandoutTest(TreeCase):
    def reference(self, git=False):
        ref = make_tree(self.path("ref"))
        write(ref, "kernel/x.c", C_SOURCE)
        write(ref, "user/user.mk", MAKE_SOURCE)
        write(ref, "user/sleep.c", "// SOLUTION FILE LAB util\nint main() { sleep_forever_solution(); }\n")
        write(ref, "labs/util/grade.py", "from grading.lab import Lab\nlab = Lab('util')\n")
        write(ref, "labs/util/README.md", "# util\n")
        write(ref, "labs/sched/grade.py", "from grading.lab import Lab\nlab = Lab('sched')\n")
        write(ref, "labs/sched/README.md", "# sched: secret plans\n")
        write(ref, "kernel/kernel", "built\n")
        write(ref, "kernel/x.o", "built\n")
        write(ref, "fs.img", "built\n")
        write(ref, "run.sh", "#!/bin/sh\necho hi\n", mode=0o755)
        write(ref, "homework/05-x/chapter.py", "# the questions\n")
        write(ref, "homework/tests/solutions/05-x/forkvar.c", "int main() { answer(); }\n")
        if git:
            subprocess.run(["git", "init", "-q", ref], check=True, timeout=COMMAND_TIMEOUT)
            write(ref, ".gitignore", "ignored.txt\n")
            write(ref, "ignored.txt", "local notes\n")
        return ref

    def test_handout_replaces_every_labs_regions_and_leaves_out_the_rest(self):
        for git in (False, True):
            with self.subTest(git=git):
                ref = self.reference(git)
                out = self.path("out")
                files = handout.make_handout(ref, "util", out, log=lambda s: None, git=False)
                self.assertIn("labs/util/grade.py", files)
                self.assertIn("labs/README.md", files)
                self.assertIn("grading/grade", files)
                self.assertIn("homework/05-x/chapter.py", files)
                for absent in ("labs/sched/grade.py", "user/sleep.c", "kernel/kernel",
                               "kernel/x.o", "fs.img", ".git", "ignored.txt",
                               "homework/tests/solutions/05-x/forkvar.c"):
                    self.assertFalse((out / absent).exists(), absent)
                text = (out / "kernel" / "x.c").read_text()
                self.assertIn("return -1;", text)
                self.assertNotIn("compute_the_answer", text)
                self.assertNotIn("pick_lottery_winner", text)
                self.assertTrue(os.access(out / "run.sh", os.X_OK))
                shutil.rmtree(ref)
                shutil.rmtree(out)

    def test_handout_refuses_a_non_empty_folder_and_bad_regions(self):
        ref = self.reference()
        out = self.path("out")
        write(out, "old.c", "int solved(void) { return compute_the_answer(42); }\n")
        with self.assertRaises(GradingError):
            handout.make_handout(ref, "util", out, log=lambda s: None)
        with self.assertRaises(GradingError) as caught:
            handout.make_handout(ref, "nolab", self.path("o2"), log=lambda s: None)
        self.assertEqual(str(caught.exception), "unknown lab 'nolab' (labs: fake, sched, util)")
        write(ref, "kernel/bad.c", "// BEGIN LAB util\n")
        with self.assertRaises(handout.HandoutError) as caught:
            handout.make_handout(ref, "util", self.path("o3"), log=lambda s: None)
        self.assertIn("kernel/bad.c:1", str(caught.exception))
        self.assertFalse(self.path("o3").exists())

    def test_check_finds_markers_and_solution_lines(self):
        out = self.path("out")
        write(out, "a.c", "int solved(void) { return compute_the_answer(42); }\n")
        write(out, "b.mk", f"{H} END LAB util\n")
        with self.assertRaises(handout.HandoutError) as caught:
            handout.check_handout(out, {"int solved(void) { return compute_the_answer(42); }"})
        self.assertIn("a.c:1: a solution line remains", str(caught.exception))
        self.assertIn("b.mk: a lab marker remains", str(caught.exception))

    def test_make_handout_command(self):
        ref = self.reference()
        proc = subprocess.run(["make", "-s", "handout", "LAB=util", f"OUT={self.path('h')}"],
                              cwd=ref, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("handout: lab util: wrote", proc.stdout)
        proc = subprocess.run(["make", "-s", "handout", "LAB=util"], cwd=ref,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("usage: make handout", proc.stderr)

    def test_handout_is_a_git_repository_of_one_commit(self):
        ref = self.reference()
        out = self.path("h")
        # no user git config, and an author in the environment that the commit ignores
        env = dict(os.environ, HOME=str(self.path("home")), GIT_AUTHOR_NAME="Someone Else")
        proc = subprocess.run(["make", "-s", "handout", "LAB=util", f"OUT={out}"], cwd=ref,
                              env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(git(out, "log", "--format=%an <%ae>|%s").splitlines(),
                         ["Course staff <staff@example.invalid>|Starter code for lab util"])
        self.assertEqual(git(out, "symbolic-ref", "--short", "HEAD"), "main\n")
        self.assertEqual(git(out, "status", "--porcelain", "--ignored"), "")
        committed = git(out, "ls-files").splitlines()
        self.assertEqual(committed, trees.walk_files(out))  # every file, .gitignore included
        self.assertIn(".gitignore", committed)  # written: the reference has none
        self.assertNotIn(".git", (out / ".gitignore").read_text().splitlines())
        write(out, "kernel/x.o", "built\n")
        write(out, "fs.img", "built\n")
        self.assertEqual(git(out, "status", "--porcelain"), "")  # build outputs are ignored

    def test_handout_of_a_linked_work_tree_is_a_repository_of_its_own(self):
        ref = self.reference(git=True)
        git(ref, "add", "--all")
        git(ref, "commit", "-qm", "reference")
        work_tree = self.path("wt")
        git(ref, "worktree", "add", "-q", "-b", "term", work_tree)
        write(work_tree, "ignored.txt", "local notes\n")
        before = git(ref, "for-each-ref"), git(work_tree, "symbolic-ref", "HEAD")
        out = self.path("h")
        files = handout.make_handout(work_tree, "util", out, log=lambda s: None)
        self.assertTrue((out / ".git").is_dir())  # not the work tree's .git file
        self.assertNotIn(".git", files)
        self.assertNotIn("ignored.txt", files)  # git's view of the work tree
        self.assertEqual((git(ref, "for-each-ref"), git(work_tree, "symbolic-ref", "HEAD")),
                         before)
        self.assertEqual(git(out, "rev-list", "--count", "HEAD"), "1\n")

    def test_without_git_a_handout_says_so_or_is_a_plain_folder(self):
        ref = self.reference()
        no_tools = self.path("bin")
        no_tools.mkdir()
        with mock.patch.dict(os.environ, {"PATH": str(no_tools)}):
            with self.assertRaises(handout.HandoutError) as caught:
                handout.make_handout(ref, "util", self.path("h"), log=lambda s: None)
            self.assertIn("git is not installed", str(caught.exception))
            self.assertFalse(self.path("h").exists())
            handout.make_handout(ref, "util", self.path("h"), log=lambda s: None, git=False)
        self.assertFalse(os.path.lexists(self.path("h", ".git")))
        self.assertFalse(self.path("h", ".gitignore").exists())

    def test_this_repositorys_regions_are_well_formed(self):
        out = self.path("check")
        for lab in handout.lab_names(ROOT):
            with self.subTest(lab=lab):
                handout.make_handout(ROOT, lab, out, log=lambda s: None, git=False)
                shutil.rmtree(out)
