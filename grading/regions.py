"""Lab solution regions in the reference tree, and the stubs that replace them in a handout.

A region is a run of lines between two marker comments that name the lab; an optional STUB
marker splits it into the solution (kept only in the reference) and the stub (left in the
handout, written commented out so that the reference does not compile it):

    // BEGIN LAB syscall
    return trace(mask);
    // STUB LAB syscall
    // return -1;
    // END LAB syscall

A file holding the line `// SOLUTION FILE LAB util` exists only in the solution.  Markers use
the file's line comment: `//` in C, headers and assembly (.c .h .S .ld), `#` in make files,
python, shell scripts and .s assembly.  labs/README.md has the full rules.
"""
import re
from pathlib import PurePosixPath

LEADERS = {".c": "//", ".h": "//", ".S": "//", ".ld": "//", ".mk": "#", ".py": "#",
           ".sh": "#", ".s": "#", ".pl": "#"}
MAKEFILE_NAMES = ("Makefile", "makefile", "GNUmakefile")
LAB_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]*"
MIN_DISTINCT_LINE = 6  # shorter solution lines ('}', 'i++;') are too common to check for leaks


class RegionError(Exception):
    """A malformed region: the message starts with file:line."""


def comment_leader(path):
    """The line comment of a file type that can hold markers, or None."""
    name = PurePosixPath(path).name
    if name in MAKEFILE_NAMES:
        return "#"
    ext = PurePosixPath(name).suffix
    if ext in LEADERS:
        return LEADERS[ext]
    return None


def marker_regexes(leader):
    lead = r"^\s*" + re.escape(leader) + r"\s*"
    # any comment line that looks like a marker at all, to catch misspelt ones
    loose = re.compile(lead + r"(BEGIN|STUB|END|SOLUTION\s+FILE)\s+LAB\b")
    strict = re.compile(lead + r"(BEGIN|STUB|END|SOLUTION FILE) LAB (" + LAB_NAME + r")\s*$")
    return loose, strict


class Stripped:
    """The handout text of one file and what was taken out of it."""

    def __init__(self, text, solution_lines, solution_file_of, labs):
        self.text = text  # None when the file exists only in the solution
        self.solution_lines = solution_lines
        self.solution_file_of = solution_file_of
        self.labs = labs  # names of the labs with regions in this file


def uncomment(line, leader):
    """A stub line as the handout shows it: the comment leader (and one space) removed."""
    body = line.lstrip()
    indent = line[:len(line) - len(body)]
    body = body[len(leader):]
    if body.startswith(" "):
        body = body[1:]
    return indent + body


def strip_regions(text, path, keep=()):
    """Replace every region by its stub, except regions of the labs in keep (marker lines
    dropped, solution kept).  Raises RegionError on malformed markers."""
    leader = comment_leader(path)
    if leader is None:
        return Stripped(text, [], None, set())
    loose, strict = marker_regexes(leader)
    out, solution, labs = [], [], set()
    region = None  # (lab, line number of BEGIN)
    in_stub = False
    solution_file_of = None
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        where = f"{path}:{number}"
        if loose.match(line):
            m = strict.match(line)
            if not m:
                raise RegionError(f"{where}: malformed marker (expected "
                                  f"'{leader} BEGIN|STUB|END LAB <lab>' or "
                                  f"'{leader} SOLUTION FILE LAB <lab>'): {line.strip()}")
            kind, lab = m.group(1), m.group(2)
            labs.add(lab)
            if kind == "SOLUTION FILE":
                if region:
                    raise RegionError(f"{where}: SOLUTION FILE marker inside a region")
                solution_file_of = lab
                continue
            if kind == "BEGIN":
                if region:
                    raise RegionError(f"{where}: region of lab {lab} begins inside the region "
                                      f"of lab {region[0]} begun at line {region[1]}")
                region, in_stub = (lab, number), False
                continue
            if not region or region[0] != lab:
                opened = f"lab {region[0]} began at line {region[1]}" if region else "no region is open"
                raise RegionError(f"{where}: {kind} LAB {lab} but {opened}")
            if kind == "STUB":
                if in_stub:
                    raise RegionError(f"{where}: second STUB marker in one region")
                in_stub = True
            else:
                region, in_stub = None, False
            continue
        if region is None:
            out.append(line)
        elif region[0] in keep:
            if not in_stub:
                out.append(line)
        elif in_stub:
            if line.strip() and not line.lstrip().startswith(leader):
                raise RegionError(f"{where}: stub line is not commented out with {leader!r}, "
                                  "so the reference would compile it")
            out.append(uncomment(line, leader) if line.strip() else line)
        else:
            solution.append(line)
    if region:
        raise RegionError(f"{path}:{region[1]}: region of lab {region[0]} has no END marker")
    if solution_file_of is not None:
        if solution_file_of in keep:
            return Stripped("".join(out), [], None, labs)
        return Stripped(None, [line for line in lines if not loose.match(line)],
                        solution_file_of, labs)
    return Stripped("".join(out), solution, None, labs)


def has_marker(text, path):
    """True if any marker line (well formed or not) is in the text."""
    leader = comment_leader(path)
    if leader is None:
        return False
    loose, _ = marker_regexes(leader)
    return any(loose.match(line) for line in text.splitlines())


def distinct_lines(lines):
    return {line.strip() for line in lines if len(line.strip()) >= MIN_DISTINCT_LINE}
