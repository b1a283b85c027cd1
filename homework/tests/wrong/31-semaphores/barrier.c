// WRONG (the checker must fail it): nobody waits at the barrier.
// barrier N: N threads print "before i", meet at a barrier of two semaphores and a counter,
// then print "after i".
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

static sem_t mutex, turnstile;
static int arrived, threads;

static void barrier(void) {
  sem_wait(&mutex);
  arrived++;
  int last = arrived == threads;
  sem_post(&mutex);
  if (last)
    sem_post(&turnstile);
}

static void *worker(void *arg) {
  long i = (long)arg;
  printf("before %ld\n", i);
  barrier();
  printf("after %ld\n", i);
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(stderr, "usage: barrier N\n");
    exit(1);
  }
  threads = atoi(argv[1]);
  sem_init(&mutex, 0, 1);
  sem_init(&turnstile, 0, 0);
  pthread_t *tids = malloc(threads * sizeof(pthread_t));
  for (long i = 0; i < threads; i++)
    pthread_create(&tids[i], NULL, worker, (void *)i);
  for (int i = 0; i < threads; i++)
    pthread_join(tids[i], NULL);
  return 0;
}
