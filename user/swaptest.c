// swaptest: tests of swapping (the swap lab, labs/swap/README.md).
//   swaptest run POLICY LIMIT R1,R2,...  touch heap pages R1, R2, ... (page numbers) under a
//                                        resident-set limit of LIMIT pages and POLICY (fifo,
//                                        clock or random); print the misses (first touches and
//                                        page-ins) and the page-ins and page-outs
//   swaptest [name...]                   run the named tests, or all of them but pressure and
//                                        bench
// Each test runs in a process of its own and prints "test NAME: OK" or "test NAME: FAILED"
// (after a line saying why); then "ALL TESTS PASSED" or "SOME TESTS FAILED".
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/vmstat.h"
#include "user/user.h"
#include "user/testing.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

// Heap pages for the tests under a limit of 4: enough that many go to the disk and back, not
// only through the kernel's queue of pages waiting to be written (32 of them).
#define PAGES 72

static struct vmstats stats(int pid) {
  struct vmstats v;
  if (vmstats(pid, &v) < 0)
    test_fail("vmstats failed");
  return v;
}

// A lazily grown heap of n pages, page-aligned: only first touches bring its pages in, so they
// are the ones a resident-set limit counts.
static char *heap(int n) {
  char *p = sbrklazy((n + 1) * PGSIZE);
  if (p == SBRK_ERROR)
    test_fail("sbrklazy failed");
  return (char *)PGROUNDUP((uint64)p);
}

// Page i of h holds seed + i in one word of every cache line.
static void fill(char *h, int i, uint64 seed) {
  for (int w = 0; w < PGSIZE / 8; w += 8)
    ((uint64 *)(h + i * PGSIZE))[w] = seed + i + w;
}

static int holds(char *h, int i, uint64 seed) {
  for (int w = 0; w < PGSIZE / 8; w += 8)
    if (((uint64 *)(h + i * PGSIZE))[w] != seed + i + w)
      return 0;
  return 1;
}

static void check_all(char *h, int n, uint64 seed, const char *why) {
  for (int i = 0; i < n; i++)
    if (!holds(h, i, seed)) {
      printf("%s: page %d of %d lost its contents\n", test_name, i, n);
      test_fail(why);
    }
}

static void limit(int pages, int policy) {
  if (rsslimit(pages) < 0)
    test_fail("rsslimit failed (is there a swap disk?)");
  if (pagepolicy(policy) < 0)
    test_fail("pagepolicy failed");
}

static uint64 slots_used(void) {
  return stats(0).swap_slots_used;
}

// ---- the reference-string mode

struct run {
  int misses, pageins, pageouts;
};

// Touch the pages of refs in order under the limit and policy; each touch writes the page and
// checks what it held. Runs in a child, which reports through a pipe.
static struct run run_refs(int policy, int lim, int *refs, int nrefs) {
  int fds[2];
  if (pipe(fds) < 0)
    test_fail("pipe failed");
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    int npages = 0;
    for (int i = 0; i < nrefs; i++)
      if (refs[i] + 1 > npages)
        npages = refs[i] + 1;
    char *h = heap(npages);
    limit(lim, policy);
    struct vmstats a = stats(getpid());
    for (int i = 0; i < nrefs; i++) {
      uint64 *word = (uint64 *)(h + refs[i] * PGSIZE);
      if (*word != 0 && *word != 1000 + refs[i])
        test_fail("a page came back with the wrong contents");
      *word = 1000 + refs[i];
    }
    struct vmstats b = stats(getpid());
    struct run r = {(int)(b.faults[VM_FAULT_LAZY] - a.faults[VM_FAULT_LAZY] +
                          b.faults[VM_FAULT_PAGEIN] - a.faults[VM_FAULT_PAGEIN]),
                    (int)(b.pages_in - a.pages_in), (int)(b.pages_out - a.pages_out)};
    write(fds[1], &r, sizeof(r));
    exit(0);
  }
  close(fds[1]);
  struct run r = {-1, -1, -1};
  int status;
  if (read(fds[0], &r, sizeof(r)) != sizeof(r) || wait(&status) < 0 || status != 0)
    test_fail("the run failed");
  close(fds[0]);
  return r;
}

static int policy_of(const char *name) {
  if (strcmp(name, "fifo") == 0)
    return PAGE_FIFO;
  if (strcmp(name, "clock") == 0)
    return PAGE_CLOCK;
  if (strcmp(name, "random") == 0)
    return PAGE_RANDOM;
  test_fail("policies: fifo, clock, random");
  return -1;
}

#define MAXREFS 512

static int parse_refs(const char *s, int *refs) {
  int n = 0;
  while (*s && n < MAXREFS) {
    if (*s < '0' || *s > '9')
      test_fail("references: page numbers separated by commas");
    refs[n++] = atoi(s);
    if (refs[n - 1] > 256)
      test_fail("page numbers go up to 256");
    while (*s >= '0' && *s <= '9')
      s++;
    if (*s == ',')
      s++;
  }
  return n;
}

static int refs[MAXREFS];

// ---- the tests

// Pages paged out and in keep their contents, round after round, under every policy.
static void content(void) {
  for (int policy = 0; policy < PAGE_POLICIES; policy++) {
    int pid = fork();
    if (pid == 0) {
      int n = PAGES;
      char *h = heap(n);
      limit(4, policy);
      for (int i = 0; i < n; i++)
        fill(h, i, 77 * policy);
      for (int round = 0; round < 3; round++)
        check_all(h, n, 77 * policy, "a page paged out and in again lost its contents");
      struct vmstats v = stats(getpid());
      if (v.pages_out < n - 4 || v.pages_in == 0)
        test_fail("with many pages and a limit of 4, pages were not paged out and in");
      // A lower limit: the next page brought in makes room for itself below it.
      limit(2, policy);
      char *more = heap(1);
      more[0] = 1;
      if (stats(getpid()).pages_out - v.pages_out < 3)
        test_fail("after the limit went from 4 to 2, a new page did not send 3 pages out");
      check_all(h, n, 77 * policy, "a page lost its contents after the limit went down");
      exit(0);
    }
    int status;
    if (wait(&status) < 0 || status != 0)
      test_fail("a child failed");
  }
}

// Pages sbrk allocates at once (and malloc's) are heap pages too: past the limit, the oldest
// go out while sbrk allocates, FIFO, and come back when touched.
static void eager(void) {
  int n = PAGES, lim = 4;
  limit(lim, PAGE_FIFO);
  struct vmstats before = stats(getpid());
  char *p = sbrk((n + 1) * PGSIZE);
  if (p == SBRK_ERROR)
    test_fail("sbrk failed");
  char *h = (char *)PGROUNDUP((uint64)p);
  struct vmstats grown = stats(getpid());
  if (grown.pages_out - before.pages_out < n - lim)
    test_fail("sbrk allocated more pages than the limit and sent none to swap");
  for (int i = 0; i < n; i++)
    fill(h, i, 5);
  check_all(h, n, 5, "an eagerly allocated page paged out and in lost its contents");
  for (int i = 0; i < n; i++)
    if (h[i * PGSIZE + 8] != 0)
      test_fail("a page sbrk allocated was not zero"); // fill leaves the other words alone
  if (stats(getpid()).pages_in == grown.pages_in)
    test_fail("eagerly allocated pages were never paged in");
  if (sbrk(-(n + 1) * PGSIZE) == SBRK_ERROR)
    test_fail("sbrk could not shrink");
}

// Page 0 is touched between every two other pages: the clock keeps it (but once, when every
// page's bit is set and the hand clears them all), FIFO throws it out again and again.
static void clock(void) {
  int n = 0;
  for (int i = 1; i <= 12; i++) {
    refs[n++] = 0;
    refs[n++] = i;
  }
  struct run fifo = run_refs(PAGE_FIFO, 3, refs, n);
  struct run second = run_refs(PAGE_CLOCK, 3, refs, n);
  printf("%s: fifo %d misses, clock %d misses\n", test_name, fifo.misses, second.misses);
  if (second.misses > 14)
    test_fail("the clock should miss only the 13 first touches and page 0 once more: a page "
              "accessed since the hand passed it gets a second chance");
  if (fifo.misses <= second.misses)
    test_fail("FIFO should miss more often than the clock here");
}

// Processes that swap and exit, or shrink their heap, give back every slot and page.
static void leak(void) {
  uint64 slots = slots_used(), pages = stats(0).pages_free;
  for (int round = 0; round < 8; round++) {
    int pid = fork();
    if (pid == 0) {
      int n = PAGES;
      char *h = heap(n);
      limit(4, round % PAGE_POLICIES);
      for (int i = 0; i < n; i++)
        fill(h, i, round);
      if (stats(getpid()).pages_out == 0)
        test_fail("nothing was paged out");
      uint64 before = slots_used();
      if (sbrk(-(n / 2) * PGSIZE) == SBRK_ERROR)
        test_fail("sbrk shrink failed");
      if (slots_used() >= before && before > slots)
        test_fail("a shrink over swapped pages kept their slots");
      check_all(h, n / 2, round, "a page below the new end lost its contents");
      exit(0);
    }
    int status;
    if (wait(&status) < 0 || status != 0)
      test_fail("a child failed");
  }
  if (slots_used() != slots) {
    printf("%s: %d slots in use before, %d after\n", test_name, (int)slots, (int)slots_used());
    test_fail("swap slots leaked");
  }
  if (stats(0).pages_free != pages) {
    printf("%s: %d pages free before, %d after\n", test_name, (int)pages, (int)stats(0).pages_free);
    test_fail("pages leaked");
  }
}

// A child forked with pages on swap sees them; its writes and its parent's stay apart.
static void forked(void) {
  uint64 slots = slots_used();
  int pid = fork();
  if (pid == 0) {
    int n = PAGES;
    char *h = heap(n);
    limit(4, PAGE_FIFO);
    for (int i = 0; i < n; i++)
      fill(h, i, 5);
    if (stats(getpid()).pages_out == 0)
      test_fail("nothing was paged out");
    int child = fork();
    if (child < 0)
      test_fail("fork failed");
    if (child == 0) {
      check_all(h, n, 5, "the child sees wrong contents in a page on swap");
      for (int i = 0; i < n; i++)
        fill(h, i, 9);
      check_all(h, n, 9, "the child's own writes were lost");
      exit(0);
    }
    int status;
    if (wait(&status) < 0 || status != 0)
      test_fail("the child failed");
    check_all(h, n, 5, "the child's writes reached the parent, or the parent's pages were lost");
    exit(0);
  }
  int status;
  if (wait(&status) < 0 || status != 0)
    test_fail("the process failed");
  if (slots_used() != slots)
    test_fail("swap slots leaked after fork and exit");
}

// Filling the swap disk kills the process that needs one more slot, and only it.
static void full(void) {
  uint64 slots = slots_used();
  struct vmstats v = stats(0);
  int n = v.swap_slots - v.swap_slots_used + 8;
  int pid = fork();
  if (pid == 0) {
    char *h = heap(n);
    limit(2, PAGE_FIFO);
    for (int i = 0; i < n; i++)
      h[i * PGSIZE] = 1;
    exit(0); // not reached: the swap disk filled
  }
  int status = 0;
  if (wait(&status) < 0)
    test_fail("wait failed");
  if (status != -1)
    test_fail("the process that filled the swap disk was not killed");
  if (slots_used() != slots)
    test_fail("the killed process's slots were not freed");
  // The kernel still swaps for the next one.
  pid = fork();
  if (pid == 0) {
    char *h = heap(12);
    limit(2, PAGE_FIFO);
    for (int i = 0; i < 12; i++)
      fill(h, i, 3);
    check_all(h, 12, 3, "swapping after a full swap disk lost contents");
    exit(0);
  }
  if (wait(&status) < 0 || status != 0)
    test_fail("swapping no longer works after the swap disk filled");
}

// Pages going out are written behind, a batch of neighbouring slots per disk request: a page
// touched again before its batch is written comes back without a disk read, and sweeping many
// pages takes far fewer write requests than pages.
static void batch(void) {
  int pid = fork();
  if (pid == 0) {
    int n = 128, lim = 4;
    char *h = heap(n);
    limit(lim, PAGE_FIFO);
    struct vmstats a = stats(getpid());
    for (int i = 0; i < 2 * lim; i++)
      fill(h, i, 21);
    check_all(h, lim, 21, "a page touched again before it was written lost its contents");
    struct vmstats b = stats(getpid());
    if (b.pages_in - a.pages_in < lim || b.swap_reads != a.swap_reads ||
        b.swap_writes != a.swap_writes)
      test_fail("pages sent out and touched again at once should come back without disk requests");
    for (int i = 0; i < n; i++)
      fill(h, i, 22);
    check_all(h, n, 22, "a page written out in a batch and read back lost its contents");
    struct vmstats c = stats(getpid());
    uint64 out = c.pages_out - b.pages_out, writes = c.swap_writes - b.swap_writes;
    printf("%s: %d pages out in %d write requests, %d disk reads\n", test_name, (int)out,
           (int)writes, (int)(c.swap_reads - b.swap_reads));
    if (writes == 0 || c.swap_reads == b.swap_reads)
      test_fail("sweeping 128 pages under a limit of 4 should write and read the swap disk");
    if (out < 8 * writes)
      test_fail("page-outs should be written in batches, many pages per disk request");
    exit(0);
  }
  int status;
  if (wait(&status) < 0 || status != 0)
    test_fail("a child failed");
}

// No limit, but more pages touched than are free: the process pages its own pages out instead
// of meeting the out-of-memory killer. For a boot with little memory (freepages=N); not run
// unless named.
static void pressure(void) {
  uint64 free = stats(0).pages_free;
  if (free > 4000)
    test_fail("boot with freepages=N (N up to 4000) for this test");
  int n = free + 600; // hundreds of pages must go out, and come back
  char *h = heap(n);
  for (int i = 0; i < n; i++)
    fill(h, i, 11);
  check_all(h, n, 11, "a page paged out under memory pressure lost its contents");
  if (stats(getpid()).pages_out == 0)
    test_fail("nothing was paged out");
}

// What paging costs the disk: requests per page written out and per page read in, for a
// process sweeping 1000 pages four times under a limit of 8 (make bench-swap), and the time it
// takes. Not run unless named.
static void bench(void) {
  int n = 1000;
  char *h = heap(n);
  limit(8, PAGE_FIFO);
  struct vmstats a = stats(getpid());
  int start = uptime();
  for (int round = 0; round < 4; round++)
    for (int i = 0; i < n; i++)
      h[i * PGSIZE] = round;
  int ticks = uptime() - start;
  struct vmstats b = stats(getpid());
  uint64 out = b.pages_out - a.pages_out, in = b.pages_in - a.pages_in;
  uint64 writes = b.swap_writes - a.swap_writes, reads = b.swap_reads - a.swap_reads;
  if (out == 0 || in == 0)
    test_fail("nothing was paged out and in");
  printf("swap bench: %lu pages out in %lu disk writes (%lu.%02lu per page), %lu pages in in %lu "
         "disk reads (%lu.%02lu per page), %d ticks\n",
         out, writes, writes / out, writes * 100 / out % 100, in, reads, reads / in,
         reads * 100 / in % 100, ticks);
}

static const struct test tests[] = {
    {"content", content, 0}, {"eager", eager, 0},       {"clock", clock, 0},
    {"leak", leak, 0},       {"fork", forked, 0},       {"full", full, 0},
    {"batch", batch, 0},     {"pressure", pressure, 1}, {"bench", bench, 1},
};

int main(int argc, char *argv[]) {
  test_name = "swaptest";
  if (argc >= 2 && strcmp(argv[1], "run") == 0) {
    if (argc != 5)
      test_fail("usage: swaptest run fifo|clock|random LIMIT R1,R2,...");
    int n = parse_refs(argv[4], refs);
    struct run r = run_refs(policy_of(argv[2]), atoi(argv[3]), refs, n);
    printf("swaptest: refs %d misses %d pageins %d pageouts %d\n", n, r.misses, r.pageins,
           r.pageouts);
    exit(0);
  }
  test_main("swaptest", tests, NELEM(tests), NO_TEST_LIMIT, argc, argv);
}
