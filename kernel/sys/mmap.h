// SOLUTION FILE LAB mmap
#ifndef KERNEL_SYS_MMAP_H
#define KERNEL_SYS_MMAP_H
// File mappings (the mmap lab): the system calls, and what fork, exit and exec do with them.
#include "kernel/types.h"

struct proc;
struct file;

void mmap_init(void); // at boot
// The address of a new mapping of len bytes of f from offset, or -1.
uint64 mmap(uint64 addr, uint64 len, int prot, int flags, struct file *f, uint64 offset);
int munmap(uint64 addr, uint64 len);                    // 0, or -1 if not one end of a mapping
void mmap_exit(struct proc *p);                         // write back and remove every mapping
int mmap_fork(struct proc *parent, struct proc *child); // copy them; -1 if out of memory
#endif
