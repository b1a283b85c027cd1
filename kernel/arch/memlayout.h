#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
// Physical memory of QEMU's virt machine, as the kernel sees it:
//   0x02000000 CLINT (timer)       0x0c000000 PLIC
//   0x10000000 UART0 (16550)       0x10001000 virtio-mmio disk, 0x10002000 swap disk
//   0x80000000 RAM: the kernel is loaded here, then free pages up to PHYSTOP.

#define UART0     0x10000000L
#define UART0_IRQ 10

#define VIRTIO0     0x10001000L
#define VIRTIO0_IRQ 1
// The swap disk, when the machine has a second virtio disk.
#define VIRTIO1     0x10002000L
#define VIRTIO1_IRQ 2

#define CLINT                0x2000000L
#define CLINT_MTIMECMP(hart) (CLINT + 0x4000 + 8 * (hart))
#define CLINT_MTIME          (CLINT + 0xBFF8)

#define PLIC                 0x0c000000L
#define PLIC_PRIORITY        (PLIC + 0x0)
#define PLIC_PENDING         (PLIC + 0x1000)
#define PLIC_SENABLE(hart)   (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_SCLAIM(hart)    (PLIC + 0x201004 + (hart)*0x2000)

#define KERNBASE 0x80000000L
#define PHYSTOP  (KERNBASE + 128 * 1024 * 1024)

// The trampoline page (trap entry/exit code) sits at the top of every address space,
// user and kernel, at the same virtual address.
#define TRAMPOLINE (MAXVA - PGSIZE)

// Kernel stacks sit below the trampoline, each with an unmapped guard page below it.
#define KSTACK(p) (TRAMPOLINE - ((p) + 1) * 2 * PGSIZE)

// User address space, from 0 up:
//   text, data, bss, guard page, stack, heap (grows up) ... USERTOP, file mappings (mmap),
//   thread trapframes, USYSCALL, TRAPFRAME, TRAMPOLINE
#define TRAPFRAME (TRAMPOLINE - PGSIZE)
// A read-only page the kernel shares with each process (the pgtbl lab maps it), so that a
// program reads what it holds without a system call.
#define USYSCALL (TRAPFRAME - PGSIZE)
#ifndef __ASSEMBLER__
struct usyscall {
  int pid; // the process's id (its first thread's), for ugetpid()
};
#endif
// Threads share a page table, so each needs its trapframe at an address of its own: a thread
// in process-table slot i keeps it at THREADFRAME(i). The heap stops below them all.
#define THREADFRAME(i) (USYSCALL - ((i) + 1) * PGSIZE)
// mmap places file mappings in the 1 GB below the thread trapframes, the heap below that.
#define MMAPTOP  THREADFRAME(NPROC)
#define MMAPBASE (MMAPTOP - (1L << 30))
#define USERTOP  MMAPBASE
#endif
