#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
// Mutual exclusion lock; interrupts are off on the holding hart while held.
struct spinlock {
  uint locked;     // is the lock held?
  char *name;      // for debugging
  struct cpu *cpu; // the cpu holding the lock
};
#endif
