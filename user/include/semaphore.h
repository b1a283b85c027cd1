#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H
// POSIX semaphores between the threads of one process (pshared must be 0), over
// user/thread.h's semaphore.
typedef struct {
  int value;
  int mutex_state, cond_seq; // user/thread.h's sema_t: its mutex and condition variable
} sem_t;

int sem_init(sem_t *s, int pshared, unsigned int value);
int sem_destroy(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s); // 0, or -1 with errno EAGAIN
int sem_post(sem_t *s);
int sem_getvalue(sem_t *s, int *value);
#endif
