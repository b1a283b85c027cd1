"""Wrong solutions of the cow lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

COW_COPIES = "if (kref_count(old) > 1) {"

MUTANTS = [
    Mutant("eager-copy", kills="bigfork",
           why="fork still copies every page",
           changes=[edit("kernel/mem/vm.c", "if (kref_inc((void *)pa) < 0)\n    return copy_page",
                         "if (1)\n    return copy_page")]),
    Mutant("write-reaches-parent", kills="isolation",
           why="a write to a shared page makes it writable for everyone instead of copying it",
           changes=[edit("kernel/mem/fault.c", COW_COPIES, "if (0) {")]),
    Mutant("copyout-into-shared", kills="copyout",
           why="copyout writes into a shared page without copying it first",
           changes=[edit("kernel/mem/vm.c", "char *page = user_page(pagetable, va0, PTE_W);",
                         "char *page = user_page(pagetable, va0, PTE_R);")]),
    Mutant("last-owner-copies", kills="lastowner",
           why="the last process holding a page copies it anyway",
           changes=[edit("kernel/mem/fault.c", COW_COPIES, "if (kref_count(old) > 0) {")]),
    Mutant("copy-keeps-reference", kills="leak",
           why="a process that copies a shared page does not give up its reference to it",
           changes=[edit("kernel/mem/fault.c", "    kfree(old); // this page table's reference\n",
                         "")]),
    Mutant("oom-panics", kills="oom",
           why="the kernel panics when no page is free for a copy",
           changes=[edit("kernel/mem/fault.c", '#include "kernel/lib/string.h"',
                         '#include "kernel/lib/string.h"\n#include "kernel/lib/printf.h"'),
                    edit("kernel/mem/fault.c",
                         "if (mem == 0)\n      return FAULT_NOMEM;\n    memmove(mem, old",
                         "if (mem == 0)\n      panic(\"cow: out of memory\");\n    memmove(mem, old")]),
    Mutant("text-made-writable", kills="usertests",
           why="fork marks every page copy-on-write, so a write to the program's text is allowed",
           changes=[edit("kernel/mem/vm.c", "  if (*pte & PTE_W)\n    *pte = (*pte & ~PTE_W) | PTE_COW;",
                         "  *pte = (*pte & ~PTE_W) | PTE_COW;")]),
]
