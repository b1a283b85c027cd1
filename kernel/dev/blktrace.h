#ifndef KERNEL_DEV_BLKTRACE_H
#define KERNEL_DEV_BLKTRACE_H
// The block trace of the crash-state explorer (crash/README.md): with the boot parameter
// blktrace=1, every block write and cache flush sent to the disk is printed on the console,
// one line each, tagged with the system call that caused it, so that the host can rebuild
// every state the disk could be left in by a crash.
#include "kernel/types.h"

extern int blktrace_on; // set at boot by blktrace=1

void blktrace_init(void);                             // reads the boot parameter
void blktrace_write(uint blockno, const uchar *data); // a write is being sent (BSIZE bytes)
void blktrace_flush(void);                            // a barrier: every write before it is durable
void blktrace_commit(void);                           // the log installed a transaction, is empty
void blktrace_call_begin(int num);                    // the current process enters system call num
void blktrace_call_end(uint64 ret);                   // and returns ret
void blktrace_mark(int id, const char *text);         // a workload's own mark
#endif
