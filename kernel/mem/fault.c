// User page faults. The trap layer hands every user page fault here, and so do the kernel's
// copies to and from user memory when a page is not (yet) there. The dispatcher finds what
// the address is and lets that kind's handler resolve it; what no handler claims is a bad
// access, and the caller kills the process (or fails the copy).
//
// Handlers are tried in order. Each says FAULT_RESOLVED (the page is now mapped as the access
// needs), FAULT_REFUSED (it is that kind, but cannot be resolved, e.g. out of memory) or
// FAULT_NOT_MINE. A new mechanism (copy-on-write, paging in, file mappings) is one more entry.

#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/string.h"
#include "kernel/lib/spinlock.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"

enum { FAULT_NOT_MINE, FAULT_RESOLVED, FAULT_REFUSED };

struct fault {
  pagetable_t pagetable;
  uint64 va;   // the faulting address, rounded down to its page
  int access;  // FAULT_READ, FAULT_WRITE or FAULT_EXEC
  pte_t *pte;  // its leaf PTE, or 0 when no page-table page covers it
  uint64 heap; // the end of the process's heap
};

static uint64 (*heap_top)(pagetable_t);

// One lock for every user page table: two threads faulting on the same lazy page must not
// both map it, nor one map a page while another shrinks the heap under it.
static struct spinlock uvm_spinlock;

void uvm_init(void) {
  initlock(&uvm_spinlock, "uvm");
}

void uvm_lock(void) {
  acquire(&uvm_spinlock);
}

void uvm_unlock(void) {
  release(&uvm_spinlock);
}

void vm_set_heap_top(uint64 (*fn)(pagetable_t)) {
  heap_top = fn;
}

// Lazy allocation: below the end of the heap, nothing mapped yet. Map a zeroed page.
static int lazy_fault(struct fault *f) {
  if (f->va >= f->heap || (f->pte && (*f->pte & PTE_V)))
    return FAULT_NOT_MINE;
  if (f->access == FAULT_EXEC)
    return FAULT_REFUSED; // heap pages are never executable
  char *mem = kalloc();
  if (mem == 0)
    return FAULT_REFUSED;
  memset(mem, 0, PGSIZE);
  if (mappages(f->pagetable, f->va, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_U) != 0) {
    kfree(mem);
    return FAULT_REFUSED;
  }
  VMSTAT_INC(pages_allocated);
  return FAULT_RESOLVED; // an invalid PTE is never cached in the TLB: no flush needed
}

// The guard page below the user stack: mapped, but not for the user. Always refused.
static int guard_fault(struct fault *f) {
  if (f->pte == 0 || (*f->pte & (PTE_V | PTE_U)) != PTE_V)
    return FAULT_NOT_MINE;
  return FAULT_REFUSED;
}

static const struct {
  int kind; // VM_FAULT_*
  int (*handle)(struct fault *);
} handlers[] = {
    {VM_FAULT_LAZY, lazy_fault},
    {VM_FAULT_GUARD, guard_fault},
};

int vm_fault(pagetable_t pagetable, uint64 va, int access) {
  struct fault f = {pagetable, PGROUNDDOWN(va), access, 0, 0};
  if (va < MAXVA) {
    uvm_lock();
    f.pte = walk(pagetable, f.va, 0);
    f.heap = heap_top ? heap_top(pagetable) : 0;
    for (int i = 0; i < NELEM(handlers); i++) {
      int verdict = handlers[i].handle(&f);
      if (verdict == FAULT_NOT_MINE)
        continue;
      uvm_unlock();
      VMSTAT_INC(faults[handlers[i].kind]);
      return verdict == FAULT_RESOLVED ? 0 : -1;
    }
    uvm_unlock();
  }
  VMSTAT_INC(faults[VM_FAULT_BAD]);
  return -1;
}
