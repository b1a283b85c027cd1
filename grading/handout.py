"""Write a lab's starter tree from the reference tree, and check it holds no solution."""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from grading import regions, trees

CLANG_FORMAT_TIMEOUT = 120  # seconds


class HandoutError(Exception):
    pass


def lab_names(reference):
    labs_dir = Path(reference) / "labs"
    if not labs_dir.is_dir():
        return []
    return sorted(d.name for d in labs_dir.iterdir() if (d / "grade.py").is_file())


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


def make_handout(reference, lab, out, keep=(), log=print):
    """Write the starter tree of `lab` into `out` (which must not exist or be empty).
    Returns the list of files written."""
    reference = Path(reference).resolve()
    out = Path(out).resolve()
    known = lab_names(reference)
    if lab not in known:
        raise HandoutError(f"no lab {lab!r} in {reference}/labs (labs: {', '.join(known) or 'none'})")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise HandoutError(f"{out} exists and is not an empty folder")
    try:
        return write_handout(reference, lab, out, known, keep, log)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # never leave a half-written or leaking handout
        raise


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
    args = parser.parse_args(argv)
    try:
        make_handout(args.reference, args.lab, args.out, keep=args.keep)
    except HandoutError as e:
        print(f"handout: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
