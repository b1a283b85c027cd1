// Per-hart state.

#include "kernel/arch/cpu.h"
#include "kernel/arch/riscv.h"

struct cpu cpus[NCPU];

// The hart id is kept in tp (start.c); interrupts must be off so that the caller is not
// moved to another hart between reading it and using it.
int cpuid(void) {
  return r_tp();
}

struct cpu *mycpu(void) {
  return &cpus[cpuid()];
}
