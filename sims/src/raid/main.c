/* raid: how RAID-0/1/4/5 map logical requests onto disks, and how long
 * the disks take. A drop-in for OSTEP's raid.py. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linebuf.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "raid.h"
#include "report.h"

/* Limits of ours, far beyond what a 10000-block disk can use. */
#define MAX_DISKS          (1 << 20)
#define MAX_CHUNK_BLOCKS   (1LL << 40)
#define MAX_REQUEST_BLOCKS (1LL << 40)
#define MAX_RANGE          (1LL << 62)

static long long floor_mod(long long a, long long n) {
  long long r = a % n;
  return r < 0 ? r + n : r;
}

/* A problem the original reports on stdout with exit status 1, after its
 * ARG lines; ours does the same, word for word. */
static char stdout_error[256];

static bool usage_error(const char *fmt, long long a, long long b, long long c) {
  snprintf(stdout_error, sizeof stdout_error, fmt, a, b, c);
  return false;
}

/* Checks the options in the order the original does. Problems where the
 * original crashes, and nonsense it would run with, end here with exit 2.
 * Returns false with stdout_error set for the original's own exit-1 checks. */
static bool validate(raid_options *o) {
  if (o->write_percent < 0 || o->write_percent > 100)
    opts_die("option -w: write fraction must be a percentage from 0 to 100, not %lld",
             o->write_percent);

  long long size;
  pynum_status status = pysize_parse(o->size_text, &size);
  if (status == PYNUM_INVALID)
    opts_die("option -S: invalid size %s (a number with an optional k, m or g suffix)",
             opts_repr(o->size_text));
  if (status == PYNUM_RANGE)
    opts_die("option -S: size %s is too large", opts_repr(o->size_text));
  if (floor_mod(size, RAID_BLOCK_SIZE) != 0)
    return usage_error("error: request size (%lld) must be a multiple of BLOCKSIZE (%lld)", size,
                       RAID_BLOCK_SIZE, 0);
  o->size_blocks = size / RAID_BLOCK_SIZE;

  const char *wl = o->workload_text;
  if (!strcmp(wl, "seq") || !strcmp(wl, "s") || !strcmp(wl, "sequential"))
    o->sequential = true;
  else if (!strcmp(wl, "rand") || !strcmp(wl, "r") || !strcmp(wl, "random"))
    o->sequential = false;
  else
    return usage_error("error: workload must be either r/rand/random or s/seq/sequential", 0, 0, 0);

  if (o->level != 0 && o->level != 1 && o->level != 4 && o->level != 5)
    opts_die("option -L: RAID level must be 0, 1, 4 or 5, not %lld", o->level);
  if (o->level != 0 && o->ndisks < 2)
    return usage_error("RAID-4 and RAID-5 need more than 1 disk", 0, 0, 0);
  o->left_symmetric = !strcmp(o->raid5_text, "LS");
  if (o->level == 5 && !o->left_symmetric && strcmp(o->raid5_text, "LA")) {
    /* The message quotes the user's text: built here, not via usage_error. */
    snprintf(stdout_error, sizeof stdout_error,
             "Only two types of RAID-5 supported: left-asymmetric (LA) and left-symmetric "
             "(LS) (%.100s is not)",
             o->raid5_text);
    return false;
  }

  long long chunk;
  status = pysize_parse(o->chunk_text, &chunk);
  if (status == PYNUM_INVALID)
    opts_die("option -C: invalid chunk size %s (a number with an optional k, m or g suffix)",
             opts_repr(o->chunk_text));
  if (status == PYNUM_RANGE || chunk / RAID_BLOCK_SIZE > MAX_CHUNK_BLOCKS)
    opts_die("option -C: chunk size %s is too large", opts_repr(o->chunk_text));
  if (floor_mod(chunk, RAID_BLOCK_SIZE) != 0)
    return usage_error("chunksize (%lld) must be multiple of blocksize (%lld): %lld", chunk,
                       RAID_BLOCK_SIZE, floor_mod(chunk / RAID_BLOCK_SIZE, RAID_BLOCK_SIZE));
  if (o->level == 1 && o->ndisks % 2 != 0)
    return usage_error("raid1: disks (%lld) must be a multiple of two", o->ndisks, 0, 0);
  o->chunk_blocks = chunk / RAID_BLOCK_SIZE;

  /* Beyond here the original would crash or print nonsense. */
  if (o->chunk_blocks <= 0)
    opts_die("option -C: chunk size must be a positive multiple of %d, not %s", RAID_BLOCK_SIZE,
             opts_repr(o->chunk_text));
  if (o->ndisks < 1 || o->ndisks > MAX_DISKS)
    opts_die("option -D: number of disks must be from 1 to %d, not %lld", MAX_DISKS, o->ndisks);
  if (o->size_blocks < 0 || o->size_blocks > MAX_REQUEST_BLOCKS)
    opts_die("option -S: request size must be from 0 to %lld blocks, not %s", MAX_REQUEST_BLOCKS,
             opts_repr(o->size_text));
  if (o->range < 0 || o->range > MAX_RANGE)
    opts_die("option -R: range must be from 0 to %lld blocks, not %lld", MAX_RANGE, o->range);
  return true;
}

static void print_args(const raid_options *o) {
  printf("ARG blockSize %d\n", RAID_BLOCK_SIZE);
  printf("ARG seed %s\n", o->seed);
  printf("ARG numDisks %lld\n", o->ndisks);
  printf("ARG chunkSize %s\n", o->chunk_text);
  printf("ARG numRequests %lld\n", o->nrequests);
  printf("ARG reqSize %s\n", o->size_text);
  printf("ARG workload %s\n", o->workload_text);
  printf("ARG writeFrac %lld\n", o->write_percent);
  printf("ARG randRange %lld\n", o->range);
  printf("ARG level %lld\n", o->level);
  printf("ARG raid5 %s\n", o->raid5_text);
  printf("ARG reverse %s\n", pyfmt_bool(o->reverse));
  printf("ARG timing %s\n", pyfmt_bool(o->timing));
  printf("\n");
}

/* Physical ops are most of the output: assembled by hand, as printf would
 * dominate the run time. */
static void print_op(void *ctx, const raid_op *op) {
  linebuf *b = ctx;
  lb_str(b, op->write ? "  write [disk " : "  read  [disk ");
  lb_int(b, op->disk, 0);
  lb_str(b, ", offset ");
  lb_int(b, op->offset, 0);
  lb_str(b, "]  ");
  if (op->ends_line)
    lb_char(b, '\n');
  lb_flush(b, stdout);
}

noreturn static void beyond_disk(const raid_op *op, long long block) {
  opts_die("request at block %lld needs offset %lld on disk %d, beyond the %d blocks of a disk "
           "(use a smaller -R, -S or -n, or a larger -D)",
           block, op->offset, op->disk, RAID_BLOCKS_PER_DISK);
}

static void print_stats(const raid_array *a) {
  double total;
  bool any_io = raid_total_time(a, &total);
  for (int d = 0; d < a->ndisks; d++) {
    const raid_disk *disk = &a->disks[d];
    double util = total > 0.0 ? 100.0 * disk->busy / total : 0.0;
    /* The original pads 'busy:' by comparing with the total and 0. */
    const char *pad = disk->busy == total ? " " : disk->busy == 0 ? "   " : "  ";
    printf("disk:%d  busy:%s%.2f  I/Os: %5lld (sequential:%lld nearly:%lld random:%lld)\n", d, pad,
           util, disk->ios, disk->sequential, disk->nearly, disk->random);
  }
  char buf[32];
  printf("\nSTAT totalTime %s\n\n", any_io ? pyfmt_float(total, buf) : "0");
}

/* The original's text output, request by request. */
static void run_text(const raid_options *o, raid_array *a, raid_workload *w) {
  bool show_physical = !o->timing && (o->compute || o->reverse);
  linebuf line;
  lb_init(&line);
  for (long long i = 0; i < o->nrequests; i++) {
    long long block;
    bool write;
    raid_workload_next(w, &block, &write);
    printf("%lld %lld\n", block, o->size_blocks);
    if (!o->timing) {
      if (o->compute || !o->reverse) {
        if (write)
          printf("LOGICAL WRITE to  addr:%lld size:%lld\n", block,
                 o->size_blocks * RAID_BLOCK_SIZE);
        else
          printf("LOGICAL READ from addr:%lld size:%lld\n", block,
                 o->size_blocks * RAID_BLOCK_SIZE);
        if (!o->compute)
          printf("  Physical reads/writes?\n\n");
      } else {
        printf("LOGICAL OPERATION is ?\n");
      }
    }
    raid_op bad;
    if (!raid_request(a, block, o->size_blocks, write, show_physical ? print_op : NULL, &line,
                      &bad))
      beyond_disk(&bad, block);
    if (show_physical)
      printf("\n");
  }
  lb_free(&line);

  if (!o->timing) {
    printf("\n");
  } else if (o->compute) {
    printf("\n");
    print_stats(a);
  } else {
    printf("\n"
           "Estimate how long the workload should take to complete.\n"
           "- Roughly how many requests should each disk receive?\n"
           "- How many requests are random, how many sequential?\n"
           "\n");
  }
}

int main(int argc, char **argv) {
  raid_options o = {
      .seed = "0",
      .ndisks = 4,
      .chunk_text = "4k",
      .nrequests = 10,
      .size_text = "4k",
      .workload_text = "rand",
      .write_percent = 0,
      .range = 10000,
      .level = 0,
      .raid5_text = "LS",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'D', "numDisks", OPT_INT, &o.ndisks, NULL, "number of disks in the array"},
      {'C', "chunkSize", OPT_STRING, &o.chunk_text, NULL,
       "chunk size, a multiple of 4096 (e.g. 4k, 8k, 1m)"},
      {'n', "numRequests", OPT_INT, &o.nrequests, NULL, "how many requests to generate"},
      {'S', "reqSize", OPT_STRING, &o.size_text, "SIZE",
       "size of each request, a multiple of 4096 (e.g. 4k, 16k)"},
      {'W', "workload", OPT_STRING, &o.workload_text, NULL,
       "workload: random (rand, r) or sequential (seq, s)"},
      {'w', "writeFrac", OPT_INT, &o.write_percent, NULL,
       "percent of requests that are writes (0: all reads, 100: all writes)"},
      {'R', "randRange", OPT_INT, &o.range, "RANGE",
       "random requests start at blocks below this (rand workload)"},
      {'L', "level", OPT_INT, &o.level, NULL, "RAID level: 0, 1, 4 or 5"},
      {'5', "raid5", OPT_STRING, &o.raid5_text, "RAID5TYPE",
       "RAID-5 layout: left-symmetric \"LS\" or left-asymmetric \"LA\""},
      {'r', "reverse", OPT_FLAG, &o.reverse, NULL,
       "show the physical ops and ask for the logical request instead"},
      {'t', "timing", OPT_FLAG, &o.timing, NULL, "timing mode: ask how long the disks take"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers"},
      {0, "json", OPT_FLAG, &o.json, NULL,
       "print the workload, every physical op and the disk times as JSON"},
      {0, "layout", OPT_FLAG, &o.layout, NULL,
       "first draw which logical block and which parity each disk holds"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  bool valid = validate(&o);
  if (!valid && o.json) {
    const char *msg = stdout_error;
    if (!strncmp(msg, "error: ", 7))
      msg += 7;
    opts_die("%s", msg);
  }

  raid_array array;
  if (valid && !raid_init(&array, (int)o.level, (int)o.ndisks, o.chunk_blocks, o.left_symmetric))
    opts_die("out of memory for %lld disks", o.ndisks);
  /* The picture comes first, then the run as usual; a JSON document is the
   * whole output, so --json leaves the picture out. */
  if (valid && o.layout && !o.json) {
    if (o.ndisks > 64)
      opts_die("option --layout: draws at most 64 disks, not %lld", o.ndisks);
    raid_print_layout(&array, stdout);
    printf("\n");
  }

  raid_workload workload;
  if (!raid_workload_init(&workload, o.seed, o.sequential, o.range, o.size_blocks, o.write_percent))
    opts_die("option -s: invalid seed %s", opts_repr(o.seed));

  if (o.json) {
    raid_op bad;
    long long bad_block;
    if (!raid_run_json(&o, &array, &workload, stdout, &bad, &bad_block))
      beyond_disk(&bad, bad_block);
  } else {
    print_args(&o);
    if (!valid) {
      printf("%s\n", stdout_error);
      return 1;
    }
    run_text(&o, &array, &workload);
  }
  raid_free(&array);
  return 0;
}
