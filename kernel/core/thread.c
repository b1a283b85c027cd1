// Threads: clone and join, and exec's ending of a process's other threads (proc.c ends
// threads on exit). A thread is a process-table slot that shares its group leader's address
// space: it has its own kernel stack, trapframe (at THREADFRAME(slot)) and user stack.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/vmstat.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/core/proctable.h"

// A new thread of the running process, sharing its memory, that starts at fn(arg1, arg2)
// on the one-page stack at stack, not yet runnable: the caller copies the file descriptors,
// then calls proc_start. 0 if the arguments are bad, no process is left, or the process is
// ending.
struct proc *proc_clone(uint64 fn, uint64 arg1, uint64 arg2, uint64 stack) {
  // BEGIN LAB threads
  struct proc *parent = myproc();
  char probe;
  if (fn >= parent->sz || stack % PGSIZE != 0 || stack + PGSIZE > parent->sz ||
      stack + PGSIZE < stack)
    return 0;
  // Both ends of the stack must be user memory (copyin allocates them if lazily grown).
  if (copyin(parent->pagetable, &probe, stack, 1) < 0 ||
      copyin(parent->pagetable, &probe, stack + PGSIZE - 1, 1) < 0)
    return 0;

  struct proc *child = allocproc(0);
  if (child == 0)
    return 0;
  child->tfva = THREADFRAME(child - proc);
  child->pagetable = parent->pagetable;
  child->asid = parent->asid;
  child->ustack = stack;
  *child->trapframe = *parent->trapframe;
  child->trapframe->epc = fn;
  child->trapframe->a0 = arg1;
  child->trapframe->a1 = arg2;
  child->trapframe->sp = stack + PGSIZE;
  // Returning from fn jumps here: never user memory, so the thread faults.
  child->trapframe->ra = 0xffffffff;
  safestrcpy(child->name, parent->name, sizeof(parent->name));

  uvm_lock();
  int mapped =
      mappages(child->pagetable, child->tfva, PGSIZE, (uint64)child->trapframe, PTE_R | PTE_W) == 0;
  if (mapped) {
    child->space = parent->space;
    space_get(child->space);
    child->sz = parent->sz;
  }
  uvm_unlock();
  if (!mapped) {
    child->pagetable = 0;
    freeproc(child);
    release(&child->lock);
    return 0;
  }
  // A thread that used this slot before may have left its trapframe's translation in a
  // hart's TLB under this ASID: the new generation makes every hart flush before running it.
  asid_changed(child->asid, VM_FLUSH_OTHER);
  release(&child->lock);

  // Join the group, unless it is ending (exit or exec already killed its threads).
  acquire(&wait_lock);
  struct proc *leader = parent->leader;
  if (leader->group_exiting || leader->execer || parent->killed) {
    release(&wait_lock);
    acquire(&child->lock);
    freeproc(child);
    release(&child->lock);
    return 0;
  }
  child->leader = leader;
  child->parent = parent;
  release(&wait_lock);
  return child;
  // STUB LAB threads
  // // your code here
  // return 0;
  // END LAB threads
}

// Wait for a thread the caller made to end; store its stack's address at user address
// stack_addr. Returns its pid, or -1 if there is none, the address is bad, or the caller
// is killed while waiting.
int join(uint64 stack_addr) {
  // BEGIN LAB threads
  struct proc *p = myproc();
  acquire(&wait_lock);
  for (;;) {
    int have_threads = 0;
    for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
      if (pp->parent != p || pp->leader == pp || pp->leader != p->leader)
        continue;
      acquire(&pp->lock);
      have_threads = 1;
      if (pp->state == ZOMBIE) {
        int pid = pp->pid;
        if (copyout(p->pagetable, stack_addr, (char *)&pp->ustack, sizeof(void *)) < 0) {
          release(&pp->lock);
          release(&wait_lock);
          return -1;
        }
        freeproc(pp);
        release(&pp->lock);
        release(&wait_lock);
        return pid;
      }
      release(&pp->lock);
    }
    if (!have_threads || killed(p)) {
      release(&wait_lock);
      return -1;
    }
    cv_wait(&child_exit[p - proc], &wait_lock);
  }
  // STUB LAB threads
  // // your code here
  // return -1;
  // END LAB threads
}

// Before exec: make the running thread the only one of its process. The others are killed,
// waited for and freed; a thread other than the leader takes the leader's place (its pid
// and parent). Returns 0, or -1 if the process is already ending (the exec then fails).
int proc_single(void) {
  struct proc *p = myproc();
  acquire(&wait_lock);
  struct proc *leader = p->leader;
  if (leader->group_exiting || leader->execer) {
    release(&wait_lock);
    return -1;
  }
  if (!others_alive(leader, p) && leader == p) {
    reap_group(p, p);
    release(&wait_lock);
    return 0;
  }
  leader->execer = p;
  kill_group(leader, p);
  while (others_alive(leader, p))
    cv_wait(&group_end[leader - proc], &wait_lock);
  for (struct proc *q = proc; q < &proc[NPROC]; q++) {
    if (q != p && q != leader && (q->leader == leader || q->leader == p)) {
      acquire(&q->lock);
      if (q->state == ZOMBIE)
        freeproc(q);
      release(&q->lock);
    }
  }
  if (leader != p) {
    // The old leader ended in thread_end, which made it a thread of p's.
    p->pid = leader->pid;
    p->parent = leader->parent;
    for (struct proc *q = proc; q < &proc[NPROC]; q++) {
      if (q->parent == leader)
        q->parent = p;
    }
    acquire(&leader->lock);
    freeproc(leader);
    release(&leader->lock);
  }
  p->leader = p;
  p->execer = 0;
  release(&wait_lock);
  return 0;
}
