// POSIX threads, semaphores and sched_yield over user/thread.h (clone, join, futexes).
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "user/thread.h"
#include "user/libc/libc.h"

_Static_assert(sizeof(pthread_mutex_t) == sizeof(mutex_t), "pthread_mutex_t is a mutex_t");
_Static_assert(sizeof(pthread_cond_t) == sizeof(cond_t), "pthread_cond_t is a cond_t");
_Static_assert(sizeof(sem_t) == sizeof(sema_t), "sem_t is a sema_t");

// The threads pthread_create made: what each runs and, once it returned, its value, kept
// until pthread_join asks. join() hands back any ended thread, so a join for one thread may
// collect others first: their records wait, marked ended.
enum { FREE, RUNNING, ENDED };
static struct record {
  int state;
  pthread_t tid;
  void *(*start)(void *);
  void *arg, *value;
} records[NPROC];
static mutex_t records_lock;

static struct record *find(pthread_t tid) {
  for (int i = 0; i < NPROC; i++)
    if (records[i].state != FREE && records[i].tid == tid)
      return &records[i];
  return 0;
}

static void run(void *arg) {
  struct record *r = arg;
  r->tid = getpid(); // also set by the creator; whoever comes first, pthread_exit finds it
  r->value = r->start(r->arg);
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                   void *arg) {
  if (attr != 0)
    return EINVAL; // no attributes are supported
  mutex_lock(&records_lock);
  struct record *r = 0;
  for (int i = 0; i < NPROC && !r; i++)
    if (records[i].state == FREE)
      r = &records[i];
  if (r == 0) {
    mutex_unlock(&records_lock);
    return EAGAIN;
  }
  *r = (struct record){RUNNING, 0, start, arg, 0};
  int tid = thread_create(run, r);
  if (tid < 0) {
    r->state = FREE;
    mutex_unlock(&records_lock);
    return EAGAIN;
  }
  r->tid = tid;
  mutex_unlock(&records_lock);
  *thread = tid;
  return 0;
}

// Only threads the caller created can be joined (join() waits for the caller's own).
int pthread_join(pthread_t thread, void **value) {
  mutex_lock(&records_lock);
  struct record *r = find(thread);
  if (r == 0) {
    mutex_unlock(&records_lock);
    return ESRCH;
  }
  while (r->state != ENDED) {
    mutex_unlock(&records_lock);
    int tid = thread_join();
    mutex_lock(&records_lock);
    if (tid < 0) {
      mutex_unlock(&records_lock);
      return EINVAL; // not a thread of the caller's
    }
    struct record *ended = find(tid);
    if (ended)
      ended->state = ENDED;
  }
  if (value)
    *value = r->value;
  r->state = FREE;
  mutex_unlock(&records_lock);
  return 0;
}

pthread_t pthread_self(void) {
  return getpid();
}

int pthread_equal(pthread_t a, pthread_t b) {
  return a == b;
}

// In a created thread: end it with this value. In the first thread: wait for the threads it
// made, then end the process with status 0, as POSIX's last thread does.
void pthread_exit(void *value) {
  mutex_lock(&records_lock);
  struct record *r = find(getpid());
  if (r)
    r->value = value;
  mutex_unlock(&records_lock);
  if (r)
    thread_exit();
  while (thread_join() >= 0)
    ;
  exit(0);
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr) {
  mutex_init((mutex_t *)m);
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) {
  return m->state == 0 ? 0 : EBUSY;
}

int pthread_mutex_lock(pthread_mutex_t *m) {
  mutex_lock((mutex_t *)m);
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
  return mutex_trylock((mutex_t *)m) ? 0 : EBUSY;
}

int pthread_mutex_unlock(pthread_mutex_t *m) {
  mutex_unlock((mutex_t *)m);
  return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr) {
  cond_init((cond_t *)c);
  return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) {
  return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  cond_wait((cond_t *)c, (mutex_t *)m);
  return 0;
}

int pthread_cond_signal(pthread_cond_t *c) {
  cond_signal((cond_t *)c);
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c) {
  cond_broadcast((cond_t *)c);
  return 0;
}

int sem_init(sem_t *s, int pshared, unsigned int value) {
  if (pshared != 0) {
    errno = ENOSYS; // no memory is shared between processes
    return -1;
  }
  sema_init((sema_t *)s, value);
  return 0;
}

int sem_destroy(sem_t *s) {
  return 0;
}

int sem_wait(sem_t *s) {
  sema_wait((sema_t *)s);
  return 0;
}

int sem_trywait(sem_t *s) {
  sema_t *sem = (sema_t *)s;
  mutex_lock(&sem->m);
  int took = sem->value > 0;
  if (took)
    sem->value--;
  mutex_unlock(&sem->m);
  if (!took)
    errno = EAGAIN;
  return took ? 0 : -1;
}

int sem_post(sem_t *s) {
  sema_post((sema_t *)s);
  return 0;
}

int sem_getvalue(sem_t *s, int *value) {
  *value = ((sema_t *)s)->value;
  return 0;
}

int sched_yield(void) {
  return yield();
}
