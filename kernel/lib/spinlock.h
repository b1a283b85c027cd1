#ifndef KERNEL_LIB_SPINLOCK_H
#define KERNEL_LIB_SPINLOCK_H
// Spinlocks: mutual exclusion between harts, the lowest lock, used by every layer (printf
// too). Interrupts stay off on a hart while it holds any spinlock.
#include "kernel/types.h"

struct cpu;

struct spinlock {
  uint locked;     // is the lock held?
  char *name;      // for debugging
  struct cpu *cpu; // the cpu holding the lock
};

void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk); // by this cpu; interrupts must be off

// intr_off/intr_on that nest: interrupts come back on at the outermost pop_off, and only
// if they were on before the first push_off.
void push_off(void);
void pop_off(void);
#endif
