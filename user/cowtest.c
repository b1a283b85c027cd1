// cowtest: tests of copy-on-write fork (the cow lab, labs/cow/README.md).
//   cowtest [name...]   runs the named tests, or all of them
// Each test runs in a process of its own and prints "test NAME: OK" or "test NAME: FAILED"
// (after a line saying why); then "ALL TESTS PASSED" or "SOME TESTS FAILED". The tests
// measure memory with vmstats: the system's free pages and a process's copy-on-write copies.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/vmstat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/testing.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static uint64 free_pages(void) {
  struct vmstats v;
  if (vmstats(0, &v) < 0)
    test_fail("vmstats(0) failed");
  return v.pages_free;
}

static struct vmstats my_stats(void) {
  struct vmstats v;
  if (vmstats(getpid(), &v) < 0)
    test_fail("vmstats(getpid()) failed");
  return v;
}

// Fails unless this process has made at least n copies on write since it had made `since`
// (an eager fork makes none).
static void copied(uint64 since, int n) {
  uint64 made = my_stats().cow_copies - since;
  if (made < n) {
    printf("%s: %d copies on write where %d were due\n", test_name, (int)made, n);
    test_fail("no copy-on-write happened (does fork still copy every page?)");
  }
}

// A heap of n pages, each touched now, page i filled with the word seed + i. Grown lazily,
// so that it is all 4 KB pages: a kernel with the pgtbl lab's superpages copies those at
// fork.
static uint64 *heap(int n, uint64 seed) {
  char *p = sbrklazy(n * PGSIZE);
  if (p == SBRK_ERROR)
    test_fail("sbrk failed");
  for (int i = 0; i < n; i++)
    for (int w = 0; w < PGSIZE / 8; w += 64) // one word per cache line is enough to check
      ((uint64 *)(p + i * PGSIZE))[w] = seed + i;
  return (uint64 *)p;
}

static void fill(uint64 *h, int n, uint64 seed) {
  for (int i = 0; i < n; i++)
    for (int w = 0; w < PGSIZE / 8; w += 64)
      h[i * PGSIZE / 8 + w] = seed + i;
}

static int holds(uint64 *h, int n, uint64 seed) {
  for (int i = 0; i < n; i++)
    for (int w = 0; w < PGSIZE / 8; w += 64)
      if (h[i * PGSIZE / 8 + w] != seed + i)
        return 0;
  return 1;
}

static int fork_or_fail(void) {
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed (does fork still copy every page?)");
  return pid;
}

static int wait_status(void) {
  int status;
  if (wait(&status) < 0)
    test_fail("wait failed");
  return status;
}

static void byte_to(int fd) {
  if (write(fd, "x", 1) != 1)
    test_fail("write to a pipe failed");
}

static void byte_from(int fd) {
  char c;
  if (read(fd, &c, 1) != 1)
    test_fail("the other process went away");
}

// Two thirds of free memory, then fork: only sharing leaves room for the child, and the
// child finds free memory barely changed (fork itself copies no page).
static void bigfork(void) {
  int n = free_pages() * 2 / 3;
  uint64 *h = heap(n, 1000);
  int before = free_pages();
  int pid = fork_or_fail();
  if (pid == 0) {
    int used = before - (int)free_pages();
    if (used > 64) {
      printf("%s: fork of a %d-page heap took %d pages\n", test_name, n, used);
      test_fail("fork copied the memory");
    }
    if (!holds(h, n, 1000))
      test_fail("the child does not see its parent's memory");
    h[0] = 7; // one page of its own
    exit(0);
  }
  if (wait_status() != 0)
    exit(1);
  if (!holds(h, n, 1000))
    test_fail("the child's write reached the parent");
}

// Three processes share a heap; each writes its own values and sees only them.
static void isolation(void) {
  int n = 64;
  uint64 *h = heap(n, 3000);
  int go[2], done[2];
  if (pipe(go) < 0 || pipe(done) < 0)
    test_fail("pipe failed");
  for (int child = 1; child <= 2; child++) {
    if (fork_or_fail() == 0) {
      close(go[1]); // so that a parent gone wrong ends the wait below
      if (!holds(h, n, 3000))
        test_fail("a child does not see its parent's memory");
      uint64 copies = my_stats().cow_copies;
      fill(h, n, 3000 + child * 100000);
      copied(copies, n);
      byte_to(done[1]);
      byte_from(go[0]); // the others write meanwhile
      if (!holds(h, n, 3000 + child * 100000))
        test_fail("another process's write reached a child");
      exit(0);
    }
  }
  close(done[1]); // so that a child gone wrong ends the wait below
  byte_from(done[0]);
  byte_from(done[0]);
  if (!holds(h, n, 3000))
    test_fail("a child's write reached the parent");
  fill(h, n, 9000);
  byte_to(go[1]);
  byte_to(go[1]);
  if (wait_status() != 0 || wait_status() != 0)
    exit(1); // the child said why
  if (!holds(h, n, 9000))
    test_fail("the parent lost its own writes");
}

// The kernel writes into shared pages too: read() from a pipe or a file into a page shared
// with another process must give the reader a copy.
static char from_pipe[PGSIZE];

static void copyout(void) {
  char *buf = (char *)heap(2, 4000);
  memset(buf, 'a', 2 * PGSIZE);
  int p[2];
  if (pipe(p) < 0)
    test_fail("pipe failed");
  memset(from_pipe, 'b', PGSIZE);
  int pid = fork_or_fail();
  if (pid == 0) {
    uint64 copies = my_stats().cow_copies;
    for (int got = 0, n; got < PGSIZE; got += n)
      if ((n = read(p[0], buf + 100 + got, PGSIZE - got)) <= 0)
        test_fail("read from the pipe failed");
    for (int i = 0; i < 2 * PGSIZE; i++)
      if (buf[i] != (i >= 100 && i < 100 + PGSIZE ? 'b' : 'a'))
        test_fail("read() into a shared page gave the reader the wrong bytes");
    copied(copies, 1);
    exit(0);
  }
  if (write(p[1], from_pipe, PGSIZE) != PGSIZE)
    test_fail("write to the pipe failed");
  if (wait_status() != 0)
    exit(1);
  for (int i = 0; i < 2 * PGSIZE; i++)
    if (buf[i] != 'a')
      test_fail("the child's read() changed the parent's memory");

  // The other way round: the parent reads a file into a page it shares with a child.
  int fd = open("cowtest.tmp", O_CREATE | O_RDWR | O_TRUNC);
  if (fd < 0 || write(fd, from_pipe, 512) != 512)
    test_fail("cannot write cowtest.tmp");
  close(fd);
  int ready[2];
  if (pipe(ready) < 0)
    test_fail("pipe failed");
  pid = fork_or_fail();
  if (pid == 0) {
    close(ready[1]);
    byte_from(ready[0]);
    for (int i = 0; i < 2 * PGSIZE; i++)
      if (buf[i] != 'a')
        test_fail("the parent's read() changed the child's memory");
    exit(0);
  }
  fd = open("cowtest.tmp", O_RDONLY);
  uint64 copies = my_stats().cow_copies;
  if (fd < 0 || read(fd, buf + PGSIZE - 256, 512) != 512)
    test_fail("read of cowtest.tmp failed");
  copied(copies, 2); // the read spans two shared pages
  close(fd);
  unlink("cowtest.tmp");
  byte_to(ready[1]);
  if (wait_status() != 0)
    exit(1);
}

// The last process holding a shared page takes it back without copying it.
static void lastowner(void) {
  int n = 32;
  uint64 *h = heap(n, 5000);
  if (fork_or_fail() == 0)
    exit(0);
  if (wait_status() != 0)
    test_fail("the child failed");
  struct vmstats was = my_stats();
  fill(h, n, 6000);
  struct vmstats now = my_stats();
  if (now.faults[VM_FAULT_COW] - was.faults[VM_FAULT_COW] < n)
    test_fail("the pages fork shared were not copy-on-write (does fork still copy every page?)");
  uint64 more = now.cow_copies - was.cow_copies;
  if (more > 0) {
    printf("%s: %d writes to pages no one else holds made %d copies\n", test_name, n, (int)more);
    test_fail("a page's last owner copied it");
  }
  if (!holds(h, n, 6000))
    test_fail("the writes were lost");
}

// Every page comes back: a parent and a child that write to shared pages and exit leave
// free memory as it was.
static void leak(void) {
  uint64 before = free_pages();
  for (int round = 0; round < 3; round++) {
    if (fork_or_fail() == 0) {
      int n = 128;
      uint64 *h = heap(n, 7000);
      int pid = fork_or_fail();
      if (pid == 0) {
        uint64 copies = my_stats().cow_copies;
        fill(h, n / 2, 8000);
        copied(copies, n / 2);
        exit(0);
      }
      if (wait_status() != 0)
        exit(1);
      fill(h, n, 9000); // the rest were shared, now its own
      if (fork_or_fail() == 0)
        exit(0); // and share again, with a child that just leaves
      exit(wait_status());
    }
    if (wait_status() != 0)
      test_fail("a process failed");
  }
  uint64 after = free_pages();
  if (after != before) {
    printf("%s: %d pages free before, %d after\n", test_name, (int)before, (int)after);
    test_fail("pages leaked");
  }
}

// A child that writes to more shared memory than there is runs out: it dies, and only it;
// the parent's memory is intact and every page comes back.
static void oom(void) {
  uint64 start = free_pages();
  int n = start * 3 / 5;
  uint64 *h = heap(n, 10000);
  uint64 before = free_pages();
  int pid = fork_or_fail();
  if (pid == 0) {
    fill(h, n, 20000);
    exit(0); // there was not enough memory to get here
  }
  if (wait_status() == 0)
    test_fail("the child wrote more memory than the machine has and exited normally");
  if (!holds(h, n, 10000))
    test_fail("the parent's memory changed");
  if (free_pages() != before)
    test_fail("the child's pages did not all come back");
}

static const struct test tests[] = {
    {"bigfork", bigfork},     {"isolation", isolation}, {"copyout", copyout},
    {"lastowner", lastowner}, {"leak", leak},           {"oom", oom},
};

int main(int argc, char *argv[]) {
  test_main("cowtest", tests, NELEM(tests), NO_TEST_LIMIT, argc, argv);
}
