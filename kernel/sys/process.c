// fork and exit: a process (core/proc.c) and its open files and directory (fs/fdtable.c).

#include "kernel/kstats.h"
#include "kernel/core/proc.h"
#include "kernel/fs/fdtable.h"
#include "kernel/sys/process.h"
#include "kernel/sys/exec.h"
// BEGIN LAB mmap
#include "kernel/sys/mmap.h"
// END LAB mmap

// The child returns 0 from fork; the parent gets the child's pid, or -1 if no process or
// memory is left.
int fork(void) {
  struct proc *child = proc_fork();
  if (child == 0)
    return -1;
  // BEGIN LAB mmap
  if (mmap_fork(myproc(), child) < 0) {
    proc_unfork(child);
    return -1;
  }
  // END LAB mmap
  exec_fork(myproc(), child);
  fdtable_fork(myproc(), child);
  int pid = child->pid;
  KSTAT_INC(forks);
  proc_start(child);
  return pid;
}

void exit(int status) {
  // BEGIN LAB mmap
  mmap_exit(myproc());
  // END LAB mmap
  exec_exit(myproc());
  fdtable_exit(myproc());
  proc_exit(status);
}

// A new thread gets copies of the caller's file descriptors, as a forked child does.
int clone(uint64 fn, uint64 arg1, uint64 arg2, uint64 stack) {
  struct proc *child = proc_clone(fn, arg1, arg2, stack);
  if (child == 0)
    return -1;
  // BEGIN LAB syscall
  child->trace_mask = myproc()->trace_mask;
  // END LAB syscall
  fdtable_fork(myproc(), child);
  int pid = child->pid;
  proc_start(child);
  return pid;
}

void exit_thread(void) {
  // BEGIN LAB mmap
  if (myproc()->leader == myproc()) // the leader's end is the process's
    mmap_exit(myproc());
  // END LAB mmap
  if (myproc()->leader == myproc())
    exec_exit(myproc());
  fdtable_exit(myproc());
  proc_thread_exit();
}
