#ifndef KERNEL_CORE_SCHED_H
#define KERNEL_CORE_SCHED_H
#include "kernel/types.h"

// Scheduling policies. The scheduler loop in proc.c asks the current policy which process
// to run next and tells it about ticks, forks and wake-ups; everything else (context
// switches, process states, locking) stays in proc.c.
//
// To add a policy: write sched_<name>.c defining a `struct sched_policy`, declare it below,
// and add it to the table in sched.c. Per-process bookkeeping goes in p->sched_data[] and p->ticks_run.

struct proc;

struct sched_policy {
  const char *name;
  // Called once at boot, and again whenever this policy is selected.
  void (*init)(void);
  // A RUNNABLE process for this cpu to run, returned with its p->lock held; or 0 if none.
  struct proc *(*pick)(int cpu);
  // p, running on this cpu, took a timer tick (p->ticks_run was already counted).
  // Return non-zero to preempt it now.
  int (*on_tick)(struct proc *p);
  // child was just created by fork from parent, with child->lock held.
  void (*on_fork)(struct proc *parent, struct proc *child);
  // p became RUNNABLE after sleeping (p->lock held).
  void (*on_wakeup)(struct proc *p);
  // p gives up the cpu before its time is up (yield), with p->lock held. May be 0.
  void (*on_yield)(struct proc *p);
};

// The policy in use.
struct sched_policy *sched_policy(void);
void sched_init(void);
// Switch to the policy called name; returns 0, or -1 if there is none by that name.
int sched_select(const char *name);

// BEGIN LAB sched
// Lottery and stride scheduling (sched_lottery.c, sched_stride.c) keep a process's tickets
// and pass in p->sched_data[]. Tickets stay when the policy changes; 0 means the default.
#define SCHED_TICKETS   0
#define SCHED_PASS      1
#define DEFAULT_TICKETS 1
#define MAX_TICKETS     100000
#define STRIDE1         (1UL << 20) // a process's stride is STRIDE1 / its tickets

struct pstat;
uint64 proc_tickets(struct proc *p); // p->lock held
uint64 proc_stride(struct proc *p);  // p->lock held
void sched_getpinfo(struct pstat *ps);

extern struct sched_policy lottery_policy;
extern struct sched_policy stride_policy;
// END LAB sched
#endif
