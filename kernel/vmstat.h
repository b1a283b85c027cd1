#ifndef KERNEL_VMSTAT_H
#define KERNEL_VMSTAT_H
#include "kernel/types.h"
// Virtual-memory counters, for the whole system (vmstats(0, &v)) or for one process
// (vmstats(pid, &v): what the kernel did while running it). Append new fields at the end only.

// Page faults by what the faulting address turned out to be.
enum {
  VM_FAULT_LAZY,   // heap grown by sbrklazy, first touched: a zeroed page is mapped
  VM_FAULT_COW,    // write to a page shared copy-on-write
  VM_FAULT_PAGEIN, // page paged out, or not yet read from the program file
  VM_FAULT_FILE,   // page of a file mapping
  VM_FAULT_GUARD,  // the guard page below the stack: the process is killed
  VM_FAULT_BAD,    // nothing is there, or the access is not allowed: killed
  VM_FAULT_KINDS
};

// TLB flushes by cause.
enum {
  VM_FLUSH_SWITCH, // switching to an address space with no ASID, or whose mappings changed
                   // while it ran on another hart
  VM_FLUSH_REUSE,  // switching to an ASID last used by another address space
  VM_FLUSH_MUNMAP, // mappings removed (munmap)
  VM_FLUSH_COW,    // a copy-on-write page replaced by a copy
  VM_FLUSH_SHRINK, // sbrk with a negative size
  VM_FLUSH_EXEC,   // exec replaced the address space
  VM_FLUSH_OTHER,  // anything else (boot, page-ins, ...)
  VM_FLUSH_CAUSES
};

struct vmstats {
  uint64 faults[VM_FAULT_KINDS];
  uint64 pages_allocated; // user pages allocated (eagerly, or on a fault)
  uint64 cow_copies;      // pages copied on a write to a shared page
  uint64 pages_in;        // pages read in from swap or from a file
  uint64 pages_out;       // pages written out to swap
  uint64 flushes[VM_FLUSH_CAUSES];
  uint64 asid_generations; // times an ASID was given to a new address space or its mappings
                           // changed (each makes other harts flush that ASID before reuse)
  uint64 asids;            // ASIDs the kernel hands out (0: none; boot parameter asids=N)
  uint64 pages_free;       // free physical pages now (the system's, in either kind of answer)
  uint64 swap_slots;       // page-sized slots on the swap disk (0: no swap disk; the system's)
  uint64 swap_slots_used;  // of them, in use now (the system's, in either kind of answer)
  uint64 swap_reads;       // disk requests that read a page in from swap
  uint64 swap_writes;      // disk requests that wrote a page out to swap
};

// Page replacement policies for rsslimit's resident set (pagepolicy(PAGE_...)).
enum {
  PAGE_FIFO,   // the page that came in first goes first
  PAGE_CLOCK,  // second chance: a page accessed since the hand last passed stays once more
  PAGE_RANDOM, // any page
  PAGE_POLICIES
};
#endif
