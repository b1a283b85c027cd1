#ifndef USER_THREAD_H
#define USER_THREAD_H
// Threads and synchronization for user programs, over clone/join and futexes.
//
// Two kinds of lock, as in OSTEP chapter 28: spin locks, which burn their time slice while
// they wait (fine for very short critical sections on several harts), and the futex mutex,
// which sleeps in the kernel when the lock is taken. The condition variables, semaphores,
// reader-writer locks and barriers are built on the mutex.
#include "kernel/types.h"

// Threads. thread_create runs fn(arg) on a fresh one-page stack and returns the new
// thread's id (-1 on failure); when fn returns the thread ends. thread_join waits for any
// thread this one created, frees its stack and returns its id (-1 if there is none).
// malloc and free may be called from any thread (umalloc.c locks).
int thread_create(void (*fn)(void *), void *arg);
int thread_join(void);
void thread_exit(void) __attribute__((noreturn));

// Test-and-set spin lock (amoswap): simple, unfair.
typedef struct {
  volatile uint locked;
} tas_lock_t;
void tas_init(tas_lock_t *l);
void tas_lock(tas_lock_t *l);
int tas_trylock(tas_lock_t *l); // 1 if it took the lock
void tas_unlock(tas_lock_t *l);

// Ticket spin lock (amoadd): waiters are served in the order they arrived.
typedef struct {
  volatile uint next;    // the ticket the next arrival draws
  volatile uint serving; // the ticket allowed in
} ticket_lock_t;
void ticket_init(ticket_lock_t *l);
void ticket_lock(ticket_lock_t *l);
void ticket_unlock(ticket_lock_t *l);

// Mutex that sleeps: state 0 free, 1 taken, 2 taken and maybe waited for (Drepper,
// "Futexes are tricky"), so that an unlock with nobody waiting makes no system call.
typedef struct {
  int state;
} mutex_t;
void mutex_init(mutex_t *m);
void mutex_lock(mutex_t *m);
int mutex_trylock(mutex_t *m); // 1 if it took the lock
void mutex_unlock(mutex_t *m);

// Condition variable: a sequence number that every signal bumps. A waiter sleeps only while
// the number is what it read before letting go of the mutex, so a signal in between is seen.
// Wake-ups may be spurious: wait in a while loop, as always.
typedef struct {
  int seq;
} cond_t;
void cond_init(cond_t *c);
void cond_wait(cond_t *c, mutex_t *m);
void cond_signal(cond_t *c);
void cond_broadcast(cond_t *c);

// Counting semaphore (OSTEP chapter 31), from a mutex and a condition variable.
typedef struct {
  int value;
  mutex_t m;
  cond_t c;
} sema_t;
void sema_init(sema_t *s, int value);
void sema_wait(sema_t *s);
void sema_post(sema_t *s);

// Reader-writer lock: many readers or one writer. A waiting writer stops new readers from
// entering, so a stream of readers cannot starve writers.
typedef struct {
  mutex_t m;
  cond_t readers_ok, writer_ok;
  int readers;         // readers inside
  int writer;          // a writer is inside
  int writers_waiting; //
} rwlock_t;
void rwlock_init(rwlock_t *l);
void rwlock_read_lock(rwlock_t *l);
void rwlock_read_unlock(rwlock_t *l);
void rwlock_write_lock(rwlock_t *l);
void rwlock_write_unlock(rwlock_t *l);

// Barrier for n threads: each barrier_wait returns once all n have called it; reusable,
// as each round has its own generation number.
typedef struct {
  mutex_t m;
  cond_t c;
  int n, arrived, generation;
} barrier_t;
void barrier_init(barrier_t *b, int n);
void barrier_wait(barrier_t *b);
#endif
