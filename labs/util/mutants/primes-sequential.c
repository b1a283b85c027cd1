// Mutant: trial division in one process; the output of the sieve without its processes.
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  int limit = argc > 1 ? atoi(argv[1]) : 35;
  for (int n = 2; n <= limit; n++) {
    int d = 2;
    while (d * d <= n && n % d != 0)
      d++;
    if (d * d > n)
      printf("prime %d\n", n);
  }
  exit(0);
}
