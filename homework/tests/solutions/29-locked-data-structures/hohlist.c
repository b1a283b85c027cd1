// hohlist T N: T threads insert N keys each (thread i: k*T + i) into one sorted linked list
// with a lock per node, taken hand over hand; then main checks the list.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
  long key;
  struct node *next;
  pthread_mutex_t lock;
};

static struct node head; // a sentinel before the smallest key
static int threads;
static long loops;

static void insert(long key) {
  struct node *n = malloc(sizeof(*n));
  n->key = key;
  pthread_mutex_init(&n->lock, NULL);
  struct node *prev = &head;
  pthread_mutex_lock(&prev->lock);
  struct node *cur = prev->next;
  while (cur) {
    pthread_mutex_lock(&cur->lock);
    if (cur->key >= key) {
      pthread_mutex_unlock(&cur->lock);
      break;
    }
    pthread_mutex_unlock(&prev->lock);
    prev = cur;
    cur = cur->next;
  }
  n->next = cur;
  prev->next = n;
  pthread_mutex_unlock(&prev->lock);
}

static void *worker(void *arg) {
  long i = (long)arg;
  for (long k = 0; k < loops; k++)
    insert(k * threads + i);
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc != 3) {
    fprintf(stderr, "usage: hohlist T N\n");
    exit(1);
  }
  threads = atoi(argv[1]);
  loops = atol(argv[2]);
  pthread_mutex_init(&head.lock, NULL);
  pthread_t *tids = malloc(threads * sizeof(pthread_t));
  for (long i = 0; i < threads; i++)
    pthread_create(&tids[i], NULL, worker, (void *)i);
  for (int i = 0; i < threads; i++)
    pthread_join(tids[i], NULL);
  long length = 0, sum = 0;
  int sorted = 1;
  for (struct node *n = head.next; n; n = n->next) {
    length++;
    sum += n->key;
    if (n->next && n->next->key < n->key)
      sorted = 0;
  }
  printf("length %ld\nsum %ld\nsorted %s\n", length, sum, sorted ? "yes" : "no");
  return 0;
}
