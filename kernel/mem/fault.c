// User page faults. The trap layer hands every user page fault here, and so do the kernel's
// copies to and from user memory when a page is not (yet) there. The dispatcher finds what
// the address is and lets that kind's handler resolve it; what no handler claims is a bad
// access, and the caller kills the process (or fails the copy).
//
// Handlers are tried in order. Each says FAULT_RESOLVED (the page is now mapped as the access
// needs), FAULT_REFUSED (it is that kind, but the access is not allowed), FAULT_NOMEM (no
// page is free now) or
// FAULT_NOT_MINE. A new mechanism (copy-on-write, paging in, file mappings) is one more entry.

#include "kernel/types.h"
#include "kernel/vmstat.h"
#include "kernel/fcntl.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/string.h"
#include "kernel/lib/spinlock.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"

enum { FAULT_NOT_MINE, FAULT_RESOLVED, FAULT_REFUSED, FAULT_NOMEM };

struct fault {
  pagetable_t pagetable;
  uint64 va;              // the faulting address, rounded down to its page
  int access;             // FAULT_READ, FAULT_WRITE or FAULT_EXEC
  pte_t *pte;             // its leaf PTE, or 0 when no page-table page covers it
  struct uvm_owner owner; // the running process's heap end and ASID (heap 0 if not its)
};

static int (*find_owner)(pagetable_t, struct uvm_owner *);

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

void vm_set_owner(int (*fn)(pagetable_t, struct uvm_owner *)) {
  find_owner = fn;
}

// Lazy allocation: below the end of the heap, nothing mapped yet. Map a zeroed page.
static int lazy_fault(struct fault *f) {
  if (f->va >= f->owner.heap || (f->pte && (*f->pte & PTE_V)))
    return FAULT_NOT_MINE;
  if (f->access == FAULT_EXEC)
    return FAULT_REFUSED; // heap pages are never executable
  char *mem = kalloc();
  if (mem == 0)
    return FAULT_NOMEM;
  memset(mem, 0, PGSIZE);
  if (mappages(f->pagetable, f->va, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_U) != 0) {
    kfree(mem);
    return FAULT_NOMEM;
  }
  VMSTAT_INC(pages_allocated);
  return FAULT_RESOLVED; // an invalid PTE is never cached in the TLB: no flush needed
}

// BEGIN LAB cow
// Copy-on-write: a write to a page fork shared. The last page table holding it takes it
// back writable; the others get a copy of their own.
static int cow_fault(struct fault *f) {
  int cow = PTE_V | PTE_U | PTE_COW;
  if (f->access != FAULT_WRITE || f->pte == 0 || (*f->pte & cow) != cow)
    return FAULT_NOT_MINE;
  char *old = (char *)PTE2PA(*f->pte);
  uint64 flags = (PTE_FLAGS(*f->pte) & ~PTE_COW) | PTE_W;
  if (kref_count(old) > 1) {
    char *mem = kalloc();
    if (mem == 0)
      return FAULT_NOMEM;
    memmove(mem, old, PGSIZE);
    *f->pte = PA2PTE(mem) | flags;
    kfree(old); // this page table's reference
    VMSTAT_INC(cow_copies);
    VMSTAT_INC(pages_allocated);
  } else {
    *f->pte = PA2PTE(old) | flags;
  }
  asid_changed(f->owner.asid, VM_FLUSH_COW); // the read-only entry may be in the TLB
  return FAULT_RESOLVED;
}
// END LAB cow

// BEGIN LAB mmap
// File mappings: a page of a mapping, first touched, is read from its file into a new page.
static const struct vma_file_ops *file_ops;

void vm_set_file_ops(const struct vma_file_ops *ops) {
  file_ops = ops;
}

struct vma *vma_find(struct vma *vmas, uint64 va) {
  for (int i = 0; vmas && i < NVMA; i++) {
    if (vmas[i].end && vmas[i].start <= va && va < vmas[i].end)
      return &vmas[i];
  }
  return 0;
}

static int vma_allows(struct vma *v, int access) {
  int need = access == FAULT_READ ? PROT_READ : access == FAULT_WRITE ? PROT_WRITE : PROT_EXEC;
  return (v->prot & need) != 0;
}

// Page permissions for a mapping's prot. RISC-V has no write-only pages: W brings R.
static int vma_perm(struct vma *v) {
  int perm = PTE_U;
  if (v->prot & (PROT_READ | PROT_WRITE))
    perm |= PTE_R;
  if (v->prot & PROT_WRITE)
    perm |= PTE_W;
  if (v->prot & PROT_EXEC)
    perm |= PTE_X;
  return perm;
}

static int file_fault(struct fault *f) {
  struct vma *v = vma_find(f->owner.vmas, f->va);
  if (v == 0 || file_ops == 0)
    return FAULT_NOT_MINE;
  if (!vma_allows(v, f->access))
    return FAULT_REFUSED;
  // Already there: another thread brought it in since this one trapped.
  if (f->pte && (*f->pte & PTE_V))
    return (*f->pte & vma_perm(v)) == vma_perm(v) ? FAULT_RESOLVED : FAULT_REFUSED;
  // Reading the file sleeps: not while the caller holds a spinlock besides uvm_lock (a
  // copyout under one), where the copy fails instead.
  if (mycpu()->noff > 1)
    return FAULT_REFUSED;
  char *mem = kalloc();
  if (mem == 0)
    return FAULT_NOMEM;
  memset(mem, 0, PGSIZE); // past the end of the file, the page holds zeros
  struct file *file = v->file;
  uint64 off = v->offset + (f->va - v->start);
  file_ops->hold(file); // another thread may unmap it while this one reads
  uvm_unlock();
  int n = file_ops->read(file, off, mem, PGSIZE);
  file_ops->drop(file);
  uvm_lock();
  // Meanwhile another thread may have brought the page in, or unmapped it.
  v = vma_find(f->owner.vmas, f->va);
  f->pte = walk(f->pagetable, f->va, 0);
  if (n < 0 || v == 0 || (f->pte && (*f->pte & PTE_V))) {
    kfree(mem);
    return n >= 0 && v ? FAULT_RESOLVED : FAULT_REFUSED;
  }
  if (mappages(f->pagetable, f->va, PGSIZE, (uint64)mem, vma_perm(v)) != 0) {
    kfree(mem);
    return FAULT_NOMEM;
  }
  VMSTAT_INC(pages_allocated);
  VMSTAT_INC(pages_in);
  return FAULT_RESOLVED; // an invalid PTE is never cached in the TLB: no flush needed
}
// END LAB mmap

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
    // BEGIN LAB cow
    {VM_FAULT_COW, cow_fault},
    // END LAB cow
    // BEGIN LAB mmap
    {VM_FAULT_FILE, file_fault},
    // END LAB mmap
    {VM_FAULT_GUARD, guard_fault},
};

int vm_fault(pagetable_t pagetable, uint64 va, int access) {
  struct fault f = {pagetable, PGROUNDDOWN(va), access, 0, {0}};
  if (va < MAXVA) {
    uvm_lock();
    f.pte = walk(pagetable, f.va, 0);
    if (find_owner == 0 || !find_owner(pagetable, &f.owner))
      f.owner.heap = 0;
    for (int i = 0; i < NELEM(handlers); i++) {
      int verdict = handlers[i].handle(&f);
      if (verdict == FAULT_NOT_MINE)
        continue;
      uvm_unlock();
      VMSTAT_INC(faults[handlers[i].kind]);
      return verdict == FAULT_RESOLVED ? 0 : verdict == FAULT_NOMEM ? VM_FAULT_NOMEM : -1;
    }
    uvm_unlock();
  }
  VMSTAT_INC(faults[VM_FAULT_BAD]);
  return -1;
}
