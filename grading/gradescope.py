"""The Gradescope autograder zip of a lab, and what runs inside it.

The zip holds setup.sh, run_autograder and tree/: the lab's handout (tests and grading files,
no solution, since a submission runs where it could read them).  Gradescope unpacks it in
/autograder/source; run_autograder copies the handout and then /autograder/submission over it
into a fresh tree, grades that with the handout as the trusted reference, and writes
/autograder/results/results.json.  AUTOGRADER_ROOT moves /autograder, for testing.
"""
import argparse
import os
import shutil
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from grading import handout, report, trees
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
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_autograder(args.lab, args.root)
    return handout.exit_status("gradescope", lambda: build_zip(args.reference, args.lab, args.out))


if __name__ == "__main__":
    sys.exit(main())
