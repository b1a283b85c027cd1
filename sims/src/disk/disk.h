/* The disk model: a platter of three tracks whose blocks sit at fixed angles,
 * a head that seeks between tracks at a fixed speed, and a queue of requests
 * served one at a time by FIFO, SSTF, SATF or BSATF.
 *
 * Time advances in whole units. At each unit the platter turns by the
 * rotation speed (degrees), the arm moves by the seek speed (distance units,
 * 40 per track), and the head checks whether it has reached the start or the
 * end of its block, exactly as the book's animated simulator does, so that
 * the float arithmetic gives the same times. Ours jumps from event to event
 * instead of stepping every unit: the platter's angle after t units depends
 * only on t modulo the number of units per revolution. */
#ifndef DISK_H
#define DISK_H

#include <stdbool.h>
#include <stddef.h>

#define DISK_TRACKS      3
#define DISK_TRACK_WIDTH 40
/* A block of a track with an angle step of 2 degrees is the smallest. */
#define DISK_MAX_BLOCKS (3 * 180)
/* Limits of ours, where the original would run for hours. */
#define DISK_MAX_PERIOD     (1 << 22) /* time units per revolution */
#define DISK_MAX_SEEK_TICKS 10000000LL

typedef enum { DISK_FIFO, DISK_SSTF, DISK_SATF, DISK_BSATF, DISK_UNKNOWN } disk_policy;

typedef struct {
  int track;
  int angle;    /* where the block's centre passes under the head, 0..359 */
  int start;    /* angle at which its transfer starts, 0..359 */
  int end;      /* angle at which it ends, 0..359 */
  int position; /* its place on the track, 0 = first */
} disk_block;

typedef struct {
  long long zone[DISK_TRACKS];   /* the -z angles, as given */
  long long offset[DISK_TRACKS]; /* half of a zone angle, rounded down */
  long long step[DISK_TRACKS];   /* twice that: degrees between blocks */
  int first[DISK_TRACKS];        /* first block of each track */
  int count[DISK_TRACKS];        /* blocks on each track (0 for a negative zone) */
  int nblocks;
  int max_block; /* the original's maxBlock: first block of the inner track */
  disk_block blocks[DISK_MAX_BLOCKS];
  /* The original's begin and end block of each track: for a track without
   * blocks, the neighbours' numbers it leaves behind. */
  int track_begin[DISK_TRACKS], track_end[DISK_TRACKS];
} disk_layout;

typedef enum {
  LAYOUT_OK,
  LAYOUT_STEP_ZERO,     /* a zone of 0 or 1: range() with a step of 0 */
  LAYOUT_OUTER_EMPTY,   /* a negative outer zone: no block at all there */
  LAYOUT_ZONE_TOO_WIDE, /* beyond what ours computes exactly */
} layout_status;

/* Lays out the blocks of the three tracks. skew_mod360 is the skew (-o)
 * modulo 360. Returns the first problem met, in the original's order; on
 * failure *bad_track says which track. */
layout_status disk_layout_init(disk_layout *l, const long long zone[DISK_TRACKS], int skew_mod360,
                               int *bad_track);

/* One request's times, as the original reports them. */
typedef struct {
  long long index; /* its place in the queue */
  int block;
  int from_track, track;
  long long begin; /* time its seek began */
  long long seek, rotate, transfer;
} disk_done;

typedef enum {
  SIM_OK,
  SIM_BAD_BLOCK,    /* a request for a block that does not exist */
  SIM_LATE_TEXT,    /* a late request given with -l: the original keeps it as
                       text and fails when it looks it up */
  SIM_BAD_ROTATION, /* zero, negative, or not a number: division by zero or
                       a head that never reaches its block */
  SIM_SLOW_ROTATION,
  SIM_BAD_SEEK,       /* not a number: the arm never arrives */
  SIM_SLOW_SEEK,      /* a seek would take more than DISK_MAX_SEEK_TICKS */
  SIM_ESTIMATE_LOOPS, /* SATF's estimate would subtract 360 for hours */
  SIM_NO_MEMORY,
} sim_status;

typedef struct disk_sim disk_sim;

typedef struct {
  disk_policy policy;
  double seek_speed, rotate_speed;
  long long window; /* -1 (or less): the whole queue; clamped to +-2^60 */
  bool late_are_text;
} disk_config;

/* A run over the given requests (blocks, any value: a request for a block
 * that does not exist fails when the policy first looks at it, as in the
 * original) and late requests (one joins the queue each time a request is
 * chosen). */
disk_sim *disk_sim_new(const disk_layout *l, const disk_config *c, const long long *requests,
                       size_t nrequests, const long long *late, size_t nlate);
void disk_sim_free(disk_sim *s);

/* Serves the next request. Returns SIM_OK and fills *done, or SIM_OK with
 * *finished set when the queue is empty; otherwise the problem, with
 * *bad_value the offending block or late-request position. */
sim_status disk_sim_step(disk_sim *s, disk_done *done, bool *finished, long long *bad_value);

/* Total time so far (the clock). */
long long disk_sim_clock(const disk_sim *s);
/* The requests in queue order so far (initial ones, then late ones). */
size_t disk_sim_queue_length(const disk_sim *s);

/* The original's SATF estimate for block b from the arm's track and the
 * platter's angle. Returns false when the original would loop for hours
 * computing it. */
bool disk_estimate(const disk_layout *l, double seek_speed, double rotate_speed, int arm_track,
                   double angle, int b, double *estimate);

/* Python's "while x > 360: x -= 360" and "while x < 0: x += 360", in
 * constant time; false when the loop would not end (or would run for
 * hours). */
bool disk_wrap_down(double *x);
bool disk_wrap_up(double *x);

#endif
