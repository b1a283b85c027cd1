// Reference program for the homework tests: the child and the parent each change their copy.
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(2, "usage: forkvar N\n");
    exit(1);
  }
  int x = atoi(argv[1]);
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "forkvar: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    x = x + 1;
    printf("child %d\n", x);
    exit(0);
  }
  wait(0);
  x = x - 1;
  printf("parent %d\n", x);
  exit(0);
}
