#ifndef KERNEL_MEM_SWAP_H
#define KERNEL_MEM_SWAP_H
// Swapping: page-sized slots on the swap disk, and each address space's resident set, the
// pages it may lose to the disk when it reaches its limit (rsslimit) or no page is free.
#include "kernel/types.h"

// One request to the swap disk: n pages, to or from slots slot, slot+1, ... status is set when
// it is done: 0, or -1 for an I/O error.
struct swap_io {
  uint64 slot;
  char **pages;
  int n;
  int status;
};

// The swap disk's driver hands over its slots at boot (none: swapping stays off). rw carries
// out n requests, all reads or all writes, and returns when every one is done.
void swap_attach(uint64 nslots, void (*rw)(struct swap_io *io, int n, int write));
int swap_enabled(void);
long swap_alloc(void);       // a free slot with one reference, or -1 if the disk is full
void swap_dup(uint64 slot);  // one more swapped PTE holds slot (fork)
void swap_free(uint64 slot); // one fewer; the last frees it
// Reads slot's page into page (from RAM if it is not written yet). 0, or -1 on an I/O error.
int swap_read(uint64 slot, char *page);

// Writing behind: swap_out takes page (it is the swap layer's now) and queues it for slot,
// without sleeping; the caller makes sure first that the queue is not full. swap_write_queued
// writes the queue in as few requests as its slots allow, then frees the pages; it sleeps.
// It returns how many pages it freed, or -1 if a write failed (those pages stay in RAM).
#define SWAP_BATCH 32 // pages written at once
void swap_out(uint64 slot, char *page);
int swap_queue_full(void);
int swap_write_queued(void);
void swap_counts(uint64 *slots, uint64 *used);

// A swapped-out page's PTE: its slot where the physical page number goes, its permission bits
// kept for when it comes back, PTE_SWAPPED and no PTE_V.
#define SWAP_PTE(slot, flags) (((uint64)(slot) << 10) | (flags) | PTE_SWAPPED)
#define PTE2SLOT(pte)         ((pte) >> 10)
#define PTE_IS_SWAPPED(pte)   (((pte) & (PTE_V | PTE_SWAPPED)) == PTE_SWAPPED)

// The heap pages of an address space (faulted in, or allocated by sbrk), in a ring: hand points
// at the oldest; a new page goes just behind it, so that, going round from the hand, pages come
// in the order they arrived. Only these pages are ever paged out.
#define NRESIDENT 1024 // the swap disk's slots: more pages could not go out at once anyway
struct resident_set {
  pagetable_t pagetable;  // the page table its pages are in (exec makes a new one: start over)
  int limit;              // pages it may hold (0: no limit), at most NRESIDENT
  int policy;             // PAGE_* (kernel/vmstat.h)
  int count;              // pages in page[]
  int hand;               // the oldest page; the clock's hand
  uint64 random;          // PAGE_RANDOM's generator state
  uint64 page[NRESIDENT]; // their user virtual addresses
};
#endif
