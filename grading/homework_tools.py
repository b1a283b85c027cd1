"""The homework commands: assign (handouts and keys), check-homework (one student),
grade-homework (a folder of submissions in parallel) and the Gradescope bundle.

    python3 -m grading.homework_tools COMMAND ARGS...

COMMAND is assign (homework/assign), check (grading/check-homework), grade
(grading/grade-homework), gradescope-zip (make gradescope HW=...) or gradescope-run (the
autograder's run_autograder). Every command prints a clear one-line error and exits 2 on bad
input (unknown chapter, roster or answers file that cannot be read), never a traceback.
"""
import argparse
import csv
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from grading import batch, gradescope, procs, report, trees
from grading.homework import (ANSWERS, PROBLEM, HomeworkError, HomeworkLab, answer_key,
                              answers_template, chapter_dirs, load_chapter, problem_params,
                              read_answers, read_problem, render_readme, shown_path)
from grading.runner import DEFAULT_REFERENCE, Grading

SECRET_ENV = "HOMEWORK_SECRET"
DEPS_TIMEOUT = 1800  # seconds for tools/ensure-deps to install the kernel's build tools
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]*")


def get_secret(args, required):
    secret = getattr(args, "secret", None)
    if getattr(args, "secret_file", None):
        try:
            secret = Path(args.secret_file).read_text().strip()
        except OSError as e:
            raise HomeworkError(f"cannot read the secret file {args.secret_file}: {e.strerror}")
    secret = secret or os.environ.get(SECRET_ENV)
    if required and not secret:
        raise HomeworkError(f"a roster needs the course's secret: --secret KEY, --secret-file F "
                            f"or {SECRET_ENV} in the environment")
    return secret


def read_roster(path):
    """[(id, name, email)] from a CSV roster: id,name,email a line, an optional header."""
    try:
        with Path(path).open(newline="", encoding="utf-8") as f:
            rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise HomeworkError(f"cannot read the roster {path}: {e}")
    if rows and rows[0][0].strip().lower() in ("id", "student", "student id", "sid"):
        rows = rows[1:]
    students, seen = [], set()
    for n, row in enumerate(rows, 1):
        cells = [c.strip() for c in row] + ["", ""]
        sid = cells[0]
        if not STUDENT_ID.fullmatch(sid):
            raise HomeworkError(f"{path}: row {n}: student id {sid!r} must be letters, digits "
                                "and . _ @ + - (it names the student's folder)")
        if sid in seen:
            raise HomeworkError(f"{path}: row {n}: student id {sid!r} appears twice")
        seen.add(sid)
        students.append((sid, cells[1], cells[2]))
    if not students:
        raise HomeworkError(f"{path}: the roster lists no students")
    return students


# -- assign ---------------------------------------------------------------------------------

def write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_handout(chapter, reference, folder, params, student=None):
    """README.md, answers.txt and problem.json of one handout; return (key, waiting)."""
    folder = Path(folder)
    write(folder / "README.md", render_readme(chapter, params, student))
    write(folder / ANSWERS, answers_template(chapter, student))
    write(folder / PROBLEM,
          json.dumps({"chapter": chapter.dirname, "student": student, "params": params},
                     indent=2, sort_keys=True) + "\n")
    return answer_key(reference, chapter, params)


def assign(chapter, reference, out, roster=None, secret=None, log=print):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise HomeworkError(f"{out} is not empty: give a new folder")
    if roster is None:
        params = problem_params(chapter)
        key, waiting = write_handout(chapter, reference, out / chapter.dirname, params)
        write(out / "key.txt", answers_template(chapter, None, key, waiting))
        log(f"assign: chapter {chapter.dirname}: the plain handout in {out}/{chapter.dirname}/, "
            f"its answer key in {out}/key.txt")
        return
    keys = chapter.keys()
    with (out / "key.csv").open("w", newline="") as f:
        table = csv.writer(f)
        table.writerow(["id", "name", "email"] + keys)
        for sid, name, email in roster:
            params = problem_params(chapter, sid, secret)
            folder = out / "students" / sid / chapter.dirname
            key, waiting = write_handout(chapter, reference, folder, params, sid)
            write(out / "keys" / f"{sid}.txt", answers_template(chapter, sid, key, waiting))
            table.writerow([sid, name, email] + [chapter_answer(chapter, k, key) for k in keys])
    log(f"assign: chapter {chapter.dirname}: {len(roster)} handouts in {out}/students/<id>/, "
        f"answer keys in {out}/keys/<id>.txt and {out}/key.csv")


def chapter_answer(chapter, k, key):
    for q in chapter.questions:
        for a in q.answers:
            if a.key == k:
                return a.format(key[k]) if k in key else ""
    return ""


def write_readmes(reference, log=print):
    """Write every chapter's README.md as its plain handout (the committed ones are these)."""
    for d in chapter_dirs(reference):
        chapter = load_chapter(reference, d)
        write(chapter.folder / "README.md", render_readme(chapter, problem_params(chapter)))
    log(f"assign: wrote the README.md of {len(chapter_dirs(reference))} chapters")


def main_assign(argv=None):
    parser = argparse.ArgumentParser(
        prog="homework/assign",
        description="Write a chapter's handouts: one per student (their own seeds and sizes) "
                    "with an answer key for the instructor, or the plain handout.")
    parser.add_argument("--chapter", help="chapter number (07) or folder name (07-scheduling)")
    parser.add_argument("--roster", help="CSV: id,name,email a line (a header line is allowed)")
    parser.add_argument("--secret", help=f"the course's secret (or --secret-file, or ${SECRET_ENV})")
    parser.add_argument("--secret-file")
    parser.add_argument("--out", help="a new or empty folder")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help=argparse.SUPPRESS)
    parser.add_argument("--write-readmes", action="store_true",
                        help="rewrite homework/*/README.md as the plain handouts")
    args = parser.parse_args(argv)
    try:
        if args.write_readmes:
            write_readmes(args.reference)
            return 0
        if not args.chapter or not args.out:
            parser.error("--chapter and --out are required")
        chapter = load_chapter(args.reference, args.chapter)
        roster = read_roster(args.roster) if args.roster else None
        secret = get_secret(args, roster is not None)
        assign(chapter, args.reference, args.out, roster, secret)
    except HomeworkError as e:
        print(f"assign: {e}", file=sys.stderr)
        return 2
    return 0


# -- check one submission -------------------------------------------------------------------

def find_answers(tree, chapter):
    """The answers file of a tree: homework/<chapter>/answers.txt, or answers.txt at its top."""
    tree = Path(tree)
    for path in (tree / "homework" / chapter.dirname / ANSWERS, tree / ANSWERS):
        if path.is_file():
            return path
    return tree / "homework" / chapter.dirname / ANSWERS


def check(chapter, tree, reference, out, student=None, secret=None, answers=None, strict=True,
          jobs=None, echo=print):
    """Check one tree's answers (and programs); return (score, max, results.json path)."""
    tree, reference = Path(tree).resolve(), Path(reference).resolve()
    params = None
    if student is not None and secret:
        params = problem_params(chapter, student, secret)
        origin = f"student {student}'s problem (drawn again from the course's secret)"
    else:
        handout_student, handout_params = read_problem(tree / "homework" / chapter.dirname)
        if handout_params is not None:
            student, params = handout_student, handout_params
            origin = (f"student {student}'s problem (homework/{chapter.dirname}/{PROBLEM})"
                      if student else f"the plain problem (homework/{chapter.dirname}/{PROBLEM})")
        else:
            params = problem_params(chapter)
            origin = "the plain problem (the chapter's README.md)"
    answers = Path(answers) if answers else find_answers(tree, chapter)
    if strict and chapter.keys() and (not chapter.uses_kernel or answers.is_file()):
        if not answers.is_file():
            raise HomeworkError(f"no answers file {shown_path(answers)}: write one "
                                f"(format in homework/README.md; homework/{chapter.dirname}/"
                                f"README.md names the answer keys)")
        read_answers(answers, chapter.keys())  # a malformed file: one line, before any work
    lab = HomeworkLab(chapter, reference, params, answers, student)
    deps = tree / "tools" / "ensure-deps"
    if strict and chapter.uses_kernel and os.access(deps, os.X_OK):
        code = procs.run([str(deps)], DEPS_TIMEOUT)
        if code is None:
            raise HomeworkError(f"installing the kernel's build tools took more than "
                                f"{DEPS_TIMEOUT}s (see above)")
        if code != 0:
            raise HomeworkError("the kernel's build tools are missing (see above)")
    echo(f"homework {chapter.dirname}: checking {origin}")
    grading = Grading(lab, tree, reference, out, seed=None, jobs=jobs,
                      skip_build=not chapter.uses_kernel, echo=echo)
    return grading.run()


def main_check(argv=None):
    parser = argparse.ArgumentParser(
        prog="check-homework",
        description="Check a chapter's answers.txt (and programs) against the simulators' "
                    "solutions and our kernel.")
    parser.add_argument("--hw", required=True, help="chapter number (07) or folder name")
    parser.add_argument("--tree", default=None, help="the tree holding the answers (default: this one)")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help=argparse.SUPPRESS)
    parser.add_argument("--answers", default=None, help="the answers file (default: "
                        "homework/<chapter>/answers.txt of the tree)")
    parser.add_argument("--id", default=None, help="(instructors) the student whose problem to "
                        f"draw again with the secret (--secret-file or ${SECRET_ENV})")
    parser.add_argument("--secret-file", default=None)
    parser.add_argument("--out", default=None, help="folder for results.json and junit.xml "
                        "(default: TREE/build/homework/<chapter>)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--batch", action="store_true",
                        help="record a malformed answers file as failed questions, not an error")
    args = parser.parse_args(argv)
    tree = args.tree or args.reference
    try:
        chapter = load_chapter(args.reference, args.hw)
        secret = get_secret(args, args.id is not None)
        out = args.out or Path(tree) / "build" / "homework" / chapter.dirname
        score, max_score, path = check(chapter, tree, args.reference, out, args.id, secret,
                                       args.answers, not args.batch, args.jobs)
    except HomeworkError as e:
        print(f"check-homework: {e}", file=sys.stderr)
        return 2
    print(f"results: {path}")
    return 0 if score >= max_score else 1


# -- grade a folder ---------------------------------------------------------------------------

class HomeworkBatch(batch.Batch):
    """grade-batch's runner with check-homework as the grader of each submission."""

    def __init__(self, lab, chapter, reference, out_dir, jobs, **kw):
        super().__init__(lab, reference, out_dir, jobs, **kw)
        self.chapter = chapter

    def grader_command(self, submission, tree, out):
        return procs.grading_command(
            "homework_tools", "check", "--hw", self.chapter.dirname, "--tree", tree,
            "--reference", self.reference, "--out", out, "--batch", "--id", submission.name,
            "--jobs", self.make_jobs)


def stage_submissions(folder, chapter, staging):
    """The submissions of a folder: trees, archives, or bare <id>.txt answers files."""
    found = batch.find_submissions(folder)
    for path in sorted(Path(folder).iterdir()):
        entry = path.name
        if entry.endswith(".txt") and path.is_file() and not entry.startswith("."):
            name = entry[:-4]
            dest = Path(staging) / name / "homework" / chapter.dirname / ANSWERS
            dest.parent.mkdir(parents=True)
            shutil.copyfile(path, dest)
            found.append(batch.Submission(name, Path(staging) / name))
    return sorted(found, key=lambda s: s.name)


def grade_folder(chapter, reference, folder, out, jobs, secret, roster=None, echo=print):
    lab = HomeworkLab(chapter, reference, problem_params(chapter))
    staging = Path(tempfile.mkdtemp(prefix="grade-homework-"))
    try:
        submissions = stage_submissions(folder, chapter, staging)
        bad = [s.name for s in submissions if not STUDENT_ID.fullmatch(s.name)]
        if bad:
            raise HomeworkError(f"submission {bad[0]!r} is not named by a student id")
        if roster is not None:
            known = {sid for sid, _, _ in roster}
            for s in submissions:
                if s.name not in known:
                    echo(f"grade-homework: warning: {s.name} is not in the roster")
            names = {s.name for s in submissions}
            for sid in sorted(known - names):
                empty = staging / "missing" / sid
                empty.mkdir(parents=True)
                submissions.append(batch.Submission(sid, empty))  # scores 0: no answers file
        if not submissions:
            raise HomeworkError(f"no submissions in {folder}")
        os.environ[SECRET_ENV] = secret  # the graders draw each problem again from it
        return HomeworkBatch(lab, chapter, reference, out, jobs, echo=echo).run(submissions)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main_grade(argv=None):
    parser = argparse.ArgumentParser(
        prog="grade-homework",
        description="Grade a folder of homework submissions in parallel. Each entry is named by "
                    "the student's id: a tree or an archive of one (answers in "
                    "homework/<chapter>/answers.txt), or a bare <id>.txt answers file.")
    parser.add_argument("--hw", required=True, help="chapter number (07) or folder name")
    parser.add_argument("--secret", default=None)
    parser.add_argument("--secret-file", default=None)
    parser.add_argument("--roster", default=None, help="students with no submission score 0")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--out", default=None, help="default: FOLDER-<chapter>-grades")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help=argparse.SUPPRESS)
    parser.add_argument("folder")
    args = parser.parse_args(argv)
    try:
        if not Path(args.folder).is_dir() or args.jobs < 1:
            raise HomeworkError("FOLDER must be a folder and -j at least 1")
        chapter = load_chapter(args.reference, args.hw)
        secret = get_secret(args, True)
        roster = read_roster(args.roster) if args.roster else None
        folder = Path(args.folder).resolve()
        out = args.out or folder.with_name(f"{folder.name}-{chapter.dirname}-grades")
        grade_folder(chapter, args.reference, folder, out, args.jobs, secret, roster)
    except HomeworkError as e:
        print(f"grade-homework: {e}", file=sys.stderr)
        return 2
    return 0


# -- Gradescope -----------------------------------------------------------------------------

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission (homework {chapter}).
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHONPATH="$ROOT/source/tree" exec python3 -m grading.homework_tools gradescope-run \
  --hw {chapter} --root "$ROOT"
"""

SETUP_SIMS = "\ncd /autograder/source/tree && make sims\n"


def gradescope_zip(chapter, reference, out_zip, roster=None, secret=None, log=print):
    """The autograder zip: the tree without the homework's reference programs, and each
    student's parameters (never the secret) when there is a roster."""
    files = [f for f in trees.source_files(reference) if not f.startswith("homework/tests/")]
    students = {}
    for sid, name, email in roster or []:
        params = problem_params(chapter, sid, secret)
        students[sid] = {"email": email.lower(), "params": params}
    Path(out_zip).resolve().parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_zip, "w") as archive:
        setup = gradescope.SETUP_SH.format(packages=" ".join(gradescope.DEBIAN_PACKAGES))
        gradescope.add_file(archive, "setup.sh", setup + SETUP_SIMS, 0o755)
        gradescope.add_file(archive, "run_autograder",
                            RUN_AUTOGRADER.format(chapter=chapter.dirname), 0o755)
        gradescope.add_file(archive, "tree/homework/students.json",
                            json.dumps(students, indent=1, sort_keys=True) + "\n")
        for rel in files:
            path = Path(reference) / rel
            gradescope.add_file(archive, "tree/" + rel, path.read_bytes(),
                                path.stat().st_mode & 0o777)
    who = f"{len(students)} students' problems" if roster else "the plain problem (no roster)"
    log(f"gradescope: homework {chapter.dirname}: wrote {out_zip} with {who}")
    return out_zip


def gradescope_student(root, students):
    """The roster entry of the submitting student, from Gradescope's submission metadata."""
    try:
        users = json.loads((Path(root) / "submission_metadata.json").read_text()).get("users", [])
    except (OSError, ValueError):
        users = []
    for user in users:
        for sid, entry in students.items():
            if str(user.get("sid", "")) == sid or (
                    entry["email"] and str(user.get("email", "")).lower() == entry["email"]):
                return sid, entry["params"]
    return None, None


def gradescope_run(chapter_name, root):
    """Check root/submission against root/source/tree; always write root/results/results.json."""
    root = Path(root)
    reference = root / "source" / "tree"
    results_path = root / "results" / "results.json"
    work = Path(tempfile.mkdtemp(prefix="autograder-"))
    lab = None
    try:
        chapter = load_chapter(reference, chapter_name)
        students = json.loads((reference / "homework" / "students.json").read_text())
        sid, params = gradescope_student(root, students)
        # the questions, for a results.json in which every one fails if the checking cannot run
        lab = HomeworkLab(chapter, reference, problem_params(chapter) if params is None else params)
        if students and sid is None:
            raise HomeworkError("the submitting student is not in the roster this autograder "
                                "was built with")
        tree = work / "tree"
        trees.copy_tree(reference, tree)
        # only the chapter's own files come from the submission: answers and programs
        submission = trees.find_root(root / "submission")
        hw_dir = submission / "homework" / chapter.dirname
        source = hw_dir if hw_dir.is_dir() else submission
        dest = tree / "homework" / chapter.dirname
        for path in source.iterdir():
            if (path.name == ANSWERS or path.suffix in (".c", ".h")) and path.is_file():
                shutil.copyfile(path, dest / path.name)
        if params is not None:
            write(dest / PROBLEM, json.dumps(
                {"chapter": chapter.dirname, "student": sid, "params": params}) + "\n")
        out = work / "out"
        check(chapter, tree, reference, out, strict=False, jobs=os.cpu_count())
        results_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / "results.json", results_path)
    except Exception as e:
        reason = (str(e) if isinstance(e, HomeworkError)
                  else "the autograder failed:\n" + traceback.format_exc())
        print(reason)
        report.write_json(results_path, report.ungraded_results(lab.tests if lab else [], reason))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main_gradescope(argv=None):
    parser = argparse.ArgumentParser(prog="homework gradescope")
    commands = parser.add_subparsers(dest="command", required=True)
    z = commands.add_parser("gradescope-zip")
    z.add_argument("--hw", required=True)
    z.add_argument("--out", required=True)
    z.add_argument("--roster", default=None)
    z.add_argument("--secret", default=None)
    z.add_argument("--secret-file", default=None)
    z.add_argument("--reference", default=DEFAULT_REFERENCE)
    r = commands.add_parser("gradescope-run")
    r.add_argument("--hw", required=True)
    r.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    args = parser.parse_args(argv)
    if args.command == "gradescope-run":
        return gradescope_run(args.hw, args.root)
    try:
        chapter = load_chapter(args.reference, args.hw)
        roster = read_roster(args.roster) if args.roster else None
        secret = get_secret(args, roster is not None)
        gradescope_zip(chapter, args.reference, args.out, roster, secret)
    except HomeworkError as e:
        print(f"gradescope: {e}", file=sys.stderr)
        return 2
    return 0


COMMANDS = {"assign": main_assign, "check": main_check, "grade": main_grade}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        # stopped from outside (a batch's backstop): unwind, so that every QEMU is stopped
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        return COMMANDS[argv[0]](argv[1:])
    return main_gradescope(argv)


if __name__ == "__main__":
    sys.exit(main())
