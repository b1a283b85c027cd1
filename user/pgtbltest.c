// pgtbltest: tests of the pgtbl lab (labs/pgtbl/README.md).
//   pgtbltest [name [argument]]...  runs the named tests (default: all but vmprint)
// Each test prints "test NAME: OK" or "test NAME: FAILED" after a line saying why.
//   vmprint N    grows the heap by N pages, touches each and prints the page table (kpgtbl)
//   pgaccess M   M is a mask of which of 32 pages to touch (default: a fixed pattern)
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/vmstat.h"
#include "user/user.h"

static const char *current;

static void fail(const char *why) {
  printf("%s: %s\n", current, why);
  exit(1);
}

static uint64 pages_free(void) {
  struct vmstats v;
  if (vmstats(0, &v) < 0)
    fail("vmstats failed");
  return v.pages_free;
}

// ugetpid reads the id from the shared page: right in this process and in children made by
// fork, each with a page of its own that goes when it does.
static void ugetpid_test(char *arg) {
  if (ugetpid() != getpid())
    fail("ugetpid() differs from getpid()");
  uint64 before = 0;
  for (int i = -1; i < 16; i++) { // the first fork settles this process's own pages
    if (i == 0)
      before = pages_free();
    int pid = fork();
    if (pid < 0)
      fail("fork failed");
    if (pid == 0)
      exit(ugetpid() == getpid() ? 0 : 1);
    int status;
    if (wait(&status) != pid || status != 0)
      fail("in a child, ugetpid() differs from getpid()");
  }
  if (pages_free() != before)
    fail("16 children came and went, and pages did not come back");
  uint64 pte = pgpte((void *)USYSCALL);
  if ((pte & PTE_V) == 0 || (pte & PTE_U) == 0 || (pte & PTE_R) == 0)
    fail("USYSCALL is not mapped readable for the user");
  if (pte & (PTE_W | PTE_X))
    fail("USYSCALL is mapped writable or executable");
}

// The heap grows by n pages, each touched, then the page table is printed for the grader.
static void vmprint_test(char *arg) {
  int n = arg ? atoi(arg) : 8;
  if (n < 1 || n > 1000)
    fail("the number of pages must be 1 to 1000");
  char *p = sbrk(n * PGSIZE);
  if (p == SBRK_ERROR)
    fail("sbrk failed");
  for (int i = 0; i < n; i++)
    p[i * PGSIZE] = i;
  printf("vmprint: heap from %p to %p\n", p, p + n * PGSIZE);
  kpgtbl();
}

// pgaccess reports exactly the pages touched since the last call, then clears them. Every
// page is touched twice, so a TLB that kept the entries from the first time would hide the
// second.
static void pgaccess_test(char *arg) {
  uint mask = arg ? atoi(arg) : 0x8000a00d;
  char *buf = sbrk(32 * PGSIZE);
  if (buf == SBRK_ERROR)
    fail("sbrk failed");
  uint bits;
  if (pgaccess(buf, 32, &bits) < 0)
    fail("pgaccess failed");
  for (int i = 0; i < 32; i++)
    buf[i * PGSIZE + 7] += 1;
  if (pgaccess(buf, 32, &bits) < 0)
    fail("pgaccess failed");
  if (bits != 0xffffffff) {
    printf("%s: touched every page, pgaccess says 0x%x\n", current, bits);
    fail("wrong pages reported");
  }
  for (int i = 0; i < 32; i++)
    if (mask & (1u << i))
      buf[i * PGSIZE + 7] += 1;
  if (pgaccess(buf, 32, &bits) < 0)
    fail("pgaccess failed");
  if (bits != mask) {
    printf("%s: touched 0x%x, pgaccess says 0x%x\n", current, mask, bits);
    fail("wrong pages reported");
  }
  if (pgaccess(buf, 32, &bits) < 0)
    fail("pgaccess failed");
  if (bits != 0) {
    printf("%s: nothing touched, pgaccess says 0x%x\n", current, bits);
    fail("pgaccess does not clear the accessed bits");
  }
  sbrk(-32 * PGSIZE);
}

// Fails unless the 2 MB at base is one superpage: one readable, writable user PTE for all
// its pages.
static uint64 check_superpage(uint64 base) {
  uint64 pte = pgpte((void *)base);
  if ((pte & (PTE_V | PTE_R | PTE_W | PTE_U)) != (PTE_V | PTE_R | PTE_W | PTE_U))
    fail("a superpage is not mapped readable and writable for the user");
  for (uint64 a = base; a < base + SUPERPGSIZE; a += PGSIZE)
    if (pgpte((void *)a) != pte) {
      printf("%s: 0x%lx and 0x%lx have different PTEs\n", current, base, a);
      fail("not a superpage");
    }
  return pte;
}

static void fill_pages(uint64 from, uint64 to, int seed) {
  for (uint64 a = from; a < to; a += PGSIZE)
    *(int *)a = seed + (a >> 12);
}

static int pages_hold(uint64 from, uint64 to, int seed) {
  for (uint64 a = from; a < to; a += PGSIZE)
    if (*(int *)a != seed + (a >> 12))
      return 0;
  return 1;
}

// Growing the heap by 8 superpages' worth maps each whole, aligned 2 MB as one superpage;
// fork copies them as superpages; a shrink that ends inside one splits it and keeps what is
// below the end. Runs in a child, so that its page-table pages come back too.
static void superpages_work(void) {
  uint64 start = (uint64)sbrk(8 * SUPERPGSIZE);
  if (start == (uint64)SBRK_ERROR)
    fail("sbrk of 16 MB failed");
  uint64 s = SUPERPGROUNDUP(start), top = start + 8 * SUPERPGSIZE;
  uint64 ptes[7];
  for (int k = 0; k < 7; k++)
    ptes[k] = check_superpage(s + k * SUPERPGSIZE);
  fill_pages(start, top, 100);

  int pid = fork();
  if (pid < 0)
    fail("fork failed");
  if (pid == 0) {
    for (int k = 0; k < 7; k++)
      if (check_superpage(s + k * SUPERPGSIZE) == ptes[k])
        fail("the child shares its parent's superpage");
    if (!pages_hold(start, top, 100))
      fail("the child's copy of the heap differs");
    fill_pages(start, top, 200);
    exit(0);
  }
  int status;
  if (wait(&status) != pid || status != 0)
    fail("the child failed");
  if (!pages_hold(start, top, 100))
    fail("the child's writes reached the parent");

  // End the heap 5 pages into the fourth superpage.
  uint64 cut = s + 3 * SUPERPGSIZE + 5 * PGSIZE;
  sbrk(-(int)(top - cut));
  if ((uint64)sbrk(0) != cut)
    fail("the shrink did not move the break");
  for (int k = 0; k < 3; k++)
    check_superpage(s + k * SUPERPGSIZE);
  uint64 split = s + 3 * SUPERPGSIZE;
  if (pgpte((void *)split) == pgpte((void *)(split + PGSIZE)))
    fail("the superpage the heap now ends in was not split");
  if (pgpte((void *)cut) != 0)
    fail("a page above the new end is still mapped");
  if (!pages_hold(start, cut, 100))
    fail("the shrink lost what was below the new end");
  pid = fork();
  if (pid == 0) {
    *(volatile int *)cut = 1; // must kill the child
    exit(0);
  }
  if (wait(&status) != pid || status == 0)
    fail("a child could write above the new end of the heap");
  sbrk(-(int)(cut - start));
}

static void superpages_test(char *arg) {
  uint64 before = pages_free();
  int pid = fork();
  if (pid < 0)
    fail("fork failed");
  if (pid == 0) {
    superpages_work();
    exit(0);
  }
  int status;
  if (wait(&status) != pid || status != 0)
    exit(1); // it said why
  uint64 after = pages_free();
  if (after != before) {
    printf("%s: %d pages free before, %d after\n", current, (int)before, (int)after);
    fail("pages were lost");
  }
}

// Bad arguments give -1.
static void badargs_test(char *arg) {
  char *buf = sbrk(4 * PGSIZE);
  uint64 bits;
  if (pgaccess(buf, -1, &bits) != -1)
    fail("pgaccess accepted -1 pages");
  if (pgaccess(buf, 100000, &bits) != -1)
    fail("pgaccess accepted 100000 pages");
  if (pgaccess(buf, 4, (void *)MAXVA) != -1)
    fail("pgaccess wrote its bits to a kernel address");
  if (pgaccess((void *)(MAXVA - PGSIZE), 4, &bits) != -1)
    fail("pgaccess accepted pages past the end of the address space");
  if (pgpte((void *)-1L) != 0 || pgpte((void *)MAXVA) != 0)
    fail("pgpte found a PTE past the end of the address space");
}

static struct {
  const char *name;
  void (*run)(char *arg);
  int takes_arg, by_default;
} tests[] = {
    {"ugetpid", ugetpid_test, 0, 1},       {"vmprint", vmprint_test, 1, 0},
    {"pgaccess", pgaccess_test, 1, 1},     {"badargs", badargs_test, 0, 1},
    {"superpages", superpages_test, 0, 1},
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

static int run(int i, char *arg) {
  current = tests[i].name;
  int pid = fork();
  if (pid == 0) {
    tests[i].run(arg);
    exit(0);
  }
  int status = -1;
  int ok = pid > 0 && wait(&status) == pid && status == 0;
  printf("test %s: %s\n", current, ok ? "OK" : "FAILED");
  return ok;
}

int main(int argc, char *argv[]) {
  int failed = 0;
  if (argc == 1)
    for (int i = 0; i < NTESTS; i++)
      if (tests[i].by_default)
        failed += !run(i, 0);
  for (int a = 1; a < argc; a++) {
    int i = 0;
    while (i < NTESTS && strcmp(argv[a], tests[i].name) != 0)
      i++;
    if (i == NTESTS) {
      printf("pgtbltest: no test named %s; the tests are:", argv[a]);
      for (i = 0; i < NTESTS; i++)
        printf(" %s", tests[i].name);
      printf("\n");
      exit(1);
    }
    char *arg = tests[i].takes_arg && a + 1 < argc && argv[a + 1][0] >= '0' && argv[a + 1][0] <= '9'
                    ? argv[++a]
                    : 0;
    failed += !run(i, arg);
  }
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failed != 0);
}
