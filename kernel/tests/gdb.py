#!/usr/bin/env python3
"""The gdb workflow for user programs (tools/gdb-user.py) on a running kernel.

Boots the kernel with QEMU's gdb stub on a free port, starts gdb-multiarch in batch mode with
a .gdbinit made from tools/gdbinit.tmpl as make qemu-gdb makes it, sets `ubreak echo main`,
and types at the shell: `echo2 bye` (a link to echo: the same code at the same addresses, in
a process named echo2), `ls`, then `echo hi`. gdb must stop once, in the echo process, with
argv[1] "hi"; its hits in echo2 show that a plain breakpoint would have stopped in the wrong
process. Skipped (with the reason) only when gdb-multiarch is not installed.

Prints one line per check, then 'N passed, M failed'.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

from grading import procs
from grading.qemu import Machine, MachineError, qemu_command

TREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GDB = "gdb-multiarch"
GDB_LIMIT = 60  # seconds for the whole gdb session

# After `continue` gdb waits for the ubreak; then it looks around and lets the machine go on.
COMMANDS = """\
ubreak echo main
continue
print argv[1]
print/x $satp
uprog
detach
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_gdbinit(folder, port):
    with open(os.path.join(TREE, "tools", "gdbinit.tmpl")) as f:
        text = f.read().replace(":1234", f":{port}")
    path = os.path.join(folder, "gdbinit")
    with open(path, "w") as f:
        f.write(text)
    return path


class Gdb:
    """gdb-multiarch in batch mode, its output collected by a thread."""

    def __init__(self, gdbinit, commands):
        self.proc = procs.start([GDB, "-batch", "-nx", "-x", gdbinit, "-x", commands], cwd=TREE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.chunks = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.chunks.append(line.decode("utf-8", "replace"))

    def finish(self, timeout):
        status = procs.wait(self.proc, timeout)
        self.reader.join(5)
        return status

    @property
    def output(self):
        return "".join(self.chunks)


def session(m, folder, port):
    """Run the scenario; return (console checks, gdb's exit status, gdb's output)."""
    commands = os.path.join(folder, "commands")
    with open(commands, "w") as f:
        f.write(COMMANDS)
    gdb = Gdb(write_gdbinit(folder, port), commands)
    console = {}
    try:
        m.wait_for_shell(60)
        m.run("ln echo echo2", 20)
        try:
            console["echo2"] = m.run("echo2 bye", 20).strip() == "bye"
        except MachineError:
            console["echo2"] = False  # the machine stopped: gdb stopped in echo2
        console["ls"] = "README" in m.run("ls", 20)
        console["echo"] = m.run("echo hi", 40).strip() == "hi"  # gdb stops it, then detaches
    except MachineError as e:
        console["boot"] = f"{e.reason}"
    status = gdb.finish(GDB_LIMIT)
    return console, status, gdb.output


def main():
    if shutil.which(GDB) is None:
        print(f"SKIP gdb: {GDB} is not installed (tools/ensure-deps installs it)")
        print("0 passed, 0 failed")
        return 0
    port = free_port()

    def launcher(kernel, disk, cpus):
        return qemu_command(kernel, disk, cpus, gdb_port=port)

    with tempfile.TemporaryDirectory(prefix="gdb-test-") as folder, \
            Machine(TREE, cpus=3, launcher=launcher) as m:
        console, status, out = session(m, folder, port)
        console_text = m.output

    announced = re.findall(r"^uprog: pid (\d+) runs echo$", out, re.M)
    stops = re.findall(r"^uprog: pid (\d+) \(echo\) on hart \d+$", out, re.M)
    satp = re.search(r"^\$2 = (0x[0-9a-f]+)$", out, re.M)
    table = re.search(r"^  pid (\d+) echo RUNNING page table (0x[0-9a-f]+)$", out, re.M)
    counts = re.search(r"^ubreak \d+: echo main at 0x[0-9a-f]+: stopped (\d+) times, "
                       r"skipped (\d+) hits", out, re.M)
    checks = [
        ("the shell runs echo2, ls and echo with gdb attached",
         "boot" not in console and all(console.values())),
        ("gdb announces the echo process", len(announced) == 1),
        ("gdb stops once, in the echo process", len(stops) == 1 and stops == announced),
        ("the stop is in echo's main with argv[1] \"hi\"",
         re.search(r'^\$1 = 0x[0-9a-f]+ "hi"$', out, re.M) is not None),
        ("the hart's satp selects the echo process's page table",
         satp is not None and table is not None and [table.group(1)] == stops
         and (int(satp.group(1), 16) & ((1 << 44) - 1)) << 12 == int(table.group(2), 16)),
        ("echo2 ran through the same address and did not stop",
         counts is not None and counts.group(1) == "1" and int(counts.group(2)) >= 1),
        ("gdb detaches and exits cleanly", status == 0),
    ]
    failed = 0
    for name, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'} gdb: {name}")
        failed += not ok
    if failed:
        print(f"--- gdb's output (exit status {status}):\n{out}")
        print(f"--- console checks: {console}\n--- console:\n{console_text[-3000:]}")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
