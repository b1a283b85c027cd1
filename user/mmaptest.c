// mmaptest: tests of file mappings, mmap and munmap (the mmap lab, labs/mmap/README.md).
//   mmaptest [name...]   runs the named tests, or all of them
// Each test runs in a process of its own and prints "test NAME: OK" or "test NAME: FAILED"
// (after a line saying why); then "ALL TESTS PASSED" or "SOME TESTS FAILED". Files are made
// with write() and checked with read(); vmstats counts the faults and flushes.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/vmstat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/testing.h"
#include "user/thread.h"

#define NELEM(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define MAP_FAILED ((char *)-1)

static char buf[4 * PGSIZE];

// The byte a test file made with seed holds at offset i.
static char byte_at(int seed, int i) {
  return 'a' + (seed + i / 97 + i) % 26;
}

// Make file name with n bytes of seed's contents; returns it open as mode, or fails.
static int make_file(const char *name, int n, int seed, int mode) {
  unlink(name);
  int fd = open(name, O_CREATE | O_RDWR);
  if (fd < 0)
    test_fail("cannot create the test file");
  for (int i = 0; i < n; i++)
    buf[i % sizeof(buf)] = byte_at(seed, i);
  for (int done = 0; done < n;) {
    int chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
    if (write(fd, buf, chunk) != chunk)
      test_fail("cannot write the test file");
    done += chunk;
  }
  close(fd);
  fd = open(name, mode);
  if (fd < 0)
    test_fail("cannot open the test file");
  return fd;
}

// Read all of file name into buf; returns its size.
static int read_file(const char *name) {
  int fd = open(name, O_RDONLY);
  if (fd < 0)
    test_fail("cannot open the file to check it");
  int n = 0, r;
  while (n < sizeof(buf) && (r = read(fd, buf + n, sizeof(buf) - n)) > 0)
    n += r;
  close(fd);
  return n;
}

static char *map(uint64 len, int prot, int flags, int fd, uint64 off) {
  char *p = mmap(0, len, prot, flags, fd, off);
  if (p == MAP_FAILED)
    test_fail("mmap failed");
  return p;
}

static void unmap(char *p, uint64 len) {
  if (munmap(p, len) != 0)
    test_fail("munmap failed");
}

// Does p hold n bytes of seed's file from offset off, then zeros up to end?
static int holds(char *p, int off, int n, int end, int seed) {
  for (int i = 0; i < end; i++)
    if (p[i] != (i < n ? byte_at(seed, off + i) : 0))
      return 0;
  return 1;
}

static struct vmstats my_stats(void) {
  struct vmstats v;
  if (vmstats(getpid(), &v) < 0)
    test_fail("vmstats(getpid()) failed");
  return v;
}

static uint64 free_pages(void) {
  struct vmstats v;
  if (vmstats(0, &v) < 0)
    test_fail("vmstats(0) failed");
  return v.pages_free;
}

static int wait_status(void) {
  int status = 0;
  if (wait(&status) < 0)
    test_fail("wait failed");
  return status;
}

// A read-only private mapping shows the file, and zeros past its end; a writable private
// mapping's stores stay in memory and never reach the file.
static void private(void) {
  int size = PGSIZE + 1000;
  int fd = make_file("mm.priv", size, 1, O_RDWR);
  char *p = map(2 * PGSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
  if (!holds(p, 0, size, 2 * PGSIZE, 1))
    test_fail("a read-only private mapping does not hold the file, then zeros");
  unmap(p, 2 * PGSIZE);

  p = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  close(fd);
  memset(p, '#', 2 * PGSIZE);
  if (p[PGSIZE + 100] != '#')
    test_fail("a store to a private mapping did not stay");
  unmap(p, 2 * PGSIZE);
  if (read_file("mm.priv") != size || !holds(buf, 0, size, size, 1))
    test_fail("stores to a MAP_PRIVATE mapping reached the file");
}

// Stores to a shared mapping reach the file when it is unmapped, without growing it, even
// after the descriptor is closed; munmap flushes the TLB (counted).
static void shared(void) {
  int size = PGSIZE + 1000;
  int fd = make_file("mm.shared", size, 2, O_RDWR);
  char *p = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (!holds(p, 0, size, 2 * PGSIZE, 2))
    test_fail("a shared mapping does not hold the file, then zeros");
  p[5] = '#';
  p[PGSIZE + 999] = '%';
  p[PGSIZE + 1500] = '!'; // past the end of the file: not written back
  uint64 flushes = my_stats().flushes[VM_FLUSH_MUNMAP];
  unmap(p, 2 * PGSIZE);
  if (my_stats().flushes[VM_FLUSH_MUNMAP] == flushes)
    test_fail("munmap flushed no TLB entry (vmstats' flushes[VM_FLUSH_MUNMAP])");
  int n = read_file("mm.shared");
  if (n != size)
    test_fail("writing a shared mapping back changed the file's size");
  if (buf[5] != '#' || buf[PGSIZE + 999] != '%')
    test_fail("stores to a MAP_SHARED mapping did not reach the file at munmap");
  buf[5] = byte_at(2, 5);
  buf[PGSIZE + 999] = byte_at(2, PGSIZE + 999);
  if (!holds(buf, 0, size, size, 2))
    test_fail("the rest of the file changed");
}

// A child's shared mapping is written back when it exits without munmap, and when it execs.
static void exitwb(void) {
  const char *names[] = {"mm.exit", "mm.exec"};
  for (int k = 0; k < 2; k++) {
    int fd = make_file(names[k], PGSIZE, 3, O_RDWR);
    int pid = fork();
    if (pid < 0)
      test_fail("fork failed");
    if (pid == 0) {
      char *p = map(PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      close(fd);
      p[10] = '@';
      if (k == 1) {
        char *argv[] = {"nop", 0};
        exec("nop", argv);
        test_fail("exec failed");
      }
      exit(0);
    }
    close(fd);
    wait_status();
    read_file(names[k]);
    if (buf[10] != '@')
      test_fail(k == 0 ? "a shared mapping was not written back when its process exited"
                       : "a shared mapping was not written back when its process called exec");
  }
}

// Pages only read are not written back: a write() to the file after they came in stays.
static void clean(void) {
  int fd = make_file("mm.clean", 2 * PGSIZE, 4, O_RDWR);
  char *p = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p[0] != byte_at(4, 0) || p[PGSIZE] != byte_at(4, PGSIZE))
    test_fail("a shared mapping does not hold the file");
  p[PGSIZE + 1] = '*'; // the second page is written, the first only read
  if (write(fd, "XYZ", 3) != 3)
    test_fail("write failed");
  close(fd);
  unmap(p, 2 * PGSIZE);
  read_file("mm.clean");
  if (buf[PGSIZE + 1] != '*')
    test_fail("a written page was not written back");
  if (buf[0] != 'X')
    test_fail("a page that was only read was written back (over a later write())");
}

// munmap of either end of a mapping leaves the rest where it was, with the right part of
// the file; a hole in the middle is refused; an unmapped page can no longer be touched.
static void partial(void) {
  int fd = make_file("mm.part", 4 * PGSIZE, 5, O_RDWR);
  char *p = map(4 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (munmap(p + PGSIZE, PGSIZE) != -1)
    test_fail("munmap of a page in the middle of a mapping did not return -1");
  unmap(p, PGSIZE);
  if (!holds(p + PGSIZE, PGSIZE, 3 * PGSIZE, 3 * PGSIZE, 5))
    test_fail("after munmap of its first page, a mapping does not hold the rest of the file");
  p[PGSIZE] = '1';
  p[3 * PGSIZE] = '3';
  unmap(p + 3 * PGSIZE, PGSIZE);
  p[2 * PGSIZE] = '2';
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    *(volatile char *)(p + 3 * PGSIZE); // unmapped: this process is killed
    exit(0);
  }
  if (wait_status() != -1)
    test_fail("a process read an unmapped page and was not killed");
  unmap(p + PGSIZE, 2 * PGSIZE);
  read_file("mm.part");
  if (buf[PGSIZE] != '1' || buf[2 * PGSIZE] != '2' || buf[3 * PGSIZE] != '3')
    test_fail("a partly unmapped mapping wrote its pages back to the wrong place");
}

// Two files mapped at once, at different addresses, each with its own contents.
static void twofiles(void) {
  int fd1 = make_file("mm.one", PGSIZE, 6, O_RDONLY);
  int fd2 = make_file("mm.two", 2 * PGSIZE, 7, O_RDONLY);
  char *p1 = map(PGSIZE, PROT_READ, MAP_PRIVATE, fd1, 0);
  char *p2 = map(PGSIZE, PROT_READ, MAP_SHARED, fd2, PGSIZE);
  close(fd1);
  close(fd2);
  unlink("mm.one");
  unlink("mm.two");
  if (p1 == p2 || (p1 < p2 && p1 + PGSIZE > p2) || (p2 < p1 && p2 + PGSIZE > p1))
    test_fail("two mappings overlap");
  if (!holds(p1, 0, PGSIZE, PGSIZE, 6))
    test_fail("the first mapping does not hold its file");
  if (!holds(p2, PGSIZE, PGSIZE, PGSIZE, 7))
    test_fail("the second mapping does not hold its file from the offset given");
  unmap(p1, PGSIZE);
  if (!holds(p2, PGSIZE, PGSIZE, PGSIZE, 7))
    test_fail("unmapping one mapping changed the other");
  unmap(p2, PGSIZE);
}

// A child inherits the mappings: it sees what the parent stored in a private one before
// fork, its own stores stay its own, and it can unmap them without harm to the parent.
static void forked(void) {
  int fd = make_file("mm.fork", 2 * PGSIZE, 8, O_RDWR);
  char *priv = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  char *shr = map(2 * PGSIZE, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  priv[0] = 'P';
  if (shr[PGSIZE] != byte_at(8, PGSIZE))
    test_fail("a shared mapping does not hold the file");
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    if (priv[0] != 'P')
      test_fail("the child does not see what its parent stored in a private mapping");
    if (!holds(priv + 1, 1, 2 * PGSIZE - 1, 2 * PGSIZE - 1, 8) ||
        !holds(shr, 0, 2 * PGSIZE, 2 * PGSIZE, 8))
      test_fail("the child's mappings do not hold the file");
    priv[1] = 'C';
    priv[PGSIZE] = 'C';
    unmap(shr, PGSIZE);
    exit(0);
  }
  if (wait_status() != 0)
    test_fail("the child's mappings were wrong (or missing: it was killed)");
  if (priv[0] != 'P' || priv[1] != byte_at(8, 1) || priv[PGSIZE] != byte_at(8, PGSIZE))
    test_fail("the child's stores to a private mapping reached the parent");
  if (!holds(shr, 0, 2 * PGSIZE, 2 * PGSIZE, 8))
    test_fail("the child's munmap took the parent's mapping");
  unmap(priv, 2 * PGSIZE);
  unmap(shr, 2 * PGSIZE);
}

// mmap reads nothing: a page comes in (one file fault) when first touched, so the file's
// contents at that time are what it holds.
static void lazy(void) {
  int fd = make_file("mm.lazy", 8 * PGSIZE, 9, O_RDWR);
  struct vmstats before = my_stats();
  char *p = map(8 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (my_stats().faults[VM_FAULT_FILE] != before.faults[VM_FAULT_FILE])
    test_fail("mmap itself brought pages in");
  if (write(fd, "late", 4) != 4) // after mmap, before the first touch
    test_fail("write failed");
  close(fd);
  if (p[0] != 'l' || p[3] != 'e')
    test_fail("the mapping holds the file as it was at mmap, not at the first touch");
  p[5 * PGSIZE] = 'x';
  if (p[7 * PGSIZE + 1] != byte_at(9, 7 * PGSIZE + 1) ||
      p[5 * PGSIZE + 1] != byte_at(9, 5 * PGSIZE + 1))
    test_fail("the mapping does not hold the file");
  struct vmstats after = my_stats();
  uint64 faults = after.faults[VM_FAULT_FILE] - before.faults[VM_FAULT_FILE];
  if (faults != 3) {
    printf("%s: %d file faults for 3 pages touched of 8\n", test_name, (int)faults);
    test_fail("pages came in other than one per page touched (vmstats' faults[VM_FAULT_FILE])");
  }
  if (after.pages_in - before.pages_in != 3)
    test_fail("pages read from the file not counted in vmstats' pages_in");
  unmap(p, 8 * PGSIZE);
}

// Rounds of map, touch, unmap (and a fork with a private mapping) give every page back.
static void leak(void) {
  int fd = make_file("mm.leak", 4 * PGSIZE, 10, O_RDWR);
  // The first round makes the page-table pages the others reuse: it is not counted.
  for (int round = 0; round < 21; round++) {
    uint64 start = free_pages();
    char *p = map(4 * PGSIZE, PROT_READ | PROT_WRITE, round % 2 ? MAP_SHARED : MAP_PRIVATE, fd, 0);
    for (int i = 0; i < 4; i++)
      p[i * PGSIZE] = 'a' + round % 26;
    if (round % 5 == 0) {
      int pid = fork();
      if (pid < 0)
        test_fail("fork failed");
      if (pid == 0) {
        p[1] = 'c';
        exit(0);
      }
      wait_status();
    }
    unmap(p, 4 * PGSIZE);
    if (round > 0 && free_pages() != start) {
      printf("%s: %d pages fewer after a round\n", test_name, (int)(start - free_pages()));
      test_fail("map, touch and unmap lose pages");
    }
  }
  close(fd);
}

// Bad arguments give -1 (MAP_FAILED from mmap), and a writable shared mapping of a file
// opened read-only is refused.
static void badargs(void) {
  int fd = make_file("mm.bad", PGSIZE, 11, O_RDWR);
  int ro = open("mm.bad", O_RDONLY);
  int wo = open("mm.bad", O_WRONLY);
  int pfd[2];
  if (ro < 0 || wo < 0 || pipe(pfd) < 0)
    test_fail("open or pipe failed");
  struct {
    const char *what;
    uint64 len;
    int prot, flags, fd;
    uint64 off;
  } bad[] = {
      {"length 0", 0, PROT_READ, MAP_SHARED, fd, 0},
      {"a bad file descriptor", PGSIZE, PROT_READ, MAP_SHARED, 25, 0},
      {"a closed file descriptor", PGSIZE, PROT_READ, MAP_SHARED, 14, 0},
      {"a pipe", PGSIZE, PROT_READ, MAP_SHARED, pfd[0], 0},
      {"neither MAP_SHARED nor MAP_PRIVATE", PGSIZE, PROT_READ, 0, fd, 0},
      {"both MAP_SHARED and MAP_PRIVATE", PGSIZE, PROT_READ, MAP_SHARED | MAP_PRIVATE, fd, 0},
      {"unknown prot bits", PGSIZE, 0x10 | PROT_READ, MAP_SHARED, fd, 0},
      {"an offset not a multiple of the page size", PGSIZE, PROT_READ, MAP_SHARED, fd, 100},
      {"a negative offset", PGSIZE, PROT_READ, MAP_SHARED, fd, -PGSIZE},
      {"a length larger than the address space", 1L << 40, PROT_READ, MAP_SHARED, fd, 0},
      {"a file opened write-only", PGSIZE, PROT_READ, MAP_SHARED, wo, 0},
      {"PROT_WRITE, MAP_SHARED of a file opened read-only", PGSIZE, PROT_READ | PROT_WRITE,
       MAP_SHARED, ro, 0},
  };
  for (int i = 0; i < NELEM(bad); i++) {
    if (mmap(0, bad[i].len, bad[i].prot, bad[i].flags, bad[i].fd, bad[i].off) != MAP_FAILED) {
      printf("%s: mmap with %s did not fail\n", test_name, bad[i].what);
      test_fail("mmap accepted bad arguments");
    }
  }
  char *p = map(PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0); // private: allowed
  if (munmap(p + 1, PGSIZE) != -1 || munmap(p, 0) != -1 || munmap(p + PGSIZE, PGSIZE) != -1 ||
      munmap((char *)-PGSIZE, PGSIZE) != -1 || munmap(0, PGSIZE) != -1)
    test_fail("munmap of an unaligned, empty or unmapped range did not return -1");
  unmap(p, PGSIZE);
  if (munmap(p, PGSIZE) != -1)
    test_fail("a second munmap of the same range did not return -1");
}

// A store to a read-only mapping kills the process; read() into one fails.
static void readonly(void) {
  int fd = make_file("mm.ro", PGSIZE, 12, O_RDWR);
  char *p = map(PGSIZE, PROT_READ, MAP_SHARED, fd, 0);
  if (read(fd, p, 10) != -1)
    test_fail("read() into a read-only mapping did not return -1");
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    *(volatile char *)p = 'w';
    exit(0);
  }
  if (wait_status() != -1)
    test_fail("a process stored to a read-only mapping and was not killed");
  if (p[0] != byte_at(12, 0))
    test_fail("a store to a read-only mapping changed it");
  close(fd);
  unmap(p, PGSIZE);
}

// Threads share the mappings: a thread's faults find the mappings its process made, and a
// mapping a thread makes is there for the others.
static char *shared_map;
static char *thread_map;

static void thread_work(void *arg) {
  shared_map[PGSIZE] = 'T'; // never touched before: faulted in by this thread
  int fd = open("mm.thread2", O_RDONLY);
  if (fd >= 0) {
    thread_map = mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
  }
}

static void threads(void) {
  int fd = make_file("mm.thread", 2 * PGSIZE, 13, O_RDWR);
  close(make_file("mm.thread2", PGSIZE, 14, O_RDONLY));
  shared_map = map(2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (thread_create(thread_work, 0) < 0 || thread_join() < 0)
    test_fail("thread_create or thread_join failed");
  if (shared_map[PGSIZE] != 'T')
    test_fail("a thread's store to its process's mapping is not seen by the process");
  if (thread_map == 0 || thread_map == MAP_FAILED)
    test_fail("a thread's mmap failed");
  if (!holds(thread_map, 0, PGSIZE, PGSIZE, 14))
    test_fail("a mapping a thread made does not hold its file for the other threads");
  unmap(thread_map, PGSIZE);
  unmap(shared_map, 2 * PGSIZE);
  read_file("mm.thread");
  if (buf[PGSIZE] != 'T')
    test_fail("a thread's store to a shared mapping was not written back");
}

static const struct test tests[] = {
    {"private", private}, {"shared", shared},   {"exit", exitwb},       {"clean", clean},
    {"partial", partial}, {"fork", forked},     {"twofiles", twofiles}, {"lazy", lazy},
    {"leak", leak},       {"badargs", badargs}, {"readonly", readonly}, {"threads", threads},
};

int main(int argc, char *argv[]) {
  test_main("mmaptest", tests, NELEM(tests), NO_TEST_LIMIT, argc, argv);
}
