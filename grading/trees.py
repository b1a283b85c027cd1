"""Copying source trees: which files make up a tree, without git metadata or build outputs."""
import fnmatch
import shutil
from pathlib import Path

from grading import procs

# Build outputs and metadata never copied into a grading tree or a handout, in .gitignore's
# spirit: a leading '/' anchors a pattern at the top of the tree, a trailing '/' means a folder.
# (.git is a folder, or in a linked work tree or a submodule a file that points to one.)
SKIPPED = [".git", "/build/", "__pycache__/", "*.pyc", "*.o", "*.d", "*.a", "*.asm", "*.sym",
           "/kernel/kernel", "/fs.img", "/swap.img", "/user/_*", "/user/usys.S", "/mkfs/mkfs", "/sims/bin/",
           "/sims/build/", "/.gdbinit"]
GIT_TIMEOUT = 60  # seconds for git to list a tree's files


def skipped(relpath, is_dir=False):
    """True for git metadata and build outputs, or anything inside them (relpath uses '/')."""
    parts = relpath.split("/")
    for pattern in SKIPPED:
        folder_only = pattern.endswith("/")
        anchored = pattern.startswith("/")
        glob = pattern.strip("/")
        for i in range(len(parts)):
            is_folder = i < len(parts) - 1 or is_dir
            candidate = "/".join(parts[:i + 1]) if anchored else parts[i]
            if fnmatch.fnmatchcase(candidate, glob) and (is_folder or not folder_only):
                return True
    return False


def walk_files(root, exclude=()):
    """Relative paths ('/'-separated) of the tree's files, build outputs left out."""
    root = Path(root).resolve()
    exclude = {Path(e).resolve() for e in exclude}
    found = []

    def visit(folder, rel_dir):
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            rel = rel_dir + entry.name
            if entry.is_symlink() and entry.is_dir():
                continue  # as os.walk: a link to a folder is neither a file nor walked into
            if entry.is_dir():
                if not skipped(rel, is_dir=True) and entry not in exclude:
                    visit(entry, rel + "/")
            elif not skipped(rel):
                found.append(rel)

    if root.is_dir():
        visit(root, "")
    return found


def source_files(root, exclude=()):
    """The files of a source tree: git's view (tracked plus untracked, not ignored) when the
    tree is a git work tree, else every file; build outputs always left out."""
    root = Path(root)
    if (root / ".git").exists():
        proc = procs.captured(["git", "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], GIT_TIMEOUT, cwd=root,
                              encoding="utf-8", errors="surrogateescape")
        if proc is not None and proc.returncode == 0:
            excluded = []
            for e in exclude:
                try:
                    excluded.append(Path(e).resolve().relative_to(root.resolve()).as_posix())
                except ValueError:
                    pass  # outside the tree: nothing to leave out
            files = []
            for rel in sorted(set(proc.stdout.split("\0"))):
                if not rel or skipped(rel) or not (root / rel).is_file():
                    continue
                if any(rel == e or rel.startswith(e.rstrip("/") + "/") for e in excluded):
                    continue
                files.append(rel)
            return files
    return walk_files(root, exclude)


def copy_file(src, dst):
    """Copy one file, replacing whatever is at dst (never writing through a symlink)."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.is_symlink() or dst.is_file():
        dst.unlink()
    elif dst.is_dir():
        shutil.rmtree(dst)
    shutil.copy2(src, dst)


def write_text(path, text):
    """Write a text file, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def copy_tree(src, dst):
    """Copy a submission's files (no git metadata, no build outputs, no symlinks) into dst."""
    src, dst = Path(src), Path(dst)
    count = 0
    for rel in walk_files(src):
        path = src / rel
        if path.is_symlink() or not path.is_file():
            continue
        copy_file(path, dst / rel)
        count += 1
    return count


def find_root(path, marker="Makefile"):
    """The folder holding the tree: path itself, or the one folder it wraps (archives often do)."""
    path = Path(path)
    while not (path / marker).exists():
        entries = [e for e in path.iterdir() if not e.name.startswith(".") and e.name != "__MACOSX"]
        if len(entries) == 1 and entries[0].is_dir():
            path = entries[0]
        else:
            break
    return path
