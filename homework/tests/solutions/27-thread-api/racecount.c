// racecount N: two threads add 1 to a counter N times each, first without a lock, then with one.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long counter;
static long loops;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *unlocked(void *arg) {
  (void)arg;
  for (long i = 0; i < loops; i++)
    counter = counter + 1;
  return NULL;
}

static void *locked(void *arg) {
  (void)arg;
  for (long i = 0; i < loops; i++) {
    pthread_mutex_lock(&lock);
    counter = counter + 1;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

static long twice(void *(*fn)(void *)) {
  pthread_t a, b;
  counter = 0;
  pthread_create(&a, NULL, fn, NULL);
  pthread_create(&b, NULL, fn, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter;
}

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(stderr, "usage: racecount N\n");
    exit(1);
  }
  loops = atol(argv[1]);
  printf("count %ld\n", twice(unlocked));
  printf("locked %ld\n", twice(locked));
  return 0;
}
