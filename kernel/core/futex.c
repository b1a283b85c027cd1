// Futexes over the kernel's condition variables. One lock guards every futex queue: the
// waiter checks the value and goes to sleep holding it, and the waker holds it to hand out
// wake-ups, so a wake between the check and the sleep cannot be lost.
//
// A queue is in use while it has waiters. A wake grants tokens, one per waiter it wakes, and
// broadcasts; each waiter that finds a token takes it and returns, the others sleep again.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
#include "kernel/lib/spinlock.h"
#include "kernel/mem/vm.h"
#include "kernel/core/condvar.h"
#include "kernel/core/proc.h"
#include "kernel/core/futex.h"

struct futexq {
  uint64 key;  // physical address of the futex word
  int waiters; // threads in futex_wait on it (0: the queue is free)
  int tokens;  // wake-ups granted and not yet taken
  struct condvar cv;
};

// A thread waits on at most one futex, so NPROC queues always suffice.
static struct futexq queues[NPROC];
static struct spinlock futex_lock;

void futexinit(void) {
  initlock(&futex_lock, "futex");
  for (int i = 0; i < NPROC; i++)
    cv_init(&queues[i].cv, "futex");
}

// The physical address of the futex word at user address addr, or 0 if addr is misaligned or
// not the caller's. copyin first, so that a lazily allocated page is brought in.
static uint64 futex_key(uint64 addr, int *value) {
  struct proc *p = myproc();
  if (addr % sizeof(int) != 0 || addr >= p->sz || addr + sizeof(int) > p->sz)
    return 0;
  if (copyin(p->pagetable, (char *)value, addr, sizeof(int)) < 0)
    return 0;
  uint64 page = walkaddr(p->pagetable, PGROUNDDOWN(addr));
  return page ? page + addr % PGSIZE : 0;
}

static struct futexq *lookup(uint64 key) {
  for (int i = 0; i < NPROC; i++) {
    if (queues[i].waiters > 0 && queues[i].key == key)
      return &queues[i];
  }
  return 0;
}

int futex_wait(uint64 addr, int expected) {
  int value;
  acquire(&futex_lock);
  uint64 key = futex_key(addr, &value);
  if (key == 0) {
    release(&futex_lock);
    return -1;
  }
  if (value != expected) {
    release(&futex_lock);
    return 0;
  }
  struct futexq *q = lookup(key);
  for (int i = 0; i < NPROC && q == 0; i++) {
    if (queues[i].waiters == 0) {
      q = &queues[i];
      q->key = key;
      q->tokens = 0;
    }
  }
  q->waiters++;
  struct proc *p = myproc();
  int result = 0;
  for (;;) {
    cv_wait(&q->cv, &futex_lock);
    if (q->tokens > 0) {
      q->tokens--;
      break;
    }
    if (killed(p)) {
      result = -1;
      break;
    }
  }
  q->waiters--;
  if (q->tokens > q->waiters) // a killed waiter leaves no wake-up for a later one
    q->tokens = q->waiters;
  release(&futex_lock);
  return result;
}

int futex_wake(uint64 addr, int n) {
  int value;
  acquire(&futex_lock);
  uint64 key = futex_key(addr, &value);
  if (key == 0) {
    release(&futex_lock);
    return -1;
  }
  struct futexq *q = lookup(key);
  int woken = 0;
  if (q && n > 0) {
    int sleeping = q->waiters - q->tokens;
    woken = n < sleeping ? n : sleeping;
    q->tokens += woken;
    if (woken > 0)
      cv_broadcast(&q->cv);
  }
  release(&futex_lock);
  return woken;
}
