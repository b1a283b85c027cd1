// Spinlocks: mutual exclusion between harts. Interrupts stay off on a hart while it holds
// any spinlock, so an interrupt handler can never spin on a lock its own hart holds.

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lockstat.h"

// Lock statistics are kept per name, not per lock: pipes' locks come and go with their
// pages, and a name ("proc", "bcache") is what a student asks about. Counters are updated
// with relaxed atomics: an acquire costs one add, and a contended or handed-off one more.
static struct lockstat lockstats[NLOCKSTAT];
static uint nlockstats;
// The registry cannot be guarded by a spinlock of its own (initlock would recurse): a bare
// test-and-set flag keeps two harts from adding the same name twice.
static uint lockstats_busy;
// Bumped by every reset, so that each lock counts once among its name's locks per epoch.
static uint lockstat_epoch = 1;

static struct lockstat *lockstat_for(const char *name) {
  while (__atomic_exchange_n(&lockstats_busy, 1, __ATOMIC_ACQUIRE))
    ;
  struct lockstat *st = 0;
  for (uint i = 0; i < nlockstats && !st; i++) {
    if (strncmp(lockstats[i].name, name, LOCKSTAT_NAME - 1) == 0)
      st = &lockstats[i];
  }
  if (st == 0) {
    // When the table is full, the last entry counts every name that did not fit.
    st = &lockstats[nlockstats < NLOCKSTAT ? nlockstats++ : NLOCKSTAT - 1];
    if (st->name[0] == 0)
      safestrcpy(st->name, nlockstats <= NLOCKSTAT - 1 ? name : "(others)", LOCKSTAT_NAME);
  }
  __atomic_store_n(&lockstats_busy, 0, __ATOMIC_RELEASE);
  return st;
}

void initlock(struct spinlock *lk, char *name) {
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
  lk->last_cpu = 0;
  lk->counted = 0;
  lk->stats = lockstat_for(name ? name : "?");
}

int lockstat_read(struct lockstat *st, int n) {
  uint count = __atomic_load_n(&nlockstats, __ATOMIC_ACQUIRE);
  for (uint i = 0; i < count && i < n; i++) {
    memmove(st[i].name, lockstats[i].name, LOCKSTAT_NAME);
    st[i].acquires = __atomic_load_n(&lockstats[i].acquires, __ATOMIC_RELAXED);
    st[i].spins = __atomic_load_n(&lockstats[i].spins, __ATOMIC_RELAXED);
    st[i].contended = __atomic_load_n(&lockstats[i].contended, __ATOMIC_RELAXED);
    st[i].handoffs = __atomic_load_n(&lockstats[i].handoffs, __ATOMIC_RELAXED);
    st[i].locks = __atomic_load_n(&lockstats[i].locks, __ATOMIC_RELAXED);
  }
  return count;
}

void lockstat_reset(void) {
  for (uint i = 0; i < NLOCKSTAT; i++) {
    __atomic_store_n(&lockstats[i].acquires, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&lockstats[i].spins, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&lockstats[i].contended, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&lockstats[i].handoffs, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&lockstats[i].locks, 0, __ATOMIC_RELAXED);
  }
  __atomic_fetch_add(&lockstat_epoch, 1, __ATOMIC_RELAXED);
}

void acquire(struct spinlock *lk) {
  push_off();
  if (holding(lk)) {
    printf("lock: %s\n", lk->name);
    panic("acquire: lock already held by this cpu");
  }
  // Atomic swap; on RISC-V this is amoswap.w.aq. Spins are counted locally and added once,
  // so the uncontended path touches no shared counter but the acquisitions.
  uint64 spins = 0;
  while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
    spins++;
  // Loads and stores of the critical section must not move above this point.
  __sync_synchronize();
  lk->cpu = mycpu();
  if (lk->stats) {
    __atomic_fetch_add(&lk->stats->acquires, 1, __ATOMIC_RELAXED);
    if (lk->last_cpu && lk->last_cpu != lk->cpu)
      __atomic_fetch_add(&lk->stats->handoffs, 1, __ATOMIC_RELAXED);
    uint epoch = __atomic_load_n(&lockstat_epoch, __ATOMIC_RELAXED);
    if (lk->counted != epoch) { // written only by the holder
      lk->counted = epoch;
      __atomic_fetch_add(&lk->stats->locks, 1, __ATOMIC_RELAXED);
    }
    if (spins) {
      __atomic_fetch_add(&lk->stats->spins, spins, __ATOMIC_RELAXED);
      __atomic_fetch_add(&lk->stats->contended, 1, __ATOMIC_RELAXED);
    }
  }
}

void release(struct spinlock *lk) {
  if (!holding(lk)) {
    printf("lock: %s\n", lk->name);
    panic("release: lock not held");
  }
  lk->last_cpu = lk->cpu;
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
