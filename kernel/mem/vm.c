// Virtual memory: Sv39 page tables for the kernel and for user processes, copying between
// kernel and user memory, and the TLB bookkeeping that goes with address-space ids.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/kstats.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/vectors.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lib/bootargs.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/mem/swap.h"

// The kernel's page table, shared by all harts while in the kernel.
pagetable_t kernel_pagetable;

extern char etext[]; // kernel.ld: end of kernel text

// ---------------------------------------------------------------------------------------------
// Counters. The system's are shared by all harts (atomic adds); a process's are written only
// by the hart running it.

struct vmstats vmstats_all;

void vmstat_add(uint64 offset, uint64 n) {
  __atomic_fetch_add((uint64 *)((char *)&vmstats_all + offset), n, __ATOMIC_RELAXED);
  push_off();
  struct vmstats *own = mycpu()->vm_own;
  if (own)
    *(uint64 *)((char *)own + offset) += n;
  pop_off();
}

// ---------------------------------------------------------------------------------------------
// TLB flushes. Every sfence.vma in C goes through one of these two, so they are counted;
// the trampoline issues its own when a process has no ASID, and usertrapret counts those.

void tlb_flush_all(int cause) {
  sfence_vma();
  KSTAT_INC(tlb_flushes);
  VMSTAT_INC(flushes[cause]);
}

void tlb_flush_asid(uint16 asid, int cause) {
  sfence_vma_asid(asid);
  KSTAT_INC(tlb_flushes);
  VMSTAT_INC(flushes[cause]);
}

// ---------------------------------------------------------------------------------------------
// Address-space ids. The kernel page table is ASID 0 and never changes after boot. Each
// process gets an ASID of its own while there are enough (they are shared, below, when the
// hardware has fewer than there are processes), so switching address spaces needs no flush.
// A hart's TLB can still hold stale entries for an ASID in two cases, and both are caught
// by a per-ASID generation number that changes whenever the mappings under it change:
//   - the mappings changed while the process ran on another hart (sbrk, exec there);
//   - the ASID was freed and handed to a new address space (reuse), or is shared because
//     the hardware has fewer ASIDs than there are processes.
// Before a hart runs a process it compares the generation (and the page table) it last
// flushed for that ASID with the current one, and flushes the ASID if they differ.

#define NASID 256 // ASIDs this kernel hands out (fewer if the hardware has fewer)

static struct spinlock asid_lock;
static uint asid_count; // usable ASIDs are 1 .. asid_count-1; 0 or 1: no ASIDs
static char asid_in_use[NASID];
static uint asid_next = 1;     // where the search for a free ASID starts: rotate for less reuse
static uint64 asid_gen[NASID]; // generation of the mappings tagged with each ASID
static uint64 gen_counter;

struct hart_tlb {
  uint64 gen[NASID];        // generation this hart last flushed for each ASID
  pagetable_t owner[NASID]; // page table this hart last ran under each ASID
};
static struct hart_tlb hart_tlb[NCPU];

// How many ASIDs the hardware implements: write all ones to satp's ASID field and see
// which bits stick. Runs on a hart that already has paging on with kernel_pagetable.
static uint asid_probe(void) {
  w_satp(MAKE_SATP(kernel_pagetable, SATP_ASID_MASK));
  uint64 bits = (r_satp() >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
  w_satp(MAKE_SATP(kernel_pagetable, 0));
  tlb_flush_all(VM_FLUSH_OTHER);
  return bits + 1;
}

uint16 asid_alloc(void) {
  acquire(&asid_lock);
  uint16 asid = 0;
  if (asid_count >= 2) {
    uint n = asid_count - 1; // ASIDs 1..n
    for (uint i = 0; i < n; i++) {
      uint a = 1 + (asid_next - 1 + i) % n;
      if (!asid_in_use[a]) {
        asid = a;
        break;
      }
    }
    if (asid == 0) // all taken: share one; the owner check keeps it correct
      asid = 1 + (asid_next - 1) % n;
    asid_in_use[asid] = 1;
    asid_next = 1 + asid % n;
    // A new address space: stale entries from the ASID's last owner must go.
    asid_gen[asid] = ++gen_counter;
    VMSTAT_INC(asid_generations);
  }
  release(&asid_lock);
  return asid;
}

void asid_free(uint16 asid) {
  if (asid == 0)
    return;
  acquire(&asid_lock);
  asid_in_use[asid] = 0;
  release(&asid_lock);
}

// The running process changed the mappings of its address space (tagged asid), for cause.
// Flush them here now; other harts flush before they next run it.
void asid_changed(uint16 asid, int cause) {
  if (asid == 0) {
    tlb_flush_all(cause);
    return;
  }
  acquire(&asid_lock);
  uint64 gen = ++gen_counter;
  asid_gen[asid] = gen;
  release(&asid_lock);
  VMSTAT_INC(asid_generations);
  push_off();
  struct hart_tlb *t = &hart_tlb[cpuid()];
  tlb_flush_asid(asid, cause);
  t->gen[asid] = gen;
  pop_off();
}

// Called by the scheduler on this hart just before it runs the address space (pagetable, asid).
void asid_activate(pagetable_t pagetable, uint16 asid) {
  if (asid == 0)
    return; // no ASIDs: the trampoline flushes on every switch
  struct hart_tlb *t = &hart_tlb[cpuid()];
  uint64 gen = __atomic_load_n(&asid_gen[asid], __ATOMIC_ACQUIRE);
  if (t->gen[asid] != gen || t->owner[asid] != pagetable) {
    tlb_flush_asid(asid, t->owner[asid] != pagetable ? VM_FLUSH_REUSE : VM_FLUSH_SWITCH);
    t->gen[asid] = gen;
    t->owner[asid] = pagetable;
  }
}

// ---------------------------------------------------------------------------------------------
// The kernel's address space.

// Map devices, RAM and the trampoline at their physical addresses (the trampoline also at
// the top), plus a kernel stack for each process.
static pagetable_t kvmmake(void) {
  pagetable_t kpgtbl = kalloc();
  if (kpgtbl == 0)
    panic("kvmmake: out of memory");
  memset(kpgtbl, 0, PGSIZE);

  kvmmap(kpgtbl, UART0, UART0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, VIRTIO0, VIRTIO0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, VIRTIO1, VIRTIO1, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, PLIC, PLIC, 0x400000, PTE_R | PTE_W);
  // Kernel text: read and execute, never written.
  kvmmap(kpgtbl, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
  // Kernel data and the rest of RAM: read and write, never executed.
  kvmmap(kpgtbl, (uint64)etext, (uint64)etext, PHYSTOP - (uint64)etext, PTE_R | PTE_W);
  kvmmap(kpgtbl, TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);

  // A kernel stack for each process slot, with an unmapped guard page below it (KSTACK).
  for (int i = 0; i < NPROC; i++) {
    char *pa = kalloc();
    if (pa == 0)
      panic("kvmmake: out of memory for kernel stacks");
    kvmmap(kpgtbl, KSTACK(i), (uint64)pa, PGSIZE, PTE_R | PTE_W);
  }
  return kpgtbl;
}

void kvminit(void) {
  initlock(&asid_lock, "asid");
  uvm_init();
  kernel_pagetable = kvmmake();
}

// Switch this hart to the kernel page table (ASID 0) and turn paging on.
void kvminithart(void) {
  tlb_flush_all(VM_FLUSH_OTHER); // page-table writes are done before they are used
  w_satp(MAKE_SATP(kernel_pagetable, 0));
  tlb_flush_all(VM_FLUSH_OTHER);
  if (cpuid() == 0) {
    uint n = asid_probe();
    asid_count = n < NASID ? n : NASID;
    // Boot parameter asids=N hands out at most N-1 (ASID 0 is the kernel's), to show what
    // running out of them costs.
    uint64 limit = bootarg_int("asids", NASID);
    if (limit < asid_count)
      asid_count = limit;
    vmstats_all.asids = asid_count >= 2 ? asid_count - 1 : 0;
    if (asid_count < 2)
      printf("vm: no address-space ids: the TLB is flushed on every address-space switch\n");
    else if (asid_count < n && asid_count < NASID)
      printf("vm: %d address-space ids (boot parameter asids)\n", asid_count - 1);
  }
}

// Add a mapping to the kernel page table at boot. The TLB is flushed when kvminithart
// loads the table.
void kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm) {
  if (mappages(kpgtbl, va, sz, pa, perm) != 0)
    panic("kvmmap");
}

// ---------------------------------------------------------------------------------------------
// Page tables.

// The address of the level-0 PTE for va, creating the page-table pages on the way when
// alloc is set. Returns 0 if a page is missing (or out of memory). (In the pgtbl lab, the
// level-1 PTE when that is a superpage's leaf.)
pte_t *walk(pagetable_t pagetable, uint64 va, int alloc) {
  if (va >= MAXVA)
    panic("walk: virtual address too large");
  for (int level = 2; level > 0; level--) {
    pte_t *pte = &pagetable[PX(level, va)];
    if (*pte & PTE_V) {
      // BEGIN LAB pgtbl
      if (*pte & (PTE_R | PTE_W | PTE_X))
        return pte; // a superpage: its leaf maps va
      // STUB LAB pgtbl
      // if (*pte & (PTE_R | PTE_W | PTE_X))
      //   panic("walk: unexpected superpage");
      // END LAB pgtbl
      pagetable = (pagetable_t)PTE2PA(*pte);
    } else {
      if (!alloc)
        return 0;
      pagetable = kalloc();
      if (pagetable == 0)
        return 0;
      memset(pagetable, 0, PGSIZE);
      *pte = PA2PTE(pagetable) | PTE_V;
    }
  }
  return &pagetable[PX(0, va)];
}

// Call visit(arg, level, va, pte) for every valid PTE of pagetable, in address order, each
// page-table page's PTE before the PTEs of the page it points to. Level 2 is the root's; a
// leaf at level 0 maps 4 KB. The walk a page-table printer needs.
typedef void (*pte_visitor)(void *arg, int level, uint64 va, pte_t pte);

static void visit_table(pagetable_t pagetable, int level, uint64 base, pte_visitor visit,
                        void *arg) {
  for (uint64 i = 0; i < 512; i++) {
    pte_t pte = pagetable[i];
    if ((pte & PTE_V) == 0)
      continue;
    uint64 va = base | (i << PXSHIFT(level));
    visit(arg, level, va, pte);
    if (level > 0 && (pte & (PTE_R | PTE_W | PTE_X)) == 0)
      visit_table((pagetable_t)PTE2PA(pte), level - 1, va, visit, arg);
  }
}

void pt_visit(pagetable_t pagetable, pte_visitor visit, void *arg) {
  visit_table(pagetable, 2, 0, visit, arg);
}

// BEGIN LAB pgtbl
// vmprint: one line per PTE, indented by level, with the flags as letters ('-' when clear;
// C is copy-on-write). Leaves that map consecutive addresses with the same flags fold into
// one line, "va-lastva: N pages".
struct leaf_run {
  int level, pages;
  uint64 va, last, pa; // first and last virtual address, first physical address
  pte_t pte;           // the first PTE
};

static void print_indent(int level) {
  for (int i = level; i <= 2; i++)
    printf(" ..");
}

static void print_flags(pte_t pte) {
  static const char letters[] = "VRWXUGADC";
  char s[sizeof(letters)];
  for (int i = 0; letters[i]; i++)
    s[i] = (pte >> i) & 1 ? letters[i] : '-';
  s[sizeof(letters) - 1] = 0;
  printf("%s", s);
}

static void print_run(struct leaf_run *run) {
  if (run->pages == 0)
    return;
  print_indent(run->level);
  if (run->pages == 1)
    printf("%p: pte %p pa %p ", run->va, run->pte, run->pa);
  else
    printf("%p-%p: %d pages from pa %p ", run->va, run->last, run->pages, run->pa);
  print_flags(run->pte);
  printf("\n");
  run->pages = 0;
}

static void print_pte(void *arg, int level, uint64 va, pte_t pte) {
  struct leaf_run *run = arg;
  int leaf = (pte & (PTE_R | PTE_W | PTE_X)) != 0;
  if (leaf && run->pages && run->level == level && PTE_FLAGS(run->pte) == PTE_FLAGS(pte) &&
      va == run->last + (1L << PXSHIFT(level))) {
    run->last = va;
    run->pages++;
    return;
  }
  print_run(run);
  if (leaf) {
    *run = (struct leaf_run){level, 1, va, va, PTE2PA(pte), pte};
    return;
  }
  print_indent(level);
  printf("%p: pte %p pa %p\n", va, pte, PTE2PA(pte));
}

void vmprint(pagetable_t pagetable) {
  struct leaf_run run = {0};
  printf("page table %p\n", (uint64)pagetable);
  pt_visit(pagetable, print_pte, &run);
  print_run(&run);
}

// Which of the npages user pages from va were accessed since the last look: bit i of bits
// for page i. Clears the accessed bits it reports. Returns -1 for a range past MAXVA.
int uvmaccessed(pagetable_t pagetable, uint64 va, int npages, uint8 *bits, uint16 asid) {
  int cleared = 0, accessed = 0;
  pte_t *last = 0; // a superpage's PTE answers for its 512 pages
  for (int i = 0; i < npages; i++, va += PGSIZE) {
    if (va >= MAXVA)
      return -1;
    pte_t *pte = walk(pagetable, va, 0);
    if (pte != last) {
      accessed = pte && (*pte & (PTE_V | PTE_U | PTE_A)) == (PTE_V | PTE_U | PTE_A);
      if (accessed) {
        *pte &= ~PTE_A;
        cleared = 1;
      }
      last = pte;
    }
    if (accessed)
      bits[i / 8] |= 1 << (i % 8);
  }
  if (cleared)
    asid_changed(asid, VM_FLUSH_OTHER); // else the TLB keeps the entries, and no bit comes back
  return 0;
}
// STUB LAB pgtbl
// void vmprint(pagetable_t pagetable) {
//   printf("vmprint: not written yet (the pgtbl lab)\n");
// }
//
// int uvmaccessed(pagetable_t pagetable, uint64 va, int npages, uint8 *bits, uint16 asid) {
//   return -1;
// }
// END LAB pgtbl

// BEGIN LAB pgtbl
// Superpages: a leaf at level 1 maps 2 MB. uvmalloc maps one for each whole, aligned 2 MB
// it grows by (when kalloc.c has one to spare), fork copies it whole, and a shrink that ends
// inside one first splits it into 4 KB pages.

// Whether the leaf that maps va is a superpage's.
static int is_superpage(pagetable_t pagetable, uint64 va) {
  pte_t top = pagetable[PX(2, va)];
  if ((top & PTE_V) == 0)
    return 0;
  pte_t mid = ((pagetable_t)PTE2PA(top))[PX(1, va)];
  return (mid & PTE_V) && (mid & (PTE_R | PTE_W | PTE_X));
}

// Map a superpage at va (2 MB-aligned) with flags perm, a copy of from (zeroed if from is 0).
// Returns 0, or -1 when no superpage is free or va's 2 MB has a page-table page already.
static int map_superpage(pagetable_t pagetable, uint64 va, char *from, int perm) {
  pte_t *top = &pagetable[PX(2, va)];
  if ((*top & PTE_V) == 0) {
    pagetable_t mid = kalloc();
    if (mid == 0)
      return -1;
    memset(mid, 0, PGSIZE);
    *top = PA2PTE(mid) | PTE_V;
  }
  pte_t *pte = &((pagetable_t)PTE2PA(*top))[PX(1, va)];
  if (*pte & PTE_V)
    return -1;
  char *mem = superalloc();
  if (mem == 0)
    return -1;
  if (from)
    memmove(mem, from, SUPERPGSIZE);
  else
    memset(mem, 0, SUPERPGSIZE);
  *pte = PA2PTE(mem) | perm | PTE_V;
  VMSTAT_ADD(pages_allocated, SUPERPGSIZE / PGSIZE);
  return 0;
}

// Turn the superpage holding va, if there is one, into 512 pages of 4 KB holding its
// contents. Returns 0, or -1 if out of memory (then nothing changed). The caller flushes.
static int split_superpage(pagetable_t pagetable, uint64 va) {
  if (!is_superpage(pagetable, va))
    return 0;
  pte_t *pte = walk(pagetable, va, 0);
  char *old = (char *)PTE2PA(*pte);
  pagetable_t table = kalloc();
  if (table == 0)
    return -1;
  memset(table, 0, PGSIZE);
  for (int i = 0; i < 512; i++) {
    char *mem = kalloc();
    if (mem == 0) {
      while (--i >= 0)
        kfree((void *)PTE2PA(table[i]));
      kfree(table);
      return -1;
    }
    memmove(mem, old + i * PGSIZE, PGSIZE);
    table[i] = PA2PTE(mem) | PTE_FLAGS(*pte);
  }
  *pte = PA2PTE(table) | PTE_V;
  superfree(old);
  VMSTAT_ADD(pages_allocated, 512);
  return 0;
}
// END LAB pgtbl

// The physical address of the 4 KB page at va, which *pte (walk's answer for va) maps.
static uint64 page_pa(pagetable_t pagetable, uint64 va, pte_t *pte) {
  // BEGIN LAB pgtbl
  if (is_superpage(pagetable, va))
    return PTE2PA(*pte) + (PGROUNDDOWN(va) & (SUPERPGSIZE - 1));
  // END LAB pgtbl
  return PTE2PA(*pte);
}

// The physical address that user virtual address va maps to, or 0 if it is not mapped
// for user access.
uint64 walkaddr(pagetable_t pagetable, uint64 va) {
  if (va >= MAXVA)
    return 0;
  pte_t *pte = walk(pagetable, va, 0);
  if (pte == 0 || (*pte & PTE_V) == 0 || (*pte & PTE_U) == 0)
    return 0;
  return page_pa(pagetable, va, pte);
}

// Map the pages covering [va, va+size) to physical addresses from pa, with permissions perm.
// Returns -1 if a page-table page cannot be allocated. Mapping a page twice is a kernel bug.
int mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm) {
  if (size == 0)
    panic("mappages: size 0");
  if (va % PGSIZE != 0 || size % PGSIZE != 0)
    panic("mappages: not page aligned");
  uint64 last = va + size - PGSIZE;
  for (uint64 a = va;; a += PGSIZE, pa += PGSIZE) {
    pte_t *pte = walk(pagetable, a, 1);
    if (pte == 0)
      return -1;
    if (*pte & PTE_V)
      panic("mappages: page already mapped");
    *pte = PA2PTE(pa) | perm | PTE_V;
    if (a == last)
      break;
  }
  return 0;
}

// The last page of the 2 MB a level-0 page-table page covers, for loops that skip a missing one.
static uint64 last_page_of_table(uint64 va) {
  return (va | (PGSIZE * 512 - 1)) + 1 - PGSIZE;
}

// Remove npages mappings starting at page-aligned va, freeing the physical pages when
// do_free is set. Pages never touched (lazy allocation) have nothing to remove. The caller
// flushes the TLB.
void uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free) {
  if (va % PGSIZE != 0)
    panic("uvmunmap: not aligned");
  for (uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
    pte_t *pte = walk(pagetable, a, 0);
    if (pte == 0)
      a = last_page_of_table(a); // no page-table page: nothing in its 2 MB
    if (pte == 0 || *pte == 0)
      continue;
    if ((*pte & PTE_V) == 0) { // on the swap disk, or in the program file
      if (do_free && PTE_IS_SWAPPED(*pte))
        swap_free(PTE2SLOT(*pte));
      *pte = 0;
      continue;
    }
    if (PTE_FLAGS(*pte) == PTE_V)
      panic("uvmunmap: not a leaf");
    // BEGIN LAB pgtbl
    if (is_superpage(pagetable, a)) {
      if (a % SUPERPGSIZE != 0 || a + SUPERPGSIZE > va + npages * PGSIZE)
        panic("uvmunmap: part of a superpage");
      if (do_free)
        superfree((void *)PTE2PA(*pte));
      *pte = 0;
      a += SUPERPGSIZE - PGSIZE;
      continue;
    }
    // END LAB pgtbl
    if (do_free)
      kfree((void *)PTE2PA(*pte));
    *pte = 0;
  }
}

int uvm_map_program(pagetable_t pagetable, uint64 va, uint64 memsz, uint64 off, uint64 filesz,
                    int perm) {
  if (va % PGSIZE || off + filesz >= PROGRAM_MAXOFF)
    return -1;
  for (uint64 done = 0; done < memsz; done += PGSIZE) {
    pte_t *pte = walk(pagetable, va + done, 1);
    if (pte == 0)
      return -1;
    uint64 n = done < filesz ? filesz - done : 0; // past filesz, zeros: nothing to read
    *pte = UNREAD_PTE(n ? off + done : 0, n < PGSIZE ? n : PGSIZE, perm | PTE_R | PTE_U);
  }
  return 0;
}

// An empty user page table, or 0 if out of memory.
pagetable_t uvmcreate(void) {
  pagetable_t pagetable = kalloc();
  if (pagetable == 0)
    return 0;
  memset(pagetable, 0, PGSIZE);
  return pagetable;
}

// Grow a process from oldsz to newsz bytes with zeroed pages readable by the user and
// xperm (PTE_W, PTE_X). Returns the new size, or 0 on failure (nothing is left allocated).
uint64 uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm) {
  if (newsz < oldsz)
    return oldsz;
  if (newsz > USERTOP)
    return 0;
  for (uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
    // BEGIN LAB pgtbl
    if (a % SUPERPGSIZE == 0 && a + SUPERPGSIZE <= newsz &&
        map_superpage(pagetable, a, 0, PTE_R | PTE_U | xperm) == 0) {
      a += SUPERPGSIZE - PGSIZE;
      continue;
    }
    // END LAB pgtbl
    char *mem = uvm_heap_alloc(pagetable, a);
    if (mem == 0) {
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
    if (mappages(pagetable, a, PGSIZE, (uint64)mem, PTE_R | PTE_U | xperm) != 0) {
      kfree(mem);
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
    uvm_heap_added(pagetable, a);
    VMSTAT_INC(pages_allocated);
  }
  return newsz;
}

// Shrink a process from oldsz to newsz bytes, freeing the pages above. Returns the new size.
uint64 uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz) {
  if (newsz >= oldsz)
    return oldsz;
  if (PGROUNDUP(newsz) < PGROUNDUP(oldsz)) {
    // BEGIN LAB pgtbl
    if (PGROUNDUP(newsz) % SUPERPGSIZE != 0 && split_superpage(pagetable, PGROUNDUP(newsz)) < 0)
      return oldsz; // no memory to split the superpage the new end falls in
    // END LAB pgtbl
    uint64 npages = (PGROUNDUP(oldsz) - PGROUNDUP(newsz)) / PGSIZE;
    uvmunmap(pagetable, PGROUNDUP(newsz), npages, 1);
  }
  return newsz;
}

// Free the page-table pages of a table whose leaf mappings are already gone.
static void freewalk(pagetable_t pagetable) {
  for (int i = 0; i < 512; i++) {
    pte_t pte = pagetable[i];
    if ((pte & PTE_V) && (pte & (PTE_R | PTE_W | PTE_X)) == 0) {
      freewalk((pagetable_t)PTE2PA(pte));
      pagetable[i] = 0;
    } else if (pte & PTE_V) {
      panic("freewalk: leaf still mapped");
    }
  }
  kfree(pagetable);
}

// Free a user's memory (sz bytes from 0) and then its page table.
void uvmfree(pagetable_t pagetable, uint64 sz) {
  if (sz > 0)
    uvmunmap(pagetable, 0, PGROUNDUP(sz) / PGSIZE, 1);
  freewalk(pagetable);
}

// How many pages of user memory below sz are in RAM (the out-of-memory killer's measure).
uint64 uvmresident(pagetable_t pagetable, uint64 sz) {
  uint64 n = 0;
  for (uint64 va = 0; va < sz; va += PGSIZE) {
    pte_t *pte = walk(pagetable, va, 0);
    if (pte == 0)
      va = last_page_of_table(va);
    else if ((*pte & (PTE_V | PTE_U)) == (PTE_V | PTE_U))
      n++;
  }
  return n;
}

// Give new a private copy, at va, of the page *pte maps. Returns 0, or -1 if out of memory.
static int copy_page(pagetable_t new, uint64 va, pte_t *pte) {
  char *mem = kalloc();
  if (mem == 0)
    return -1;
  memmove(mem, (char *)PTE2PA(*pte), PGSIZE);
  if (mappages(new, va, PGSIZE, (uint64)mem, PTE_FLAGS(*pte)) != 0) {
    kfree(mem);
    return -1;
  }
  VMSTAT_INC(pages_allocated);
  return 0;
}

// BEGIN LAB pgtbl
// Give new a copy of the superpage *pte maps at va: a superpage if one is free, else 512
// pages of 4 KB. Returns 0, or -1 if out of memory (then nothing of it is mapped in new).
static int copy_superpage(pagetable_t new, uint64 va, pte_t *pte) {
  char *from = (char *)PTE2PA(*pte);
  if (map_superpage(new, va, from, PTE_FLAGS(*pte)) == 0)
    return 0;
  for (int i = 0; i < 512; i++) {
    pte_t small = PA2PTE(from + i * PGSIZE) | PTE_FLAGS(*pte);
    if (copy_page(new, va + i * PGSIZE, &small) < 0) {
      uvmunmap(new, va, i, 1);
      return -1;
    }
  }
  return 0;
}
// END LAB pgtbl

// BEGIN LAB cow
// Share the page *pte maps with new, at va, copy-on-write: a writable page becomes read-only
// and PTE_COW in both page tables (the caller flushes old's TLB entries), and gains a
// reference. Returns 0, or -1 if out of memory.
static int cow_share(pagetable_t new, uint64 va, pte_t *pte) {
  uint64 pa = PTE2PA(*pte);
  if (kref_inc((void *)pa) < 0)
    return copy_page(new, va, pte); // shared by too many already
  if (*pte & PTE_W)
    *pte = (*pte & ~PTE_W) | PTE_COW;
  if (mappages(new, va, PGSIZE, pa, PTE_FLAGS(*pte)) != 0) {
    kfree((void *)pa);
    return -1;
  }
  return 0;
}
// END LAB cow

// Copy the pages of old in [start, end) into new, for fork. Pages the parent never touched
// stay untouched in the child. On failure frees what it mapped and returns -1.
static int copy_range(pagetable_t old, pagetable_t new, uint64 start, uint64 end) {
  uint64 va;
  for (va = start; va < end; va += PGSIZE) {
    pte_t *pte = walk(old, va, 0);
    if (pte == 0)
      va = last_page_of_table(va); // no page-table page: nothing in its 2 MB
    // BEGIN LAB swap
    if (pte && PTE_IS_SWAPPED(*pte)) {
      // The child shares the slot; whichever brings the page in first reads its own copy.
      pte_t *child = walk(new, va, 1);
      if (child == 0)
        goto fail;
      swap_dup(PTE2SLOT(*pte));
      *child = *pte;
      continue;
    }
    // END LAB swap
    if (pte && PTE_IS_UNREAD(*pte)) { // the child reads it from the same program file
      pte_t *child = walk(new, va, 1);
      if (child == 0)
        goto fail;
      *child = *pte;
      continue;
    }
    if (pte == 0 || (*pte & PTE_V) == 0)
      continue;
    // BEGIN LAB pgtbl
    if (is_superpage(old, va)) {
      if (copy_superpage(new, va, pte) < 0)
        goto fail;
      va += SUPERPGSIZE - PGSIZE;
      continue;
    }
    // END LAB pgtbl
    // BEGIN LAB cow
    if (cow_share(new, va, pte) < 0)
      // STUB LAB cow
      // if (copy_page(new, va, pte) < 0)
      // END LAB cow
      goto fail;
  }
  return 0;

fail:
  if (va > start)
    uvmunmap(new, start, (va - start) / PGSIZE, 1);
  return -1;
}

// Copy a parent's memory (sz bytes from 0) into a child's page table, for fork.
int uvmcopy(pagetable_t old, pagetable_t new, uint64 sz) {
  return copy_range(old, new, 0, sz);
}

// BEGIN LAB mmap
int uvmcopy_range(pagetable_t old, pagetable_t new, uint64 start, uint64 end) {
  return copy_range(old, new, start, end);
}
// END LAB mmap

// Take away user access to the page at va (the guard page under the user stack).
void uvmclear(pagetable_t pagetable, uint64 va) {
  pte_t *pte = walk(pagetable, va, 0);
  if (pte == 0)
    panic("uvmclear");
  *pte &= ~PTE_U;
}

// ---------------------------------------------------------------------------------------------
// Copying between kernel and user memory. Every user address is checked: it must be below
// MAXVA, the range must not wrap around, and each page must be mapped for user access
// (and writable, for copyout), or be one the fault handlers can bring in (a lazily allocated
// page, say), as if the user had touched it. A bad address gives -1, never a fault.

// The user page containing va with the PTE bits in need, as a kernel (physical) address, or 0.
static char *user_page(pagetable_t pagetable, uint64 va, int need) {
  if (va >= MAXVA)
    return 0;
  int want = PTE_V | PTE_U | need;
  for (int tries = 0; tries < 2; tries++) {
    pte_t *pte = walk(pagetable, va, 0);
    if (pte && (*pte & want) == want) {
      if (need & PTE_W)
        *pte |= PTE_D; // as the hardware marks a user's store (a file mapping writes it back)
      return (char *)page_pa(pagetable, va, pte);
    }
    if (tries == 0 && vm_fault(pagetable, va, (need & PTE_W) ? FAULT_WRITE : FAULT_READ) < 0)
      break;
  }
  return 0;
}

// Bring the swapped-out pages of [va, va+len) back now, for a caller that copies under a
// spinlock, where paging in (which sleeps) cannot happen. Bad addresses are left to the copy.
void uvm_prefault(pagetable_t pagetable, uint64 va, uint64 len, int write) {
  for (uint64 a = PGROUNDDOWN(va); a < va + len && a >= PGROUNDDOWN(va) && a < MAXVA; a += PGSIZE) {
    pte_t *pte = walk(pagetable, a, 0);
    if (pte && (PTE_IS_SWAPPED(*pte) || PTE_IS_UNREAD(*pte)))
      vm_fault(pagetable, a, write ? FAULT_WRITE : FAULT_READ);
  }
}

int copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len) {
  if (dstva + len < dstva)
    return -1;
  while (len > 0) {
    uint64 va0 = PGROUNDDOWN(dstva);
    char *page = user_page(pagetable, va0, PTE_W);
    if (page == 0)
      return -1;
    uint64 n = PGSIZE - (dstva - va0);
    if (n > len)
      n = len;
    memmove(page + (dstva - va0), src, n);
    len -= n;
    src += n;
    dstva = va0 + PGSIZE;
  }
  return 0;
}

int copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len) {
  if (srcva + len < srcva)
    return -1;
  while (len > 0) {
    uint64 va0 = PGROUNDDOWN(srcva);
    char *page = user_page(pagetable, va0, PTE_R);
    if (page == 0)
      return -1;
    uint64 n = PGSIZE - (srcva - va0);
    if (n > len)
      n = len;
    memmove(dst, page + (srcva - va0), n);
    len -= n;
    dst += n;
    srcva = va0 + PGSIZE;
  }
  return 0;
}

// Copy a NUL-terminated string of at most max bytes (NUL included) from user memory.
// Returns 0, or -1 if an address is bad or no NUL comes within max bytes.
int copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max) {
  while (max > 0) {
    uint64 va0 = PGROUNDDOWN(srcva);
    char *page = user_page(pagetable, va0, PTE_R);
    if (page == 0)
      return -1;
    uint64 n = PGSIZE - (srcva - va0);
    if (n > max)
      n = max;
    char *p = page + (srcva - va0);
    for (uint64 i = 0; i < n; i++) {
      *dst = p[i];
      if (p[i] == 0)
        return 0;
      dst++;
    }
    max -= n;
    srcva = va0 + PGSIZE;
  }
  return -1;
}
