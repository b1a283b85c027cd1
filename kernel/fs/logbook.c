// The log's bookkeeping: see logbook.h. Pure code, also compiled on the host for tests.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/fs/logbook.h"

_Static_assert(4 * (3 + LOGSIZE) <= BSIZE, "log header must fit in one block");

void logbook_init(struct logbook *lb, uint cap) {
  lb->cap = cap < LOGSIZE ? cap : LOGSIZE;
  logbook_clear(lb);
}

void logbook_clear(struct logbook *lb) {
  lb->n = 0;
  lb->summed = 0;
  lb->sum = 0;
}

int logbook_find(const struct logbook *lb, uint b) {
  for (uint i = 0; i < lb->n; i++) {
    if (lb->block[i] == b)
      return i;
  }
  return -1;
}

int logbook_add(struct logbook *lb, uint b) {
  if (logbook_find(lb, b) >= 0)
    return 0;
  if (lb->n >= lb->cap)
    return -1;
  lb->block[lb->n++] = b;
  return 1;
}

int logbook_has_room(const struct logbook *lb, int outstanding) {
  return lb->n + (uint)(outstanding + 1) * MAXOPBLOCKS <= lb->cap;
}

static void put32(uchar *p, uint v) {
  p[0] = v;
  p[1] = v >> 8;
  p[2] = v >> 16;
  p[3] = v >> 24;
}

static uint get32(const uchar *p) {
  return p[0] | (uint)p[1] << 8 | (uint)p[2] << 16 | (uint)p[3] << 24;
}

void logbook_pack(const struct logbook *lb, uchar *block) {
  for (int i = 0; i < BSIZE; i++)
    block[i] = 0;
  put32(block, lb->n);
  for (uint i = 0; i < lb->n; i++)
    put32(block + 4 * (i + 1), lb->block[i]);
  if (lb->summed && lb->n > 0) {
    put32(block + 4 * (LOGSIZE + 1), LOGBOOK_SUM_MAGIC);
    put32(block + 4 * (LOGSIZE + 2), lb->sum);
  }
}

// FNV-1a, 32 bits: it finds a torn transaction (blocks of an older one left in the log), it
// need not resist an adversary.
static uint fnv(uint h, const uchar *p, uint n) {
  for (uint i = 0; i < n; i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

uint logbook_sum_start(const struct logbook *lb) {
  uchar word[4];
  put32(word, lb->n);
  uint h = fnv(2166136261u, word, 4);
  for (uint i = 0; i < lb->n; i++) {
    put32(word, lb->block[i]);
    h = fnv(h, word, 4);
  }
  return h;
}

uint logbook_sum_add(uint sum, const uchar *data) {
  return fnv(sum, data, BSIZE);
}

int logbook_unpack(struct logbook *lb, const uchar *block, uint lo, uint hi) {
  uint n = get32(block);
  lb->n = 0;
  lb->summed = n > 0 && get32(block + 4 * (LOGSIZE + 1)) == LOGBOOK_SUM_MAGIC;
  lb->sum = lb->summed ? get32(block + 4 * (LOGSIZE + 2)) : 0;
  if (n > lb->cap)
    return -1;
  for (uint i = 0; i < n; i++) {
    uint b = get32(block + 4 * (i + 1));
    if (b != SUPERBLOCK && (b < lo || b >= hi)) {
      lb->n = 0;
      return -1;
    }
    lb->block[i] = b;
  }
  lb->n = n;
  return 0;
}
