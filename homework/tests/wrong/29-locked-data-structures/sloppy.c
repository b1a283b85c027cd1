// WRONG (the checker must fail it): the leftovers below the threshold are never moved into
// the global count, so the final count falls short.
// sloppy T N S: T threads each count N events on an approximate counter: a local count per
// thread, moved into the global count under its lock each time it reaches S.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXT 16

static struct {
  pthread_mutex_t glock;
  long global;
  pthread_mutex_t llock[MAXT];
  long local[MAXT];
  long threshold;
} c;

static long loops;

static void update(int i, long amount) {
  pthread_mutex_lock(&c.llock[i]);
  c.local[i] += amount;
  if (c.local[i] >= c.threshold) {
    pthread_mutex_lock(&c.glock);
    c.global += c.local[i];
    pthread_mutex_unlock(&c.glock);
    c.local[i] = 0;
  }
  pthread_mutex_unlock(&c.llock[i]);
}

static long get(void) {
  pthread_mutex_lock(&c.glock);
  long v = c.global;
  pthread_mutex_unlock(&c.glock);
  return v;
}

static void *worker(void *arg) {
  int i = (int)(long)arg;
  for (long k = 0; k < loops; k++)
    update(i, 1);
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 4) {
    fprintf(stderr, "usage: sloppy T N S\n");
    exit(1);
  }
  int t = atoi(argv[1]);
  loops = atol(argv[2]);
  c.threshold = atol(argv[3]);
  if (t < 1 || t > MAXT) {
    fprintf(stderr, "sloppy: 1 to %d threads\n", MAXT);
    exit(1);
  }
  pthread_mutex_init(&c.glock, NULL);
  for (int i = 0; i < t; i++)
    pthread_mutex_init(&c.llock[i], NULL);
  pthread_t tids[MAXT];
  for (int i = 0; i < t; i++)
    pthread_create(&tids[i], NULL, worker, (void *)(long)i);
  for (int i = 0; i < t; i++)
    pthread_join(tids[i], NULL);
  printf("global %ld\n", get());
  printf("count %ld\n", get());
  return 0;
}
