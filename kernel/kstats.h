#ifndef KERNEL_KSTATS_H
#define KERNEL_KSTATS_H
#include "kernel/types.h"
// Counters of what the kernel does, readable from user space with kstats(struct kstats *).
// Append new fields at the end only: user programs compiled against an older layout keep working.
struct kstats {
  uint64 context_switches; // swtch() from the scheduler into a process
  uint64 page_faults;      // load/store/instruction page faults taken from user or kernel mode
  uint64 tlb_flushes;      // sfence.vma instructions executed
  uint64 disk_reads;       // blocks read from the disk
  uint64 disk_writes;      // blocks written to the disk
  uint64 log_commits;      // file-system transactions committed by the log
  uint64 syscalls;         // system calls made
  uint64 interrupts;       // device and timer interrupts taken
  uint64 ticks;            // timer ticks since boot
  uint64 forks;            // processes created by fork
  uint64 pipes;            // pipes created
  uint64 pipe_bytes;       // bytes written into pipes
  uint64 disk_flushes;     // cache flushes sent to the disk (the log's barriers)
  uint64 log_blocks;       // blocks copied into the log area (each is written again at home)
  uint64 file_blocks;      // file data blocks changed by write(): disk_writes / file_blocks is
                           // the file system's write amplification
  uint64 inplace_blocks;   // of those, written in place without the log (ordered mode)
  uint64 free_blocks;      // data blocks free on the root file system (a level, not a count)
};

#ifdef KERNEL_BUILD
extern struct kstats kstats;
#define KSTAT_ADD(field, n) __atomic_fetch_add(&kstats.field, (n), __ATOMIC_RELAXED)
#define KSTAT_INC(field)    KSTAT_ADD(field, 1)
#endif
#endif
