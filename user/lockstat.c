// lockstat: the kernel's spinlock statistics, most contended first (kernel/lockstat.h).
//   lockstat            the 10 locks with the most spins since boot (or the last reset)
//   lockstat -a         every lock name
//   lockstat -r         set the counters back to zero
//   lockstat CMD ...    reset, run CMD, then show what it and everything else did meanwhile
// Counters are per lock name: the 64 locks called "proc" are one line, whose "locks" column
// says how many of them were taken.
#include "kernel/types.h"
#include "kernel/lockstat.h"
#include "user/user.h"

static struct lockstat st[NLOCKSTAT];

static void show(int all) {
  int n = lockstat(st, NLOCKSTAT);
  if (n < 0) {
    fprintf(2, "lockstat: cannot read the counters\n");
    exit(1);
  }
  if (n > NLOCKSTAT)
    n = NLOCKSTAT;
  // Insertion sort by spins, then acquisitions: a few dozen entries.
  for (int i = 1; i < n; i++) {
    struct lockstat e = st[i];
    int j = i;
    for (; j > 0 && (st[j - 1].spins < e.spins ||
                     (st[j - 1].spins == e.spins && st[j - 1].acquires < e.acquires));
         j--)
      st[j] = st[j - 1];
    st[j] = e;
  }
  printf("%-16s %6s %10s %9s %9s %13s\n", "lock", "locks", "acquires", "handoffs", "waits",
         "spins");
  for (int i = 0; i < n && (all || i < 10); i++)
    printf("%-16s %6lu %10lu %9lu %9lu %13lu\n", st[i].name, st[i].locks, st[i].acquires,
           st[i].handoffs, st[i].contended, st[i].spins);
}

int main(int argc, char *argv[]) {
  if (argc == 1) {
    show(0);
  } else if (strcmp(argv[1], "-a") == 0 && argc == 2) {
    show(1);
  } else if (strcmp(argv[1], "-r") == 0 && argc == 2) {
    lockstat(0, 0);
  } else if (argv[1][0] == '-') {
    fprintf(2, "usage: lockstat [-a | -r | command [args ...]]\n");
    exit(1);
  } else {
    lockstat(0, 0);
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "lockstat: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec(argv[1], argv + 1);
      fprintf(2, "lockstat: cannot run %s\n", argv[1]);
      exit(1);
    }
    wait(0);
    show(0);
  }
  exit(0);
}
