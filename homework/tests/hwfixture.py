"""Helpers of the homework tests: temporary folders, running the commands, half-right files."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "course secret for the tests"
ROSTER = "id,name,email\ns001,Ada Lovelace,ada@example.edu\ns002,Alan Turing,alan@example.edu\n" \
         "s003,Grace Hopper,grace@example.edu\n"
MAKE_TIMEOUT = 300  # seconds for a make command of a test


def clean_env(**extra):
    """The environment for a command of the tree: no make variables of an enclosing make."""
    env = dict(os.environ, **extra)
    for k in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
        env.pop(k, None)
    return env


def tool(command, *args, cwd=ROOT, env=None, timeout=300):
    """Run a command of a tree (homework/assign, grading/check-homework: relative to ROOT, or a
    path); return (exit code, stdout + stderr)."""
    proc = subprocess.run([str(ROOT / command), *map(str, args)], cwd=cwd,
                          env=clean_env(**(env or {})), capture_output=True, text=True,
                          timeout=timeout)
    return proc.returncode, proc.stdout + proc.stderr


def score_of(output):
    m = re.search(r"^Score: ([\d.]+)/([\d.]+)", output, re.M)
    if not m:
        raise AssertionError(f"no score line in:\n{output}")
    return float(m.group(1)), float(m.group(2))


def half_right(key_text):
    """The key with every other answer line made wrong (a list loses its first value)."""
    lines, n = [], 0
    for line in key_text.splitlines():
        m = re.match(r"^(q\d+[a-z]?):\s*(\S.*)$", line)
        if m:
            n += 1
            if n % 2 == 0:
                values = [v.strip() for v in m.group(2).split(",")]
                values[0] = wrong(values[0])
                line = f"{m.group(1)}: {', '.join(values)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def wrong(value):
    try:
        return str(int(value, 0) + 7919)
    except ValueError:
        pass
    try:
        return f"{float(value) + 7919.5:.2f}"
    except ValueError:
        return "zzz" + value


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="homework-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return self.tmp.joinpath(*parts)

    def write(self, rel, text):
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def read(self, path):
        return Path(path).read_text()

    def assertOneLineError(self, code, output, words):
        self.assertEqual(code, 2, output)
        self.assertNotIn("Traceback", output)
        lines = [line for line in output.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, output)
        self.assertIn(words, lines[0])
