// usertests: memory, user pointers handed to the kernel, and sbrk.
#include "user/usertests.h"

static char page_buf[2 * PGSIZE];

// Addresses that no system call may read or write for the user.
static uint64 bad_addresses(uint64 *out) {
  uint64 sz = (uint64)sbrk(0);
  int n = 0;
  out[n++] = KERNBASE;
  out[n++] = KERNBASE + 0x100000;
  out[n++] = PHYSTOP - PGSIZE;
  out[n++] = TRAPFRAME;
  out[n++] = TRAMPOLINE;
  out[n++] = MAXVA;
  out[n++] = MAXVA + PGSIZE;
  out[n++] = 0xffffffffffffffffUL - PGSIZE + 1;
  out[n++] = 0x8000000000000000UL;
  out[n++] = PGROUNDUP(sz) + 16 * PGSIZE; // unmapped, above the break
  out[n++] = PGROUNDUP(sz);
  out[n++] = stack_bottom() - PGSIZE; // the guard page
  return n;
}

// read() and write() with buffers the kernel must refuse; the process survives.
static void bad_buffers(void) {
  uint64 addrs[16];
  int n = bad_addresses(addrs);
  CHECK(make_file("badbuf", page_buf, PGSIZE) == 0, "cannot create badbuf");
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  for (int i = 0; i < n; i++) {
    void *a = (void *)addrs[i];
    int fd = open("badbuf", O_RDWR);
    CHECK(fd >= 0, "open badbuf failed");
    CHECK(read(fd, a, 100) == -1, "read into %p did not fail", a);
    CHECK(write(fd, a, 100) == -1, "write from %p did not fail", a);
    close(fd);
    CHECK(write(p[1], a, 10) == -1, "pipe write from %p did not fail", a);
    CHECK(write(p[1], "abc", 3) == 3, "pipe write failed");
    CHECK(read(p[0], a, 3) == -1, "pipe read into %p did not fail", a);
    read(p[0], page_buf, 3); // drain what the failed read left, if anything
  }
  // Text is mapped without write permission: read() must not store into it.
  int fd = open("badbuf", O_RDONLY);
  CHECK(read(fd, (void *)0, 10) == -1, "read into the text at 0 did not fail");
  CHECK(read(fd, (void *)bad_buffers, 10) == -1, "read into the text did not fail");
  close(fd);
  unlink("badbuf");
}

// Buffers that begin in valid memory and run past the break.
static void straddle(void) {
  char *end = sbrk(0);
  CHECK(make_file("straddle", page_buf, 2 * PGSIZE) == 0, "cannot create straddle");
  int fd = open("straddle", O_RDWR);
  CHECK(fd >= 0, "open failed");
  CHECK(read(fd, end - 8, 16) == -1, "read straddling the break did not fail");
  CHECK(write(fd, end - 8, 16) == -1, "write straddling the break did not fail");
  CHECK(read(fd, end - 8, 8) == 8, "read just below the break failed");
  close(fd);
  struct stat st;
  CHECK(fstat(0, (struct stat *)(end - 4)) == -1, "fstat straddling the break did not fail");
  CHECK(fstat(0, (struct stat *)(end - sizeof(st))) == 0, "fstat just below the break failed");
  // A path whose NUL would lie past the break.
  memset(end - 4, 'a', 4);
  CHECK(open(end - 4, O_RDONLY) == -1, "open of an unterminated path did not fail");
  unlink("straddle");
}

// Every call that takes a pointer refuses bad ones.
static void bad_pointers(void) {
  uint64 addrs[16];
  int n = bad_addresses(addrs);
  char *argv[] = {"echo", 0, 0};
  CHECK(make_file("lnsrc", "x", 1) == 0, "cannot create lnsrc");
  for (int i = 0; i < n; i++) {
    char *a = (char *)addrs[i];
    CHECK(open(a, O_RDONLY) == -1, "open(%p) did not fail", a);
    CHECK(open(a, O_CREATE | O_RDWR) == -1, "open(%p, O_CREATE) did not fail", a);
    CHECK(mkdir(a) == -1, "mkdir(%p) did not fail", a);
    CHECK(chdir(a) == -1, "chdir(%p) did not fail", a);
    CHECK(unlink(a) == -1, "unlink(%p) did not fail", a);
    CHECK(link(a, "x") == -1 && link("lnsrc", a) == -1, "link(%p) did not fail", a);
    CHECK(mknod(a, 1, 1) == -1, "mknod(%p) did not fail", a);
    CHECK(exec(a, argv) == -1, "exec(%p) did not fail", a);
    CHECK(exec("/echo", (char **)a) == -1, "exec with argv %p did not fail", a);
    argv[1] = a;
    CHECK(exec("/echo", argv) == -1, "exec with argv[1] = %p did not fail", a);
    argv[1] = 0;
    CHECK(pipe((int *)a) == -1, "pipe(%p) did not fail", a);
    CHECK(fstat(0, (struct stat *)a) == -1, "fstat(%p) did not fail", a);
    CHECK(kstats((struct kstats *)a) == -1, "kstats(%p) did not fail", a);
    int pid = fork_checked();
    if (pid == 0)
      exit(7);
    CHECK(wait((int *)a) == -1, "wait(%p) did not fail", a);
    CHECK(wait_pid(pid) == 7, "child status lost after a failed wait");
  }
  unlink("lnsrc");
}

// Buffers that cross page boundaries are copied correctly in both directions.
static void page_crossing(void) {
  char *base = sbrk(3 * PGSIZE);
  CHECK(base != (char *)-1, "sbrk failed");
  char *mid = (char *)PGROUNDUP((uint64)base + 1) + PGSIZE - 100; // 100 bytes before a boundary
  for (int i = 0; i < 300; i++)
    mid[i] = 'a' + i % 26;
  CHECK(make_file("cross", mid, 300) == 0, "write across a page boundary failed");
  char back[300];
  CHECK(read_file("cross", back, 300) == 300 && memcmp(back, mid, 300) == 0,
        "read back wrong data");
  memset(mid, 0, 300);
  CHECK(read_file("cross", mid, 300) == 300 && memcmp(back, mid, 300) == 0,
        "read across a page boundary gave wrong data");

  // A path name and exec arguments that straddle pages.
  char *path = mid + 100 - 3; // "cross" starting 3 bytes before the boundary
  strcpy(path, "cross");
  struct stat st;
  CHECK(stat(path, &st) == 0 && st.size == 300, "stat of a page-crossing path failed");
  unlink("cross");

  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  CHECK(write(p[1], mid, 200) == 200, "pipe write across a boundary failed");
  CHECK(read(p[0], back, 200) == 200 && memcmp(back, mid, 200) == 0, "pipe data wrong");
  close(p[0]);
  close(p[1]);
}

// Writing to the program's text or read-only data kills the process.
static void write_text_child(void) {
  *(volatile int *)page_crossing = 0;
}
static void write_rodata_child(void) {
  static const char msg[] = "constant";
  *(volatile char *)msg = 'C';
}
static void text_readonly(void) {
  CHECK(run_in_child(write_text_child) != 0, "writing to the text did not kill the process");
  CHECK(run_in_child(write_rodata_child) != 0, "writing to rodata did not kill the process");
}

// Touching the guard page, kernel memory or memory beyond the break kills the process.
static void touch_guard(void) {
  *(volatile char *)(stack_bottom() - 8) = 1;
}
static void touch_kernel(void) {
  *(volatile char *)KERNBASE = 1;
}
static void read_kernel(void) {
  (void)*(volatile char *)(KERNBASE + 0x1000);
}
static void touch_break(void) {
  *(volatile char *)(PGROUNDUP((uint64)sbrk(0)) + 8) = 1;
}
static void touch_trampoline(void) {
  (void)*(volatile char *)TRAMPOLINE;
}
static void jump_kernel(void) {
  ((void (*)(void))KERNBASE)();
}
static void bad_access(void) {
  void (*children[])(void) = {touch_guard, touch_kernel,     read_kernel,
                              touch_break, touch_trampoline, jump_kernel};
  for (int i = 0; i < sizeof(children) / sizeof(children[0]); i++)
    CHECK(run_in_child(children[i]) == -1, "bad access %d did not kill the process", i);
}

// Growing a little at a time; every new byte is usable.
static void sbrk_basic(void) {
  char *start = sbrk(0);
  for (int i = 0; i < 5000; i++) {
    char *p = sbrk(1);
    CHECK(p == start + i, "sbrk(1) returned %p, expected %p", p, start + i);
    *p = i;
  }
  CHECK(sbrk(0) == start + 5000, "sbrk(0) wrong after growing");
  CHECK(sbrk(-5000) == start + 5000, "sbrk(-5000) returned the wrong old break");
  CHECK(sbrk(0) == start, "shrinking did not move the break");
  // A child gets a copy of the heap.
  char *p = sbrk(PGSIZE);
  memset(p, 'h', PGSIZE);
  int pid = fork_checked();
  if (pid == 0) {
    for (int i = 0; i < PGSIZE; i++)
      if (p[i] != 'h')
        exit(1);
    exit(0);
  }
  CHECK(wait_pid(pid) == 0, "child's copy of the heap differs");
}

static void touch_freed(void) {
  char *p = sbrk(PGSIZE);
  p[0] = 1;
  sbrk(-PGSIZE);
  p[0] = 2; // this page is gone
}
static void sbrk_shrink(void) {
  CHECK(run_in_child(touch_freed) == -1, "touching freed memory did not kill the process");
  char *p = sbrk(10 * PGSIZE);
  memset(p, 1, 10 * PGSIZE);
  sbrk(-10 * PGSIZE);
  CHECK(make_file("shrunk", "x", 1) == 0, "create failed");
  int fd = open("shrunk", O_RDONLY);
  CHECK(read(fd, p + PGSIZE, 1) == -1, "read into freed memory did not fail");
  close(fd);
  unlink("shrunk");
  uint64 sz = (uint64)sbrk(0);
  // As in xv6: shrinking below zero leaves the heap as it is and returns the break.
  CHECK((uint64)sbrk(-(int)(sz + PGSIZE)) == sz, "shrinking below zero did not return the break");
  CHECK((uint64)sbrk(0) == sz, "shrinking below zero changed the break");
}

// Growing until memory runs out, then giving it all back, then again.
static void sbrk_much(void) {
  char *start = sbrk(0);
  int step = 1024 * 1024;
  int got = 0;
  for (;;) {
    char *p = sbrk(step);
    if (p == (char *)-1)
      break;
    p[0] = 1;
    p[step - 1] = 2;
    got++;
    CHECK(got < 4096, "sbrk never failed");
  }
  CHECK(got > 16, "only %d MB could be allocated", got);
  CHECK(sbrk(0) == start + (uint64)got * step, "break moved by a failed sbrk");
  sbrk(-(got * step));
  CHECK(sbrk(0) == start, "could not shrink back");
  // The memory came back: the same amount can be allocated again.
  for (int i = 0; i < got; i++) {
    char *p = sbrk(step);
    CHECK(p != (char *)-1, "memory not returned: failed after %d of %d MB", i, got);
  }
  sbrk(-(got * step));
  // The kernel must still work with memory exhausted and recovered.
  int pid = fork_checked();
  if (pid == 0)
    exit(0);
  CHECK(wait_pid(pid) == 0, "fork after sbrk_much failed");
}

// Huge requests fail cleanly instead of wrapping around or reaching the trampoline; a huge
// shrink does nothing (xv6's rule).
static void sbrk_huge(void) {
  char *start = sbrk(0);
  CHECK(sbrk(0x7fffffff) == (char *)-1, "sbrk of 2 GB did not fail");
  CHECK(sbrk(0) == start, "failed sbrk moved the break");
  CHECK(sbrk(-0x7fffffff) == start, "sbrk of -2 GB did not leave the break alone");
  CHECK(sbrk(0) == start, "sbrk of -2 GB moved the break");
}

// ---- lazy allocation (sbrklazy): pages appear when first touched ----

static struct vmstats my_vm(void) {
  struct vmstats v;
  CHECK(vmstats(getpid(), &v) == 0, "vmstats of my own pid failed");
  return v;
}

// 64 MB reserved costs nothing; each page touched is one lazy fault and one page.
static void lazy_basic(void) {
  int size = 64 * 1024 * 1024, touched = 0;
  struct vmstats before = my_vm();
  char *start = sbrklazy(size);
  CHECK(start != SBRK_ERROR, "sbrklazy of 64 MB failed");
  CHECK(sbrk(0) == start + size, "sbrklazy did not move the break");
  struct vmstats reserved = my_vm();
  CHECK(reserved.pages_allocated == before.pages_allocated, "sbrklazy allocated %d pages",
        (int)(reserved.pages_allocated - before.pages_allocated));
  for (int off = 0; off < size; off += 4 * 1024 * 1024, touched++) {
    CHECK(start[off + 5] == 0, "a new lazy page is not zeroed");
    start[off + 5] = off / 4096;
  }
  for (int off = 0; off < size; off += 4 * 1024 * 1024)
    CHECK(start[off + 5] == (char)(off / 4096), "a lazy page lost what was written to it");
  struct vmstats after = my_vm();
  CHECK(after.faults[VM_FAULT_LAZY] - reserved.faults[VM_FAULT_LAZY] == touched,
        "%d lazy faults for %d pages touched",
        (int)(after.faults[VM_FAULT_LAZY] - reserved.faults[VM_FAULT_LAZY]), touched);
  CHECK(after.pages_allocated - reserved.pages_allocated == touched,
        "%d pages allocated for %d touched",
        (int)(after.pages_allocated - reserved.pages_allocated), touched);
  CHECK(sbrk(-size) == start + size, "shrinking a lazy heap failed");
  CHECK(sbrk(0) == start, "shrinking a lazy heap did not move the break");
}

// fork copies the pages touched so far; the rest stay lazy in both.
static void lazy_fork(void) {
  char *p = sbrklazy(8 * PGSIZE);
  CHECK(p != SBRK_ERROR, "sbrklazy failed");
  p[0] = 'a';
  p[3 * PGSIZE] = 'b';
  int pid = fork_checked();
  if (pid == 0) {
    struct vmstats v0 = my_vm();
    if (p[0] != 'a' || p[3 * PGSIZE] != 'b' || p[5 * PGSIZE] != 0)
      exit(1);
    p[6 * PGSIZE] = 'c';
    struct vmstats v1 = my_vm();
    exit(v1.faults[VM_FAULT_LAZY] - v0.faults[VM_FAULT_LAZY] == 2 ? 0 : 2);
  }
  CHECK(wait_pid(pid) == 0, "the child's lazy heap is wrong");
  CHECK(p[6 * PGSIZE] == 0, "the child's write reached the parent");
  sbrk(-8 * PGSIZE);
}

// The kernel reads and writes untouched lazy pages for system calls as the user would.
static void lazy_syscalls(void) {
  char *p = sbrklazy(4 * PGSIZE);
  CHECK(p != SBRK_ERROR, "sbrklazy failed");
  int fds[2];
  int *fdp = (int *)(p + 2 * PGSIZE); // pipe() writes its descriptors into an untouched page
  CHECK(pipe(fdp) == 0, "pipe into an untouched lazy page failed");
  fds[0] = fdp[0];
  fds[1] = fdp[1];
  CHECK(write(fds[1], p + PGSIZE, 100) == 100, "write from an untouched lazy page failed");
  CHECK(read(fds[0], p + 3 * PGSIZE, 100) == 100, "read into an untouched lazy page failed");
  for (int i = 0; i < 100; i++)
    CHECK(p[3 * PGSIZE + i] == 0, "an untouched lazy page did not read as zeros");
  CHECK(write(fds[1], "x", 1) == 1, "write to a pipe failed");
  CHECK(read(fds[0], p + 4 * PGSIZE, 1) == -1, "read past the break did not fail");
  close(fds[0]);
  close(fds[1]);
  sbrk(-4 * PGSIZE);
}

static void exec_lazy_child(void) {
  char *p = sbrklazy(PGSIZE);
  ((void (*)(void))p)(); // heap pages are not executable
}
static void touch_lazy_past_break(void) {
  char *p = sbrklazy(PGSIZE);
  p[PGSIZE + 8] = 1;
}

// Bad requests fail, and bad touches kill only the process.
static void lazy_bad(void) {
  char *start = sbrk(0);
  CHECK(sys_sbrk(PGSIZE, 0) == SBRK_ERROR, "sys_sbrk with no mode did not fail");
  CHECK(sys_sbrk(PGSIZE, 3) == SBRK_ERROR, "sys_sbrk with an unknown mode did not fail");
  CHECK(sbrklazy(0x7fffffff) != SBRK_ERROR, "sbrklazy of 2 GB failed");
  CHECK(sbrk(-0x7fffffff) != SBRK_ERROR, "giving back 2 GB of lazy heap failed");
  for (int i = 0; i < 200; i++)
    if (sbrklazy(0x7fffffff) == SBRK_ERROR)
      break;
  CHECK(sbrklazy(0x7fffffff) == SBRK_ERROR, "sbrklazy never reached the trapframe");
  while ((uint64)sbrk(0) - (uint64)start > 0x7fffffff)
    CHECK(sbrk(-0x7fffffff) != SBRK_ERROR, "giving back lazy heap failed");
  sbrk(-(int)((uint64)sbrk(0) - (uint64)start));
  CHECK(sbrk(0) == start, "could not give the lazy heap back");
  CHECK(run_in_child(exec_lazy_child) == -1, "running code in a lazy page did not kill");
  CHECK(run_in_child(touch_lazy_past_break) == -1, "touching past a lazy break did not kill");
}

// Touching more lazy memory than the machine has kills that process, not the kernel, and
// every page comes back.
static void lazy_touch_all(void) {
  char *p = sbrklazy(1024 * 1024 * 1024);
  if (p == SBRK_ERROR)
    exit(2);
  for (uint64 off = 0;; off += PGSIZE)
    p[off] = 1;
}
static void lazy_oom(void) {
  int mb = 0;
  for (; mb < 4096; mb++)
    if (sbrk(1024 * 1024) == SBRK_ERROR)
      break;
  sbrk(-mb * 1024 * 1024);
  CHECK(run_in_child(lazy_touch_all) == -1, "running out of memory did not kill the process");
  for (int i = 0; i < mb; i++)
    CHECK(sbrk(1024 * 1024) != SBRK_ERROR, "memory lost: %d of %d MB came back", i, mb);
  sbrk(-mb * 1024 * 1024);
}

// pause is sleep's other name.
static void pause_ticks(void) {
  int start = uptime();
  CHECK(pause(2) == 0, "pause(2) failed");
  CHECK(uptime() - start >= 2, "pause(2) returned after %d ticks", uptime() - start);
}

// Allocating until malloc fails, freeing, and allocating again.
static void malloc_free(void) {
  void **list = 0;
  int count = 0;
  void *m;
  while ((m = malloc(10000)) != 0) {
    *(void **)m = list;
    list = m;
    count++;
  }
  CHECK(count > 100, "malloc failed after %d blocks", count);
  while (list) {
    void **next = *list;
    free(list);
    list = next;
  }
  m = malloc(1024 * 1024);
  CHECK(m != 0, "malloc of 1 MB failed after freeing everything");
  free(m);
}

// ---- swapping (rsslimit, pagepolicy): the base kernel's own tests, which hold whether pages
// really go to swap (the swap lab) or not; skipped without a swap disk ----

static void swap_bad_input(void) {
  CHECK(rsslimit(-1) == -1, "rsslimit(-1) did not fail");
  CHECK(rsslimit(1 << 30) == -1, "rsslimit of a huge number did not fail");
  CHECK(pagepolicy(-1) == -1, "pagepolicy(-1) did not fail");
  CHECK(pagepolicy(PAGE_POLICIES) == -1, "pagepolicy of an unknown policy did not fail");
  CHECK(pagepolicy(PAGE_CLOCK) == 0 && pagepolicy(PAGE_FIFO) == 0, "pagepolicy failed");
  CHECK(rsslimit(0) == 0, "rsslimit(0) (no limit) failed");
}

static uint64 swap_used(void) {
  struct vmstats v;
  CHECK(vmstats(0, &v) == 0, "vmstats failed");
  return v.swap_slots_used;
}

// Under a limit of 3 pages, 24 pages keep their contents through fork, a read into them from
// a pipe, a write from them to a pipe, wait's status, a shrink and exit; every slot comes back.
static void swap_limit_child(void) {
  int n = 24;
  char *h = sbrklazy((n + 1) * PGSIZE);
  CHECK(h != SBRK_ERROR, "sbrklazy failed");
  h = (char *)PGROUNDUP((uint64)h);
  CHECK(pagepolicy(PAGE_CLOCK) == 0 && rsslimit(3) == 0, "rsslimit(3) failed");
  for (int i = 0; i < n; i++)
    memset(h + i * PGSIZE, 'a' + i, PGSIZE);
  int fds[2];
  CHECK(pipe(fds) == 0, "pipe failed");
  CHECK(write(fds[1], h, 100) == 100, "write from a page under the limit failed");
  CHECK(read(fds[0], h + 5 * PGSIZE, 100) == 100, "read into a page under the limit failed");
  close(fds[0]);
  close(fds[1]);
  memset(h + 5 * PGSIZE, 'a' + 5, 100);
  // wait stores the status into a page that went to swap (offset 1000: not checked below).
  int *status_in_heap = (int *)(h + 2 * PGSIZE + 1000);
  int pid = fork();
  if (pid == 0)
    exit(7);
  CHECK(wait(status_in_heap) == pid && *status_in_heap == 7,
        "wait into a page under the limit failed");
  pid = fork();
  CHECK(pid >= 0, "fork failed");
  for (int i = 0; i < n; i++)
    for (int off = 0; off < PGSIZE; off += 512)
      CHECK(h[i * PGSIZE + off] == 'a' + i, "%s: page %d lost its contents",
            pid ? "parent" : "child", i);
  if (pid == 0)
    exit(0);
  int status;
  CHECK(wait(&status) == pid && status == 0, "the child failed");
  CHECK(sbrk(-(n / 2) * PGSIZE) != SBRK_ERROR, "shrink failed");
  for (int i = 0; i < n / 2; i++)
    CHECK(h[i * PGSIZE] == 'a' + i, "page %d lost its contents after the shrink", i);
}

static void swap_limit(void) {
  if (rsslimit(1) < 0)
    return; // no swap disk
  rsslimit(0);
  uint64 used = swap_used();
  CHECK(run_in_child(swap_limit_child) == 0, "swapping child failed");
  CHECK(swap_used() == used, "swap slots leaked: %d in use before, %d after", (int)used,
        (int)swap_used());
}

struct test mem_tests[] = {
    {"badbuf", bad_buffers, 0},      {"straddle", straddle, 0},
    {"badptr", bad_pointers, 0},     {"pagecross", page_crossing, 0},
    {"textwrite", text_readonly, 0}, {"badaccess", bad_access, 0},
    {"sbrkbasic", sbrk_basic, 0},    {"sbrkshrink", sbrk_shrink, 0},
    {"sbrkhuge", sbrk_huge, 0},      {"sbrkmuch", sbrk_much, 0},
    {"mallocfree", malloc_free, 0},  {"lazybasic", lazy_basic, 0},
    {"lazyfork", lazy_fork, 0},      {"lazysyscall", lazy_syscalls, 0},
    {"lazybad", lazy_bad, 0},        {"lazyoom", lazy_oom, 0},
    {"pause", pause_ticks, 0},       {"swapbad", swap_bad_input, 0},
    {"swaplimit", swap_limit, 0},    {0, 0, 0},
};
