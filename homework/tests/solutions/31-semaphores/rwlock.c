// rwlock R W N: R readers and W writers share a pair (x, y) under a reader-writer lock built
// from semaphores. Each writer adds 1 to x, yields, and adds 1 to y, N times; each reader
// reads the pair N times and counts the reads where x != y.
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  sem_t lock;      // guards readers
  sem_t writelock; // held by one writer, or by the readers as a group
  int readers;
} rwlock_t;

static void rw_init(rwlock_t *rw) {
  rw->readers = 0;
  sem_init(&rw->lock, 0, 1);
  sem_init(&rw->writelock, 0, 1);
}

static void read_lock(rwlock_t *rw) {
  sem_wait(&rw->lock);
  if (++rw->readers == 1)
    sem_wait(&rw->writelock);
  sem_post(&rw->lock);
}

static void read_unlock(rwlock_t *rw) {
  sem_wait(&rw->lock);
  if (--rw->readers == 0)
    sem_post(&rw->writelock);
  sem_post(&rw->lock);
}

static void write_lock(rwlock_t *rw) {
  sem_wait(&rw->writelock);
}
static void write_unlock(rwlock_t *rw) {
  sem_post(&rw->writelock);
}

static rwlock_t rw;
static volatile long x, y;
static long loops, bad;
static sem_t badlock;

static void *reader(void *arg) {
  (void)arg;
  long mine = 0;
  for (long i = 0; i < loops; i++) {
    read_lock(&rw);
    long a = x;
    sched_yield();
    long b = y;
    read_unlock(&rw);
    if (a != b)
      mine++;
  }
  sem_wait(&badlock);
  bad += mine;
  sem_post(&badlock);
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  for (long i = 0; i < loops; i++) {
    write_lock(&rw);
    x = x + 1;
    sched_yield();
    y = y + 1;
    write_unlock(&rw);
  }
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 4) {
    fprintf(stderr, "usage: rwlock R W N\n");
    exit(1);
  }
  int r = atoi(argv[1]), w = atoi(argv[2]);
  loops = atol(argv[3]);
  rw_init(&rw);
  sem_init(&badlock, 0, 1);
  pthread_t *tids = malloc((r + w) * sizeof(pthread_t));
  for (int i = 0; i < r + w; i++)
    pthread_create(&tids[i], NULL, i < r ? reader : writer, NULL);
  for (int i = 0; i < r + w; i++)
    pthread_join(tids[i], NULL);
  printf("x %ld\ny %ld\nbad %ld\n", x, y, bad);
  return 0;
}
