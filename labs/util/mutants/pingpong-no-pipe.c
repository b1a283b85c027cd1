// Mutant: a child, but no pipe: the parent waits for the child instead of a byte.
#include "kernel/types.h"
#include "user/user.h"

int main(void) {
  int pid = fork();
  if (pid == 0) {
    printf("%d: received ping\n", getpid());
    exit(0);
  }
  wait(0);
  printf("%d: received pong\n", getpid());
  exit(0);
}
