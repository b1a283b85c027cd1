// SOLUTION FILE LAB sched
// Lottery scheduling: every RUNNABLE process holds tickets, and each pick draws one ticket
// at random; the process holding it runs for one tick. Over many picks a process runs in
// proportion to its tickets. Children start with their parent's tickets.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"

// xorshift64* (Marsaglia's xorshift with a multiplied output), one state per cpu so that
// cpus need no lock to draw.
static uint64 random_state[NCPU];

static uint64 random_next(int cpu) {
  uint64 x = random_state[cpu];
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  random_state[cpu] = x;
  return x * 0x2545F4914F6CDD1DUL;
}

static void lottery_init(void) {
  uint64 seed = r_time();
  for (int i = 0; i < NCPU; i++) {
    // distinct, never zero (zero is xorshift's fixed point)
    random_state[i] = (seed ^ (0x9E3779B97F4A7C15UL * (i + 1))) | 1;
  }
}

// The sum of the tickets of the RUNNABLE processes.
static uint64 runnable_tickets(void) {
  uint64 total = 0;
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state == RUNNABLE)
      total += proc_tickets(p);
    release(&p->lock);
  }
  return total;
}

static struct proc *lottery_pick(int cpu) {
  for (;;) {
    uint64 total = runnable_tickets();
    if (total == 0)
      return 0;
    uint64 winner = random_next(cpu) % total;
    uint64 counted = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
      acquire(&p->lock);
      if (p->state == RUNNABLE) {
        counted += proc_tickets(p);
        if (counted > winner)
          return p;
      }
      release(&p->lock);
    }
    // Processes stopped being RUNNABLE between the count and the draw: draw again.
  }
}

static int lottery_on_tick(struct proc *p) {
  return 1; // a new draw every tick
}

static void lottery_on_fork(struct proc *parent, struct proc *child) {
  child->sched_data[SCHED_TICKETS] = parent->sched_data[SCHED_TICKETS];
}

static void lottery_on_wakeup(struct proc *p) {}

struct sched_policy lottery_policy = {
    .name = "lottery",
    .init = lottery_init,
    .pick = lottery_pick,
    .on_tick = lottery_on_tick,
    .on_fork = lottery_on_fork,
    .on_wakeup = lottery_on_wakeup,
    .on_yield = 0,
};
