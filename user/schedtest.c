// schedtest: measures how a scheduling policy shares the cpu among CPU-bound processes
// (labs/sched).
//   schedtest POLICY TICKS [TICKETS ...]
// Switches to POLICY ("-": keep the current one), starts one spinning child per TICKETS
// value (default: 1 2 3), lets them run for TICKS timer ticks, and prints for each child
// what getpinfo says of it (tickets, stride, the ticks it ran in that time) and its share
// of the children's ticks. Switches back to round robin at the end. Run it on a single hart:
// with more, children run side by side and the shares say little.
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/pstat.h"
#include "user/user.h"

#define MAX_CHILDREN   8
#define WARMUP_TICKS   3
#define PARENT_TICKETS 1000 // the parent wakes up on time to take its measurements

static struct pstat snapshot;

// The slot of process pid in the last snapshot, or -1 if it is not there.
static int slot_of(int pid) {
  for (int i = 0; i < NPROC; i++)
    if (snapshot.inuse[i] && snapshot.pid[i] == pid)
      return i;
  return -1;
}

static long ticks_of(int pid) {
  int slot = slot_of(pid);
  return slot < 0 ? -1 : snapshot.ticks[slot];
}

static void take_snapshot(void) {
  if (getpinfo(&snapshot) < 0) {
    printf("schedtest: getpinfo failed\n");
    exit(1);
  }
}

int main(int argc, char *argv[]) {
  int tickets[MAX_CHILDREN] = {1, 2, 3};
  int children = 3;
  int ticks = argc >= 3 ? atoi(argv[2]) : 0;
  if (argc < 3 || ticks <= 0 || argc - 3 > MAX_CHILDREN) {
    fprintf(2, "usage: schedtest policy ticks [tickets ...]\n");
    exit(1);
  }
  if (argc > 3) {
    children = argc - 3;
    for (int i = 0; i < children; i++)
      tickets[i] = atoi(argv[3 + i]);
  }
  if (strcmp(argv[1], "-") != 0 && setsched(argv[1]) < 0) {
    printf("schedtest: no scheduling policy %s\n", argv[1]);
    exit(1);
  }
  if (settickets(PARENT_TICKETS) < 0) {
    printf("schedtest: settickets(%d) failed\n", PARENT_TICKETS);
    exit(1);
  }

  int go[2];
  if (pipe(go) < 0) {
    printf("schedtest: pipe failed\n");
    exit(1);
  }
  int pids[MAX_CHILDREN];
  for (int i = 0; i < children; i++) {
    pids[i] = fork();
    if (pids[i] < 0) {
      printf("schedtest: fork failed\n");
      exit(1);
    }
    if (pids[i] == 0) {
      close(go[1]);
      if (settickets(tickets[i]) < 0) {
        printf("schedtest: settickets(%d) failed\n", tickets[i]);
        exit(1);
      }
      char c;
      read(go[0], &c, 1); // all children start spinning at once
      volatile uint64 spins = 0;
      for (;;)
        spins++;
    }
  }
  close(go[0]);
  close(go[1]);

  sleep(WARMUP_TICKS);
  take_snapshot();
  long start[MAX_CHILDREN];
  for (int i = 0; i < children; i++)
    start[i] = ticks_of(pids[i]);
  sleep(ticks);
  take_snapshot();
  long ran[MAX_CHILDREN], total = 0;
  for (int i = 0; i < children; i++) {
    long now = ticks_of(pids[i]);
    ran[i] = start[i] < 0 || now < 0 ? -1 : now - start[i];
    total += ran[i] > 0 ? ran[i] : 0;
  }
  for (int i = 0; i < children; i++)
    kill(pids[i]);
  for (int i = 0; i < children; i++)
    wait(0);
  setsched("rr");

  printf("schedtest: policy %s, %d children, %d ticks\n", argv[1], children, ticks);
  for (int i = 0; i < children; i++) {
    long permille = total > 0 && ran[i] > 0 ? ran[i] * 1000 / total : 0;
    int slot = slot_of(pids[i]);
    printf("child %d: pid %d tickets %d stride %lu ticks %ld share %ld.%ld%%\n", i + 1, pids[i],
           slot < 0 ? -1 : snapshot.tickets[slot], slot < 0 ? 0 : snapshot.stride[slot], ran[i],
           permille / 10, permille % 10);
  }
  printf("schedtest: done\n");
  exit(0);
}
