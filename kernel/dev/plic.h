#ifndef KERNEL_DEV_PLIC_H
#define KERNEL_DEV_PLIC_H
// The platform-level interrupt controller: routes device interrupts to harts.
void plicinit(void);
void plicinithart(void);
int plic_claim(void);        // the device interrupting this hart, or 0
void plic_complete(int irq); // it may interrupt again
#endif
