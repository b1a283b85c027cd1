// SOLUTION FILE LAB util
// primes: the concurrent prime sieve (after Doug McIlroy). A generator writes 2..limit into
// a pipe; each stage is a process that prints the first number it reads (a prime), then
// passes on only the numbers that prime does not divide to the next stage.
#include "kernel/types.h"
#include "user/user.h"

#define DEFAULT_LIMIT 35
#define MAX_LIMIT     150 // one process and one pipe per prime: stay inside NPROC and NFILE

// Read numbers from `in` until it closes; never returns.
static void stage(int in) __attribute__((noreturn));

static void stage(int in) {
  int prime;
  if (read(in, &prime, sizeof(prime)) != sizeof(prime)) {
    close(in);
    exit(0); // the generator sent nothing more: the sieve ends here
  }
  printf("prime %d\n", prime);

  int next[2];
  if (pipe(next) < 0) {
    fprintf(2, "primes: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "primes: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    close(in);
    close(next[1]);
    stage(next[0]);
  }
  close(next[0]);
  int n;
  while (read(in, &n, sizeof(n)) == sizeof(n)) {
    if (n % prime != 0 && write(next[1], &n, sizeof(n)) != sizeof(n)) {
      fprintf(2, "primes: write failed\n");
      exit(1);
    }
  }
  close(in);
  close(next[1]); // the next stage sees end of file and finishes
  wait(0);        // and this stage ends only after all later ones: output stays in order
  exit(0);
}

int main(int argc, char *argv[]) {
  int limit = DEFAULT_LIMIT;
  if (argc > 2 || (argc == 2 && (limit = atoi(argv[1])) < 2) || limit > MAX_LIMIT) {
    fprintf(2, "usage: primes [limit]   (2 <= limit <= %d, default %d)\n", MAX_LIMIT,
            DEFAULT_LIMIT);
    exit(1);
  }
  int first[2];
  if (pipe(first) < 0) {
    fprintf(2, "primes: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "primes: fork failed\n");
    exit(1);
  }
  if (pid == 0) {
    close(first[1]);
    stage(first[0]);
  }
  close(first[0]);
  for (int n = 2; n <= limit; n++) {
    if (write(first[1], &n, sizeof(n)) != sizeof(n)) {
      fprintf(2, "primes: write failed\n");
      exit(1);
    }
  }
  close(first[1]);
  wait(0);
  exit(0);
}
