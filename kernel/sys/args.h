#ifndef KERNEL_SYS_ARGS_H
#define KERNEL_SYS_ARGS_H
// System call dispatch, and fetching a call's arguments from the trapframe and from user
// memory. Every user pointer is checked (by copyin and copyinstr): a bad one gives -1.
#include "kernel/types.h"

void syscall(void);
void argint(int n, int *ip);
void argaddr(int n, uint64 *ip);
int argstr(int n, char *buf, int max);
int fetchaddr(uint64 addr, uint64 *ip);
int fetchstr(uint64 addr, char *buf, int max);
#endif
