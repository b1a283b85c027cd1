/* The disk model; see disk.h. */
#include "disk.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static long long floor_div(long long a, long long b) {
  long long q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static long long floor_mod(long long a, long long b) {
  long long r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/* Angles stay exact past this size only in our limit. */
#define ZONE_LIMIT (1LL << 53)

layout_status disk_layout_init(disk_layout *l, const long long zone[DISK_TRACKS], int skew_mod360,
                               int *bad_track) {
  memset(l, 0, sizeof *l);
  for (int t = 0; t < DISK_TRACKS; t++) {
    if (zone[t] > ZONE_LIMIT || zone[t] < -ZONE_LIMIT) {
      *bad_track = t;
      return LAYOUT_ZONE_TOO_WIDE;
    }
    l->zone[t] = zone[t];
    l->offset[t] = floor_div(zone[t], 2);
    l->step[t] = 2 * l->offset[t];
  }
  int next = 0, last = -1;
  for (int t = 0; t < DISK_TRACKS; t++) {
    long long step = l->step[t];
    if (step == 0) {
      *bad_track = t;
      return LAYOUT_STEP_ZERO;
    }
    int count = step < 0 ? 0 : (int)((360 + step - 1) / step);
    if (t == 0 && count == 0) {
      *bad_track = 0;
      return LAYOUT_OUTER_EMPTY;
    }
    /* Track t is skewed by t times the skew, in units of its step. */
    long long shift = floor_mod(floor_mod(step, 360) * (t * skew_mod360 % 360), 360);
    long long off = floor_mod(l->offset[t], 360);
    l->first[t] = next;
    l->count[t] = count;
    for (int k = 0; k < count; k++) {
      disk_block *b = &l->blocks[next + k];
      b->track = t;
      b->position = k;
      b->angle = (int)floor_mod(k * step + shift + 180, 360);
      b->start = (int)floor_mod(b->angle - off, 360);
      b->end = (int)floor_mod(b->angle + off, 360);
    }
    if (count > 0)
      last = next + count - 1;
    l->track_begin[t] = next;
    l->track_end[t] = last;
    if (t == 2)
      l->max_block = next;
    next = last + 1;
  }
  l->nblocks = next;
  return LAYOUT_OK;
}

/* ---- Python's wrap-around loops, in constant time ---------------------- */

/* Below 2^56 every float is a multiple of its ulp, which divides 8 and so
 * 360: each subtraction of the original's loop is exact, and the loop can be
 * jumped over. Above, the loop runs for days or for ever. */
#define EXACT_LIMIT 72057594037927936.0 /* 2^56 */

bool disk_wrap_down(double *x) {
  double v = *x;
  if (!(v > 360.0))
    return true;
  if (!(v < EXACT_LIMIT))
    return false;
  /* The last value above 360, then one subtraction. */
  long long k = (long long)((v - 360.0) / 360.0);
  double z = v - 360.0 * (double)k;
  while (z > 720.0)
    z -= 360.0;
  while (z <= 360.0)
    z += 360.0;
  *x = z - 360.0;
  return true;
}

bool disk_wrap_up(double *x) {
  double v = *x;
  if (!(v < 0.0))
    return true;
  if (!(v > -EXACT_LIMIT))
    return false;
  /* The last value below 0 (exact), then one addition (maybe rounded). */
  long long k = (long long)(-v / 360.0);
  double y = v + 360.0 * (double)k;
  while (y < -360.0)
    y += 360.0;
  while (y >= 0.0)
    y -= 360.0;
  *x = y + 360.0;
  return true;
}

bool disk_estimate(const disk_layout *l, double seek_speed, double rotate_speed, int arm_track,
                   double angle, int b, double *estimate) {
  const disk_block *blk = &l->blocks[b];
  long long off = l->offset[blk->track];
  int dist = abs(arm_track - blk->track);
  double seek = ((double)DISK_TRACK_WIDTH / seek_speed) * (double)dist;
  double arrival = angle + seek * rotate_speed;
  if (!disk_wrap_down(&arrival))
    return false;
  double rot = (double)(blk->angle - off) - arrival;
  if (!disk_wrap_down(&rot) || !disk_wrap_up(&rot))
    return false;
  double rot_est = rot / rotate_speed;
  double xfer_est = ((double)off * 2.0) / rotate_speed;
  *estimate = seek + rot_est + xfer_est;
  return true;
}

/* ---- the run ------------------------------------------------------------ */

#define WINDOW_LIMIT (1LL << 61)

struct disk_sim {
  disk_layout layout;
  disk_config config;
  /* the queue */
  int *block;          /* -1: no such block (or text) */
  long long *value;    /* the block asked for, or the late list position */
  unsigned char *text; /* a late request kept as text */
  unsigned char *done;
  int *next_same; /* next pending entry of the same block */
  size_t len, cap;
  int head[DISK_MAX_BLOCKS], tail[DISK_MAX_BLOCKS];
  long long first_invalid; /* lowest queue index without a block, or -1 */
  const long long *late;
  size_t nlate, late_count;
  /* the platter: angle[t % period] after t time units */
  double *angle;
  long long period;
  int hit_lo[360], hit_hi[360];
  bool rotation_ready;
  /* the arm */
  double arm_x;
  int arm_track;
  /* windows */
  long long cur_window, fair_window;
  /* progress */
  long long clock, request_count;
  bool started, finished, direct_transfer;
  int current; /* queue index being served */
  long long seek_begin;
  sim_status pending;
  long long pending_value;
  /* per pick: estimates of the blocks */
  double est[DISK_MAX_BLOCKS];
  long long est_stamp[DISK_MAX_BLOCKS];
  long long stamp;
};

static const double arm_target[DISK_TRACKS] = {90.0, 130.0, 170.0};

static void add_entry(disk_sim *s, long long value, bool text) {
  size_t i = s->len++;
  int b = (!text && value >= 0 && value < s->layout.nblocks) ? (int)value : -1;
  s->block[i] = b;
  s->value[i] = text ? (long long)s->late_count : value;
  s->text[i] = text;
  s->done[i] = 0;
  s->next_same[i] = -1;
  if (b < 0) {
    if (s->first_invalid < 0)
      s->first_invalid = (long long)i;
    return;
  }
  if (s->head[b] < 0)
    s->head[b] = (int)i;
  else
    s->next_same[s->tail[b]] = (int)i;
  s->tail[b] = (int)i;
}

disk_sim *disk_sim_new(const disk_layout *l, const disk_config *c, const long long *requests,
                       size_t nrequests, const long long *late, size_t nlate) {
  disk_sim *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->layout = *l;
  s->config = *c;
  s->cap = nrequests + nlate;
  size_t n = s->cap ? s->cap : 1;
  s->block = malloc(n * sizeof *s->block);
  s->value = malloc(n * sizeof *s->value);
  s->done = malloc(n);
  s->text = malloc(n);
  s->next_same = malloc(n * sizeof *s->next_same);
  if (!s->block || !s->value || !s->done || !s->text || !s->next_same) {
    disk_sim_free(s);
    return NULL;
  }
  for (int b = 0; b < DISK_MAX_BLOCKS; b++)
    s->head[b] = s->tail[b] = -1;
  s->first_invalid = -1;
  for (size_t i = 0; i < nrequests; i++)
    add_entry(s, requests[i], false);
  s->late = late;
  s->nlate = nlate;
  s->arm_x = 90.0;
  s->arm_track = 0;
  long long w = c->window;
  s->cur_window = w;
  s->fair_window = (c->policy == DISK_BSATF && w != -1) ? w : -1;
  s->current = -1;
  return s;
}

void disk_sim_free(disk_sim *s) {
  if (!s)
    return;
  free(s->block);
  free(s->value);
  free(s->done);
  free(s->text);
  free(s->next_same);
  free(s->angle);
  free(s);
}

long long disk_sim_clock(const disk_sim *s) {
  return s->clock;
}

size_t disk_sim_queue_length(const disk_sim *s) {
  return s->len;
}

/* The angles of one revolution, and for each whole-degree target the phases
 * at which the head counts as being there. */
static sim_status prepare_rotation(disk_sim *s) {
  if (s->rotation_ready)
    return SIM_OK;
  double r = s->config.rotate_speed;
  if (!(r > 0.0))
    return SIM_BAD_ROTATION;
  /* Count the units of one revolution first. */
  long long period = 0;
  double a = 0.0;
  for (;;) {
    period++;
    a = a + r;
    if (a >= 360.0)
      break;
    if (period >= DISK_MAX_PERIOD)
      return SIM_SLOW_ROTATION;
  }
  s->angle = malloc((size_t)period * sizeof *s->angle);
  if (!s->angle)
    return SIM_NO_MEMORY;
  s->period = period;
  a = 0.0;
  s->angle[0] = 0.0;
  for (long long k = 1; k < period; k++) {
    a = a + r;
    s->angle[k] = a;
  }
  for (int v = 0; v < 360; v++) {
    double target = v;
    /* Too low: below the target by R or more; too high: above by R or
     * more. Both are monotonic in the phase. */
    long long lo = 0, hi = period;
    while (lo < hi) {
      long long mid = lo + (hi - lo) / 2;
      double x = s->angle[mid];
      bool too_low = !(x > target) && !(target - x < r);
      if (too_low)
        lo = mid + 1;
      else
        hi = mid;
    }
    long long first = lo;
    hi = period;
    while (lo < hi) {
      long long mid = lo + (hi - lo) / 2;
      double x = s->angle[mid];
      bool too_high = x > target && !(x - target < r);
      if (too_high)
        hi = mid;
      else
        lo = mid + 1;
    }
    s->hit_lo[v] = (int)first;
    s->hit_hi[v] = (int)lo;
  }
  s->rotation_ready = true;
  return SIM_OK;
}

/* First time >= t at which the head is at angle v. */
static bool next_hit(const disk_sim *s, int v, long long t, long long *when) {
  long long lo = s->hit_lo[v], hi = s->hit_hi[v];
  if (lo >= hi)
    return false;
  long long p = t % s->period, base = t - p;
  if (p < lo)
    *when = base + lo;
  else if (p < hi)
    *when = t;
  else
    *when = base + s->period + lo;
  return true;
}

static double angle_now(const disk_sim *s) {
  return s->angle[s->clock % s->period];
}

static long long get_window(disk_sim *s) {
  if (s->cur_window <= -1)
    return (long long)s->len;
  if (s->fair_window != -1 && s->request_count > 0 && s->request_count % s->fair_window == 0) {
    s->cur_window += s->fair_window;
    if (s->cur_window > WINDOW_LIMIT)
      s->cur_window = WINDOW_LIMIT;
  }
  return s->cur_window;
}

static void update_window(disk_sim *s) {
  if (s->fair_window == -1 && s->cur_window > 0 && s->cur_window < (long long)s->len)
    s->cur_window++;
}

static sim_status block_estimate(disk_sim *s, int b, double *e) {
  if (s->est_stamp[b] == s->stamp) {
    *e = s->est[b];
    return SIM_OK;
  }
  if (!disk_estimate(&s->layout, s->config.seek_speed, s->config.rotate_speed, s->arm_track,
                     angle_now(s), b, e))
    return SIM_ESTIMATE_LOOPS;
  s->est[b] = *e;
  s->est_stamp[b] = s->stamp;
  return SIM_OK;
}

/* The original's DoSATF fold over candidates in queue order: the first one
 * sets the minimum, a later one replaces it only when strictly smaller (or
 * when the minimum is exactly -1). */
typedef struct {
  double min;
  long long index;
} fold;

static void fold_add(fold *f, double e, long long index) {
  if (f->index < 0 || f->min == -1.0 || e < f->min) {
    f->min = e;
    f->index = index;
  }
}

/* Chooses among the pending entries below `end` (all, or only those on the
 * tracks nearest the arm for SSTF). */
static sim_status choose(disk_sim *s, long long end, bool nearest, long long *chosen,
                         long long *bad) {
  if (end > (long long)s->len)
    end = (long long)s->len;
  if (s->first_invalid >= 0 && s->first_invalid < end) {
    *bad = s->value[s->first_invalid];
    return s->text[s->first_invalid] ? SIM_LATE_TEXT : SIM_BAD_BLOCK;
  }
  s->stamp++;
  const disk_layout *l = &s->layout;
  int min_dist = 1000;
  if (nearest)
    for (int b = 0; b < l->nblocks; b++)
      if (s->head[b] >= 0 && s->head[b] < end) {
        int d = abs(s->arm_track - l->blocks[b].track);
        if (d < min_dist)
          min_dist = d;
      }
  fold f = {-1.0, -1};
  if (s->config.seek_speed < 0.0) {
    /* Estimates may be negative (even -1): the exact fold, entry by entry. */
    for (long long i = 0; i < end; i++) {
      int b = s->block[i];
      if (s->done[i] || (nearest && abs(s->arm_track - l->blocks[b].track) != min_dist))
        continue;
      double e;
      sim_status st = block_estimate(s, b, &e);
      if (st != SIM_OK)
        return st;
      fold_add(&f, e, i);
    }
  } else {
    /* Estimates are >= 0 or NaN: a block's later entries never win over its
     * first, so one estimate per block will do. The first candidate wins
     * when its estimate is NaN; later NaNs never do. */
    long long first = -1;
    for (int b = 0; b < l->nblocks; b++) {
      long long h = s->head[b];
      if (h < 0 || h >= end)
        continue;
      if (nearest && abs(s->arm_track - l->blocks[b].track) != min_dist)
        continue;
      double e;
      sim_status st = block_estimate(s, b, &e);
      if (st != SIM_OK)
        return st;
      if (first < 0 || h < first)
        first = h;
      if (isnan(e))
        continue;
      if (f.index < 0 || e < f.min || (e == f.min && h < f.index)) {
        f.min = e;
        f.index = h;
      }
    }
    if (first >= 0 && (f.index < 0 || isnan(s->est[s->block[first]])))
      f.index = first;
  }
  *chosen = f.index;
  return SIM_OK;
}

static void take(disk_sim *s, long long i) {
  int b = s->block[i];
  s->done[i] = 1;
  s->head[b] = s->next_same[i];
  if (s->head[b] < 0)
    s->tail[b] = -1;
}

/* GetNextIO: picks the next request at the current time, or finishes. */
static sim_status next_io(disk_sim *s, long long *bad) {
  if (s->request_count == (long long)s->len) {
    s->finished = true;
    return SIM_OK;
  }
  long long chosen;
  sim_status st;
  switch (s->config.policy) {
  case DISK_FIFO: {
    long long i = s->request_count;
    if (s->block[i] < 0) {
      *bad = s->value[i];
      return s->text[i] ? SIM_LATE_TEXT : SIM_BAD_BLOCK;
    }
    if ((st = prepare_rotation(s)) != SIM_OK)
      return st;
    double e;
    s->stamp++;
    if ((st = block_estimate(s, s->block[i], &e)) != SIM_OK)
      return st;
    chosen = i;
    break;
  }
  case DISK_SATF:
  case DISK_BSATF:
  case DISK_SSTF: {
    long long end = get_window(s);
    if (s->first_invalid < 0 ||
        s->first_invalid >= (end < (long long)s->len ? end : (long long)s->len))
      if ((st = prepare_rotation(s)) != SIM_OK)
        return st;
    if ((st = choose(s, end, s->config.policy == DISK_SSTF, &chosen, bad)) != SIM_OK)
      return st;
    break;
  }
  default: return SIM_OK; /* the caller checks the policy first */
  }
  s->current = (int)chosen;
  take(s, chosen);
  s->seek_begin = s->clock;
  s->direct_transfer = false;
  if (s->late_count < s->nlate) {
    add_entry(s, s->late[s->late_count], s->config.late_are_text);
    s->late_count++;
  }
  return SIM_OK;
}

/* Moves the arm to track t one unit at a time, as the original does. */
static sim_status seek(disk_sim *s, int track, long long *t) {
  double target = arm_target[track];
  double base = s->config.seek_speed;
  double speed = track >= s->arm_track ? base : -base;
  if (isnan(speed))
    return SIM_BAD_SEEK;
  double x = s->arm_x;
  long long ticks = 0;
  for (;;) {
    x += speed;
    ticks++;
    if ((speed > 0.0 && x >= target) || (speed < 0.0 && x <= target))
      break;
    if (ticks >= DISK_MAX_SEEK_TICKS)
      return SIM_SLOW_SEEK;
  }
  s->arm_x = x;
  s->arm_track = track;
  *t += ticks;
  return SIM_OK;
}

sim_status disk_sim_step(disk_sim *s, disk_done *done, bool *finished, long long *bad_value) {
  *finished = false;
  if (s->pending != SIM_OK) {
    *bad_value = s->pending_value;
    return s->pending;
  }
  if (!s->started) {
    s->started = true;
    if (s->len > 0 && s->config.policy == DISK_UNKNOWN)
      return SIM_OK; /* caller's check; not reached */
    sim_status st = next_io(s, bad_value);
    if (st != SIM_OK) {
      s->pending = st;
      s->pending_value = *bad_value;
      return st;
    }
  }
  if (s->finished) {
    *finished = true;
    return SIM_OK;
  }
  int b = s->block[s->current];
  const disk_block *blk = &s->layout.blocks[b];
  int from = s->arm_track;
  long long rot_begin, xfer_begin, end;
  if (s->direct_transfer) {
    rot_begin = xfer_begin = s->clock;
    if (!next_hit(s, blk->end, s->clock + 1, &end))
      return s->pending = SIM_BAD_ROTATION;
  } else {
    long long t = s->clock;
    if (blk->track == s->arm_track) {
      rot_begin = t;
      t++;
    } else {
      sim_status st = seek(s, blk->track, &t);
      if (st != SIM_OK)
        return s->pending = st;
      rot_begin = t;
    }
    if (!next_hit(s, blk->start, t, &xfer_begin) || !next_hit(s, blk->end, xfer_begin, &end))
      return s->pending = SIM_BAD_ROTATION;
  }
  done->index = s->current;
  done->block = b;
  done->from_track = from;
  done->track = blk->track;
  done->begin = s->seek_begin;
  done->seek = rot_begin - s->seek_begin;
  done->rotate = xfer_begin - rot_begin;
  done->transfer = end - xfer_begin;
  s->clock = end;
  s->request_count++;
  update_window(s);

  long long bad = 0;
  sim_status st = next_io(s, &bad);
  if (st != SIM_OK) {
    s->pending = st;
    s->pending_value = bad;
    return SIM_OK;
  }
  if (!s->finished) {
    int nb = s->block[s->current];
    int t = blk->track;
    const disk_layout *l = &s->layout;
    if (l->blocks[nb].track == t &&
        ((b == l->track_end[t] && nb == l->track_begin[t]) || b + 1 == nb))
      s->direct_transfer = true;
  }
  return SIM_OK;
}
