"""Wrong solutions of the syscall lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

MUTANTS = [
    Mutant("trace-prints-number", kills="trace_echo",
           why="prints the system call's number where its result belongs",
           changes=[edit("kernel/sys/syscall.c", "name, (long)p->trapframe->a0);",
                         "name, (long)num);")]),
    Mutant("trace-wrong-name", kills="trace_mask",
           why="a copy-paste slip in the table of names: close is called open",
           changes=[edit("kernel/sys/syscall.c", '[SYS_close] "close",', '[SYS_close] "open",')]),
    Mutant("trace-forgets-children", kills="trace_children",
           why="fork does not pass the mask on, so children are not traced",
           changes=[edit("kernel/core/proc.c", "child->trace_mask = parent->trace_mask;",
                         "child->trace_mask = 0;")]),
    Mutant("sysinfo-pages", kills="sysinfo",
           why="reports free memory in pages, not bytes",
           changes=[edit("kernel/sys/sysproc.c", "info.freemem = kfreemem();",
                         "info.freemem = kfreemem() / 4096;")]),
    Mutant("sysinfo-all-slots", kills="sysinfo",
           why="counts every slot of the process table, used or not",
           changes=[edit("kernel/sys/sysproc.c", "info.nproc = nproc_used();",
                         "info.nproc = NPROC;")]),
    Mutant("sysinfo-ignores-copyout", kills="sysinfo",
           why="returns 0 even when the pointer it was given is bad",
           changes=[edit("kernel/sys/sysproc.c",
                         "(char *)&info, sizeof(info)) < 0)\n    return -1;",
                         "(char *)&info, sizeof(info)) < 0)\n    return 0;")]),
]
