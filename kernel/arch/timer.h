#ifndef KERNEL_ARCH_TIMER_H
#define KERNEL_ARCH_TIMER_H
// The tick timer. With the Sstc extension (QEMU 7.0 and newer) supervisor mode sets its
// own stimecmp and takes supervisor timer interrupts. Without it (QEMU 6.2, as on Ubuntu
// 22.04) the machine-mode timer of the CLINT interrupts machine mode, which re-arms it and
// passes the tick on as a supervisor software interrupt.
#include "kernel/types.h"

extern int timer_sstc; // does this machine have Sstc? (set by timerinit)

void timerinit(void);            // machine mode, each hart at boot
int timer_is_tick(uint64 cause); // is this scause the tick (either kind)?
void timer_ack(void);            // supervisor mode: done with this tick, ask for the next
#endif
