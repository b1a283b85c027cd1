// WRONG (the checker must fail it): the locks are taken "from, then to", which deadlocks.
// transfer T N K: K accounts of 100 each, a lock per account; T threads each make N transfers
// of 1 between two different accounts drawn at random. A transfer takes the two accounts'
// locks, yielding between the first and the second; taking them in the order of the accounts'
// numbers, whichever way the money goes, is what keeps this from deadlocking.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

static struct account *accounts;
static int naccounts;
static long loops;

static void transfer(int from, int to) {
  int first = from, second = to; // from first, then to: deadlocks
  pthread_mutex_lock(&accounts[first].lock);
  sched_yield();
  pthread_mutex_lock(&accounts[second].lock);
  accounts[from].balance -= 1;
  accounts[to].balance += 1;
  pthread_mutex_unlock(&accounts[second].lock);
  pthread_mutex_unlock(&accounts[first].lock);
}

static void *worker(void *arg) {
  unsigned seed = (unsigned)(long)arg * 7919 + 1;
  for (long i = 0; i < loops; i++) {
    int from = rand_r(&seed) % naccounts;
    int to = (from + 1 + rand_r(&seed) % (naccounts - 1)) % naccounts;
    transfer(from, to);
  }
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 4 || atoi(argv[3]) < 2) {
    fprintf(stderr, "usage: transfer T N K (K >= 2)\n");
    exit(1);
  }
  int t = atoi(argv[1]);
  loops = atol(argv[2]);
  naccounts = atoi(argv[3]);
  accounts = malloc(naccounts * sizeof(struct account));
  for (int i = 0; i < naccounts; i++) {
    pthread_mutex_init(&accounts[i].lock, NULL);
    accounts[i].balance = 100;
  }
  pthread_t *tids = malloc(t * sizeof(pthread_t));
  for (long i = 0; i < t; i++)
    pthread_create(&tids[i], NULL, worker, (void *)i);
  for (int i = 0; i < t; i++)
    pthread_join(tids[i], NULL);
  long total = 0;
  for (int i = 0; i < naccounts; i++)
    total += accounts[i].balance;
  printf("transfers %ld\ntotal %ld\n", t * loops, total);
  return 0;
}
