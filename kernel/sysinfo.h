#ifndef KERNEL_SYSINFO_H
#define KERNEL_SYSINFO_H
#include "kernel/types.h"
// What the sysinfo(struct sysinfo *) system call reports (labs/syscall).
struct sysinfo {
  uint64 freemem; // bytes of free physical memory
  uint64 nproc;   // processes whose state is not UNUSED
};
#endif
