// sysinfotest: checks the sysinfo system call (labs/syscall).
//   sysinfotest PAGES
// Prints what sysinfo reports around three events, for the grader to check:
//   freemem BEFORE GROWN SHRUNK   around sbrk(PAGES pages) and sbrk(-PAGES pages)
//   nproc BEFORE WITH_CHILD AFTER around fork() and wait()
//   badpointer RESULT             sysinfo() of an address the process does not own
// and "sysinfotest: done" at the end.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/sysinfo.h"
#include "user/user.h"

static struct sysinfo info(void) {
  struct sysinfo si;
  if (sysinfo(&si) < 0) {
    printf("sysinfotest: sysinfo failed\n");
    exit(1);
  }
  return si;
}

int main(int argc, char *argv[]) {
  int pages = argc == 2 ? atoi(argv[1]) : 0;
  if (pages <= 0 || pages > 4096) {
    fprintf(2, "usage: sysinfotest pages   (1 to 4096)\n");
    exit(1);
  }

  uint64 before = info().freemem;
  if (sbrk(pages * PGSIZE) == (char *)-1) {
    printf("sysinfotest: sbrk failed\n");
    exit(1);
  }
  uint64 grown = info().freemem;
  sbrk(-pages * PGSIZE);
  uint64 shrunk = info().freemem;
  printf("freemem %lu %lu %lu\n", before, grown, shrunk);

  int go[2];
  if (pipe(go) < 0) {
    printf("sysinfotest: pipe failed\n");
    exit(1);
  }
  uint64 nproc_before = info().nproc;
  int pid = fork();
  if (pid < 0) {
    printf("sysinfotest: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    char c;
    close(go[1]);
    read(go[0], &c, 1); // stay alive until the parent has counted
    exit(0);
  }
  close(go[0]);
  uint64 nproc_child = info().nproc;
  close(go[1]);
  wait(0);
  uint64 nproc_after = info().nproc;
  printf("nproc %lu %lu %lu\n", nproc_before, nproc_child, nproc_after);

  printf("badpointer %d\n", sysinfo((struct sysinfo *)0xeaeb0b5b00002f5eULL));
  printf("sysinfotest: done\n");
  exit(0);
}
