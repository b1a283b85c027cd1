// WRONG (the checker must fail it): the threads never wait for each other.
// rendezvous R: threads a and b each print "a r" (or "b r") for rounds r = 1..R and meet
// after every round with two semaphores, so that no line of round r+1 comes before both lines
// of round r.
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

static sem_t a_arrived, b_arrived;
static int rounds;

static void *a(void *arg) {
  (void)arg;
  for (int r = 1; r <= rounds; r++) {
    printf("a %d\n", r);
  }
  return NULL;
}

static void *b(void *arg) {
  (void)arg;
  for (int r = 1; r <= rounds; r++) {
    printf("b %d\n", r);
  }
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(stderr, "usage: rendezvous R\n");
    exit(1);
  }
  rounds = atoi(argv[1]);
  sem_init(&a_arrived, 0, 0);
  sem_init(&b_arrived, 0, 0);
  pthread_t ta, tb;
  pthread_create(&ta, NULL, a, NULL);
  pthread_create(&tb, NULL, b, NULL);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  printf("done\n");
  return 0;
}
