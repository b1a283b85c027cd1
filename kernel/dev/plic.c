// The platform-level interrupt controller routes device interrupts (UART, virtio disk)
// to harts. Each hart claims an interrupt, handles it, and completes it.

#include "kernel/types.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/dev/plic.h"

static inline volatile uint32 *plic_reg(uint64 addr) {
  return (volatile uint32 *)addr;
}

void plicinit(void) {
  // A source with priority 0 never interrupts.
  *plic_reg(PLIC_PRIORITY + UART0_IRQ * 4) = 1;
  *plic_reg(PLIC_PRIORITY + VIRTIO0_IRQ * 4) = 1;
  *plic_reg(PLIC_PRIORITY + VIRTIO1_IRQ * 4) = 1;
}

void plicinithart(void) {
  int hart = cpuid();
  // Take the UART and disk interrupts in supervisor mode on this hart, at any priority.
  *plic_reg(PLIC_SENABLE(hart)) = (1 << UART0_IRQ) | (1 << VIRTIO0_IRQ) | (1 << VIRTIO1_IRQ);
  *plic_reg(PLIC_SPRIORITY(hart)) = 0;
}

// The interrupt to handle next, or 0 if none.
int plic_claim(void) {
  return *plic_reg(PLIC_SCLAIM(cpuid()));
}

void plic_complete(int irq) {
  *plic_reg(PLIC_SCLAIM(cpuid())) = irq;
}
