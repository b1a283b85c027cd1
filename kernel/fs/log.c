// Write-ahead log: makes each file-system system call atomic with respect to crashes.
//
// A system call brackets its updates with begin_op() and end_op(), and writes modified
// blocks with log_write() instead of bwrite(). log_write only notes the block and pins it in
// the buffer cache. When the last running operation ends, the group of operations commits:
//   1. copy each modified block into the log area on disk,
//   2. write the header naming their home locations (the commit point),
//   3. copy each block to its home location,
//   4. write an empty header.
// A crash before 2 loses the whole group; a crash after 2 is repaired at boot by replaying
// the log (steps 3 and 4 again), which is harmless to repeat. The disk may reorder writes
// it holds in its cache, so each step is flushed to stable storage before the next begins:
// otherwise the header could land before the blocks it names, or a cleared header after
// the next transaction's blocks overwrote the log. With checksummed commits (boot parameter
// logsum=1) the header carries a checksum of the logged blocks, recovery discards a header
// whose blocks do not match it, steps 1 and 2 share one flush, and step 4 is left out.
//
// Ordered mode (boot parameter ordered=1) journals only metadata: file data goes straight to
// its home block (log_write_data), written with the commit's first batch, and the flush
// before the commit point makes it durable first, so a committed file never points at a
// block whose data is missing.
// An overwrite in flight may land partly, as in ext4's ordered mode. A block freed in the
// running transaction is still in use on disk until that transaction commits, so it is not
// handed out again before then (log_reusable): written in place, it would change the file
// that still owns it if the machine crashed before the commit.
//
// Group commit (boot parameter groupcommit=1), as ext4's jbd2 does it: the last operation out
// does not commit. Operations join the running transaction, which commits when the next one
// might not fit in the log, when it has held back many freed blocks, at the end of the first
// operation a second (GROUP_COMMIT_TICKS) after the last commit, or on fsync/sync. A call
// that returned is then durable only once a later commit is: after a crash the tree is the
// one after some prefix of the calls, at least those before the last durable commit.
//
// On-disk layout: [ header | logged block 0 | logged block 1 | ... ] from sb.logstart.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/kstats.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lib/bootargs.h"
#include "kernel/arch/riscv.h"
#include "kernel/mem/kalloc.h"
#include "kernel/core/condvar.h"
#include "kernel/core/clock.h"
#include "kernel/dev/blktrace.h"
#include "kernel/fs/buf.h"
#include "kernel/fs/logbook.h"
#include "kernel/fs/log.h"

#define QUARANTINE_PAGES   16
#define GROUP_COMMIT_TICKS TICKS_PER_SECOND
#define GROUP_COMMIT_FREED 256 // freed blocks held back before a group commits anyway
#define BITS_PER_PAGE      (PGSIZE * 8)

static struct {
  struct spinlock lock;
  struct condvar changed; // an operation ended or a commit finished: room may have appeared
  uint dev;
  uint start;       // block number of the header
  int outstanding;  // operations between begin_op and end_op
  int committing;   // a commit is writing the disk; no operation may begin
  int summed;       // checksummed commits (logsum=1)
  int ordered;      // ordered mode (ordered=1): file data is not journaled
  int inplace;      // the running transaction wrote file data in place
  int group;        // group commit (groupcommit=1)
  int forced;       // fsync/sync waits: the last operation out commits
  uint64 commits;   // commits finished (or found nothing to write) since boot
  uint last_commit; // ticks at the last commit
  // Ordered mode: the home blocks of file data the running transaction wrote, pinned in the
  // cache until the commit (or with group commit, the end of the operation) writes them all
  // at once (write_data). Only in room no running operation may still need for the log.
  uint data[LOGSIZE];
  uint ndata;
  // Ordered mode: a bit per block of the disk, set for the blocks the running transaction
  // freed. QUARANTINE_PAGES pages cover disks of up to QUARANTINE_PAGES * PGSIZE * 8 blocks.
  uchar *quarantine[QUARANTINE_PAGES];
  int npages;          // pages in use
  int quarantined;     // bits set
  struct logbook book; // blocks of the current transaction
} log;

static void recover(struct superblock *sb);

// Ordered mode needs its quarantine: without one, data journaling.
static void init_ordered(struct superblock *sb) {
  log.npages = (sb->size + BITS_PER_PAGE - 1) / BITS_PER_PAGE;
  for (int i = 0; i < log.npages && i < QUARANTINE_PAGES; i++) {
    if ((log.quarantine[i] = kalloc()) == 0)
      break;
    memset(log.quarantine[i], 0, PGSIZE);
  }
  if (log.npages > QUARANTINE_PAGES || log.quarantine[log.npages - 1] == 0) {
    printf("initlog: no room to track the freed blocks of %d; using data journaling\n", sb->size);
    for (int i = 0; i < QUARANTINE_PAGES && log.quarantine[i]; i++)
      kfree(log.quarantine[i]);
    log.ordered = 0;
  }
}

// Every logged block stays pinned in the buffer cache until the commit, so the log must
// leave buffers for the operations still running (each holds a few at a time) and for the
// commit itself, or they would wait for one another forever.
#define BUFFERS_KEPT_FREE 8
_Static_assert(NBUF - BUFFERS_KEPT_FREE >= MAXOPBLOCKS,
               "the buffer cache is too small for the log");

void initlog(int dev, struct superblock *sb) {
  initlock(&log.lock, "log");
  cv_init(&log.changed, "log");
  log.dev = dev;
  log.start = sb->logstart;
  log.summed = bootarg_int("logsum", 0) != 0;
  log.ordered = bootarg_int("ordered", 0) != 0;
  log.group = bootarg_int("groupcommit", 0) != 0;
  if (log.ordered)
    init_ordered(sb);
  // Recovery accepts whatever fits in the on-disk log; new transactions are kept smaller.
  logbook_init(&log.book, sb->nlog - 1);
  recover(sb);
  uint cap = sb->nlog - 1;
  if (cap > NBUF - BUFFERS_KEPT_FREE)
    cap = NBUF - BUFFERS_KEPT_FREE;
  logbook_init(&log.book, cap);
}

// Writes the in-memory header to disk. When it names blocks, this is the commit point.
static void write_header(void) {
  struct buf *b = bread(log.dev, log.start);
  logbook_pack(&log.book, b->data);
  bwrite(b);
  brelse(b);
}

// BEGIN LAB journal
// Copies each logged block to its home location. During a normal commit the cached copies,
// pinned by log_write, hold what the log holds: write them all at once, and unpin them.
// Recovery copies the log slots home one by one (at boot, so speed matters less than
// holding few buffers).
static void install(int recovering) {
  if (recovering) {
    for (uint i = 0; i < log.book.n; i++) {
      struct buf *from = bread(log.dev, log.start + 1 + i);
      struct buf *to = bread(log.dev, log.book.block[i]);
      memmove(to->data, from->data, BSIZE);
      bwrite(to);
      brelse(from);
      brelse(to);
    }
    return;
  }
  struct buf *b[LOGSIZE];
  for (uint i = 0; i < log.book.n; i++)
    b[i] = bread(log.dev, log.book.block[i]);
  bwrite_batch(b, log.book.n);
  for (uint i = 0; i < log.book.n; i++) {
    bunpin(b[i]);
    brelse(b[i]);
  }
}

// Writes the transaction's modified blocks, from the cache, into the log slots (and sums
// them), all at once.
static void write_log(void) {
  struct buf *b[LOGSIZE];
  uint sum = logbook_sum_start(&log.book);
  for (uint i = 0; i < log.book.n; i++) {
    b[i] = bread(log.dev, log.book.block[i]);
    sum = logbook_sum_add(sum, b[i]->data);
  }
  bwrite_batch_to(b, log.start + 1, log.book.n);
  for (uint i = 0; i < log.book.n; i++)
    brelse(b[i]);
  log.book.summed = log.summed;
  log.book.sum = sum;
}

// Whether the logged blocks match the header's checksum (always, for an unsummed header).
static int log_intact(void) {
  if (!log.book.summed)
    return 1;
  uint sum = logbook_sum_start(&log.book);
  for (uint i = 0; i < log.book.n; i++) {
    struct buf *b = bread(log.dev, log.start + 1 + i);
    sum = logbook_sum_add(sum, b->data);
    brelse(b);
  }
  return sum == log.book.sum;
}

// At boot: finish installing a transaction that committed before a crash.
static void recover(struct superblock *sb) {
  struct buf *b = bread(log.dev, log.start);
  int ok = logbook_unpack(&log.book, b->data, sb->logstart + sb->nlog, sb->size);
  brelse(b);
  if (ok < 0) {
    printf("initlog: log header is damaged; ignoring the log\n");
  } else if (log.book.n > 0 && !log_intact()) {
    // The crash came before every logged block was on disk: the commit never happened.
    printf("initlog: discarding a torn transaction of %d blocks (checksum)\n", log.book.n);
  } else if (log.book.n > 0) {
    printf("initlog: recovering %d logged blocks\n", log.book.n);
    install(1);
    bflush();
  }
  logbook_clear(&log.book);
  write_header();
  bflush();
}
// STUB LAB journal
// // At boot: finish installing a transaction that committed before a crash (and say so:
// // "initlog: recovering N logged blocks"), or discard one whose commit never happened.
// static void recover(struct superblock *sb) {
// // your code here. Until then whatever the log holds is ignored.
// (void)sb;
// logbook_clear(&log.book);
// write_header();
// bflush();
// }
// END LAB journal

// Ordered mode: writes the file data held for the commit to its home blocks, all at once.
static void write_data(void) {
  struct buf *b[LOGSIZE];
  for (uint i = 0; i < log.ndata; i++)
    b[i] = bread(log.dev, log.data[i]);
  bwrite_batch(b, log.ndata);
  for (uint i = 0; i < log.ndata; i++) {
    bunpin(b[i]);
    brelse(b[i]);
  }
  log.ndata = 0;
}

static void commit(void) {
  int inplace = log.inplace;
  log.inplace = 0;
  write_data();
  if (log.book.n == 0)
    return;
  KSTAT_ADD(log_blocks, log.book.n);
  // BEGIN LAB journal
  write_log();
  // A checksum tells recovery which logged blocks made it, but not whether data written in
  // place did: that must be durable before the commit point.
  if (!log.summed || inplace)
    bflush();
  write_header(); // the commit point
  bflush();
  install(0);
  bflush();
  logbook_clear(&log.book);
  // A summed header may go on naming the installed transaction: recovery would install it
  // again, which changes nothing, since no later transaction has committed and nothing else
  // writes its blocks (a block it freed may be written in place by the next one, which is
  // then lost anyway). The next commit's slots, written over it, no longer match its sum.
  if (!log.summed) {
    write_header(); // the log is free again
    bflush();
  }
  // STUB LAB journal
  // // your code here: write the transaction through the log (labs/journal/README.md).
  // // Until then each block goes straight home: a crash part way leaves half a system call.
  // (void)inplace;
  // for (uint i = 0; i < log.book.n; i++) {
  // struct buf *b = bread(log.dev, log.book.block[i]);
  // bwrite(b);
  // bunpin(b);
  // brelse(b);
  // }
  // bflush();
  // logbook_clear(&log.book);
  // END LAB journal
  if (log.quarantined) { // the frees are committed: the blocks may be used again
    for (int i = 0; i < log.npages; i++)
      memset(log.quarantine[i], 0, PGSIZE);
    log.quarantined = 0;
  }
  blktrace_commit();
  KSTAT_INC(log_commits);
}

// Whether one more operation may begin. Each may write up to MAXOPBLOCKS blocks, logged or
// file data held for the commit; all stay pinned, and must fit with what is already there.
static int has_room(void) {
  return logbook_has_room(&log.book, log.outstanding) &&
         log.book.n + log.ndata + (uint)(log.outstanding + 1) * MAXOPBLOCKS <= log.book.cap;
}

enum { NOTHING_DUE, COMMIT_DUE, DATA_DUE };

// What the last operation out does: commit, or only write the file data held for the commit
// home (group commit: the next operation finds the room free), or nothing.
// Caller holds log.lock.
static int work_due(void) {
  if (!log.group || log.forced)
    return COMMIT_DUE;
  // The transaction holds many blocks back from reuse, or it is old.
  if (log.quarantined >= GROUP_COMMIT_FREED || ticks - log.last_commit >= GROUP_COMMIT_TICKS)
    return COMMIT_DUE;
  if (!has_room())
    return log.book.n + MAXOPBLOCKS <= log.book.cap ? DATA_DUE : COMMIT_DUE;
  // The next operation's data finds the room free.
  return log.ndata > 0 ? DATA_DUE : NOTHING_DUE;
}

static void commit_now(void);

// Called at the start of each file-system system call.
void begin_op(void) {
  acquire(&log.lock);
  while (log.committing || !has_room())
    cv_wait(&log.changed, &log.lock);
  log.outstanding++;
  release(&log.lock);
}

// Called at the end of each file-system system call; the last one out commits.
void end_op(void) {
  int do_commit = 0;

  acquire(&log.lock);
  if (log.committing)
    panic("end_op: commit in progress");
  log.outstanding--;
  if (log.outstanding < 0)
    panic("end_op: no operation running");
  int due = log.outstanding == 0 ? work_due() : NOTHING_DUE;
  if (due != NOTHING_DUE) {
    do_commit = due;
    log.committing = 1;
  } else {
    // This operation's reservation is released; a waiting begin_op may fit now.
    cv_broadcast(&log.changed);
  }
  release(&log.lock);

  if (do_commit == COMMIT_DUE) {
    commit_now();
  } else if (do_commit == DATA_DUE) {
    // Written home before the commit, as ordered mode allows; inplace stays set, so the
    // commit still makes it durable before its commit point.
    write_data();
    acquire(&log.lock);
    log.committing = 0;
    cv_broadcast(&log.changed);
    release(&log.lock);
  }
}

// Commits the running transaction and lets operations begin again. The caller set
// committing; no lock held: commit sleeps on the disk, committing keeps everyone else out.
static void commit_now(void) {
  commit();
  acquire(&log.lock);
  log.committing = 0;
  log.forced = 0;
  log.commits++;
  log.last_commit = ticks;
  cv_broadcast(&log.changed);
  release(&log.lock);
}

// fsync and sync: returns once every operation that ended before the call is durable.
void log_sync(void) {
  acquire(&log.lock);
  // The next commit to finish covers them: one under way holds every operation that ended
  // (none begins meanwhile), else the running transaction does.
  uint64 target = log.commits + 1;
  if (!log.committing && log.book.n == 0 && log.ndata == 0) {
    release(&log.lock);
    return;
  }
  while (log.commits < target) {
    if (!log.committing && log.outstanding == 0) {
      log.committing = 1;
      release(&log.lock);
      commit_now();
      acquire(&log.lock);
    } else {
      log.forced = 1; // the last operation out commits
      cv_wait(&log.changed, &log.lock);
    }
  }
  release(&log.lock);
}

// Marks a modified buffer as part of the current transaction, in place of bwrite:
//   b = bread(...); modify b->data; log_write(b); brelse(b);
// The buffer stays pinned in the cache until the commit installs it.
void log_write(struct buf *b) {
  acquire(&log.lock);
  if (log.outstanding < 1)
    panic("log_write: outside of a transaction");
  int added = logbook_add(&log.book, b->blockno);
  if (added < 0)
    panic("log_write: transaction too big for the log");
  if (added)
    bpin(b);
  release(&log.lock);
}

// Marks a buffer of file data as written, in place of bwrite. With data journaling this is
// log_write. In ordered mode the block stays pinned in the cache and goes home with the
// commit's first batch of writes.
void log_write_data(struct buf *b) {
  acquire(&log.lock);
  if (log.outstanding < 1)
    panic("log_write_data: outside of a transaction");
  // A block the transaction logs already (it never does for file data) must stay logged.
  int inplace = log.ordered && logbook_find(&log.book, b->blockno) < 0;
  int now = 0;
  if (inplace) {
    log.inplace = 1;
    uint i = 0;
    while (i < log.ndata && log.data[i] != b->blockno)
      i++;
    // Data costs an operation's reservation nothing (a write may change 64 blocks at once):
    // hold a block only in the room no running operation may still need, else write it now.
    if (i == log.ndata &&
        log.book.n + log.ndata + 1 + log.outstanding * MAXOPBLOCKS <= log.book.cap) {
      log.data[log.ndata++] = b->blockno;
      bpin(b);
    } else if (i == log.ndata) {
      now = 1;
    }
  }
  release(&log.lock);
  if (!inplace) {
    log_write(b);
    return;
  }
  if (now)
    bwrite(b);
  KSTAT_INC(inplace_blocks);
}

int log_ordered(void) {
  return log.ordered;
}

// Notes that the running transaction freed block b (see log_reusable).
void log_freed(uint b) {
  if (!log.ordered)
    return;
  acquire(&log.lock);
  uchar *bits = log.quarantine[b / BITS_PER_PAGE] + b % BITS_PER_PAGE / 8;
  if (!(*bits & 1 << b % 8)) {
    *bits |= 1 << b % 8;
    log.quarantined++;
  }
  release(&log.lock);
}

// Whether block b, free in the bitmap, may be allocated: in ordered mode, not if the running
// transaction freed it.
int log_reusable(uint b) {
  if (!log.ordered)
    return 1;
  acquire(&log.lock);
  int freed = log.quarantine[b / BITS_PER_PAGE][b % BITS_PER_PAGE / 8] >> (b % 8) & 1;
  release(&log.lock);
  return !freed;
}
