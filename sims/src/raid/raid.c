#include "raid.h"

#include <stdlib.h>

/* Python's % (the result takes the divisor's sign); the left-symmetric
 * RAID-5 rotation relies on it for negative left operands. */
static long long floor_mod(long long a, long long n) {
  long long r = a % n;
  return r < 0 ? r + n : r;
}

bool raid_init(raid_array *a, int level, int ndisks, long long chunk, bool left_symmetric) {
  *a = (raid_array){
      .level = level,
      .ndisks = ndisks,
      .chunk = chunk,
      .left_symmetric = left_symmetric,
      .stripe_data = (level == 4 || level == 5) ? (ndisks - 1) * chunk : 0,
  };
  a->disks = calloc((size_t)ndisks, sizeof *a->disks);
  a->parity_offsets = malloc(RAID_BLOCKS_PER_DISK * sizeof *a->parity_offsets);
  a->seen_stamp = calloc(RAID_BLOCKS_PER_DISK, sizeof *a->seen_stamp);
  if (!a->disks || !a->parity_offsets || !a->seen_stamp) {
    raid_free(a);
    return false;
  }
  for (int d = 0; d < ndisks; d++)
    a->disks[d].head = -RAID_BLOCKS_PER_DISK; /* the first I/O always seeks */
  return true;
}

void raid_free(raid_array *a) {
  free(a->disks);
  free(a->parity_offsets);
  free(a->seen_stamp);
  a->disks = NULL;
  a->parity_offsets = NULL;
  a->seen_stamp = NULL;
}

void raid_map(const raid_array *a, long long bnum, int *disk, long long *offset) {
  long long chunk_num = bnum / a->chunk;
  long long in_chunk = bnum % a->chunk;
  long long n = a->ndisks;

  switch (a->level) {
  case 0:
    *disk = (int)(chunk_num % n);
    *offset = chunk_num / n * a->chunk + in_chunk;
    break;
  case 1: { /* pairs of mirrored disks; the first of the pair is returned */
    long long pairs = n / 2;
    *disk = (int)(2 * (chunk_num % pairs));
    *offset = chunk_num / pairs * a->chunk + in_chunk;
    break;
  }
  case 4:
    *disk = (int)(chunk_num % (n - 1));
    *offset = chunk_num / (n - 1) * a->chunk + in_chunk;
    break;
  default: { /* 5 */
    long long row = chunk_num / (n - 1);
    long long column = row % n;
    long long parity = n - 1 - column;
    long long d = chunk_num % (n - 1);
    if (a->left_symmetric)
      d = floor_mod(d - column, n);
    else if (d >= parity)
      d++; /* left-asymmetric: data skips over the parity disk */
    *disk = (int)d;
    *offset = row * a->chunk + in_chunk;
    break;
  }
  }
}

int raid_parity_disk(const raid_array *a, long long stripe) {
  if (a->level == 4)
    return a->ndisks - 1;
  return (int)(a->ndisks - 1 - stripe % a->ndisks);
}

/* One I/O reaches a disk: classify it by distance from the last one. */
static bool disk_access(raid_disk *d, long long block) {
  if (block >= RAID_BLOCKS_PER_DISK)
    return false;
  d->ios++;
  long long distance = block > d->head ? block - d->head : d->head - block;
  bool same_track = block / RAID_BLOCKS_PER_TRACK == d->head / RAID_BLOCKS_PER_TRACK;
  if (same_track || distance < RAID_BLOCKS_PER_TRACK) {
    if (distance == 1)
      d->sequential++;
    else
      d->nearly++;
    d->busy += (double)distance * RAID_XFER_TIME;
  } else {
    d->random++;
    d->busy += RAID_SEEK_TIME + RAID_XFER_TIME;
  }
  d->head = block;
  return true;
}

typedef struct {
  raid_array *array;
  raid_op_sink sink;
  void *ctx;
  raid_op *bad_op;
} request_ctx;

static bool issue(request_ctx *rq, int disk, long long offset, bool write, bool ends_line) {
  raid_op op = {.disk = disk, .offset = offset, .write = write, .ends_line = ends_line};
  if (rq->sink)
    rq->sink(rq->ctx, &op);
  if (!disk_access(&rq->array->disks[disk], offset)) {
    if (rq->bad_op)
      *rq->bad_op = op;
    return false;
  }
  return true;
}

/* Data ops of blocks [begin, end) of a stripe, recording each distinct
 * offset once (the parity blocks to touch). Returns the count, or -1 when
 * an op fell off a disk. */
static long long data_ops(request_ctx *rq, long long begin, long long end, bool write) {
  raid_array *a = rq->array;
  long long stamp = ++a->write_count;
  long long count = 0;
  for (long long b = begin; b < end; b++) {
    int disk;
    long long offset;
    raid_map(a, b, &disk, &offset);
    if (!issue(rq, disk, offset, write, false))
      return -1;
    if (a->seen_stamp[offset] != stamp) {
      a->seen_stamp[offset] = stamp;
      a->parity_offsets[count++] = offset;
    }
  }
  return count;
}

static bool parity_ops(request_ctx *rq, int pdisk, long long count, bool write) {
  for (long long i = 0; i < count; i++)
    if (!issue(rq, pdisk, rq->array->parity_offsets[i], write, i == count - 1))
      return false;
  return true;
}

static bool read_range(request_ctx *rq, long long from, long long to, long long newline_at) {
  for (long long b = from; b < to; b++) {
    int disk;
    long long offset;
    raid_map(rq->array, b, &disk, &offset);
    if (!issue(rq, disk, offset, false, b == newline_at))
      return false;
  }
  return true;
}

/* Writes blocks [begin, end) of one stripe and updates its parity: by
 * subtraction (read old data and parity) when that reads fewer blocks than
 * addition (read the rest of the stripe), else by addition. */
static bool partial_stripe_write(request_ctx *rq, long long stripe, long long begin,
                                 long long end) {
  raid_array *a = rq->array;
  long long nwrites = end - begin;
  int pdisk = raid_parity_disk(a, stripe);

  if (nwrites + 1 <= a->stripe_data - nwrites) {
    long long count = data_ops(rq, begin, end, false);
    if (count < 0 || !parity_ops(rq, pdisk, count, false))
      return false;
  } else {
    long long stripe_begin = stripe * a->stripe_data;
    long long stripe_end = stripe_begin + a->stripe_data;
    /* The original ends the line after the leading reads only when no
         * trailing reads follow. */
    long long lead_newline = end == stripe_end ? begin - 1 : -1;
    if (!read_range(rq, stripe_begin, begin, lead_newline) ||
        !read_range(rq, end, stripe_end, stripe_end - 1))
      return false;
  }
  long long count = data_ops(rq, begin, end, true);
  return count >= 0 && parity_ops(rq, pdisk, count, true);
}

static bool parity_request(request_ctx *rq, long long addr, long long size, bool write) {
  raid_array *a = rq->array;
  if (!write)
    return read_range(rq, addr, addr + size, -1);

  long long first = addr / a->stripe_data;
  /* int((addr + size - 1) / stripe) in the original truncates toward
     * zero, so an empty request at block 0 still visits stripe 0. */
  long long last = (addr + size - 1) / a->stripe_data;
  long long left = size, begin = addr;
  for (long long stripe = first; stripe <= last; stripe++) {
    long long stripe_end = (stripe + 1) * a->stripe_data;
    long long end = begin + (left < a->stripe_data ? left : a->stripe_data);
    if (end > stripe_end)
      end = stripe_end;
    if (!partial_stripe_write(rq, stripe, begin, end))
      return false;
    left -= end - begin;
    begin = end;
  }
  return true;
}

bool raid_request(raid_array *a, long long addr, long long size, bool write, raid_op_sink sink,
                  void *ctx, raid_op *bad_op) {
  request_ctx rq = {.array = a, .sink = sink, .ctx = ctx, .bad_op = bad_op};

  if (a->level == 4 || a->level == 5)
    return parity_request(&rq, addr, size, write);

  for (long long b = addr; b < addr + size; b++) {
    int disk;
    long long offset;
    raid_map(a, b, &disk, &offset);
    if (a->level == 0) {
      if (!issue(&rq, disk, offset, write, true))
        return false;
    } else if (write) { /* RAID-1: both halves of the mirror */
      if (!issue(&rq, disk, offset, true, false) || !issue(&rq, disk + 1, offset, true, true))
        return false;
    } else { /* RAID-1 reads alternate by offset, reproducibly */
      if (!issue(&rq, offset % 2 == 0 ? disk : disk + 1, offset, false, true))
        return false;
    }
  }
  return true;
}

bool raid_total_time(const raid_array *a, double *total) {
  bool any_io = false;
  *total = 0;
  for (int d = 0; d < a->ndisks; d++) {
    if (a->disks[d].ios > 0)
      any_io = true;
    if (a->disks[d].busy > *total)
      *total = a->disks[d].busy;
  }
  return any_io;
}

bool raid_workload_init(raid_workload *w, const char *seed, bool sequential, long long range,
                        long long size, long long write_percent) {
  *w = (raid_workload){
      .sequential = sequential,
      .range = range,
      .size = size,
      .write_fraction = (double)write_percent / 100.0,
  };
  return pyrandom_seed_str(&w->rng, seed) == 0;
}

void raid_workload_next(raid_workload *w, long long *block, bool *write) {
  if (w->sequential) {
    *block = w->next_block;
    w->next_block += w->size;
  } else {
    *block = (long long)(pyrandom_random(&w->rng) * (double)w->range);
  }
  *write = pyrandom_random(&w->rng) < w->write_fraction;
}
