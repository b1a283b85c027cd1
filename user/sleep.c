// SOLUTION FILE LAB util
// sleep: pause for the given number of clock ticks.
#include "kernel/types.h"
#include "user/user.h"

static int is_number(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

int main(int argc, char *argv[]) {
  if (argc != 2 || !is_number(argv[1])) {
    fprintf(2, "usage: sleep ticks\n");
    exit(1);
  }
  if (sleep(atoi(argv[1])) < 0) {
    fprintf(2, "sleep: interrupted\n");
    exit(1);
  }
  exit(0);
}
