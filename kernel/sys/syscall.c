// System call dispatch, and fetching system call arguments from the trapframe and user
// memory. Every user pointer is checked (by copyin/copyinstr); a bad one gives -1.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/syscall.h"
#include "kernel/kstats.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/dev/blktrace.h"
#include "kernel/sys/args.h"

// Fetch the uint64 at user address addr. Returns 0, or -1 if it is not all in the process.
int fetchaddr(uint64 addr, uint64 *ip) {
  struct proc *p = myproc();
  if (addr >= p->sz || addr + sizeof(uint64) > p->sz || addr + sizeof(uint64) < addr)
    return -1;
  if (copyin(p->pagetable, (char *)ip, addr, sizeof(*ip)) != 0)
    return -1;
  return 0;
}

// Fetch the NUL-terminated string at user address addr into buf (at most max bytes).
// Returns its length, or -1.
int fetchstr(uint64 addr, char *buf, int max) {
  struct proc *p = myproc();
  if (max <= 0 || copyinstr(p->pagetable, buf, addr, max) < 0)
    return -1;
  return strlen(buf);
}

static uint64 argraw(int n) {
  struct trapframe *tf = myproc()->trapframe;
  switch (n) {
  case 0: return tf->a0;
  case 1: return tf->a1;
  case 2: return tf->a2;
  case 3: return tf->a3;
  case 4: return tf->a4;
  case 5: return tf->a5;
  }
  panic("argraw: no such argument");
}

// The n'th argument as an int.
void argint(int n, int *ip) {
  *ip = argraw(n);
}

// The n'th argument as an address. It is not checked here: copyin/copyout check it on use.
void argaddr(int n, uint64 *ip) {
  *ip = argraw(n);
}

// The n'th argument as a string, copied into buf (at most max bytes, NUL included).
// Returns its length, or -1.
int argstr(int n, char *buf, int max) {
  uint64 addr;
  argaddr(n, &addr);
  return fetchstr(addr, buf, max);
}

extern uint64 sys_fork(void);
extern uint64 sys_exit(void);
extern uint64 sys_wait(void);
extern uint64 sys_pipe(void);
extern uint64 sys_read(void);
extern uint64 sys_kill(void);
extern uint64 sys_exec(void);
extern uint64 sys_fstat(void);
extern uint64 sys_chdir(void);
extern uint64 sys_dup(void);
extern uint64 sys_getpid(void);
extern uint64 sys_sbrk(void);
extern uint64 sys_sleep(void);
extern uint64 sys_uptime(void);
extern uint64 sys_open(void);
extern uint64 sys_write(void);
extern uint64 sys_mknod(void);
extern uint64 sys_unlink(void);
extern uint64 sys_link(void);
extern uint64 sys_mkdir(void);
extern uint64 sys_close(void);
extern uint64 sys_kstats(void);
extern uint64 sys_vmstats(void);
extern uint64 sys_clone(void);
extern uint64 sys_join(void);
extern uint64 sys_exit_thread(void);
extern uint64 sys_futex_wait(void);
extern uint64 sys_futex_wake(void);
extern uint64 sys_lockstat(void);
extern uint64 sys_yield(void);
extern uint64 sys_pgpte(void);
extern uint64 sys_kpgtbl(void);
extern uint64 sys_pgaccess(void);
extern uint64 sys_blkmark(void);
extern uint64 sys_symlink(void);
extern uint64 sys_mmap(void);
extern uint64 sys_munmap(void);
extern uint64 sys_rsslimit(void);
extern uint64 sys_pagepolicy(void);
extern uint64 sys_fsync(void);
extern uint64 sys_sync(void);
// BEGIN LAB syscall
extern uint64 sys_trace(void);
extern uint64 sys_sysinfo(void);
// END LAB syscall
// BEGIN LAB sched
extern uint64 sys_setsched(void);
extern uint64 sys_settickets(void);
extern uint64 sys_getpinfo(void);
// END LAB sched

// Indexed by the SYS_* numbers of syscall.h.
static uint64 (*syscalls[])(void) = {
    [SYS_fork] sys_fork,
    [SYS_exit] sys_exit,
    [SYS_wait] sys_wait,
    [SYS_pipe] sys_pipe,
    [SYS_read] sys_read,
    [SYS_kill] sys_kill,
    [SYS_exec] sys_exec,
    [SYS_fstat] sys_fstat,
    [SYS_chdir] sys_chdir,
    [SYS_dup] sys_dup,
    [SYS_getpid] sys_getpid,
    [SYS_sbrk] sys_sbrk,
    [SYS_sleep] sys_sleep,
    [SYS_uptime] sys_uptime,
    [SYS_open] sys_open,
    [SYS_write] sys_write,
    [SYS_mknod] sys_mknod,
    [SYS_unlink] sys_unlink,
    [SYS_link] sys_link,
    [SYS_mkdir] sys_mkdir,
    [SYS_close] sys_close,
    [SYS_kstats] sys_kstats,
    [SYS_vmstats] sys_vmstats,
    [SYS_clone] sys_clone,
    [SYS_join] sys_join,
    [SYS_exit_thread] sys_exit_thread,
    [SYS_futex_wait] sys_futex_wait,
    [SYS_futex_wake] sys_futex_wake,
    [SYS_lockstat] sys_lockstat,
    [SYS_yield] sys_yield,
    [SYS_pgpte] sys_pgpte,
    [SYS_kpgtbl] sys_kpgtbl,
    [SYS_pgaccess] sys_pgaccess,
    [SYS_blkmark] sys_blkmark,
    [SYS_symlink] sys_symlink,
    [SYS_mmap] sys_mmap,
    [SYS_munmap] sys_munmap,
    [SYS_rsslimit] sys_rsslimit,
    [SYS_pagepolicy] sys_pagepolicy,
    [SYS_fsync] sys_fsync,
    [SYS_sync] sys_sync,
    // BEGIN LAB syscall
    [SYS_trace] sys_trace,
    [SYS_sysinfo] sys_sysinfo,
    // END LAB syscall
    // BEGIN LAB sched
    [SYS_setsched] sys_setsched,
    [SYS_settickets] sys_settickets,
    [SYS_getpinfo] sys_getpinfo,
    // END LAB sched
};

// BEGIN LAB syscall
// Names of the system calls, for trace's output.
static const char *syscall_names[] = {
    [SYS_fork] "fork",
    [SYS_exit] "exit",
    [SYS_wait] "wait",
    [SYS_pipe] "pipe",
    [SYS_read] "read",
    [SYS_kill] "kill",
    [SYS_exec] "exec",
    [SYS_fstat] "fstat",
    [SYS_chdir] "chdir",
    [SYS_dup] "dup",
    [SYS_getpid] "getpid",
    [SYS_sbrk] "sbrk",
    [SYS_sleep] "sleep",
    [SYS_uptime] "uptime",
    [SYS_open] "open",
    [SYS_write] "write",
    [SYS_mknod] "mknod",
    [SYS_unlink] "unlink",
    [SYS_link] "link",
    [SYS_mkdir] "mkdir",
    [SYS_close] "close",
    [SYS_kstats] "kstats",
    [SYS_vmstats] "vmstats",
    [SYS_clone] "clone",
    [SYS_join] "join",
    [SYS_exit_thread] "exit_thread",
    [SYS_futex_wait] "futex_wait",
    [SYS_futex_wake] "futex_wake",
    [SYS_lockstat] "lockstat",
    [SYS_yield] "yield",
    [SYS_pgpte] "pgpte",
    [SYS_kpgtbl] "kpgtbl",
    [SYS_pgaccess] "pgaccess",
    [SYS_blkmark] "blkmark",
    [SYS_symlink] "symlink",
    [SYS_mmap] "mmap",
    [SYS_munmap] "munmap",
    [SYS_rsslimit] "rsslimit",
    [SYS_pagepolicy] "pagepolicy",
    [SYS_fsync] "fsync",
    [SYS_sync] "sync",
    [SYS_trace] "trace",
    [SYS_sysinfo] "sysinfo",
    // END LAB syscall
    // BEGIN LAB sched
    [SYS_setsched] "setsched",
    [SYS_settickets] "settickets",
    [SYS_getpinfo] "getpinfo",
    // END LAB sched
    // BEGIN LAB syscall
};
// END LAB syscall

// The system call number is in a7; the result goes back to user space in a0.
void syscall(void) {
  struct proc *p = myproc();
  uint64 num = p->trapframe->a7;
  KSTAT_INC(syscalls);
  if (num > 0 && num < NELEM(syscalls) && syscalls[num]) {
    if (blktrace_on)
      blktrace_call_begin(num);
    p->trapframe->a0 = syscalls[num]();
    if (blktrace_on)
      blktrace_call_end(p->trapframe->a0);
    // BEGIN LAB syscall
    // exit never returns here; exec that worked returns here in the new program.
    if ((p->trace_mask >> num) & 1) {
      const char *name = num < NELEM(syscall_names) ? syscall_names[num] : 0;
      name = name ? name : "?";
      printf("%d: syscall %s -> %ld\n", p->pid, name, (long)p->trapframe->a0);
    }
    // END LAB syscall
  } else {
    printf("pid %d %s: unknown sys call %ld\n", p->pid, p->name, num);
    p->trapframe->a0 = -1;
  }
}
