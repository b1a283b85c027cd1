/* disk: seek, rotation and transfer times of a simple disk under FIFO, SSTF,
 * SATF and BSATF scheduling. A drop-in for OSTEP's disk.py. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigdec.h"
#include "disk.h"
#include "linebuf.h"
#include "lists.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "pyrandom.h"
#include "report.h"

/* Limits of ours: the original would need hours or all memory. */
#define MAX_REQUESTS   10000000LL
#define MAX_DESC_VALUE (1LL << 53)
#define WINDOW_LIMIT   (1LL << 60)

static linebuf out;
static bool json_mode;

static void flush_out(void) {
  lb_flush(&out, stdout);
}

/* The original's own messages: on stdout with exit status 1 (one line on
 * stderr with --json, whose stdout holds JSON only). */
noreturn static void stop(const char *message) {
  if (json_mode) {
    const char *nl = strchr(message, '\n');
    opts_die("%.*s", nl ? (int)(nl - message) : (int)strlen(message), message);
  }
  lb_str(&out, message);
  flush_out();
  exit(1);
}

/* Where the original crashes or never ends: what it printed so far, then
 * one line on stderr. */
#define fail(...)                                                                                  \
  do {                                                                                             \
    flush_out();                                                                                   \
    opts_die(__VA_ARGS__);                                                                         \
  } while (0)

static void print(const char *s) {
  if (!json_mode)
    lb_str(&out, s);
}

/* A list of requests: numbers, or the texts of a -a / -l list. */
typedef struct {
  bool text;
  str_list words;
  long long *values;
  size_t count;
} requests;

static void print_requests(const char *label, const requests *r) {
  if (json_mode)
    return;
  lb_str(&out, label);
  lb_str(&out, " [");
  for (size_t i = 0; i < r->count; i++) {
    if (i > 0)
      lb_str(&out, ", ");
    if (r->text)
      lb_repr(&out, r->words.items[i]);
    else
      lb_int(&out, r->values[i], 0);
    if (out.len > (1 << 16))
      flush_out();
  }
  lb_str(&out, "]\n");
}

static void bad_desc(const char *desc) {
  char msg[1024];
  snprintf(msg, sizeof msg,
           "Bad address description (%.200s)\n"
           "The address description must be a comma-separated list of length three, without "
           "spaces.\n"
           "For example, \"10,100,0\" would indicate that 10 addresses should be generated, with\n"
           "100 as the maximum value, and 0 as the minumum. A max of -1 means just use the "
           "highest\n"
           "possible value as the max address to generate.\n",
           desc);
  stop(msg);
}

/* MakeRequests: the -a / -l list as texts, or random blocks drawn from a
 * "count,max,min" description. */
static requests make_requests(const char *addr, const char *desc, const char *desc_option,
                              int max_block, pyrandom *rng) {
  requests r = {0};
  if (strcmp(addr, "-1") != 0) {
    r.text = true;
    r.words = list_split(addr, ',');
    r.count = r.words.count;
    return r;
  }
  str_list d = list_split(desc, ',');
  if (d.count != 3)
    bad_desc(desc);
  long long v[3];
  for (int i = 0; i < 3; i++) {
    pynum_status st = pyint_parse(d.items[i], PYINT_PLAIN, &v[i]);
    if (st == PYNUM_INVALID)
      fail("option %s: invalid number '%s' in '%s' (count,max,min)", desc_option, d.items[i], desc);
    if (st == PYNUM_RANGE)
      v[i] = v[i] < 0 ? LLONG_MIN : LLONG_MAX;
  }
  list_free(&d);
  long long n = v[0], max = v[1] == -1 ? max_block : v[1], min = v[2];
  if (n > MAX_REQUESTS)
    fail("option %s: at most %lld requests, not %lld", desc_option, MAX_REQUESTS, n);
  if (n > 0 && (max > MAX_DESC_VALUE || max < -MAX_DESC_VALUE || min > MAX_DESC_VALUE ||
                min < -MAX_DESC_VALUE))
    fail("option %s: max and min must be within +-2^53 in '%s'", desc_option, desc);
  r.count = n > 0 ? (size_t)n : 0;
  r.values = malloc((r.count ? r.count : 1) * sizeof *r.values);
  if (!r.values)
    fail("out of memory for %zu requests", r.count);
  for (size_t i = 0; i < r.count; i++)
    r.values[i] = (long long)(pyrandom_random(rng) * (double)max) + min;
  return r;
}

static void free_requests(requests *r) {
  if (r->text)
    list_free(&r->words);
  free(r->values);
}

static const char *py_bool(bool b) {
  return b ? "True" : "False";
}

static void print_options(const disk_options *o) {
  if (json_mode)
    return;
  const char *names[] = {"seed",   "addr",     "addrDesc",    "seekSpeed", "rotateSpeed",
                         "skew",   "window",   "policy",      "compute",   "graphics",
                         "zoning", "lateAddr", "lateAddrDesc"};
  const char *values[] = {
      o->seed,      o->addr,        o->addr_desc,   o->seek_text,        o->rotate_text,
      o->skew_text, o->window_text, o->policy_text, py_bool(o->compute), py_bool(o->graphics),
      o->zoning,    o->late_addr,   o->late_desc};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    lb_str(&out, "OPTIONS ");
    lb_str(&out, names[i]);
    lb_char(&out, ' ');
    lb_str(&out, values[i]);
    lb_char(&out, '\n');
  }
  lb_char(&out, '\n');
}

/* InitBlockLayout, with the lines it prints. */
static void make_layout(const disk_options *o, disk_layout *l) {
  str_list z = list_split(o->zoning, ',');
  if (z.count != 3)
    fail("option -z: zoning must be three angles, outer,middle,inner (e.g. 30,30,30), not '%s'",
         o->zoning);
  long long zone[3];
  for (int i = 0; i < 3; i++) {
    if (!json_mode) {
      lb_str(&out, "z ");
      lb_int(&out, i, 0);
      lb_char(&out, ' ');
      lb_str(&out, z.items[i]);
      lb_char(&out, '\n');
    }
    pynum_status st = pyint_parse(z.items[i], PYINT_PLAIN, &zone[i]);
    if (st == PYNUM_INVALID)
      fail("option -z: invalid angle '%s' in '%s'", z.items[i], o->zoning);
    if (st == PYNUM_RANGE)
      zone[i] = zone[i] < 0 ? LLONG_MIN : LLONG_MAX;
  }
  list_free(&z);
  int bad_track = 0;
  layout_status st = disk_layout_init(l, zone, bigdec_mod(o->skew_text, 360), &bad_track);
  char twice[strlen(o->skew_text) + 3];
  bigdec_double(o->skew_text, twice);
  int tracks = st == LAYOUT_OK ? 3 : bad_track;
  if (st == LAYOUT_ZONE_TOO_WIDE)
    tracks = 0;
  for (int t = 0; t < tracks && !json_mode; t++) {
    for (int k = 0; k < l->count[t]; k++) {
      lb_int(&out, t, 0);
      lb_char(&out, ' ');
      if (t > 0) {
        lb_str(&out, t == 1 ? o->skew_text : twice);
        lb_char(&out, ' ');
      }
      lb_int(&out, l->step[t], 0);
      lb_char(&out, ' ');
      lb_int(&out, l->first[t] + k, 0);
      lb_char(&out, '\n');
    }
  }
  switch (st) {
  case LAYOUT_OK: break;
  case LAYOUT_STEP_ZERO:
    fail("option -z: angle %lld of track %d leaves no room between blocks (use 2 or more)",
         l->zone[bad_track], bad_track);
  case LAYOUT_OUTER_EMPTY:
    fail("option -z: the outer track needs a positive angle, not %lld", l->zone[0]);
  case LAYOUT_ZONE_TOO_WIDE: fail("option -z: angles must be within +-2^53, not '%s'", o->zoning);
  }
}

/* The original's check that a seek covers a track in whole time units. */
static void check_seek_speed(double s) {
  char msg[512], num[48];
  if (s > 1.0 && fmod((double)DISK_TRACK_WIDTH, s) != 0.0) {
    const char *d = pyfmt_pct_d(s, num);
    if (!d)
      fail("option -S: seek speed must be finite, not %g", s);
    snprintf(msg, sizeof msg, "Seek speed (%s) must divide evenly into track width (%d)\n", d,
             DISK_TRACK_WIDTH);
    stop(msg);
  }
  if (s < 1.0) {
    if (s == 0.0)
      fail("option -S: seek speed must not be 0");
    double x = (double)DISK_TRACK_WIDTH / s;
    if (isinf(x))
      fail("option -S: seek speed %g is too small", s);
    if (x != trunc(x)) {
      /* '%f' of a huge negative speed can be long. */
      const char *fmt = "Seek speed (%f) must divide evenly into track width (%d)\n";
      int n = snprintf(NULL, 0, fmt, s, DISK_TRACK_WIDTH);
      char *text = malloc((size_t)n + 1);
      if (!text)
        fail("out of memory");
      snprintf(text, (size_t)n + 1, fmt, s, DISK_TRACK_WIDTH);
      stop(text);
    }
  }
}

static disk_policy parse_policy(const char *p) {
  if (!strcmp(p, "FIFO"))
    return DISK_FIFO;
  if (!strcmp(p, "SSTF"))
    return DISK_SSTF;
  if (!strcmp(p, "SATF"))
    return DISK_SATF;
  if (!strcmp(p, "BSATF"))
    return DISK_BSATF;
  return DISK_UNKNOWN;
}

static void sim_failure(sim_status st, long long value, const disk_options *o,
                        const disk_layout *l) {
  switch (st) {
  case SIM_OK: return;
  case SIM_BAD_BLOCK:
    fail("request for block %lld, which the disk does not have (it has blocks 0 to %d)", value,
         l->nblocks - 1);
  case SIM_LATE_TEXT:
    fail("late request %lld of -l '%s': the original keeps -l requests as text and fails on "
         "them; use -L for late requests",
         value, o->late_addr);
  case SIM_BAD_ROTATION:
    fail("option -R: rotation speed must be a positive number, not '%s'", o->rotate_text);
  case SIM_SLOW_ROTATION:
    fail("option -R: rotation speed '%s' is too slow (a revolution would take over %d time "
         "units)",
         o->rotate_text, DISK_MAX_PERIOD);
  case SIM_BAD_SEEK: fail("option -S: seek speed must be a number, not '%s'", o->seek_text);
  case SIM_SLOW_SEEK:
    fail("option -S: seek speed '%s' is too slow (a seek would take over %lld time units)",
         o->seek_text, DISK_MAX_SEEK_TICKS);
  case SIM_ESTIMATE_LOOPS:
    fail("options -S %s and -R %s: the original's SATF estimate would loop for ever", o->seek_text,
         o->rotate_text);
  case SIM_NO_MEMORY: fail("out of memory");
  }
}

static void print_done(const disk_done *d) {
  lb_str(&out, "Block: ");
  lb_int(&out, d->block, 3);
  lb_str(&out, "  Seek:");
  lb_int(&out, d->seek, 3);
  lb_str(&out, "  Rotate:");
  lb_int(&out, d->rotate, 3);
  lb_str(&out, "  Transfer:");
  lb_int(&out, d->transfer, 3);
  lb_str(&out, "  Total:");
  lb_int(&out, d->seek + d->rotate + d->transfer, 4);
  lb_char(&out, '\n');
  if (out.len > (1 << 16))
    flush_out();
}

int main(int argc, char **argv) {
  disk_options o = {
      .seed = "0",
      .addr = "-1",
      .addr_desc = "5,-1,0",
      .seek_text = "1",
      .rotate_text = "1",
      .policy_text = "FIFO",
      .window_text = "-1",
      .skew_text = "0",
      .zoning = "30,30,30",
      .late_addr = "-1",
      .late_desc = "0,-1,0",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'a', "addr", OPT_STRING, &o.addr, NULL,
       "requests, a comma-separated list of blocks (-1: random, see -A)"},
      {'A', "addrDesc", OPT_STRING, &o.addr_desc, NULL,
       "random requests: how many, max block (-1: all but the inner track), min block"},
      {'S', "seekSpeed", OPT_STRING, &o.seek_text, NULL,
       "seek speed: distance per time unit (a track is 40 away)"},
      {'R', "rotSpeed", OPT_STRING, &o.rotate_text, NULL, "rotation speed: degrees per time unit"},
      {'p', "policy", OPT_STRING, &o.policy_text, NULL,
       "scheduling policy: FIFO, SSTF, SATF or BSATF"},
      {'w', "schedWindow", OPT_BIGINT, &o.window_text, NULL,
       "requests the scheduler may choose from (-1: all)"},
      {'o', "skewOffset", OPT_BIGINT, &o.skew_text, NULL, "track skew, in blocks"},
      {'z', "zoning", OPT_STRING, &o.zoning, NULL,
       "degrees between blocks on the outer,middle,inner tracks"},
      {'G', "graphics", OPT_FLAG, &o.graphics, NULL,
       "the original's window; here --picture draws in the terminal"},
      {'l', "lateAddr", OPT_STRING, &o.late_addr, NULL,
       "late requests, a comma-separated list (-1: random, see -L)"},
      {'L', "lateAddrDesc", OPT_STRING, &o.late_desc, NULL,
       "random late requests: how many, max block (-1: all), min block"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the problem and the whole run as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after the answers, draw the platter, the head's path and a timeline"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  json_mode = o.json;
  lb_init(&out);

  print_options(&o);
  long long window = bigdec_clamp(o.window_text, WINDOW_LIMIT);
  if (window == 0)
    stop("Scheduling window (0) must be positive or -1 (which means a full window)\n");
  if (o.graphics) {
    fprintf(stderr,
            "%s: -G opens a window in the original; --picture draws the disk in the "
            "terminal instead\n",
            opts_prog());
    if (!o.compute) {
      print("\nWARNING: Setting compute flag to True, as graphics are on\n\n");
      o.compute = true;
    }
  }
  if (pyfloat_parse(o.seek_text, &o.seek_speed) != PYNUM_OK)
    fail("option -S: invalid seek speed '%s' (a number)", o.seek_text);
  if (pyfloat_parse(o.rotate_text, &o.rotate_speed) != PYNUM_OK)
    fail("option -R: invalid rotation speed '%s' (a number)", o.rotate_text);

  disk_layout layout;
  make_layout(&o, &layout);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    fail("option -s: invalid seed '%s'", o.seed);
  requests reqs = make_requests(o.addr, o.addr_desc, "-A", layout.max_block, &rng);
  requests late = make_requests(o.late_addr, o.late_desc, "-L", layout.max_block, &rng);

  print_requests("REQUESTS", &reqs);
  print("\n");
  if (late.count > 0) {
    print_requests("LATE REQUESTS", &late);
    print("\n");
  }
  if (!o.compute)
    print("\nFor the requests above, compute the seek, rotate, and transfer times.\n"
          "Use -c or the graphical mode (-G) to see the answers.\n\n");

  check_seek_speed(o.seek_speed);
  if (reqs.text) {
    reqs.values = malloc((reqs.count ? reqs.count : 1) * sizeof *reqs.values);
    if (!reqs.values)
      fail("out of memory");
    for (size_t i = 0; i < reqs.count; i++) {
      pynum_status st = pyint_parse(reqs.words.items[i], PYINT_PLAIN, &reqs.values[i]);
      if (st == PYNUM_INVALID)
        fail("option -a: invalid block '%s'", reqs.words.items[i]);
      if (st == PYNUM_RANGE)
        reqs.values[i] = LLONG_MAX; /* no such block */
    }
  }
  if (!late.values) {
    late.values = calloc(late.count ? late.count : 1, sizeof *late.values);
    if (!late.values)
      fail("out of memory");
  }

  disk_config config = {
      .policy = parse_policy(o.policy_text),
      .seek_speed = o.seek_speed,
      .rotate_speed = o.rotate_speed,
      .window = window,
      .late_are_text = late.text,
  };
  if (reqs.count > 0 && config.policy == DISK_UNKNOWN) {
    char msg[256];
    snprintf(msg, sizeof msg, "policy (%.200s) not implemented\n", o.policy_text);
    stop(msg);
  }
  disk_sim *sim = disk_sim_new(&layout, &config, reqs.values, reqs.count, late.values, late.count);
  if (!sim)
    fail("out of memory for %zu requests", reqs.count + late.count);

  disk_record record = {0};
  record.limit = o.json ? (size_t)-1 : o.picture ? PICTURE_ROWS : 0;
  for (;;) {
    disk_done d;
    bool finished;
    long long bad = 0;
    sim_status st = disk_sim_step(sim, &d, &finished, &bad);
    if (st != SIM_OK)
      sim_failure(st, bad, &o, &layout);
    if (finished)
      break;
    if (o.compute && !json_mode)
      print_done(&d);
    record_add(&record, &d);
  }
  record.clock = disk_sim_clock(sim);
  if (o.compute && !json_mode) {
    lb_str(&out, "\nTOTALS      Seek:");
    lb_int(&out, record.seek, 3);
    lb_str(&out, "  Rotate:");
    lb_int(&out, record.rotate, 3);
    lb_str(&out, "  Transfer:");
    lb_int(&out, record.transfer, 3);
    lb_str(&out, "  Total:");
    lb_int(&out, record.clock, 4);
    lb_str(&out, "\n\n");
  }
  flush_out();
  if (o.json)
    disk_print_json(stdout, &o, &layout, reqs.values, reqs.count, late.values,
                    late.text ? 0 : late.count, &record);
  else if (o.picture)
    disk_print_picture(stdout, &o, &layout, &record);

  disk_sim_free(sim);
  record_free(&record);
  free_requests(&reqs);
  free_requests(&late);
  lb_free(&out);
  return 0;
}
