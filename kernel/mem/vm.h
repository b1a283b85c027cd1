#ifndef KERNEL_MEM_VM_H
#define KERNEL_MEM_VM_H
// Sv39 page tables and address spaces: the kernel's, user ones with their address-space ids
// (ASIDs), TLB flushes, and checked copies between kernel and user memory.
#include "kernel/types.h"

// The kernel's address space.
void kvminit(void);
void kvminithart(void);
void kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm);

// Page tables.
pte_t *walk(pagetable_t pagetable, uint64 va, int alloc);
uint64 walkaddr(pagetable_t pagetable, uint64 va);
// Visit every valid PTE (level 2 is the root's), for a printer (the pgtbl lab's vmprint).
void pt_visit(pagetable_t pagetable, void (*visit)(void *arg, int level, uint64 va, pte_t pte),
              void *arg);
void vmprint(pagetable_t pagetable); // the page table as a tree (pgtbl lab)
// Bit i of bits: page i of the npages from va was accessed since the last call (pgtbl lab).
int uvmaccessed(pagetable_t pagetable, uint64 va, int npages, uint8 *bits, uint16 asid);
int mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);

// User address spaces.
pagetable_t uvmcreate(void);
uint64 uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
uint64 uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz);
int uvmcopy(pagetable_t old, pagetable_t new, uint64 sz);
void uvmfree(pagetable_t pagetable, uint64 sz);
uint64 uvmresident(pagetable_t pagetable, uint64 sz); // user pages in RAM below sz
void uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free);
void uvmclear(pagetable_t pagetable, uint64 va);

// Copies between kernel and user memory: a bad user address gives -1, never a fault.
int copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);
void uvm_prefault(pagetable_t pagetable, uint64 va, uint64 len, int write); // disk pages in

// The TLB and address-space ids. Flushes are counted by cause (VM_FLUSH_*, kernel/vmstat.h).
void tlb_flush_all(int cause);               // sfence.vma zero, zero
void tlb_flush_asid(uint16 asid, int cause); // sfence.vma zero, asid
uint16 asid_alloc(void); // an address-space id for a new address space (0: none)
void asid_free(uint16 asid);
void asid_changed(uint16 asid, int cause); // the running process changed its mappings
// Before this hart runs the address space (pagetable, asid): flush asid here if stale.
void asid_activate(pagetable_t pagetable, uint16 asid);

// Virtual-memory counters (kernel/vmstat.h): the system's, and those of the process this hart
// runs (struct cpu's vm_own), which the scheduler points at before running it.
extern struct vmstats vmstats_all;
void vmstat_add(uint64 offset, uint64 n);
#define VMSTAT_ADD(field, n) vmstat_add(__builtin_offsetof(struct vmstats, field), (n))
#define VMSTAT_INC(field)    VMSTAT_ADD(field, 1)

// User page faults: what the faulting address is (kernel/vmstat.h's VM_FAULT_*), and the
// handler that resolves it. Returns 0 when the page is now there, -1 when the access is
// wrong (the trap layer then kills the process), VM_FAULT_NOMEM when no page is free now.
enum { FAULT_READ, FAULT_WRITE, FAULT_EXEC };
#define VM_FAULT_NOMEM  (-2)
#define VM_FAULT_NOSWAP (-3) // the page must go to swap, and the swap disk is full
int vm_fault(pagetable_t pagetable, uint64 va, int access);
// Threads share page tables: whoever changes the mappings of a user page table that may be
// shared (the heap's size, a thread's trapframe, a lazily allocated page) holds this lock.
void uvm_init(void); // at boot, from kvminit
void uvm_lock(void);
void uvm_unlock(void);
// What the memory layer cannot know about an address space: whether pagetable is the running
// process's, and then the end of its heap and its ASID. The process layer registers it at boot.
struct uvm_owner {
  uint64 heap;             // end of the heap
  uint16 asid;             // its address-space id (0: none)
  struct resident_set *rs; // its pages that may be swapped out (mem/swap.h), or 0
  int shared;              // other threads share the address space: nothing is paged out
  struct file *program;    // the file its program's pages come from (lazyexec=1), or 0
  // BEGIN LAB mmap
  struct vma *vmas; // its file mappings (NVMA of them), or 0
  // END LAB mmap
};
void vm_set_owner(int (*owner)(pagetable_t pagetable, struct uvm_owner *out));
// A heap page that sbrk allocates at once (uvmalloc) for the running process, below its new heap
// end: it may take a page of the process to swap first, and joins its resident set once mapped.
char *uvm_heap_alloc(pagetable_t pagetable, uint64 va);
void uvm_heap_added(pagetable_t pagetable, uint64 va);

// Pages read from files by the fault handler: the program's (exec) and file mappings' (mmap).
// The memory layer cannot read files: the layer that can registers these at boot. read
// fills dst with up to n bytes from off and returns how many (-1 on error); hold and drop
// keep the file open while the fault handler reads it with uvm_lock released.
struct file;
struct vm_file_ops {
  void (*hold)(struct file *f);
  void (*drop)(struct file *f);
  int (*read)(struct file *f, uint64 off, char *dst, int n);
};
void vm_set_file_ops(const struct vm_file_ops *ops);
// Demand paging of a program (lazyexec=1): map [va, va+memsz) of pagetable, page-aligned va,
// as pages not yet read, whose first touch reads them from the owner's program file: filesz
// bytes from offset off, then zeros. perm: PTE_W, PTE_X. Returns 0, or -1 if out of memory.
int uvm_map_program(pagetable_t pagetable, uint64 va, uint64 memsz, uint64 off, uint64 filesz,
                    int perm);
// Such a PTE: where a page's physical number goes, the file offset (below 2^31) from bit 23 and
// the bytes to read (at most PGSIZE) from bit 10; its permission bits; PTE_UNREAD, no PTE_V.
#define UNREAD_PTE(off, n, flags)                                                                  \
  (((uint64)(off) << 23) | ((uint64)(n) << 10) | (flags) | PTE_UNREAD)
#define PTE2FILEOFF(pte)   ((pte) >> 23)
#define PTE2FILELEN(pte)   (((pte) >> 10) & 0x1FFF)
#define PTE_IS_UNREAD(pte) (((pte) & (PTE_V | PTE_SWAPPED | PTE_UNREAD)) == PTE_UNREAD)
#define PROGRAM_MAXOFF     (1UL << 31)
// BEGIN LAB mmap

// File mappings (mmap). They belong to the address space and change under uvm_lock; their
// pages are read in by the fault handler, one at a time, when first touched.
#define NVMA 16 // mappings per address space
struct vma {
  uint64 start, end; // [start, end), page-aligned; end 0: a free slot
  int prot;          // PROT_* (kernel/fcntl.h)
  int flags;         // MAP_SHARED or MAP_PRIVATE
  struct file *file; // holds a reference of its own
  uint64 offset;     // the file offset of start
};
struct vma *vma_find(struct vma *vmas, uint64 va); // the mapping holding va, or 0
// Copy the pages of [start, end) mapped in old into new, as fork copies the heap.
int uvmcopy_range(pagetable_t old, pagetable_t new, uint64 start, uint64 end);
// END LAB mmap
#endif
