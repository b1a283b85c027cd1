// Machine-mode start-up, run by every hart after entry.S: hand all traps and interrupts
// to supervisor mode, start the timer, and "return" into main() in supervisor mode.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/timer.h"

void main(void);

// entry.S gives each hart one page of this as its boot stack.
__attribute__((aligned(PGSIZE))) char stack0[PGSIZE * NCPU];

void start(void) {
  // Before mstatus.MPP is set: its probe of the CPU's extensions traps into machine mode.
  timerinit();

  // mret will continue at main() in supervisor mode.
  uint64 status = r_mstatus();
  status &= ~MSTATUS_MPP_MASK;
  status |= MSTATUS_MPP_S;
  w_mstatus(status);
  w_mepc((uint64)main);

  // Paging stays off until kvminithart().
  w_satp(0);

  // Supervisor mode handles every exception and interrupt.
  w_medeleg(0xffff);
  w_mideleg(0xffff);
  w_sie(r_sie() | SIE_SEIE | SIE_STIE | SIE_SSIE);

  // Let supervisor mode reach all of physical memory.
  w_pmpaddr0(0x3fffffffffffffUL);
  w_pmpcfg0(0xf);

  // cpuid() reads the hart id from tp.
  w_tp(r_mhartid());

  asm volatile("mret");
}
