"""The GitHub Classroom template repository: its workflow, read back by a small YAML reader."""
import json
import re
import subprocess

from grading import classroom, gradescope
from grading.runner import load_lab
from grading.tests.fixture import COMMAND_TIMEOUT, FAKE_MAX, TreeCase, make_tree

# Plain scalars that YAML 1.1 (and so some readers of GitHub workflows) takes for something
# other than a string.
NOT_STRINGS = re.compile(r"(?i)y|yes|n|no|true|false|on|off|null|~|[-+.]?\d.*|\.(inf|nan)")


class YamlReader:
    """Reads the block YAML the workflow uses (mappings, sequences, plain and double-quoted
    scalars, literal blocks) and fails on anything else, or on a plain scalar YAML 1.1 would
    read as a number, a boolean or null where a string is meant."""

    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def peek(self):
        """(indent, text) of the next line that holds something, or None at the end."""
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and not line.lstrip().startswith("#"):
                return len(line) - len(line.lstrip(" ")), line.strip()
            self.i += 1
        return None

    def document(self):
        value = self.block(0)
        assert self.peek() is None, f"line {self.i + 1}: unexpected {self.lines[self.i]!r}"
        return value

    def block(self, indent):
        at = self.peek()
        assert at and at[0] >= indent, f"line {self.i + 1}: expected a block"
        return self.sequence(at[0]) if at[1].startswith("- ") else self.mapping(at[0])

    def sequence(self, indent):
        items = []
        while (at := self.peek()) and at[0] == indent and at[1].startswith("- "):
            rest = at[1][2:]
            if re.match(r'("[^"]*"|[^"\s][^:]*):( |$)', rest):  # a mapping starts on this line
                self.lines[self.i] = " " * (indent + 2) + rest
                items.append(self.mapping(indent + 2))
            else:
                self.i += 1
                items.append(self.scalar(rest))
        return items

    def mapping(self, indent):
        result = {}
        while (at := self.peek()) and at[0] == indent and not at[1].startswith("- "):
            m = re.fullmatch(r'("[^"]*"|[^"\s][^:]*):(?: (.*))?', at[1])
            assert m, f"line {self.i + 1}: not a key: {at[1]!r}"
            key = json.loads(m[1]) if m[1].startswith('"') else self.string(m[1])
            assert key not in result, f"line {self.i + 1}: {key!r} twice"
            self.i += 1
            if m[2] is None:
                result[key] = self.block(indent + 1)
            elif m[2] in ("|", "|-"):
                result[key] = self.literal(indent, keep_newline=m[2] == "|")
            else:
                result[key] = self.scalar(m[2])
        return result

    def literal(self, indent, keep_newline):
        lines = []
        while self.i < len(self.lines) and (not self.lines[self.i].strip() or
                                            self.lines[self.i].startswith(" " * (indent + 1))):
            lines.append(self.lines[self.i])
            self.i += 1
        while lines and not lines[-1].strip():
            lines.pop()
        pad = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())
        return "\n".join(line[pad:] for line in lines) + ("\n" if keep_newline else "")

    def scalar(self, text):
        if text.startswith('"'):
            return json.loads(text)
        if re.fullmatch(r"\d+", text) or text in ("[]", "{}"):
            return json.loads(text)
        return self.string(text)

    def string(self, text):
        assert not NOT_STRINGS.fullmatch(text), f"plain {text!r} is not read as a string"
        assert text[0] not in "'&*!|>%@`{[" and ": " not in text and " #" not in text, text
        return text


def read_yaml(text):
    return YamlReader(text).document()


class YamlTest(TreeCase):
    def test_scalars_that_could_be_misread_are_quoted(self):
        for value in ("on", "yes", "No", "null", "10", "1.5", ".5", "-x", "a: b", "a #b",
                      "${{steps.x.outputs.result}}", "it's", "[x]", " x", "x "):
            with self.subTest(value):
                line = classroom.yaml_lines({"key": value})[0]
                self.assertTrue(line.startswith('key: "'), line)
                self.assertEqual(read_yaml(line), {"key": value})
        self.assertEqual(classroom.yaml_lines({"uses": "actions/checkout@v4", "count": 10}),
                         ["uses: actions/checkout@v4", "count: 10"])

    def test_nested_blocks_read_back_as_written(self):
        data = {"on": ["push", "workflow_dispatch"],
                "jobs": {"a": {"steps": [{"name": "x", "run": "one\ntwo\n"},
                                         {"name": "y", "with": {"n": 3, "s": "a b"}}],
                               "empty": []}}}
        text = "\n".join(classroom.yaml_lines(data)) + "\n"
        self.assertEqual(read_yaml(text), data)


class ClassroomTest(TreeCase):
    def test_template_repository_with_one_step_per_test(self):
        ref = make_tree(self.path("ref"))
        out = self.path("classroom")
        proc = subprocess.run(["make", "-s", "classroom", "LAB=fake", f"OUT={out}"], cwd=ref,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lab = load_lab(ref, "fake")

        def git(*args):
            return subprocess.run(["git", "-C", str(out), *args], check=True, text=True,
                                  capture_output=True, timeout=COMMAND_TIMEOUT).stdout

        # the handout as a repository of one commit, the workflow in it
        self.assertEqual(git("rev-list", "--count", "HEAD"), "1\n")
        self.assertEqual(git("status", "--porcelain"), "")
        self.assertIn(classroom.WORKFLOW, git("ls-files").splitlines())
        self.assertIn("labs/fake/grade.py", git("ls-files").splitlines())

        text = (out / classroom.WORKFLOW).read_text()
        flow = read_yaml(text)
        self.assertEqual(flow, classroom.workflow(lab))  # the YAML says what the data says
        self.assertEqual(flow["on"], ["push", "workflow_dispatch", "repository_dispatch"])
        self.assertEqual(flow["permissions"],
                         {"checks": "write", "actions": "read", "contents": "read"})
        self.assertEqual(list(flow["jobs"]), ["run-autograding-tests"])
        job = flow["jobs"]["run-autograding-tests"]
        self.assertEqual(job["runs-on"], "ubuntu-latest")
        self.assertEqual(job["if"], "github.actor != 'github-classroom[bot]'")
        checkout, install, *tests, reporter = job["steps"]
        self.assertEqual(checkout["uses"], "actions/checkout@v4")
        # the packages installed once, before the tests: the Gradescope image's
        installed = install["run"].splitlines()[-1].split("--no-install-recommends ")[1]
        self.assertEqual(installed.split(), gradescope.DEBIAN_PACKAGES)
        self.assertIn("sudo apt-get update", install["run"])

        self.assertEqual([step["with"]["test-name"] for step in tests],
                         [t.name for t in lab.tests])
        for step, spec in zip(tests, lab.tests):
            self.assertEqual(step["uses"], "classroom-resources/autograding-command-grader@v1")
            self.assertEqual(set(step["with"]), {"test-name", "command", "timeout", "max-score"})
            self.assertEqual(step["with"]["max-score"], spec.points)
            self.assertEqual(step["with"]["command"],
                             f"grading/grade --lab fake --test {spec.name}")
            self.assertEqual(step["with"]["timeout"], 2)  # minutes: the lab's 60s, and one more
            self.assertRegex(step["id"], r"^[A-Za-z_][A-Za-z0-9_-]*$")
        self.assertEqual(sum(step["with"]["max-score"] for step in tests), FAKE_MAX)

        ids = [step["id"] for step in tests]
        self.assertEqual(reporter["uses"], "classroom-resources/autograding-grading-reporter@v1")
        self.assertEqual(reporter["with"], {"runners": ",".join(ids)})
        self.assertEqual(reporter["env"],
                         {f"{i.upper()}_RESULTS": "${{steps.%s.outputs.result}}" % i for i in ids})

        # a step's command grades its test in the repository as a student pushed it
        command = tests[2]["with"]["command"].split()
        self.assertEqual(command[-1], "features")
        proc = subprocess.run(command, cwd=out, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        results = json.loads((out / "build/grade/fake/results.json").read_text())
        self.assertEqual([t["name"] for t in results["tests"]], ["features"])

    def test_step_ids_stay_apart(self):
        lab = load_lab(make_tree(self.path("ref")), "fake")
        for name in ("a.b", "A-b", "9lives", "a_b"):
            lab.test(1, name=name)(lambda t: None)
        self.assertEqual(classroom.step_ids(lab)[-4:], ["a-b", "A-b-2", "test-9lives", "a_b"])
        lab.test(0.5, name="half")(lambda t: None)
        with self.assertRaisesRegex(Exception, "whole points"):
            classroom.workflow(lab)
