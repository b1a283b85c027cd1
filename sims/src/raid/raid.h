/* The RAID model: how logical blocks map onto disks for RAID-0/1/4/5, which
 * physical reads and writes a request turns into, and how long each disk is
 * busy with them (a track-based seek/transfer model). */
#ifndef RAID_H
#define RAID_H

#include <stdbool.h>

#include "pyrandom.h"

#define RAID_BLOCK_SIZE 4096
/* Each disk has 100 tracks of 100 blocks. */
#define RAID_BLOCKS_PER_TRACK 100
#define RAID_BLOCKS_PER_DISK  10000
/* Times in milliseconds. */
#define RAID_SEEK_TIME 10
#define RAID_XFER_TIME 0.1

typedef struct {
  long long ios, sequential, nearly, random;
  /* Busy time. It is summed in request order, one addition per I/O, so
     * that the last bits match the original's float arithmetic. */
  double busy;
  long long head; /* block of the last I/O; far away at first */
} raid_disk;

typedef struct {
  int level; /* 0, 1, 4 or 5 */
  int ndisks;
  long long chunk;       /* blocks per chunk, >= 1 */
  bool left_symmetric;   /* RAID-5 layout: LS (true) or LA (false) */
  long long stripe_data; /* data blocks per stripe (RAID-4/5) */
  raid_disk *disks;
  /* Parity offsets of one partial-stripe write, without duplicates, in
     * first-seen order. Only offsets that passed the disk-size check get
     * here, so RAID_BLOCKS_PER_DISK entries suffice. */
  long long *parity_offsets;
  long long *seen_stamp; /* per disk offset: the last write that saw it */
  long long write_count;
} raid_array;

typedef struct {
  int disk;
  long long offset;
  bool write;
  /* The original prints its ops on lines of its own choosing: this op
     * ends one. */
  bool ends_line;
} raid_op;

/* Receives every physical op of a request, in order, before it reaches the
 * disk. */
typedef void (*raid_op_sink)(void *ctx, const raid_op *op);

/* Sets up an array; level must be 0, 1, 4 or 5, ndisks >= 1 (even for
 * RAID-1, >= 2 for 1/4/5), chunk >= 1. Returns false when out of memory. */
bool raid_init(raid_array *a, int level, int ndisks, long long chunk, bool left_symmetric);
void raid_free(raid_array *a);

/* Where logical block bnum lives: data disk and offset on it. */
void raid_map(const raid_array *a, long long bnum, int *disk, long long *offset);
/* RAID-1: the mirror disk of the pair holding bnum is *disk + 1. */
/* RAID-4/5: the disk that holds the parity of stripe number `stripe`. */
int raid_parity_disk(const raid_array *a, long long stripe);

/* Runs one logical request of `size` blocks at block `addr` (both >= 0).
 * Returns false, after passing the offending op to the sink, when an op
 * falls beyond the end of a disk; *bad_op then describes it. */
bool raid_request(raid_array *a, long long addr, long long size, bool write, raid_op_sink sink,
                  void *ctx, raid_op *bad_op);

/* Time when the last disk finishes: the largest busy time. Returns false
 * when no I/O happened (the original then prints an integer 0). */
bool raid_total_time(const raid_array *a, double *total);

/* The request stream: random blocks below `range` or consecutive ones, each
 * a write with probability write_percent/100. Draws exactly as the original:
 * one random() for the block (random workload only), then one for the kind. */
typedef struct {
  pyrandom rng;
  bool sequential;
  long long range, size, next_block;
  double write_fraction;
} raid_workload;

/* seed is decimal text of any size; returns false if it is not. */
bool raid_workload_init(raid_workload *w, const char *seed, bool sequential, long long range,
                        long long size, long long write_percent);
void raid_workload_next(raid_workload *w, long long *block, bool *write);

#endif
