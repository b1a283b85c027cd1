"""Write a lab's starter tree from the reference tree, check it holds no solution, and make it
a git repository of one commit."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grading import procs, regions, trees
from grading.runner import GradingError, check_lab, lab_names

CLANG_FORMAT_TIMEOUT = 120  # seconds
GIT_TIMEOUT = 120  # seconds for one git command on the handout
# The handout's commit is the course's, whoever writes it and whatever their git config says.
AUTHOR_NAME, AUTHOR_EMAIL = "Course staff", "staff@example.invalid"


class HandoutError(Exception):
    pass


# Reference programs of the homework's code chapters: answers, never handed out.
HOMEWORK_SOLUTIONS = "homework/tests/solutions/"


def left_out(rel, lab):
    """True for labs/<other>/... (another lab's handout and tests), every lab's mutants (wrong
    solutions that prove its tests: too close to the right ones) and the homework's reference
    programs."""
    parts = rel.split("/")
    other_lab = len(parts) > 2 and parts[0] == "labs" and parts[1] != lab
    mutants = len(parts) > 3 and parts[0] == "labs" and parts[2] == "mutants"
    return other_lab or mutants or rel.startswith(HOMEWORK_SOLUTIONS)


def read_text(path):
    data = Path(path).read_bytes()
    if b"\0" in data:
        return None  # binary: copied as is, never holds markers
    return data.decode("utf-8", "surrogateescape")


def make_handout(reference, lab, out, keep=(), log=print, git=True, extra=None):
    """Write the starter tree of `lab` into `out` (which must not exist or be empty), then, with
    `extra` files added ({path: text}), make it a git repository of one commit unless git is
    False. Returns the list of files written."""
    reference = Path(reference).resolve()
    out = Path(out).resolve()
    check_lab(reference, lab)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GradingError(f"{out} exists and is not an empty folder")
    if git and shutil.which("git") is None:
        raise HandoutError("git is not installed, and a handout is a git repository: install git "
                           "(apt-get install git), or write a plain folder (--no-git)")
    try:
        written = write_handout(reference, lab, out, lab_names(reference), keep, log)
        for rel, text in (extra or {}).items():
            if (out / rel).exists():
                raise HandoutError(f"{rel} is in the reference tree: it would be replaced")
            trees.write_text(out / rel, text)
            written.append(rel)
        if git:
            message = f"Starter code for lab {lab}"
            commit_handout(out, message)
            log(f"handout: {out} is a git repository: one commit on main, {message!r}")
        return written
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # never leave a half-written or leaking handout
        raise


def gitignore():
    """A .gitignore for a tree without one: the build outputs the grader never copies."""
    return "".join(p + "\n" for p in trees.SKIPPED if p != ".git")


def commit_handout(out, message):
    """Make out a git repository whose one commit (on main) holds every file of the handout."""
    if os.path.lexists(out / ".git"):
        raise HandoutError(f"{out / '.git'} exists: the handout would commit into it")
    if not (out / ".gitignore").exists():
        trees.write_text(out / ".gitignore", gitignore())
    # this repository and no other, whatever git would find from out
    git = ["git", f"--git-dir={out / '.git'}", f"--work-tree={out}",
           "-c", f"user.name={AUTHOR_NAME}", "-c", f"user.email={AUTHOR_EMAIL}"]
    with tempfile.TemporaryDirectory(prefix="handout-git-") as empty:
        # no GIT_DIR or author from the environment, no global or system config (hooks, signing)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.path.join(empty, "config"))
        Path(env["GIT_CONFIG_GLOBAL"]).touch()
        for args in (["init", "-q", str(out)], ["symbolic-ref", "HEAD", "refs/heads/main"],
                     ["add", "--all", "--force"], ["commit", "-q", "-m", message]):
            command = ["git", *args] if args[0] == "init" else [*git, *args]
            proc = procs.captured(command, GIT_TIMEOUT, cwd=out, env=env)
            if proc is None:
                raise HandoutError(f"git {args[0]} took more than {GIT_TIMEOUT}s")
            if proc.returncode != 0:
                raise HandoutError(f"git {args[0]} failed: {proc.stderr.strip()}")


def write_handout(reference, lab, out, known, keep, log):
    written, solution_lines, kept_lines, dropped, reshaped = [], [], [], [], []
    marked_labs = set()
    for rel in trees.source_files(reference, exclude=[out]):
        if left_out(rel, lab):
            continue
        src, dst = reference / rel, out / rel
        text = read_text(src)
        if text is None:
            trees.copy_file(src, dst)
            written.append(rel)
            continue
        try:
            result = regions.strip_regions(text, rel, keep)
        except regions.RegionError as e:
            raise HandoutError(str(e))
        marked_labs |= result.labs
        solution_lines += result.solution_lines
        if result.text is None:
            dropped.append(rel)
            continue
        kept_lines += result.text.splitlines()
        dst.parent.mkdir(parents=True, exist_ok=True)
        with dst.open("w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(result.text)
        shutil.copymode(src, dst)
        written.append(rel)
        if result.text != text and rel.endswith((".c", ".h")):
            reshaped.append(dst)
    format_c_files(out, reshaped, log)
    for name in sorted(marked_labs - set(known)):
        log(f"handout: warning: regions name lab {name!r}, which has no labs/{name}/grade.py")
    check_handout(out, regions.distinct_lines(solution_lines) - regions.distinct_lines(kept_lines))
    log(f"handout: lab {lab}: wrote {len(written)} files to {out}; "
        f"left out {len(dropped)} solution files and {len(solution_lines)} solution lines")
    return written


def format_c_files(out, paths, log):
    """Put C files whose regions were replaced back into the tree's style (.clang-format), so the
    handout passes the format suite as the reference does."""
    if not paths or not (out / ".clang-format").exists():
        return
    try:
        subprocess.run(["clang-format", "-i", *map(str, paths)], check=True,
                       timeout=CLANG_FORMAT_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as e:
        log(f"handout: warning: could not run clang-format on the changed C files: {e}")


def check_handout(out, secret_lines):
    """Fail if any marker or any distinctive solution line is in a file under out."""
    out = Path(out)
    problems = []
    for rel in trees.walk_files(out):
        text = read_text(out / rel)
        if text is None:
            continue
        if regions.has_marker(text, rel):
            problems.append(f"{rel}: a lab marker remains")
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip() in secret_lines:
                problems.append(f"{rel}:{number}: a solution line remains: {line.strip()}")
                break
    if problems:
        raise HandoutError("handout check failed:\n  " + "\n  ".join(problems[:20]))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="handout", description="Write a lab's starter tree: solutions replaced by stubs.")
    parser.add_argument("--lab", required=True)
    parser.add_argument("--out", required=True, help="folder to create (must not exist or be empty)")
    parser.add_argument("--reference", default=Path(__file__).resolve().parent.parent,
                        help="the reference tree (default: this one)")
    parser.add_argument("--keep", action="append", default=[], metavar="LAB",
                        help="keep the solution of LAB (a lab already handed back); repeatable")
    parser.add_argument("--no-git", dest="git", action="store_false",
                        help="write a plain folder, not a git repository")
    args = parser.parse_args(argv)
    return exit_status("handout", lambda: make_handout(args.reference, args.lab, args.out,
                                                       keep=args.keep, git=args.git))


def exit_status(prog, action):
    """Run a command's action: 0, or its error on one line and 2 for bad input (an unknown lab,
    a folder in the way), 1 for a handout that could not be written."""
    try:
        action()
    except GradingError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 2
    except HandoutError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
