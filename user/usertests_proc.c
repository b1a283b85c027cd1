// usertests: processes, exec, pipes, kill, sleep, file descriptors and counters.
#include "user/usertests.h"
#include "kernel/elf.h"

// exit's status reaches wait, for many values and many children.
static void exit_wait(void) {
  int statuses[] = {0, 1, 2, 42, 127, 255, -1, -7};
  int n = sizeof(statuses) / sizeof(statuses[0]);
  int pids[8];
  for (int i = 0; i < n; i++) {
    pids[i] = fork_checked();
    if (pids[i] == 0)
      exit(statuses[i]);
  }
  for (int done = 0; done < n; done++) {
    int st, pid = wait(&st);
    int i = 0;
    while (i < n && pids[i] != pid)
      i++;
    CHECK(i < n, "wait returned a stranger %d", pid);
    CHECK(st == statuses[i], "exit(%d) came back as %d", statuses[i], st);
    pids[i] = 0;
  }
  CHECK(wait(0) == -1, "wait with no children did not fail");
  int pid = fork_checked();
  if (pid == 0)
    exit(3);
  CHECK(wait(0) == pid, "wait(0) did not return the child");
}

static void getpid_fork(void) {
  int me = getpid();
  CHECK(me > 0, "getpid returned %d", me);
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  int pid = fork_checked();
  if (pid == 0) {
    int child = getpid();
    write(p[1], &child, sizeof(child));
    exit(0);
  }
  int child;
  CHECK(read(p[0], &child, sizeof(child)) == sizeof(child), "pipe read failed");
  CHECK(child == pid && child != me, "child's getpid %d, fork said %d", child, pid);
  wait_pid(pid);
}

// Forking until the process table is full; everything recovers afterwards.
static void fork_full(void) {
  int n = 0;
  for (; n < NPROC + 10; n++) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      sleep(5);
      exit(0);
    }
  }
  CHECK(n < NPROC, "fork never failed (%d children)", n);
  CHECK(n > NPROC / 2, "fork failed after only %d children", n);
  for (int i = 0; i < n; i++)
    CHECK(wait(0) >= 0, "wait failed after %d of %d children", i, n);
  CHECK(wait(0) == -1, "an extra child");
  int pid = fork_checked();
  if (pid == 0)
    exit(0);
  wait_pid(pid);
}

// Children that exit before or after their own children; orphans go to init.
static void orphans(void) {
  for (int i = 0; i < 50; i++) {
    int pid = fork_checked();
    if (pid == 0) {
      int grandchild = fork();
      if (grandchild == 0) {
        if (i % 2)
          sleep(1);
        exit(0);
      }
      exit(0);
    }
    CHECK(wait_pid(pid) == 0, "child failed");
  }
}

static void spin(void) {
  for (;;)
    ;
}

// kill stops sleeping, running and pipe-blocked processes.
static void kill_test(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  int sleeper = fork_checked();
  if (sleeper == 0) {
    sleep(100000);
    exit(0);
  }
  int spinner = fork_checked();
  if (spinner == 0)
    spin();
  int reader = fork_checked();
  if (reader == 0) {
    char c;
    read(p[0], &c, 1);
    exit(0);
  }
  sleep(2);
  int t0 = uptime();
  CHECK(kill(sleeper) == 0 && kill(spinner) == 0 && kill(reader) == 0, "kill failed");
  for (int i = 0; i < 3; i++) {
    int st, pid = wait(&st);
    CHECK(pid == sleeper || pid == spinner || pid == reader, "wait returned %d", pid);
    CHECK(st == -1, "killed %s has status %d",
          pid == sleeper   ? "sleeper"
          : pid == spinner ? "spinner"
                           : "reader",
          st);
  }
  CHECK(uptime() - t0 < 5 * TICKS_PER_SECOND, "kill took too long");
  CHECK(kill(-1) == -1 && kill(0) == -1 && kill(1000000) == -1, "kill of a bad pid did not fail");
  CHECK(kill(sleeper) == -1, "kill of a reaped process did not fail");
}

// Several spinning processes all make progress (the timer preempts them).
static void preempt(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  int pids[3];
  for (int i = 0; i < 3; i++) {
    pids[i] = fork_checked();
    if (pids[i] == 0) {
      write(p[1], "x", 1);
      spin();
    }
  }
  close(p[1]);
  char buf[3];
  for (int got = 0; got < 3;) {
    int n = read(p[0], buf, 3 - got);
    CHECK(n > 0, "a spinning child never ran");
    got += n;
  }
  for (int i = 0; i < 3; i++)
    kill(pids[i]);
  for (int i = 0; i < 3; i++)
    CHECK(wait(0) > 0, "wait failed");
}

static void sleep_uptime(void) {
  int t0 = uptime();
  CHECK(t0 >= 0, "uptime negative");
  CHECK(sleep(3) == 0, "sleep failed");
  int t1 = uptime();
  CHECK(t1 - t0 >= 3, "sleep(3) slept %d ticks", t1 - t0);
  CHECK(sleep(0) == 0, "sleep(0) failed");
  // A negative sleep returns at once rather than sleeping forever.
  int pid = fork_checked();
  if (pid == 0) {
    sleep(-1);
    exit(0);
  }
  int watchdog = fork_checked();
  if (watchdog == 0) {
    sleep(5 * TICKS_PER_SECOND);
    exit(0);
  }
  CHECK(wait(0) == pid, "sleep(-1) did not return");
  kill(watchdog);
  wait(0);
}

// The counters move the way the kernel's activity says they should.
static void kstats_test(void) {
  struct kstats a, b;
  CHECK(kstats(&a) == 0, "kstats failed");
  sleep(2);
  for (int i = 0; i < 10; i++)
    getpid();
  sbrk(PGSIZE);
  sbrk(-PGSIZE); // unmapping a page needs a TLB flush
  CHECK(make_file("kstats", "counters", 8) == 0, "write failed");
  unlink("kstats");
  sync(); // with groupcommit=1 the two calls commit here at the latest
  CHECK(kstats(&b) == 0, "kstats failed");
  CHECK(b.context_switches > a.context_switches, "context switches did not increase");
  CHECK(b.syscalls >= a.syscalls + 10, "system calls did not increase");
  CHECK(b.ticks >= a.ticks + 2, "ticks did not increase");
  CHECK(b.interrupts > a.interrupts, "interrupts did not increase");
  CHECK(b.log_commits > a.log_commits, "log commits did not increase");
  CHECK(b.disk_writes > a.disk_writes, "disk writes did not increase");
  CHECK(b.tlb_flushes > a.tlb_flushes, "TLB flushes did not increase");
  CHECK(run_in_child((void (*)(void))0x3000000) != 0, "jump to unmapped memory survived");
  CHECK(kstats(&a) == 0 && a.page_faults > b.page_faults, "page faults did not increase");

  // Three blocks of file data: each is counted, and reaches the disk through the log (data
  // journaling) or in place (ordered mode).
  static char three[3 * BSIZE];
  memset(three, 'k', sizeof(three));
  CHECK(kstats(&a) == 0 && make_file("kstats", three, sizeof(three)) == 0, "write failed");
  CHECK(kstats(&b) == 0, "kstats failed");
  unlink("kstats");
  CHECK(b.file_blocks >= a.file_blocks + 3, "file blocks did not count the 3 written");
  CHECK(b.disk_flushes > a.disk_flushes, "the commits sent no flush");
  CHECK(b.log_blocks > a.log_blocks, "the commits logged nothing");
  CHECK(b.inplace_blocks >= a.inplace_blocks + 3 || b.log_blocks >= a.log_blocks + 3,
        "3 data blocks went neither through the log nor in place");
}

static void pipe_basic(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe gave fds %d %d", p[0], p[1]);
  int pid = fork_checked();
  if (pid == 0) {
    close(p[0]);
    char buf[1033];
    for (int i = 0, seq = 0; i < 5; i++) {
      for (int j = 0; j < sizeof(buf); j++)
        buf[j] = seq++;
      if (write(p[1], buf, sizeof(buf)) != sizeof(buf))
        exit(1);
    }
    exit(0);
  }
  close(p[1]);
  char buf[300];
  int total = 0, seq = 0, n;
  while ((n = read(p[0], buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; i++)
      CHECK(buf[i] == (char)seq++, "pipe data out of order at %d", total + i);
    total += n;
  }
  CHECK(n == 0, "read at end of pipe returned %d", n);
  CHECK(total == 5 * 1033, "got %d bytes", total);
  CHECK(wait_pid(pid) == 0, "writer failed");
  close(p[0]);

  // Writing to a pipe nobody reads fails instead of blocking or killing.
  CHECK(pipe(p) == 0, "pipe failed");
  close(p[0]);
  CHECK(write(p[1], "x", 1) == -1, "write to a pipe without readers did not fail");
  close(p[1]);
  // Each end is one-way.
  CHECK(pipe(p) == 0, "pipe failed");
  CHECK(write(p[0], "x", 1) == -1, "write to a read end did not fail");
  CHECK(read(p[1], buf, 1) == -1, "read from a write end did not fail");
  close(p[0]);
  close(p[1]);
}

// Many writers and readers on one pipe; every byte arrives once.
static void pipe_stress(void) {
  enum { WRITERS = 4, PER_WRITER = 20000 };
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  for (int w = 0; w < WRITERS; w++) {
    if (fork_checked() == 0) {
      close(p[0]);
      char buf[97];
      memset(buf, 'a' + w, sizeof(buf));
      for (int sent = 0; sent < PER_WRITER;) {
        int n = PER_WRITER - sent < sizeof(buf) ? PER_WRITER - sent : sizeof(buf);
        if (write(p[1], buf, n) != n)
          exit(1);
        sent += n;
      }
      exit(0);
    }
  }
  close(p[1]);
  int counts[WRITERS] = {0};
  char buf[512];
  int n;
  while ((n = read(p[0], buf, sizeof(buf))) > 0)
    for (int i = 0; i < n; i++) {
      CHECK(buf[i] >= 'a' && buf[i] < 'a' + WRITERS, "stray byte %d", buf[i]);
      counts[buf[i] - 'a']++;
    }
  for (int w = 0; w < WRITERS; w++) {
    CHECK(counts[w] == PER_WRITER, "writer %d: %d bytes arrived", w, counts[w]);
    CHECK(wait(0) > 0, "wait failed");
  }
}

// File descriptors: bad numbers, closed ones, dup, and the table filling up.
static void fd_test(void) {
  char c;
  int bad[] = {-1, -100, NOFILE, NOFILE + 1, 1000000};
  for (int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    int fd = bad[i];
    struct stat st;
    CHECK(read(fd, &c, 1) == -1 && write(fd, "x", 1) == -1, "fd %d usable", fd);
    CHECK(close(fd) == -1 && dup(fd) == -1 && fstat(fd, &st) == -1, "fd %d usable", fd);
  }
  CHECK(make_file("fdfile", "hello", 5) == 0, "create failed");
  int fd = open("fdfile", O_RDONLY);
  CHECK(fd >= 3, "open returned %d", fd);
  CHECK(write(fd, "x", 1) == -1, "write to a read-only fd did not fail");
  int fd2 = dup(fd);
  CHECK(fd2 == fd + 1, "dup did not return the lowest free fd");
  CHECK(read(fd, &c, 1) == 1 && c == 'h', "read failed");
  CHECK(read(fd2, &c, 1) == 1 && c == 'e', "dup does not share the offset");
  CHECK(close(fd) == 0 && close(fd) == -1, "close twice did not fail");
  CHECK(read(fd, &c, 1) == -1, "read of a closed fd did not fail");
  CHECK(read(fd2, &c, 1) == 1 && c == 'l', "dup'd fd broke after closing the original");
  close(fd2);
  fd = open("fdfile", O_WRONLY);
  CHECK(read(fd, &c, 1) == -1, "read from a write-only fd did not fail");
  close(fd);

  int fds[NOFILE], n = 0;
  while (n < NOFILE && (fds[n] = open("fdfile", O_RDONLY)) >= 0)
    n++;
  CHECK(n == NOFILE - 3, "could open %d files, expected %d", n, NOFILE - 3);
  CHECK(dup(0) == -1, "dup with a full table did not fail");
  int p[2];
  CHECK(pipe(p) == -1, "pipe with a full table did not fail");
  close(fds[0]);
  CHECK(pipe(p) == -1, "pipe with one free slot did not fail");
  CHECK(dup(0) == fds[0], "dup did not reuse the free slot");
  for (int i = 0; i < n; i++)
    close(fds[i]);
  unlink("fdfile");
}

// exec of files that are not valid programs returns -1 and the caller goes on.
static char image[16 * 1024];

static int exec_image(int len) {
  if (make_file("badexec", image, len) != 0)
    return -2;
  char *argv[] = {"badexec", 0};
  return exec("badexec", argv);
}

static void exec_bad(void) {
  char *argv[] = {"nothing", 0};
  CHECK(exec("/no-such-program", argv) == -1, "exec of a missing file did not fail");
  CHECK(exec("/", argv) == -1, "exec of a directory did not fail");
  CHECK(exec("/README.md", argv) == -1, "exec of a text file did not fail");
  CHECK(exec("/console", argv) == -1, "exec of a device did not fail");

  int size = read_file("/nop", image, sizeof(image));
  CHECK(size > (int)sizeof(struct elfhdr), "cannot read /nop (%d bytes)", size);
  CHECK(exec_image(0) == -1, "exec of an empty file did not fail");
  CHECK(exec_image(sizeof(struct elfhdr) - 1) == -1, "exec of a cut ELF header did not fail");
  CHECK(exec_image(sizeof(struct elfhdr) + 8) == -1, "exec of cut program headers did not fail");
  CHECK(exec_image(size / 2) == -1, "exec of half a program did not fail");

  struct elfhdr *eh = (struct elfhdr *)image;
  struct proghdr *ph = (struct proghdr *)(image + eh->phoff);
  struct proghdr saved = *ph;
  image[0] = 0; // bad magic
  CHECK(exec_image(size) == -1, "exec with a bad magic did not fail");
  read_file("/nop", image, sizeof(image));
  eh->phoff = size + 100;
  CHECK(exec_image(size) == -1, "exec with program headers past the end did not fail");
  read_file("/nop", image, sizeof(image));
  ph->vaddr = 0xfffffffffffff000UL;
  ph->memsz = 0x2000;
  CHECK(exec_image(size) == -1, "exec of a wrapping segment did not fail");
  *ph = saved;
  ph->filesz = ph->memsz + 1;
  CHECK(exec_image(size) == -1, "exec with filesz > memsz did not fail");
  *ph = saved;
  ph->off = size + PGSIZE;
  CHECK(exec_image(size) == -1, "exec of a segment outside the file did not fail");
  *ph = saved;
  ph->vaddr = MAXVA;
  CHECK(exec_image(size) == -1, "exec of a segment above MAXVA did not fail");
  *ph = saved;
  ph->vaddr = TRAPFRAME;
  CHECK(exec_image(size) == -1, "exec of a segment over the trapframe did not fail");
  *ph = saved;
  ph->memsz = 0x100000000UL;
  CHECK(exec_image(size) == -1, "exec of a 4 GB segment did not fail");
  *ph = saved;
  if (eh->phnum >= 2) { // two segments at the same address
    ph[1].vaddr = ph[0].vaddr;
    CHECK(exec_image(size) == -1, "exec of overlapping segments did not fail");
  }
  unlink("badexec");
  // After all that the process still runs and exec still works.
  CHECK(make_file("after", "ok", 2) == 0, "process broken after bad execs");
  unlink("after");
  int pid = fork_checked();
  if (pid == 0) {
    char *nop[] = {"nop", 0};
    exec("/nop", nop);
    exit(9);
  }
  CHECK(wait_pid(pid) == 0, "exec of /nop failed");
}

// Arguments arrive intact, up to MAXARG of them; more are refused.
static void exec_args(void) {
  static char strings[MAXARG][60];
  char *argv[MAXARG + 2];
  for (int i = 0; i < MAXARG + 1; i++) {
    if (i < MAXARG) {
      memset(strings[i], 'a' + i % 26, sizeof(strings[i]) - 1);
      strings[i][sizeof(strings[i]) - 1] = '\0';
    }
    argv[i] = strings[i % MAXARG];
  }
  argv[0] = "echo";
  argv[MAXARG - 1] = 0; // the most allowed: MAXARG - 1 arguments and a null
  int p[2];
  CHECK(pipe(p) == 0, "pipe failed");
  int pid = fork_checked();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    exec("/echo", argv);
    exit(5);
  }
  close(p[1]);
  static char out[MAXARG * 64];
  int total = 0, n;
  while ((n = read(p[0], out + total, sizeof(out) - total)) > 0)
    total += n;
  close(p[0]);
  CHECK(wait_pid(pid) == 0, "echo with many arguments failed");
  int expect = (MAXARG - 2) * 60; // MAXARG-2 words of 59 bytes plus a separator each
  CHECK(total == expect, "echo printed %d bytes, expected %d", total, expect);
  CHECK(out[0] == 'b' && out[60] == 'c', "arguments arrived in the wrong order");

  for (int i = 0; i < MAXARG + 1; i++)
    argv[i] = strings[i % MAXARG];
  argv[MAXARG + 1] = 0;
  CHECK(exec("/echo", argv) == -1, "exec with more than MAXARG arguments did not fail");
}

// Slow: three processes fork and reap as fast as they can.
// Processes give every page back: forks, execs and exits leave as many pages free as before.
static uint64 pages_free(void) {
  struct vmstats v;
  CHECK(vmstats(0, &v) == 0, "vmstats(0) failed");
  return v.pages_free;
}

static void no_leak(void) {
  char *nop[] = {"nop", 0};
  for (int round = 0; round < 2; round++) { // the first settles this process's own pages
    uint64 before = pages_free();
    for (int i = 0; i < 10; i++) {
      int pid = fork_checked();
      if (pid == 0) {
        if (i % 2)
          exec("nop", nop);
        exit(0);
      }
      CHECK(wait_pid(pid) == 0, "a child failed");
    }
    uint64 after = pages_free();
    CHECK(round == 0 || after == before,
          "10 processes came and went: %d pages free before, %d after", (int)before, (int)after);
  }
}

static void fork_storm(void) {
  for (int p = 0; p < 3; p++) {
    if (fork_checked() == 0) {
      for (int i = 0; i < 500; i++) {
        int pid = fork();
        if (pid == 0)
          exit(i & 1);
        if (pid > 0 && wait(0) != pid)
          FAIL("wait did not return the child");
      }
      exit(0);
    }
  }
  for (int p = 0; p < 3; p++) {
    int st;
    CHECK(wait(&st) > 0 && st == 0, "a forking process failed");
  }
}

// Slow: a process with a large heap forks many times; each child sees the heap.
static void fork_big(void) {
  int size = 16 * 1024 * 1024;
  char *heap = sbrk(size);
  CHECK(heap != (char *)-1, "sbrk of 16 MB failed");
  for (int off = 0; off < size; off += PGSIZE)
    heap[off] = off / PGSIZE;
  for (int i = 0; i < 30; i++) {
    int pid = fork_checked();
    if (pid == 0) {
      for (int off = 0; off < size; off += 97 * PGSIZE)
        if (heap[off] != (char)(off / PGSIZE))
          exit(1);
      exit(0);
    }
    CHECK(wait_pid(pid) == 0, "child %d saw a wrong heap", i);
  }
}

struct test proc_tests[] = {
    {"exitwait", exit_wait, 0},
    {"getpid", getpid_fork, 0},
    {"forkfull", fork_full, 0},
    {"orphans", orphans, 0},
    {"kill", kill_test, 0},
    {"preempt", preempt, 0},
    {"sleep", sleep_uptime, 0},
    {"kstats", kstats_test, 0},
    {"pipe", pipe_basic, 0},
    {"pipestress", pipe_stress, 0},
    {"fd", fd_test, 0},
    {"execbad", exec_bad, 0},
    {"execargs", exec_args, 0},
    {"forkstorm", fork_storm, 1},
    {"forkbig", fork_big, 1},
    {"noleak", no_leak, 0},
    {0, 0, 0},
};
