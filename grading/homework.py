"""Homework: chapters, per-student problems, answers files, and checking them (homework/README.md).

A chapter is a folder homework/<NN>-<name>/ whose chapter.py builds one Chapter: its title, the
simulators or kernel programs it uses, a function that draws a student's parameters, and its
questions.  A simulation question names the command lines to run and, for each answer key
(q3, q3a, ...), how to read the expected value from the simulator's solved (-c) output.  A code
question is a test of the lab kind: it boots our kernel and runs the student's program.

The checker turns a chapter into a grading.lab.Lab, one test per question, so that the grading
library's runner, reports (results.json, JUnit XML), batch runner and Gradescope bundle serve
homework as they serve labs.
"""
import hashlib
import hmac
import importlib.util
import json
import os
import random
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from grading.failure import Failure
from grading.lab import Lab, TestFailure, TestSkipped
from grading.qemu import MachineError

ANSWERS = "answers.txt"
PROBLEM = "problem.json"
KINDS = ("number", "int", "word")
SIMULATOR_TIMEOUT = 60  # seconds for one run of a simulator


class HomeworkError(Exception):
    """A problem the user must fix (unknown chapter, malformed answers file): one line."""


class SimulatorError(MachineError):
    """A simulator that failed on a problem's values, ran over its time, or printed no answer:
    the grader's trouble, not the student's. kind: Failure.SIMULATOR, or Failure.TIMEOUT."""

    def __init__(self, reason, kind=Failure.SIMULATOR):
        super().__init__(kind, reason)


# -- answers ---------------------------------------------------------------------------------

@dataclass
class Answer:
    """One answer line: its key, what it asks for, how it is compared and read from -c output.

    kind: 'number' (compared within tol), 'int' (exact; 0x.. allowed) or 'word' (exact, case
    ignored).  count: None for one value, else the number of values in the list (or 0: any
    length, taken from the expected answer).  A list earns credit for each value in place.
    """
    key: str
    what: str
    get: Callable  # get(outputs, params) -> value or list of values
    kind: str = "number"
    tol: float = 0.01
    count: Optional[int] = None
    points: float = 1

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"answer {self.key}: kind must be one of {KINDS}")

    def describe(self):
        shape = {"number": f"a number, within {self.tol:g}", "int": "a whole number",
                 "word": "a word"}[self.kind]
        if self.count is not None:
            many = {"number": "numbers", "int": "whole numbers", "word": "words"}[self.kind]
            shape = (f"a list of {self.count} {many}" if self.count else f"a list of {many}")
            if self.kind == "number":
                shape += f", each within {self.tol:g}"
        return shape

    def format(self, value):
        values = value if isinstance(value, list) else [value]
        return ", ".join(format_value(v, self.kind) for v in values)


def format_value(v, kind):
    if kind == "number":
        return f"{float(v):.2f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)
    return str(v)


def num(answer_key, what, get, tol=0.01, points=1):
    return Answer(answer_key, what, get, "number", tol, None, points)


def integer(answer_key, what, get, points=1):
    return Answer(answer_key, what, get, "int", 0, None, points)


def word(answer_key, what, get, points=1):
    return Answer(answer_key, what, get, "word", 0, None, points)


def listof(answer_key, what, get, kind="int", count=0, tol=0.01, points=1):
    return Answer(answer_key, what, get, kind, tol, count, points)


def parse_token(token, kind):
    """The value of one answer token, or None when it is not of the kind."""
    token = token.strip()
    if kind == "word":  # a word, or an address or a number (0x1f and 31 are the same answer)
        if re.fullmatch(r"-?(0[xX][0-9a-fA-F]+|\d+)", token):
            return int(token, 16) if token.lower().lstrip("-").startswith("0x") else int(token)
        return token.lower() or None
    try:
        if kind == "int":
            return int(token, 0) if not re.fullmatch(r"0\d+", token) else int(token, 10)
        value = float(token)
        return value if value == value and abs(value) != float("inf") else None
    except ValueError:
        return None


def split_values(text):
    return [t for t in re.split(r"[,;\s]+", text.strip()) if t]


def compare(answer, expected, given_text):
    """(fraction right, note) for a student's text against the expected value."""
    exp = expected if isinstance(expected, list) else [expected]
    exp = [parse_token(str(e), "word") if answer.kind == "word" else e for e in exp]
    tokens = split_values(given_text)
    if not tokens:
        return 0.0, "no answer"
    if answer.count is None and len(tokens) != 1:
        return 0.0, f"expected one value, got {len(tokens)}"
    given = [parse_token(t, answer.kind) for t in tokens]
    bad = [t for t, g in zip(tokens, given) if g is None]
    if bad:
        return 0.0, f"{bad[0]!r} is not {'a number' if answer.kind != 'word' else 'a word'}"
    right = 0
    for i, e in enumerate(exp):
        if i < len(given) and same(answer, e, given[i]):
            right += 1
    if len(given) > len(exp):
        right = max(0, right - (len(given) - len(exp)))  # extra values cost what they add
    fraction = right / len(exp) if exp else 0.0
    if answer.count is None:
        fraction = 1.0 if fraction == 1.0 else 0.0
    if fraction == 1.0:
        return 1.0, "right"
    if answer.count is not None:
        return fraction, (f"{right} of {len(exp)} values right; expected "
                          f"{answer.format(expected)}")
    return 0.0, f"expected {answer.format(expected)}" + (
        f" (within {answer.tol:g})" if answer.kind == "number" else "")


def same(answer, expected, given):
    if answer.kind == "number":
        return abs(float(expected) - float(given)) <= answer.tol + 1e-9
    return expected == given


@dataclass
class Answers:
    """A parsed answers.txt: the student's id (if given) and key -> text."""
    values: Dict[str, str]
    student: Optional[str] = None
    path: object = ANSWERS  # as shown in messages: a str or a Path


KEY_LINE = re.compile(r"^(q\d+[a-z]?)\s*[:=]\s*(.*?)\s*$", re.I)
ID_LINE = re.compile(r"^id\s*:\s*(\S*)\s*$", re.I)


def parse_answers(text, path=ANSWERS, keys=None):
    """Parse an answers file; raise HomeworkError with 'path:line: ...' on any malformed line."""
    values, student, last = {}, None, None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        where = f"{path}, line {lineno}"
        if not line.strip():
            last = None if not raw.strip() else last
            continue
        if raw[:1] in " \t" and last is not None:
            values[last] += " ; " + line.strip()  # a table goes on over indented lines
            continue
        m = ID_LINE.match(line.strip())
        if m:
            student = m.group(1) or None
            continue
        m = KEY_LINE.match(line.strip())
        if not m:
            shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:37] + "..."
            raise HomeworkError(f"{where}: expected 'qN: answer' or 'id: you', got {shown!r}")
        key = m.group(1).lower()
        if keys is not None and key not in keys:
            raise HomeworkError(f"{where}: this chapter has no answer {key} "
                                f"(its answers: {', '.join(keys) or 'none'})")
        if key in values:
            raise HomeworkError(f"{where}: {key} is answered twice")
        values[key] = m.group(2)
        last = key
    return Answers(values, student, path)


def shown_path(path):
    """The path relative to the current folder when it is inside it, else as given."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def read_answers(path, keys=None):
    path = shown_path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise HomeworkError(f"cannot read {path}: {e.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise HomeworkError(f"{path}: not a text file (answers are UTF-8 text, one 'qN: answer' a line)")
    return parse_answers(text, path, keys)


# -- chapters and questions -------------------------------------------------------------------

@dataclass(eq=False)
class Question:
    number: int
    text: str
    # command lines (templates over the parameters), without -c
    run: List[str] = field(default_factory=list)
    answers: List[Answer] = field(default_factory=list)
    # why the question cannot be checked yet (concurrency in the kernel)
    waits: Optional[str] = None
    test: Optional[Callable] = None  # code question: test(t, params), t a grading.lab.Context
    test_points: float = 0
    programs: List[str] = field(default_factory=list)  # the student's programs it runs

    def __post_init__(self):
        self.run = list(self.run)
        self.answers = list(self.answers)
        self.programs = list(self.programs)

    @property
    def name(self):
        return f"q{self.number}"

    @property
    def points(self):
        return self.test_points if self.test else sum(a.points for a in self.answers)

    @property
    def checked(self):
        return bool(self.answers or self.test)

    def simulators(self, params):
        return sorted({shlex.split(c.format(**params))[0] for c in self.run})


def no_params(rng):
    return {}


@dataclass(eq=False)
class Chapter:
    """One chapter's homework, as homework/<NN>-<name>/chapter.py declares it."""
    number: str  # "07"
    name: str  # "scheduling"
    title: str
    simulators: List[str] = field(default_factory=list)
    kind: str = "simulation"  # "simulation" or "code" (programs run in our kernel), or "both"
    intro: str = ""
    solve_flag: str = "-c"
    cpus: int = 1
    questions: List[Question] = field(default_factory=list, init=False)
    outro: str = field(default="", init=False)
    _params: Callable = field(default_factory=lambda: no_params, init=False, repr=False)
    folder: Optional[Path] = field(default=None, init=False)  # set by load_chapter

    def __post_init__(self):
        self.simulators = list(self.simulators)
        self.intro = self.intro.strip()

    @property
    def dirname(self):
        return f"{self.number}-{self.name}"

    def parameters(self, func):
        """Decorator: func(rng) -> dict of this student's values (seeds, sizes, lists)."""
        self._params = func
        return func

    def params(self, rng):
        return self._params(rng)

    def question(self, text, run=(), answers=(), waits=None):
        q = Question(len(self.questions) + 1, text, run, answers, waits)
        self.questions.append(q)
        return q

    def program(self, points, text, programs=(), waits=None):
        """Decorator: a code question checked by booting our kernel; func(t, params)."""
        def register(func):
            q = Question(len(self.questions) + 1, text, waits=waits, test=func,
                         test_points=points, programs=programs)
            self.questions.append(q)
            return func
        return register

    def keys(self):
        return [a.key for q in self.questions for a in q.answers]

    @property
    def uses_kernel(self):
        return any(q.test for q in self.questions)


def load_chapter(reference, which):
    """The chapter named by a number ('07', '7') or folder name ('07-scheduling')."""
    folder = find_chapter(reference, which)
    path = folder / "chapter.py"
    spec = importlib.util.spec_from_file_location(f"homework_{folder.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    chapters = [v for v in vars(module).values() if isinstance(v, Chapter)]
    if len(chapters) != 1:
        raise HomeworkError(f"{path} must define exactly one Chapter")
    chapter = chapters[0]
    if chapter.dirname != folder.name:
        raise HomeworkError(f"{path}: the chapter calls itself {chapter.dirname}")
    chapter.folder = folder
    return chapter


def chapter_dirs(reference):
    root = Path(reference) / "homework"
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir()
                  if re.match(r"\d\d-", d.name) and (d / "chapter.py").is_file())


def find_chapter(reference, which):
    which = str(which or "").strip().rstrip("/")
    which = which.rsplit("/", 1)[-1]
    dirs = chapter_dirs(reference)
    if re.fullmatch(r"\d{1,2}", which):
        found = [d for d in dirs if d.startswith(f"{int(which):02d}-")]
    else:
        found = [d for d in dirs if d == which]
    if len(found) != 1:
        raise HomeworkError(f"no homework chapter {which!r} (chapters: "
                            f"{', '.join(d.split('-')[0] for d in dirs)}; see homework/README.md)")
    return Path(reference) / "homework" / found[0]


# -- per-student parameters -------------------------------------------------------------------

def student_rng(secret, student, chapter):
    """The random generator of one student's problem: HMAC-SHA256(secret, chapter and id), so
    the instructor can draw it again and nobody without the secret can draw another's."""
    message = f"ostep-homework:{chapter.number}:{student}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return random.Random(int.from_bytes(digest, "big"))


def plain_rng(chapter):
    return random.Random(f"plain handout of chapter {chapter.number}")


def problem_params(chapter, student=None, secret=None):
    if student is not None and secret:
        return chapter.params(student_rng(secret, student, chapter))
    return chapter.params(plain_rng(chapter))


# -- running simulators -----------------------------------------------------------------------

def sim_path(reference, name):
    return Path(reference) / "sims" / "bin" / name


def missing_simulators(reference, question, params):
    return [s for s in question.simulators(params) if not os.access(sim_path(reference, s), os.X_OK)]


def run_command(reference, command, solve_flag="-c", timeout=SIMULATOR_TIMEOUT):
    """Run one command line of a question with the solve flag, within timeout seconds; return
    its output. Raises SimulatorError if it fails or runs over."""
    argv = shlex.split(command)
    argv[0] = str(sim_path(reference, argv[0]))
    if solve_flag and solve_flag not in argv:
        argv.append(solve_flag)
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=max(timeout, 0.01),
                              stdin=subprocess.DEVNULL, cwd=reference, errors="replace")
    except subprocess.TimeoutExpired:
        raise SimulatorError(f"`{command}` did not finish within {timeout:g}s", Failure.TIMEOUT)
    if proc.returncode != 0:
        raise SimulatorError(f"`{command} {solve_flag}` failed (status {proc.returncode}): "
                             f"{(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
    return proc.stdout


def expected_answers(reference, chapter, question, params, remaining=None):
    """key -> expected value, by running the question's commands with -c. remaining: a function
    giving the seconds left to a test (a run never takes longer), else each run has
    SIMULATOR_TIMEOUT seconds."""
    outputs = []
    for c in question.run:
        timeout = SIMULATOR_TIMEOUT if remaining is None else min(SIMULATOR_TIMEOUT, remaining())
        outputs.append(run_command(reference, c.format(**params), chapter.solve_flag, timeout))
    return {a.key: a.get(outputs, params) for a in question.answers}


def answer_key(reference, chapter, params):
    """key -> expected value for every question whose simulators are built; and what waits."""
    key, waiting = {}, {}
    for q in chapter.questions:
        if not q.answers:
            continue
        missing = missing_simulators(reference, q, params)
        if missing:
            waiting[q.name] = missing
            continue
        key.update(expected_answers(reference, chapter, q, params))
    return key, waiting


# -- the chapter as a lab: one test per checked question ---------------------------------------

def waits_message(sims):
    names = ", ".join(f"`{s}`" for s in sims)
    return (f"skipped: waits for the {names} simulator{'s' if len(sims) > 1 else ''} "
            f"(sims/bin/{sims[0]} is not built yet); checked once it exists")


class HomeworkLab(Lab):
    """A chapter's questions as the tests of a lab, for one student's parameters and answers."""

    def __init__(self, chapter, reference, params, answers_path=None, student=None):
        code = chapter.uses_kernel
        build = ["make", "--no-print-directory", "all", f"HW={chapter.dirname}"]
        super().__init__(chapter.dirname, cpus=chapter.cpus, time_limit=600 if code else 300,
                         build=build)
        self.chapter = chapter
        self.reference = Path(reference).resolve()
        self.params = params
        self.student = student
        self.answers_path = answers_path  # None: homework/<chapter>/answers.txt of the tree
        self._answers = {}
        for q in chapter.questions:
            if not q.checked:
                continue
            # a question that cannot be checked here is worth nothing here, so that the score
            # counts only what was checked
            waiting = q.waits or (not q.test and missing_simulators(self.reference, q, params))
            self.test(0 if waiting else q.points, name=q.name,
                      timeout=120 if q.test else 60)(self.make_test(q))

    def trusted_paths(self):
        paths = ["grading/", f"homework/{self.chapter.dirname}/chapter.py"]
        if self.chapter.uses_kernel:
            paths += ["homework/homework.mk", "Makefile"]
        return paths

    def answers(self, tree):
        path = Path(self.answers_path or Path(tree) / "homework" / self.chapter.dirname / ANSWERS)
        if path not in self._answers:
            try:
                self._answers[path] = read_answers(path, self.chapter.keys())
            except HomeworkError as e:
                self._answers[path] = e
        found = self._answers[path]
        if isinstance(found, HomeworkError):
            raise TestFailure(str(found))
        if self.student and found.student and found.student != self.student:
            raise TestFailure(f"{path.name} says 'id: {found.student}', but this "
                              f"is the submission of {self.student}")
        return found

    def make_test(self, q):
        chapter = self.chapter

        def run_question(t):
            if q.waits:
                raise TestSkipped(f"skipped: {q.waits}")
            if q.test:
                return q.test(t, self.params)
            missing = missing_simulators(self.reference, q, self.params)
            if missing:
                raise TestSkipped(waits_message(missing))
            answers = self.answers(t.tree)
            expected = expected_answers(self.reference, chapter, q, self.params, t.remaining)
            wrong = []
            for a in q.answers:
                given = answers.values.get(a.key, "")
                fraction, note = compare(a, expected[a.key], given)
                t.log(f"{a.key}: {given.strip() or '(none)'}: {note}")
                if fraction > 0:
                    t.credit(round(a.points * fraction, 2), None)
                if fraction < 1:
                    wrong.append(f"{a.key}: {note}")
            if wrong:
                t.fail("; ".join(wrong))
        run_question.__name__ = q.name
        return run_question


# -- handouts ---------------------------------------------------------------------------------

def render_readme(chapter, params, student=None):
    """The chapter's handout: its questions with this student's command lines."""
    lines = [f"# Chapter {int(chapter.number)}: {chapter.title}", ""]
    if student:
        lines += [f"Problem set of **{student}**: your command lines carry your own seeds and "
                  "sizes, so your answers are yours alone.", ""]
    uses = []
    for s in chapter.simulators:
        uses.append(f"the `{s}` simulator (`sims/bin/{s}`, manual: `man sims/man/{s}.1`)")
    if chapter.uses_kernel:
        uses.append(f"programs you write in `homework/{chapter.dirname}/` and run in our kernel "
                    f"(`make qemu HW={chapter.number}`)")
    if uses:
        lines += ["Uses " + " and ".join(uses) + ".", ""]
    if chapter.intro:
        lines += [chapter.intro.format(**params), ""]
    keys = chapter.keys()
    lines += ["## Answering", ""]
    if keys or chapter.uses_kernel:
        lines += [f"Write your answers in `homework/{chapter.dirname}/{ANSWERS}`, one line per "
                  "answer key (`q1a: 12.5`; lists as `q3: 1, 4, 9`; the format is in "
                  "[homework/README.md](../README.md)), and check them with",
                  "", "```", f"make check-homework HW={chapter.number}", "```", ""]
        lines += ["Run the simulators from the top of the tree. Work each answer out first, then "
                  f"add `{chapter.solve_flag}` to a command to see the simulator's solution."
                  if chapter.simulators else
                  "Every program you write is built into the disk image by "
                  f"`make qemu HW={chapter.number}`, under the name of its file without `.c`.", ""]
    else:
        lines += ["Nothing in this chapter is checked automatically: write your answers and "
                  f"reasoning in `homework/{chapter.dirname}/{ANSWERS}` as notes.", ""]
    lines += ["## Questions", ""]
    for q in chapter.questions:
        lines += [f"### Q{q.number}", "", q.text.strip().format(**params), ""]
        if q.run:
            lines += ["```"] + [f"sims/bin/{c.format(**params)}" for c in q.run] + ["```", ""]
        for a in q.answers:
            lines.append(f"- `{a.key}`: {a.what} ({a.describe()}; {a.points:g} "
                         f"point{'s' if a.points != 1 else ''})")
        if q.answers:
            lines.append("")
        if q.waits:
            lines += [f"*Waits: {q.waits}. The checker skips this question until then.*", ""]
        elif q.test:
            lines += [f"*Checked by booting our kernel and running "
                      f"{', '.join('`' + p + '`' for p in q.programs)} with values drawn for "
                      f"each run ({q.points:g} points).*", ""]
        elif q.answers:
            sims = q.simulators(params)
            lines += [f"*Checked with `{', '.join(sims)}`'s solution.*", ""]
        else:
            lines += ["*Not checked automatically: a question to think and write about.*", ""]
    if chapter.outro:
        lines += [chapter.outro.format(**params).strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def answers_template(chapter, student=None, key=None, waiting=None):
    """An answers.txt to fill in (or, given key, the filled-in answer key)."""
    lines = [f"# Answers to chapter {int(chapter.number)}: {chapter.title}",
             "# One line per answer: 'q1a: 12.5'; lists as 'q3: 1, 4, 9'; '#' starts a comment."]
    lines.append(f"id: {student}" if student else "# id: your-student-id")
    for q in chapter.questions:
        for a in q.answers:
            if key is not None and a.key in key:
                lines.append(f"{a.key}: {a.format(key[a.key])}")
            else:
                note = ""
                if waiting and q.name in waiting:
                    note = f"  # waits for the {', '.join(waiting[q.name])} simulator"
                lines.append(f"{a.key}:{note}")
    return "\n".join(lines) + "\n"


def read_problem(folder):
    """(student, params) from a handout's problem.json, or (None, None)."""
    path = Path(folder) / PROBLEM
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text())
        return data.get("student"), data["params"]
    except (ValueError, KeyError, OSError) as e:
        raise HomeworkError(f"{path}: not a problem file written by homework/assign ({e})")


# -- small helpers for chapter.py files: reading values out of solved output --------------------

def grab(text, pattern, cast=float, group=1):
    """Every match of pattern's group in text, cast."""
    return [cast(m.group(group)) for m in re.finditer(pattern, text, re.M)]


def last(text, pattern, cast=float, group=1):
    found = grab(text, pattern, cast, group)
    if not found:
        raise SimulatorError(f"the simulator's output has no {pattern!r} "
                             "(has the simulator changed?)")
    return found[-1]
