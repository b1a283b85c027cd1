#ifndef _SYS_TIME_H
#define _SYS_TIME_H
// gettimeofday counts from boot (there is no real-time clock), in timer ticks: its resolution
// is one tick, 100 ms (TICKS_PER_SECOND in kernel/arch/riscv.h). It never goes backwards.
#include <sys/types.h>

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

int gettimeofday(struct timeval *, void *);
#endif
