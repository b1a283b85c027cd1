"""Boot the kernel headless in QEMU and talk to its shell, for tests and grading.

A Machine runs QEMU on a private copy of the disk image, reads the serial console in a
background thread, and lets a caller type text and wait for regular expressions with a
time limit.  Runaway output is capped, and a panic or an exited QEMU ends a wait at once
with the reason, so a broken kernel costs a test, never the caller's time.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

PROMPT = re.compile(r"(?m)^\$ $")
PANIC = re.compile(r"panic: [^\n]*")
OUTPUT_CAP = 4 * 1024 * 1024  # bytes of console output kept before the run counts as a flood


class MachineError(Exception):
    """A wait that could not succeed: timeout, panic, QEMU exit, or flooding."""

    def __init__(self, reason, output=""):
        super().__init__(reason)
        self.reason = reason
        self.output = output


def qemu_command(kernel, disk, cpus=1, memory="128M"):
    """The QEMU command line for QEMU's virt machine with our kernel and one virtio disk."""
    return ["qemu-system-riscv64", "-machine", "virt", "-bios", "none",
            "-kernel", kernel, "-m", memory, "-smp", str(cpus),
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-global", "virtio-mmio.force-legacy=false",
            "-drive", f"file={disk},if=none,format=raw,id=x0",
            "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]


class Machine:
    """One headless boot of a kernel on a fresh copy of a disk image."""

    def __init__(self, tree=".", cpus=1, kernel=None, image=None, output_cap=OUTPUT_CAP,
                 launcher=qemu_command):
        # launcher(kernel, disk, cpus) gives the command line; tests of the grader swap in a stand-in
        self.launcher = launcher
        self.kernel = os.path.abspath(kernel or os.path.join(tree, "kernel", "kernel"))
        self.image = os.path.abspath(image or os.path.join(tree, "fs.img"))
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
            if not os.path.exists(path):
                raise MachineError(f"missing {os.path.basename(path)}: build it first")
        self._dir = tempfile.mkdtemp(prefix="qemu-run-")
        disk = os.path.join(self._dir, "fs.img")
        shutil.copyfile(self.image, disk)
        self._proc = subprocess.Popen(
            self.launcher(self.kernel, disk, self.cpus), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._reader, daemon=True).start()
        return self

    def kill(self):
        """End QEMU now (safe from another thread); a wait in progress reports 'QEMU exited'."""
        if self._proc and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self):
        if self._proc and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
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

    def expect(self, pattern, timeout=30.0):
        """Wait until pattern matches the output after the last match; return the match."""
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
                    raise MachineError(f"kernel panic: {panic.group(0)}", text)
                if len(self._buf) >= self.output_cap:
                    raise MachineError(f"console output passed {self.output_cap} bytes", text)
                if self._eof:
                    raise MachineError("QEMU exited", text)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise MachineError(f"timed out after {timeout:g}s waiting for {regex.pattern!r}", text)
                self._lock.wait(min(left, 0.5))

    def settle(self, quiet=1.5, timeout=30.0):
        """Wait until the console has been silent for `quiet` seconds, then forget the output
        so far: the next wait looks only at what comes after."""
        deadline = time.monotonic() + timeout
        with self._lock:
            size, since = len(self._buf), time.monotonic()
            while time.monotonic() - since < quiet:
                if time.monotonic() > deadline:
                    raise MachineError(f"console still busy after {timeout:g}s", self.output)
                self._lock.wait(0.2)
                if len(self._buf) != size:
                    size, since = len(self._buf), time.monotonic()
            self._pos = len(self._buf.decode("utf-8", "replace"))

    def wait_for_shell(self, timeout=60.0):
        return self.expect(PROMPT, timeout)

    def run(self, command, timeout=30.0):
        """Type a command line, wait for the next prompt, return what it printed."""
        self.send(command + "\n")
        start = self._pos
        m = self.expect(PROMPT, timeout)
        text = self.output[start:m.start()]
        # drop the echo of the command line itself
        first_newline = text.find("\n")
        return text[first_newline + 1:] if first_newline >= 0 else ""
