#!/usr/bin/env python3
"""The layering check on the real tree, and proof that it rejects what it must.

Runs tools/check-layers on the repository, then on small made-up trees that break the
rules (an upward include, a missing header, a file in no layer, a kernel file including an
exception), each of which it must fail, naming the file and line.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tools/check-layers"

LAYERS = """\
abi   kernel/*.h   shared
low   kernel/low   bottom
high  kernel/high  top
exception kernel/umbrella.h  everything at once
"""


def run(root):
    proc = subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True,
                          text=True, timeout=60)
    return proc.returncode, proc.stdout


def tree(files):
    d = Path(tempfile.mkdtemp())
    (d / "kernel").mkdir()
    (d / "kernel/layers").write_text(LAYERS)
    base = {"kernel/types.h": "", "kernel/low/a.h": "", "kernel/high/b.h": "",
            "kernel/umbrella.h": '#include "kernel/high/b.h"\n'}
    for name, text in {**base, **files}.items():
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_text(text)
    return d


CASES = [
    ("a downward include passes", {"kernel/high/b.c": '#include "kernel/low/a.h"\n'}, None),
    ("an upward include fails", {"kernel/low/a.c": 'int x;\n#include "kernel/high/b.h"\n'},
     "kernel/low/a.c:2: low includes kernel/high/b.h of the higher layer high"),
    ("an ABI header including a layer fails", {"kernel/param.h": '#include "kernel/low/a.h"\n'},
     "kernel/param.h:1: abi includes kernel/low/a.h of the higher layer low"),
    ("a missing header fails", {"kernel/low/c.c": '#include "kernel/low/nope.h"\n'},
     "kernel/low/c.c:1: includes kernel/low/nope.h, which does not exist"),
    ("a file in no layer fails", {"kernel/other/d.c": ""},
     "kernel/other/d.c: in no layer of kernel/layers"),
    ("a kernel file including an exception fails",
     {"kernel/high/e.c": '#include "kernel/umbrella.h"\n'},
     "kernel/high/e.c:1: includes kernel/umbrella.h"),
]


def main():
    passed = failed = 0
    rc, out = run(ROOT)
    print(out, end="")
    if rc == 0:
        passed += 1
    else:
        failed += 1
    for name, files, expect in CASES:
        rc, out = run(tree(files))
        ok = rc == 0 if expect is None else (rc != 0 and expect in out)
        print(f"{'ok  ' if ok else 'FAIL'} check-layers: {name}")
        if not ok:
            print(out, end="")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
