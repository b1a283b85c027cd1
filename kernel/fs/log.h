#ifndef KERNEL_FS_LOG_H
#define KERNEL_FS_LOG_H
// The write-ahead log: each system call's disk updates commit atomically. A call brackets
// its updates with begin_op/end_op and writes blocks with log_write instead of bwrite.
#include "kernel/types.h"
#include "kernel/fs.h"

struct buf;

void initlog(int dev, struct superblock *sb);
void begin_op(void);
void end_op(void);
void log_sync(void); // every operation that ended is durable (fsync, sync)
void log_write(struct buf *b);
void log_write_data(struct buf *b); // file data: journaled, or in place in ordered mode
int log_ordered(void);              // ordered mode: file data is written in place
void log_freed(uint b);             // the running transaction freed block b
int log_reusable(uint b);           // block b was not freed by the running transaction
#endif
