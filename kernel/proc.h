#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include "kernel/spinlock.h"
#include "kernel/condvar.h"

// Callee-saved registers for kernel context switches (swtch.S).
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

// Per-hart state.
struct cpu {
  struct proc *proc;      // the process running on this cpu, or null
  struct context context; // swtch() here to enter the scheduler
  int noff;               // depth of push_off() nesting
  int intena;             // were interrupts enabled before push_off()?
};

extern struct cpu cpus[NCPU];

// Saved user registers, in the page at TRAPFRAME; the trampoline saves and restores them.
// The first five fields are what the trampoline needs to enter the kernel.
struct trapframe {
  /*   0 */ uint64 kernel_satp;   // kernel page table
  /*   8 */ uint64 kernel_sp;     // top of process's kernel stack
  /*  16 */ uint64 kernel_trap;   // usertrap()
  /*  24 */ uint64 epc;           // saved user program counter
  /*  32 */ uint64 kernel_hartid; // saved kernel tp
  /*  40 */ uint64 ra;
  /*  48 */ uint64 sp;
  /*  56 */ uint64 gp;
  /*  64 */ uint64 tp;
  /*  72 */ uint64 t0;
  /*  80 */ uint64 t1;
  /*  88 */ uint64 t2;
  /*  96 */ uint64 s0;
  /* 104 */ uint64 s1;
  /* 112 */ uint64 a0;
  /* 120 */ uint64 a1;
  /* 128 */ uint64 a2;
  /* 136 */ uint64 a3;
  /* 144 */ uint64 a4;
  /* 152 */ uint64 a5;
  /* 160 */ uint64 a6;
  /* 168 */ uint64 a7;
  /* 176 */ uint64 s2;
  /* 184 */ uint64 s3;
  /* 192 */ uint64 s4;
  /* 200 */ uint64 s5;
  /* 208 */ uint64 s6;
  /* 216 */ uint64 s7;
  /* 224 */ uint64 s8;
  /* 232 */ uint64 s9;
  /* 240 */ uint64 s10;
  /* 248 */ uint64 s11;
  /* 256 */ uint64 t3;
  /* 264 */ uint64 t4;
  /* 272 */ uint64 t5;
  /* 280 */ uint64 t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

// Per-process state.
struct proc {
  struct spinlock lock;

  // p->lock must be held when using these:
  enum procstate state;    // process state
  struct condvar *waiting; // if SLEEPING, the condition variable it waits on
  int killed;              // if non-zero, have been killed
  int xstate;              // exit status to be returned to parent's wait
  int pid;                 // process id

  // wait_lock must be held when using this:
  struct proc *parent; // parent process

  // scheduling policy state (used by the policy behind sched.c's interface)
  uint64 ticks_run;     // timer ticks this process has run
  uint64 sched_data[4]; // per-policy bookkeeping (tickets, pass, queue level, ...)

  // private to the process, so p->lock need not be held:
  uint64 kstack;               // virtual address of kernel stack
  uint64 sz;                   // size of process memory (bytes)
  pagetable_t pagetable;       // user page table
  uint16 asid;                 // address-space id tagged on this page table's TLB entries
  struct trapframe *trapframe; // data page for trampoline.S
  struct context context;      // swtch() here to run process
  struct file *ofile[NOFILE];  // open files
  struct inode *cwd;           // current directory
  char name[16];               // process name (debugging)
  // BEGIN LAB syscall
  int trace_mask; // system calls to trace (bit n: call n); children inherit it
  // END LAB syscall
};
#endif
