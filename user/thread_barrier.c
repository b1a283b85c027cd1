// Part of the thread library (user/thread.h), in a file of its own so that a program that
// defines barrier_init itself (as OSTEP's barrier homework does) does not link this.
#include "kernel/types.h"
#include "user/user.h"
#include "user/thread.h"

// ---- barriers

void barrier_init(barrier_t *b, int n) {
  mutex_init(&b->m);
  cond_init(&b->c);
  b->n = n;
  b->arrived = 0;
  b->generation = 0;
}

void barrier_wait(barrier_t *b) {
  mutex_lock(&b->m);
  int gen = b->generation;
  if (++b->arrived == b->n) {
    b->arrived = 0;
    b->generation++;
    cond_broadcast(&b->c);
  } else {
    while (gen == b->generation)
      cond_wait(&b->c, &b->m);
  }
  mutex_unlock(&b->m);
}
