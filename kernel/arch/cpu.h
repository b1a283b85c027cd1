#ifndef KERNEL_ARCH_CPU_H
#define KERNEL_ARCH_CPU_H
// Per-hart state and the kernel context switch.
#include "kernel/types.h"
#include "kernel/param.h"

struct proc;
struct vmstats;

// Callee-saved registers for kernel context switches (swtch.S).
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

// Per-hart state.
struct cpu {
  struct proc *proc;      // the process running on this cpu, or null
  struct context context; // swtch() here to enter the scheduler
  int noff;               // depth of push_off() nesting
  int intena;             // were interrupts enabled before push_off()?
  struct vmstats *vm_own; // the running process's VM counters (they count what happens for it)
};

extern struct cpu cpus[NCPU];

int cpuid(void);         // this hart's id; call with interrupts off
struct cpu *mycpu(void); // this hart's state; call with interrupts off

// Save the current registers in old, load new (swtch.S).
void swtch(struct context *old, struct context *new);
#endif
