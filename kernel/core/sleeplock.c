// Sleep locks: long-term locks (inodes, buffers) that may be held across disk waits.
// A process that finds one taken waits on its condition variable instead of spinning.

#include "kernel/types.h"
#include "kernel/core/proc.h"
#include "kernel/core/sleeplock.h"

void initsleeplock(struct sleeplock *lk, char *name) {
  initlock(&lk->lk, "sleep lock");
  cv_init(&lk->freed, name);
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
}

void acquiresleep(struct sleeplock *lk) {
  acquire(&lk->lk);
  while (lk->locked)
    cv_wait(&lk->freed, &lk->lk);
  lk->locked = 1;
  lk->pid = myproc()->pid;
  release(&lk->lk);
}

void releasesleep(struct sleeplock *lk) {
  acquire(&lk->lk);
  lk->locked = 0;
  lk->pid = 0;
  cv_signal(&lk->freed);
  release(&lk->lk);
}

// Does the running process hold lk?
int holdingsleep(struct sleeplock *lk) {
  acquire(&lk->lk);
  int held = lk->locked && lk->pid == myproc()->pid;
  release(&lk->lk);
  return held;
}
