// demandtest: tests of demand paging from the program file (exec with the boot parameter
// lazyexec=1: no page of the program is read until it is touched).
//   demandtest [name...]   run the named tests, or all but lazy, eager and selfunlink
// Tests lazy and eager say which boot the kernel had: lazy needs lazyexec=1 (each page of the
// program's read-only data comes in on its first touch, one page-in each), eager needs a boot
// without it (exec read every page). The others pass either way.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/fcntl.h"
#include "kernel/vmstat.h"
#include "user/user.h"
#include "user/testing.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

// Arrays whose word i holds i, so that a page read from the wrong offset of the file shows.
#define R1(b) (b), (b) + 1, (b) + 2, (b) + 3
#define R2(b) R1(b), R1((b) + 4), R1((b) + 8), R1((b) + 12)
#define R3(b) R2(b), R2((b) + 16), R2((b) + 32), R2((b) + 48)
#define R4(b) R3(b), R3((b) + 64), R3((b) + 128), R3((b) + 192)
#define R5(b) R4(b), R4((b) + 256), R4((b) + 512), R4((b) + 768)
#define R6(b) R5(b), R5((b) + 1024), R5((b) + 2048), R5((b) + 3072)
#define R7(b) R6(b), R6((b) + 4096), R6((b) + 8192), R6((b) + 12288)

#define WORDS_PER_PAGE (PGSIZE / sizeof(int))
static const int table[16384] __attribute__((aligned(PGSIZE))) = {R7(0)}; // read-only data
static int data[4096] __attribute__((aligned(PGSIZE))) = {R6(0)};         // written data
static char zeros[16 * PGSIZE];                                           // bss

static char path[64]; // this program's file

static struct vmstats stats(void) {
  struct vmstats v;
  if (vmstats(getpid(), &v) < 0)
    test_fail("vmstats failed");
  return v;
}

// Reads page `page` of table (a volatile read the compiler cannot drop) and checks it.
static void check_table_page(int page) {
  const volatile int *t = table;
  for (int i = page * WORDS_PER_PAGE; i < (page + 1) * WORDS_PER_PAGE; i += 64)
    if (t[i] != i) {
      printf("%s: table[%d] is %d\n", test_name, i, t[i]);
      test_fail("a page of read-only data came from the wrong place in the file");
    }
}

static uint64 pages_in_touching(int page) {
  uint64 before = stats().pages_in;
  check_table_page(page);
  return stats().pages_in - before;
}

// lazyexec=1: the first touch of each page of table reads it, one page-in; the second, none.
static void lazy(void) {
  for (int page = 0; page < (int)(sizeof(table) / PGSIZE); page++) {
    if (pages_in_touching(page) != 1)
      test_fail("the first touch of a page of the program did not read it (lazyexec=1?)");
    if (pages_in_touching(page) != 0)
      test_fail("a second touch of a page read it again");
  }
}

// Without lazyexec: exec read everything, so touching reads nothing.
static void eager(void) {
  for (int page = 0; page < (int)(sizeof(table) / PGSIZE); page++)
    if (pages_in_touching(page) != 0)
      test_fail("a page of the program came in on a touch, though exec loads everything");
}

// Every page holds what the file says: read-only data, written data, and zeros past the data.
static void contents(void) {
  for (int page = (int)(sizeof(table) / PGSIZE) - 1; page >= 0; page--)
    check_table_page(page);
  for (int i = 0; i < NELEM(data); i++)
    if (data[i] != i)
      test_fail("initialized data is wrong");
  for (int i = 0; i < (int)sizeof(zeros); i++)
    if (zeros[i] != 0)
      test_fail("bss is not zero");
  for (int i = 0; i < NELEM(data); i++)
    data[i] = -i;
  for (int i = 0; i < NELEM(data); i++)
    if (data[i] != -i)
      test_fail("a written data page did not keep what was written");
}

// The program's text is not writable, read from the file or not.
static void textwrite(void) {
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    *(volatile char *)stats = 0;
    exit(0);
  }
  int status;
  wait(&status);
  if (status != -1)
    test_fail("a write to the program's text did not kill the writer");
}

// A child reads pages its parent never touched, from the same file; the parent reads them after.
static void forked(void) {
  int pid = fork();
  if (pid < 0)
    test_fail("fork failed");
  if (pid == 0) {
    for (int page = 8; page < 16; page++)
      check_table_page(page);
    data[WORDS_PER_PAGE * 2] = 7;
    exit(0);
  }
  int status;
  wait(&status);
  if (status != 0)
    test_fail("the child failed");
  for (int page = 8; page < 16; page++)
    check_table_page(page);
  if (data[WORDS_PER_PAGE * 2] != WORDS_PER_PAGE * 2)
    test_fail("the child's write reached its parent's data");
}

// A pipe copies under a spinlock, where reading the file cannot wait: the page comes in first.
#define PIPE_BYTES 512 // what a pipe holds
static void piped(void) {
  int p[2];
  if (pipe(p) < 0)
    test_fail("pipe failed");
  if (write(p[1], &table[12 * WORDS_PER_PAGE], PIPE_BYTES) != PIPE_BYTES)
    test_fail("a write to a pipe from a page not yet read failed");
  if (read(p[0], &data[3 * WORDS_PER_PAGE], PIPE_BYTES) != PIPE_BYTES)
    test_fail("a read from a pipe into a page not yet read failed");
  for (int i = 0; i < PIPE_BYTES / (int)sizeof(int); i++)
    if (data[3 * WORDS_PER_PAGE + i] != 12 * (int)WORDS_PER_PAGE + i)
      test_fail("the pipe carried the wrong bytes");
  close(p[0]);
  close(p[1]);
}

// read() of the program's own file into one of its pages not yet read: the kernel holds the
// file's inode lock when the copy faults, and the fault reads the same file.
static void readself(void) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    test_fail("cannot open the program's file");
  char *into = (char *)&data[WORDS_PER_PAGE];
  if (read(fd, into, 64) != 64)
    test_fail("read of the program's file into its own data failed");
  if (into[0] != 0x7f || into[1] != 'E' || into[2] != 'L' || into[3] != 'F')
    test_fail("read the wrong bytes");
  close(fd);
}

// Copy the program to demandcopy and run it there; the copy unlinks itself before it touches
// its pages, which the open file it runs from still holds.
static void unlinked(void) {
  int in = open(path, O_RDONLY), out = open("demandcopy", O_CREATE | O_WRONLY | O_TRUNC);
  if (in < 0 || out < 0)
    test_fail("cannot copy the program");
  char buf[512];
  int n;
  while ((n = read(in, buf, sizeof(buf))) > 0)
    if (write(out, buf, n) != n)
      test_fail("cannot copy the program");
  close(in);
  close(out);
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {"demandcopy", "selfunlink", 0};
    exec("demandcopy", argv);
    exit(2);
  }
  int status;
  wait(&status);
  unlink("demandcopy");
  if (status != 0)
    test_fail("a program that unlinked its own file could not read its pages");
}

static void selfunlink(void) {
  if (unlink("demandcopy") < 0)
    test_fail("unlink failed");
  contents();
}

static const struct test tests[] = {
    {"lazy", lazy, 1},           {"eager", eager, 1},       {"contents", contents, 0},
    {"textwrite", textwrite, 0}, {"fork", forked, 0},       {"pipe", piped, 0},
    {"readself", readself, 0},   {"unlinked", unlinked, 0}, {"selfunlink", selfunlink, 1},
};

int main(int argc, char *argv[]) {
  if (strlen(argv[0]) + 2 > sizeof(path))
    test_fail("the program's name is too long");
  strcpy(path, argv[0][0] == '/' ? "" : "/");
  strcpy(path + strlen(path), argv[0]);
  test_main("demandtest", tests, NELEM(tests), NO_TEST_LIMIT, argc, argv);
}
