// System calls about processes, memory and time.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/kstats.h"
#include "kernel/vm.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/core/clock.h"
#include "kernel/core/futex.h"
#include "kernel/lockstat.h"
#include "kernel/lib/spinlock.h"
#include "kernel/dev/blktrace.h"
#include "kernel/sys/args.h"
#include "kernel/sys/process.h"
// BEGIN LAB syscall
#include "kernel/sysinfo.h"
// END LAB syscall
// BEGIN LAB sched
#include "kernel/core/sched.h"
#include "kernel/pstat.h"
// END LAB sched

uint64 sys_exit(void) {
  int status;
  argint(0, &status);
  exit(status);
}

uint64 sys_getpid(void) {
  return myproc()->pid;
}

uint64 sys_fork(void) {
  return fork();
}

uint64 sys_wait(void) {
  uint64 status_addr;
  argaddr(0, &status_addr);
  return wait(status_addr);
}

// sys_sbrk(n, how): grow (or with n < 0 shrink) memory by n bytes, SBRK_EAGER (map zeroed
// pages now) or SBRK_LAZY (map each when first touched); returns the old end, or -1.
uint64 sys_sbrk(void) {
  int n, how;
  argint(0, &n);
  argint(1, &how);
  if (how != SBRK_EAGER && how != SBRK_LAZY)
    return -1;
  // Shrinking is the same either way: the pages go at once. The old end comes from the
  // growing itself, as another thread may move it meanwhile.
  return how == SBRK_LAZY && n > 0 ? growproc_lazy(n) : growproc(n);
}

// vmstats(pid, struct vmstats *): the VM counters of process pid, or of the system for pid 0.
uint64 sys_vmstats(void) {
  int pid;
  uint64 dst;
  argint(0, &pid);
  argaddr(1, &dst);
  struct vmstats v;
  if (proc_vmstats(pid, &v) < 0 || copyout(myproc()->pagetable, dst, (char *)&v, sizeof(v)) < 0)
    return -1;
  return 0;
}

// rsslimit(pages): keep at most pages heap pages in RAM, the rest on swap (0: no limit).
uint64 sys_rsslimit(void) {
  int pages;
  argint(0, &pages);
  return proc_rsslimit(pages);
}

// pagepolicy(policy): which page goes to swap first (PAGE_FIFO, PAGE_CLOCK, PAGE_RANDOM).
uint64 sys_pagepolicy(void) {
  int policy;
  argint(0, &policy);
  return proc_pagepolicy(policy);
}

// clone(fn, arg1, arg2, stack): a new thread running fn(arg1, arg2) on the page at stack.
uint64 sys_clone(void) {
  uint64 fn, arg1, arg2, stack;
  argaddr(0, &fn);
  argaddr(1, &arg1);
  argaddr(2, &arg2);
  argaddr(3, &stack);
  return clone(fn, arg1, arg2, stack);
}

// join(void **stack): wait for a thread this one made; its pid, its stack at *stack.
uint64 sys_join(void) {
  uint64 stack_addr;
  argaddr(0, &stack_addr);
  return join(stack_addr);
}

uint64 sys_exit_thread(void) {
  exit_thread();
}

uint64 sys_futex_wait(void) {
  uint64 addr;
  int expected;
  argaddr(0, &addr);
  argint(1, &expected);
  return futex_wait(addr, expected);
}

uint64 sys_futex_wake(void) {
  uint64 addr;
  int n;
  argaddr(0, &addr);
  argint(1, &n);
  return futex_wake(addr, n);
}

// lockstat(struct lockstat *st, int n): copy the counters of up to n lock names to st and
// return how many names there are; lockstat(0, 0) resets the counters. -1 for a bad st.
uint64 sys_lockstat(void) {
  uint64 dst;
  int n;
  argaddr(0, &dst);
  argint(1, &n);
  if (dst == 0) {
    lockstat_reset();
    return 0;
  }
  if (n < 0)
    return -1;
  if (n > NLOCKSTAT)
    n = NLOCKSTAT;
  struct lockstat *st = kalloc(); // NLOCKSTAT entries fit in a page, not on the stack
  if (st == 0)
    return -1;
  int count = lockstat_read(st, n);
  int shown = count < n ? count : n;
  int result = copyout(myproc()->pagetable, dst, (char *)st, shown * sizeof(*st));
  kfree(st);
  return result < 0 ? -1 : count;
}

// yield(): give the cpu to another runnable thread or process (POSIX's sched_yield).
uint64 sys_yield(void) {
  yield();
  return 0;
}

// pgpte(va): the PTE that maps va in the caller's page table, or 0 (a test helper).
uint64 sys_pgpte(void) {
  uint64 va;
  argaddr(0, &va);
  if (va >= MAXVA)
    return 0;
  pte_t *pte = walk(myproc()->pagetable, va, 0);
  return pte ? *pte : 0;
}

// kpgtbl(): print the caller's page table on the console (vmprint, the pgtbl lab's).
uint64 sys_kpgtbl(void) {
  vmprint(myproc()->pagetable);
  return 0;
}

#define PGACCESS_MAX 512 // pages one pgaccess call may ask about

// pgaccess(base, npages, bitmask): which of npages pages were accessed since the last call,
// as bits of bitmask ((npages + 7) / 8 bytes). Page i holds base + i * PGSIZE (MIT's tests
// pass a base from malloc, not page-aligned).
uint64 sys_pgaccess(void) {
  uint64 base, dst;
  int npages;
  argaddr(0, &base);
  argint(1, &npages);
  argaddr(2, &dst);
  uint8 bits[PGACCESS_MAX / 8];
  memset(bits, 0, sizeof(bits));
  struct proc *p = myproc();
  if (npages < 0 || npages > PGACCESS_MAX ||
      uvmaccessed(p->pagetable, base, npages, bits, p->asid) < 0 ||
      copyout(p->pagetable, dst, (char *)bits, (npages + 7) / 8) < 0)
    return -1;
  return 0;
}

// sleep(n): wait n clock ticks. Returns 0, or -1 if killed meanwhile.
uint64 sys_sleep(void) {
  int n;
  argint(0, &n);
  if (n < 0)
    n = 0;
  acquire(&tickslock);
  uint start = ticks;
  while (ticks - start < (uint)n) {
    if (killed(myproc())) {
      release(&tickslock);
      return -1;
    }
    cv_wait(&ticks_cv, &tickslock);
  }
  release(&tickslock);
  return 0;
}

uint64 sys_kill(void) {
  int pid;
  argint(0, &pid);
  return kill(pid);
}

// Clock ticks since boot.
uint64 sys_uptime(void) {
  acquire(&tickslock);
  uint t = ticks;
  release(&tickslock);
  return t;
}

// kstats(struct kstats *st): copy the kernel's counters to st. Returns 0 or -1.
uint64 sys_kstats(void) {
  uint64 dst;
  argaddr(0, &dst);
  struct kstats snapshot;
  memmove(&snapshot, &kstats, sizeof(snapshot));
  if (copyout(myproc()->pagetable, dst, (char *)&snapshot, sizeof(snapshot)) < 0)
    return -1;
  return 0;
}

// blkmark(id, text): writes a mark into the block trace, so the crash-state explorer knows
// where a workload begins and ends. -1 when the kernel was booted without blktrace=1.
uint64 sys_blkmark(void) {
  int id;
  char text[128];
  argint(0, &id);
  if (argstr(1, text, sizeof(text)) < 0 || !blktrace_on)
    return -1;
  blktrace_mark(id, text);
  return 0;
}

// BEGIN LAB syscall
// trace(mask): trace the system calls in mask (bit n: call n) of this process and of the
// children it creates from now on.
uint64 sys_trace(void) {
  int mask;
  argint(0, &mask);
  myproc()->trace_mask = mask;
  return 0;
}

// sysinfo(struct sysinfo *info): free memory and the number of processes. Returns 0 or -1.
uint64 sys_sysinfo(void) {
  uint64 dst;
  argaddr(0, &dst);
  struct sysinfo info;
  info.freemem = kfreemem();
  info.nproc = nproc_used();
  if (copyout(myproc()->pagetable, dst, (char *)&info, sizeof(info)) < 0)
    return -1;
  return 0;
}
// END LAB syscall

// BEGIN LAB sched
// setsched(name): switch to the scheduling policy called name ("rr", "lottery", "stride").
// Returns 0, or -1 if there is none by that name.
uint64 sys_setsched(void) {
  char name[16];
  if (argstr(0, name, sizeof(name)) < 0)
    return -1;
  return sched_select(name);
}

// settickets(n): give the calling process n tickets (1 to MAX_TICKETS). Returns 0 or -1.
uint64 sys_settickets(void) {
  int n;
  argint(0, &n);
  if (n < 1 || n > MAX_TICKETS)
    return -1;
  struct proc *p = myproc();
  acquire(&p->lock);
  p->sched_data[SCHED_TICKETS] = n;
  release(&p->lock);
  return 0;
}

// getpinfo(struct pstat *ps): copy out what the scheduler knows of every process slot.
// Returns 0, or -1 if ps is not an address the process may write.
uint64 sys_getpinfo(void) {
  uint64 dst;
  argaddr(0, &dst);
  struct pstat *ps = kalloc(); // too big for the kernel stack
  if (ps == 0)
    return -1;
  sched_getpinfo(ps);
  int result = copyout(myproc()->pagetable, dst, (char *)ps, sizeof(*ps));
  kfree(ps);
  return result < 0 ? -1 : 0;
}
// END LAB sched
