#ifndef KERNEL_CORE_CONDVAR_H
#define KERNEL_CORE_CONDVAR_H
// Condition variables: the one way kernel code waits. cv_wait(cv, lk) atomically releases lk
// and sleeps until cv_signal or cv_broadcast, then re-acquires lk; callers re-check their
// condition in a loop.
#include "kernel/lib/spinlock.h"

struct condvar {
  char *name;  // for debugging and the ^P process list
  int waiters; // processes in cv_wait: none, and a wake-up need not search the process table
};

void cv_init(struct condvar *cv, char *name);
void cv_wait(struct condvar *cv, struct spinlock *lk);
void cv_signal(struct condvar *cv);    // wake one waiter
void cv_broadcast(struct condvar *cv); // wake all waiters
#endif
