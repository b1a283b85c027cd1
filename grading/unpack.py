"""Unpack one submission archive (a .tar.gz/.tgz or a git bundle) into a folder.

Run as its own process (`python3 -m grading.unpack ARCHIVE DEST`) so that the batch grader can
put a time limit on it: an archive is untrusted, and a huge or malicious one must cost only
its own grade. Only regular files and folders come out, never anything outside DEST.
"""
import sys
import tarfile
from pathlib import Path

from grading import procs

CLONE_TIMEOUT = 120  # seconds for git to clone a bundle


def unpack(archive, dest):
    """Unpack archive into dest (which must not exist); raises ValueError if it cannot."""
    archive, dest = Path(archive), Path(dest)
    dest.mkdir(parents=True)
    if archive.name.endswith(".bundle"):
        proc = procs.captured(["git", "clone", "-q", str(archive), str(dest / "repo")],
                              CLONE_TIMEOUT)
        if proc is None:
            raise ValueError(f"git clone of the bundle took more than {CLONE_TIMEOUT}s")
        if proc.returncode != 0:
            raise ValueError(f"not a usable git bundle: {proc.stderr.strip()}")
        return
    try:
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(dest, filter="data")
            else:
                safe_extract(tar, dest)
    except (tarfile.TarError, OSError) as e:
        raise ValueError(f"not a usable .tar.gz: {e}")


def safe_extract(tar, dest):
    """Extract regular files and folders only, never outside dest (Pythons before 3.12)."""
    root = dest.resolve()
    for member in tar.getmembers():
        target = (dest / member.name).resolve()
        if root not in target.parents:
            continue
        if member.isdir() or member.isfile():
            tar.extract(member, dest)


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python3 -m grading.unpack ARCHIVE DEST", file=sys.stderr)
        return 2
    try:
        unpack(*args)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
