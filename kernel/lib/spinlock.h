#ifndef KERNEL_LIB_SPINLOCK_H
#define KERNEL_LIB_SPINLOCK_H
// Spinlocks: mutual exclusion between harts, the lowest lock, used by every layer (printf
// too). Interrupts stay off on a hart while it holds any spinlock.
#include "kernel/types.h"

struct cpu;
struct lockstat;

struct spinlock {
  uint locked;            // is the lock held?
  char *name;             // for debugging, and the lock statistics' key
  struct cpu *cpu;        // the cpu holding the lock
  struct lockstat *stats; // counters shared by every lock of this name (kernel/lockstat.h)
  struct cpu *last_cpu;   // the cpu that held it last, to count handoffs between harts
  uint counted;           // the statistics' epoch in which this lock was last counted as taken
};

void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk); // by this cpu; interrupts must be off

// Copy the counters of up to n lock names into st; returns how many names there are.
int lockstat_read(struct lockstat *st, int n);
void lockstat_reset(void);

// intr_off/intr_on that nest: interrupts come back on at the outermost pop_off, and only
// if they were on before the first push_off.
void push_off(void);
void pop_off(void);
#endif
