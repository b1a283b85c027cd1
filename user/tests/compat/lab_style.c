// A lab test in xv6's style: every system call and the constants lab tests use.
#include "kernel/param.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/riscv.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/syscall.h"
#include "kernel/memlayout.h"
#include "user/user.h"

char buf[BSIZE];
int syscalls[] = {SYS_fork,  SYS_exit,  SYS_wait,  SYS_pipe,   SYS_read, SYS_kill,  SYS_exec,
                  SYS_fstat, SYS_chdir, SYS_dup,   SYS_getpid, SYS_sbrk, SYS_sleep, SYS_uptime,
                  SYS_open,  SYS_write, SYS_mknod, SYS_unlink, SYS_link, SYS_mkdir, SYS_close};

void check_addresses(void) {
  uint64 addrs[] = {0, KERNBASE, PHYSTOP, TRAMPOLINE, MAXVA, 0xffffffffffffffff};
  for (int i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
    int fd = open("README", O_RDONLY);
    if (read(fd, (void *)addrs[i], PGSIZE) > 0)
      printf("read into %p worked\n", (void *)addrs[i]);
    close(fd);
  }
}

void check_procs(void) {
  int pids[NPROC], n, xstatus, fds[2];
  char *args[MAXARG];

  for (n = 0; n < NPROC; n++) {
    pids[n] = fork();
    if (pids[n] < 0)
      break;
    if (pids[n] == 0) {
      sleep(1);
      exit(n % 3);
    }
  }
  while (n-- > 0) {
    if (wait(&xstatus) < 0) {
      printf("wait failed\n");
      exit(1);
    }
  }
  if (pipe(fds) != 0) {
    fprintf(2, "pipe failed\n");
    exit(1);
  }
  write(fds[1], "x", 1);
  read(fds[0], buf, 1);
  close(fds[0]);
  close(dup(fds[1]));
  close(fds[1]);
  kill(getpid() + 1000);
  args[0] = "echo";
  args[1] = 0;
  if (fork() == 0) {
    exec("echo", args);
    exit(-1);
  }
  wait(0);
}

void check_files(void) {
  char path[MAXPATH];
  struct stat st;
  int fd;
  uint u = 7;
  long l = -8;
  unsigned long ul = 9;

  strcpy(path, "compatdir");
  mkdir(path);
  chdir(path);
  fd = open("f", O_CREATE | O_RDWR | O_TRUNC);
  write(fd, buf, MAXOPBLOCKS);
  fstat(fd, &st);
  if (st.type != T_FILE || st.size != MAXOPBLOCKS || st.nlink != 1)
    printf("bad stat %d %d %ld\n", st.type, st.nlink, st.size);
  close(fd);
  link("f", "g");
  unlink("f");
  unlink("g");
  mknod("dev", 1, 1);
  unlink("dev");
  chdir("..");
  unlink(path);
  if (MAXFILE * BSIZE < NOFILE || strcmp(path, "compatdir") != 0 || atoi("12") != 12)
    printf("odd\n");
  printf("%d %u %x %ld %lu %lx %p %s %c %% %lld %llu %llx\n", -1, u, u, l, ul, ul, path, path, 'c',
         (long long)l, (unsigned long long)ul, (unsigned long long)ul);
  if (memcmp(path, "compat", 6) != 0 || strchr(path, 'd') == 0 || strlen(path) != 9)
    printf("string functions broken\n");
  memcpy(buf, path, 3);
  memset(buf, 0, sizeof(buf));
  gets(buf, sizeof(buf));
  stat(".", &st);
  if (st.type != T_DIR || T_DEVICE == T_DIR)
    printf("bad dir\n");
}

int main(int argc, char *argv[]) {
  char *p = sbrk(PGSIZE);
  char *q = malloc(100);
  int t0 = uptime();

  if (p == (char *)-1 || q == 0)
    exit(1);
  free(q);
  sbrk(-PGSIZE);
  check_addresses();
  check_procs();
  check_files();
  printf("took %d ticks, %d syscalls, dirent %d\n", uptime() - t0,
         (int)(sizeof(syscalls) / sizeof(syscalls[0])), (int)sizeof(struct dirent));
  exit(0);
}
