"""A lab for GitHub Classroom: its handout as a git repository, with the workflow that GitHub
Classroom runs on every push to a student's repository.

The workflow (.github/workflows/classroom.yml) has the shape GitHub Classroom writes itself: it
installs the build tools once, runs one step of classroom-resources/autograding-command-grader
per test of the lab (the grader, for that test alone, worth the test's points), and ends with
classroom-resources/autograding-grading-reporter, which adds the steps up for GitHub Classroom.

python3 -m grading.classroom --lab LAB --out DIR   (make classroom LAB=... OUT=...)
"""
import argparse
import json
import math
import re
import sys

from grading import handout
from grading.gradescope import DEBIAN_PACKAGES
from grading.runner import DEFAULT_REFERENCE, GradingError, load_lab

WORKFLOW = ".github/workflows/classroom.yml"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
JOB = "run-autograding-tests"


def grade_command(lab, spec):
    """The command a test's step runs: the grader, for that test alone (and the tests it comes
    after, as `make grade TEST=...` does); it exits 0 only on the test's full marks."""
    return f"grading/grade --lab {lab.name} --test {spec.name}"


def step_ids(lab):
    """A step id per test (letters, digits, '-', '_'; starting with a letter or '_'), told apart
    without regard to case, since the reporter reads each result from <ID>_RESULTS."""
    ids, taken = [], set()
    for spec in lab.tests:
        base = re.sub(r"[^A-Za-z0-9_-]", "-", spec.name)
        if not re.match(r"[A-Za-z_]", base):
            base = "test-" + base
        step_id, n = base, 2
        while step_id.upper() in taken:
            step_id, n = f"{base}-{n}", n + 1
        taken.add(step_id.upper())
        ids.append(step_id)
    return ids


def whole_points(spec):
    if spec.points != int(spec.points):
        raise GradingError(f"test {spec.name} is worth {spec.points:g} points: GitHub Classroom "
                           "counts whole points only")
    return int(spec.points)


def workflow(lab):
    """The workflow, as the data its YAML spells."""
    install = (f"sudo apt-get update -q\n"
               f"sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
               f"--no-install-recommends {' '.join(DEBIAN_PACKAGES)}\n")
    # the grader keeps the lab's time limit itself (build included); this is a backstop
    minutes = math.ceil(lab.time_limit / 60) + 1
    steps = [{"name": "Checkout code", "uses": "actions/checkout@v4"},
             {"name": "Install the build tools", "run": install}]
    ids = step_ids(lab)
    for spec, step_id in zip(lab.tests, ids):
        steps.append({"name": spec.name, "id": step_id, "uses": COMMAND_GRADER, "with": {
            "test-name": spec.name,
            "command": grade_command(lab, spec),
            "timeout": minutes,
            "max-score": whole_points(spec)}})
    steps.append({
        "name": "Autograding Reporter", "uses": REPORTER,
        "env": {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids},
        "with": {"runners": ",".join(ids)}})
    return {
        "name": "Autograding Tests",
        "on": ["push", "workflow_dispatch", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {JOB: {
            "runs-on": "ubuntu-latest",
            # not on the commit that creates a student's repository
            "if": "github.actor != 'github-classroom[bot]'",
            "steps": steps}}}


# -- a YAML writer for the little the workflow needs: mappings, sequences, strings, numbers ----

PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_ ./=,+@-]*")  # no ': ', ' #', quotes or brackets
RESERVED = {"y", "yes", "n", "no", "true", "false", "on", "off", "null"}  # YAML 1.1's booleans


def scalar(value):
    """A number or a string as YAML: plain when that cannot be misread, else double-quoted."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no YAML for {value!r} here")
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in RESERVED:
        return text
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def yaml_lines(value, indent=0):
    """The block-style YAML lines of a dict, list or scalar, indented by `indent` spaces."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            head = f"{pad}{scalar(key)}:"
            if isinstance(item, (dict, list)) and item:
                lines += [head] + yaml_lines(item, indent + 2)
            elif isinstance(item, str) and "\n" in item and not item.startswith((" ", "\n")):
                lines.append(head + (" |" if item.endswith("\n") else " |-"))
                lines += [f"{pad}  {line}" if line else "" for line in item.splitlines()]
            elif isinstance(item, (dict, list)):
                lines.append(f"{head} {json.dumps(item)}")  # {} or []
            else:
                lines.append(f"{head} {scalar(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            inner = yaml_lines(item, indent + 2)
            lines += [f"{pad}- {inner[0][indent + 2:]}"] + inner[1:]
        return lines
    return [pad + scalar(value)]


def workflow_text(lab):
    return (f"# GitHub Classroom runs this on every push: one step per test of lab {lab.name},\n"
            f"# worth the test's points (written by make classroom; see labs/README.md).\n"
            + "\n".join(yaml_lines(workflow(lab))) + "\n")


def write_classroom(reference, lab_name, out, keep=(), log=print):
    """Write the lab's GitHub Classroom template repository into out; return its files."""
    lab = load_lab(reference, lab_name)
    files = handout.make_handout(reference, lab_name, out, keep=keep, log=log,
                                 extra={WORKFLOW: workflow_text(lab)})
    log(f"classroom: lab {lab_name}: {len(lab.tests)} tests, {lab.max_score:g} points, in "
        f"{WORKFLOW}; push {out} to GitHub as the assignment's template (labs/README.md)")
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(prog="classroom", description=__doc__.split("\n")[0])
    parser.add_argument("--lab", required=True)
    parser.add_argument("--out", required=True,
                        help="folder to create (must not exist or be empty)")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE)
    parser.add_argument("--keep", action="append", default=[], metavar="LAB",
                        help="keep the solution of LAB (a lab already handed back); repeatable")
    args = parser.parse_args(argv)
    return handout.exit_status("classroom", lambda: write_classroom(args.reference, args.lab,
                                                                    args.out, args.keep))


if __name__ == "__main__":
    sys.exit(main())
