// Reference program for the homework tests: one child writes a word, the other reads it.
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  int fds[2];
  if (argc != 2 || pipe(fds) < 0) {
    fprintf(2, "usage: forkpipe WORD\n");
    exit(1);
  }
  if (fork() == 0) {
    close(fds[0]);
    write(fds[1], argv[1], strlen(argv[1]));
    exit(0);
  }
  if (fork() == 0) {
    char buf[64];
    int n, got = 0;
    close(fds[1]);
    while (got < sizeof(buf) - 1 && (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
      got += n;
    buf[got] = 0;
    printf("got %s\n", buf);
    exit(0);
  }
  close(fds[0]);
  close(fds[1]);
  wait(0);
  wait(0);
  printf("done\n");
  exit(0);
}
