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

static struct {
  struct spinlock lock; // guards the identity, refcnt and last_used of every buffer
  struct buf buf[NBUF];
  uint64 clock;         // counts releases; newer releases have larger stamps
  struct condvar freed; // some buffer's refcnt dropped to 0
} bcache;

void binit(void) {
  initlock(&bcache.lock, "bcache");
  cv_init(&bcache.freed, "bcache_free");
  // Unused buffers keep dev 0, which names no disk, so lookups never match them.
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++)
    initsleeplock(&b->lock, "buffer");
}

// The unreferenced buffer released longest ago, or 0. Caller holds bcache.lock.
static struct buf *lru_unused(void) {
  struct buf *victim = 0;
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    if (b->refcnt == 0 && (victim == 0 || b->last_used < victim->last_used))
      victim = b;
  }
  return victim;
}

// The buffer holding (dev, blockno), or 0. Caller holds bcache.lock.
static struct buf *lookup(uint dev, uint blockno) {
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    if (b->dev == dev && b->blockno == blockno)
      return b;
  }
  return 0;
}

// Finds the buffer for (dev, blockno), recycling the least recently used free buffer if
// the block is not cached. Returns it locked, with a reference taken.
static struct buf *bget(uint dev, uint blockno) {
  acquire(&bcache.lock);
  for (;;) {
    struct buf *b = lookup(dev, blockno);
    if (b == 0 && (b = lru_unused()) != 0) {
      b->dev = dev;
      b->blockno = blockno;
      b->valid = 0;
    }
    if (b) {
      b->refcnt++;
      release(&bcache.lock);
      acquiresleep(&b->lock);
      return b;
    }
    // Every buffer is held or pinned by the log; one comes back when an operation ends.
    cv_wait(&bcache.freed, &bcache.lock);
  }
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

// Unlocks a buffer from bread and drops the reference.
void brelse(struct buf *b) {
  if (!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  b->refcnt--;
  if (b->refcnt == 0) {
    b->last_used = ++bcache.clock;
    cv_broadcast(&bcache.freed);
  }
  release(&bcache.lock);
}

// The log keeps a block it has not yet installed in the cache by holding an extra reference.
void bpin(struct buf *b) {
  acquire(&bcache.lock);
  b->refcnt++;
  release(&bcache.lock);
}

void bunpin(struct buf *b) {
  acquire(&bcache.lock);
  if (b->refcnt == 0)
    panic("bunpin: buffer not referenced");
  b->refcnt--;
  if (b->refcnt == 0) {
    b->last_used = ++bcache.clock;
    cv_broadcast(&bcache.freed);
  }
  release(&bcache.lock);
}

// The log's ordering barrier.
void bflush(void) {
  virtio_disk_flush();
}

uint64 bdisk_blocks(void) {
  return virtio_disk_blocks();
}
