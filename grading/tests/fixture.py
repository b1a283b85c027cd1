"""Small reference trees for the grader's tests: a fake kernel, a fake lab, the real grading/.

The tree builds with make (compiling kernel/fake.py into kernel/kernel), boots the fake
kernel in place of QEMU, and holds a lab 'fake' whose tests use that kernel.
"""
import shutil
import subprocess
import tempfile
import textwrap
import unittest
from pathlib import Path

TESTS = Path(__file__).resolve().parent
GRADING = TESTS.parent
ROOT = GRADING.parent
FAKE_KERNEL = TESTS / "fixtures" / "fakekernel.py"
COMMAND_TIMEOUT = 120  # seconds for a command a test runs (make, git, a grading command)

MAKEFILE = """\
all: kernel/kernel fs.img

kernel/kernel: kernel/fake.py
\tpython3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' kernel/fake.py
\tcp kernel/fake.py kernel/kernel

fs.img:
\techo disk > fs.img

deps:

-include grading/grading.mk
"""

# The fake lab: 5 + 5 + 4 + 3 + 2 = 19 points.
GRADE_PY = """\
import sys
from pathlib import Path

from grading.lab import Lab


def launch(kernel, disk, cpus):
    return [sys.executable, kernel, disk]


lab = Lab("fake", overlay=["user/check.sh"], time_limit=60, boot_timeout=2,
          output_cap=64 * 1024, boot_banner="fake kernel booting", launcher=launch)


@lab.test(5, timeout=5)
def echo(t):
    word = t.nonce()
    t.match("^" + word + "$", t.run("echo " + word))


@lab.test(5, timeout=2, after="echo")
def add(t):
    a, b = t.randint(1, 10**6), t.randint(1, 10**6)
    t.match("^%d$" % (a + b), t.run("add %d %d" % (a, b)))


@lab.test(4, timeout=5)
def features(t):
    for word in ("alpha", "beta"):
        if (word + " ok") in t.run("feature " + word):
            t.credit(2, word)


@lab.test(3, timeout=5, fresh_boot=True)
def own_boot(t):
    t.match(r"^\\d+$", t.run("bootid"))


@lab.test(2, timeout=5)
def trusted(t):
    text = (Path(t.tree) / "user" / "check.sh").read_text()
    t.check(text == "echo reference check\\n", "user/check.sh is not the reference's")
"""

FAKE_MAX = 19


def kernel_source(broken="", features="alpha beta"):
    text = FAKE_KERNEL.read_text()
    text = text.replace('BROKEN = ""', f'BROKEN = "{broken}"', 1)
    return text.replace('FEATURES = "alpha beta"', f'FEATURES = "{features}"', 1)


def write(root, rel, text, mode=None):
    path = Path(root) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mode:
        path.chmod(mode)
    return path


def make_tree(root, grade_py=GRADE_PY, broken="", features="alpha beta"):
    """A reference tree at root: Makefile, fake kernel, lab 'fake', a copy of grading/."""
    root = Path(root)
    shutil.copytree(GRADING, root / "grading",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests"))
    write(root, "Makefile", MAKEFILE)
    write(root, "kernel/fake.py", kernel_source(broken, features))
    write(root, "labs/fake/grade.py", textwrap.dedent(grade_py))
    write(root, "labs/fake/README.md", "# The fake lab\n")
    write(root, "labs/README.md", "# Labs\n")
    write(root, "user/check.sh", "echo reference check\n")
    return root


def make_submission(path, broken="", features="alpha beta", extra=None):
    """A student's copy: the tree with the kernel changed, and a tampered trusted file."""
    path = make_tree(path, broken=broken, features=features)
    write(path, "user/check.sh", "echo student check\n")
    for rel, text in (extra or {}).items():
        write(path, rel, text)
    return path


class TreeCase(unittest.TestCase):
    """A test case with a fresh temporary folder, removed afterwards."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="grading-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return self.tmp.joinpath(*parts)


def run_tool(args, cwd=None, env=None, timeout=COMMAND_TIMEOUT):
    """Run a grading command (grading/grade-batch, ...); return (exit code, output)."""
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    return proc.returncode, proc.stdout + proc.stderr
