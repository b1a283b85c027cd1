// The tick timer, both ways (see timer.h): detection and set-up in machine mode at boot,
// acknowledging each tick in supervisor mode.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/timer.h"

int timer_sstc;

// mtimer.S: the CSR probe and the machine-mode timer vector.
int csr_probe_stimecmp(void);
void mtimervec(void);

// Per-hart words the machine-mode vector uses: three save slots, then the addresses of
// this hart's mtimecmp and of mtime, and the interval.
enum { MT_CMP = 3, MT_TIME = 4, MT_INTERVAL = 5, MT_WORDS = 6 };
static uint64 mtimer_scratch[NCPU][MT_WORDS];

void timerinit(void) {
  int hart = r_mhartid();
  timer_sstc = csr_probe_stimecmp();
  w_mcounteren(r_mcounteren() | MCOUNTEREN_TM); // supervisor mode may read time
  if (timer_sstc) {
    w_mie(r_mie() | MIE_STIE);
    w_menvcfg(r_menvcfg() | MENVCFG_STCE);
    w_stimecmp(r_time() + TICK_INTERVAL);
    return;
  }
  uint64 *scratch = mtimer_scratch[hart];
  scratch[MT_CMP] = CLINT_MTIMECMP(hart);
  scratch[MT_TIME] = CLINT_MTIME;
  scratch[MT_INTERVAL] = TICK_INTERVAL;
  *(volatile uint64 *)CLINT_MTIMECMP(hart) = *(volatile uint64 *)CLINT_MTIME + TICK_INTERVAL;
  w_mscratch((uint64)scratch);
  w_mtvec((uint64)mtimervec);
  w_mie(r_mie() | MIE_MTIE); // taken in supervisor and user mode whatever mstatus.MIE says
}

int timer_is_tick(uint64 cause) {
  uint64 irq = timer_sstc ? IRQ_S_TIMER : IRQ_S_SOFT;
  return cause == (SCAUSE_INTERRUPT | irq);
}

void timer_ack(void) {
  if (timer_sstc)
    w_stimecmp(r_time() + TICK_INTERVAL); // also clears the pending interrupt
  else
    w_sip(r_sip() & ~SIP_SSIP); // machine mode already set the next compare
}
