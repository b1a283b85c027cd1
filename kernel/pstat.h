#ifndef KERNEL_PSTAT_H
#define KERNEL_PSTAT_H
#include "kernel/types.h"
// What getpinfo(struct pstat *) reports about every slot of the process table (labs/sched).
#include "kernel/param.h"

struct pstat {
  int inuse[NPROC];     // 1 if the slot holds a process (its state is not UNUSED)
  int pid[NPROC];       // its process id
  int tickets[NPROC];   // its lottery tickets (also its share under stride scheduling)
  uint64 stride[NPROC]; // stride scheduling: how far its pass moves each time it runs
  uint64 pass[NPROC];   // stride scheduling: its pass; the lowest pass runs next
  uint64 ticks[NPROC];  // timer ticks it has run
};
#endif
