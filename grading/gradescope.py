"""The Gradescope autograder zip of a lab, and what runs inside it.

The zip holds setup.sh, run_autograder and tree/: the lab's handout (tests and grading files,
no solution, since a submission runs where it could read them).  Gradescope unpacks it in
/autograder/source; run_autograder copies the handout and then /autograder/submission over it
into a fresh tree, grades that with the handout as the trusted reference, and writes
/autograder/results/results.json.  AUTOGRADER_ROOT moves /autograder, for testing.
`python3 -m grading.gradescope check --lab L` runs the zip that way with the reference tree
as the submission (make test does, on a CPU without Sstc as QEMU 6.2's).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from grading import handout, procs, report, trees
from grading.runner import DEFAULT_REFERENCE, Grading, GradingError, load_lab

DEBIAN_PACKAGES = ["make", "build-essential", "git", "python3", "gcc-riscv64-unknown-elf",
                   "binutils-riscv64-unknown-elf", "qemu-system-misc"]

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends {packages}
"""

CHECK_LIMIT = 900  # seconds for check's whole run_autograder (build and tests)

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission (lab {lab}).
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHONPATH="$ROOT/source/tree" exec python3 -m grading.gradescope run --lab {lab} --root "$ROOT"
"""


def add_file(archive, name, data, mode=0o644):
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def build_zip(reference, lab_name, out_zip, log=print):
    """Write the autograder zip for a lab; return its path."""
    lab = load_lab(reference, lab_name)
    work = Path(tempfile.mkdtemp(prefix="gradescope-"))
    try:
        tree = work / "tree"
        handout.make_handout(reference, lab_name, tree, log=lambda s: None, git=False)
        missing = [p for p in lab.trusted_paths() if not (tree / p).exists()]
        if missing:
            raise GradingError(f"trusted files missing from the handout: {', '.join(missing)}")
        Path(out_zip).resolve().parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out_zip, "w") as archive:
            add_file(archive, "setup.sh", SETUP_SH.format(packages=" ".join(DEBIAN_PACKAGES)), 0o755)
            add_file(archive, "run_autograder", RUN_AUTOGRADER.format(lab=lab_name), 0o755)
            for rel in trees.walk_files(tree):
                path = tree / rel
                add_file(archive, "tree/" + rel, path.read_bytes(), path.stat().st_mode & 0o777)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"gradescope: lab {lab_name}: wrote {out_zip} (upload it as the autograder)")
    return out_zip


def run_autograder(lab_name, root):
    """Grade root/submission against root/source/tree; always write root/results/results.json."""
    root = Path(root)
    reference = root / "source" / "tree"
    results_path = root / "results" / "results.json"
    work = Path(tempfile.mkdtemp(prefix="autograder-"))
    lab = None
    try:
        lab = load_lab(reference, lab_name)
        tree = work / "tree"
        trees.copy_tree(reference, tree)
        submission = trees.find_root(root / "submission")
        count = trees.copy_tree(submission, tree)
        print(f"copied {count} files of the submission over the lab's starter tree")
        out = work / "out"
        Grading(lab, tree, reference, out, jobs=os.cpu_count()).run()
        results_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / "results.json", results_path)
    except Exception:
        reason = "the autograder failed:\n" + traceback.format_exc()
        print(reason)
        report.write_json(results_path, report.ungraded_results(lab.tests if lab else [], reason))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def unpack_zip(zip_path, root):
    """Lay the zip out as Gradescope does: its files in root/source, run_autograder in root,
    an empty root/results (zipfile drops file modes: put them back)."""
    root = Path(root)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():
            mode = info.external_attr >> 16 & 0o777
            if mode:
                (root / "source" / info.filename).chmod(mode)
    shutil.copy2(root / "source" / "run_autograder", root)
    (root / "results").mkdir(exist_ok=True)
    return root


def check_reference(reference, lab_name, log=print):
    """Run the zip's run_autograder on a simulated /autograder with the reference tree as the
    submission; return the problems found ([] when it scores full marks)."""
    work = Path(tempfile.mkdtemp(prefix="gradescope-check-"))
    try:
        zip_path = build_zip(reference, lab_name, work / "autograder.zip", log=lambda line: None)
        root = unpack_zip(zip_path, work / "ag")
        for rel in trees.source_files(reference):
            trees.copy_file(Path(reference) / rel, root / "submission" / rel)
        env = dict(os.environ, AUTOGRADER_ROOT=str(root))
        with tempfile.TemporaryFile() as out:
            code = procs.run([str(root / "run_autograder")], CHECK_LIMIT, env=env, stdout=out,
                             stderr=subprocess.STDOUT)
            out.seek(0)
            transcript = out.read().decode("utf-8", "replace")
        results_path = root / "results" / "results.json"
        if code is None:
            return [f"run_autograder ran past {CHECK_LIMIT}s"]
        if not results_path.is_file():
            return ["run_autograder wrote no results.json:\n" + transcript]
        results = json.loads(results_path.read_text())
        score = results.get("score", 0)
        top = sum(t.get("max_score", 0) for t in results.get("tests", []))
        log(f"gradescope: lab {lab_name}: the reference scores {score:g}/{top:g}")
        if not top or score != top:
            lost = [f"{t['name']}: {t.get('output', '').strip()}" for t in results.get("tests", [])
                    if t.get("score") != t.get("max_score")]
            return [f"lab {lab_name}: the reference scores {score:g}/{top:g}"] + lost
        return []
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gradescope", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    zip_cmd = commands.add_parser("zip", help="write the autograder zip")
    zip_cmd.add_argument("--lab", required=True)
    zip_cmd.add_argument("--out", required=True)
    zip_cmd.add_argument("--reference", default=DEFAULT_REFERENCE)
    run_cmd = commands.add_parser("run", help="grade inside Gradescope (run_autograder)")
    run_cmd.add_argument("--lab", required=True)
    run_cmd.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    check_cmd = commands.add_parser("check", help="run the zip on the reference as a submission")
    check_cmd.add_argument("--lab", required=True)
    check_cmd.add_argument("--reference", default=DEFAULT_REFERENCE)
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_autograder(args.lab, args.root)
    if args.command == "check":
        try:
            problems = check_reference(args.reference, args.lab)
        except (GradingError, handout.HandoutError) as e:
            problems = [str(e)]
        for problem in problems:
            print(f"FAIL {problem}")
        print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
        return 1 if problems else 0
    return handout.exit_status("gradescope", lambda: build_zip(args.reference, args.lab, args.out))


if __name__ == "__main__":
    sys.exit(main())
