// The kernel's clock, advanced by hart 0's timer interrupt.

#include "kernel/types.h"
#include "kernel/kstats.h"
#include "kernel/core/clock.h"

uint ticks;
struct spinlock tickslock;
struct condvar ticks_cv;

void clockinit(void) {
  initlock(&tickslock, "time");
  cv_init(&ticks_cv, "ticks");
}

void clock_tick(void) {
  acquire(&tickslock);
  ticks++;
  KSTAT_INC(ticks);
  cv_broadcast(&ticks_cv);
  release(&tickslock);
}
