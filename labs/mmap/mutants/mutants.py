"""Wrong solutions of the mmap lab, each of which a test must catch (grading/mutants.py)."""
from grading.mutants import Mutant, edit

MMAP = "kernel/sys/mmap.c"
WRITE_BACK = "if ((v->flags & MAP_SHARED) && v->file->writable) {"

MUTANTS = [
    Mutant("private-written-back", kills="private",
           why="munmap writes back the written pages of every mapping, MAP_PRIVATE ones too",
           changes=[edit(MMAP, WRITE_BACK, "if (v->file->writable) {")]),
    Mutant("shared-never-written-back", kills="shared",
           why="stores to a MAP_SHARED mapping never reach the file",
           changes=[edit(MMAP, WRITE_BACK, "if (0) {")]),
    Mutant("munmap-no-flush", kills="shared",
           why="munmap leaves the removed pages' translations in the TLB",
           changes=[edit(MMAP, "  asid_changed(p->asid, VM_FLUSH_MUNMAP);\n", "")]),
    Mutant("exit-no-writeback", kills="exit",
           why="exit drops the mappings without writing them back",
           changes=[edit("kernel/sys/process.c",
                         "void exit(int status) {\n  // BEGIN LAB mmap\n  mmap_exit(myproc());",
                         "void exit(int status) {\n  // BEGIN LAB mmap")]),
    Mutant("clean-written-back", kills="clean",
           why="munmap writes back every page that came in, not only the written ones",
           changes=[edit(MMAP, "int dirty = pte && (*pte & PTE_V) && (*pte & PTE_D);",
                         "int dirty = pte && (*pte & PTE_V);")]),
    Mutant("head-unmap-keeps-offset", kills="partial",
           why="unmapping the start of a mapping does not move its file offset along",
           changes=[edit(MMAP, "    v->offset += end - start;\n", "")]),
    Mutant("fork-no-mappings", kills="fork",
           why="fork does not copy the mappings: the child has none",
           changes=[edit(MMAP, "if (from[i].end == 0)\n      continue;", "if (1)\n      continue;")]),
    Mutant("mappings-overlap", kills="twofiles",
           why="every mapping goes to the same address, below the top of the mmap area",
           changes=[edit(MMAP, "if (vmas[i].end && vmas[i].start < end && end - len < vmas[i].end) {",
                         "if (0) {")]),
    Mutant("eager-mmap", kills="lazy",
           why="mmap reads the whole file at once",
           changes=[edit(MMAP, "  releasesleep(&mmap_lock);\n  return start ? start : -1;",
                         "  releasesleep(&mmap_lock);\n"
                         "  for (uint64 a = start; start && a < start + len; a += PGSIZE)\n"
                         "    vm_fault(p->pagetable, a, FAULT_READ);\n"
                         "  return start ? start : -1;")]),
    Mutant("munmap-leaks", kills="leak",
           why="munmap removes the mappings but does not free the pages",
           changes=[edit(MMAP, "uvmunmap(p->pagetable, start, (end - start) / PGSIZE, 1);",
                         "uvmunmap(p->pagetable, start, (end - start) / PGSIZE, 0);")]),
    Mutant("shared-write-of-read-only-file", kills="badargs",
           why="a writable MAP_SHARED mapping of a file opened read-only is allowed",
           changes=[edit(MMAP, "if (flags == MAP_SHARED && (prot & PROT_WRITE) && !f->writable)",
                         "if (0)")]),
    Mutant("prot-ignored", kills="readonly",
           why="every mapping is readable and writable whatever its prot",
           changes=[edit("kernel/mem/fault.c", "return (v->prot & need) != 0;", "return need != 0;"),
                    edit("kernel/mem/fault.c", "  if (v->prot & PROT_WRITE)\n    perm |= PTE_W;",
                         "  perm |= PTE_W;")]),
]
