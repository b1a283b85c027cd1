#ifndef KERNEL_SYS_PROCESS_H
#define KERNEL_SYS_PROCESS_H
#include "kernel/types.h"
// fork and exit as system calls see them: the core's process together with the file
// system's per-process state.
int fork(void);
void exit(int status) __attribute__((noreturn));              // every thread of the process
int clone(uint64 fn, uint64 arg1, uint64 arg2, uint64 stack); // a thread; its pid or -1
void exit_thread(void) __attribute__((noreturn));             // the calling thread only
#endif
