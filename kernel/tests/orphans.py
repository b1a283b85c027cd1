#!/usr/bin/env python3
"""A file and a directory unlinked while still open, then the machine stops: the image must be
clean with both on the orphan list (mkfs/fsck), and the next boot must free them, leaving as
many inodes and data blocks in use as before. Ends with 'N passed, M failed'.
Needs the repository on PYTHONPATH (the Makefile sets it).
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grading.qemu import Machine, MachineError

ROOT = Path(__file__).resolve().parent.parent.parent
FSCK = ROOT / "mkfs" / "fsck"
CLEAN = re.compile(r"clean, (\d+) inodes and (\d+) data blocks in use(?:, (\d+) of the inodes)?")

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else f": {detail}"),
          flush=True)
    if ok:
        passed += 1
    else:
        failed += 1


def fsck(image):
    """(inodes, data blocks, orphans) in use if fsck finds the image clean, else its output."""
    out = subprocess.run([str(FSCK), str(image)], capture_output=True, text=True).stdout
    m = CLEAN.search(out)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else out.strip()


def main():
    work = Path(tempfile.mkdtemp(prefix="orphans-"))
    try:
        # The first boot makes what init makes (the console's device file): the baseline.
        booted, crashed, reclaimed = work / "booted.img", work / "crashed.img", work / "reclaimed.img"
        with Machine(ROOT, cpus=1) as m:
            m.wait_for_shell(60)
            m.kill()
            shutil.copyfile(m.disk, booted)
        before = fsck(booted)
        check(isinstance(before, tuple) and before[2] == 0, "a booted fs.img is clean, with no "
              "orphans", str(before))
        with Machine(ROOT, cpus=1, image=booted) as m:
            m.wait_for_shell(60)
            inodes = []
            for prog in ("forphan", "dorphan"):
                m.send(prog + " &\n")
                inodes.append(m.expect(prog + r": inode (\d+) unlinked while open", 30).group(1))
            # Each unlink returned, so its commit is on the disk: stop the machine now.
            m.kill()
            shutil.copyfile(m.disk, crashed)
        after_crash = fsck(crashed)
        check(isinstance(after_crash, tuple) and after_crash[2] == 2,
              "after the crash fsck finds the image clean, with the 2 inodes on the orphan list",
              str(after_crash))
        with Machine(ROOT, cpus=1, image=crashed) as m:
            m.wait_for_shell(60)
            freed = re.findall(r"ireclaim: freeing inode (\d+)", m.output)
            m.kill()
            shutil.copyfile(m.disk, reclaimed)
        check(sorted(freed) == sorted(inodes), "the next boot frees both inodes",
              f"it freed {freed or 'none'}, the orphans were {inodes}")
        after = fsck(reclaimed)
        check(after == before, "then as many inodes and data blocks are in use as before, "
              "and the orphan list is empty", f"before {before}, after {after}")
    except MachineError as e:
        check(False, "the boots", str(e))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
