// Traps: system calls, device and timer interrupts, and exceptions, from user mode
// (via trampoline.S) and from kernel mode (via kernelvec.S).

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/kstats.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/timer.h"
#include "kernel/arch/vectors.h"
#include "kernel/vmstat.h"
#include "kernel/lib/printf.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/clock.h"
#include "kernel/dev/plic.h"
#include "kernel/dev/uart.h"
#include "kernel/dev/disk.h"
#include "kernel/fs/inode.h"
#include "kernel/sys/args.h"
#include "kernel/sys/process.h"
#include "kernel/sys/trap.h"

enum { DEV_NONE = 0, DEV_OTHER = 1, DEV_TIMER = 2 };
static int devintr(void);

void trapinit(void) {
  clockinit();
}

// Traps taken in the kernel go to kernelvec.
void trapinithart(void) {
  w_stvec((uint64)kernelvec);
}

static char *exception_name(uint64 cause) {
  switch (cause) {
  case EXC_INST_MISALIGNED: return "instruction address misaligned";
  case EXC_INST_ACCESS: return "instruction access fault";
  case EXC_ILLEGAL_INST: return "illegal instruction";
  case EXC_BREAKPOINT: return "breakpoint";
  case EXC_LOAD_MISALIGNED: return "load address misaligned";
  case EXC_LOAD_ACCESS: return "load access fault";
  case EXC_STORE_MISALIGNED: return "store address misaligned";
  case EXC_STORE_ACCESS: return "store access fault";
  case EXC_ECALL_U: return "system call";
  case EXC_ECALL_S: return "ecall from supervisor mode";
  case EXC_INST_PAGE_FAULT: return "instruction page fault";
  case EXC_LOAD_PAGE_FAULT: return "load page fault";
  case EXC_STORE_PAGE_FAULT: return "store page fault";
  default: return "unknown exception";
  }
}

#define NOMEM_WAIT_TICKS 10 // how long a page fault waits for a free page

static int is_page_fault(uint64 cause) {
  return cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
         cause == EXC_STORE_PAGE_FAULT;
}

// Hand a page fault of process p to the memory layer: 0 if it brought the page in. When no
// page is free, the process with the most memory is the one to go (out-of-memory killer): if
// that is p, it dies; else that one is killed and p waits for the pages it gives back.
static int user_page_fault(struct proc *p, uint64 cause, uint64 va) {
  KSTAT_INC(page_faults);
  int access = cause == EXC_STORE_PAGE_FAULT  ? FAULT_WRITE
               : cause == EXC_INST_PAGE_FAULT ? FAULT_EXEC
                                              : FAULT_READ;
  for (int tick = 0;; tick++) {
    int r = vm_fault(p->pagetable, va, access);
    if (r == VM_FAULT_NOSWAP) {
      printf("pid %d (%s): swap space full: killed\n", p->pid, p->name);
      setkilled(p); // usertrap sees it and exits, without a second message
      return 0;
    }
    if (r != VM_FAULT_NOMEM)
      return r;
    if (tick == NOMEM_WAIT_TICKS || killed(p) || proc_kill_largest(p) == p) {
      printf("pid %d (%s): out of memory\n", p->pid, p->name);
      return -1;
    }
    acquire(&tickslock);
    cv_wait(&ticks_cv, &tickslock);
    release(&tickslock);
  }
}

// A timer tick interrupted process p (0 if none) on this hart: does p give up the cpu?
static int tick_preempts(struct proc *p) {
  if (p == 0)
    return 0;
  p->ticks_run++;
  return sched_policy()->on_tick(p);
}

// Entered from uservec in trampoline.S on any trap from user mode.
void usertrap(void) {
  if ((r_sstatus() & SSTATUS_SPP) != 0)
    panic("usertrap: not from user mode");

  // Now in the kernel: further traps go to kerneltrap().
  w_stvec((uint64)kernelvec);

  struct proc *p = myproc();
  p->trapframe->epc = r_sepc();
  uint64 cause = r_scause(), stval = r_stval();
  int dev = DEV_NONE;

  if (cause == EXC_ECALL_U) {
    if (killed(p))
      exit(-1);
    // Return to the instruction after the ecall.
    p->trapframe->epc += 4;
    // The trapframe is saved; let devices interrupt the system call.
    intr_on();
    syscall();
  } else if ((dev = devintr()) != DEV_NONE) {
    // handled
  } else if (is_page_fault(cause) && user_page_fault(p, cause, stval) == 0) {
    // the memory layer brought the page in
  } else {
    // The trap's own pc and stval: handling a fault may have slept, and other traps since
    // have changed sepc and stval.
    printf("usertrap(): pid %d (%s) cause %ld (%s) pc %p stval %p\n", p->pid, p->name, cause,
           exception_name(cause), (void *)p->trapframe->epc, (void *)stval);
    setkilled(p);
  }

  if (killed(p))
    exit(-1);
  if (dev == DEV_TIMER && tick_preempts(p))
    yield();
  usertrapret();
}

// Return to user space through userret in the trampoline.
void usertrapret(void) {
  struct proc *p = myproc();

  // From here until sret a trap would go to uservec with kernel state: no interrupts.
  intr_off();
  w_stvec(TRAMPOLINE + (uservec - trampoline));

  // What uservec needs for the next trap into the kernel.
  p->trapframe->kernel_satp = r_satp();
  p->trapframe->kernel_sp = p->kstack + PGSIZE;
  p->trapframe->kernel_trap = (uint64)usertrap;
  p->trapframe->kernel_hartid = r_tp();

  // sret goes to user mode, with interrupts enabled, at the saved pc.
  uint64 status = r_sstatus();
  status &= ~SSTATUS_SPP;
  status |= SSTATUS_SPIE;
  w_sstatus(status);
  w_sepc(p->trapframe->epc);

  // Without ASIDs the trampoline flushes the TLB on both switches; count those flushes.
  if (p->asid == 0) {
    KSTAT_ADD(tlb_flushes, 2);
    VMSTAT_ADD(flushes[VM_FLUSH_SWITCH], 2);
  }

  uint64 satp = MAKE_SATP(p->pagetable, p->asid);
  uint64 fn = TRAMPOLINE + (userret - trampoline);
  ((void (*)(uint64, uint64))fn)(satp, p->tfva);
}

// A new process's first return to user space (core/proc.c's forkret calls it). The file
// system needs a process context (it waits for the disk), so the first process brings it
// up, and takes the root as its current directory.
void start_user(void) {
  static int first = 1;
  if (first) {
    fsinit(ROOTDEV);
    first = 0;
    __sync_synchronize();
    struct proc *p = myproc();
    p->cwd = namei("/");
    if (p->cwd == 0)
      panic("start_user: no root directory");
  }
  usertrapret();
}

// Entered from kernelvec on traps from kernel mode, on the current kernel stack.
void kerneltrap(void) {
  uint64 sepc = r_sepc();
  uint64 sstatus = r_sstatus();
  uint64 cause = r_scause();

  if ((sstatus & SSTATUS_SPP) == 0)
    panic("kerneltrap: not from supervisor mode");
  if (intr_get())
    panic("kerneltrap: interrupts enabled");

  int dev = devintr();
  if (dev == DEV_NONE) {
    if (is_page_fault(cause))
      KSTAT_INC(page_faults);
    printf("kerneltrap: cause %ld (%s) pc %p stval %p\n", cause, exception_name(cause),
           (void *)sepc, (void *)r_stval());
    panic("kerneltrap");
  }

  // Preempt a process running in the kernel too, but not the scheduler itself.
  struct proc *p = myproc();
  if (dev == DEV_TIMER && p != 0 && p->state == RUNNING && tick_preempts(p))
    yield();

  // yield() may have let other traps happen: put back what kernelvec's sret needs.
  w_sepc(sepc);
  w_sstatus(sstatus);
}

static void clockintr(void) {
  if (cpuid() == 0)
    clock_tick();
  timer_ack();
}

// Handle an interrupt if that is what the trap is: DEV_TIMER for the timer, DEV_OTHER for
// a device, DEV_NONE if the trap is not an interrupt we know.
static int devintr(void) {
  uint64 cause = r_scause();
  if (cause == (SCAUSE_INTERRUPT | IRQ_S_EXTERNAL)) {
    KSTAT_INC(interrupts);
    int irq = plic_claim();
    if (irq == UART0_IRQ)
      uartintr();
    else if (irq == VIRTIO0_IRQ)
      virtio_disk_intr();
    else if (irq == VIRTIO1_IRQ)
      swapdisk_intr();
    else if (irq)
      printf("devintr: unexpected interrupt irq=%d\n", irq);
    // The PLIC lets this device interrupt again once the claim is completed.
    if (irq)
      plic_complete(irq);
    return DEV_OTHER;
  }
  if (timer_is_tick(cause)) {
    KSTAT_INC(interrupts);
    clockintr();
    return DEV_TIMER;
  }
  return DEV_NONE;
}
