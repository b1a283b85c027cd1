// tlbtest: what switching address spaces costs the TLB. Two processes hand a byte back and
// forth through pipes, so every round trip switches address spaces twice; tlbtest counts the
// context switches and the TLB flushes (by cause) meanwhile. With an address-space id (ASID)
// each, a switch needs no flush. Boot with too few ASIDs (make qemu BOOTARGS=asids=2: one
// to share) and every switch to the other process flushes again ("reuse").
//   tlbtest [round-trips]     (default 500)
#include "kernel/types.h"
#include "kernel/kstats.h"
#include "kernel/vmstat.h"
#include "user/user.h"

static const char *flush_names[VM_FLUSH_CAUSES] = {"switch", "reuse", "munmap", "cow",
                                                   "shrink", "exec",  "other"};

static void ping_pong(int rounds) {
  int there[2], back[2];
  if (pipe(there) < 0 || pipe(back) < 0) {
    fprintf(2, "tlbtest: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "tlbtest: fork failed\n");
    exit(1);
  }
  char byte = 0;
  if (pid == 0) {
    for (int i = 0; i < rounds; i++)
      if (read(there[0], &byte, 1) != 1 || write(back[1], &byte, 1) != 1)
        exit(1);
    exit(0);
  }
  for (int i = 0; i < rounds; i++)
    if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) {
      fprintf(2, "tlbtest: the other process went away\n");
      exit(1);
    }
  wait(0);
  close(there[0]);
  close(there[1]);
  close(back[0]);
  close(back[1]);
}

int main(int argc, char *argv[]) {
  int rounds = argc > 1 ? atoi(argv[1]) : 500;
  if (argc > 2 || rounds <= 0) {
    fprintf(2, "usage: tlbtest [round-trips]\n");
    exit(1);
  }
  struct kstats k0, k1;
  struct vmstats v0, v1;
  if (kstats(&k0) < 0 || vmstats(0, &v0) < 0) {
    fprintf(2, "tlbtest: cannot read the kernel's counters\n");
    exit(1);
  }
  ping_pong(rounds);
  kstats(&k1);
  vmstats(0, &v1);

  uint64 switches = k1.context_switches - k0.context_switches, switching = 0;
  printf("tlbtest: %d round trips between two processes: %lu context switches\n", rounds, switches);
  printf("tlbtest: ASIDs: ");
  if (v1.asids)
    printf("%lu to hand out\n", v1.asids);
  else
    printf("none\n");
  printf("tlbtest: TLB flushes:");
  for (int i = 0; i < VM_FLUSH_CAUSES; i++) {
    uint64 n = v1.flushes[i] - v0.flushes[i];
    if (i == VM_FLUSH_SWITCH || i == VM_FLUSH_REUSE) // fork's copy-on-write flushes do not count
      switching += n;
    printf(" %s %lu", flush_names[i], n);
  }
  uint64 hundredths = switches ? switching * 100 / switches : 0;
  printf("\ntlbtest: %lu flushes for switching, %lu.%lu%lu per context switch\n", switching,
         hundredths / 100, hundredths / 10 % 10, hundredths % 10);
  exit(0);
}
