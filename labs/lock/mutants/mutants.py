"""Wrong solutions of the lock lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

MUTANTS = [
    Mutant("one-free-list", kills="kalloc",
           why="every hart allocates from and frees to the first hart's list, under its lock",
           changes=[edit("kernel/mem/kalloc.c", "return &lists[cpuid()];", "return &lists[0];")]),
    Mutant("no-stealing", kills="steal",
           why="a hart whose list is empty fails the allocation instead of taking pages from "
               "another hart's list",
           changes=[edit("kernel/mem/kalloc.c", "if (fp == 0)\n    fp = steal(own);",
                         "if (fp == 0 && 0)\n    fp = steal(own);")]),
    Mutant("steal-drops-batch", kills="steal",
           why="steals a batch of pages but keeps only the one it returns: the rest are lost",
           changes=[edit("kernel/mem/kalloc.c", "    if (n > 1) {\n", "    if (0) {\n")]),
    Mutant("steal-leaves-pages-on-victim", kills="steal",
           why="steals a batch without taking it off the other hart's list: each page is "
               "handed out twice",
           changes=[edit("kernel/mem/kalloc.c", "      victim->head = last->next;\n", "")]),
    Mutant("one-bucket", kills="bcache",
           why="hashes every block into one bucket: one lock for the whole cache again",
           changes=[edit("kernel/fs/bio.c", "#define NBUCKET 13", "#define NBUCKET 1")]),
    Mutant("evicts-buffer-in-use", kills="evict",
           why="recycles the least recently released buffer even while someone still uses it",
           changes=[edit("kernel/fs/bio.c",
                         "if (b->refcnt == 0 && (best == 0 || b->last_used < best->last_used))",
                         "if (best == 0 || b->last_used < best->last_used)")]),
]
