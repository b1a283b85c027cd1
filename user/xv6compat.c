// Written the way xv6's own programs and usertests are (its printf idioms, README in the
// root, the classic system calls), so that compatibility with them cannot quietly break.
// Prints "test NAME: OK" or "test NAME: FAILED" per test, then a verdict.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "user/user.h"

char buf[512];

// xv6 passes uint64 values to %p and %x and prints sizes with a bare %l.
int printf_idioms(void) {
  int fds[2];
  uint64 addr = 0x80001234;
  uint64 big = 5000000000;
  char want[] = "-7 5000000000 0x0000000080001234 ff readme X %";
  if (pipe(fds) < 0)
    return 0;
  fprintf(fds[1], "%d %l %p %x %s %c %%", -7, big, addr, 255, "readme", 'X');
  close(fds[1]);
  int n = read(fds[0], buf, sizeof(buf) - 1);
  close(fds[0]);
  if (n < 0)
    return 0;
  buf[n] = 0;
  if (strcmp(buf, want) != 0) {
    printf("printed \"%s\", want \"%s\"\n", buf, want);
    return 0;
  }
  return 1;
}

// xv6's usertests reads README from the root directory.
int readme(void) {
  struct stat st;
  int fd = open("README", O_RDONLY);
  if (fd < 0) {
    printf("cannot open README\n");
    return 0;
  }
  int n = read(fd, buf, sizeof(buf));
  if (fstat(fd, &st) < 0 || st.type != T_FILE || n <= 0 || st.size < n) {
    printf("README: read %d, size %l\n", n, st.size);
    close(fd);
    return 0;
  }
  close(fd);
  return 1;
}

int forkexecwait(void) {
  char *argv[] = {"echo", "from", "exec", 0};
  int pid = fork();
  if (pid < 0)
    return 0;
  if (pid == 0) {
    close(1);
    open("xv6compat.out", O_CREATE | O_WRONLY | O_TRUNC);
    exec("echo", argv);
    exit(99);
  }
  int xstatus;
  if (wait(&xstatus) != pid || xstatus != 0)
    return 0;
  int fd = open("xv6compat.out", O_RDONLY);
  int n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  unlink("xv6compat.out");
  buf[n < 0 ? 0 : n] = 0;
  return strcmp(buf, "from exec\n") == 0;
}

int exitstatus(void) {
  int pid = fork();
  if (pid == 0)
    exit(7);
  int xstatus = -1;
  return wait(&xstatus) == pid && xstatus == 7 && wait(0) == -1;
}

int memory(void) {
  char *a = sbrk(0);
  char *b = sbrk(3 * PGSIZE);
  if (b != a)
    return 0;
  for (char *p = b; p < b + 3 * PGSIZE; p += PGSIZE)
    *p = 'x';
  if (sbrk(-3 * PGSIZE) != a + 3 * PGSIZE || sbrk(0) != a)
    return 0;
  char *m = malloc(10000);
  if (m == 0)
    return 0;
  memset(m, 'm', 10000);
  free(m);
  return 1;
}

int files(void) {
  struct stat st;
  if (mkdir("xv6dir") < 0 || chdir("xv6dir") < 0)
    return 0;
  int fd = open("f", O_CREATE | O_RDWR);
  if (fd < 0 || write(fd, "hello", 5) != 5)
    return 0;
  int fd2 = dup(fd);
  if (write(fd2, "!", 1) != 1 || fstat(fd, &st) < 0 || st.size != 6)
    return 0;
  close(fd);
  close(fd2);
  if (link("f", "g") < 0 || stat("g", &st) < 0 || st.nlink != 2)
    return 0;
  if (unlink("f") < 0 || open("f", O_RDONLY) >= 0)
    return 0;
  fd = open("g", O_RDONLY);
  if (read(fd, buf, 6) != 6 || memcmp(buf, "hello!", 6) != 0)
    return 0;
  close(fd);
  if (unlink("g") < 0 || chdir("..") < 0 || unlink("xv6dir") < 0)
    return 0;
  return 1;
}

int pipes(void) {
  int fds[2];
  if (pipe(fds) < 0)
    return 0;
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    for (int i = 0; i < 100; i++)
      write(fds[1], "0123456789", 10);
    exit(0);
  }
  close(fds[1]);
  int total = 0, n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0)
    total += n;
  close(fds[0]);
  wait(0);
  return total == 1000;
}

int processes(void) {
  int t0 = uptime();
  if (sleep(2) < 0 || uptime() < t0 + 2)
    return 0;
  int pid = fork();
  if (pid == 0) {
    for (;;)
      sleep(1);
  }
  if (pid < 0 || kill(pid) < 0)
    return 0;
  int xstatus;
  return wait(&xstatus) == pid && getpid() > 0;
}

struct test {
  int (*f)(void);
  char *s;
} tests[] = {
    {printf_idioms, "printf_idioms"},
    {readme, "readme"},
    {forkexecwait, "forkexecwait"},
    {exitstatus, "exitstatus"},
    {memory, "memory"},
    {files, "files"},
    {pipes, "pipes"},
    {processes, "processes"},
    {0, 0},
};

int main(int argc, char *argv[]) {
  int failed = 0;
  for (struct test *t = tests; t->s != 0; t++) {
    int ok = t->f();
    printf("test %s: %s\n", t->s, ok ? "OK" : "FAILED");
    if (!ok)
      failed++;
  }
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failed ? 1 : 0);
}
