"""Grading results: a few lines per test on the terminal, Gradescope's results.json, JUnit XML."""
import dataclasses
import json
import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List, Optional

from grading.failure import Failure

OUTPUT_LIMIT = 16000  # characters of a test's output kept in results.json and JUnit XML
TAIL_LINES = 10  # lines of the console shown under a failure
TAIL_LINE_LIMIT = 200  # characters of each of them (a flood can be one line of a megabyte)
WIDTH = 100  # columns when the output is not a terminal
INDENT = " " * 6  # a failure's details, under the name of its test


@dataclasses.dataclass
class TestResult:
    name: str
    max_score: float
    score: float = 0.0
    status: str = "failed"  # passed, failed or skipped
    seconds: float = 0.0
    reason: Optional[str] = None  # why it did not pass, one line first
    output: str = ""  # the reason, notes and the console output the test saw
    visibility: str = "visible"
    failure: Optional[Failure] = None  # the kind of reason
    notes: List[str] = dataclasses.field(default_factory=list)  # what the test logged
    tail: str = ""  # the last lines of the console output, for a test that failed
    log: Optional[str] = None  # the path of the test's log as the reports name it, if they do


def shorten(text, limit=OUTPUT_LIMIT):
    """Keep the start and the end of a long text (the end usually says what went wrong)."""
    if len(text) <= limit:
        return text
    head = limit // 4
    tail = limit - head
    return f"{text[:head]}\n... [{len(text) - limit} characters cut] ...\n{text[-tail:]}"


def shown_path(path, base):
    """path relative to base ('/'-separated) when it is inside base, else None."""
    try:
        return Path(path).resolve().relative_to(Path(base).resolve()).as_posix()
    except ValueError:
        return None


def console_tail(text, lines=TAIL_LINES):
    """The last lines of a console output, each cut to TAIL_LINE_LIMIT characters."""
    kept = text.rstrip("\n").splitlines()[-lines:]
    return "\n".join(line if len(line) <= TAIL_LINE_LIMIT else
                     f"{line[:TAIL_LINE_LIMIT]} ... [{len(line) - TAIL_LINE_LIMIT} more characters]"
                     for line in kept)


def details(result):
    """What the reports say about a test that did not pass, line by line: the whole reason, the
    test's notes, the last lines of the console and where its log is."""
    lines = (result.reason or "").splitlines() + result.notes
    if result.tail:
        lines.append("last lines of the console:")
        lines += ["| " + line for line in result.tail.splitlines()]
    if result.log:
        lines.append(f"log: {result.log}")
    return lines


def output_for(result, console=""):
    """A test's output in results.json and its log: what details() says (for a test that passed,
    its notes), then the console output it saw."""
    parts = list(result.notes) if result.status == "passed" else details(result)
    if console:
        parts.append("--- console ---\n" + console)
    return "\n".join(parts)


def terminal_width():
    return max(40, shutil.get_terminal_size((WIDTH, 24)).columns)


def indented(lines, width=None):
    """Lines wrapped to the width (the terminal's, or WIDTH) and indented by INDENT."""
    width = (width or terminal_width()) - len(INDENT)
    out = []
    for line in lines:
        wrapped = textwrap.wrap(line, width, break_on_hyphens=False, drop_whitespace=False,
                                subsequent_indent="  ") if line.strip() else [""]
        out += [(INDENT + part).rstrip() for part in wrapped]
    return "\n".join(out)


def line_for(result, seen=None, width=None):
    """A test's verdict line on the terminal; for a test that did not pass, its details under
    it, wrapped to the width and indented. A reason or console tail in `seen` (a set, which this
    updates) was shown in full already: only the reason's first line is repeated."""
    word = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP"}[result.status]
    line = (f"{word}  {result.name:<28} {result.score:>5g}/{result.max_score:<5g}"
            f" {result.seconds:6.1f}s")
    if result.status == "passed":
        return line
    width = width or terminal_width()
    seen = set() if seen is None else seen
    shown = dataclasses.replace(result)
    reason = result.reason or ""
    if reason in seen and "\n" in reason:
        shown.reason = reason.splitlines()[0] + " (as above)"
    seen.add(reason)
    if result.tail in seen:
        shown.tail = ""
    seen.add(result.tail)
    below = details(shown)
    if below and below[0] and len(line) + 2 + len(below[0]) <= width:
        line += "  " + below.pop(0)
    return line + ("\n" + indented(below, width) if below else "")


def total_line(score, max_score, seconds):
    return f"Score: {score:g}/{max_score:g}  ({seconds:.1f}s)"


def results_json(results, seconds, output=""):
    """The dict Gradescope's autograder reads from results.json."""
    tests = []
    for r in results:
        test = {
            "name": r.name,
            "score": round(r.score, 4),
            "max_score": r.max_score,
            # a skipped test worth nothing (a homework question whose simulator is not built) is
            # no failure of the student's
            "status": "passed" if r.status == "passed" or (r.status == "skipped" and not r.max_score)
                      else "failed",
            "output": shorten(r.output),
            "visibility": r.visibility,
        }
        if r.failure is not None:
            # for tools that read results.json: the kind of failure, its first line, whether
            # the test was skipped (not failed) and where the log is
            extra = test["extra_data"] = {"failure": r.failure.key}
            if r.reason:
                extra["reason"] = r.reason.splitlines()[0]
            if r.status == "skipped":
                extra["skipped"] = True
            if r.log:
                extra["log"] = r.log
        tests.append(test)
    return {"score": round(sum(r.score for r in results), 4), "execution_time": round(seconds, 1),
            "output": output, "tests": tests}


def failure_of(test):
    """The Failure recorded for one test of a results.json dict, or None."""
    return Failure.from_key(test.get("extra_data", {}).get("failure"))


def ungraded_results(tests, reason, seconds=0.0):
    """results.json for a submission that could not be graded at all: every test fails.
    tests: the lab's test specs (name, points, visibility)."""
    results = [TestResult(t.name, t.points, reason=reason, output=reason, visibility=t.visibility,
                          failure=Failure.NOT_GRADED) for t in tests]
    return results_json(results, seconds, reason)


def junit_xml(lab, results, seconds):
    """A JUnit XML document (as bytes): one testcase per test, skips and failures marked."""
    suite = ET.Element("testsuite", {
        "name": lab,
        "tests": str(len(results)),
        "failures": str(sum(r.status == "failed" for r in results)),
        "skipped": str(sum(r.status == "skipped" for r in results)),
        "errors": "0",
        "time": f"{seconds:.3f}",
    })
    for r in results:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"labs.{lab}", "name": r.name, "time": f"{r.seconds:.3f}"})
        if r.status == "skipped":
            ET.SubElement(case, "skipped", {"message": r.reason or "skipped"})
        elif r.status == "failed":
            failure = ET.SubElement(case, "failure", {
                "message": (r.reason or "failed").splitlines()[0][:200],
                "type": r.failure.key if r.failure else "check"})
            failure.text = f"score {r.score:g}/{r.max_score:g}"
        ET.SubElement(case, "system-out").text = shorten(xml_safe(r.output))
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def xml_safe(text):
    """Drop the control characters XML 1.0 cannot hold (consoles print them)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32 and c not in "\ufffe\uffff")


def write_reports(out_dir, lab, results, seconds, output):
    """Write results.json, junit.xml and logs/<test>.log; return the results.json path."""
    out_dir = Path(out_dir)
    logs = out_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for r in results:
        (logs / f"{r.name}.log").write_text(r.output, encoding="utf-8", errors="replace")
    path = out_dir / "results.json"
    write_json(path, results_json(results, seconds, output))
    (out_dir / "junit.xml").write_bytes(junit_xml(lab, results, seconds))
    return path


def write_json(path, data):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
