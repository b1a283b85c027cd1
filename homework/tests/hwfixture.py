"""Helpers of the homework tests: temporary folders, running the commands, half-right files."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SECRET = "course secret for the tests"
ROSTER = "id,name,email\ns001,Ada Lovelace,ada@example.edu\ns002,Alan Turing,alan@example.edu\n" \
         "s003,Grace Hopper,grace@example.edu\n"


def tool(*args, cwd=ROOT, env=None, timeout=300):
    """Run a python command of the tree; return (exit code, stdout + stderr)."""
    full_env = dict(os.environ, **(env or {}))
    for k in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
        full_env.pop(k, None)
    proc = subprocess.run([sys.executable] + list(args), cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
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
        self.tmp = tempfile.mkdtemp(prefix="homework-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, text):
        path = self.path(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def read(self, path):
        with open(path) as f:
            return f.read()

    def assertOneLineError(self, code, output, words):
        self.assertEqual(code, 2, output)
        self.assertNotIn("Traceback", output)
        lines = [line for line in output.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, output)
        self.assertIn(words, lines[0])
