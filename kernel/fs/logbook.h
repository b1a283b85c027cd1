#ifndef KERNEL_FS_LOGBOOK_H
#define KERNEL_FS_LOGBOOK_H
#include "kernel/types.h"
#include "kernel/param.h"
// The log's bookkeeping, kept apart from the disk so it can be tested on the host:
// which home blocks the current transaction has written (each once, however often it is
// written), whether another operation may join it, and the on-disk header format.
//
// Header block layout (little endian): uint32 n, then n uint32 home block numbers. A
// checksummed commit (boot parameter logsum=1) also holds, at words LOGSIZE+1 and LOGSIZE+2,
// LOGBOOK_SUM_MAGIC and a checksum of n, the block numbers and the logged blocks' contents:
// recovery then tells a torn transaction (header on disk, some logged blocks not) from a
// committed one, so the commit need not flush the logged blocks before writing the header.

#define LOGBOOK_SUM_MAGIC 0x4d555343 // "CSUM"

struct logbook {
  uint n;              // blocks in the transaction
  uint cap;            // most blocks the on-disk log can hold (at most LOGSIZE)
  uint block[LOGSIZE]; // home block numbers, in the order first written
  int summed;          // the header carries sum
  uint sum;            // logbook_sum of the transaction
};

// Starts an empty book for a log of cap data blocks (clamped to LOGSIZE).
void logbook_init(struct logbook *lb, uint cap);

// Forgets every block: the transaction is installed.
void logbook_clear(struct logbook *lb);

// Position of block b in the transaction, or -1.
int logbook_find(const struct logbook *lb, uint b);

// Records that the transaction writes block b. Returns 1 if b is new, 0 if it was already
// there (the writes are absorbed into one log block), -1 if the log is full.
int logbook_add(struct logbook *lb, uint b);

// May one more operation begin while `outstanding` others are running? Each operation may
// write up to MAXOPBLOCKS blocks, all of which must fit in the log with what is already there.
int logbook_has_room(const struct logbook *lb, int outstanding);

// Writes the header into a BSIZE-byte block (the rest of it is zeroed).
void logbook_pack(const struct logbook *lb, uchar *block);

// The checksum of a transaction: start with logbook_sum_start (n and the block numbers), then
// logbook_sum_add each logged block's BSIZE bytes in order.
uint logbook_sum_start(const struct logbook *lb);
uint logbook_sum_add(uint sum, const uchar *data);

// Reads a header. Returns 0, or -1 (leaving lb empty) if it is not a header we could have
// written: more than cap blocks, or a home block that is neither in [lo, hi) (the blocks after
// the log) nor the superblock's (whose orphan list transactions change).
int logbook_unpack(struct logbook *lb, const uchar *block, uint lo, uint hi);
#endif
