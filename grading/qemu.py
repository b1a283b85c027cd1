"""Boot the kernel in QEMU: the one QEMU command line, and a headless Machine to talk to.

A Machine runs QEMU on a private copy of the disk image, reads the serial console in a
background thread, and lets a caller type text and wait for regular expressions with a
time limit.  Runaway output is capped, and a panic or an exited QEMU ends a wait at once
with the reason, so a broken kernel costs a test, never the caller's time.

`python3 -m grading.qemu [--cpus N] [--gdb PORT]` boots it on the terminal (make qemu);
`--check` says whether this QEMU can run the kernel (tools/ensure-deps asks).
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grading import procs
from grading.failure import Failure

QEMU = "qemu-system-riscv64"
PROMPT = re.compile(r"(?m)^\$ $")
PANIC = re.compile(r"panic: [^\n]*")
OUTPUT_CAP = 4 * 1024 * 1024  # bytes of console output kept before the run counts as a flood
SWAP_SIZE = 4 * 1024 * 1024  # bytes of the swap disk a Machine boots with (1024 page slots)


def swap_image(disk):
    """The swap disk that goes with a disk image: swap.img beside it (the build makes one beside
    fs.img; a Machine, a fresh one beside its copy), or None: then the kernel does not swap."""
    swap = Path(disk).with_name("swap.img")
    return swap if swap.exists() else None


def awaited(pattern):
    """How a wait names what it waited for when nobody described it: the regular expression."""
    return f"output matching /{getattr(pattern, 'pattern', pattern)}/"


def copy_sparse(src, dst):
    """Copy a disk image, leaving its holes holes: a big image with few blocks in use (make
    FSSIZE=...) then costs only those blocks, in time and in space."""
    if not hasattr(os, "SEEK_DATA"):
        shutil.copyfile(src, dst)
        return
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        size = os.fstat(fin.fileno()).st_size
        pos = 0
        while pos < size:
            try:
                start = os.lseek(fin.fileno(), pos, os.SEEK_DATA)
            except OSError:  # no data past pos
                break
            end = os.lseek(fin.fileno(), start, os.SEEK_HOLE)
            fin.seek(start)
            fout.seek(start)
            left = end - start
            while left > 0:
                chunk = fin.read(min(left, 1 << 20))
                if not chunk:
                    break
                fout.write(chunk)
                left -= len(chunk)
            pos = end
        fout.truncate(size)


class DiskBoot:
    """One boot of a kernel on a disk image file used in place (what the kernel writes stays
    there), its console going to a file: for the crash-state explorer's driver and the journal
    lab's grader, which must see every block the kernel writes and boot on images they made."""

    def __init__(self, kernel, disk, log, bootargs="", cpus=1):
        self.log = Path(log)
        self.out = open(self.log, "wb")
        self.proc = subprocess.Popen(qemu_command(kernel, disk, cpus=cpus, bootargs=bootargs),
                                     stdin=subprocess.PIPE, stdout=self.out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pos = 0  # where the next wait_for looks from

    def text(self):
        return self.log.read_bytes().decode("utf-8", "replace")

    def wait_for(self, pattern, timeout, what=None):
        """Waits until pattern appears after the last match; returns the matched text.
        RuntimeError on a panic, QEMU's exit or the timeout. Reads only the console's new
        output each time: a block trace can be megabytes long."""
        regex = re.compile(pattern.encode())
        what = what or f"/{pattern}/"
        deadline = time.monotonic() + timeout
        while True:
            with open(self.log, "rb") as f:
                f.seek(self.pos)
                text = f.read()
            m = regex.search(text)
            if m:
                self.pos += m.end()
                return m.group(0).decode("utf-8", "replace")
            if b"panic: " in text:
                panic = text[text.index(b"panic: "):][:300].decode("utf-8", "replace")
                raise RuntimeError("kernel panic: " + panic)
            if self.proc.poll() is not None:
                raise RuntimeError(f"QEMU exited while waiting for {what}")
            if time.monotonic() > deadline:
                tail = "\n".join(text.decode("utf-8", "replace").splitlines()[-8:])
                raise RuntimeError(f"timed out after {timeout}s waiting for {what}; the console "
                                   f"ended with:\n{tail}")
            # Look again only at the tail, with room for a match that straddles it.
            self.pos = max(self.pos, self.pos + len(text) - 256)
            time.sleep(0.1)

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.out.close()


class MachineError(Exception):
    """A wait that could not succeed; kind says which (Failure.TIMEOUT, PANIC, ...)."""

    def __init__(self, kind, reason, output=""):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.output = output


def qemu_command(kernel, disk, cpus=1, memory="128M", interactive=False, gdb_port=None,
                 bootargs=None):
    """The QEMU command line: QEMU's virt machine with our kernel, the virtio disk and, when
    swap.img sits beside it, a second virtio disk for swap (swap_image). Headless
    (console on standard input and output) unless interactive (QEMU's own terminal handling,
    ^A x to quit); gdb_port makes it wait for gdb on that port."""
    command = [QEMU, "-machine", "virt", "-bios", "none",
               "-kernel", str(kernel), "-m", memory, "-smp", str(cpus)]
    if os.environ.get("QEMU_CPU"):
        command += ["-cpu", os.environ["QEMU_CPU"]]  # e.g. rv64,sstc=off: a CPU as QEMU 6.2's
    if interactive:
        command += ["-nographic"]
    else:
        command += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    command += ["-global", "virtio-mmio.force-legacy=false",
                "-drive", f"file={disk},if=none,format=raw,id=x0",
                "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]
    swap = swap_image(disk)
    if swap:
        command += ["-drive", f"file={swap},if=none,format=raw,id=x1",
                    "-device", "virtio-blk-device,drive=x1,bus=virtio-mmio-bus.1"]
    if gdb_port is not None:
        command += ["-S", "-gdb", f"tcp::{gdb_port}"]
    bootargs = os.environ.get("QEMU_BOOTARGS", "") if bootargs is None else bootargs
    if bootargs:
        command += ["-append", bootargs]  # the kernel's boot parameters, e.g. asids=2
    return command


class Machine:
    """One headless boot of a kernel on a fresh copy of a disk image."""

    def __init__(self, tree=".", cpus=1, kernel=None, image=None, output_cap=OUTPUT_CAP,
                 launcher=qemu_command):
        # launcher(kernel, disk, cpus) gives the command line; tests of the grader swap in a stand-in
        self.launcher = launcher
        self.kernel = Path(kernel or Path(tree) / "kernel" / "kernel").resolve()
        self.image = Path(image or Path(tree) / "fs.img").resolve()
        self.cpus = cpus
        self.output_cap = output_cap
        self._buf = bytearray()
        self._lock = threading.Condition()
        self._pos = 0  # start of the text not yet consumed by a wait
        self._eof = False
        self._dir = None
        self._proc = None

    # -- life cycle --------------------------------------------------------------------
    def start(self):
        for path in (self.kernel, self.image):
            if not path.exists():
                raise MachineError(Failure.BOOT, f"missing {path.name}: build it first")
        self._dir = Path(tempfile.mkdtemp(prefix="qemu-run-"))
        disk = self._dir / "fs.img"
        copy_sparse(self.image, disk)
        with open(self._dir / "swap.img", "wb") as swap:  # sparse: costs only what is written
            swap.truncate(SWAP_SIZE)
        self._proc = procs.start(self.launcher(self.kernel, disk, self.cpus), stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._reader, daemon=True).start()
        return self

    @property
    def disk(self):
        """The copy of the disk image this boot runs on (gone after stop())."""
        return self._dir / "fs.img" if self._dir else None

    def kill(self):
        """End QEMU now (safe from another thread); a wait in progress reports 'QEMU exited'."""
        if self._proc:
            procs.kill_group(self._proc)

    def stop(self):
        if self._proc:
            procs.kill_group(self._proc)
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _reader(self):
        out = self._proc.stdout
        while True:
            chunk = os.read(out.fileno(), 65536)
            with self._lock:
                if not chunk:
                    self._eof = True
                    self._lock.notify_all()
                    return
                if len(self._buf) < self.output_cap:
                    self._buf += chunk
                else:
                    self._eof = True  # flooding: stop listening, the wait reports it
                self._lock.notify_all()

    # -- talking to the console -----------------------------------------------------------
    @property
    def output(self):
        with self._lock:
            return self._buf.decode("utf-8", "replace")

    def send(self, text):
        try:
            self._proc.stdin.write(text.encode())
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # QEMU is gone; the next wait says why

    def expect(self, pattern, timeout=30.0, what=None):
        """Wait until pattern matches the output after the last match; return the match.
        what: the awaited output in words ("the shell prompt"), for the time-out's message."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                text = self._buf.decode("utf-8", "replace")
                m = regex.search(text, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                panic = PANIC.search(text, self._pos)
                if panic:
                    raise MachineError(Failure.PANIC, f"kernel panic: {panic.group(0)}", text)
                if len(self._buf) >= self.output_cap:
                    raise MachineError(Failure.FLOOD, f"console output passed {self.output_cap} bytes",
                                       text)
                if self._eof:
                    raise MachineError(Failure.QEMU_EXIT, "QEMU exited", text)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise MachineError(Failure.TIMEOUT, f"timed out after {round(timeout, 1):g}s "
                                       f"waiting for {what or awaited(regex)}", text)
                self._lock.wait(min(left, 0.5))

    def settle(self, quiet=1.5, timeout=30.0):
        """Wait until the console has been silent for `quiet` seconds, then forget the output
        so far: the next wait looks only at what comes after."""
        deadline = time.monotonic() + timeout
        with self._lock:
            size, since = len(self._buf), time.monotonic()
            while time.monotonic() - since < quiet:
                if time.monotonic() > deadline:
                    raise MachineError(Failure.TIMEOUT, f"console still busy after {timeout:g}s",
                                       self.output)
                self._lock.wait(0.2)
                if len(self._buf) != size:
                    size, since = len(self._buf), time.monotonic()
            self._pos = len(self._buf.decode("utf-8", "replace"))

    def wait_for_shell(self, timeout=60.0):
        return self.expect(PROMPT, timeout, "the shell prompt")

    def run(self, command, timeout=30.0, what=None):
        """Type a command line, wait for the next prompt, return what it printed. what: what
        the command's end means in words, for the time-out's message."""
        self.send(command + "\n")
        start = self._pos
        m = self.expect(PROMPT, timeout, what or f"the shell prompt after `{command}`")
        text = self.output[start:m.start()]
        # drop the echo of the command line itself
        first_newline = text.find("\n")
        return text[first_newline + 1:] if first_newline >= 0 else ""


OLDEST_QEMU = (6, 2)  # Ubuntu 22.04's: its CPU has no Sstc, so the kernel ticks through machine mode


def qemu_version():
    """(major, minor) of qemu-system-riscv64, or None when it is missing or says nothing."""
    try:
        out = subprocess.run([QEMU, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"version (\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def check_qemu():
    """Problems that keep this QEMU from running the kernel ([] if none), and notes. QEMU is
    asked to build the very machine the tests use (every option of qemu_command, plus the
    instruction-counted clock) and to dump its device tree instead of running it."""
    version = qemu_version()
    if version is None:
        return [f"{QEMU} is missing or does not print its version"], []
    named = "QEMU %d.%d" % version
    problems, notes = [], []
    if version < OLDEST_QEMU:
        notes.append(f"{named} is older than %d.%d, the oldest this kernel is known to boot on"
                     % OLDEST_QEMU)
    with tempfile.TemporaryDirectory(prefix="qemu-check-") as work:
        kernel, disk, dtb = Path(work, "kernel"), Path(work, "disk"), Path(work, "virt.dtb")
        kernel.write_bytes(b"\x6f\x00\x00\x00")  # one instruction: jump to itself
        disk.write_bytes(bytes(4096))
        command = qemu_command(kernel, disk, cpus=3) + ["-icount", "shift=4,sleep=on"]
        command[command.index("virt")] = f"virt,dumpdtb={dtb}"
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            return [f"{named} could not build the virt machine: {e}"], notes
        if proc.returncode != 0 or not dtb.is_file():
            errors = [line for line in proc.stderr.splitlines() if "dtb dumped" not in line]
            problems.append(f"{named} cannot build the machine the kernel runs on: "
                            + ("; ".join(errors) or f"exit status {proc.returncode}"))
        elif b"sstc" not in dtb.read_bytes():
            notes.append(f"{named}'s CPU has no Sstc extension: the kernel's timer ticks "
                         "through machine mode")
    return problems, notes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="qemu", description="Boot the kernel on this terminal.")
    parser.add_argument("--cpus", type=int, default=3)
    parser.add_argument("--gdb", type=int, default=None, metavar="PORT", help="wait for gdb")
    parser.add_argument("--kernel", default="kernel/kernel")
    parser.add_argument("--bootargs", default=None,
                        help="the kernel's boot parameters (default: $QEMU_BOOTARGS)")
    parser.add_argument("--disk", default="fs.img")
    parser.add_argument("--check", action="store_true",
                        help="check that this QEMU can run the kernel, and say what is wrong")
    args = parser.parse_args(argv)
    if args.check:
        problems, notes = check_qemu()
        for line in notes:
            print(f"note: {line}", file=sys.stderr)
        for line in problems:
            print(f"error: {line}", file=sys.stderr)
        return 1 if problems else 0
    command = qemu_command(args.kernel, args.disk, args.cpus, interactive=True, gdb_port=args.gdb,
                           bootargs=args.bootargs)
    print(" ".join(command), flush=True)
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
