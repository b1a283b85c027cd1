"""Copying source trees: which files make up a tree, without git metadata or build outputs."""
import fnmatch
import os
import shutil
import subprocess

# Build outputs and metadata never copied into a grading tree or a handout, in .gitignore's
# spirit: a leading '/' anchors a pattern at the top of the tree, a trailing '/' means a folder.
SKIPPED = [".git/", "/build/", "__pycache__/", "*.pyc", "*.o", "*.d", "*.a", "*.asm", "*.sym",
           "/kernel/kernel", "/fs.img", "/user/_*", "/user/usys.S", "/mkfs/mkfs", "/sims/bin/",
           "/sims/build/", "/.gdbinit"]


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
    root = os.path.abspath(root)
    exclude = {os.path.abspath(e) for e in exclude}
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames
                             if not skipped(rel_dir + d, is_dir=True)
                             and os.path.join(dirpath, d) not in exclude)
        for f in sorted(filenames):
            if not skipped(rel_dir + f):
                found.append(rel_dir + f)
    return found


def source_files(root, exclude=()):
    """The files of a source tree: git's view (tracked plus untracked, not ignored) when the
    tree is a git work tree, else every file; build outputs always left out."""
    if os.path.isdir(os.path.join(root, ".git")):
        proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              cwd=root, capture_output=True)
        if proc.returncode == 0:
            exclude = [os.path.relpath(os.path.abspath(e), os.path.abspath(root)) for e in exclude]
            files = []
            for rel in sorted(set(proc.stdout.decode("utf-8", "surrogateescape").split("\0"))):
                if not rel or skipped(rel) or not os.path.isfile(os.path.join(root, rel)):
                    continue
                if any(rel == e or rel.startswith(e.rstrip("/") + "/") for e in exclude):
                    continue
                files.append(rel)
            return files
    return walk_files(root, exclude)


def copy_file(src, dst):
    """Copy one file, replacing whatever is at dst (never writing through a symlink)."""
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.islink(dst) or os.path.isfile(dst):
        os.unlink(dst)
    elif os.path.isdir(dst):
        shutil.rmtree(dst)
    shutil.copy2(src, dst)


def copy_tree(src, dst):
    """Copy a submission's files (no git metadata, no build outputs, no symlinks) into dst."""
    count = 0
    for rel in walk_files(src):
        path = os.path.join(src, rel)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        copy_file(path, os.path.join(dst, rel))
        count += 1
    return count


def find_root(path, marker="Makefile"):
    """The folder holding the tree: path itself, or the one folder it wraps (archives often do)."""
    while not os.path.exists(os.path.join(path, marker)):
        entries = [e for e in os.listdir(path) if not e.startswith(".") and e != "__MACOSX"]
        if len(entries) == 1 and os.path.isdir(os.path.join(path, entries[0])):
            path = os.path.join(path, entries[0])
        else:
            break
    return path
