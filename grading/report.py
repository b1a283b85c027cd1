"""Grading results: one line per test on the terminal, Gradescope's results.json, JUnit XML."""
import json
import os
import xml.etree.ElementTree as ET

OUTPUT_LIMIT = 16000  # characters of a test's output kept in results.json and JUnit XML


class TestResult:
    def __init__(self, name, max_score, score=0.0, status="failed", seconds=0.0, reason=None,
                 output="", visibility="visible"):
        self.name = name
        self.max_score = max_score
        self.score = score
        self.status = status  # passed, failed or skipped
        self.seconds = seconds
        self.reason = reason  # why it did not pass, one line first
        self.output = output  # notes, reason and the console output the test saw
        self.visibility = visibility


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
    return {
        "score": round(sum(r.score for r in results), 4),
        "execution_time": round(seconds, 1),
        "output": output,
        "tests": [{
            "name": r.name,
            "score": round(r.score, 4),
            "max_score": r.max_score,
            # a skipped test worth nothing (a homework question whose simulator is not built) is
            # no failure of the student's
            "status": "passed" if r.status == "passed" or (r.status == "skipped" and not r.max_score)
                      else "failed",
            "output": shorten(r.output),
            "visibility": r.visibility,
        } for r in results],
    }


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
                "message": (r.reason or "failed").splitlines()[0][:200]})
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
    os.makedirs(os.path.join(out_dir, "logs"), exist_ok=True)
    for r in results:
        with open(os.path.join(out_dir, "logs", f"{r.name}.log"), "w", encoding="utf-8",
                  errors="replace") as f:
            f.write(r.output)
    path = os.path.join(out_dir, "results.json")
    write_json(path, results_json(results, seconds, output))
    with open(os.path.join(out_dir, "junit.xml"), "wb") as f:
        f.write(junit_xml(lab, results, seconds))
    return path


def write_json(path, data):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
