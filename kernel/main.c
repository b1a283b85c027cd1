// Supervisor-mode entry of every hart (from start.c). Hart 0 sets up the machine;
// the others wait for it, then switch on their own paging, traps and interrupts.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/defs.h"

static volatile int started = 0;

void main(void) {
  if (cpuid() == 0) {
    consoleinit();
    printfinit();
    printf("\nkernel is booting\n\n");
    kinit();            // physical pages
    kvminit();          // kernel page table
    kvminithart();      // turn on paging
    procinit();         // process table
    trapinit();         // trap vectors
    trapinithart();     // install kernel trap vector
    plicinit();         // interrupt controller
    plicinithart();     // ask the PLIC for device interrupts
    binit();            // buffer cache
    iinit();            // inode table
    fileinit();         // file table
    virtio_disk_init(); // disk
    userinit();         // first user process
    __sync_synchronize();
    started = 1;
  } else {
    while (started == 0)
      ;
    __sync_synchronize();
    printf("hart %d starting\n", cpuid());
    kvminithart();
    trapinithart();
    plicinithart();
  }
  scheduler();
}
