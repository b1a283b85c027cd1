"""Tests of the fs lab: the doubly-indirect block and symbolic links (labs/fs/README.md).

The big-file tests run the given program bigfile on a file reaching into the doubly-indirect
block's tree (about 300 blocks: the largest file, 65,803 blocks, takes the kernel many
minutes to write, so `make test-fs-maxfile` checks that one apart). The symbolic-link
tests each run one case of the given program symlinktest, which prints
'symlinktest CASE: ok' or what went wrong.
"""
import re

from grading.lab import Lab

NDIRECT, NINDIRECT = 11, 256
MAXFILE = NDIRECT + NINDIRECT + NINDIRECT * NINDIRECT

lab = Lab("fs", overlay=["user/bigfile.c", "user/symlinktest.c", "kernel/kstats.h"], cpus=3,
          time_limit=300)

bigfile_runs = {}  # what the bigfile test saw, for the test that checks the free blocks


@lab.test(30, timeout=90)
def bigfile(t):
    """A file past the old limit, into the doubly-indirect block's tree, reads back as written."""
    # Past the direct blocks and the indirect block's, into the doubly-indirect block's.
    blocks = NDIRECT + NINDIRECT + t.randint(20, 60)
    out = t.run(f"bigfile {blocks}", timeout=80, what=f"bigfile to write {blocks} blocks")
    t.log(out.strip())
    t.match(rf"^bigfile: MAXFILE {MAXFILE}$", out,
            f"MAXFILE (kernel/fs.h) should be {MAXFILE} blocks:\n{out.strip()}")
    t.match(rf"^bigfile: wrote {blocks} blocks$", out,
            f"could not write a file of {blocks} blocks:\n{out.strip()}")
    t.match(rf"^bigfile: read back {blocks} blocks, first bad block -1$", out,
            f"the file did not read back as written:\n{out.strip()}")
    bigfile_runs[t.tree] = (blocks, out)


@lab.test(15, after="bigfile")
def bigfile_free(t):
    """Truncating and unlinking the big file free every block it used, the indirect ones too."""
    blocks, out = bigfile_runs[t.tree]
    m = re.search(r"^bigfile: free blocks (\d+) before, (\d+) with the file, (\d+) after truncate, "
                  r"(\d+) after unlink$", out, re.M)
    t.check(m is not None, f"bigfile did not count the free blocks:\n{out.strip()}")
    before, used, truncated, unlinked = int(m[1]), int(m[2]), int(m[3]), int(m[4])
    # The data, the indirect block, the doubly-indirect block and the one table below it.
    t.check(before - used == blocks + 3,
            f"the file of {blocks} blocks took {before - used} blocks, not {blocks + 3}")
    t.check(truncated == before, f"truncating the file gave back {truncated - used} of the "
            f"{before - used} blocks it took")
    t.check(unlinked == before, f"after unlinking it, {before - unlinked} blocks are still in use")


def symlinktest(t, case, timeout=20):
    out = t.run(f"symlinktest {case}", timeout=timeout)
    t.log(out.strip())
    t.match(rf"^symlinktest {case}: ok$", out, f"symlinktest {case} failed:\n{out.strip()}")


@lab.test(10)
def symlink_file(t):
    """A link to a file opens, reads, writes and execs it; unlink removes only the link."""
    symlinktest(t, "file")


@lab.test(10)
def symlink_dir(t):
    """open and chdir follow a link to a directory."""
    symlinktest(t, "dir")


@lab.test(10)
def symlink_chain(t):
    """A chain of 10 links is followed; a chain of 11 is not."""
    symlinktest(t, "chain")


@lab.test(10, timeout=20)
def symlink_cycle(t):
    """Opening a link in a cycle fails, and does not hang."""
    symlinktest(t, "cycle", timeout=15)


@lab.test(5)
def symlink_nofollow(t):
    """O_NOFOLLOW opens the link itself: type T_SYMLINK, the target as its content."""
    symlinktest(t, "nofollow")


@lab.test(5)
def symlink_dangling(t):
    """A link to nothing is made, fails to open, and opens once its target exists."""
    symlinktest(t, "dangling")


@lab.test(5, timeout=60)
def symlink_concurrent(t):
    """Four processes make and remove links at once, more than there are in-memory inodes."""
    symlinktest(t, "concurrent", timeout=50)
