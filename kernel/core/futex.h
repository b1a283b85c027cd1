#ifndef KERNEL_CORE_FUTEX_H
#define KERNEL_CORE_FUTEX_H
// Futexes: user-space locks sleep in the kernel only when they must. A futex is an aligned
// int of user memory, known by its physical address, so the threads of a process meet.
#include "kernel/types.h"

void futexinit(void);
// Sleep while the int at addr equals expected: 0 when woken or when it did not equal,
// -1 if addr is misaligned or not the caller's memory, or the caller is killed.
int futex_wait(uint64 addr, int expected);
// Wake up to n threads sleeping on addr; returns how many, or -1 for a bad addr.
int futex_wake(uint64 addr, int n);
#endif
