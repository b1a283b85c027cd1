#ifndef KERNEL_BUF_H
#define KERNEL_BUF_H
#include "kernel/sleeplock.h"
#include "kernel/fs.h"

// One cached disk block. The cache's spinlock guards dev, blockno, refcnt and last_used;
// the sleep lock guards valid and data while a caller between bread and brelse uses it.
struct buf {
  int valid; // data holds the block's contents
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;      // bread holders plus log pins
  uint64 last_used; // cache clock at the last brelse, for LRU replacement
  uchar data[BSIZE];
};
#endif
