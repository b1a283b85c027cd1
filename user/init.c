// init: the first user program. Makes sure the console device exists, opens
// it as stdin, stdout and stderr, runs the shell (again whenever it exits),
// and reaps every orphan that the kernel gives it.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define CONSOLE_MAJOR 1 // the console's major device number (kernel/dev/devsw.h)

static char *sh_argv[] = {"sh", 0};

int main(void) {
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE_MAJOR, 0);
    if (open("console", O_RDWR) < 0)
      exit(1); // no console: nowhere to even report the problem
  }
  dup(0); // stdout
  dup(0); // stderr

  for (;;) {
    printf("init: starting sh\n");
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "init: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec("sh", sh_argv);
      fprintf(2, "init: exec sh failed\n");
      exit(1);
    }
    // Reap orphans until the shell itself exits, then start a new one.
    for (;;) {
      int done = wait(0);
      if (done == pid)
        break;
      if (done < 0) {
        fprintf(2, "init: wait returned an error\n");
        exit(1);
      }
    }
  }
}
