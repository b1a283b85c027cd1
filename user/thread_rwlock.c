// Part of the thread library (user/thread.h), in a file of its own so that a program that
// defines rwlock_init itself (as OSTEP's reader-writer homework does) does not link this.
#include "kernel/types.h"
#include "user/user.h"
#include "user/thread.h"

// ---- reader-writer locks

void rwlock_init(rwlock_t *l) {
  mutex_init(&l->m);
  cond_init(&l->readers_ok);
  cond_init(&l->writer_ok);
  l->readers = l->writer = l->writers_waiting = 0;
}

// BEGIN LAB sync
void rwlock_read_lock(rwlock_t *l) {
  mutex_lock(&l->m);
  while (l->writer || l->writers_waiting > 0)
    cond_wait(&l->readers_ok, &l->m);
  l->readers++;
  mutex_unlock(&l->m);
}

void rwlock_read_unlock(rwlock_t *l) {
  mutex_lock(&l->m);
  if (--l->readers == 0)
    cond_signal(&l->writer_ok);
  mutex_unlock(&l->m);
}

void rwlock_write_lock(rwlock_t *l) {
  mutex_lock(&l->m);
  l->writers_waiting++;
  while (l->writer || l->readers > 0)
    cond_wait(&l->writer_ok, &l->m);
  l->writers_waiting--;
  l->writer = 1;
  mutex_unlock(&l->m);
}

void rwlock_write_unlock(rwlock_t *l) {
  mutex_lock(&l->m);
  l->writer = 0;
  // Another writer first if one waits (readers would only wait again), else every reader.
  if (l->writers_waiting > 0)
    cond_signal(&l->writer_ok);
  else
    cond_broadcast(&l->readers_ok);
  mutex_unlock(&l->m);
}
// STUB LAB sync
// void rwlock_read_lock(rwlock_t *l) {
//   // your code here
// }
//
// void rwlock_read_unlock(rwlock_t *l) {
//   // your code here
// }
//
// void rwlock_write_lock(rwlock_t *l) {
//   // your code here
// }
//
// void rwlock_write_unlock(rwlock_t *l) {
//   // your code here
// }
// END LAB sync
