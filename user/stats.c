// stats: prints the kernel's counters (kernel/kstats.h), one "name value" per line.
#include "kernel/types.h"
#include "kernel/kstats.h"
#include "user/user.h"

int main(void) {
  struct kstats k;
  if (kstats(&k) < 0) {
    fprintf(2, "stats: kstats failed\n");
    exit(1);
  }
  printf("context_switches %lu\n", k.context_switches);
  printf("page_faults %lu\n", k.page_faults);
  printf("tlb_flushes %lu\n", k.tlb_flushes);
  printf("disk_reads %lu\n", k.disk_reads);
  printf("disk_writes %lu\n", k.disk_writes);
  printf("log_commits %lu\n", k.log_commits);
  printf("syscalls %lu\n", k.syscalls);
  printf("interrupts %lu\n", k.interrupts);
  printf("ticks %lu\n", k.ticks);
  printf("forks %lu\n", k.forks);
  printf("pipes %lu\n", k.pipes);
  printf("pipe_bytes %lu\n", k.pipe_bytes);
  printf("disk_flushes %lu\n", k.disk_flushes);
  printf("log_blocks %lu\n", k.log_blocks);
  printf("file_blocks %lu\n", k.file_blocks);
  printf("inplace_blocks %lu\n", k.inplace_blocks);
  printf("free_blocks %lu\n", k.free_blocks);
  exit(0);
}
