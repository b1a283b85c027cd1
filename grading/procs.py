"""Child processes with a deadline: each runs in a process group of its own, and the whole
group is killed when its time is up, or when the grader itself is being stopped, so that
nothing a submission starts (make, QEMU, a shell loop) outlives the limit."""
import os
import signal
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the tree this grading package is in


def kill_group(proc, grace=0.0):
    """End proc's process group: SIGTERM first if grace > 0 (so it can stop its own children),
    then SIGKILL. Safe to call on a process that has already exited."""
    if proc.poll() is not None:
        return
    try:
        if grace > 0:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                pass
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def start(command, **kwargs):
    """Popen in a new session (its own process group), standard input closed unless given."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(command, start_new_session=True, **kwargs)


def wait(proc, timeout, grace=0.0):
    """Wait up to timeout seconds; return the exit status, or None (group killed) if it ran
    over. If the waiting itself is interrupted (Ctrl-C, SIGTERM), the group is killed too."""
    try:
        return proc.wait(timeout=max(timeout, 0.01))
    except subprocess.TimeoutExpired:
        kill_group(proc, grace)
        return None
    except BaseException:
        kill_group(proc, grace)
        raise


def run(command, timeout, grace=0.0, **kwargs):
    """Run to completion within timeout seconds: the exit status, or None if it ran over."""
    return wait(start(command, **kwargs), timeout, grace)


def captured(command, timeout, **kwargs):
    """Run a short command (git, say) with its output captured as text and no standard input:
    its subprocess.CompletedProcess, or None if it ran past timeout seconds."""
    try:
        return subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        return None


def grading_command(module, *args):
    """The command line that runs grading.<module> in a child Python; run it with env=child_env()."""
    return [sys.executable, "-m", f"grading.{module}", *map(str, args)]


def child_env(**extra):
    """The environment for grading_command: this grading package first on the module path."""
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT) + (os.pathsep + path if path else ""))
    env.update(extra)
    return env
