#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H
#include "kernel/spinlock.h"
#include "kernel/condvar.h"
// Long-term lock for processes: waiting for it sleeps instead of spinning.
struct sleeplock {
  uint locked;          // is the lock held?
  struct spinlock lk;   // protects this sleep lock
  struct condvar freed; // signalled on release
  char *name;           // for debugging
  int pid;              // process holding lock
};
#endif
