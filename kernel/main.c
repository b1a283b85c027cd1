// Supervisor-mode entry of every hart (from start.c). Hart 0 sets up the machine;
// the others wait for it, then switch on their own paging, traps and interrupts.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/timer.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/bootargs.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/dev/console.h"
#include "kernel/dev/plic.h"
#include "kernel/dev/disk.h"
#include "kernel/dev/blktrace.h"
#include "kernel/fs/buf.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/sys/trap.h"
#include "kernel/sys/exec.h"
// BEGIN LAB mmap
#include "kernel/sys/mmap.h"
// END LAB mmap

static volatile int started = 0;

void main(void) {
  if (cpuid() == 0) {
    consoleinit();
    printfinit();
    printf("\nkernel is booting\n\n");
    bootargs_init(); // before kinit() hands out the pages holding the device tree
    if (*bootargs())
      printf("boot parameters: %s\n", bootargs());
    if (!timer_sstc)
      printf("timer: no Sstc extension, ticks come through machine mode\n");
    kinit();              // physical pages
    kvminit();            // kernel page table
    kvminithart();        // turn on paging
    procinit(start_user); // process table; new processes leave via start_user
    trapinit();           // trap vectors
    trapinithart();       // install kernel trap vector
    plicinit();           // interrupt controller
    plicinithart();       // ask the PLIC for device interrupts
    binit();              // buffer cache
    iinit();              // inode table
    fileinit();           // file table
    exec_init();          // the fault handler reads program files and mappings through it
    // BEGIN LAB mmap
    mmap_init(); // file mappings
    // END LAB mmap
    virtio_disk_init(); // disk
    swapdisk_init();    // the swap disk, if there is one
    blktrace_init();    // before the first disk write
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
