#ifndef _TIME_H
#define _TIME_H
// Time since boot, one timer tick (100 ms) at a time; clock() is that too, not CPU time.
#include <stddef.h>
#include <sys/types.h>

#define CLOCKS_PER_SEC 1000000L

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

time_t time(time_t *);
clock_t clock(void);
int nanosleep(const struct timespec *, struct timespec *);
#endif
