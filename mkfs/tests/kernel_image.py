#!/usr/bin/env python3
"""An image the kernel has written is clean: boot it on a copy of fs.img, make and remove
files and directories from the shell, stop QEMU once the shell is back (every system call
has committed by then), and run mkfs/fsck on the disk.

Prints what it did and fsck's output, then 'N passed, M failed'. Needs the repository on
PYTHONPATH (the Makefile sets it) and a built kernel, fs.img and mkfs/fsck.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from grading.qemu import Machine, MachineError, qemu_command

TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

# Directories, a file in one, a hard link, a file big enough for an indirect block, and
# things made and then removed, so that blocks and inodes are freed as well as allocated.
COMMANDS = [
    "mkdir a",
    "mkdir a/b",
    "echo hello > a/b/f",
    "ln a/b/f g",
    "cat README > a/copy",
    "mkdir gone",
    "echo bye > gone/x",
    "rm gone/x",
    "rm gone",
    "echo x > h",
    "rm h",
    "ls a",
]


def main():
    disks = []

    def launcher(kernel, disk, cpus):
        disks.append(disk)
        return qemu_command(kernel, disk, cpus)

    checks = []
    workdir = tempfile.mkdtemp(prefix="fsck-kernel-")
    image = os.path.join(workdir, "fs.img")
    try:
        m = Machine(TREE, cpus=1, launcher=launcher)
        try:
            m.start()
            m.wait_for_shell(60)
            for command in COMMANDS:
                m.run(command, 30)
            problem = None
        except MachineError as e:
            problem = e.reason
        m.kill()  # the shell is back: every system call has committed
        if disks:
            shutil.copyfile(disks[0], image)
        print(m.output.rstrip())
        m.stop()
        checks.append(("kernel ran the commands", problem))

        # The files made are there: 4 more inodes than the image from mkfs plus the console.
        fsck = os.path.join(TREE, "mkfs", "fsck")
        before = subprocess.run([fsck, os.path.join(TREE, "fs.img")], capture_output=True,
                                text=True, timeout=60).stdout
        proc = subprocess.run([fsck, image], capture_output=True, text=True, timeout=60)
        print(proc.stdout + proc.stderr, end="")
        made = re.search(r": clean, (\d+) inodes", before)
        after = re.search(r": clean, (\d+) inodes", proc.stdout)
        clean = proc.returncode == 0 and after
        checks.append(("fsck finds the image clean", None if clean else f"exit {proc.returncode}"))
        grown = made and after and int(after.group(1)) == int(made.group(1)) + 5
        checks.append(("the image holds what the shell made", None if grown else "inode count"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    failed = 0
    for name, problem in checks:
        print(f"{'FAIL' if problem else 'ok  '} {name}" + (f": {problem}" if problem else ""))
        failed += problem is not None
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
