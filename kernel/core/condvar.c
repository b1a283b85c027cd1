// Condition variables. A waiting process records the condvar in p->waiting and sleeps;
// signal and broadcast look for such processes in the process table. There is no lost
// wake-up: the caller of cv_wait holds lk while checking its condition, cv_wait takes
// p->lock before releasing lk, and whoever changes the condition holds lk while doing so.
// A waiter counts itself in cv->waiters before it releases lk, so whoever changed the
// condition under lk and then finds no waiters has nobody to wake (a release of the
// semaphore with nobody queued, say, which is most of them).

#include "kernel/types.h"
#include "kernel/core/condvar.h"
#include "kernel/core/proc.h"
#include "kernel/lib/printf.h"

void cv_init(struct condvar *cv, char *name) {
  cv->name = name;
}

void cv_wait(struct condvar *cv, struct spinlock *lk) {
  struct proc *p = myproc();
  if (p == 0)
    panic("cv_wait: no process");
  __atomic_add_fetch(&cv->waiters, 1, __ATOMIC_SEQ_CST);
  acquire(&p->lock);
  release(lk);

  p->waiting = cv;
  p->state = SLEEPING;
  sched();
  p->waiting = 0;

  release(&p->lock);
  __atomic_sub_fetch(&cv->waiters, 1, __ATOMIC_SEQ_CST);
  acquire(lk);
}

static void cv_wake(struct condvar *cv, int all) {
  if (__atomic_load_n(&cv->waiters, __ATOMIC_SEQ_CST) == 0)
    return;
  struct proc *self = myproc();
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p == self)
      continue;
    acquire(&p->lock);
    if (p->state == SLEEPING && p->waiting == cv) {
      proc_wake(p);
      if (!all) {
        release(&p->lock);
        return;
      }
    }
    release(&p->lock);
  }
}

void cv_signal(struct condvar *cv) {
  cv_wake(cv, 0);
}

void cv_broadcast(struct condvar *cv) {
  cv_wake(cv, 1);
}
