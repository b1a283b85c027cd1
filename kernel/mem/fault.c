// User page faults. The trap layer hands every user page fault here, and so do the kernel's
// copies to and from user memory when a page is not (yet) there. The dispatcher finds what
// the address is and lets that kind's handler resolve it; what no handler claims is a bad
// access, and the caller kills the process (or fails the copy).
//
// Handlers are tried in order. Each says FAULT_RESOLVED (the page is now mapped as the access
// needs), FAULT_REFUSED (it is that kind, but the access is not allowed), FAULT_NOMEM (no
// page is free now), FAULT_NOSWAP (a page had to go to swap, which is full) or FAULT_NOT_MINE.
// A new mechanism (copy-on-write, paging in, file mappings) is one more entry.

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
#include "kernel/mem/swap.h"

enum { FAULT_NOT_MINE, FAULT_RESOLVED, FAULT_REFUSED, FAULT_NOMEM, FAULT_NOSWAP };

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

// ---------------------------------------------------------------------------------------------
// Swapping. The heap pages an address space brings in by faults, or sbrk allocates at once,
// join its resident set (mem/swap.h). When it holds its limit of them (rsslimit), or when no
// page is free, one of them chosen by its policy goes to a swap slot and its PTE is marked
// swapped; a touch of it reads it back (swap_fault). Pages going out wait in the swap layer's
// queue, to be written a batch at a time. Reading and writing sleep, so uvm_lock is let go
// meanwhile: only an address space no other thread shares pages out, and nothing else changes
// its page table then.

// The level-0 PTE of the 4 KB page at va, or 0 (no page-table page, or a superpage maps va).
static pte_t *small_pte(pagetable_t pagetable, uint64 va) {
  for (int level = 2; level > 0; level--) {
    pte_t pte = pagetable[PX(level, va)];
    if ((pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W | PTE_X)))
      return 0;
    pagetable = (pagetable_t)PTE2PA(pte);
  }
  return &pagetable[PX(0, va)];
}

// The running address space's resident set, emptied if exec replaced the page table.
static struct resident_set *resident_set(struct fault *f) {
  struct resident_set *rs = f->owner.rs;
  if (rs && rs->pagetable != f->pagetable) {
    rs->pagetable = f->pagetable;
    rs->count = rs->hand = 0;
  }
  return rs;
}

static void rs_remove(struct resident_set *rs, int i) {
  for (int j = i; j + 1 < rs->count; j++)
    rs->page[j] = rs->page[j + 1];
  rs->count--;
  if (i < rs->hand)
    rs->hand--;
  if (rs->hand >= rs->count)
    rs->hand = 0;
}

// Whether page va of the set is still in RAM, in the heap, as a 4 KB page.
static int rs_resident(struct fault *f, uint64 va) {
  pte_t *pte = small_pte(f->pagetable, va);
  return va < f->owner.heap && pte && (*pte & (PTE_V | PTE_U)) == (PTE_V | PTE_U);
}

// Whether page va (resident) may be written out: not while another page table shares it.
static inline int rs_evictable(struct fault *f, uint64 va) {
  pte_t *pte = small_pte(f->pagetable, va);
  // BEGIN LAB cow
  if (*pte & PTE_COW)
    return 0;
  // END LAB cow
  (void)pte;
  return 1;
}

// Page va came in: it goes just behind the hand, as the newest. A set that is full (no limit
// reaches it) leaves the page out: it stays in RAM for good.
static void rs_insert(struct fault *f, struct resident_set *rs, uint64 va) {
  if (rs == 0 || f->owner.shared)
    return;
  for (int i = 0; i < rs->count; i++) {
    if (rs->page[i] == va)
      rs_remove(rs, i); // a page freed by a shrink, and now brought in again
  }
  if (rs->count == NRESIDENT)
    return;
  for (int j = rs->count; j > rs->hand; j--)
    rs->page[j] = rs->page[j - 1];
  rs->page[rs->hand] = va;
  rs->count++;
  rs->hand = (rs->hand + 1) % rs->count;
}

// BEGIN LAB swap
// The index in rs->page of the page to write out, by rs->policy, or -1 if no page may go.
// Every page in the set is resident (make_room dropped the others).
static int choose_victim(struct fault *f, struct resident_set *rs) {
  if (rs->count == 0)
    return -1;
  if (rs->policy == PAGE_RANDOM) {
    rs->random = rs->random * 6364136223846793005ULL + 1442695040888963407ULL;
    int start = (rs->random >> 33) % rs->count;
    for (int k = 0; k < rs->count; k++) {
      int i = (start + k) % rs->count;
      if (rs_evictable(f, rs->page[i]))
        return i;
    }
    return -1;
  }
  // FIFO: the oldest page that may go. Clock: the same, but a page accessed since the hand
  // last passed it loses its accessed bit and stays; two rounds find one if any may go.
  int cleared = 0, victim = -1;
  for (int k = 0; k < 2 * rs->count; k++) {
    int i = rs->hand;
    if (rs_evictable(f, rs->page[i])) {
      pte_t *pte = small_pte(f->pagetable, rs->page[i]);
      if (rs->policy != PAGE_CLOCK || (*pte & PTE_A) == 0) {
        victim = i;
        break;
      }
      *pte &= ~PTE_A;
      cleared = 1;
    }
    rs->hand = (rs->hand + 1) % rs->count;
  }
  if (cleared) // else the TLB keeps the entries, and the hardware sets no bit again
    asid_changed(f->owner.asid, VM_FLUSH_OTHER);
  return victim;
}

// Send page rs->page[i] out to a new swap slot (the swap layer writes and frees it) and mark
// its PTE swapped. Returns FAULT_RESOLVED, or FAULT_NOSWAP if the swap disk is full.
static int page_out(struct fault *f, struct resident_set *rs, int i) {
  long slot = swap_alloc();
  if (slot < 0)
    return FAULT_NOSWAP;
  pte_t *pte = small_pte(f->pagetable, rs->page[i]);
  char *pa = (char *)PTE2PA(*pte);
  *pte = SWAP_PTE(slot, PTE_FLAGS(*pte) & ~(PTE_V | PTE_A | PTE_D));
  rs_remove(rs, i);
  asid_changed(f->owner.asid, VM_FLUSH_OTHER); // no access may reach the page from now on
  swap_out(slot, pa);
  VMSTAT_INC(pages_out);
  return FAULT_RESOLVED;
}

// Read the page of f's swapped PTE into mem, map it there and let its slot go. Returns
// FAULT_RESOLVED or FAULT_REFUSED (the disk failed); mem is used or freed either way.
static int page_in(struct fault *f, char *mem) {
  pte_t old = *f->pte;
  uvm_unlock();
  int r = swap_read(PTE2SLOT(old), mem);
  uvm_lock();
  // Meanwhile another thread may have brought the page in, or the heap shrunk under it.
  f->pte = walk(f->pagetable, f->va, 0);
  if (r < 0 || f->pte == 0 || *f->pte != old) {
    kfree(mem);
    return r < 0 ? FAULT_REFUSED : FAULT_RESOLVED;
  }
  *f->pte = PA2PTE(mem) | (PTE_FLAGS(old) & ~PTE_SWAPPED) | PTE_V;
  swap_free(PTE2SLOT(old));
  return FAULT_RESOLVED; // an invalid PTE is never cached in the TLB: no flush needed
}
// STUB LAB swap
// static int choose_victim(struct fault *f, struct resident_set *rs) {
//   return -1; // nothing is ever paged out
// }
//
// static int page_out(struct fault *f, struct resident_set *rs, int i) {
//   return FAULT_NOT_MINE;
// }
//
// static int page_in(struct fault *f, char *mem) {
//   kfree(mem);
//   return FAULT_REFUSED;
// }
// END LAB swap

// Write the pages queued to go out, which frees them, with uvm_lock let go meanwhile. Returns
// how many were freed, or -1 if the disk failed.
static int write_queued(void) {
  uvm_unlock();
  int freed = swap_write_queued();
  uvm_lock();
  return freed;
}

// Page one page of the resident set out. Returns FAULT_RESOLVED, FAULT_NOT_MINE when no page
// may go, FAULT_NOSWAP or FAULT_REFUSED (the disk failed).
static int make_room(struct fault *f, struct resident_set *rs) {
  // Writing sleeps: not for an address space another thread runs in, nor while the caller
  // holds a spinlock besides uvm_lock (a copyout under one).
  if (rs == 0 || f->owner.shared || mycpu()->noff > 1)
    return FAULT_NOT_MINE;
  while (swap_queue_full()) // others may queue more while uvm_lock is let go
    if (write_queued() < 0)
      return FAULT_REFUSED;
  for (int i = 0; i < rs->count;) {
    if (rs_resident(f, rs->page[i]))
      i++;
    else
      rs_remove(rs, i); // freed by a shrink, or no longer a 4 KB page
  }
  int i = choose_victim(f, rs);
  if (i < 0)
    return FAULT_NOT_MINE;
  return page_out(f, rs, i);
}

// No page is free: queue a batch of the faulting address space's pages to go out, and write
// them with whatever else is queued. Returns whether that freed any page.
static int free_some(struct fault *f) {
  if (f->owner.shared || mycpu()->noff > 1)
    return 0; // writing sleeps: see make_room
  while (!swap_queue_full() && make_room(f, resident_set(f)) == FAULT_RESOLVED)
    ;
  return write_queued() > 0;
}

// A free page, if need be making some free; 0 if there is none.
static char *kalloc_making_room(struct fault *f) {
  char *mem;
  while ((mem = kalloc()) == 0 && free_some(f))
    ; // another hart may take the freed pages first
  return mem;
}

// A page for the faulting address space: first, at its limit, one of its pages goes to swap;
// then, if no page is free, more of them do. 0 with *verdict set when there is none.
static char *alloc_user_page(struct fault *f, int *verdict) {
  struct resident_set *rs = resident_set(f);
  *verdict = FAULT_NOMEM;
  // A limit lowered since the last fault may take more than one page out.
  while (rs && rs->limit > 0 && rs->count >= rs->limit) {
    int r = make_room(f, rs);
    if (r == FAULT_NOSWAP || r == FAULT_REFUSED) {
      *verdict = r;
      return 0;
    }
    if (r != FAULT_RESOLVED)
      break; // nothing may go: over the limit until something may
  }
  return kalloc_making_room(f);
}

// sbrk's eager growth of the running process's heap (uvmalloc, under uvm_lock): a page for va,
// made room for as for a fault, and, once mapped, one of its resident set like a faulted one.
char *uvm_heap_alloc(pagetable_t pagetable, uint64 va) {
  struct fault f = {pagetable, va, FAULT_WRITE, 0, {0}};
  if (find_owner == 0 || !find_owner(pagetable, &f.owner))
    return kalloc(); // a page table being built (exec's): nothing of it may go
  int verdict;
  return alloc_user_page(&f, &verdict);
}

void uvm_heap_added(pagetable_t pagetable, uint64 va) {
  struct fault f = {pagetable, va, FAULT_WRITE, 0, {0}};
  if (find_owner && find_owner(pagetable, &f.owner) && va < f.owner.heap)
    rs_insert(&f, resident_set(&f), va);
}

// Paging in: the page is on the swap disk. Read it into a new page.
static int swap_fault(struct fault *f) {
  if (f->pte == 0 || !PTE_IS_SWAPPED(*f->pte))
    return FAULT_NOT_MINE;
  if (mycpu()->noff > 1)
    return FAULT_REFUSED; // reading sleeps: see program_fault
  int verdict;
  char *mem = alloc_user_page(f, &verdict);
  if (mem == 0)
    return verdict;
  f->pte = walk(f->pagetable, f->va, 0); // making room may have let uvm_lock go
  if (f->pte == 0 || !PTE_IS_SWAPPED(*f->pte)) {
    kfree(mem);
    return FAULT_RESOLVED; // another thread brought it in, or the heap shrunk: try again
  }
  verdict = page_in(f, mem);
  if (verdict == FAULT_RESOLVED && f->pte && (*f->pte & PTE_V) && PTE2PA(*f->pte) == (uint64)mem) {
    VMSTAT_INC(pages_allocated);
    VMSTAT_INC(pages_in);
    rs_insert(f, resident_set(f), f->va);
  }
  return verdict;
}

// Lazy allocation: below the end of the heap, nothing mapped yet. Map a zeroed page.
static int lazy_fault(struct fault *f) {
  if (f->va >= f->owner.heap || (f->pte && (*f->pte & PTE_V)))
    return FAULT_NOT_MINE;
  if (f->access == FAULT_EXEC)
    return FAULT_REFUSED; // heap pages are never executable
  // The page-table page for its PTE may need a page too, when none is free.
  while (walk(f->pagetable, f->va, 1) == 0)
    if (!free_some(f))
      return FAULT_NOMEM;
  int verdict;
  char *mem = alloc_user_page(f, &verdict);
  if (mem == 0)
    return verdict;
  memset(mem, 0, PGSIZE);
  if (mappages(f->pagetable, f->va, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_U) != 0) {
    kfree(mem);
    return FAULT_NOMEM;
  }
  VMSTAT_INC(pages_allocated);
  rs_insert(f, resident_set(f), f->va);
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

// How to read files (the system layer's), for the two handlers below that page in from one.
static const struct vm_file_ops *file_ops;

void vm_set_file_ops(const struct vm_file_ops *ops) {
  file_ops = ops;
}

// Read n bytes at off of file into the zeroed page mem, with uvm_lock let go meanwhile (the
// file may be unmapped or closed by another thread then: it is held). Returns the bytes read.
static int read_page(struct file *file, uint64 off, char *mem, int n) {
  memset(mem, 0, PGSIZE);
  if (n == 0)
    return 0;
  file_ops->hold(file);
  uvm_unlock();
  int r = file_ops->read(file, off, mem, n);
  file_ops->drop(file);
  uvm_lock();
  return r;
}

// Demand paging of a program (lazyexec=1): exec left its pages unread, each PTE saying where in
// the program file the page's bytes are. Read them into a new page.
static int program_fault(struct fault *f) {
  if (f->pte == 0 || !PTE_IS_UNREAD(*f->pte))
    return FAULT_NOT_MINE;
  pte_t unread = *f->pte;
  int need = f->access == FAULT_WRITE ? PTE_W : f->access == FAULT_EXEC ? PTE_X : PTE_R;
  if ((unread & need) == 0 || f->va >= f->owner.heap)
    return FAULT_REFUSED; // writing text, say, or a page the heap shrank away
  // Reading the file sleeps: not while the caller holds a spinlock besides uvm_lock (a copy
  // under one, which fails instead; uvm_prefault brings such pages in first).
  if (f->owner.program == 0 || file_ops == 0 || mycpu()->noff > 1)
    return FAULT_REFUSED;
  char *mem = kalloc_making_room(f);
  if (mem == 0)
    return FAULT_NOMEM;
  int n = PTE2FILELEN(unread);
  int r = read_page(f->owner.program, PTE2FILEOFF(unread), mem, n);
  // Meanwhile another thread may have brought the page in, or the heap shrunk under it.
  f->pte = walk(f->pagetable, f->va, 0);
  if (r != n || f->pte == 0 || *f->pte != unread) {
    kfree(mem);
    return r == n ? FAULT_RESOLVED : FAULT_REFUSED;
  }
  *f->pte = PA2PTE(mem) | (PTE_FLAGS(unread) & ~PTE_UNREAD) | PTE_V;
  VMSTAT_INC(pages_allocated);
  VMSTAT_INC(pages_in);
  return FAULT_RESOLVED; // an invalid PTE is never cached in the TLB: no flush needed
}

// BEGIN LAB mmap
// File mappings: a page of a mapping, first touched, is read from its file into a new page.
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
  // Past the end of the file, the page holds zeros.
  int n = read_page(v->file, v->offset + (f->va - v->start), mem, PGSIZE);
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
    {VM_FAULT_PAGEIN, swap_fault}, // before lazy_fault: a swapped page is not a new one
    {VM_FAULT_PAGEIN, program_fault},
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
      return verdict == FAULT_RESOLVED ? 0
             : verdict == FAULT_NOMEM  ? VM_FAULT_NOMEM
             : verdict == FAULT_NOSWAP ? VM_FAULT_NOSWAP
                                       : -1;
    }
    uvm_unlock();
  }
  VMSTAT_INC(faults[VM_FAULT_BAD]);
  return -1;
}
