// SOLUTION FILE LAB sched
// Stride scheduling: the deterministic sibling of lottery scheduling. Each process has a
// stride, STRIDE1 / tickets, and a pass. The RUNNABLE process with the lowest pass runs for
// one tick and its pass grows by its stride, so a process with twice the tickets runs
// twice as often. A process that joins (new, or back from sleeping) starts at the pass of
// the process picked last, so that time spent away is not saved up to be spent all at once.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"

static uint64 global_pass; // the pass of the process picked last (read and written atomically)

static uint64 current_pass(void) {
  return __atomic_load_n(&global_pass, __ATOMIC_RELAXED);
}

static void stride_init(void) {
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    p->sched_data[SCHED_PASS] = 0;
    release(&p->lock);
  }
  __atomic_store_n(&global_pass, 0, __ATOMIC_RELAXED);
}

static struct proc *stride_pick(int cpu) {
  for (;;) {
    // Find the lowest pass without holding more than one lock, then take that one.
    struct proc *best = 0;
    uint64 best_pass = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
      acquire(&p->lock);
      if (p->state == RUNNABLE && (best == 0 || p->sched_data[SCHED_PASS] < best_pass)) {
        best = p;
        best_pass = p->sched_data[SCHED_PASS];
      }
      release(&p->lock);
    }
    if (best == 0)
      return 0;
    acquire(&best->lock);
    if (best->state == RUNNABLE) {
      __atomic_store_n(&global_pass, best->sched_data[SCHED_PASS], __ATOMIC_RELAXED);
      best->sched_data[SCHED_PASS] += proc_stride(best);
      return best;
    }
    release(&best->lock); // another cpu took it meanwhile: look again
  }
}

static int stride_on_tick(struct proc *p) {
  return 1; // pick again every tick
}

static void stride_on_fork(struct proc *parent, struct proc *child) {
  child->sched_data[SCHED_TICKETS] = parent->sched_data[SCHED_TICKETS];
  child->sched_data[SCHED_PASS] = current_pass();
}

static void stride_on_wakeup(struct proc *p) {
  if (p->sched_data[SCHED_PASS] < current_pass())
    p->sched_data[SCHED_PASS] = current_pass();
}

struct sched_policy stride_policy = {
    .name = "stride",
    .init = stride_init,
    .pick = stride_pick,
    .on_tick = stride_on_tick,
    .on_fork = stride_on_fork,
    .on_wakeup = stride_on_wakeup,
    .on_yield = 0,
};
