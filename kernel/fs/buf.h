#ifndef KERNEL_FS_BUF_H
#define KERNEL_FS_BUF_H
// The buffer cache: the file system's only way to the disk.
#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/core/sleeplock.h"

// One cached disk block. The cache's spinlock guards dev, blockno, refcnt and last_used;
// the sleep lock guards valid and data while a caller between bread and brelse uses it.
struct buf {
  int valid; // data holds the block's contents
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;      // bread holders plus log pins
  uint64 last_used; // cache clock at the last brelse, for LRU replacement
  // BEGIN LAB lock
  struct buf *next; // in its hash bucket
  // END LAB lock
  uchar data[BSIZE];
};

void binit(void);
struct buf *bread(uint dev, uint blockno); // locked, holding the block
void bwrite(struct buf *b);
void bwrite_batch(struct buf **bufs, int n);                // each to its own block, all at once
void bwrite_batch_to(struct buf **bufs, uint first, int n); // to first, first+1, ...
void brelse(struct buf *b);
void bpin(struct buf *b); // keep b cached (the log does, until it installs b)
void bunpin(struct buf *b);
void bflush(void);         // every block written so far is on stable storage
uint64 bdisk_blocks(void); // the disk's size in blocks
#endif
