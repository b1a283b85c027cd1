// Buffer cache: NBUF copies of disk blocks, shared by everyone who reads the same block.
//
// bread returns a locked buffer holding a block's contents; the caller may change data and
// bwrite it, then must brelse it. Only one process at a time uses a buffer (its sleep lock).
// When a block that is not cached is needed, the unused buffer released longest ago is
// recycled (LRU), tracked by a clock stamped on every release.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/dev/disk.h"
#include "kernel/fs/buf.h"

// BEGIN LAB lock
// Buffers are hashed by block number into buckets, each under its own lock, so that harts
// looking up different blocks do not wait for each other. A prime spreads the blocks of a
// file, which are often consecutive or a stride apart, over every bucket.
#define NBUCKET 13

struct bucket {
  struct spinlock lock; // guards the identity, refcnt and last_used of the buffers here
  struct buf *head;     // the buffers whose blockno hashes here, linked by next
};
// END LAB lock

static struct {
  struct buf buf[NBUF];
  uint64 clock;         // counts releases; newer releases have larger stamps
  struct condvar freed; // some buffer's refcnt dropped to 0
  // BEGIN LAB lock
  struct bucket buckets[NBUCKET];
  // One hart at a time recycles a buffer: it alone holds two bucket locks at once (so no
  // two harts can wait for each other's), and two harts missing the same block cannot both
  // put it in the cache. freed is waited for under this lock.
  struct spinlock evict_lock;
  int waiting; // processes waiting for a buffer to be freed, under evict_lock
  // STUB LAB lock
  // struct spinlock lock; // guards the identity, refcnt and last_used of every buffer
  // END LAB lock
} bcache;

// BEGIN LAB lock
static struct bucket *bucket_of(uint blockno) {
  return &bcache.buckets[blockno % NBUCKET];
}
// END LAB lock

// The lock that guards b's identity and refcnt. b's identity cannot change while the caller
// holds a reference, so neither can the answer.
static struct spinlock *lock_of(struct buf *b) {
  // BEGIN LAB lock
  return &bucket_of(b->blockno)->lock;
  // STUB LAB lock
  // return &bcache.lock;
  // END LAB lock
}

void binit(void) {
  cv_init(&bcache.freed, "bcache_free");
  // BEGIN LAB lock
  // Every bucket's lock has the same name, so the lock statistics count them as one.
  for (struct bucket *bk = bcache.buckets; bk < bcache.buckets + NBUCKET; bk++)
    initlock(&bk->lock, "bcache");
  initlock(&bcache.evict_lock, "bcache_evict");
  // Unused buffers keep dev 0, which names no disk, so lookups never match them. They
  // start in bucket 0, as if they held block 0.
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    initsleeplock(&b->lock, "buffer");
    b->next = bcache.buckets[0].head;
    bcache.buckets[0].head = b;
  }
  // STUB LAB lock
  // initlock(&bcache.lock, "bcache");
  // // Unused buffers keep dev 0, which names no disk, so lookups never match them.
  // for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++)
  //   initsleeplock(&b->lock, "buffer");
  // END LAB lock
}

// BEGIN LAB lock
// The buffer holding (dev, blockno), with a reference taken, or 0. Caller holds bk's lock.
static struct buf *lookup(struct bucket *bk, uint dev, uint blockno) {
  for (struct buf *b = bk->head; b; b = b->next) {
    if (b->dev == dev && b->blockno == blockno) {
      b->refcnt++;
      return b;
    }
  }
  return 0;
}

// Recycle the unreferenced buffer released longest ago, from whichever bucket, for
// (dev, blockno) in bucket home, and take a reference to it; 0 if every buffer is in use.
// Caller holds evict_lock and home's lock. Holds at most two more bucket locks: the one
// being searched and the one with the best buffer so far, which stays locked so that the
// buffer cannot be taken meanwhile.
static struct buf *recycle(struct bucket *home, uint dev, uint blockno) {
  struct buf *victim = 0;
  struct bucket *victim_bk = 0;
  for (struct bucket *bk = bcache.buckets; bk < bcache.buckets + NBUCKET; bk++) {
    if (bk != home)
      acquire(&bk->lock);
    struct buf *best = 0;
    for (struct buf *b = bk->head; b; b = b->next) {
      if (b->refcnt == 0 && (best == 0 || b->last_used < best->last_used))
        best = b;
    }
    if (best && (victim == 0 || best->last_used < victim->last_used)) {
      if (victim_bk && victim_bk != home)
        release(&victim_bk->lock);
      victim = best;
      victim_bk = bk;
    } else if (bk != home) {
      release(&bk->lock);
    }
  }
  if (victim == 0)
    return 0;
  // Move it to its new bucket.
  struct buf **link = &victim_bk->head;
  while (*link != victim)
    link = &(*link)->next;
  *link = victim->next;
  victim->next = home->head;
  home->head = victim;
  if (victim_bk != home)
    release(&victim_bk->lock);
  victim->dev = dev;
  victim->blockno = blockno;
  victim->valid = 0;
  victim->refcnt = 1;
  return victim;
}

// Finds the buffer for (dev, blockno), recycling the least recently used free buffer if
// the block is not cached. Returns it locked, with a reference taken.
static struct buf *bget(uint dev, uint blockno) {
  struct bucket *home = bucket_of(blockno);
  acquire(&home->lock);
  struct buf *b = lookup(home, dev, blockno);
  release(&home->lock);
  if (b == 0) {
    acquire(&bcache.evict_lock);
    int counted = 0;
    for (;;) {
      // Look again: another hart may have cached the block between the two locks.
      acquire(&home->lock);
      b = lookup(home, dev, blockno);
      if (b == 0)
        b = recycle(home, dev, blockno);
      release(&home->lock);
      if (b)
        break;
      // Every buffer is held or pinned by the log; one comes back when an operation ends.
      // Count this process as waiting and search once more before sleeping, so that a
      // buffer freed during the last search is either found or followed by a wake-up.
      if (counted)
        cv_wait(&bcache.freed, &bcache.evict_lock);
      else
        __atomic_store_n(&bcache.waiting, bcache.waiting + 1, __ATOMIC_RELAXED);
      counted = 1;
    }
    if (counted)
      __atomic_store_n(&bcache.waiting, bcache.waiting - 1, __ATOMIC_RELAXED);
    release(&bcache.evict_lock);
  }
  acquiresleep(&b->lock);
  return b;
}
// STUB LAB lock
// // The unreferenced buffer released longest ago, or 0. Caller holds bcache.lock.
// static struct buf *lru_unused(void) {
//   struct buf *victim = 0;
//   for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
//     if (b->refcnt == 0 && (victim == 0 || b->last_used < victim->last_used))
//       victim = b;
//   }
//   return victim;
// }
//
// // The buffer holding (dev, blockno), or 0. Caller holds bcache.lock.
// static struct buf *lookup(uint dev, uint blockno) {
//   for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
//     if (b->dev == dev && b->blockno == blockno)
//       return b;
//   }
//   return 0;
// }
//
// // Finds the buffer for (dev, blockno), recycling the least recently used free buffer if
// // the block is not cached. Returns it locked, with a reference taken.
// static struct buf *bget(uint dev, uint blockno) {
//   acquire(&bcache.lock);
//   for (;;) {
//     struct buf *b = lookup(dev, blockno);
//     if (b == 0 && (b = lru_unused()) != 0) {
//       b->dev = dev;
//       b->blockno = blockno;
//       b->valid = 0;
//     }
//     if (b) {
//       b->refcnt++;
//       release(&bcache.lock);
//       acquiresleep(&b->lock);
//       return b;
//     }
//     // Every buffer is held or pinned by the log; one comes back when an operation ends.
//     cv_wait(&bcache.freed, &bcache.lock);
//   }
// }
// END LAB lock

// Drop one reference to b; the last one stamps it for LRU and wakes whoever waits for a
// free buffer.
static void unreference(struct buf *b) {
  struct spinlock *lk = lock_of(b);
  acquire(lk);
  if (b->refcnt == 0)
    panic("bcache: buffer not referenced");
  b->refcnt--;
  int freed = b->refcnt == 0;
  if (freed)
    b->last_used = __atomic_add_fetch(&bcache.clock, 1, __ATOMIC_RELAXED);
  // BEGIN LAB lock
  release(lk);
  // A waiter counts itself before its last search, and this bucket's lock orders that
  // before the check here; it holds evict_lock until it sleeps, so no wake-up is missed.
  if (freed && __atomic_load_n(&bcache.waiting, __ATOMIC_RELAXED)) {
    acquire(&bcache.evict_lock);
    cv_broadcast(&bcache.freed);
    release(&bcache.evict_lock);
  }
  // STUB LAB lock
  // if (freed)
  //   cv_broadcast(&bcache.freed);
  // release(lk);
  // END LAB lock
}

struct buf *bread(uint dev, uint blockno) {
  struct buf *b = bget(dev, blockno);
  if (!b->valid) {
    virtio_disk_rw(b->blockno, b->data, 0);
    b->valid = 1;
  }
  return b;
}

// Writes the buffer's contents to disk now. The caller holds its lock.
void bwrite(struct buf *b) {
  if (!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  virtio_disk_rw(b->blockno, b->data, 1);
}

// Writes n locked buffers all in flight at once: one wait for the disk instead of n. The disk
// may write them in any order. Buffer i goes to block first + i when redirect is set (around
// the cache), else to its own block.
static void write_batch(struct buf **bufs, int n, int redirect, uint first) {
  if (n <= 0)
    return;
  uint blockno[n];
  uchar *data[n];
  for (int i = 0; i < n; i++) {
    if (!holdingsleep(&bufs[i]->lock))
      panic("bwrite_batch: buffer not locked");
    blockno[i] = redirect ? first + i : bufs[i]->blockno;
    data[i] = bufs[i]->data;
  }
  virtio_disk_write_batch(blockno, data, n);
}

void bwrite_batch(struct buf **bufs, int n) {
  write_batch(bufs, n, 0, 0);
}

// For the log, whose area only recovery reads, at boot: a cached copy of the blocks written
// would be stale, so nothing else may read them.
void bwrite_batch_to(struct buf **bufs, uint first, int n) {
  write_batch(bufs, n, 1, first);
}

// Unlocks a buffer from bread and drops the reference.
void brelse(struct buf *b) {
  if (!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);
  unreference(b);
}

// The log keeps a block it has not yet installed in the cache by holding an extra reference.
void bpin(struct buf *b) {
  struct spinlock *lk = lock_of(b);
  acquire(lk);
  b->refcnt++;
  release(lk);
}

void bunpin(struct buf *b) {
  unreference(b);
}

// The log's ordering barrier.
void bflush(void) {
  virtio_disk_flush();
}

uint64 bdisk_blocks(void) {
  return virtio_disk_blocks();
}
