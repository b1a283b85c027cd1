#ifndef _PTHREAD_H
#define _PTHREAD_H
// POSIX threads over the kernel's threads (user/thread.h: clone, join, futexes). What OSTEP's
// concurrency homework uses: threads, mutexes, condition variables. The attribute arguments
// must be NULL. semaphore.h comes with it, as the homework's common_threads.h includes that
// only on Linux.
#include <sys/cdefs.h>
#include <sys/types.h>
#include <semaphore.h>
#include <sched.h>

typedef int pthread_t; // the thread's id (its pid)
typedef struct {
  int unused;
} pthread_attr_t, pthread_mutexattr_t, pthread_condattr_t;

typedef struct {
  int state; // 0 free, 1 taken, 2 taken and waited for (user/thread.h's mutex_t)
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER                                                                  \
  { 0 }

typedef struct {
  int seq; // bumped by every signal (user/thread.h's cond_t)
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER                                                                   \
  { 0 }

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                   void *arg);
int pthread_join(pthread_t thread, void **value);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
void pthread_exit(void *value) __attribute__((noreturn));

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m); // 0, or EBUSY
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
#endif
