// explore: the host half of the crash-state explorer (crash/README.md).
//   explore [options] BASE.img TRACE WORKLOADS
// BASE.img is the image the kernel booted on, TRACE its console output with the block trace
// (blktrace=1), WORKLOADS the file crashwl ran. For every workload between its begin and end
// marks, builds each crash state (below), recovers it as the kernel would at boot, and
// checks it with fsck's checks and the oracle. Exit status: 0 all clean, 1 a state failed,
// 2 bad usage or an unreadable or damaged trace.
// Options:
//   --mutate header-first  move each commit header, and the barrier after it, in front of the
//                          logged blocks it names: the broken log the explorer must catch
//   --recovery skip-install  a broken recovery that clears the log without installing it
//   --recovery-crash       also crash the recovery itself: every subset of its writes
//                          between barriers, then recover again
//   --recovery no-flush    a broken recovery with no barrier between installing and clearing
//   --recovery no-checksum a recovery that trusts a checksummed header without checking it
//   --ordered              the trace is of ordered mode: file data is written in place, so a
//                          block of a file may also hold what a later checkpoint, up to the
//                          first after the crash, gives it (an overwrite in flight, in part)
//   --mutate data-after-commit  move the file data a commit writes in place behind its commit
//                          header: a log that commits before the data is durable
//   --max-all N            enumerate every subset of a group of up to N writes (10)
//   --sample N             states drawn from a larger group, besides its prefixes (256)
//   --seed N               the draw's seed (1)
//   --save DIR N           write up to N states whose log holds a commit, for booting
//   --final IMG            write the image with every traced write applied (to compare with
//                          the disk the kernel left: the trace is complete)
//   --tree IMG             print the file tree of IMG and whether its log is empty; no recovery
//   -v                     one line per workload even when clean
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "kernel/fs/logbook.h"
#include "kernel/syscall.h"
#include "mkfs/layout.h"
#include "mkfs/check.h"
#include "crash/tree.h"
#include "crash/trace.h"

#define MAX_FAIL_SHOWN 3 // failures printed in full per workload

// ---- options and the image ----

static struct {
  int header_first, data_after_commit, skip_install, recovery_crash, no_flush, no_checksum, ordered,
      max_all, sample, verbose;
  unsigned seed;
  const char *save_dir, *final;
  int save_max;
} opt = {.max_all = 10, .sample = 256, .seed = 1};

static uchar *base;    // the image the kernel booted on
static uint64 img_len; // its length
static struct superblock sb;

// The system calls a trace can name, by the kernel's numbers.
static const char *syscall_name(int num) {
  static const char *names[] = {[SYS_fork] = "fork",       [SYS_exit] = "exit",
                                [SYS_wait] = "wait",       [SYS_pipe] = "pipe",
                                [SYS_read] = "read",       [SYS_kill] = "kill",
                                [SYS_exec] = "exec",       [SYS_fstat] = "fstat",
                                [SYS_chdir] = "chdir",     [SYS_dup] = "dup",
                                [SYS_getpid] = "getpid",   [SYS_sbrk] = "sbrk",
                                [SYS_sleep] = "sleep",     [SYS_uptime] = "uptime",
                                [SYS_open] = "open",       [SYS_write] = "write",
                                [SYS_mknod] = "mknod",     [SYS_unlink] = "unlink",
                                [SYS_link] = "link",       [SYS_mkdir] = "mkdir",
                                [SYS_close] = "close",     [SYS_blkmark] = "blkmark",
                                [SYS_symlink] = "symlink", [SYS_mmap] = "mmap",
                                [SYS_munmap] = "munmap",   [SYS_exit_thread] = "exit_thread"};
  const char *name = num > 0 && num < (int)(sizeof(names) / sizeof(names[0])) ? names[num] : 0;
  return name ? name : "?";
}

static const char *block_kind(uint b, char *buf, size_t n) {
  if (b == 1)
    snprintf(buf, n, "superblock and orphan list");
  else if (b == sb.logstart)
    snprintf(buf, n, "log header");
  else if (b > sb.logstart && b < sb.logstart + sb.nlog)
    snprintf(buf, n, "log slot %u", b - sb.logstart - 1);
  else if (b >= sb.inodestart && b < sb.bmapstart)
    snprintf(buf, n, "inodes");
  else if (b >= sb.bmapstart && b < layout_nmeta(&sb))
    snprintf(buf, n, "bitmap");
  else
    snprintf(buf, n, "data");
  return buf;
}

static uchar *block(uchar *disk, uint b) {
  return disk + (uint64)b * BSIZE;
}

static uint header_count(uchar *disk) {
  uchar *h = block(disk, sb.logstart);
  return h[0] | h[1] << 8 | h[2] << 16 | (uint)h[3] << 24; // the log's n (logbook.h)
}

// What the log of an image holds: 0 nothing, 1 a commit, 2 a torn checksummed commit,
// 3 a damaged header.
static int log_state(uchar *disk) {
  struct logbook lb;
  logbook_init(&lb, sb.nlog - 1);
  if (logbook_unpack(&lb, block(disk, sb.logstart), sb.logstart + sb.nlog, sb.size) < 0)
    return 3;
  if (lb.n == 0)
    return 0;
  if (!lb.summed)
    return 1;
  uint sum = logbook_sum_start(&lb);
  for (uint i = 0; i < lb.n; i++)
    sum = logbook_sum_add(sum, block(disk, sb.logstart + 1 + i));
  return sum == lb.sum ? 1 : 2;
}

// One recovery write: a block and what goes there, or a barrier (blockno 0).
struct rwrite {
  uint blockno;
  uchar *data;
};

// The writes the kernel's recover() sends, in order, with its barriers: what the host
// recovery does is exactly this list applied in order, so a crash during it can be modelled.
static int recovery_writes(uchar *disk, struct rwrite *out, uchar *empty_header) {
  struct logbook lb;
  logbook_init(&lb, sb.nlog - 1);
  int n = 0;
  int ok = logbook_unpack(&lb, block(disk, sb.logstart), sb.logstart + sb.nlog, sb.size) == 0;
  if (ok && lb.summed && !opt.no_checksum) { // a torn commit is discarded, as log_intact does
    uint sum = logbook_sum_start(&lb);
    for (uint i = 0; i < lb.n; i++)
      sum = logbook_sum_add(sum, block(disk, sb.logstart + 1 + i));
    ok = sum == lb.sum;
  }
  if (ok && lb.n > 0 && !opt.skip_install) {
    for (uint i = 0; i < lb.n; i++)
      out[n++] = (struct rwrite){lb.block[i], block(disk, sb.logstart + 1 + i)};
    if (!opt.no_flush)
      out[n++] = (struct rwrite){0, NULL};
  }
  logbook_clear(&lb);
  logbook_pack(&lb, empty_header);
  out[n++] = (struct rwrite){sb.logstart, empty_header};
  out[n++] = (struct rwrite){0, NULL};
  return n;
}

// Applies recovery to disk in place (the log slots are read before the header is cleared,
// and installs never touch the log, so reading from disk as it changes is safe).
// Blocks a state changed in its copy of the image, so that the copy can be put back as it
// was block by block instead of copying the whole image for every state.
static uint dirty[2 * LOGSIZE + 4 * 64];
static int ndirty;

static void note_dirty(uint b) {
  if (ndirty < (int)(sizeof(dirty) / sizeof(dirty[0])))
    dirty[ndirty++] = b;
  else
    ndirty = -1; // too many: copy it all
}

static void recover(uchar *disk) {
  struct rwrite w[LOGSIZE + 4];
  uchar empty[BSIZE];
  int n = recovery_writes(disk, w, empty);
  for (int i = 0; i < n; i++) {
    if (w[i].data) {
      memmove(block(disk, w[i].blockno), w[i].data, BSIZE);
      note_dirty(w[i].blockno);
    }
  }
}

// ---- one workload ----

struct stats {
  long states, clean, sampled_groups, sampled;
};

struct failure_ctx {
  int id;
  int group, ngroups;
  const int *wr; // event indexes of the group's writes
  int n;
  uint64 mask;
  int lo, hi;
};

static void print_failure(struct failure_ctx *c, const char *fsck_out, int fsck_problems,
                          const char *got, char **ck_tree, const char *extra) {
  printf("FAIL workload %d: %s\n", c->id, descr[c->id] ? descr[c->id] : "?");
  printf("  crash point: barrier group %d of %d, %d writes in flight, these reached the disk:",
         c->group + 1, c->ngroups, c->n);
  int any = 0;
  for (int i = 0; i < c->n; i++) {
    if (!(c->mask >> i & 1))
      continue;
    struct event *e = &ev[c->wr[i]];
    char kind[32];
    printf("%s w%d (block %u, %s)", any++ ? "," : "", i + 1, e->blockno,
           block_kind(e->blockno, kind, sizeof(kind)));
  }
  printf("%s\n", any ? "" : " none");
  if (c->n > 0) {
    // The system call whose writes these are: the last S before the group's first write.
    for (int k = c->wr[0]; k >= 0; k--) {
      if (ev[k].kind == 'S' && ev[k].call == ev[c->wr[0]].call) {
        printf("  in flight: system call %llu (%s)\n", (unsigned long long)ev[k].call,
               syscall_name(ev[k].num));
        break;
      }
    }
  }
  if (extra)
    printf("  %s\n", extra);
  if (fsck_problems) {
    printf("  fsck after recovery:\n");
    const char *p = fsck_out;
    int shown = 0, more = 0;
    while (*p) {
      const char *nl = strchr(p, '\n');
      int len = nl ? (int)(nl - p) : (int)strlen(p);
      if (shown++ < 8)
        printf("    %.*s\n", len, p);
      else
        more++;
      p += len + (nl != NULL);
    }
    if (more)
      printf("    ... and %d more lines\n", more);
  }
  if (got) {
    printf("  oracle: the tree matches no state from checkpoint %d to %d; against the nearest:\n",
           c->lo, c->hi);
    tree_diff(stdout, "    ", ck_tree[c->hi], got);
    if (c->lo != c->hi) {
      printf("  and against the one before the operation in flight:\n");
      tree_diff(stdout, "    ", ck_tree[c->lo], got);
    }
  }
}

// The tree the oracle compares: in ordered mode without file contents, which
// data_within checks block by block.
static char *oracle_tree(const uchar *disk) {
  return tree_lines(disk, img_len, NULL, !opt.ordered);
}

// Whether the recovered state disk, whose tree is got, is one the checkpoints allow. If its
// tree matches but its file data does not, why says so.
static int state_allowed(const uchar *disk, const char *got, struct failure_ctx *c, char **ck_tree,
                         uchar **ck_img, char *why, int whylen) {
  why[0] = 0;
  for (int t = c->lo; t <= c->hi; t++) {
    if (strcmp(got, ck_tree[t]) != 0)
      continue;
    char data[4200];
    if (!opt.ordered ||
        tree_data_within(disk, (const uchar *const *)ck_img + t, c->hi - t + 1, data, sizeof(data)))
      return 1;
    if (t == c->hi)
      snprintf(why, whylen, "oracle: the tree is checkpoint %d's, but %s differs from it", t, data);
    else
      snprintf(why, whylen,
               "oracle: the tree is checkpoint %d's, but %s differs from checkpoints %d to %d", t,
               data, t, c->hi);
  }
  return 0;
}

// Checks one crash state (already built in disk). Returns 1 if clean.
static int check_state(uchar *disk, struct failure_ctx *c, char **ck_tree, uchar **ck_img,
                       int *failures) {
  char why[4400];
  // A crash during recovery: the recovery's writes too may land in any subset between its
  // barriers; then the next boot recovers again from what is left.
  if (opt.recovery_crash) {
    struct rwrite w[LOGSIZE + 4];
    static uchar empty[BSIZE], saved[LOGSIZE + 4][BSIZE];
    // Recovery reads the log slots and writes elsewhere: w's data may point into disk.
    int n = recovery_writes(disk, w, empty);
    for (int i = 0; i < n; i++)
      if (w[i].data)
        memmove(saved[i], block(disk, w[i].blockno), BSIZE);
    int ok = 1;
    for (int start = 0; start < n && ok; start++) {
      int end = start;
      while (end < n && w[end].data)
        end++;
      int k = end - start;
      for (uint64 m = 1; k > 0 && k <= 20 && m < (1ULL << k) - 1 && ok; m++) {
        for (int i = 0; i < start; i++)
          if (w[i].data)
            memmove(block(disk, w[i].blockno), w[i].data, BSIZE);
        for (int i = 0; i < k; i++)
          if (m >> i & 1)
            memmove(block(disk, w[start + i].blockno), w[start + i].data, BSIZE);
        recover(disk);
        char *got = oracle_tree(disk);
        if (!state_allowed(disk, got, c, ck_tree, ck_img, why, sizeof(why))) {
          ok = 0;
          if ((*failures)++ < MAX_FAIL_SHOWN)
            print_failure(c, "", 0, why[0] ? NULL : got, ck_tree,
                          why[0] ? why : "the recovery itself crashed, then ran again");
        }
        free(got);
        for (int i = n - 1; i >= 0; i--) // back to the crash state
          if (w[i].data)
            memmove(block(disk, w[i].blockno), saved[i], BSIZE);
      }
      start = end;
    }
    if (!ok)
      return 0;
  }
  recover(disk);
  char *out = NULL;
  size_t outlen = 0;
  FILE *mem = open_memstream(&out, &outlen);
  struct fsck_report r;
  if (mem == NULL || fsck_check(disk, img_len, 0, mem, &r) < 0)
    die("out of memory");
  fclose(mem);
  char *got = oracle_tree(disk);
  int match = state_allowed(disk, got, c, ck_tree, ck_img, why, sizeof(why));
  int clean = match && r.problems == 0 && !r.fatal;
  if (!clean && (*failures)++ < MAX_FAIL_SHOWN)
    print_failure(c, out, r.problems || r.fatal, match || why[0] ? NULL : got, ck_tree,
                  why[0] ? why : NULL);
  free(out);
  free(got);
  return clean;
}

static int saved;
static int saw_torn; // a torn commit was seen: the trace has checksummed commits

static void save_state(uchar *disk, struct failure_ctx *c) {
  char path[512];
  snprintf(path, sizeof(path), "%s/state-%d.img", opt.save_dir, saved);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(disk, 1, img_len, f) != img_len || fclose(f) != 0)
    die("%s: cannot write", path);
  uchar *copy = xmalloc(img_len);
  memmove(copy, disk, img_len);
  recover(copy);
  char *tree = tree_of(copy, img_len, NULL);
  snprintf(path, sizeof(path), "%s/state-%d.tree", opt.save_dir, saved);
  f = fopen(path, "w");
  if (f == NULL || fputs(tree, f) < 0 || fclose(f) != 0)
    die("%s: cannot write", path);
  snprintf(path, sizeof(path), "%s/state-%d.what", opt.save_dir, saved);
  f = fopen(path, "w");
  if (f == NULL)
    die("%s: cannot write", path);
  fprintf(f,
          "workload %d (%s), barrier group %d, writes mask 0x%llx, the log holds %s of %u blocks\n",
          c->id, descr[c->id] ? descr[c->id] : "?", c->group + 1, (unsigned long long)c->mask,
          log_state(disk) == 2 ? "a torn commit" : "a commit", header_count(disk));
  fclose(f);
  free(tree);
  free(copy);
  saved++;
}

static uint64 rng_state;

static uint64 rng(void) { // xorshift64*: reproducible from --seed on every host
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}

static uint get32(const uchar *p) {
  return p[0] | p[1] << 8 | p[2] << 16 | (uint)p[3] << 24;
}

// Moves each commit header write, and the barrier after it, in front of the logged blocks
// it names: the log then writes its commit point first, as a buggy log would.
static void mutate_header_first(int a, int b) {
  for (int h = a + 1; h < b; h++) {
    if (ev[h].kind != 'W' || ev[h].blockno != sb.logstart || get32(ev[h].data) == 0 ||
        ev[h - 1].kind != 'F')
      continue;
    int f2 = h + 1;
    while (f2 < b && ev[f2].kind != 'F')
      f2++;
    int first = -1;
    for (int k = h - 2; k >= a && ev[k].kind != 'F'; k--) {
      if (ev[k].kind == 'W' && ev[k].blockno > sb.logstart && ev[k].blockno < sb.logstart + sb.nlog)
        first = k;
    }
    if (f2 == b || first < 0)
      continue;
    int len = f2 - first + 1, n = 0;
    struct event *seg = xmalloc(len * sizeof(*seg));
    seg[n++] = ev[h];
    seg[n++] = ev[f2];
    for (int k = first; k < h; k++)
      seg[n++] = ev[k];
    for (int k = h + 1; k < f2; k++)
      seg[n++] = ev[k];
    memmove(&ev[first], seg, len * sizeof(*seg));
    free(seg);
    h = f2;
  }
}

// Moves the writes of data blocks that come before each commit header (file data written in
// place, in ordered mode) behind the header and the barrier after it: a log that commits
// before the data it points to is durable, as a writeback-mode journal may.
static void mutate_data_after_commit(int a, int b) {
  uint first_data = sb.size - sb.nblocks;
  int start = a; // the first event after the last commit
  for (int h = a; h < b; h++) {
    if (ev[h].kind == 'C') {
      start = h + 1;
      continue;
    }
    if (ev[h].kind != 'W' || ev[h].blockno != sb.logstart || get32(ev[h].data) == 0)
      continue;
    int f2 = h + 1;
    while (f2 < b && ev[f2].kind != 'F')
      f2++;
    if (f2 == b)
      continue;
    int len = f2 - start + 1, n = 0;
    struct event *seg = xmalloc(len * sizeof(*seg));
    for (int k = start; k <= f2; k++) // everything but the data writes, in order
      if (!(k < h && ev[k].kind == 'W' && ev[k].blockno >= first_data))
        seg[n++] = ev[k];
    for (int k = start; k < h; k++) // then the data writes
      if (ev[k].kind == 'W' && ev[k].blockno >= first_data) {
        seg[n++] = ev[k];
      }
    memmove(&ev[start], seg, len * sizeof(*seg));
    free(seg);
    h = f2; // the data writes now sit after the header's barrier, with the installs
  }
}

// Explores the workload whose trace events are ev[a..b). disk holds the image before it.
static void explore_workload(int id, int a, int b, uchar *disk, struct stats *total,
                             int save_here) {
  // Checkpoints: the tree before the workload and after every commit. A crash state must
  // recover to one of them.
  int nck = 0, cap = 16;
  char **ck_tree = xmalloc(cap * sizeof(char *));
  uchar **ck_img = xmalloc(cap * sizeof(uchar *)); // ordered mode: the images themselves
  int *ck_pos = xmalloc(cap * sizeof(int));
  uchar *cur = xmalloc(img_len);
  memmove(cur, disk, img_len);
  recover(cur);
  ck_tree[nck] = oracle_tree(cur);
  ck_img[nck] = opt.ordered ? memcpy(xmalloc(img_len), cur, img_len) : NULL;
  ck_pos[nck++] = a;
  memmove(cur, disk, img_len);
  for (int i = a; i < b; i++) {
    if (ev[i].kind == 'W')
      memmove(block(cur, ev[i].blockno), ev[i].data, BSIZE);
    if (ev[i].kind == 'C') {
      if (nck == cap) {
        cap *= 2;
        ck_tree = realloc(ck_tree, cap * sizeof(char *));
        ck_img = realloc(ck_img, cap * sizeof(uchar *));
        ck_pos = realloc(ck_pos, cap * sizeof(int));
        if (!ck_tree || !ck_img || !ck_pos)
          die("out of memory");
      }
      ck_tree[nck] = oracle_tree(cur);
      ck_img[nck] = opt.ordered ? memcpy(xmalloc(img_len), cur, img_len) : NULL;
      ck_pos[nck++] = i;
    }
  }

  // Barrier groups: the writes between two barriers.
  int *wr = xmalloc((b - a + 1) * sizeof(int));
  int ngroups = 0;
  for (int i = a, n = 0; i <= b; i++) {
    if (i == b || ev[i].kind == 'F') {
      if (n > 0 || i == b)
        ngroups++;
      n = 0;
    } else if (ev[i].kind == 'W') {
      n++;
    }
  }

  struct stats st = {0};
  int failures = 0, group = 0, first = 1, saved_one = 0, prev_last = a - 1;
  uchar *gbase = xmalloc(img_len), *state = xmalloc(img_len);
  memmove(gbase, disk, img_len);
  memmove(state, disk, img_len);
  ndirty = 0;
  clock_t t0 = clock();
  for (int i = a; i < b;) {
    int n = 0, j = i;
    for (; j < b && ev[j].kind != 'F'; j++) {
      if (ev[j].kind == 'W')
        wr[n++] = j;
    }
    if (n == 0 && !first) {
      i = j + 1;
      continue;
    }
    struct failure_ctx c = {.id = id, .group = group, .ngroups = ngroups, .wr = wr, .n = n};
    int lo = 0;
    for (int k = 0; k < nck; k++)
      if (ck_pos[k] < (n ? wr[0] : j))
        lo = k;
    // The masks to try: all subsets when the group is small, else its prefixes and a sample.
    uint64 full = n >= 64 ? ~0ULL : (1ULL << n) - 1;
    long count;
    int all = n <= opt.max_all;
    if (all) {
      count = (long)full + 1;
    } else {
      count = n + opt.sample;
      st.sampled_groups++;
      st.sampled += opt.sample;
    }
    for (long k = first ? 0 : 1; k < count; k++) {
      uint64 mask;
      if (all)
        mask = k;
      else if (k <= n)
        mask = k == 64 ? ~0ULL : (1ULL << k) - 1; // prefixes
      else
        mask = rng() & full;
      // state equals gbase but for the blocks the last state dirtied.
      if (ndirty < 0)
        memmove(state, gbase, img_len);
      for (int d = 0; d < ndirty; d++)
        memmove(block(state, dirty[d]), block(gbase, dirty[d]), BSIZE);
      ndirty = 0;
      int last = prev_last; // the last write that landed: a landed group's, if none of this one's
      for (int w = 0; w < n; w++) {
        if (mask >> w & 1) {
          memmove(block(state, ev[wr[w]].blockno), ev[wr[w]].data, BSIZE);
          note_dirty(ev[wr[w]].blockno);
          last = wr[w];
        }
      }
      // Allowed: from the last checkpoint before the group to the first after the last
      // write that landed.
      int hi = nck - 1;
      for (int t = nck - 1; t >= 0; t--)
        if (ck_pos[t] > last)
          hi = t;
      if (hi < lo)
        hi = lo;
      c.mask = mask;
      c.lo = lo;
      c.hi = hi;
      // For booting the real kernel: the first state of a workload whose log holds a commit,
      // and with checksums, torn and whole commits in turn.
      int ls = log_state(state);
      saw_torn |= ls == 2;
      if (opt.save_dir && saved < opt.save_max && !saved_one && save_here && (ls == 1 || ls == 2) &&
          (!saw_torn || (ls == 2) == (saved % 2 == 1))) {
        save_state(state, &c);
        saved_one = 1;
      }
      st.states++;
      st.clean += check_state(state, &c, ck_tree, ck_img, &failures);
    }
    for (int w = 0; w < n; w++) {
      memmove(block(gbase, ev[wr[w]].blockno), ev[wr[w]].data, BSIZE);
      note_dirty(ev[wr[w]].blockno);
    }
    if (n > 0)
      prev_last = wr[n - 1];
    first = 0;
    group++;
    i = j + 1;
  }
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  if (opt.verbose || st.clean != st.states) {
    printf("workload %d (%s): %ld states, %ld clean", id, descr[id] ? descr[id] : "?", st.states,
           st.clean);
    if (st.sampled_groups)
      printf(", %ld groups too large to enumerate: %ld states drawn from them", st.sampled_groups,
             st.sampled);
    printf(" (%.2fs)\n", secs);
  }
  total->states += st.states;
  total->clean += st.clean;
  total->sampled_groups += st.sampled_groups;
  total->sampled += st.sampled;
  for (int k = 0; k < nck; k++) {
    free(ck_tree[k]);
    free(ck_img[k]);
  }
  free(ck_tree);
  free(ck_img);
  free(ck_pos);
  free(cur);
  free(gbase);
  free(state);
  free(wr);
}

static uchar *load(const char *path, uint64 *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    die("%s: cannot open", path);
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  uchar *d = xmalloc(*len);
  if (fread(d, 1, *len, f) != *len)
    die("%s: read error", path);
  fclose(f);
  if (*len < 2 * BSIZE)
    die("%s: too small for an image", path);
  sb_decode(block(d, 1), &sb);
  if (sb.magic != FSMAGIC || (uint64)sb.size * BSIZE > *len || sb.nlog < 2)
    die("%s: not an image of ours", path);
  return d;
}

static void usage(void) {
  fprintf(stderr, "usage: explore [options] BASE.img TRACE WORKLOADS | explore --tree IMG\n");
  exit(2);
}

int main(int argc, char *argv[]) {
  const char *args[3];
  int nargs = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--tree") == 0 && i + 1 < argc) {
      uchar *d = load(argv[++i], &img_len);
      char *t = tree_of(d, img_len, NULL);
      printf("log: %s\n%s", header_count(d) ? "not empty" : "empty", t);
      return 0;
    } else if (strcmp(a, "--mutate") == 0 && i + 1 < argc && !strcmp(argv[i + 1], "header-first")) {
      opt.header_first = 1;
      i++;
    } else if (strcmp(a, "--mutate") == 0 && i + 1 < argc &&
               !strcmp(argv[i + 1], "data-after-commit")) {
      opt.data_after_commit = 1;
      i++;
    } else if (strcmp(a, "--ordered") == 0) {
      opt.ordered = 1;
    } else if (strcmp(a, "--recovery") == 0 && i + 1 < argc) {
      i++;
      if (strcmp(argv[i], "skip-install") == 0)
        opt.skip_install = 1;
      else if (strcmp(argv[i], "no-flush") == 0)
        opt.no_flush = 1;
      else if (strcmp(argv[i], "no-checksum") == 0)
        opt.no_checksum = 1;
      else
        usage();
    } else if (strcmp(a, "--recovery-crash") == 0) {
      opt.recovery_crash = 1;
    } else if (strcmp(a, "--max-all") == 0 && i + 1 < argc) {
      opt.max_all = atoi(argv[++i]);
    } else if (strcmp(a, "--sample") == 0 && i + 1 < argc) {
      opt.sample = atoi(argv[++i]);
    } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
      opt.seed = strtoul(argv[++i], NULL, 10);
    } else if (strcmp(a, "--save") == 0 && i + 2 < argc) {
      opt.save_dir = argv[++i];
      opt.save_max = atoi(argv[++i]);
    } else if (strcmp(a, "--final") == 0 && i + 1 < argc) {
      opt.final = argv[++i];
    } else if (strcmp(a, "-v") == 0) {
      opt.verbose = 1;
    } else if (a[0] == '-' || nargs == 3) {
      usage();
    } else {
      args[nargs++] = a;
    }
  }
  if (nargs != 3 || opt.max_all < 0 || opt.max_all > 20 || opt.sample < 0)
    usage();
  rng_state = 0x9E3779B97F4A7C15ULL ^ opt.seed;
  base = load(args[0], &img_len);
  parse_trace(args[1]);
  load_workloads(args[2]);

  int nworkloads = 0;
  for (int i = 0; i < nev; i++)
    nworkloads += ev[i].kind == 'M' && strcmp(ev[i].text, "begin") == 0;
  uchar *cur = xmalloc(img_len);
  memmove(cur, base, img_len);
  struct stats total = {0};
  int workloads = 0, failed = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < nev; i++) {
    if (ev[i].kind == 'W')
      memmove(block(cur, ev[i].blockno), ev[i].data, BSIZE);
    if (ev[i].kind != 'M' || strcmp(ev[i].text, "begin") != 0)
      continue;
    int id = ev[i].num, end = i + 1;
    while (end < nev && !(ev[end].kind == 'M' && ev[end].num == id))
      end++;
    if (end == nev)
      die("workload %d: no end mark (did crashwl finish?)", id);
    if (opt.header_first)
      mutate_header_first(i + 1, end);
    if (opt.data_after_commit)
      mutate_data_after_commit(i + 1, end);
    long before = total.states - total.clean;
    // States to boot come from workloads spread evenly over the list, the last one included.
    int save_here = opt.save_max > 0 && (long)workloads * opt.save_max / nworkloads !=
                                            (long)(workloads + 1) * opt.save_max / nworkloads;
    explore_workload(id, i + 1, end, cur, &total, save_here);
    workloads++;
    failed += total.states - total.clean > before;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (opt.final) {
    FILE *f = fopen(opt.final, "wb");
    if (f == NULL || fwrite(cur, 1, img_len, f) != img_len || fclose(f) != 0)
      die("%s: cannot write", opt.final);
  }
  double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (workloads == 0)
    die("%s: no workload in the trace", args[1]);
  printf("explore: %d workloads, %ld crash states, %ld recovered clean, %ld failed", workloads,
         total.states, total.clean, total.states - total.clean);
  if (total.sampled_groups)
    printf(" (%ld groups over %d writes sampled: %ld random states, seed %u)", total.sampled_groups,
           opt.max_all, total.sampled, opt.seed);
  printf("; %d workloads failed; %.1fs, %.0f states/s\n", failed, secs,
         secs > 0 ? total.states / secs : 0.0);
  return total.states == total.clean ? 0 : 1;
}
