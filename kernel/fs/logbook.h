#ifndef KERNEL_FS_LOGBOOK_H
#define KERNEL_FS_LOGBOOK_H
#include "kernel/types.h"
#include "kernel/param.h"
// The log's bookkeeping, kept apart from the disk so it can be tested on the host:
// which home blocks the current transaction has written (each once, however often it is
// written), whether another operation may join it, and the on-disk header format.
//
// Header block layout (little endian): uint32 n, then n uint32 home block numbers.

struct logbook {
  uint n;              // blocks in the transaction
  uint cap;            // most blocks the on-disk log can hold (at most LOGSIZE)
  uint block[LOGSIZE]; // home block numbers, in the order first written
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

// Reads a header. Returns 0, or -1 (leaving lb empty) if it is not a header we could have
// written: more than cap blocks, or a home block outside [lo, hi).
int logbook_unpack(struct logbook *lb, const uchar *block, uint lo, uint hi);
#endif
