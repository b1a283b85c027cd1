// pcbuf P C S N: P producers put N numbers each (producer p: p*N+1 .. p*N+N) into a bounded
// buffer of S slots; C consumers take them until each takes an end marker (0), which main puts
// once the producers are done. One mutex, two condition variables, a while around each wait.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long *buffer;
static int slots, fill, use, count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t empty = PTHREAD_COND_INITIALIZER; // a slot is free
static pthread_cond_t full = PTHREAD_COND_INITIALIZER;  // an item is there
static long loops;

struct tally {
  long items, sum, squares;
};

static void put(long v) {
  pthread_mutex_lock(&lock);
  while (count == slots)
    pthread_cond_wait(&empty, &lock);
  buffer[fill] = v;
  fill = (fill + 1) % slots;
  count++;
  pthread_cond_signal(&full);
  pthread_mutex_unlock(&lock);
}

static long get(void) {
  pthread_mutex_lock(&lock);
  while (count == 0)
    pthread_cond_wait(&full, &lock);
  long v = buffer[use];
  use = (use + 1) % slots;
  count--;
  pthread_cond_signal(&empty);
  pthread_mutex_unlock(&lock);
  return v;
}

static void *producer(void *arg) {
  long p = (long)arg;
  for (long k = 1; k <= loops; k++)
    put(p * loops + k);
  return NULL;
}

static void *consumer(void *arg) {
  struct tally *t = arg;
  for (long v; (v = get()) != 0;) {
    t->items++;
    t->sum += v;
    t->squares += v * v;
  }
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 5) {
    fprintf(stderr, "usage: pcbuf P C S N\n");
    exit(1);
  }
  int p = atoi(argv[1]), c = atoi(argv[2]);
  slots = atoi(argv[3]);
  loops = atol(argv[4]);
  buffer = malloc(slots * sizeof(long));
  pthread_t *producers = malloc(p * sizeof(pthread_t));
  pthread_t *consumers = malloc(c * sizeof(pthread_t));
  struct tally *tallies = calloc(c, sizeof(struct tally));
  for (int i = 0; i < c; i++)
    pthread_create(&consumers[i], NULL, consumer, &tallies[i]);
  for (long i = 0; i < p; i++)
    pthread_create(&producers[i], NULL, producer, (void *)i);
  for (int i = 0; i < p; i++)
    pthread_join(producers[i], NULL);
  for (int i = 0; i < c; i++)
    put(0);
  struct tally all = {0, 0, 0};
  for (int i = 0; i < c; i++) {
    pthread_join(consumers[i], NULL);
    printf("consumer %d took %ld\n", i, tallies[i].items);
    all.items += tallies[i].items;
    all.sum += tallies[i].sum;
    all.squares += tallies[i].squares;
  }
  printf("items %ld\ntotal %ld\nsquares %ld\n", all.items, all.sum, all.squares);
  return 0;
}
