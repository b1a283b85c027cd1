"""Grading results: one line per test on the terminal, Gradescope's results.json, JUnit XML."""
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from grading.failure import Failure

OUTPUT_LIMIT = 16000  # characters of a test's output kept in results.json and JUnit XML


@dataclass
class TestResult:
    name: str
    max_score: float
    score: float = 0.0
    status: str = "failed"  # passed, failed or skipped
    seconds: float = 0.0
    reason: Optional[str] = None  # why it did not pass, one line first
    output: str = ""  # notes, reason and the console output the test saw
    visibility: str = "visible"
    failure: Optional[Failure] = None  # the kind of reason


def shorten(text, limit=OUTPUT_LIMIT):
    """Keep the start and the end of a long text (the end usually says what went wrong)."""
    if len(text) <= limit:
        return text
    head = limit // 4
    tail = limit - head
    return f"{text[:head]}\n... [{len(text) - limit} characters cut] ...\n{text[-tail:]}"


def line_for(result):
    word = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP"}[result.status]
    line = (f"{word}  {result.name:<28} {result.score:>5g}/{result.max_score:<5g}"
            f" {result.seconds:6.1f}s")
    if result.reason:
        line += "  " + result.reason.splitlines()[0][:100]
    return line


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
            test["extra_data"] = {"failure": r.failure.key}
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
