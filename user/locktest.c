// locktest: tests of the lock lab (labs/lock/README.md), meant for three harts or more.
//   locktest [name...]   runs the named tests, or all of them
// Each test runs in a process of its own and prints "test NAME: OK" or "test NAME: FAILED"
// (after a line saying why); then "ALL TESTS PASSED" or "SOME TESTS FAILED".
//
// Sharing is measured with lockstat, as the share of the acquisitions of the allocator's
// locks (all named "kalloc") or the buffer cache's ("bcache") made on another hart than the
// lock's last holder. A lock every hart uses passes between them all the time, even on a
// loaded host where they seldom run at the same moment, and rarely contended then; a lock
// of one hart's, or of blocks one process uses, hardly ever passes. Waits and spins are
// shown too: they depend on the host's load. So that a host too busy to run the harts at
// the same moment cannot hide a cache of one lock, the bcache test also counts how many
// different locks its reads took.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/vmstat.h"
#include "kernel/lockstat.h"
#include "user/user.h"
#include "user/testing.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define NWORKERS 3 // one per hart

// Highest shares allowed, in ten-thousandths. One lock for every hart passes between harts
// and is contended many times more often; per-hart lists and per-bucket locks seldom are.
#define KALLOC_MAX_BP 100
#define BCACHE_MAX_BP 150

static uint64 free_pages(void) {
  struct vmstats v;
  if (vmstats(0, &v) < 0)
    test_fail("vmstats(0) failed");
  return v.pages_free;
}

static struct lockstat stats[NLOCKSTAT];

struct counts {
  uint64 acquires, handoffs, waits, locks;
};

// The counters of the locks called name since the last reset.
static struct counts lock_counts(const char *name) {
  int n = lockstat(stats, NLOCKSTAT);
  if (n < 0)
    test_fail("lockstat failed");
  struct counts c = {0, 0, 0, 0};
  for (int i = 0; i < n && i < NLOCKSTAT; i++) {
    if (strcmp(stats[i].name, name) == 0) {
      c.acquires += stats[i].acquires;
      c.handoffs += stats[i].handoffs;
      c.waits += stats[i].contended;
      c.locks += stats[i].locks;
    }
  }
  return c;
}

// Fails unless at most max_bp ten-thousandths of the acquisitions of lock name since the
// last reset came from another hart than the lock's last holder, there were at least
// min_acquires of them (the workload ran), and at least min_locks different locks were taken.
static void check_handoffs(const char *name, int max_bp, uint64 min_acquires, uint64 min_locks) {
  struct counts c = lock_counts(name);
  uint64 bp = c.acquires ? c.handoffs * 10000 / c.acquires : 0;
  printf("%s: %s: %lu acquires, %lu from another hart (%lu.%s%lu%%, at most %d.%s%d%% "
         "allowed), %lu waited, %lu locks taken\n",
         test_name, name, c.acquires, c.handoffs, bp / 100, bp % 100 < 10 ? "0" : "", bp % 100,
         max_bp / 100, max_bp % 100 < 10 ? "0" : "", max_bp % 100, c.waits, c.locks);
  if (c.acquires < min_acquires)
    test_fail("too few acquisitions counted: did the workload run?");
  if (bp > max_bp)
    test_fail("the lock passed between harts too often: do they share it?");
  if (c.locks < min_locks)
    test_fail("too few locks taken: does each bucket have a lock, and do blocks spread over them?");
}

// Runs work(i) in NWORKERS children at once; fails if any of them fails.
static void in_parallel(void (*work)(int)) {
  for (int i = 0; i < NWORKERS; i++) {
    int pid = fork();
    if (pid < 0)
      test_fail("fork failed");
    if (pid == 0) {
      work(i);
      exit(0);
    }
  }
  int failed = 0;
  for (int i = 0; i < NWORKERS; i++) {
    int status = -1;
    if (wait(&status) < 0 || status != 0)
      failed = 1;
  }
  if (failed)
    test_fail("a worker failed");
}

// --- the page allocator ---

#define KALLOC_ROUNDS 300
#define KALLOC_PAGES  4

// Make a pipe (a page from kalloc) and close it (the page goes back); grow the heap by a
// few pages, write them, and shrink it again. Over and over.
static void alloc_and_free(int worker) {
  for (int r = 0; r < KALLOC_ROUNDS; r++) {
    int fds[2];
    if (pipe(fds) < 0)
      test_fail("pipe failed");
    close(fds[0]);
    close(fds[1]);
    char *p = sbrk(KALLOC_PAGES * PGSIZE);
    if (p == SBRK_ERROR)
      test_fail("sbrk failed");
    for (int i = 0; i < KALLOC_PAGES; i++)
      p[i * PGSIZE] = worker;
    if (sbrk(-KALLOC_PAGES * PGSIZE) == SBRK_ERROR)
      test_fail("sbrk shrink failed");
  }
}

static void kalloc_test(void) {
  lock_counts("kalloc"); // touches stats, so that it costs no page later
  uint64 before = free_pages();
  lockstat(0, 0);
  in_parallel(alloc_and_free);
  check_handoffs("kalloc", KALLOC_MAX_BP, NWORKERS * KALLOC_ROUNDS * (1 + KALLOC_PAGES) * 2, 1);
  uint64 after = free_pages();
  if (after != before) {
    printf("%s: %lu free pages before, %lu after\n", test_name, before, after);
    test_fail("pages lost");
  }
}

// --- taking pages another hart freed ---

#define STEAL_SLACK  600  // pages kept back: page tables, kernel stacks, batches in flight
#define STEAL_SHARE  2000 // pages each worker allocates
#define STEAL_HOLD   2    // ticks a worker keeps its hart busy, so that the others run elsewhere
#define STEAL_ROUNDS 4    // a loaded host may still run every worker on the hart with the pages

// Grow the heap by n pages, at most 1 MB at a time: a kernel with the pgtbl lab's
// superpages then maps 4 KB pages only, taken from the free lists. 0 if sbrk fails.
static int grow(uint64 n) {
  while (n > 0) {
    uint64 chunk = n < 256 ? n : 256;
    if (sbrk(chunk * PGSIZE) == SBRK_ERROR)
      return 0;
    n -= chunk;
  }
  return 1;
}

static void take_share(int worker) {
  if (!grow(STEAL_SHARE)) {
    printf("%s: worker %d could not get %d pages of %lu free\n", test_name, worker, STEAL_SHARE,
           free_pages());
    test_fail("allocation failed while other harts had free pages");
  }
  for (int start = uptime(); uptime() - start < STEAL_HOLD;)
    ;
}

// Allocate nearly every page, then free them all: whatever hart ran the process now
// holds them. (A child does it: the page-table pages of its heap go when it exits.)
static void fill_memory(void) {
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    if (!grow(free_pages() - STEAL_SLACK))
      test_fail("sbrk failed");
    exit(0);
  }
  int status = -1;
  if (wait(&status) < 0 || status != 0)
    test_fail("could not allocate every free page");
}

// After fill_memory, three processes at once each allocate a few thousand pages. Whatever
// harts they run on, they must get them, which on most harts takes pages from another's list.
// Each round gathers the pages on one hart again, which takes stealing too.
static void steal_test(void) {
  uint64 before = free_pages();
  for (int round = 0; round < STEAL_ROUNDS; round++) {
    fill_memory();
    in_parallel(take_share);
  }
  uint64 after = free_pages();
  if (after != before) {
    printf("%s: %lu free pages before, %lu after\n", test_name, before, after);
    test_fail("pages lost");
  }
}

// --- the buffer cache ---

// The bcache test's three files, written one after another, get 9 blocks of consecutive
// numbers, which hash to 9 different buckets.
#define SMALL_BLOCKS 3  // per file
#define SMALL_OPENS  8  // times each worker opens its file (there is no lseek)
#define CHUNK        4  // bytes per read: many lookups of each block, long enough to overlap
#define EVICT_BLOCKS 12 // per file in the evict test: the files do not fit in the cache together
#define EVICT_PASSES 3

static char *name_of(int worker) {
  static char name[] = "lockt0";
  name[5] = '0' + worker;
  return name;
}

// Byte i of worker w's file.
static char pattern(int w, int i) {
  return (char)(w * 131 + i / BSIZE * 7 + i % 251);
}

static void write_file(int worker, int nblocks) {
  int fd = open(name_of(worker), O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0)
    test_fail("cannot create a file");
  char block[BSIZE];
  for (int b = 0; b < nblocks; b++) {
    for (int i = 0; i < BSIZE; i++)
      block[i] = pattern(worker, b * BSIZE + i);
    if (write(fd, block, BSIZE) != BSIZE)
      test_fail("write failed");
  }
  close(fd);
}

// Read fd to its end, chunk bytes at a time, checking every byte.
static void read_all(int fd, int worker, int nblocks, int chunk_size) {
  char chunk[BSIZE];
  for (int off = 0; off < nblocks * BSIZE; off += chunk_size) {
    if (read(fd, chunk, chunk_size) != chunk_size)
      test_fail("short read");
    for (int i = 0; i < chunk_size; i++) {
      if (chunk[i] != pattern(worker, off + i))
        test_fail("read back wrong data");
    }
  }
}

static int go[2], ready[2]; // pipes: workers say they are ready, then wait for go

// Open the file SMALL_OPENS times (looking it up in the directory, whose blocks every
// worker shares), say so and wait; then read it through every descriptor.
static void read_small(int worker) {
  close(ready[0]);
  close(go[1]);
  int fds[SMALL_OPENS];
  for (int i = 0; i < SMALL_OPENS; i++) {
    if ((fds[i] = open(name_of(worker), O_RDONLY)) < 0)
      test_fail("cannot open a file");
  }
  char c = 0;
  if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
    test_fail("pipe failed");
  for (int i = 0; i < SMALL_OPENS; i++)
    read_all(fds[i], worker, SMALL_BLOCKS, CHUNK);
}

// Three processes read their own small files at once. Only the directory lookups touch a
// block that another worker uses, and they happen before the counting starts.
static void bcache_test(void) {
  for (int w = 0; w < NWORKERS; w++)
    write_file(w, SMALL_BLOCKS);
  if (pipe(go) < 0 || pipe(ready) < 0)
    test_fail("pipe failed");
  for (int i = 0; i < NWORKERS; i++) {
    int pid = fork();
    if (pid < 0)
      test_fail("fork failed");
    if (pid == 0) {
      read_small(i);
      exit(0);
    }
  }
  close(ready[1]); // so that a read sees the end when every worker has died
  close(go[0]);
  char c[NWORKERS];
  for (int i = 0; i < NWORKERS; i++) {
    if (read(ready[0], c, 1) != 1)
      test_fail("a worker failed to start");
  }
  lockstat(0, 0);
  if (write(go[1], c, NWORKERS) != NWORKERS)
    test_fail("pipe failed");
  int failed = 0;
  for (int i = 0; i < NWORKERS; i++) {
    int status = -1;
    if (wait(&status) < 0 || status != 0)
      failed = 1;
  }
  close(ready[0]);
  close(go[1]);
  if (failed)
    test_fail("a worker failed");
  // The workers' blocks have consecutive numbers: spread over the buckets, they take at
  // least a lock per worker.
  check_handoffs("bcache", BCACHE_MAX_BP, NWORKERS * SMALL_OPENS * SMALL_BLOCKS * BSIZE / CHUNK,
                 NWORKERS);
  for (int w = 0; w < NWORKERS; w++)
    unlink(name_of(w));
}

static void read_big(int worker) {
  for (int pass = 0; pass < EVICT_PASSES; pass++) {
    int fd = open(name_of(worker), O_RDONLY);
    if (fd < 0)
      test_fail("cannot open a file");
    read_all(fd, worker, EVICT_BLOCKS, BSIZE);
    close(fd);
  }
}

// Three processes read files that do not fit in the cache together, so that buffers are
// recycled all the time, from one bucket to another; every byte must read back right.
static void evict_test(void) {
  for (int w = 0; w < NWORKERS; w++)
    write_file(w, EVICT_BLOCKS);
  in_parallel(read_big);
  for (int w = 0; w < NWORKERS; w++)
    unlink(name_of(w));
}

static const struct test tests[] = {
    {"kalloc", kalloc_test},
    {"steal", steal_test},
    {"bcache", bcache_test},
    {"evict", evict_test},
};

int main(int argc, char *argv[]) {
  test_main("locktest", tests, NELEM(tests), NO_TEST_LIMIT, argc, argv);
}
