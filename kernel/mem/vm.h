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
int mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);

// User address spaces.
pagetable_t uvmcreate(void);
uint64 uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
uint64 uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz);
int uvmcopy(pagetable_t old, pagetable_t new, uint64 sz);
void uvmfree(pagetable_t pagetable, uint64 sz);
void uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free);
void uvmclear(pagetable_t pagetable, uint64 va);

// Copies between kernel and user memory: a bad user address gives -1, never a fault.
int copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);

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
// wrong (the trap layer then kills the process) or memory ran out.
enum { FAULT_READ, FAULT_WRITE, FAULT_EXEC };
int vm_fault(pagetable_t pagetable, uint64 va, int access);
// Threads share page tables: whoever changes the mappings of a user page table that may be
// shared (the heap's size, a thread's trapframe, a lazily allocated page) holds this lock.
void uvm_init(void); // at boot, from kvminit
void uvm_lock(void);
void uvm_unlock(void);
// The end of the heap of the address space pagetable, if it is the running process's (else
// 0): the process layer, which knows, registers it at boot.
void vm_set_heap_top(uint64 (*heap_top)(pagetable_t pagetable));
#endif
