// Processes: the process table, fork/exit/wait/kill and the per-hart scheduler loop. A
// process's threads end here too; clone, join and exec's ending of the other threads are
// in thread.c.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/kstats.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/vectors.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/mem/swap.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/futex.h"
#include "kernel/core/proctable.h"

struct proc proc[NPROC];

static struct proc *initproc;

static int nextpid = 1;
static struct spinlock pid_lock;

// Protects every p->parent, and is the lock for the child_exit condition variables. Taken
// before any p->lock, so that a parent and child never deadlock in exit and wait.
struct spinlock wait_lock;
// child_exit[i]: a child of proc[i] exited or was handed to it (wait sleeps on the one of
// its group's leader, join on its own).
struct condvar child_exit[NPROC];
// group_end[i]: a thread of the group whose leader is proc[i] ended (the leader's exit and
// a thread's exec wait for the others on it).
struct condvar group_end[NPROC];

// An address space, shared by the threads of a process: its page table goes when the last
// of them is freed. aspace_lock guards the counts.
struct aspace {
  int refs;
  struct resident_set rs; // its pages that may go to swap, changed under uvm_lock
  struct file *program;   // what its unread program pages are read from, changed under uvm_lock
  // BEGIN LAB mmap
  struct vma vmas[NVMA]; // file mappings, changed under uvm_lock
  // END LAB mmap
};
static struct aspace aspaces[NPROC];
static struct spinlock aspace_lock;

static struct aspace *space_alloc(void) {
  struct aspace *s = 0;
  acquire(&aspace_lock);
  for (int i = 0; i < NPROC && !s; i++) {
    if (aspaces[i].refs == 0) {
      s = &aspaces[i];
      s->refs = 1;
      memset(&s->rs, 0, sizeof(s->rs));
      s->program = 0;
      // BEGIN LAB mmap
      memset(s->vmas, 0, sizeof(s->vmas));
      // END LAB mmap
    }
  }
  release(&aspace_lock);
  return s;
}

void space_get(struct aspace *s) {
  acquire(&aspace_lock);
  s->refs++;
  release(&aspace_lock);
}

// Drop one reference; returns how many are left.
static int space_put(struct aspace *s) {
  acquire(&aspace_lock);
  int left = --s->refs;
  release(&aspace_lock);
  return left;
}

static void forkret(void);

// What a new process runs once forkret has let go of its lock (the system layer's return
// to user space).
static void (*start_user)(void);

// If pagetable is the running process's, its heap end and ASID (mem/fault.c asks, to tell a
// lazily allocated page from a bad address, and which ASID to flush).
static int uvm_owner(pagetable_t pagetable, struct uvm_owner *out) {
  struct proc *p = myproc();
  if (p == 0 || p->pagetable != pagetable)
    return 0;
  out->heap = p->sz;
  out->asid = p->asid;
  out->rs = p->space ? &p->space->rs : 0;
  out->shared = p->space && p->space->refs > 1;
  out->program = p->space ? p->space->program : 0;
  // BEGIN LAB mmap
  out->vmas = p->space ? p->space->vmas : 0;
  // END LAB mmap
  return 1;
}

struct file *proc_program(struct proc *p) {
  return p->space ? p->space->program : 0;
}

struct file *proc_set_program(struct proc *p, struct file *f) {
  if (p->space == 0)
    return f;
  uvm_lock();
  struct file *old = p->space->program;
  p->space->program = f;
  uvm_unlock();
  return old;
}

// BEGIN LAB mmap
struct vma *proc_vmas(struct proc *p) {
  return p->space ? p->space->vmas : 0;
}

// Undo proc_fork for a child that cannot be completed: it never ran.
void proc_unfork(struct proc *child) {
  acquire(&wait_lock);
  child->parent = 0;
  release(&wait_lock);
  acquire(&child->lock);
  freeproc(child);
  release(&child->lock);
}
// END LAB mmap

void procinit(void (*start_user_fn)(void)) {
  start_user = start_user_fn;
  vm_set_owner(uvm_owner);
  initlock(&pid_lock, "nextpid");
  initlock(&wait_lock, "wait_lock");
  initlock(&aspace_lock, "aspace");
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    initlock(&p->lock, "proc");
    cv_init(&child_exit[p - proc], "wait");
    cv_init(&group_end[p - proc], "threads");
    p->state = UNUSED;
    p->kstack = KSTACK(p - proc);
  }
  sched_init();
  futexinit();
}

struct proc *myproc(void) {
  push_off();
  struct proc *p = mycpu()->proc;
  pop_off();
  return p;
}

static int allocpid(void) {
  acquire(&pid_lock);
  int pid = nextpid++;
  release(&pid_lock);
  return pid;
}

// Find an UNUSED slot and set it up to run in the kernel: trapframe, a context that starts
// at forkret and, if newspace, an address space of its own (empty user page table, ASID).
// Returns it with p->lock held, or 0.
struct proc *allocproc(int newspace) {
  struct proc *p;
  for (p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state == UNUSED)
      goto found;
    release(&p->lock);
  }
  return 0;

found:
  p->pid = allocpid();
  p->state = USED;
  p->killed = 0;
  p->xstate = 0;
  p->waiting = 0;
  p->ticks_run = 0;
  memset(p->sched_data, 0, sizeof(p->sched_data));
  memset(&p->vm, 0, sizeof(p->vm));
  p->leader = p;
  p->group_exiting = 0;
  p->group_xstate = 0;
  p->execer = 0;
  p->ustack = 0;
  // BEGIN LAB syscall
  p->trace_mask = 0;
  // END LAB syscall

  p->trapframe = kalloc();
  if (p->trapframe == 0) {
    freeproc(p);
    release(&p->lock);
    return 0;
  }
  if (newspace) {
    p->space = space_alloc();
    p->tfva = TRAPFRAME;
    p->pagetable = p->space ? proc_pagetable(p) : 0;
    if (p->pagetable == 0) {
      freeproc(p);
      release(&p->lock);
      return 0;
    }
    p->asid = asid_alloc();
  }

  memset(&p->context, 0, sizeof(p->context));
  p->context.ra = (uint64)forkret;
  p->context.sp = p->kstack + PGSIZE;
  return p;
}

// Release everything a process owns in memory. p->lock must be held.
void freeproc(struct proc *p) {
  if (p->space) {
    if (space_put(p->space) == 0) {
      if (p->pagetable)
        proc_freepagetable(p->pagetable, p->sz, p->tfva);
      asid_free(p->asid);
    } else if (p->pagetable) {
      // Other threads still run in it: take only this thread's trapframe out.
      uvm_lock();
      uvmunmap(p->pagetable, p->tfva, 1, 0);
      uvm_unlock();
    }
  }
  p->space = 0;
  if (p->trapframe)
    kfree(p->trapframe);
  p->trapframe = 0;
  p->pagetable = 0;
  p->asid = 0;
  p->tfva = 0;
  p->ustack = 0;
  p->leader = 0;
  p->execer = 0;
  p->group_exiting = 0;
  p->sz = 0;
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->waiting = 0;
  p->killed = 0;
  p->xstate = 0;
  p->state = UNUSED;
}

// A user page table with only the trampoline and the process's trapframe mapped (neither
// is accessible from user mode), and the page it shares read-only (USYSCALL). Returns 0 if
// out of memory.
pagetable_t proc_pagetable(struct proc *p) {
  pagetable_t pagetable = uvmcreate();
  if (pagetable == 0)
    return 0;
  if (mappages(pagetable, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X) < 0) {
    uvmfree(pagetable, 0);
    return 0;
  }
  if (mappages(pagetable, TRAPFRAME, PGSIZE, (uint64)p->trapframe, PTE_R | PTE_W) < 0) {
    uvmunmap(pagetable, TRAMPOLINE, 1, 0);
    uvmfree(pagetable, 0);
    return 0;
  }
  // BEGIN LAB pgtbl
  struct usyscall *u = kalloc(); // proc_freepagetable frees it with the table
  if (u == 0 || mappages(pagetable, USYSCALL, PGSIZE, (uint64)u, PTE_R | PTE_U) < 0) {
    if (u)
      kfree(u);
    proc_freepagetable(pagetable, 0, TRAPFRAME);
    return 0;
  }
  memset(u, 0, PGSIZE);
  u->pid = p->pid;
  // END LAB pgtbl
  return pagetable;
}

// Free a process's page table, the sz bytes of memory it maps and the mapping of the one
// trapframe left in it, at tfva.
void proc_freepagetable(pagetable_t pagetable, uint64 sz, uint64 tfva) {
  uvmunmap(pagetable, TRAMPOLINE, 1, 0);
  uvmunmap(pagetable, tfva, 1, 0);
  uvmunmap(pagetable, USYSCALL, 1, 1); // the pgtbl lab's page, if mapped, goes with the table
  // BEGIN LAB mmap
  // File mappings were written back and unmapped by exit or exec; a page left (a fork that
  // failed half way) only goes.
  uvmunmap(pagetable, MMAPBASE, (MMAPTOP - MMAPBASE) / PGSIZE, 1);
  // END LAB mmap
  uvmfree(pagetable, sz);
}

// Set the size of p's address space in every thread that shares it. uvm_lock is held, so
// that every thread reads the same size as the page table it grows or shrinks with.
static void setsize_locked(struct proc *p, uint64 sz) {
  for (struct proc *q = proc; q < &proc[NPROC]; q++) {
    if (q == p || (p->space && q->space == p->space))
      q->sz = sz;
  }
}

void proc_setsize(struct proc *p, uint64 sz) {
  uvm_lock();
  setsize_locked(p, sz);
  uvm_unlock();
}

// The first user program: initcode.S, assembled into a blob by kernel.mk (initblob.S).
extern uchar initcode_start[], initcode_end[];

void userinit(void) {
  struct proc *p = allocproc(1);
  if (p == 0)
    panic("userinit: no process");
  initproc = p;

  uint64 size = initcode_end - initcode_start;
  if (size > PGSIZE)
    panic("userinit: initcode larger than a page");
  char *mem = kalloc();
  if (mem == 0)
    panic("userinit: out of memory");
  memset(mem, 0, PGSIZE);
  if (mappages(p->pagetable, 0, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_X | PTE_U) < 0)
    panic("userinit: mappages");
  memmove(mem, initcode_start, size);
  p->sz = PGSIZE;

  // Start at address 0 with the stack at the top of the page.
  p->trapframe->epc = 0;
  p->trapframe->sp = PGSIZE;
  safestrcpy(p->name, "initcode", sizeof(p->name));
  // p->cwd is set on its way to user space, once the file system is up (sys/trap.c).

  p->state = RUNNABLE;
  release(&p->lock);
}

// Grow (n > 0) or shrink (n < 0) the running process's memory by n bytes. Returns the old
// end, or -1 if that would reach the trapframes or run out of memory; a shrink below 0 does
// nothing. Threads share
// the memory: the size changes for all of them at once, under uvm_lock.
uint64 growproc(int n) {
  struct proc *p = myproc();
  uvm_lock();
  uint64 old = p->sz, sz = old;
  int failed = 0;
  if (n > 0) {
    // The new pages are heap pages as they come, so that they join the resident set.
    failed = sz + n > USERTOP;
    if (!failed)
      setsize_locked(p, sz + n);
    if (!failed && (sz = uvmalloc(p->pagetable, old, old + n, PTE_W)) == 0) {
      setsize_locked(p, old);
      failed = 1;
    }
  } else if (n < 0) {
    uint64 shrink = -(long)n;
    if (shrink <= sz) // else, as in xv6 (whose 2025 usertests count on it), nothing changes
      sz = uvmdealloc(p->pagetable, sz, sz - shrink);
  }
  if (failed) {
    uvm_unlock();
    return -1;
  }
  setsize_locked(p, sz);
  uvm_unlock();
  // Other harts running a thread of this process flush at their next switch (asid_activate
  // sees the new generation); until then a shrunk page may linger in their TLBs.
  if (sz != old)
    asid_changed(p->asid, n < 0 ? VM_FLUSH_SHRINK : VM_FLUSH_OTHER);
  return old;
}

// Move the end of the running process's heap up by n bytes without allocating: each page is
// allocated when first touched (mem/fault.c). Returns the old end, or -1 if it would reach
// the trapframes.
uint64 growproc_lazy(int n) {
  struct proc *p = myproc();
  uvm_lock();
  uint64 old = p->sz;
  if (n < 0 || old + n > USERTOP) {
    uvm_unlock();
    return -1;
  }
  setsize_locked(p, old + n);
  uvm_unlock();
  return old;
}

// rsslimit: the running process may keep at most pages of its heap's pages in RAM (0: no
// limit); past it, its own pages go to swap. -1 without a swap disk, for a bad number, or for
// a process with threads (whose pages are never paged out).
int proc_rsslimit(int pages) {
  struct proc *p = myproc();
  if (pages < 0 || pages > NRESIDENT || (pages > 0 && !swap_enabled()) || p->space == 0)
    return -1;
  uvm_lock();
  int ok = p->space->refs == 1;
  if (ok)
    p->space->rs.limit = pages;
  uvm_unlock();
  return ok ? 0 : -1;
}

// pagepolicy: the policy (PAGE_*) that picks which page of the running process goes to swap.
int proc_pagepolicy(int policy) {
  struct proc *p = myproc();
  if (policy < 0 || policy >= PAGE_POLICIES || p->space == 0)
    return -1;
  uvm_lock();
  p->space->rs.policy = policy;
  uvm_unlock();
  return 0;
}

// Out of memory: kill the process with the most user pages in RAM (init is spared; on a tie,
// self, which asked). Returns it, or 0 if self is not a candidate and no other is.
struct proc *proc_kill_largest(struct proc *self) {
  struct proc *largest = 0;
  uint64 most = 0;
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state != UNUSED && p->state != ZOMBIE && p->pid != 1 && p->pagetable) {
      uint64 pages = uvmresident(p->pagetable, p->sz);
      if (pages > most || (pages == most && p == self)) {
        largest = p;
        most = pages;
      }
    }
    release(&p->lock);
  }
  if (largest && largest != self) {
    printf("out of memory: killing pid %d (%s), %ld KB\n", largest->pid, largest->name,
           (long)(most * PGSIZE / 1024));
    kill(largest->pid);
  }
  return largest;
}

// Copy the VM counters of process pid, or the whole system's when pid is 0, into *out.
// Returns 0, or -1 if there is no such process.
int proc_vmstats(int pid, struct vmstats *out) {
  if (pid == 0) {
    *out = vmstats_all;
    out->pages_free = kfreemem() / PGSIZE;
    swap_counts(&out->swap_slots, &out->swap_slots_used);
    return 0;
  }
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state != UNUSED && p->pid == pid) {
      *out = p->vm;
      release(&p->lock);
      out->pages_free = kfreemem() / PGSIZE;
      swap_counts(&out->swap_slots, &out->swap_slots_used);
      return 0;
    }
    release(&p->lock);
  }
  return -1;
}

// A copy of the running process, with its parent set, that is not yet RUNNABLE: the caller
// copies what other layers keep per process, then calls proc_start. 0 if no process or
// memory is left.
struct proc *proc_fork(void) {
  struct proc *parent = myproc();
  struct proc *child = allocproc(1);
  if (child == 0)
    return 0;

  // Only the calling thread is copied; the lock keeps the other threads from changing the
  // memory while it is.
  uvm_lock();
  uint64 sz = parent->sz;
  int copied = uvmcopy(parent->pagetable, child->pagetable, sz);
  // The child keeps the limit and policy, like other resource limits; its set starts empty.
  child->space->rs.limit = parent->space->rs.limit;
  child->space->rs.policy = parent->space->rs.policy;
  child->space->rs.random = parent->space->rs.random + child->pid;
  uvm_unlock();
  if (copied < 0) {
    freeproc(child);
    release(&child->lock);
    return 0;
  }
  // BEGIN LAB cow
  asid_changed(parent->asid, VM_FLUSH_COW); // its writable pages became read-only
  // END LAB cow
  child->sz = sz;
  *child->trapframe = *parent->trapframe;
  child->trapframe->a0 = 0; // fork returns 0 in the child
  safestrcpy(child->name, parent->name, sizeof(parent->name));
  // BEGIN LAB syscall
  child->trace_mask = parent->trace_mask;
  // END LAB syscall
  release(&child->lock);

  acquire(&wait_lock);
  child->parent = parent;
  release(&wait_lock);
  return child;
}

// Let a child made by proc_fork run.
void proc_start(struct proc *child) {
  acquire(&child->lock);
  sched_policy()->on_fork(child->parent, child);
  child->state = RUNNABLE;
  release(&child->lock);
}

// Hand p's children to init. wait_lock must be held.
static void reparent(struct proc *p) {
  for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
    if (pp->parent == p) {
      pp->parent = initproc;
      cv_broadcast(&child_exit[initproc - proc]);
    }
  }
}

// Mark every thread of leader's group but except killed, and wake those that sleep so that
// they notice. wait_lock is held.
void kill_group(struct proc *leader, struct proc *except) {
  for (struct proc *q = proc; q < &proc[NPROC]; q++) {
    if (q == except || q->leader != leader)
      continue;
    acquire(&q->lock);
    if (q->state != UNUSED) {
      q->killed = 1;
      if (q->state == SLEEPING)
        proc_wake(q);
    }
    release(&q->lock);
  }
}

// Does a thread of leader's group other than p still run (is it neither ZOMBIE nor gone)?
// wait_lock is held.
int others_alive(struct proc *leader, struct proc *p) {
  int alive = 0;
  for (struct proc *q = proc; q < &proc[NPROC] && !alive; q++) {
    if (q == p || (q->leader != leader && q != leader))
      continue;
    acquire(&q->lock);
    alive = q->state != UNUSED && q->state != ZOMBIE;
    release(&q->lock);
  }
  return alive;
}

// Free the ended threads of leader's group other than keep. wait_lock is held.
void reap_group(struct proc *leader, struct proc *keep) {
  for (struct proc *q = proc; q < &proc[NPROC]; q++) {
    if (q == keep || q == leader || q->leader != leader)
      continue;
    acquire(&q->lock);
    if (q->state == ZOMBIE)
      freeproc(q);
    release(&q->lock);
  }
}

// End the running thread alone: it stays a ZOMBIE until join, or its group's end, frees it.
// Its children go to heir. wait_lock is held; does not return.
__attribute__((noreturn)) static void thread_end(struct proc *p, struct proc *heir) {
  struct proc *leader = p->leader;
  for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
    if (pp->parent == p)
      pp->parent = heir;
  }
  cv_broadcast(&child_exit[heir - proc]);
  cv_broadcast(&child_exit[heir->leader - proc]);
  if (p->parent)
    cv_broadcast(&child_exit[p->parent - proc]);
  cv_broadcast(&group_end[leader - proc]);
  if (p == leader)
    p->leader = heir; // a leader ended by exec is a thread now: its parent must not reap it
  acquire(&p->lock);
  p->state = ZOMBIE;
  release(&wait_lock);
  sched();
  panic("zombie exit");
}

// End the running thread and, if whole, its whole process with this status (the first
// status given wins). The leader ends last: it waits for the others, frees them, and stays
// a ZOMBIE until its parent's wait() collects the status. The thread's files are already
// closed.
__attribute__((noreturn)) static void proc_end(int status, int whole) {
  struct proc *p = myproc();
  if (p == initproc)
    panic("init exiting");

  acquire(&wait_lock);
  struct proc *leader = p->leader;
  if (leader->execer && leader->execer != p)
    thread_end(p, leader->execer); // another thread's exec ends this one
  if (whole && !leader->group_exiting) {
    leader->group_exiting = 1;
    leader->group_xstate = status;
  }
  if (whole || p == leader)
    kill_group(leader, p);
  if (p != leader)
    thread_end(p, leader);

  while (others_alive(p, p))
    cv_wait(&group_end[p - proc], &wait_lock);
  reap_group(p, p);
  if (p->group_exiting)
    status = p->group_xstate;
  // The last thread: a zombie holds no user memory, so give it back now, not when the parent
  // waits (a parent that needs a page to receive the status, its stack being shared
  // copy-on-write with this child, would otherwise wait for this child's pages).
  uvmunmap(p->pagetable, 0, PGROUNDUP(p->sz) / PGSIZE, 1);
  p->sz = 0;

  reparent(p);
  cv_broadcast(&child_exit[p->parent - proc]);
  cv_broadcast(&child_exit[p->parent->leader - proc]);

  acquire(&p->lock);
  p->xstate = status;
  p->state = ZOMBIE;
  release(&wait_lock);

  sched();
  panic("zombie exit");
}

// End the running process, every thread of it, with this status.
void proc_exit(int status) {
  proc_end(status, 1);
}

// End the running thread only; in the leader, that ends the process with status 0.
void proc_thread_exit(void) {
  proc_end(0, 0);
}

// Wait for a child process to exit; store its status at user address addr unless addr is 0.
// A process's children are those of all its threads; threads are not children (join).
// Returns the child's pid, or -1 if there are no children, the status cannot be stored,
// or the caller is killed while waiting.
int wait(uint64 addr) {
  struct proc *p = myproc();
  if (addr) // the status is stored under wait_lock, where no page comes back from swap
    uvm_prefault(p->pagetable, addr, sizeof(int), 1);
  acquire(&wait_lock);
  for (;;) {
    int have_kids = 0;
    for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
      if (pp->parent == 0 || pp->parent->leader != p->leader)
        continue;
      if (pp->leader != pp) {
        // A thread, not a child; but a leader ending because another thread of its
        // process execs stands for a child that is about to take its place.
        if (pp->execer)
          have_kids = 1;
        continue;
      }
      acquire(&pp->lock);
      have_kids = 1;
      if (pp->state == ZOMBIE) {
        int pid = pp->pid;
        if (addr != 0 && copyout(p->pagetable, addr, (char *)&pp->xstate, sizeof(pp->xstate)) < 0) {
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
    if (!have_kids || killed(p)) {
      release(&wait_lock);
      return -1;
    }
    cv_wait(&child_exit[p->leader - proc], &wait_lock);
  }
}

// Each hart's scheduler loop, entered from main() and never left: ask the policy for a
// process, switch to it, and take control back when it gives up the cpu.
void scheduler(void) {
  struct cpu *c = mycpu();
  int id = cpuid();
  c->proc = 0;
  for (;;) {
    // Let devices interrupt between picks, or a hart whose processes all wait for
    // interrupts would never see them.
    intr_on();
    intr_off();
    struct proc *p = sched_policy()->pick(id);
    if (p == 0) {
      // Wait with interrupts off: wfi still wakes on a pending interrupt, which the
      // intr_on() above then takes. Enabling them first would let an interrupt that makes a
      // process runnable slip in before the wfi, which would then sleep until the next tick.
      asm volatile("wfi");
      continue;
    }
    // pick() returned p locked; its owner released the lock in sched() or forkret().
    p->state = RUNNING;
    c->proc = p;
    c->vm_own = &p->vm;
    asid_activate(p->pagetable, p->asid);
    KSTAT_INC(context_switches);
    swtch(&c->context, &p->context);
    // p is back: it yielded, waits, or exited, and set its state before sched().
    c->proc = 0;
    c->vm_own = 0;
    release(&p->lock);
  }
}

// Switch from the running process back to this hart's scheduler. The caller holds p->lock
// and nothing else, and has already changed p->state. intena belongs to this kernel
// thread, not the hart, so it is saved around the switch.
void sched(void) {
  struct proc *p = myproc();
  if (!holding(&p->lock))
    panic("sched: p->lock not held");
  if (mycpu()->noff != 1)
    panic("sched: other locks held");
  if (p->state == RUNNING)
    panic("sched: process still RUNNING");
  if (intr_get())
    panic("sched: interrupts enabled");

  int intena = mycpu()->intena;
  swtch(&p->context, &mycpu()->context);
  mycpu()->intena = intena;
}

// Give up the cpu for one scheduling round.
void yield(void) {
  struct proc *p = myproc();
  acquire(&p->lock);
  p->state = RUNNABLE;
  struct sched_policy *policy = sched_policy();
  if (policy->on_yield)
    policy->on_yield(p);
  sched();
  release(&p->lock);
}

// A new process's first run in the kernel starts here (allocproc set context.ra), still
// holding p->lock from the scheduler.
static void forkret(void) {
  release(&myproc()->lock);
  start_user();
}

// Make p RUNNABLE again. p->lock is held.
void proc_wake(struct proc *p) {
  p->state = RUNNABLE;
  p->waiting = 0;
  sched_policy()->on_wakeup(p);
}

// Mark the process with this pid (or the one the thread with this pid belongs to) killed,
// every thread of it. Each dies the next time it is about to return to user space; one that
// waits is woken so that it can notice.
int kill(int pid) {
  acquire(&wait_lock);
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->pid == pid && p->state != UNUSED) {
      struct proc *leader = p->leader;
      release(&p->lock);
      kill_group(leader, 0);
      release(&wait_lock);
      return 0;
    }
    release(&p->lock);
  }
  release(&wait_lock);
  return -1;
}

void setkilled(struct proc *p) {
  acquire(&p->lock);
  p->killed = 1;
  release(&p->lock);
}

int killed(struct proc *p) {
  acquire(&p->lock);
  int k = p->killed;
  release(&p->lock);
  return k;
}

// Copy to a user address (user_dst = 1) of the running process, or to a kernel address.
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len) {
  if (user_dst)
    return copyout(myproc()->pagetable, dst, src, len);
  memmove((char *)dst, src, len);
  return 0;
}

// Copy from a user address (user_src = 1) of the running process, or from a kernel address.
int either_copyin(void *dst, int user_src, uint64 src, uint64 len) {
  if (user_src)
    return copyin(myproc()->pagetable, dst, src, len);
  memmove(dst, (char *)src, len);
  return 0;
}

// Print the process list on the console (^P). Takes no locks, so that it works even when
// the kernel is wedged; what it prints may be slightly inconsistent.
void procdump(void) {
  static char *states[] = {
      [UNUSED] "unused",   [USED] "used",   [SLEEPING] "sleep",
      [RUNNABLE] "runble", [RUNNING] "run", [ZOMBIE] "zombie",
  };
  printf("\n");
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == UNUSED)
      continue;
    char *state = "???";
    if (p->state >= 0 && p->state < NELEM(states) && states[p->state])
      state = states[p->state];
    printf("%d %s %s", p->pid, state, p->name);
    struct condvar *cv = p->waiting;
    if (p->state == SLEEPING && cv && cv->name)
      printf(" (waiting: %s)", cv->name);
    printf("\n");
  }
}

// BEGIN LAB syscall
// The number of processes whose state is not UNUSED (for sysinfo).
int nproc_used(void) {
  int n = 0;
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    acquire(&p->lock);
    if (p->state != UNUSED)
      n++;
    release(&p->lock);
  }
  return n;
}
// END LAB syscall
