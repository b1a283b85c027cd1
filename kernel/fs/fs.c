// File system: blocks, inodes, directories and path names, on top of the log and the buffer
// cache. Layers, bottom up:
//   blocks:       balloc/bfree hand out data blocks using the free bitmap.
//   inodes:       ialloc, iget/iput (the in-memory inode table), ilock/iunlock, iupdate.
//   file content: bmap maps a file's block numbers to disk blocks; readi/writei.
//   directories:  files of struct dirent; dirlookup, dirlink.
//   path names:   namei/nameiparent walk directories from the root or the current directory.
//
// Locking: itable.lock guards each inode's ref and identity; the inode's sleep lock guards
// everything read from disk (valid, type, size, addrs...). A caller holds a reference
// (iget/idup) for as long as it keeps a pointer, and the sleep lock only while it looks at
// or changes the inode's contents. Anything that writes the disk runs inside begin_op/end_op.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/kstats.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/core/proc.h"
#include "kernel/fs/buf.h"
#include "kernel/fs/log.h"
#include "kernel/fs/path.h"
#include "kernel/fs/inode.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

// There is one disk; its superblock is read once by fsinit.
static struct superblock sb;

// ---- superblock checks ----

struct region {
  char *what;
  uint64 start, end; // blocks [start, end)
};

// Does the superblock describe a file system that fits on a disk of disk_blocks blocks?
// Prints what is wrong and returns -1 if not.
static int check_superblock(struct superblock *s, uint64 disk_blocks) {
  if (s->magic != FSMAGIC) {
    printf("fsinit: bad superblock: magic 0x%x (want 0x%x)\n", s->magic, FSMAGIC);
    return -1;
  }
  if (s->size > disk_blocks) {
    printf("fsinit: bad superblock: size %d blocks, but the disk has only %d\n", s->size,
           (int)disk_blocks);
    return -1;
  }
  if (s->ninodes <= ROOTINO) {
    printf("fsinit: bad superblock: %d inodes leave no room for the root\n", s->ninodes);
    return -1;
  }
  if (s->nlog < MAXOPBLOCKS + 1) {
    printf("fsinit: bad superblock: log of %d blocks is too small (need %d)\n", s->nlog,
           MAXOPBLOCKS + 1);
    return -1;
  }
  if (s->nblocks == 0 || s->nblocks > s->size) {
    printf("fsinit: bad superblock: %d data blocks in an image of %d blocks\n", s->nblocks,
           s->size);
    return -1;
  }

  struct region r[] = {
      {"boot and super", 0, 2},
      {"log", s->logstart, (uint64)s->logstart + s->nlog},
      {"inode", s->inodestart, (uint64)s->inodestart + (s->ninodes + IPB - 1) / IPB},
      {"bitmap", s->bmapstart, (uint64)s->bmapstart + (s->size + BPB - 1) / BPB},
      {"data", s->size - s->nblocks, s->size},
  };
  for (int i = 0; i < NELEM(r); i++) {
    if (r[i].end > s->size) {
      printf("fsinit: bad superblock: %s blocks [%d, %d) reach beyond the image (%d blocks)\n",
             r[i].what, (int)r[i].start, (int)r[i].end, s->size);
      return -1;
    }
    for (int j = 0; j < i; j++) {
      if (r[i].start < r[j].end && r[j].start < r[i].end) {
        printf("fsinit: bad superblock: %s blocks [%d, %d) overlap %s blocks [%d, %d)\n", r[i].what,
               (int)r[i].start, (int)r[i].end, r[j].what, (int)r[j].start, (int)r[j].end);
        return -1;
      }
    }
  }
  return 0;
}

// Refusing a disk: the first process sleeps forever instead of panicking, so the machine
// stays up (the console still echoes, ^P still lists processes) and can be quit normally.
static void __attribute__((noreturn)) stop_boot(void) {
  static struct spinlock lk;
  static struct condvar never;

  printf("fsinit: file system not mounted; boot stopped (quit QEMU with Ctrl-a x)\n");
  initlock(&lk, "fs_refused");
  cv_init(&never, "fs_refused");
  acquire(&lk);
  for (;;)
    cv_wait(&never, &lk);
}

static void reclaim_orphans(uint dev);

// The data blocks below `low` are all in use, so that balloc need not scan them again: without
// it, filling a big file would scan the bitmap from its start for every block. `free` mirrors
// the bitmap's count of free data blocks for kstats.
static struct {
  struct spinlock lock;
  uint low;
  uint changes; // bumped by every bfree and every move of low
  uint64 free;
} blocks;

static void count_free_blocks(uint dev) {
  initlock(&blocks.lock, "blocks");
  uint first_data = sb.size - sb.nblocks, free = 0;
  for (uint base = 0; base < sb.size; base += BPB) {
    struct buf *bp = bread(dev, BBLOCK(base, sb));
    for (uint bit = 0; bit < BPB && base + bit < sb.size; bit++)
      free += base + bit >= first_data && !(bp->data[bit / 8] & (1 << (bit % 8)));
    brelse(bp);
  }
  blocks.low = first_data;
  blocks.free = free;
  kstats.free_blocks = free;
}

// Called once, from the first process (reading the disk waits for interrupts).
void fsinit(int dev) {
  uint64 disk_blocks = bdisk_blocks();
  if (disk_blocks < 2) {
    printf("fsinit: disk of %d blocks holds no superblock\n", (int)disk_blocks);
    stop_boot();
  }

  struct buf *bp = bread(dev, SUPERBLOCK);
  memmove(&sb, bp->data, sizeof(sb));
  brelse(bp);
  if (check_superblock(&sb, disk_blocks) < 0)
    stop_boot();

  initlog(dev, &sb);
  count_free_blocks(dev);

  bp = bread(dev, IBLOCK(ROOTINO, sb));
  struct dinode *root = (struct dinode *)bp->data + ROOTINO % IPB;
  int root_type = root->type;
  brelse(bp);
  if (root_type != T_DIR) {
    printf("fsinit: bad file system: the root inode is not a directory (type %d)\n", root_type);
    stop_boot();
  }
  reclaim_orphans(dev);
}

// ---- blocks ----

// Zeroes a newly allocated block, in the current transaction. In ordered mode a block of file
// data is zeroed only in the cache: writei writes it home whole right after, and whatever
// the disk held past the bytes the file wrote lies past its end, where nothing reads it.
// Other blocks (indirect, directory) are logged, which also keeps them cached until the commit.
static void bzero(uint dev, uint b, int data) {
  struct buf *bp = bread(dev, b);
  memset(bp->data, 0, BSIZE);
  if (!(data && log_ordered()))
    log_write(bp);
  brelse(bp);
}

// Allocates a zeroed block, for a file's data if data is set. Returns its number, or 0 if the
// disk is full.
static uint balloc(uint dev, int data) {
  acquire(&blocks.lock);
  uint low = blocks.low, changes = blocks.changes;
  release(&blocks.lock);
  uint skipped = 0; // the first free block skipped because the running transaction freed it

  for (uint base = low - low % BPB; base < sb.size; base += BPB) {
    struct buf *bp = bread(dev, BBLOCK(base, sb));
    for (uint bit = 0; bit < BPB && base + bit < sb.size; bit++) {
      uint b = base + bit;
      uchar mask = 1 << (bit % 8);
      if (b < low || (bp->data[bit / 8] & mask))
        continue;
      if (!log_reusable(b)) {
        if (skipped == 0)
          skipped = b;
        continue;
      }
      bp->data[bit / 8] |= mask;
      log_write(bp);
      brelse(bp);
      acquire(&blocks.lock);
      // Every block in [low, b] is now in use (or, from `skipped` on, about to be free again),
      // unless a bfree (or another balloc's move of low) came in between: then low stays as it
      // is, a bound that may be low but never high.
      if (blocks.changes == changes) {
        blocks.low = skipped ? skipped : b + 1;
        blocks.changes++;
      }
      blocks.free--;
      kstats.free_blocks = blocks.free;
      release(&blocks.lock);
      bzero(dev, b, data);
      return b;
    }
    brelse(bp);
  }
  return 0;
}

static void bfree(uint dev, uint b) {
  struct buf *bp = bread(dev, BBLOCK(b, sb));
  uint bit = b % BPB;
  uchar mask = 1 << (bit % 8);
  if ((bp->data[bit / 8] & mask) == 0)
    panic("bfree: block already free");
  bp->data[bit / 8] &= ~mask;
  log_write(bp);
  brelse(bp);
  acquire(&blocks.lock);
  if (b < blocks.low)
    blocks.low = b;
  blocks.changes++;
  blocks.free++;
  kstats.free_blocks = blocks.free;
  release(&blocks.lock);
  log_freed(b);
}

// ---- inodes ----

static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} itable;

void iinit(void) {
  initlock(&itable.lock, "itable");
  for (int i = 0; i < NINODE; i++)
    initsleeplock(&itable.inode[i].lock, "inode");
}

// Returns a referenced, unlocked in-memory inode for (dev, inum), not necessarily read
// from disk yet. Returns 0 if the inode table is full.
static struct inode *iget(uint dev, uint inum) {
  struct inode *empty = 0;

  acquire(&itable.lock);
  for (struct inode *ip = itable.inode; ip < itable.inode + NINODE; ip++) {
    if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if (empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if (empty) {
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->orphan = 0;
    empty->valid = 0;
  }
  release(&itable.lock);
  return empty;
}

// Sets the type of on-disk inode inum, in the current transaction.
static void set_dinode_type(uint dev, uint inum, short type) {
  struct buf *bp = bread(dev, IBLOCK(inum, sb));
  struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
  memset(dip, 0, sizeof(*dip));
  dip->type = type;
  log_write(bp);
  brelse(bp);
}

// Allocates an on-disk inode of the given type. Returns it referenced and unlocked, or 0
// if there is no free inode (or no room in the inode table).
struct inode *ialloc(uint dev, short type) {
  for (uint inum = 1; inum < sb.ninodes; inum++) {
    struct buf *bp = bread(dev, IBLOCK(inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
    if (dip->type != 0) {
      brelse(bp);
      continue;
    }
    // Claimed while holding the buffer's lock, so no other ialloc can take it too.
    memset(dip, 0, sizeof(*dip));
    dip->type = type;
    log_write(bp);
    brelse(bp);

    struct inode *ip = iget(dev, inum);
    if (ip == 0)
      set_dinode_type(dev, inum, 0); // no room in memory: give the inode back
    return ip;
  }
  return 0;
}

// Copies an in-memory inode to disk, in the current transaction. Caller holds ip->lock.
void iupdate(struct inode *ip) {
  struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
}

// Takes another reference to ip (ip = idup(ip1) idiom).
struct inode *idup(struct inode *ip) {
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

// Locks ip, reading it from disk if needed.
void ilock(struct inode *ip) {
  if (ip == 0 || ip->ref < 1)
    panic("ilock: inode not referenced");
  acquiresleep(&ip->lock);
  if (!ip->valid) {
    struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(bp);
    ip->valid = 1;
    if (ip->type == 0)
      panic("ilock: inode is free on disk");
  }
}

void iunlock(struct inode *ip) {
  if (ip == 0 || !holdingsleep(&ip->lock) || ip->ref < 1)
    panic("iunlock: inode not locked");
  releasesleep(&ip->lock);
}

// Drops a reference. When the last reference to an inode that no directory names goes
// away, the inode and its content are freed on disk: so callers must be in a transaction.
static void set_orphan(uint dev, uint from, uint to);
_Static_assert(NORPHAN >= NINODE, "an orphan list too short for the inode cache");
_Static_assert(ORPHAN_OFFSET >= sizeof(struct superblock) &&
                   ORPHAN_OFFSET + NORPHAN * sizeof(uint) <= BSIZE,
               "the orphan list must fit beside the superblock");

void iput(struct inode *ip) {
  acquire(&itable.lock);
  // The last name is gone but others still hold the inode open: remember it on disk, so that
  // a crash before they close it does not leak it. (A link count never rises from 0.)
  if (ip->ref > 1 && ip->valid && ip->nlink == 0 && !ip->orphan) {
    ip->orphan = 1;
    release(&itable.lock);
    set_orphan(ip->dev, 0, ip->inum); // our reference keeps ip from being freed meanwhile
    acquire(&itable.lock);
  }
  if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
    // Nobody else holds a reference, so nobody holds the lock: this does not block.
    acquiresleep(&ip->lock);
    int orphan = ip->orphan;
    ip->orphan = 0;
    release(&itable.lock);
    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    if (orphan)
      set_orphan(ip->dev, ip->inum, 0);
    ip->valid = 0;
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

void iunlockput(struct inode *ip) {
  iunlock(ip);
  iput(ip);
}

// ---- orphans ----

// Replaces inode number from with to in the orphan list (from 0: adds to; to 0: removes
// from), in the current transaction.
static void set_orphan(uint dev, uint from, uint to) {
  struct buf *bp = bread(dev, SUPERBLOCK);
  uint *slot = (uint *)(bp->data + ORPHAN_OFFSET);
  for (int i = 0; i < NORPHAN; i++) {
    if (slot[i] == from) {
      slot[i] = to;
      log_write(bp);
      break;
    }
  }
  brelse(bp);
}

// At boot: frees the inodes that were unlinked while open when the machine stopped.
static void reclaim_orphans(uint dev) {
  uint orphans[NORPHAN];
  struct buf *bp = bread(dev, SUPERBLOCK);
  memmove(orphans, bp->data + ORPHAN_OFFSET, sizeof(orphans));
  brelse(bp);
  for (int i = 0; i < NORPHAN; i++) {
    uint inum = orphans[i];
    if (inum == 0)
      continue;
    int orphan = 0; // allocated with no links (anything else is a stale or damaged entry)
    if (inum >= ROOTINO && inum < sb.ninodes) {
      bp = bread(dev, IBLOCK(inum, sb));
      struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
      orphan = dip->type != 0 && dip->nlink == 0;
      brelse(bp);
    }
    begin_op();
    if (orphan) {
      printf("ireclaim: freeing inode %d, unlinked while open\n", inum);
      struct inode *ip = iget(dev, inum);
      ilock(ip);
      ip->orphan = 1; // so iput frees it and takes it off the list
      iunlock(ip);
      iput(ip);
    } else {
      set_orphan(dev, inum, 0);
    }
    end_op();
  }
}

// ---- file content ----

// Block number in slot i of the indirect block `table`; when the slot is empty and alloc is
// set, a block is allocated (in the current transaction) and recorded there. Returns 0 if
// there is no block: table is 0, the disk is full, or alloc is not set. data says whether a
// new block holds file data (see bzero) or is a table itself.
static uint table_slot(uint dev, uint table, uint i, int alloc, int data) {
  if (table == 0)
    return 0;
  struct buf *bp = bread(dev, table);
  uint *slots = (uint *)bp->data;
  uint addr = slots[i];
  if (addr == 0 && alloc) {
    addr = balloc(dev, data);
    if (addr) {
      slots[i] = addr;
      log_write(bp);
    }
  }
  brelse(bp);
  return addr;
}

// Disk block holding block bn of the file. If there is none yet and alloc is set, one is
// allocated (in the current transaction). Returns 0 if there is no block: bn is beyond
// MAXFILE, the disk is full, or alloc is not set. Caller holds ip->lock.
static uint bmap(struct inode *ip, uint bn, int alloc) {
  int data = ip->type != T_DIR; // what the block will hold (see bzero)
  if (bn < NDIRECT) {
    if (ip->addrs[bn] == 0 && alloc)
      ip->addrs[bn] = balloc(ip->dev, data);
    return ip->addrs[bn];
  }
  bn -= NDIRECT;
  if (bn < NINDIRECT) {
    if (ip->addrs[NDIRECT] == 0 && alloc)
      ip->addrs[NDIRECT] = balloc(ip->dev, 0);
    return table_slot(ip->dev, ip->addrs[NDIRECT], bn, alloc, data);
  }
  // BEGIN LAB fs
  bn -= NINDIRECT;
  if (bn >= NDINDIRECT)
    return 0;
  if (ip->addrs[NDIRECT + 1] == 0 && alloc)
    ip->addrs[NDIRECT + 1] = balloc(ip->dev, 0);
  uint table = table_slot(ip->dev, ip->addrs[NDIRECT + 1], bn / NINDIRECT, alloc, 0);
  return table_slot(ip->dev, table, bn % NINDIRECT, alloc, data);
  // END LAB fs
  return 0;
}

// Frees the blocks the indirect block `table` names, down `depth` more levels of tables,
// then the table itself.
static void free_table(uint dev, uint table, int depth) {
  struct buf *bp = bread(dev, table);
  uint *slots = (uint *)bp->data;
  for (int i = 0; i < NINDIRECT; i++) {
    if (slots[i] && depth > 0)
      free_table(dev, slots[i], depth - 1);
    else if (slots[i])
      bfree(dev, slots[i]);
  }
  brelse(bp);
  bfree(dev, table);
}

// Frees the file's content. Caller holds ip->lock and is in a transaction.
void itrunc(struct inode *ip) {
  for (int i = 0; i < NDIRECT; i++) {
    if (ip->addrs[i]) {
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if (ip->addrs[NDIRECT]) {
    free_table(ip->dev, ip->addrs[NDIRECT], 0);
    ip->addrs[NDIRECT] = 0;
  }
  // BEGIN LAB fs
  if (ip->addrs[NDIRECT + 1]) {
    free_table(ip->dev, ip->addrs[NDIRECT + 1], 1);
    ip->addrs[NDIRECT + 1] = 0;
  }
  // END LAB fs
  ip->size = 0;
  iupdate(ip);
}

// Caller holds ip->lock.
void stati(struct inode *ip, struct stat *st) {
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// Reads up to n bytes from offset off into dst (a user address if user_dst, else kernel).
// Returns the number of bytes read (0 at or past the end), or -1 if copying out failed.
// Caller holds ip->lock.
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n) {
  if (off > ip->size || off + n < off)
    return 0;
  if (off + n > ip->size)
    n = ip->size - off;

  uint done = 0;
  while (done < n) {
    uint addr = bmap(ip, off / BSIZE, 0);
    if (addr == 0)
      break; // only a damaged file has a hole
    struct buf *bp = bread(ip->dev, addr);
    uint m = MIN(n - done, BSIZE - off % BSIZE);
    int bad = either_copyout(user_dst, dst, bp->data + off % BSIZE, m) < 0;
    brelse(bp);
    if (bad)
      return -1;
    done += m;
    off += m;
    dst += m;
  }
  return done;
}

// The most blocks' worth of bytes one transaction may write into a file (filewrite). A
// chunk ends on a block boundary and touches at most k data blocks. With indirect trees up to
// d levels deep (kernel/fs.h), k consecutive blocks (k < NINDIRECT) cross at most one boundary
// between indirect blocks, so they touch at most 2d - 1 of them and allocate at most d. Each
// allocated block may dirty a bitmap block of its own; the inode adds one. With data
// journaling the data blocks are logged too: k + (2d - 1) + (k + d) + 1 = 2k + 3d <=
// MAXOPBLOCKS. In ordered mode data costs the log nothing: (2d - 1) + (k + d) + 1 <=
// MAXOPBLOCKS, and when the disk has few bitmap blocks, all of them fit whatever k is.
#define INDIRECT_DEPTH       (NADDRS - NDIRECT)
#define ORDERED_CHUNK_BLOCKS 64
_Static_assert((MAXOPBLOCKS - 3 * INDIRECT_DEPTH) / 2 >= 1, "a write chunk must hold a block");
_Static_assert(ORDERED_CHUNK_BLOCKS < NINDIRECT, "a chunk may cross one indirect block only");
uint write_chunk_blocks(void) {
  uint bitmap_blocks = sb.size / BPB + 1;
  if (!log_ordered())
    return (MAXOPBLOCKS - 3 * INDIRECT_DEPTH) / 2;
  if (2 * INDIRECT_DEPTH + bitmap_blocks <= MAXOPBLOCKS)
    return ORDERED_CHUNK_BLOCKS;
  return MAXOPBLOCKS - 3 * INDIRECT_DEPTH;
}

// Writes n bytes from src (a user address if user_src, else kernel) at offset off, growing
// the file if needed. Returns the number of bytes written, which is short if the disk filled
// up or copying in failed, or -1 if off is past the end or the file would exceed MAXFILE
// blocks. Caller holds ip->lock and is in a transaction.
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n) {
  if (off > ip->size || off + n < off)
    return -1;
  if ((uint64)off + n > (uint64)MAXFILE * BSIZE)
    return -1;

  uint done = 0;
  while (done < n) {
    uint addr = bmap(ip, off / BSIZE, 1);
    if (addr == 0)
      break; // the disk is full
    struct buf *bp = bread(ip->dev, addr);
    uint m = MIN(n - done, BSIZE - off % BSIZE);
    if (either_copyin(bp->data + off % BSIZE, user_src, src, m) < 0) {
      brelse(bp);
      break;
    }
    // A directory's entries are metadata: always journaled.
    if (ip->type == T_DIR) {
      log_write(bp);
    } else {
      log_write_data(bp);
      KSTAT_INC(file_blocks);
    }
    brelse(bp);
    done += m;
    off += m;
    src += m;
  }

  if (off > ip->size)
    ip->size = off;
  // Written even if the size did not change: bmap may have added blocks to ip->addrs.
  iupdate(ip);
  return done;
}

// ---- directories ----

// Like strncmp over DIRSIZ characters: 0 when the names match.
int namecmp(const char *s, const char *t) {
  return !path_name_equal(s, t);
}

// Finds name in directory dp. Returns its inode, referenced and unlocked, and its entry's
// offset in *poff if poff is not 0; or 0 if there is no such entry. Caller holds dp->lock.
struct inode *dirlookup(struct inode *dp, char *name, uint *poff) {
  struct dirent de;

  if (dp->type != T_DIR)
    panic("dirlookup: not a directory");
  for (uint off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      return 0;
    if (de.inum == 0 || !path_name_equal(name, de.name))
      continue;
    if (poff)
      *poff = off;
    return iget(dp->dev, de.inum);
  }
  return 0;
}

// Adds the entry (name, inum) to directory dp. Returns 0, or -1 if the name is taken or the
// directory cannot grow. Caller holds dp->lock and is in a transaction.
int dirlink(struct inode *dp, char *name, uint inum) {
  struct dirent de;

  struct inode *ip = dirlookup(dp, name, 0);
  if (ip) {
    iput(ip);
    return -1;
  }

  // Reuse the first free entry, or append.
  uint off;
  for (off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      return -1;
    if (de.inum == 0)
      break;
  }

  memset(&de, 0, sizeof(de));
  for (int i = 0; i < DIRSIZ && name[i]; i++)
    de.name[i] = name[i];
  de.inum = inum;
  if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

// ---- path names ----

// Walks path from the root ("/...") or the current directory. Returns the inode it names,
// or with want_parent, the directory holding the last element, whose name goes to name
// (DIRSIZ + 1 bytes). Returns a referenced, unlocked inode, or 0.
// Must be called inside a transaction, since it calls iput.
static struct inode *namex(const char *path, int want_parent, char *name) {
  struct inode *ip;

  if (*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(myproc()->cwd);
  if (ip == 0)
    return 0;

  while ((path = path_next(path, name)) != 0) {
    ilock(ip);
    if (ip->type != T_DIR) {
      iunlockput(ip);
      return 0;
    }
    if (want_parent && *path == 0) {
      iunlock(ip); // stop one level early
      return ip;
    }
    struct inode *next = dirlookup(ip, name, 0);
    // Unlock before locking next: for ".", next is ip itself.
    iunlockput(ip);
    if (next == 0)
      return 0;
    ip = next;
  }
  if (want_parent) {
    iput(ip); // the path was "/" or empty: no last element
    return 0;
  }
  return ip;
}

struct inode *namei(char *path) {
  char name[DIRSIZ + 1];
  return namex(path, 0, name);
}

struct inode *nameiparent(char *path, char *name) {
  return namex(path, 1, name);
}

// BEGIN LAB fs
// If ip (locked and referenced) is a symbolic link, follows it, and the link it leads to, and
// so on, and returns the inode at the end of the chain, locked and referenced; ip is released.
// Returns 0, with ip released, for a dangling link, a cycle, or a chain of more than
// MAXSYMLINKS links. A relative target is looked up from the current directory. Caller is in
// a transaction.
struct inode *follow_symlinks(struct inode *ip) {
  char target[MAXPATH];
  for (int followed = 0; ip->type == T_SYMLINK; followed++) {
    int n = -1;
    if (followed < MAXSYMLINKS && ip->size > 0 && ip->size < MAXPATH)
      n = readi(ip, 0, (uint64)target, 0, ip->size);
    iunlockput(ip);
    if (n <= 0)
      return 0;
    target[n] = '\0';
    if ((ip = namei(target)) == 0)
      return 0;
    ilock(ip);
  }
  return ip;
}
// END LAB fs
