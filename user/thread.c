// The thread library (user/thread.h): threads over clone/join, spin locks over the RISC-V
// atomics, and the sleeping primitives over futexes.
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/thread.h"

// ---- threads

// BEGIN LAB threads
// clone's entry: run the thread's function, then end the thread (returning would fault).
static void thread_start(void *fn, void *arg) {
  ((void (*)(void *))fn)(arg);
  exit_thread();
}

int thread_create(void (*fn)(void *), void *arg) {
  // clone wants a page-aligned page. Take a little more than two, align, and keep what
  // malloc returned just below the stack, where thread_join finds it.
  char *mem = malloc(2 * PGSIZE + sizeof(void *));
  if (mem == 0)
    return -1;
  char *stack = (char *)PGROUNDUP((uint64)mem + sizeof(void *));
  ((void **)stack)[-1] = mem;
  int tid = clone(thread_start, (void *)fn, arg, stack);
  if (tid < 0)
    free(mem);
  return tid;
}

int thread_join(void) {
  void *stack;
  int tid = join(&stack);
  if (tid > 0)
    free(((void **)stack)[-1]);
  return tid;
}

// STUB LAB threads
// int thread_create(void (*fn)(void *), void *arg) {
//   // your code here
//   return -1;
// }
//
// int thread_join(void) {
//   // your code here
//   return -1;
// }

// END LAB threads

void thread_exit(void) {
  exit_thread();
}

// ---- spin locks. GCC turns __atomic_exchange_n into amoswap.w and __atomic_fetch_add into
// amoadd.w; the acquire and release orderings add the .aq and .rl bits that keep the
// critical section's loads and stores inside it.

void tas_init(tas_lock_t *l) {
  l->locked = 0;
}

void tas_lock(tas_lock_t *l) {
  while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) != 0)
    ;
}

int tas_trylock(tas_lock_t *l) {
  return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

void tas_unlock(tas_lock_t *l) {
  __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

void ticket_init(ticket_lock_t *l) {
  l->next = 0;
  l->serving = 0;
}

void ticket_lock(ticket_lock_t *l) {
  uint mine = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
  while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != mine)
    ;
}

void ticket_unlock(ticket_lock_t *l) {
  // Only the holder writes serving, so a plain increment published with release is enough.
  __atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

// ---- mutex on a futex: 0 free, 1 taken, 2 taken and maybe waited for.

void mutex_init(mutex_t *m) {
  m->state = 0;
}

// BEGIN LAB sync
static int cas(int *p, int expected, int desired) {
  __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  return expected; // the value found
}

void mutex_lock(mutex_t *m) {
  int c = cas(&m->state, 0, 1);
  if (c == 0)
    return; // the fast path: no system call
  // Contended: mark the lock as waited for (2) and sleep until the swap finds it free. The
  // swap leaves 2 behind even when it wins, as others may still sleep.
  if (c != 2)
    c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
  while (c != 0) {
    futex_wait(&m->state, 2);
    c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
  }
}

int mutex_trylock(mutex_t *m) {
  return cas(&m->state, 0, 1) == 0;
}

void mutex_unlock(mutex_t *m) {
  // From 1 nobody waits; from 2 someone may: free the lock, then wake one sleeper.
  if (__atomic_fetch_sub(&m->state, 1, __ATOMIC_RELEASE) != 1) {
    __atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);
    futex_wake(&m->state, 1);
  }
}
// STUB LAB sync
// void mutex_lock(mutex_t *m) {
//   // your code here
// }
//
// int mutex_trylock(mutex_t *m) {
//   // your code here
//   return 0;
// }
//
// void mutex_unlock(mutex_t *m) {
//   // your code here
// }
// END LAB sync

// ---- condition variables

void cond_init(cond_t *c) {
  c->seq = 0;
}

// BEGIN LAB sync
void cond_wait(cond_t *c, mutex_t *m) {
  int seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
  mutex_unlock(m);
  futex_wait(&c->seq, seq); // returns at once if a signal came after the load
  mutex_lock(m);
}

void cond_signal(cond_t *c) {
  __atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
  futex_wake(&c->seq, 1);
}

void cond_broadcast(cond_t *c) {
  __atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
  futex_wake(&c->seq, 0x7fffffff);
}
// STUB LAB sync
// void cond_wait(cond_t *c, mutex_t *m) {
//   // your code here
// }
//
// void cond_signal(cond_t *c) {
//   // your code here
// }
//
// void cond_broadcast(cond_t *c) {
//   // your code here
// }
// END LAB sync

// ---- semaphores

void sema_init(sema_t *s, int value) {
  s->value = value;
  mutex_init(&s->m);
  cond_init(&s->c);
}

// BEGIN LAB sync
void sema_wait(sema_t *s) {
  mutex_lock(&s->m);
  while (s->value <= 0)
    cond_wait(&s->c, &s->m);
  s->value--;
  mutex_unlock(&s->m);
}

void sema_post(sema_t *s) {
  mutex_lock(&s->m);
  s->value++;
  cond_signal(&s->c);
  mutex_unlock(&s->m);
}
// STUB LAB sync
// void sema_wait(sema_t *s) {
//   // your code here
// }
//
// void sema_post(sema_t *s) {
//   // your code here
// }
// END LAB sync
