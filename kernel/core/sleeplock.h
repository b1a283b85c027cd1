#ifndef KERNEL_CORE_SLEEPLOCK_H
#define KERNEL_CORE_SLEEPLOCK_H
#include "kernel/types.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/condvar.h"
// Long-term lock for processes: waiting for it sleeps instead of spinning.
struct sleeplock {
  uint locked;          // is the lock held?
  struct spinlock lk;   // protects this sleep lock
  struct condvar freed; // signalled on release
  char *name;           // for debugging
  int pid;              // process holding lock
};

void initsleeplock(struct sleeplock *lk, char *name);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
int holdingsleep(struct sleeplock *lk);
#endif
