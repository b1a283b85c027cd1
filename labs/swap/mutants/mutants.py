"""Wrong solutions of the swap lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

FAULT = "kernel/mem/fault.c"

MUTANTS = [
    Mutant("fifo-evicts-newest", kills="fifo",
           why="FIFO throws out the page that came in last instead of the first",
           changes=[edit(FAULT, "  int cleared = 0, victim = -1;\n",
                         "  int cleared = 0, victim = -1;\n"
                         "  if (rs->policy == PAGE_FIFO)\n"
                         "    rs->hand = (rs->hand + rs->count - 1) % rs->count;\n")]),
    Mutant("clock-ignores-accessed", kills="clock",
           why="the clock never looks at the accessed bit: it is FIFO",
           changes=[edit(FAULT, "if (rs->policy != PAGE_CLOCK || (*pte & PTE_A) == 0) {",
                         "if (1) {")]),
    Mutant("slot-never-freed", kills="leak",
           why="a page read back in keeps its swap slot",
           changes=[edit(FAULT, "  swap_free(PTE2SLOT(old));\n  return FAULT_RESOLVED;",
                         "  return FAULT_RESOLVED;")]),
    Mutant("pagein-zeroes", kills="content",
           why="page-in maps a page without reading its contents from the swap disk",
           changes=[edit(FAULT, "  int r = swap_read(PTE2SLOT(old), mem);",
                         "  int r = 0;\n  memset(mem, 0, PGSIZE);")]),
    Mutant("pageout-no-write", kills="content",
           why="page-out frees the page instead of handing it to the swap layer to write",
           changes=[edit(FAULT, "  swap_out(slot, pa);", "  kfree(pa);")]),
    Mutant("pageout-frees-page", kills="content",
           why="page-out hands the page to the swap layer, then frees it too",
           changes=[edit(FAULT, "  swap_out(slot, pa);", "  swap_out(slot, pa);\n  kfree(pa);")]),
    Mutant("child-loses-swapped", kills="fork",
           why="fork gives the child nothing for the parent's swapped pages",
           changes=[edit("kernel/mem/vm.c", "      swap_dup(PTE2SLOT(*pte));\n      *child = *pte;\n",
                         "")]),
    Mutant("full-panics", kills="full",
           why="the kernel panics when the swap disk is full",
           changes=[edit(FAULT, '#include "kernel/lib/string.h"',
                         '#include "kernel/lib/string.h"\n#include "kernel/lib/printf.h"'),
                    edit(FAULT, "  if (slot < 0)\n    return FAULT_NOSWAP;",
                         "  if (slot < 0)\n    panic(\"page_out: swap full\");")]),
]
