"""Proving a lab with mutants (grading/mutants.py): a mutant that loses its test passes, one
that survives, breaks the build or cannot be applied fails, and so does a test with no mutant."""
import textwrap

from grading import mutants
from grading.tests.fixture import TreeCase, make_tree, write

MUTANTS_PY = """\
from grading.mutants import Mutant, edit, replace

MUTANTS = [
    Mutant("wrong-add", kills="add", why="adds one too many",
           changes=[edit("kernel/fake.py", 'BROKEN = ""', 'BROKEN = "wrong-add"')]),
    Mutant("no-beta", kills="features", why="has no beta",
           changes=[replace("kernel/fake.py", "no-beta.py")]),
    Mutant("harmless", kills="echo", why="changes a space only",
           changes=[edit("kernel/fake.py", 'FEATURES = "alpha beta"', 'FEATURES = "alpha  beta"')]),
    Mutant("unbuildable", kills="own_boot", why="is not python",
           changes=[edit("kernel/fake.py", 'BROKEN = ""', 'BROKEN = "')]),
    Mutant("stale", kills="own_boot", why="changes text that is not there",
           changes=[edit("kernel/fake.py", "no such text", "")]),
    Mutant("tampers", kills="trusted", why="changes a trusted file",
           changes=[edit("user/check.sh", "reference", "student")]),
]
"""


class MutantsTest(TreeCase):
    def prove(self, mutants_py):
        ref = make_tree(self.path("ref"))
        write(ref, "labs/fake/mutants/mutants.py", textwrap.dedent(mutants_py))
        fake = (ref / "kernel" / "fake.py").read_text()
        write(ref, "labs/fake/mutants/no-beta.py",
              fake.replace('FEATURES = "alpha beta"', 'FEATURES = "alpha"'))
        lines = []
        passed, failed = mutants.prove_lab(ref, "fake", self.path("work"), log=lines.append)
        return passed, failed, "\n".join(lines)

    def test_verdicts(self):
        passed, failed, out = self.prove(MUTANTS_PY)
        self.assertIn("PASS mutant fake/wrong-add loses add (0/5)", out)
        self.assertIn("PASS mutant fake/no-beta loses features (2/4)", out)
        self.assertIn("FAIL mutant fake/harmless survives echo (5/5)", out)
        self.assertIn("FAIL mutant fake/unbuildable loses own_boot without being tested "
                      "(does not build)", out)
        self.assertIn("FAIL mutant fake/stale kernel/fake.py: the text to change occurs 0 times",
                      out)
        self.assertIn("FAIL mutant tampers: user/check.sh is a trusted file", out)
        self.assertEqual((passed, failed), (2, 5), out)

    def test_every_test_needs_a_mutant(self):
        passed, failed, out = self.prove(MUTANTS_PY.split("    Mutant(\"no-beta\"")[0] + "]\n")
        for name in ("echo", "features", "own_boot", "trusted"):
            self.assertIn(f"FAIL test {name} of lab fake has no mutant", out)
        self.assertEqual((passed, failed), (1, 4), out)

    def test_handouts_leave_mutants_out(self):
        from grading.handout import left_out
        self.assertTrue(left_out("labs/fake/mutants/mutants.py", "fake"))
        self.assertFalse(left_out("labs/fake/grade.py", "fake"))
