#ifndef KERNEL_CORE_CLOCK_H
#define KERNEL_CORE_CLOCK_H
// The kernel's clock: timer ticks since boot (TICKS_PER_SECOND of them a second).
#include "kernel/types.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/condvar.h"

extern uint ticks;
extern struct spinlock tickslock; // guards ticks
extern struct condvar ticks_cv;   // broadcast on every tick: sleep() waits on it

void clockinit(void);
void clock_tick(void); // one tick has passed (hart 0's timer interrupt)
#endif
