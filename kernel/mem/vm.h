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

// The TLB and address-space ids.
void tlb_flush_all(void);         // sfence.vma zero, zero (counted)
void tlb_flush_asid(uint16 asid); // sfence.vma zero, asid (counted)
uint16 asid_alloc(void);          // an address-space id for a new address space (0: none)
void asid_free(uint16 asid);
void asid_changed(uint16 asid); // the running process changed its mappings
// Before this hart runs the address space (pagetable, asid): flush asid here if stale.
void asid_activate(pagetable_t pagetable, uint16 asid);
#endif
