// partsum T N: T threads sum the numbers 1..N in T slices; each returns its part through
// pthread_join, and main prints every part and the total.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct slice {
  long from, to; // from..to-1
};

static void *sum(void *arg) {
  struct slice *s = arg;
  long *result = malloc(sizeof(long));
  *result = 0;
  for (long i = s->from; i < s->to; i++)
    *result += i;
  return result;
}

int main(int argc, char *argv[]) {
  if (argc != 3) {
    fprintf(stderr, "usage: partsum T N\n");
    exit(1);
  }
  int t = atoi(argv[1]);
  long n = atol(argv[2]);
  pthread_t *tids = malloc(t * sizeof(pthread_t));
  struct slice *slices = malloc(t * sizeof(struct slice));
  for (int i = 0; i < t; i++) {
    slices[i].from = 1 + n * i / t;
    slices[i].to = 1 + n * (i + 1) / t;
    if (pthread_create(&tids[i], NULL, sum, &slices[i]) != 0) {
      fprintf(stderr, "partsum: pthread_create failed\n");
      exit(1);
    }
  }
  long total = 0;
  for (int i = 0; i < t; i++) {
    void *value;
    pthread_join(tids[i], &value);
    long part = *(long *)value;
    free(value);
    printf("part %d %ld\n", i, part);
    total += part;
  }
  printf("total %ld\n", total);
  return 0;
}
