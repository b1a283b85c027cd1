// The table of scheduling policies, run-time selection, and the default policy:
// preemptive round robin with a one-tick time slice.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
// BEGIN LAB sched
#include "kernel/pstat.h"
// END LAB sched

// ---------------------------------------------------------------------------------------------
// Round robin: each cpu scans the process table circularly, starting after the slot it ran
// last, and runs the first RUNNABLE process it finds for one tick.

static int rr_next[NCPU]; // per cpu: the table slot to look at first

static void rr_init(void) {
  for (int i = 0; i < NCPU; i++)
    rr_next[i] = 0;
}

static struct proc *rr_pick(int cpu) {
  for (int i = 0; i < NPROC; i++) {
    int slot = (rr_next[cpu] + i) % NPROC;
    struct proc *p = &proc[slot];
    acquire(&p->lock);
    if (p->state == RUNNABLE) {
      rr_next[cpu] = (slot + 1) % NPROC;
      return p;
    }
    release(&p->lock);
  }
  return 0;
}

static int rr_on_tick(struct proc *p) {
  return 1; // the time slice is one tick
}

static void rr_on_fork(struct proc *parent, struct proc *child) {}

static void rr_on_wakeup(struct proc *p) {}

static struct sched_policy round_robin = {
    .name = "rr",
    .init = rr_init,
    .pick = rr_pick,
    .on_tick = rr_on_tick,
    .on_fork = rr_on_fork,
    .on_wakeup = rr_on_wakeup,
    .on_yield = 0,
};

// ---------------------------------------------------------------------------------------------
// The policies the kernel knows; the first is the default.

static struct sched_policy *policies[] = {
    &round_robin,
    // BEGIN LAB sched
    &lottery_policy, &stride_policy,
    // END LAB sched
};

static struct spinlock policy_lock;
static struct sched_policy *current = &round_robin;

struct sched_policy *sched_policy(void) {
  return __atomic_load_n(&current, __ATOMIC_ACQUIRE);
}

void sched_init(void) {
  initlock(&policy_lock, "sched_policy");
  current = policies[0];
  current->init();
}

int sched_select(const char *name) {
  for (int i = 0; i < NELEM(policies); i++) {
    if (strncmp(policies[i]->name, name, 16) == 0) {
      acquire(&policy_lock);
      policies[i]->init();
      __atomic_store_n(&current, policies[i], __ATOMIC_RELEASE);
      release(&policy_lock);
      return 0;
    }
  }
  return -1;
}

// BEGIN LAB sched
// ---------------------------------------------------------------------------------------------
// Tickets, strides and getpinfo, shared by the lottery and stride policies.

uint64 proc_tickets(struct proc *p) {
  uint64 tickets = p->sched_data[SCHED_TICKETS];
  return tickets ? tickets : DEFAULT_TICKETS;
}

uint64 proc_stride(struct proc *p) {
  return STRIDE1 / proc_tickets(p);
}

// Fill ps with every slot of the process table.
void sched_getpinfo(struct pstat *ps) {
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &proc[i];
    acquire(&p->lock);
    ps->inuse[i] = p->state != UNUSED;
    ps->pid[i] = p->pid;
    ps->tickets[i] = proc_tickets(p);
    ps->stride[i] = proc_stride(p);
    ps->pass[i] = p->sched_data[SCHED_PASS];
    ps->ticks[i] = p->ticks_run;
    release(&p->lock);
  }
}
// END LAB sched
