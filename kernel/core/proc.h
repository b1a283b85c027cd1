#ifndef KERNEL_CORE_PROC_H
#define KERNEL_CORE_PROC_H
// Processes: the process table, creation, exit and waiting, and the per-hart scheduler loop.
// A process's open files and current directory are the file system's (fs/fdtable.h); the
// system layer puts fork and exit together from both (sys/process.h).
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/vmstat.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/trapframe.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/condvar.h"

struct file;
struct inode;
struct aspace;

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

  // wait_lock must be held when using these:
  struct proc *parent; // parent process, or for a thread the thread that made it
  // Threads: a process is a group of threads sharing one address space. Its leader is the
  // thread fork made, whose pid the parent waits for; clone adds the others.
  struct proc *leader; // the group's leader (itself for a process)
  int group_exiting;   // on the leader: some thread called exit, with status group_xstate
  int group_xstate;    //
  struct proc *execer; // on the leader: a thread in exec, waiting for the others to end

  // scheduling policy state (used by the policy behind sched.c's interface)
  uint64 ticks_run;     // timer ticks this process has run
  uint64 sched_data[4]; // per-policy bookkeeping (tickets, pass, queue level, ...)

  // private to the process, so p->lock need not be held:
  uint64 kstack;               // virtual address of kernel stack
  uint64 sz;                   // size of process memory (bytes); every thread's copy is kept
                               // equal under uvm_lock
  pagetable_t pagetable;       // user page table (shared by the threads)
  uint16 asid;                 // address-space id tagged on this page table's TLB entries
  struct aspace *space;        // the address space, reference counted by its threads
  struct trapframe *trapframe; // data page for trampoline.S
  uint64 tfva;                 // user address of the trapframe (TRAPFRAME or THREADFRAME(i))
  uint64 ustack;               // a thread's user stack as given to clone (join returns it)
  struct context context;      // swtch() here to run process
  struct file *ofile[NOFILE];  // open files (fs/fdtable.c)
  struct inode *cwd;           // current directory (fs/fdtable.c)
  char name[16];               // process name (debugging)
  struct vmstats vm;           // what the memory layer did for it (faults, pages, flushes)
  uint64 bt_call;              // block trace: the system call running (dev/blktrace.c), or 0
  int bt_num;                  // its number
  int bt_shown;                // its start is in the trace
  // BEGIN LAB syscall
  int trace_mask; // system calls to trace (bit n: call n); children inherit it
  // END LAB syscall
};

extern struct proc proc[NPROC];

// start_user: what a new process runs first, once it holds no lock (the return to user space).
void procinit(void (*start_user)(void));
void userinit(void); // the first process, running initcode
struct proc *myproc(void);
uint64 growproc(int n); // returns the old end, or -1
uint64 growproc_lazy(int n);
struct proc *proc_kill_largest(struct proc *self);
int proc_vmstats(int pid, struct vmstats *out);
int proc_rsslimit(int pages);               // resident-set limit of the running process (0: none)
int proc_pagepolicy(int policy);            // its page replacement policy (PAGE_*)
pagetable_t proc_pagetable(struct proc *p); // its trapframe mapped at TRAPFRAME
void proc_freepagetable(pagetable_t pagetable, uint64 sz, uint64 tfva);
void proc_setsize(struct proc *p, uint64 sz); // of the address space, in every thread

// fork is proc_fork, then the caller copies what other layers own, then proc_start.
struct proc *proc_fork(void); // a copy of the running process, not yet runnable; 0 if none
void proc_start(struct proc *child);
void proc_exit(int status) __attribute__((noreturn));  // open files already closed
void proc_thread_exit(void) __attribute__((noreturn)); // only the running thread ends
int wait(uint64 addr);
int kill(int pid);

// Threads. clone is proc_clone, then the caller copies the file descriptors, then
// proc_start. join reaps a thread the caller made.
struct proc *proc_clone(uint64 fn, uint64 arg1, uint64 arg2, uint64 stack);
int join(uint64 stack_addr);
int proc_single(void); // before exec: end every other thread; -1 if the process is ending
int killed(struct proc *p);
void proc_wake(struct proc *p); // make a SLEEPING p RUNNABLE; p->lock held
void setkilled(struct proc *p);

void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);

// Copy to or from a user address (user = 1) of the running process, or a kernel address.
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void procdump(void); // the process list, for ^P
// BEGIN LAB syscall
int nproc_used(void);
// END LAB syscall
// The file its address space's program pages come from (lazyexec=1), or 0; set it to f and
// get the one it replaces, which the caller closes.
struct file *proc_program(struct proc *p);
struct file *proc_set_program(struct proc *p, struct file *f);
// BEGIN LAB mmap
struct vma *proc_vmas(struct proc *p); // its address space's file mappings (NVMA)
void proc_unfork(struct proc *child);  // free a child proc_fork made, before proc_start
// END LAB mmap
#endif
