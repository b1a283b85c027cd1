"""gdb commands for debugging this kernel's user programs (labs/README.md, "Debugging with
gdb"). The .gdbinit that make qemu-gdb writes sources this file after the kernel's symbols.

Every user program is linked at address 0, so a plain breakpoint in one program also fires in
every other process that happens to run the same address. These commands stop only in the
processes that run the program they name:

  uprog NAME            load NAME's symbols (user/_NAME) in place of the last program's, and
                        announce each process that starts running NAME
  ubreak NAME LOCATION  break at LOCATION in NAME (a function, FILE:LINE or *ADDRESS), only in
                        processes running NAME
  ubreak LOCATION       the same, in the program named last
  uprog                 the programs watched, the processes running them and each ubreak's
                        stops and skipped hits

How a ubreak decides: QEMU shows gdb each hart's satp, whose low 44 bits are the page number
of the page table the hart runs under. At each hit, stop() reads the kernel's process table,
finds the process whose p->pagetable that is, and stops if its name is NAME. The hart is in
user mode then, where kernel addresses are not mapped, so the table is read in physical
memory (QEMU's gdb stub has a mode for that; the kernel maps its memory at the same physical
address). Reading the table at every hit, rather than remembering page tables, gets right a
process that started before the ubreak was set, a forked child (it keeps its parent's name)
and a page table freed at exit and reused by another process.

Announcing: exec calls exec_done(p) (kernel/sys/exec.c) once p runs its new image; a
breakpoint there, which never stops, prints the watched programs as they start.

Standard library only; written for gdb 13 (gdb-multiarch on Debian 12), with Python.
"""
import collections
import os

import gdb

PROGRAM_DIRS = ("user", "build/hw")  # user programs; a homework chapter's (make qemu HW=05)
READ_ERRORS = (gdb.error, gdb.MemoryError, gdb.GdbError)  # what reading the kernel can raise
SATP_PPN_MASK = (1 << 44) - 1
PAGE_SHIFT = 12


def program_file(name):
    for folder in PROGRAM_DIRS:
        path = os.path.abspath(os.path.join(folder, "_" + name))
        if os.path.exists(path):
            return path
    tried = " or ".join(f"{folder}/_{name}" for folder in PROGRAM_DIRS)
    raise gdb.GdbError(f"no program {name}: found no {tried} (is it in UPROGS, and built?)")


def send_packet(packet):
    """Send one packet to the gdb stub and check it answered OK."""
    connection = getattr(gdb.selected_inferior(), "connection", None)
    if hasattr(connection, "send_packet"):
        reply = connection.send_packet(packet)
        if isinstance(reply, bytes):
            reply = reply.decode("ascii", "replace")
    else:  # a gdb older than 12, or no connection (then the command says so)
        reply = gdb.execute(f"maintenance packet {packet}", to_string=True)
        reply = "OK" if 'received: "OK"' in reply else reply
    if reply != "OK":
        raise gdb.GdbError(f"the gdb stub refused {packet!r} (is it QEMU's?)")


def read_physical(address, length):
    """Memory at a physical address, whatever page table the selected hart runs under."""
    send_packet("Qqemu.PhyMemMode:1")
    try:
        return bytes(gdb.selected_inferior().read_memory(address, length))
    finally:
        send_packet("Qqemu.PhyMemMode:0")


Proc = collections.namedtuple("Proc", "address pid state name pagetable")


class ProcessTable:
    """The kernel's proc[] as the debug information of kernel/kernel describes it."""

    def __init__(self):
        self._layout = None

    def layout(self):
        if self._layout is None:
            kernel = gdb.current_progspace().filename
            objfile = gdb.lookup_objfile(kernel) if kernel else None
            symbol = objfile.lookup_global_symbol("proc") if objfile else None
            if symbol is None:
                raise gdb.GdbError("the kernel's symbols are not loaded "
                                   "(symbol-file kernel/kernel)")
            table = symbol.value()
            entry = table.type.target()
            fields = {f.name: f for f in entry.fields()}
            states = fields["state"].type.strip_typedefs().fields()

            def field(name):
                f = fields[name]
                return f.bitpos // 8, f.type.sizeof

            self._layout = {
                "address": int(table.address),
                "size": entry.sizeof,
                "count": table.type.sizeof // entry.sizeof,
                "fields": {name: field(name) for name in ("pid", "state", "name", "pagetable")},
                "states": {f.enumval: f.name for f in states},
            }
        return self._layout

    def _decode(self, address, data):
        fields = self.layout()["fields"]

        def number(name):
            offset, size = fields[name]
            return int.from_bytes(data[offset:offset + size], "little", signed=name != "pagetable")

        offset, size = fields["name"]
        name = data[offset:offset + size].split(b"\0")[0].decode("ascii", "replace")
        state = self.layout()["states"].get(number("state"), "?")
        return Proc(address, number("pid"), state, name, number("pagetable"))

    def all(self):
        """Every slot in use."""
        lay = self.layout()
        size = lay["size"]
        data = read_physical(lay["address"], size * lay["count"])
        procs = (self._decode(lay["address"] + i * size, data[i * size:(i + 1) * size])
                 for i in range(lay["count"]))
        return [p for p in procs if p.state != "UNUSED"]

    def at(self, address):
        lay = self.layout()
        return self._decode(address, read_physical(address, lay["size"]))

    def running(self, satp):
        """The process whose page table satp selects, or None (the kernel's own)."""
        pagetable = (satp & SATP_PPN_MASK) << PAGE_SHIFT
        return next((p for p in self.all() if p.pagetable == pagetable), None)


class Programs:
    """The watched programs, and whose symbols are loaded (one user program at a time: they
    all sit at address 0, and gdb must not mix up their functions and lines)."""

    def __init__(self):
        self.watched = []
        self.loaded = None  # (name, path)
        self.exec_watch = None

    def load_symbols(self, name):
        """Make NAME the user program whose symbols gdb uses; return its objfile."""
        path = program_file(name)
        if self.loaded != (name, path):
            if self.loaded:
                gdb.execute(f"remove-symbol-file {self.loaded[1]}", to_string=True)
                self.loaded = None
            gdb.execute(f"add-symbol-file {path}", to_string=True)
            self.loaded = (name, path)
        return gdb.lookup_objfile(path)

    def watch(self, name):
        self.load_symbols(name)
        if name not in self.watched:
            self.watched.append(name)
            try:
                for p in table.all():
                    if p.name == name:
                        print(f"uprog: pid {p.pid} runs {name}")
            except READ_ERRORS as e:
                print(f"uprog: could not read the process table yet ({e})")
        if self.exec_watch is None or not self.exec_watch.is_valid():
            self.exec_watch = ExecWatch()


table = ProcessTable()
programs = Programs()


class ExecWatch(gdb.Breakpoint):
    """At exec_done(p): announce a process that starts a watched program. Never stops."""

    def __init__(self):
        kernel = gdb.lookup_objfile(gdb.current_progspace().filename)
        symbol = kernel.lookup_global_symbol("exec_done")
        if symbol is None:
            raise gdb.GdbError("the kernel has no exec_done (kernel/sys/exec.c)")
        # its first instruction, where p is still in a0
        super().__init__(f"*{int(symbol.value().address):#x}", internal=True)
        self.silent = True

    def stop(self):
        try:
            p = table.at(int(gdb.parse_and_eval("$a0")))
            if p.name in programs.watched:
                print(f"uprog: pid {p.pid} runs {p.name}")
        except READ_ERRORS as e:
            print(f"uprog: could not read the process that exec'd ({e})")
        return False


def hart():
    return gdb.selected_thread().ptid[1] - 1  # QEMU numbers its threads (harts) from 1


class UserBreakpoint(gdb.Breakpoint):
    """A breakpoint at a user address that stops only in processes named program."""

    def __init__(self, program, spec, address):
        super().__init__(f"*{address:#x}")
        self.program, self.spec, self.address = program, spec, address
        self.stops = self.skipped = 0

    def stop(self):
        try:
            p = table.running(int(gdb.parse_and_eval("$satp")))
        except READ_ERRORS as e:
            print(f"uprog: cannot tell which process hit breakpoint {self.number}, stopping ({e})")
            return True
        if p is None or p.name != self.program:
            self.skipped += 1
            return False
        self.stops += 1
        programs.load_symbols(self.program)  # another program's may be loaded
        print(f"uprog: pid {p.pid} ({p.name}) on hart {hart()}")
        return True


def resolve(program, spec):
    """The address of LOCATION spec in program. For a function, the end of its prologue (the
    first line after its opening one), where its arguments are in their places: gdb's own
    break chooses the same in code compiled without optimisation."""
    objfile = programs.load_symbols(program)
    if spec.startswith("*"):
        return int(gdb.parse_and_eval(spec[1:]))
    try:
        _, sals = gdb.decode_line(spec)
    except gdb.error as e:
        raise gdb.GdbError(f"ubreak: {e}")
    pcs = sorted({s.pc for s in sals or ()
                  if s.symtab and s.symtab.objfile.filename == objfile.filename})
    if not pcs:
        raise gdb.GdbError(f"ubreak: no {spec} in {os.path.relpath(objfile.filename)}")
    pc = pcs[0]
    block = gdb.block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    if block is not None and block.start == pc:
        line = gdb.find_pc_line(pc)  # the opening line: the prologue
        if line.last is not None and line.last + 1 < block.end:
            pc = line.last + 1
    return pc


class UprogCommand(gdb.Command):
    """Watch a user program: uprog NAME.
Loads the symbols of user/_NAME (in place of the previous program's: all user programs sit at
address 0) and prints "uprog: pid N runs NAME" for each process that runs NAME now or starts it.
Without NAME: the programs watched, the processes running them, and the ubreaks."""

    def __init__(self):
        super().__init__("uprog", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) > 1:
            raise gdb.GdbError("usage: uprog [NAME]")
        if args:
            programs.watch(args[0])
            print(f"uprog: symbols of {os.path.relpath(programs.loaded[1])}")
            return
        print("watched programs: " + (" ".join(programs.watched) or "none"))
        if programs.loaded:
            print(f"symbols loaded: {os.path.relpath(programs.loaded[1])}")
        try:
            for p in table.all():
                if p.name in programs.watched:
                    print(f"  pid {p.pid} {p.name} {p.state} page table {p.pagetable:#x}")
        except READ_ERRORS as e:
            print(f"  (process table not readable: {e})")
        for b in gdb.breakpoints():
            if isinstance(b, UserBreakpoint):
                print(f"ubreak {b.number}: {b.program} {b.spec} at {b.address:#x}: "
                      f"stopped {b.stops} times, skipped {b.skipped} hits in other processes")

    def complete(self, text, word):
        names = set()
        for folder in PROGRAM_DIRS:
            if os.path.isdir(folder):
                names.update(f[1:] for f in os.listdir(folder) if f.startswith("_" + text))
        return sorted(names)


class UbreakCommand(gdb.Command):
    """Break in one user program only: ubreak NAME LOCATION, or ubreak LOCATION.
LOCATION is a function, FILE:LINE or *ADDRESS in user/_NAME (NAME defaults to the program
named last). The breakpoint stops only in processes running NAME; delete it with delete N."""

    def __init__(self):
        super().__init__("ubreak", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        args = arg.split(None, 1)
        if len(args) == 2:
            program, spec = args
        elif len(args) == 1 and programs.loaded:
            program, spec = programs.loaded[0], args[0]
        else:
            raise gdb.GdbError("usage: ubreak NAME LOCATION (or ubreak LOCATION after uprog NAME)")
        address = resolve(program, spec)
        programs.watch(program)
        b = UserBreakpoint(program, spec, address)
        print(f"ubreak {b.number}: {spec} in {program} at {address:#x}, only in processes "
              f"running {program}")


UprogCommand()
UbreakCommand()
