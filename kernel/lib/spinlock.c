// Spinlocks: mutual exclusion between harts. Interrupts stay off on a hart while it holds
// any spinlock, so an interrupt handler can never spin on a lock its own hart holds.

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"

void initlock(struct spinlock *lk, char *name) {
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

void acquire(struct spinlock *lk) {
  push_off();
  if (holding(lk)) {
    printf("lock: %s\n", lk->name);
    panic("acquire: lock already held by this cpu");
  }
  // Atomic swap; on RISC-V this is amoswap.w.aq.
  while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
    ;
  // Loads and stores of the critical section must not move above this point.
  __sync_synchronize();
  lk->cpu = mycpu();
}

void release(struct spinlock *lk) {
  if (!holding(lk)) {
    printf("lock: %s\n", lk->name);
    panic("release: lock not held");
  }
  lk->cpu = 0;
  // Everything done inside the critical section is visible before the lock is seen free.
  __sync_synchronize();
  __sync_lock_release(&lk->locked);
  pop_off();
}

// Does this cpu hold the lock? Interrupts must be off.
int holding(struct spinlock *lk) {
  return lk->locked && lk->cpu == mycpu();
}

// push_off/pop_off are intr_off/intr_on that nest: two push_off()s need two pop_off()s,
// and interrupts come back on only if they were on before the outermost push_off().
void push_off(void) {
  int was_on = intr_get();
  intr_off();
  struct cpu *c = mycpu();
  if (c->noff == 0)
    c->intena = was_on;
  c->noff += 1;
}

void pop_off(void) {
  struct cpu *c = mycpu();
  if (intr_get())
    panic("pop_off: interrupts enabled");
  if (c->noff < 1)
    panic("pop_off: not pushed");
  c->noff -= 1;
  if (c->noff == 0 && c->intena)
    intr_on();
}
