// SOLUTION FILE LAB util
// pingpong: the parent sends one byte to its child over a pipe, the child sends it back
// over a second pipe. Each side prints what it received, with its own pid.
#include "kernel/types.h"
#include "user/user.h"

int main(void) {
  int to_child[2], to_parent[2];
  if (pipe(to_child) < 0 || pipe(to_parent) < 0) {
    fprintf(2, "pingpong: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "pingpong: fork failed\n");
    exit(1);
  }
  char byte = 'p';
  if (pid == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    if (read(to_child[0], &byte, 1) != 1) {
      fprintf(2, "pingpong: child read failed\n");
      exit(1);
    }
    printf("%d: received ping\n", getpid());
    if (write(to_parent[1], &byte, 1) != 1) {
      fprintf(2, "pingpong: child write failed\n");
      exit(1);
    }
    exit(0);
  }
  close(to_child[0]);
  close(to_parent[1]);
  if (write(to_child[1], &byte, 1) != 1 || read(to_parent[0], &byte, 1) != 1) {
    fprintf(2, "pingpong: parent pipe failed\n");
    exit(1);
  }
  printf("%d: received pong\n", getpid());
  wait(0);
  exit(0);
}
