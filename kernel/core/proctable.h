#ifndef KERNEL_CORE_PROCTABLE_H
#define KERNEL_CORE_PROCTABLE_H
// The process table's insides, shared by proc.c and thread.c only (no other layer includes
// this): the locks and condition variables of waiting, and the helpers for thread groups.
#include "kernel/param.h"
#include "kernel/lib/spinlock.h"
#include "kernel/core/condvar.h"

struct proc;
struct aspace;

// Protects every p->parent, p->leader and the group fields; the lock of child_exit and
// group_end. Taken before any p->lock.
extern struct spinlock wait_lock;
extern struct condvar child_exit[NPROC]; // [i]: a child of proc[i] ended or came to it
extern struct condvar group_end[NPROC];  // [i]: a thread of proc[i]'s group ended

struct proc *allocproc(int newspace); // returned with p->lock held, or 0
void freeproc(struct proc *p);        // p->lock held
void space_get(struct aspace *s);     // one more thread shares it

// Thread groups; wait_lock held.
void kill_group(struct proc *leader, struct proc *except);
int others_alive(struct proc *leader, struct proc *p);
void reap_group(struct proc *leader, struct proc *keep);
#endif
